/// An error (or warning) about a script, tied to the place in the file that caused it.
///
/// It renders the way compilers do (`script.txt:12:8: error: …`) because researchers paste
/// these lines into e-mails and editors jump to `file:line:col` on their own.
public struct ScriptDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public var fileName: String
    public var position: ScriptPosition
    public var severity: Severity
    /// The message without location, e.g. `unknown command 'tabluate' (did you mean 'tabulate'?)`.
    public var message: String
    /// The name suggested in the message, when there is one (for a "fix it" action in the TUI).
    public var suggestion: String?

    public init(fileName: String = "script", position: ScriptPosition, severity: Severity = .error,
                message: String, suggestion: String? = nil) {
        self.fileName = fileName
        self.position = position
        self.severity = severity
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:col: error: message`.
    public var description: String {
        "\(fileName):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    }

    /// "unknown variable 'kjonn' (did you mean 'kjønn'?)" with the nearest candidate, if any.
    public static func unknownName(_ kind: String, _ name: String, candidates: [String],
                                   at position: ScriptPosition, fileName: String = "script") -> ScriptDiagnostic {
        let near = nearestName(to: name, in: candidates)
        var message = "unknown \(kind) '\(name)'"
        if let near { message += " (did you mean '\(near)'?)" }
        return ScriptDiagnostic(fileName: fileName, position: position, message: message, suggestion: near)
    }

    /// A copy attributed to another file name (the parser learns the name only at the top).
    func inFile(_ name: String) -> ScriptDiagnostic {
        var copy = self
        copy.fileName = name
        return copy
    }
}

/// Several diagnostics from one parse, thrown when a script has more than one problem.
public struct ScriptDiagnostics: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [ScriptDiagnostic]
    public init(_ diagnostics: [ScriptDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
