/// An interactive session: the parser's `let` bindings and the engine's workspace together,
/// for a command line that takes one line (or a pasted block) at a time — the TUI's Script
/// pane and the cohort builder submit their lines here.
public struct ScriptSession: Sendable {
    public var parser: ScriptParser
    public var engine: ScriptEngine

    public init(engine: ScriptEngine, parser: ScriptParser = ScriptParser()) {
        self.engine = engine
        self.parser = parser
    }

    public var workspace: Workspace { engine.workspace }

    /// Parses and runs `source`; commands before a failing one keep their effect, the failing
    /// one changes nothing (its `let` bindings included), and the error says where.
    public mutating func submit(_ source: String, fileName: String = "session") throws(ScriptDiagnostic) -> [ReleasedResult] {
        var p = parser
        let commands = try p.parse(source: source, fileName: fileName)
        parser = p
        var results: [ReleasedResult] = []
        for command in commands { results += try engine.execute(command, fileName: fileName) }
        return results
    }
}
