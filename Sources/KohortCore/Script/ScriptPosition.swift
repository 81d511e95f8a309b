/// A place in a script file, as the user sees it in an editor.
///
/// Both fields are 1-based. Columns count Swift `Character`s (extended grapheme clusters), so
/// `kjønn` is five columns wide whether the `ø` arrived precomposed or decomposed; that matches
/// what a person counts on screen, which is what an error message has to point at.
public struct ScriptPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: ScriptPosition, b: ScriptPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// One logical line of script text in which every character remembers where it came from.
///
/// Continuation lines (`\`), stripped comments and macro substitution all rewrite text; keeping
/// a position per character lets every later stage (lexer, parser, engine errors) report the
/// place in the *original* file without any stage knowing what the earlier ones did.
public struct ScriptLine: Sendable, Equatable {
    public var characters: [Character]
    public var positions: [ScriptPosition]
    /// Where the line would continue: used for errors at end of line ("expected ')'").
    public var endPosition: ScriptPosition

    public init(characters: [Character], positions: [ScriptPosition], endPosition: ScriptPosition) {
        precondition(characters.count == positions.count)
        self.characters = characters
        self.positions = positions
        self.endPosition = endPosition
    }

    /// The text of the line.
    public var text: String { String(characters) }

    /// Position of the character at `index`, or the end position past the last one.
    public func position(at index: Int) -> ScriptPosition {
        index < positions.count ? positions[index] : endPosition
    }

    /// The first position of the line (its first non-blank character when there is one).
    public var startPosition: ScriptPosition {
        if let i = characters.firstIndex(where: { !$0.isWhitespace }) { return positions[i] }
        return positions.first ?? endPosition
    }

    /// A sub-line `[from, to)`, keeping positions.
    public func slice(_ from: Int, _ to: Int) -> ScriptLine {
        let lo = max(0, min(from, characters.count)), hi = max(lo, min(to, characters.count))
        return ScriptLine(characters: Array(characters[lo..<hi]), positions: Array(positions[lo..<hi]),
                          endPosition: hi < positions.count ? positions[hi] : endPosition)
    }

    /// The line without leading and trailing blanks.
    public func trimmed() -> ScriptLine {
        guard let lo = characters.firstIndex(where: { !$0.isWhitespace }),
              let hi = characters.lastIndex(where: { !$0.isWhitespace }) else {
            return ScriptLine(characters: [], positions: [], endPosition: startPosition)
        }
        return slice(lo, hi + 1)
    }

    /// Builds a line from plain text on one physical line (for tests and the interactive prompt).
    public init(text: String, line: Int = 1, column: Int = 1) {
        let chars = Array(text)
        self.characters = chars
        self.positions = chars.indices.map { ScriptPosition(line: line, column: column + $0) }
        self.endPosition = ScriptPosition(line: line, column: column + chars.count)
    }
}
