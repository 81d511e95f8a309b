/// The front door of the script language: source text in, typed commands out.
///
/// Stages: `ScriptProgramParser` (lines, `\` continuations, `//` comments, `let`/`for`/
/// `textblock` structure) → `ScriptMacroExpander` (loops unrolled, `$bindings` substituted) →
/// `ScriptCommandParser` per line (lexer, generic split, typed command). Every diagnostic
/// carries the file name and the original line and column.
///
/// The parser is a value with the bindings of `let` and loops, so the interactive command
/// line can feed it one line at a time and keep `$år` from an earlier `let`.
public struct ScriptParser: Sendable {
    /// `let` bindings (name → value as script text), kept between `parse` calls.
    public var bindings: [String: String]

    public init(bindings: [String: String] = [:]) { self.bindings = bindings }

    /// Parses a whole script; stops at the first problem.
    public static func parse(source: String, fileName: String = "script") throws(ScriptDiagnostic) -> [ScriptCommand] {
        var parser = ScriptParser()
        return try parser.parse(source: source, fileName: fileName)
    }

    /// Parses a script (or one interactive line), updating `bindings`; stops at the first problem.
    public mutating func parse(source: String, fileName: String = "script") throws(ScriptDiagnostic) -> [ScriptCommand] {
        let result = parseAll(source: source, fileName: fileName)
        if let first = result.diagnostics.first { throw first }
        return result.commands
    }

    /// Parses as much as possible: every line that parses becomes a command, every line that
    /// does not becomes a diagnostic (an editor wants all of them, a batch run only the first).
    /// A broken block structure (a `for` without `end`) or a failing loop stops the reading
    /// of what it encloses.
    public mutating func parseAll(source: String, fileName: String = "script") -> ScriptParseResult {
        var result = ScriptParseResult()
        let items: [ScriptProgramItem]
        do {
            items = try ScriptProgramParser.parse(source: source)
        } catch {
            result.diagnostics.append(error.inFile(fileName))
            return result
        }
        var expander = ScriptMacroExpander(bindings: bindings)
        defer { bindings = expander.bindings }
        for item in items {
            let lines: [ScriptExpandedLine]
            do {
                lines = try expander.expand([item])
            } catch {
                result.diagnostics.append(error.inFile(fileName))
                continue
            }
            for line in lines {
                do {
                    result.commands.append(try Self.command(line))
                } catch {
                    result.diagnostics.append(error.inFile(fileName))
                }
            }
        }
        return result
    }

    /// The block structure without expansion (for editors that show loops as written).
    public static func program(source: String, fileName: String = "script") throws(ScriptDiagnostic) -> [ScriptProgramItem] {
        do { return try ScriptProgramParser.parse(source: source) } catch { throw error.inFile(fileName) }
    }

    /// Parses one expanded line.
    public static func command(_ line: ScriptExpandedLine) throws(ScriptDiagnostic) -> ScriptCommand {
        switch line {
        case .command(let l):
            return try ScriptCommandParser.parse(l)
        case .textblock(let block):
            return ScriptCommand(name: "textblock", position: block.position, source: block.text,
                                 kind: .textblock(block.text))
        }
    }
}

/// Commands and diagnostics of a tolerant parse, both in source order.
public struct ScriptParseResult: Sendable {
    public var commands: [ScriptCommand] = []
    public var diagnostics: [ScriptDiagnostic] = []
    public init() {}
}
