/// Splits a script into physical lines and builds logical lines from them.
///
/// A logical line is one command: its `//` comment is removed and a trailing `\` joins the
/// next physical line onto it. Each character keeps the file position it came from, so a token
/// on a continuation line reports its own line and column. Text blocks read raw physical lines
/// instead (a URL's `//` in a text block is not a comment), which is why the reader offers both.
struct ScriptSourceReader {
    let lines: [[Character]]

    init(source: String) {
        var result: [[Character]] = []
        var current: [Character] = []
        for ch in source {
            // "\r\n" is a single Character in Swift; treat it and "\n" and "\r" as line ends.
            if ch == "\n" || ch == "\r\n" || ch == "\r" {
                result.append(current)
                current = []
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { result.append(current) }
        lines = result
    }

    var count: Int { lines.count }

    /// Physical line `index` (0-based) exactly as written.
    func rawLine(_ index: Int) -> ScriptLine {
        let chars = lines[index]
        return ScriptLine(characters: chars,
                          positions: chars.indices.map { ScriptPosition(line: index + 1, column: $0 + 1) },
                          endPosition: ScriptPosition(line: index + 1, column: chars.count + 1))
    }

    /// Physical line `index` without its `//` comment and trailing blanks.
    func strippedLine(_ index: Int) -> ScriptLine {
        let raw = rawLine(index)
        var quote: Character?
        var cut = raw.characters.count
        var k = 0
        let c = raw.characters
        while k < c.count {
            let ch = c[k]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "/", k + 1 < c.count, c[k + 1] == "/" {
                cut = k
                break
            }
            k += 1
        }
        var end = cut
        while end > 0, c[end - 1].isWhitespace { end -= 1 }
        var line = raw.slice(0, end)
        line.endPosition = raw.position(at: end)
        return line
    }

    /// The logical line that starts at physical line `index`, and the index after it.
    func logicalLine(_ index: Int) -> (line: ScriptLine, next: Int) {
        var line = strippedLine(index)
        var next = index + 1
        while line.characters.last == "\\" {
            // The backslash becomes a blank, so `a\` + `b` stays two words.
            line.characters[line.characters.count - 1] = " "
            guard next < count else { break }
            let more = strippedLine(next)
            line.characters += more.characters
            line.positions += more.positions
            line.endPosition = more.endPosition
            next += 1
        }
        return (line, next)
    }
}
