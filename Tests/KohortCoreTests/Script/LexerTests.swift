import Testing
@testable import KohortCore

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [ScriptToken.Kind] { try ScriptLexer.tokenize(text).map(\.kind) }

    @Test func norwegianNamesAndAt() throws {
        #expect(try kinds("kjønn årslønn forløp START@x date@panel") == [
            .identifier("kjønn"), .identifier("årslønn"), .identifier("forløp"),
            .identifier("START@x"), .identifier("date@panel"),
        ])
    }

    @Test func referencesDatesNumbersStrings() throws {
        #expect(try kinds("import db/INNTEKT_WLONN 2020-01-01 as lønn") == [
            .identifier("import"), .reference(datastore: "db", variable: "INNTEKT_WLONN"),
            .date(year: 2020, month: 1, day: 1), .identifier("as"), .identifier("lønn"),
        ])
        #expect(try kinds("3 4.5 .5 1e3 'to ord'") == [
            .number(3, text: "3"), .number(4.5, text: "4.5"), .number(0.5, text: ".5"),
            .number(1000, text: "1e3"), .string("to ord"),
        ])
        // Not a real date: stays arithmetic.
        #expect(try kinds("2020-13-01").count == 5)
    }

    @Test func operators() throws {
        let ops = try kinds("== != < <= > >= & | ! + - * / ^ = -> # ## ( ) , :").compactMap { k -> String? in
            if case .symbol(let s) = k { return s.rawValue }
            return nil
        }
        #expect(ops == ["==", "!=", "<", "<=", ">", ">=", "&", "|", "!", "+", "-", "*", "/", "^", "=", "->",
                        "#", "##", "(", ")", ",", ":"])
    }

    @Test func positionsCountCharacters() throws {
        let tokens = try ScriptLexer.tokenize("rename kjønn kjønn2", line: 7)
        #expect(tokens.map(\.position) == [ScriptPosition(line: 7, column: 1), ScriptPosition(line: 7, column: 8),
                                           ScriptPosition(line: 7, column: 14)])
    }

    @Test func dottedNamesAndFactorTerms() throws {
        #expect(try kinds("no.ssb.fdb:23 i.x c.alder a#b") == [
            .identifier("no.ssb.fdb"), .symbol(.colon), .number(23, text: "23"), .identifier("i.x"),
            .identifier("c.alder"), .identifier("a"), .symbol(.hash), .identifier("b"),
        ])
    }

    @Test func unterminatedString() {
        #expect(throws: ScriptDiagnostic(position: ScriptPosition(line: 3, column: 18), message: "unterminated string")) {
            try ScriptLexer.tokenize("keep if kjønn == '2", line: 3)
        }
    }
}

@Suite struct SuggestionTests {
    @Test func transliterations() {
        let names = ["kjønn", "årslønn", "sivstand", "fødselsår"]
        #expect(nearestName(to: "kjonn", in: names) == "kjønn")
        #expect(nearestName(to: "kjoenn", in: names) == "kjønn")
        #expect(nearestName(to: "aarslonn", in: names) == "årslønn")
        #expect(nearestName(to: "KJØNN", in: names) == "kjønn")
        #expect(nearestName(to: "foedselsaar", in: names) == "fødselsår")
        #expect(nearestName(to: "xyz", in: names) == nil)
    }

    @Test func transposition() {
        #expect(damerauLevenshtein(Array("tabluate"), Array("tabulate")) == 1)
        #expect(nearestName(to: "tabluate", in: ["tabulate", "summarize"]) == "tabulate")
    }

    @Test func rendering() {
        let d = ScriptDiagnostic.unknownName("variable", "kjonn", candidates: ["kjønn"],
                                             at: ScriptPosition(line: 12, column: 8), fileName: "script.txt")
        #expect(d.description == "script.txt:12:8: error: unknown variable 'kjonn' (did you mean 'kjønn'?)")
        #expect(d.suggestion == "kjønn")
    }
}
