/// Turns one logical command line into tokens.
///
/// The lexer sees lines that the source reader has already joined (`\` continuations) and
/// stripped of `//` comments, and that the macro expander has already substituted; thanks to
/// `ScriptLine`'s per-character positions it still reports the original file position.
///
/// Decisions that the grammar leaves open, and why:
/// - `YYYY-MM-DD` (exactly 4-2-2 digits forming a real date) is one date token, because
///   commands take dates bare (`import db/X 2020-01-01`); arithmetic like `2020-1-1` is unaffected.
/// - `a/b` without blanks between two names is a `reference` token (`db/VAR`); the expression
///   parser turns it back into a division, so `inntekt/antall` still divides.
/// - Names may contain inner dots (`no.ssb.fdb`, `i.x`) and `@` (`START@x`); the command parser
///   splits factor prefixes such as `i.` itself.
/// - Strings take single quotes (microdata.no) or double quotes (lenient); there are no escapes.
public struct ScriptLexer {
    let line: ScriptLine
    var chars: [Character] { line.characters }
    var i = 0
    var tokens: [ScriptToken] = []

    public static func tokenize(_ line: ScriptLine) throws(ScriptDiagnostic) -> [ScriptToken] {
        var lexer = ScriptLexer(line: line)
        try lexer.run()
        return lexer.tokens
    }

    /// Convenience for one physical line of text.
    public static func tokenize(_ text: String, line: Int = 1) throws(ScriptDiagnostic) -> [ScriptToken] {
        try tokenize(ScriptLine(text: text, line: line))
    }

    init(line: ScriptLine) { self.line = line }

    mutating func run() throws(ScriptDiagnostic) {
        let c = chars
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            let start = i
            if ch == "'" || ch == "\"" {
                try lexString(quote: ch)
            } else if ch.isNumber && ch.isASCII || (ch == "." && peekIsDigit(i + 1)) {
                lexNumberOrDate()
            } else if Self.isNameStart(ch) {
                lexNameOrReference()
            } else if ch == "$" {
                i += 1
                let nameStart = i
                while i < c.count, Self.isNameContinue(c[i]), c[i] != "." { i += 1 }
                guard i > nameStart else {
                    throw diagnostic(at: start, "expected a binding name after '$'")
                }
                add(.binding(String(c[nameStart..<i])), from: start)
            } else if let symbol = symbol(at: i) {
                i += symbol.rawValue.count
                add(.symbol(symbol), from: start)
            } else {
                throw diagnostic(at: start, "unexpected character '\(ch)'")
            }
        }
    }

    static func isNameStart(_ ch: Character) -> Bool { ch.isLetter || ch == "_" }
    static func isNameContinue(_ ch: Character) -> Bool {
        ch.isLetter || ch.isNumber || ch == "_" || ch == "@" || ch == "."
    }

    func peekIsDigit(_ k: Int) -> Bool { k < chars.count && chars[k].isASCII && chars[k].isNumber }

    mutating func add(_ kind: ScriptToken.Kind, from start: Int) {
        tokens.append(ScriptToken(kind, position: line.position(at: start), start: start, end: i))
    }

    func diagnostic(at index: Int, _ message: String) -> ScriptDiagnostic {
        ScriptDiagnostic(position: line.position(at: index), message: message)
    }

    mutating func lexString(quote: Character) throws(ScriptDiagnostic) {
        let start = i
        i += 1
        var value = ""
        while i < chars.count, chars[i] != quote { value.append(chars[i]); i += 1 }
        guard i < chars.count else { throw diagnostic(at: start, "unterminated string") }
        i += 1
        add(.string(value), from: start)
    }

    mutating func lexNumberOrDate() {
        let c = chars, start = i
        // A date: exactly dddd-dd-dd not followed by a name character or digit.
        if i + 10 <= c.count {
            let text = String(c[i..<(i + 10)])
            let after = i + 10 < c.count ? c[i + 10] : " "
            if !(Self.isNameContinue(after) && after != "."), let date = ScriptDate(text) {
                i += 10
                add(.date(year: date.year, month: date.month, day: date.day), from: start)
                return
            }
        }
        while peekIsDigit(i) { i += 1 }
        if i < c.count, c[i] == ".", peekIsDigit(i + 1) || !(i + 1 < c.count && Self.isNameStart(c[i + 1])) {
            i += 1
            while peekIsDigit(i) { i += 1 }
        }
        if i < c.count, c[i] == "e" || c[i] == "E" {
            var k = i + 1
            if k < c.count, c[k] == "+" || c[k] == "-" { k += 1 }
            if peekIsDigit(k) {
                i = k
                while peekIsDigit(i) { i += 1 }
            }
        }
        let text = String(c[start..<i])
        add(.number(Double(text) ?? .nan, text: text), from: start)
    }

    mutating func lexNameOrReference() {
        let c = chars, start = i
        let first = scanName()
        // db/VAR: a name, a slash and a name with no blanks between them.
        if i + 1 < c.count, c[i] == "/", Self.isNameStart(c[i + 1]) {
            i += 1
            let variable = scanName()
            add(.reference(datastore: first, variable: variable), from: start)
            return
        }
        add(.identifier(first), from: start)
    }

    /// Scans a name; a dot belongs to it only when a name character follows (`no.ssb.fdb`).
    mutating func scanName() -> String {
        let c = chars, start = i
        i += 1
        while i < c.count, Self.isNameContinue(c[i]) {
            if c[i] == ".", !(i + 1 < c.count && Self.isNameContinue(c[i + 1]) && c[i + 1] != ".") { break }
            i += 1
        }
        return String(c[start..<i])
    }

    func symbol(at k: Int) -> ScriptSymbol? {
        let c = chars
        if k + 1 < c.count, let two = ScriptSymbol(rawValue: String(c[k...(k + 1)])) { return two }
        return ScriptSymbol(rawValue: String(c[k]))
    }
}
