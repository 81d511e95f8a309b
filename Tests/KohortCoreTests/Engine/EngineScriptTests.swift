import Foundation
import Testing
@testable import KohortCore

/// The two scripts of issue 4 and a cancer linkage, run against the fixture datastore.
@Suite struct EngineScriptTests {
    @Test func issueExampleOne() throws {
        var engine = try EngineFixture.engine()
        try EngineFixture.run("""
        require no.ssb.fdb:23 as db
        create-dataset demografidata
        import db/BEFOLKNING_KJOENN as kjønn
        import db/BEFOLKNING_FOEDSELS_AAR_MND as faarmnd
        import db/SIVSTANDFDT_SIVSTAND 2020-01-01 as sivstand
        import db/INNTEKT_BRUTTOFORM 2020-01-01 as formue
        rename sivstand sivstand20
        rename formue formue20
        drop kjønn
        keep if sivstand20 == '2'
        """, in: &engine)
        let d = try #require(engine.workspace.current)
        #expect(d.name == "demografidata")
        #expect(d.unitType == "PERSON")
        #expect(d.variableNames == ["faarmnd", "sivstand20", "formue20"])
        #expect(d.rowCount == 500)
        #expect(d.ids == (1...500).map { Int64($0 * 4) })
        #expect(try engine.numbers("formue20") == d.ids.map { Double($0 * 100 + 1) })
        #expect(try engine.numbers("faarmnd") == d.ids.map { Double((1950 + $0 % 50) * 100 + $0 % 12 + 1) })
        #expect(d.column(named: "faarmnd")?.type == .long)
        #expect(engine.workspace.history.count == 10)
    }

    static let exampleTwo = """
    require no.ssb.fdb:30 as ds
    create-dataset totalpop
    import ds/BEFOLKNING_KJOENN as kjønn
    import ds/BEFOLKNING_STATUSKODE 2021-01-01 as regstat
    keep if regstat == '1'
    create-dataset forløp
    import-event ds/SIVSTANDFDT_SIVSTAND 2020-01-01 to 2020-12-31 as sivforløp
    keep if sivforløp == '4'
    collapse (count) sivforløp , by(PERSONID_1 )
    rename sivforløp ant_ganger_skilt
    merge ant_ganger_skilt into totalpop
    use totalpop
    generate skilt2020 = 0
    replace skilt2020 = 1 if ant_ganger_skilt >= 1
    tabulate skilt2020, cellpct
    """

    @Test func issueExampleTwo() throws {
        var engine = try EngineFixture.engine()
        // Without the statistics engine, tabulate is refused at its line, after the rest ran.
        do {
            try EngineFixture.run(Self.exampleTwo, in: &engine)
            Issue.record("tabulate should not be available yet")
        } catch {
            #expect(error.description == "test.txt:15:1: error: 'tabulate' is not available yet")
        }
        let totalpop = try #require(engine.workspace.dataset(named: "totalpop"))
        #expect(totalpop.rowCount == 1900)
        let skilt = try engine.numbers("skilt2020")
        #expect(skilt.reduce(0, +) == 475)
        let count = try engine.numbers("ant_ganger_skilt")
        #expect(count.filter { !$0.isNaN }.count == 475)
        #expect(count.allSatisfy { $0.isNaN || $0 == 1 })
        let forløp = try #require(engine.workspace.dataset(named: "forløp"))
        #expect(forløp.rowCount == 500)
        #expect(forløp.unitType == "PERSON")
        #expect(forløp.eventVariable == nil)
    }

    @Test func issueExampleTwoWithAnAnalysisRunner() throws {
        // The seam: a runner sees the current dataset and releases a message.
        let runner = ClosureAnalysisRunner { analysis, command, ws in
            let d = ws.current!
            let mask = try d.rowMask(nil)
            let ones = try d.withNumbers(analysis.variables[0]) { v in v.filter { $0 == 1 }.count }
            #expect(mask.count == 1900)
            #expect(ones == 475)
            return [ReleasedResult(command: command.source, line: command.position.line,
                                   payload: .message(ReleasedMessage(text: "ok")), protections: [])]
        }
        var engine = ScriptEngine(source: try EngineFixture.source(), analysisRunner: runner)
        let results = try EngineFixture.run(Self.exampleTwo, in: &engine)
        #expect(results.count == 1)
        #expect(results[0].line == 15)
    }

    @Test func cancerCasesCollapsedToPersons() throws {
        var engine = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset personer
        import db/BEFOLKNING_FOEDSELSDATO as fdato
        create-dataset tilfeller
        import krg/KRG_KJERNE_PERSONID as PERSONID_1
        import krg/KRG_KJERNE_ICD10 as icd
        import krg/KRG_KJERNE_DIAGNOSEDATO as diagdato
        keep if substr(icd, 1, 3) == 'C34' & inrange(diagdato, date(2015, 1, 1), date(2020, 12, 31))
        collapse (min) diagdato -> førstediag (count) diagdato -> antall, by(PERSONID_1)
        merge førstediag antall into personer on PERSONID_1
        use personer
        generate alder_diag = int((førstediag - fdato) / 365.25)
        """, in: &engine)
        let first = try engine.numbers("førstediag")
        #expect(first.filter { !$0.isNaN }.count == 150)
        #expect(first[0] == Double(EngineFixture.day("2015-01-02")))
        #expect(first[1].isNaN)
        #expect(first[2] == Double(EngineFixture.day("2015-01-04")))
        #expect(try engine.numbers("antall")[2] == 2)
        #expect(engine.workspace.current?.column(named: "førstediag")?.type == .date)
        // Person 1 born 1951-06-15, first diagnosis 2015-01-02: 63 years.
        #expect(try engine.numbers("alder_diag")[0] == 63)
    }

    @Test func byPersonKeyFindsTheImportedPersonIdentifier() throws {
        var engine = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset tilfeller
        import krg/KRG_KJERNE_PERSONID as pid
        import krg/KRG_KJERNE_STADIUM as stadium
        collapse (count) stadium -> n, by(PERSONID_1)
        """, in: &engine)
        let d = try #require(engine.workspace.current)
        #expect(d.unitType == "PERSON" && d.idName == "PERSONID_1")
        #expect(d.rowCount == 300)
        #expect(try engine.numbers("n").allSatisfy { $0 == 2 })
    }

    @Test func personDatasetRefusesCancerVariableWithLinkingAdvice() throws {
        var engine = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + "create-dataset p\nimport db/BEFOLKNING_KJOENN as kjønn", in: &engine)
        do {
            try EngineFixture.run("import krg/KRG_KJERNE_ICD10 as icd", in: &engine)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("KRG_KREFTTILFELLE"))
            #expect(error.message.contains("collapse"))
            #expect(error.message.contains("merge"))
            #expect(error.position == ScriptPosition(line: 1, column: 8))
        }
        #expect(engine.workspace.current?.variableNames == ["kjønn"])
    }
}
