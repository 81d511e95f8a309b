import Testing
@testable import KohortCore

/// The two scripts of issue 4 must parse into the expected commands, unchanged.
@Suite struct ExampleScriptTests {
    static let demografi = """
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
    """

    static let skilsmisse = """
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

    func ref(_ d: String, _ v: String, _ line: Int, column: Int = 8) -> ScriptVariableReference {
        ScriptVariableReference(datastore: d, variable: v, position: ScriptPosition(line: line, column: column))
    }

    @Test func demografidata() throws {
        let commands = try ScriptParser.parse(source: Self.demografi, fileName: "demografi.txt")
        #expect(commands.count == 10)
        #expect(commands.map(\.name) == ["require", "create-dataset", "import", "import", "import", "import",
                                         "rename", "rename", "drop", "keep"])
        #expect(commands[0].kind == .require(ScriptRequire(datastore: "no.ssb.fdb", version: "23", alias: "db")))
        #expect(commands[1].kind == .createDataset("demografidata"))
        #expect(commands[2].kind == .importVariable(ScriptImport(variable: ref("db", "BEFOLKNING_KJOENN", 3), date: nil,
                                                                 alias: "kjønn", outerJoin: false)))
        #expect(commands[4].kind == .importVariable(ScriptImport(variable: ref("db", "SIVSTANDFDT_SIVSTAND", 5),
                                                                 date: ScriptDate(year: 2020, month: 1, day: 1),
                                                                 alias: "sivstand", outerJoin: false)))
        #expect(commands[6].kind == .rename([ScriptRenamePair(from: "sivstand", to: "sivstand20")]))
        #expect(commands[8].kind == .drop(["kjønn"]))
        #expect(commands[9].kind == .keep([]))
        #expect(commands[9].condition?.description == "(sivstand20 == '2')")
        #expect(commands[9].position == ScriptPosition(line: 10, column: 1))
        #expect(commands[9].condition?.position == ScriptPosition(line: 10, column: 20))
    }

    @Test func skilsmisser() throws {
        let commands = try ScriptParser.parse(source: Self.skilsmisse)
        #expect(commands.count == 15)
        #expect(commands[6].kind == .importEvent(ScriptImportEvent(
            variable: ref("ds", "SIVSTANDFDT_SIVSTAND", 7, column: 14), from: ScriptDate(year: 2020, month: 1, day: 1),
            to: ScriptDate(year: 2020, month: 12, day: 31), alias: "sivforløp", outerJoin: false)))
        #expect(commands[8].kind == .collapse(ScriptCollapse(specs: [
            ScriptCollapseSpec(statistic: "count", variable: "sivforløp", target: nil,
                               position: ScriptPosition(line: 9, column: 18)),
        ])))
        #expect(try commands[8].option("by")?.names() == ["PERSONID_1"])
        #expect(commands[10].kind == .merge(ScriptMerge(variables: ["ant_ganger_skilt"], into: "totalpop", on: nil)))
        #expect(commands[11].kind == .use("totalpop"))
        guard case .generate(let g) = commands[12].kind else { Issue.record("not generate"); return }
        #expect(g.target == "skilt2020" && g.expression.description == "0")
        guard case .replace(let r) = commands[13].kind else { Issue.record("not replace"); return }
        #expect(r.expression.description == "1")
        #expect(commands[13].condition?.description == "(ant_ganger_skilt >= 1)")
        guard case .analysis(let tab) = commands[14].kind else { Issue.record("not analysis"); return }
        #expect(tab.command == "tabulate" && tab.variables == ["skilt2020"])
        #expect(commands[14].hasOption("cellpct"))
        #expect(commands[14].source == "tabulate skilt2020, cellpct")
    }
}
