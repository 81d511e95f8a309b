/// A read position in a token list, with the small vocabulary every parser here needs.
///
/// Errors at the end of input point just past the last token (`endPosition`), so
/// "expected ')'" lands where the parenthesis is missing.
struct ScriptTokenCursor {
    let tokens: [ScriptToken]
    var index = 0
    let endPosition: ScriptPosition

    init(_ tokens: [ScriptToken], endPosition: ScriptPosition) {
        self.tokens = tokens
        self.endPosition = endPosition
    }

    var isAtEnd: Bool { index >= tokens.count }
    var peek: ScriptToken? { index < tokens.count ? tokens[index] : nil }
    func peek(_ offset: Int) -> ScriptToken? {
        index + offset < tokens.count ? tokens[index + offset] : nil
    }
    var position: ScriptPosition { peek?.position ?? endPosition }
    var remaining: [ScriptToken] { Array(tokens[min(index, tokens.count)...]) }

    mutating func next() -> ScriptToken? {
        defer { index += 1 }
        return peek
    }

    mutating func take(_ s: ScriptSymbol) -> Bool {
        if peek?.isSymbol(s) == true { index += 1; return true }
        return false
    }

    mutating func takeWord(_ w: String) -> Bool {
        if peek?.isWord(w) == true { index += 1; return true }
        return false
    }

    func error(_ message: String, at position: ScriptPosition? = nil) -> ScriptDiagnostic {
        ScriptDiagnostic(position: position ?? self.position, message: message)
    }

    /// What the next token looks like in a message: `'x'` or `end of line`.
    var found: String { peek.map { "'\($0)'" } ?? "end of line" }

    mutating func expect(_ s: ScriptSymbol, _ what: String? = nil) throws(ScriptDiagnostic) {
        guard take(s) else { throw error("expected \(what ?? "'\(s.rawValue)'"), found \(found)") }
    }

    mutating func expectWord(_ w: String) throws(ScriptDiagnostic) {
        guard takeWord(w) else { throw error("expected '\(w)', found \(found)") }
    }

    /// A plain name (variable, dataset, label set).
    mutating func name(_ what: String = "a name") throws(ScriptDiagnostic) -> String {
        guard let id = peek?.identifier else { throw error("expected \(what), found \(found)") }
        index += 1
        return id
    }

    /// All names up to the end (a variable list).
    mutating func names(_ what: String = "a variable name") throws(ScriptDiagnostic) -> [String] {
        var result: [String] = []
        while !isAtEnd { result.append(try name(what)) }
        return result
    }

    mutating func expectEnd(_ context: String) throws(ScriptDiagnostic) {
        if let t = peek { throw error("unexpected '\(t)' \(context)", at: t.position) }
    }
}
