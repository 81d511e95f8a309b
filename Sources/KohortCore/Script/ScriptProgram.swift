/// The block structure of a script before macro expansion: commands, `let` bindings,
/// `for … end` loops and `textblock … endblock` texts.
///
/// Loops are kept as syntax (not unrolled) here so that tools such as the Script pane can show
/// and edit them as written; `ScriptMacroExpander` unrolls them.
public indirect enum ScriptProgramItem: Sendable, Equatable {
    case command(ScriptLine)
    case letBinding(ScriptLetBinding)
    case forLoop(ScriptForLoop)
    case textblock(ScriptTextblock)
}

/// `let name = value`: value is kept as text and evaluated when the line is reached.
public struct ScriptLetBinding: Sendable, Equatable {
    public var name: String
    public var value: ScriptLine
    public var position: ScriptPosition
}

/// `for a, b in list1, list2` … `end`: the lists are kept as text because they may contain
/// bindings that only get their values at run time.
public struct ScriptForLoop: Sendable, Equatable {
    public var variables: [String]
    public var lists: ScriptLine
    public var body: [ScriptProgramItem]
    public var position: ScriptPosition
}

/// `textblock` … `endblock`: text shown in the results, never run.
public struct ScriptTextblock: Sendable, Equatable {
    public var text: String
    public var position: ScriptPosition
}

/// Reads the block structure of a script.
struct ScriptProgramParser {
    let reader: ScriptSourceReader
    var index = 0

    init(source: String) { reader = ScriptSourceReader(source: source) }

    static func parse(source: String) throws(ScriptDiagnostic) -> [ScriptProgramItem] {
        var parser = ScriptProgramParser(source: source)
        let (items, closer) = try parser.block()
        if let closer { throw ScriptDiagnostic(position: closer, message: "'end' without a matching 'for'") }
        return items
    }

    /// The first word of a line, lower-cased, and the index just after it.
    static func firstWord(_ line: ScriptLine) -> (word: String, end: Int)? {
        let c = line.characters
        guard let start = c.firstIndex(where: { !$0.isWhitespace }) else { return nil }
        var end = start
        while end < c.count, !c[end].isWhitespace { end += 1 }
        return (String(c[start..<end]).lowercased(), end)
    }

    /// Items up to the end of the file or an `end` line (whose position is returned).
    mutating func block() throws(ScriptDiagnostic) -> ([ScriptProgramItem], ScriptPosition?) {
        var items: [ScriptProgramItem] = []
        while index < reader.count {
            let (line, next) = reader.logicalLine(index)
            index = next
            guard let (word, wordEnd) = Self.firstWord(line) else { continue }
            switch word {
            case "end":
                try ScriptTokenCursor([], endPosition: line.endPosition).expectEndOfLine(line, after: wordEnd, "after 'end'")
                return (items, line.startPosition)
            case "endblock":
                throw ScriptDiagnostic(position: line.startPosition, message: "'endblock' without a matching 'textblock'")
            case "textblock":
                items.append(.textblock(try textblock(at: line.startPosition)))
            case "let":
                items.append(.letBinding(try letBinding(line, after: wordEnd)))
            case "for":
                items.append(.forLoop(try forLoop(line, after: wordEnd)))
            default:
                items.append(.command(line.trimmed()))
            }
        }
        return (items, nil)
    }

    mutating func textblock(at position: ScriptPosition) throws(ScriptDiagnostic) -> ScriptTextblock {
        var text: [String] = []
        while index < reader.count {
            let raw = reader.rawLine(index)
            index += 1
            if String(raw.trimmed().characters).lowercased() == "endblock" {
                return ScriptTextblock(text: text.joined(separator: "\n"), position: position)
            }
            text.append(raw.text)
        }
        throw ScriptDiagnostic(position: position, message: "'textblock' without a matching 'endblock'")
    }

    func letBinding(_ line: ScriptLine, after start: Int) throws(ScriptDiagnostic) -> ScriptLetBinding {
        let c = line.characters
        var k = start
        while k < c.count, c[k].isWhitespace { k += 1 }
        let nameStart = k
        while k < c.count, c[k].isLetter || c[k].isNumber || c[k] == "_" { k += 1 }
        guard k > nameStart else {
            throw ScriptDiagnostic(position: line.position(at: nameStart), message: "expected a binding name after 'let'")
        }
        let name = String(c[nameStart..<k])
        while k < c.count, c[k].isWhitespace { k += 1 }
        guard k < c.count, c[k] == "=" else {
            throw ScriptDiagnostic(position: line.position(at: k), message: "expected '=' after 'let \(name)'")
        }
        let value = line.slice(k + 1, c.count).trimmed()
        guard !value.characters.isEmpty else {
            throw ScriptDiagnostic(position: line.position(at: k + 1), message: "expected a value after 'let \(name) ='")
        }
        return ScriptLetBinding(name: name, value: value, position: line.startPosition)
    }

    mutating func forLoop(_ line: ScriptLine, after start: Int) throws(ScriptDiagnostic) -> ScriptForLoop {
        let c = line.characters
        // Find the word `in` standing alone.
        var k = start, inAt: Int?
        while k + 1 < c.count {
            if c[k] == "i", c[k + 1] == "n", k > 0, c[k - 1].isWhitespace,
               k + 2 == c.count || c[k + 2].isWhitespace { inAt = k; break }
            k += 1
        }
        guard let inAt else {
            throw ScriptDiagnostic(position: line.endPosition, message: "expected 'in' in 'for' loop")
        }
        var variables: [String] = []
        var current = ""
        for ch in c[start..<inAt] {
            if ch.isWhitespace || ch == "," {
                if !current.isEmpty { variables.append(current); current = "" }
            } else { current.append(ch) }
        }
        if !current.isEmpty { variables.append(current) }
        guard !variables.isEmpty else {
            throw ScriptDiagnostic(position: line.position(at: start), message: "expected a loop variable after 'for'")
        }
        let lists = line.slice(inAt + 2, c.count).trimmed()
        guard !lists.characters.isEmpty else {
            throw ScriptDiagnostic(position: line.endPosition, message: "expected values after 'in'")
        }
        let (body, closer) = try block()
        guard closer != nil else {
            throw ScriptDiagnostic(position: line.startPosition, message: "'for' without a matching 'end'")
        }
        return ScriptForLoop(variables: variables, lists: lists, body: body, position: line.startPosition)
    }
}

extension ScriptTokenCursor {
    /// Checks that nothing but blanks follows `after` on a keyword-only line.
    func expectEndOfLine(_ line: ScriptLine, after: Int, _ context: String) throws(ScriptDiagnostic) {
        let rest = line.slice(after, line.characters.count).trimmed()
        if !rest.characters.isEmpty {
            throw ScriptDiagnostic(position: rest.startPosition, message: "unexpected '\(rest.text)' \(context)")
        }
    }
}
