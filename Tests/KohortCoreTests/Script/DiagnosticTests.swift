import Testing
@testable import KohortCore

/// Malformed scripts fail with `file:line:col: error: …` pointing at the culprit.
@Suite struct DiagnosticTests {
    func error(_ source: String) -> String {
        do {
            _ = try ScriptParser.parse(source: source, fileName: "script.txt")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func unknownCommandSuggests() {
        #expect(error("use a\ntabluate kjønn") == "script.txt:2:1: error: unknown command 'tabluate' (did you mean 'tabulate'?)")
        #expect(error("create-datset x") == "script.txt:1:1: error: unknown command 'create-datset' (did you mean 'create-dataset'?)")
        #expect(error("  importevent db/X 2020-01-01 to 2020-02-01")
                == "script.txt:1:3: error: unknown command 'importevent' (did you mean 'import-event'?)")
    }

    @Test func unterminatedString() {
        #expect(error("clear\nkeep if sivstand == '2") == "script.txt:2:21: error: unterminated string")
    }

    @Test func badOptions() {
        #expect(error("tabulate a b, rowpc") == "script.txt:1:15: error: unknown option 'rowpc' for 'tabulate' (did you mean 'rowpct'?)")
        #expect(error("collapse (mean) x, by(kommune") == "script.txt:1:22: error: unclosed '(' in option 'by'")
        #expect(error("generate x = 1, robust") == "script.txt:1:17: error: 'generate' takes no options")
        #expect(error("summarize x, 12") == "script.txt:1:14: error: expected an option name, found '12'")
    }

    @Test func blockStructure() {
        #expect(error("for i in 1 : 3\n  drop x$i\n") == "script.txt:1:1: error: 'for' without a matching 'end'")
        #expect(error("clear\nend") == "script.txt:2:1: error: 'end' without a matching 'for'")
        #expect(error("textblock\nhei") == "script.txt:1:1: error: 'textblock' without a matching 'endblock'")
        #expect(error("for a, b in 1 2, x\nclear\nend")
                == "script.txt:1:18: error: value lists of 'for' differ in length (2 and 1)")
    }

    @Test func unknownBindingSuggests() {
        #expect(error("let aar = 2015\nimport db/X $år-01-01")
                == "script.txt:2:13: error: unknown binding '$år' (did you mean '$aar'?)")
    }

    @Test func commandSpecificErrors() {
        #expect(error("import BEFOLKNING_KJOENN as kjønn")
                == "script.txt:1:8: error: expected a variable reference like db/VARIABLE, found 'BEFOLKNING_KJOENN'")
        #expect(error("import-event db/X 2020-01-01 2020-12-31")
                == "script.txt:1:30: error: expected 'to', found '2020-12-31'")
        #expect(error("generate x == 1") == "script.txt:1:12: error: 'generate' assigns with '=', not '=='")
        #expect(error("keep if") == "script.txt:1:8: error: expected a condition after 'if'")
        #expect(error("drop") == "script.txt:1:5: error: 'drop' needs a variable list or an 'if' condition")
        #expect(error("use a if x > 1") == "script.txt:1:7: error: 'use' does not take an 'if' condition")
        #expect(error("recode x (1 2 0)") == "script.txt:1:10: error: a recode rule needs '=': '(old values = new value)'")
        #expect(error("collapse (snitt) x") == "script.txt:1:11: error: unknown statistic 'snitt'")
        #expect(error("collapse (meen) x") == "script.txt:1:11: error: unknown statistic 'meen' (did you mean 'mean'?)")
        #expect(error("rename a") == "script.txt:1:9: error: expected a new name for 'a', found end of line")
        #expect(error("create-dataset a b") == "script.txt:1:18: error: unexpected 'b' after the arguments of 'create-dataset'")
        #expect(error("import db/X 2020-02-30") == "script.txt:1:13: error: '2020-…' is not a valid date (YYYY-MM-DD)")
    }

    @Test func expressionErrorsInsideCommands() {
        #expect(error("generate y = yeer(dato)") == "script.txt:1:14: error: unknown function 'yeer' (did you mean 'year'?)")
        #expect(error("keep if alder >= ") == "script.txt:1:17: error: expected an expression, found end of line")
        #expect(error("generate y = (a + b") == "script.txt:1:20: error: expected ')', found end of line")
    }

    @Test func continuationKeepsPositions() {
        #expect(error("tabulate a \\\n   b, \\\n   rowpcnt") == "script.txt:3:4: error: unknown option 'rowpcnt' for 'tabulate' (did you mean 'rowpct'?)")
    }

    @Test func tolerantParseCollectsAll() {
        var parser = ScriptParser()
        let result = parser.parseAll(source: "tabluate a\nclear\nkeep if (x\nuse b", fileName: "s.txt")
        #expect(result.commands.map(\.name) == ["clear", "use"])
        #expect(result.diagnostics.map { $0.position.line } == [1, 3])
        #expect(result.diagnostics[0].suggestion == "tabulate")
    }
}
