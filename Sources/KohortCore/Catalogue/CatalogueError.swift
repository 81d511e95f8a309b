/// Why the catalogue could not be loaded or a lookup failed. Messages name the file and line
/// so that a broken asset or a mistyped name is fixed in one look.
public enum CatalogueError: Error, CustomStringConvertible, Equatable {
    case assetsNotFound(searched: [String])
    case unreadable(path: String)
    case malformed(path: String, line: Int, message: String)
    case unknownVariable(name: String, suggestion: String?)
    case ambiguousTechnicalName(name: String, candidates: [String])

    public var description: String {
        switch self {
        case .assetsNotFound(let searched):
            return "cannot find Kohort's Assets directory (looked in: \(searched.joined(separator: ", "))); set KOHORT_ASSETS to its path"
        case .unreadable(let path):
            return "\(path): cannot be read as UTF-8 text"
        case .malformed(let path, let line, let message):
            return "\(path):\(line): \(message)"
        case .unknownVariable(let name, let suggestion):
            return "unknown variable '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .ambiguousTechnicalName(let name, let candidates):
            return "technical name '\(name)' is used by \(candidates.count) variables: \(candidates.joined(separator: ", ")); give the variable name"
        }
    }
}
