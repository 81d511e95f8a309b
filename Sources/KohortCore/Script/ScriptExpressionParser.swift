/// A Pratt (precedence-climbing) parser for expressions.
///
/// Binding powers, loosest first, as in Stata and microdata.no:
/// `|` (1) < `&` (2) < prefix `!` (3) < comparisons (4) < `+ -` (5) < `* /` (6)
/// < prefix `-` (7) < `^` (8, right-associative). So `!a == b` is `!(a == b)`,
/// `-2^2` is `-(2^2)`, and `a | b & c` is `a | (b & c)`.
struct ScriptExpressionParser {
    var cursor: ScriptTokenCursor

    init(cursor: ScriptTokenCursor) { self.cursor = cursor }

    /// Parses all of `tokens` as one expression.
    static func parse(_ tokens: [ScriptToken], endPosition: ScriptPosition) throws(ScriptDiagnostic) -> ScriptExpression {
        var parser = ScriptExpressionParser(cursor: ScriptTokenCursor(splitReferences(tokens), endPosition: endPosition))
        guard !parser.cursor.isAtEnd else { throw parser.cursor.error("expected an expression") }
        let e = try parser.expression(0)
        if let t = parser.cursor.peek {
            if t.isSymbol(.assign) {
                throw parser.cursor.error("'=' assigns; use '==' to compare", at: t.position)
            }
            throw parser.cursor.error("unexpected '\(t)' in expression", at: t.position)
        }
        return e
    }

    /// `a/b` without blanks lexes as a datastore reference; in an expression it is a division,
    /// so the reference is split back into name, slash, name before parsing.
    static func splitReferences(_ tokens: [ScriptToken]) -> [ScriptToken] {
        var out: [ScriptToken] = []
        for t in tokens {
            guard case .reference(let a, let b) = t.kind else { out.append(t); continue }
            let p = t.position, s = t.start + a.count
            out.append(ScriptToken(.identifier(a), position: p, start: t.start, end: s))
            out.append(ScriptToken(.symbol(.slash), position: ScriptPosition(line: p.line, column: p.column + a.count),
                                   start: s, end: s + 1))
            out.append(ScriptToken(.identifier(b), position: ScriptPosition(line: p.line, column: p.column + a.count + 1),
                                   start: s + 1, end: t.end))
        }
        return out
    }

    /// Binding power of an infix operator (higher binds tighter).
    static func infix(_ token: ScriptToken) -> (ScriptBinaryOperator, power: Int)? {
        guard case .symbol(let s) = token.kind else { return nil }
        switch s {
        case .or: return (.or, 1)
        case .and: return (.and, 2)
        case .equal: return (.equal, 4)
        case .notEqual: return (.notEqual, 4)
        case .less: return (.less, 4)
        case .lessEqual: return (.lessEqual, 4)
        case .greater: return (.greater, 4)
        case .greaterEqual: return (.greaterEqual, 4)
        case .plus: return (.add, 5)
        case .minus: return (.subtract, 5)
        case .star: return (.multiply, 6)
        case .slash: return (.divide, 6)
        case .caret: return (.power, 8)
        default: return nil
        }
    }

    mutating func expression(_ minPower: Int) throws(ScriptDiagnostic) -> ScriptExpression {
        var left = try prefix()
        while let t = cursor.peek, let (op, power) = Self.infix(t), power > minPower {
            _ = cursor.next()
            // Left-associative operators parse their right side one level tighter; `^` is
            // right-associative, so its right side may hold another `^`.
            let right = try expression(op == .power ? power - 1 : power)
            left = ScriptExpression(.binary(op, left, right), at: t.position)
        }
        return left
    }

    mutating func prefix() throws(ScriptDiagnostic) -> ScriptExpression {
        guard let t = cursor.next() else { throw cursor.error("expected an expression, found end of line") }
        switch t.kind {
        case .number(let v, _): return ScriptExpression(.number(v), at: t.position)
        case .string(let s): return ScriptExpression(.string(s), at: t.position)
        case .date(let y, let m, let d): return ScriptExpression(.date(ScriptDate(year: y, month: m, day: d)), at: t.position)
        case .binding(let b):
            throw cursor.error("unknown binding '$\(b)'", at: t.position)
        case .reference(let a, let b):
            throw cursor.error("unexpected '\(a)/\(b)' in expression", at: t.position)
        case .identifier(let name):
            if cursor.peek?.isSymbol(.lparen) == true { return try call(name, at: t.position) }
            return ScriptExpression(.variable(name), at: t.position)
        case .symbol(.lparen):
            let inner = try expression(0)
            try cursor.expect(.rparen, "')'")
            return inner
        case .symbol(.minus):
            let operand = try expression(7)
            if case .number(let v) = operand.kind { return ScriptExpression(.number(-v), at: t.position) }
            return ScriptExpression(.unary(.negate, operand), at: t.position)
        case .symbol(.plus):
            return try expression(7)
        case .symbol(.not):
            return ScriptExpression(.unary(.not, try expression(3)), at: t.position)
        case .symbol(.dot):
            return ScriptExpression(.missing, at: t.position)
        case .symbol(let s):
            throw cursor.error("expected an expression, found '\(s.rawValue)'", at: t.position)
        }
    }

    mutating func call(_ rawName: String, at position: ScriptPosition) throws(ScriptDiagnostic) -> ScriptExpression {
        let name = rawName.lowercased()
        try cursor.expect(.lparen)
        var args: [ScriptExpression] = []
        if !cursor.take(.rparen) {
            repeat { args.append(try expression(0)) } while cursor.take(.comma)
            try cursor.expect(.rparen, "')' or ',' in call to '\(name)'")
        }
        if let problem = ScriptFunctions.check(name, argumentCount: args.count, at: position) { throw problem }
        return ScriptExpression(.call(name, args), at: position)
    }
}
