import Testing
@testable import KohortCore

@Suite struct ExpressionTests {
    func parse(_ text: String) throws -> ScriptExpression {
        let line = ScriptLine(text: text)
        return try ScriptExpressionParser.parse(try ScriptLexer.tokenize(line), endPosition: line.endPosition)
    }

    @Test(arguments: [
        ("a | b & c", "(a | (b & c))"),
        ("!a == b", "(!(a == b))"),
        ("!a & b", "((!a) & b)"),
        ("a + b * c", "(a + (b * c))"),
        ("a - b - c", "((a - b) - c)"),
        ("-2^2", "(-(2 ^ 2))"),
        ("2^3^2", "(2 ^ (3 ^ 2))"),
        ("-x * y", "((-x) * y)"),
        ("a < b + 1 & c >= 2 | d != 3", "(((a < (b + 1)) & (c >= 2)) | (d != 3))"),
        ("inntekt/antall", "(inntekt / antall)"),
        ("a/b^2", "(a / (b ^ 2))"),
        ("x == .", "(x == .)"),
        ("sivstand == '2'", "(sivstand == '2')"),
        ("year(fdato) - 1900", "(year(fdato) - 1900)"),
        ("inlist(x, 1, 2, 3) & !sysmiss(y)", "(inlist(x, 1, 2, 3) & (!sysmiss(y)))"),
        ("date(2015, 12, 31) + pi()", "(date(2015, 12, 31) + pi())"),
        ("(a + b) * c", "((a + b) * c)"),
    ])
    func precedence(_ input: String, _ expected: String) throws {
        #expect(try parse(input).description == expected)
    }

    @Test func positions() throws {
        let e = try parse("alder >= 18")
        #expect(e.position == ScriptPosition(line: 1, column: 7))
        guard case .binary(_, let l, let r) = e.kind else { Issue.record("not binary"); return }
        #expect(l.position.column == 1)
        #expect(r.position.column == 10)
    }

    @Test func unknownFunctionSuggests() {
        #expect(throws: ScriptDiagnostic(position: ScriptPosition(line: 1, column: 1),
                                         message: "unknown function 'yeer' (did you mean 'year'?)", suggestion: "year")) {
            try parse("yeer(x)")
        }
    }

    @Test func arity() {
        #expect(throws: ScriptDiagnostic(position: ScriptPosition(line: 1, column: 5),
                                         message: "function 'quantile' takes 2 arguments, got 1")) {
            try parse("1 + quantile(x)")
        }
    }

    @Test func assignmentIsNotComparison() {
        #expect(throws: ScriptDiagnostic(position: ScriptPosition(line: 1, column: 3),
                                         message: "'=' assigns; use '==' to compare")) {
            try parse("x = 1")
        }
    }

    @Test func missingParenthesis() {
        #expect(throws: ScriptDiagnostic(position: ScriptPosition(line: 1, column: 7),
                                         message: "expected ')', found end of line")) {
            try parse("(a + b")
        }
    }
}
