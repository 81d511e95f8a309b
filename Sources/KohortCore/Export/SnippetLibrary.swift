import Foundation

/// A standard, commented script from `Assets/snippets/` (docs/export.md).
///
/// The header is the file's leading `//` comment lines of the form `// Key: value`:
/// `Tittel`/`Title`, `Beskrivelse`/`Description` (continues on following indented `//` lines)
/// and `Nøkkelord`/`Keywords` (comma-separated).
public struct Snippet: Sendable, Equatable {
    /// The file name without `.txt`: what `kohort snippets --show NAME` takes.
    public let name: String
    public let title: String
    public let description: String
    public let keywords: [String]
    /// The whole file, header included (it is a runnable script).
    public let script: String

    public init(name: String, script: String) {
        self.name = name
        self.script = script
        var fields: [String: String] = [:]
        var current: String?
        for raw in script.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("//") else { break }
            let body = line.dropFirst(2)
            let text = body.trimmingCharacters(in: .whitespaces)
            if let colon = text.firstIndex(of: ":"), !body.hasPrefix("  "),
               let key = Snippet.key(String(text[..<colon])) {
                current = key
                fields[key] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else if let key = current, body.hasPrefix("  "), !text.isEmpty {
                fields[key, default: ""] += " " + text
            } else {
                current = nil
            }
        }
        title = fields["title"] ?? name
        description = fields["description"] ?? ""
        keywords = (fields["keywords"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func key(_ text: String) -> String? {
        switch SearchText.fold(text.trimmingCharacters(in: .whitespaces)) {
        case "tittel", "title": "title"
        case "beskrivelse", "description": "description"
        case "nokkelord", "keywords": "keywords"
        default: nil
        }
    }
}

/// The snippet library: every `*.txt` in `Assets/snippets/`, searchable by title, keywords and
/// description with the catalogue's Norwegian-tolerant folding (`kjonn` finds `kjønn`).
public struct SnippetLibrary: Sendable {
    public let snippets: [Snippet]

    public init(snippets: [Snippet]) {
        self.snippets = snippets.sorted { $0.name < $1.name }
    }

    /// Loads `DIR/*.txt`.
    public static func load(directory: URL) throws -> SnippetLibrary {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }
        return SnippetLibrary(snippets: try names.map { file in
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            return Snippet(name: String(file.dropLast(4)), script: String(decoding: data, as: UTF8.self))
        })
    }

    /// Loads `Assets/snippets/` wherever the assets are (`AssetLocator`).
    public static func loadDefault() throws -> SnippetLibrary {
        try load(directory: try AssetLocator.assetsDirectory().appendingPathComponent("snippets"))
    }

    public func snippet(named name: String) -> Snippet? {
        let key = SearchText.fold(name.hasSuffix(".txt") ? String(name.dropLast(4)) : name)
        if let exact = snippets.first(where: { SearchText.fold($0.name) == key || SearchText.fold($0.title) == key }) { return exact }
        // A unique prefix of a name is enough: `--show pensjon`.
        let prefixed = snippets.filter { SearchText.fold($0.name).hasPrefix(key) }
        return prefixed.count == 1 && !key.isEmpty ? prefixed[0] : nil
    }

    /// Snippets matching every word of the query (folded substrings of name, title, keywords
    /// or description), best first: title and keyword hits outrank description hits. An empty
    /// query lists everything.
    public func search(_ query: String) -> [Snippet] {
        // Whole folded words (not SearchText.words, whose camelCase split turns "DiD" into "di d").
        let words = SearchText.fold(query).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return snippets }
        var scored: [(Snippet, Int)] = []
        for s in snippets {
            let strong = SearchText.fold(([s.name, s.title] + s.keywords).joined(separator: " "))
            let weak = SearchText.fold(s.description)
            var score = 0
            var all = true
            for w in words {
                if strong.contains(w) { score += 2 } else if weak.contains(w) { score += 1 } else { all = false; break }
            }
            if all { scored.append((s, score)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.name < $1.0.name }.map(\.0)
    }
}

public extension SnippetLibrary {
    /// The listing `kohort snippets` prints: name, title, then the description and keywords
    /// wrapped to `width`.
    static func listing(_ snippets: [Snippet], width: Int = 80) -> String {
        guard !snippets.isEmpty else { return "No snippets match.\n" }
        var out = ""
        for (i, s) in snippets.enumerated() {
            out += (i == 0 ? "" : "\n") + "\(s.name)\n  \(s.title)\n"
            if !s.description.isEmpty { out += TextFormat.wrap(s.description, width: width - 4, indent: "    ").prefixLines("    ") + "\n" }
            if !s.keywords.isEmpty { out += TextFormat.wrap("Keywords: " + s.keywords.joined(separator: ", "), width: width - 4, indent: "      ").prefixLines("    ") + "\n" }
        }
        return out
    }

    /// One snippet as JSON-ready fields (`kohort snippets --json`).
    static func object(_ s: Snippet) -> [String: Any] {
        ["name": s.name, "title": s.title, "description": s.description, "keywords": s.keywords]
    }
}

private extension String {
    /// Prefixes the first line (`TextFormat.wrap` indents the others itself).
    func prefixLines(_ prefix: String) -> String { prefix + self }
}
