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
        // A FIXED variable repeats on each of the unit's panel rows; a dated one needs import-panel.
        try EngineFixture.run("import db/BEFOLKNING_KJOENN as k", in: &e)
        #expect(try e.texts("k").prefix(4) == ["1", "1", "2", "2"])
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("import db/INNTEKT_WLONN 2020-01-01 as w", in: &e) }
    }

    /// Person keys of other unit types: collapsing by them gives a person dataset. A job's
    /// ARBEIDSFORHOLD_PERSON counts (the pension-reform snippet merges jobs into persons by
    /// it); BEFOLKNING_MRK_FNR is a string code and is excluded where the column is made.
    @Test func personKeysAreRecognisedByName() {
        for name in ["KRG_KJERNE_PERSONID", "NPR_SYKEHUSOPPHOLD_PERSONID", "ARBEIDSFORHOLD_PERSON", "BEFOLKNING_MOR_FNR", "PERSONID_1"] {
            #expect(ScriptEngine.unitKey(of: name) == "PERSON", "\(name)")
        }
        for name in ["BEFOLKNING_KJOENN", "BEFOLKNING_STATUSKODE_FNR_SAMORD", "ARBLONN_PERS_KJOENN"] {
            #expect(ScriptEngine.unitKey(of: name) == nil, "\(name)")
        }
    }

    /// microdata.no's advice for panels: make the population, clone its units, import-panel
    /// into the clone. The panel holds exactly those units, each on every date.
    @Test func importPanelIntoClonedUnits() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset personer
        import db/INNTEKT_WLONN 2020-01-01 as lønn
        keep if lønn > 1200
        clone-units personer panel
        use panel
        import-panel db/INNTEKT_BRUTTOFORM db/INNTEKT_WLONN 2019-06-30 2020-06-30
        """, in: &e)
        // INNTEKT_WLONN is id · 1.5 for ids ≤ 1500: above 1200 for ids 801…1500.
        #expect(e.rows == 700 * 2)
        #expect(e.workspace.current?.isPanel == true)
        #expect(e.workspace.current?.ids.prefix(3) == [801, 801, 802])
        #expect(try e.numbers("INNTEKT_BRUTTOFORM").prefix(2) == [80100, 80101])
        // INNTEKT_WLONN has 2020 only: the 2019 row of a unit is missing, not dropped.
        let w = try e.numbers("INNTEKT_WLONN")
        #expect(w[0].isNaN && w[1] == 1201.5)
        // A dataset with variables is refused (the rows would not be the panel's).
        #expect(throws: ScriptDiagnostic.self) {
            try EngineFixture.run("use personer\nimport-panel db/INNTEKT_BRUTTOFORM 2019-06-30 2020-06-30", in: &e)
        }
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
