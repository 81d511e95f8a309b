/// An error while running a command: a message, and where in the line it points when the
/// engine knows better than "the command" (an unknown variable inside an expression).
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var position: ScriptPosition?
    public var suggestion: String?

    public init(_ message: String, at position: ScriptPosition? = nil, suggestion: String? = nil) {
        self.message = message
        self.position = position
        self.suggestion = suggestion
    }

    public var description: String { message }

    /// `unknown variable 'kjonn' (did you mean 'kjønn'?)`.
    static func unknown(_ kind: String, _ name: String, candidates: [String], at position: ScriptPosition?) -> EngineError {
        let near = nearestName(to: name, in: candidates)
        var message = "unknown \(kind) '\(name)'"
        if let near { message += " (did you mean '\(near)'?)" }
        return EngineError(message, at: position, suggestion: near)
    }
}
