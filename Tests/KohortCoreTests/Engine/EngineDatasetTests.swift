import Foundation
import Testing
@testable import KohortCore

/// Dataset commands, panels, sampling, labels and the message commands.
@Suite struct EngineDatasetTests {
    @Test func datasetCommands() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset a
        import db/BEFOLKNING_KJOENN as kjønn
        clone-dataset a b
        rename-dataset b c
        clone-units a units
        """, in: &e)
        #expect(e.workspace.datasetNames == ["a", "c", "units"])
        #expect(e.workspace.currentName == "a")
        #expect(e.workspace.dataset(named: "units")?.rowCount == 2000)
        #expect(e.workspace.dataset(named: "units")?.variableNames == [])
        try EngineFixture.run("use c\ndelete-dataset c", in: &e)
        #expect(e.workspace.currentName == nil)
        do {
            try EngineFixture.run("use aa", in: &e)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "unknown dataset 'aa' (did you mean 'a'?)")
        }
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("create-dataset a", in: &e) }
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("import db/BEFOLKNING_KJOENN", in: &e) }
        try EngineFixture.run("clear", in: &e)
        #expect(e.workspace.datasets.isEmpty)
        #expect(e.workspace.requires["db"]?.datastore == "no.ssb.fdb")
    }

    @Test func requireErrors() throws {
        var e = try EngineFixture.engine()
        do {
            try EngineFixture.run("require no.ssb.fdb:99 as db", in: &e)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("23"))
        }
        do {
            try EngineFixture.run("require no.ssb.fdb as db\ncreate-dataset x\nimport db/BEFOLKNING_KJONN as k", in: &e)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("unknown variable 'BEFOLKNING_KJONN' (did you mean 'BEFOLKNING_KJOENN'?)"))
            #expect(error.position == ScriptPosition(line: 3, column: 8))
        }
    }

    @Test func panelAndReshape() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset panel
        import-panel db/INNTEKT_BRUTTOFORM db/BEFOLKNING_KJOENN 2019-06-30 2020-06-30
        """, in: &e)
        #expect(e.rows == 4000)
        #expect(e.workspace.current?.isPanel == true)
        #expect(try e.numbers("INNTEKT_BRUTTOFORM").prefix(4) == [100, 101, 200, 201])
        #expect(try e.numbers("date@panel").prefix(2) == [Double(EngineFixture.day("2019-06-30")), Double(EngineFixture.day("2020-06-30"))])
        try EngineFixture.run("reshape-from-panel", in: &e)
        #expect(e.rows == 2000)
        #expect(e.workspace.current?.variableNames == ["INNTEKT_BRUTTOFORM_20190630", "INNTEKT_BRUTTOFORM_20200630",
                                                        "BEFOLKNING_KJOENN_20190630", "BEFOLKNING_KJOENN_20200630"])
        #expect(try e.numbers("INNTEKT_BRUTTOFORM_20200630")[1] == 201)
        try EngineFixture.run("reshape-to-panel INNTEKT_BRUTTOFORM", in: &e)
        #expect(e.rows == 4000)
        #expect(try e.numbers("INNTEKT_BRUTTOFORM").prefix(4) == [100, 101, 200, 201])
        #expect(try e.texts("BEFOLKNING_KJOENN_20190630").prefix(4) == ["1", "1", "2", "2"])
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("import db/BEFOLKNING_KJOENN as k", in: &e) }
    }

    @Test func samplesAreDeterministic() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset a
        import db/BEFOLKNING_KJOENN as kjønn
        clone-dataset a b
        clone-dataset a c
        sample 1200 7
        use b
        sample 1200 7
        use c
        sample 0.5 3
        """, in: &e)
        let a = e.workspace.dataset(named: "a")!, b = e.workspace.dataset(named: "b")!, c = e.workspace.dataset(named: "c")!
        #expect(a.rowCount == 1200)
        #expect(a.ids == b.ids)
        #expect(c.rowCount > 900 && c.rowCount < 1100)
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("sample 20", in: &e) }
    }

    @Test func labels() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset a
        import db/BEFOLKNING_KJOENN as kjønn
        define-labels kj '1' 'Mann' '2' 'Kvinne'
        assign-labels kjønn kj
        """, in: &e)
        let d = e.workspace.current!
        #expect(d.column(named: "kjønn")?.labelSet == "kj")
        #expect(d.label(of: "2", variable: "kjønn", in: e.workspace) == "Kvinne")
        let listed = try EngineFixture.run("list-labels kj", in: &e)
        #expect(ResultText.render(listed[0]).contains("Mann"))
        try EngineFixture.run("drop-labels kj", in: &e)
        #expect(e.workspace.current?.column(named: "kjønn")?.labelSet == nil)
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("assign-labels kjønn kj", in: &e) }
    }

    @Test func messageCommandsShowNoUnitRows() throws {
        var e = try EngineFixture.engine()
        let results = try EngineFixture.run(EngineFixture.header + """
        create-dataset a
        import db/INNTEKT_WLONN 2020-01-01 as lønn
        textblock
        Dette er en kommentar.
        endblock
        variables
        history
        help collapse
        """, in: &e)
        #expect(results.count == 4)
        let texts = results.map { ResultText.render($0) }
        #expect(texts[0].contains("Dette er en kommentar."))
        #expect(texts[1].contains("lønn") && texts[1].contains("DOUBLE") && texts[1].contains("INNTEKT_WLONN"))
        #expect(!texts[1].contains("1.5"))
        #expect(texts[2].contains("import db/INNTEKT_WLONN 2020-01-01 as lønn"))
        #expect(texts[3].contains("collapse"))
        #expect(ResultJSON.object(results[1])["kind"] as? String == "message")
    }

    @Test func analysisCommandsNeedTheStatisticsEngine() throws {
        var e = try EngineFixture.engine()
        do {
            try EngineFixture.run(EngineFixture.header + "create-dataset a\nimport db/BEFOLKNING_KJOENN as k\nsummarize k", in: &e)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "'summarize' is not available yet")
            #expect(error.position.line == 5)
        }
    }

    @Test func interactiveSessionKeepsBindingsAndWorkspace() throws {
        var session = ScriptSession(engine: try EngineFixture.engine())
        _ = try session.submit(EngineFixture.header)
        _ = try session.submit("let år = 2020")
        _ = try session.submit("create-dataset p\nimport db/INNTEKT_BRUTTOFORM $år-06-30 as formue$år")
        #expect(session.workspace.current?.variableNames == ["formue2020"])
        #expect(throws: ScriptDiagnostic.self) { try session.submit("generate x = formue2021") }
        #expect(session.workspace.history.last == "import db/INNTEKT_BRUTTOFORM 2020-06-30 as formue2020")
    }

    @Test func aggregateByUnitIDOnSpells() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset a
        import-event db/SIVSTANDFDT_SIVSTAND 1990-01-01 to 2030-12-31 as siv
        generate år = year(START@siv)
        aggregate (max) år -> sist (count) år -> n, by(PERSONID_1)
        """, in: &e)
        #expect(e.rows == 2500)
        #expect(try e.numbers("sist").prefix(4) == [2020, 2020, 2000, 2000])
        #expect(try e.numbers("n").prefix(4) == [2, 2, 1, 1])
    }
}
