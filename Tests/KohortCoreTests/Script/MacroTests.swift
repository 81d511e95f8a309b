import Testing
@testable import KohortCore

@Suite struct MacroTests {
    func sources(_ text: String) throws -> [String] { try ScriptParser.parse(source: text).map(\.source) }

    @Test func letAndSubstitution() throws {
        let script = """
        let år = 2015
        let navn = lønn ++ $år
        import db/INNTEKT_WLONN $år-12-31 as $navn
        let neste = $år + 1
        generate g = $neste
        """
        let commands = try ScriptParser.parse(source: script)
        #expect(commands.map(\.source) == ["import db/INNTEKT_WLONN 2015-12-31 as lønn2015", "generate g = 2016"])
        guard case .importVariable(let i) = commands[0].kind else { Issue.record("not import"); return }
        #expect(i.date == ScriptDate(year: 2015, month: 12, day: 31))
        // Substituted text takes the position of its `$`.
        #expect(commands[0].arguments[1].position == ScriptPosition(line: 3, column: 25))
    }

    @Test func stringConcatenation() throws {
        #expect(try sources("let a = 'Oslo'\nlet b = $a ++ ' og Bergen'\nkeep if by == $b") == ["keep if by == 'Oslo og Bergen'"])
        #expect(try sources("let k = 03\nkeep if kommune == '$k' ++ $k") == ["keep if kommune == '$k03'"])
    }

    @Test func forListAndRange() throws {
        let script = """
        for år in 2018 : 2020
          import db/INNTEKT_WLONN $år-01-01 as lønn$år
        end
        for v in a b c
          drop $v
        end
        """
        #expect(try sources(script) == [
            "import db/INNTEKT_WLONN 2018-01-01 as lønn2018",
            "import db/INNTEKT_WLONN 2019-01-01 as lønn2019",
            "import db/INNTEKT_WLONN 2020-01-01 as lønn2020",
            "drop a", "drop b", "drop c",
        ])
    }

    @Test func severalVariablesAndNesting() throws {
        let script = """
        for x, y in a b, 1 2
          for i in 3 : 1
            generate $x$i = $y * $i
          end
        end
        """
        let commands = try ScriptParser.parse(source: script)
        #expect(commands.map(\.source) == [
            "generate a3 = 1 * 3", "generate a2 = 1 * 2", "generate a1 = 1 * 1",
            "generate b3 = 2 * 3", "generate b2 = 2 * 2", "generate b1 = 2 * 1",
        ])
        // Every unrolled line points at the written body line.
        #expect(commands.allSatisfy { $0.position == ScriptPosition(line: 3, column: 5) })
    }

    @Test func textblockIsCapturedRaw() throws {
        let script = """
        textblock
        # Overskrift
        Se https://microdata.no // ikke en kommentar, og 'ingen streng
        endblock
        clear
        """
        let commands = try ScriptParser.parse(source: script)
        #expect(commands.count == 2)
        #expect(commands[0].kind == .textblock("# Overskrift\nSe https://microdata.no // ikke en kommentar, og 'ingen streng"))
        #expect(commands[0].position == ScriptPosition(line: 1, column: 1))
        #expect(commands[1].position.line == 5)
    }

    @Test func commentsAndContinuation() throws {
        let script = """
        // innledende kommentar
        tabulate kjønn \\
            sivstand, \\
            rowpct // kommentar
        keep if x == 'a//b'
        """
        let commands = try ScriptParser.parse(source: script)
        #expect(commands.count == 2)
        #expect(commands[0].hasOption("rowpct"))
        #expect(commands[0].option("rowpct")?.position == ScriptPosition(line: 4, column: 5))
        guard case .analysis(let a) = commands[0].kind else { Issue.record("not analysis"); return }
        #expect(a.terms[1].position == ScriptPosition(line: 3, column: 5))
        #expect(commands[1].condition?.description == "(x == 'a//b')")
    }

    @Test func bindingsPersistBetweenInteractiveLines() throws {
        var parser = ScriptParser()
        _ = try parser.parse(source: "let dato = 2020-01-01")
        let commands = try parser.parse(source: "import db/X $dato")
        #expect(commands.first?.source == "import db/X 2020-01-01")
    }

    @Test func programKeepsLoopsAsWritten() throws {
        let items = try ScriptParser.program(source: "let a = 1\nfor i in 1 : 2\ndrop x$i\nend")
        #expect(items.count == 2)
        guard case .forLoop(let loop) = items[1] else { Issue.record("not a loop"); return }
        #expect(loop.variables == ["i"] && loop.body.count == 1 && loop.lists.text == "1 : 2")
    }
}

@Suite struct MacroEdgeTests {
    func sources(_ text: String) throws -> [String] { try ScriptParser.parse(source: text).map(\.source) }

    @Test func compactRangeStepAndListBinding() throws {
        #expect(try sources("for i in 1:3\ndrop x$i\nend") == ["drop x1", "drop x2", "drop x3"])
        #expect(try sources("for i in 0 : 10 : 5\ndrop x$i\nend") == ["drop x0", "drop x5", "drop x10"])
        #expect(try sources("let vars = a b c\nfor v in $vars\ndrop $v\nend") == ["drop a", "drop b", "drop c"])
        #expect(try sources("for d in '2019-01-01' '2020-01-01'\nimport db/X $d\nend")
                == ["import db/X '2019-01-01'", "import db/X '2020-01-01'"])
    }

    @Test func quotedDatesFromBindingsStillImport() throws {
        let commands = try ScriptParser.parse(source: "let d = '2019-06-30'\nimport db/X $d as x")
        guard case .importVariable(let i) = commands[0].kind else { Issue.record("not import"); return }
        #expect(i.date == ScriptDate(year: 2019, month: 6, day: 30))
    }

    @Test func textblockInsideLoop() throws {
        let commands = try ScriptParser.parse(source: "for i in 1 : 2\ntextblock\nDel $i\nendblock\nend")
        #expect(commands.map(\.kind) == [.textblock("Del $i"), .textblock("Del $i")])
    }
}
