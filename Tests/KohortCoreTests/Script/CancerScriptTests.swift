import Testing
@testable import KohortCore

/// A lung-cancer survival script in the spirit of issue 4, using most of the language at once.
@Suite struct CancerScriptTests {
    static let script = """
    // Lungekreft (ICD-10 C34): første tilfelle 2015–2020, overlevelse til død eller 2024-12-31
    require no.ssb.fdb:30 as ssb
    require no.kreftregisteret:1 as krg
    let start = 2015-01-01
    let slutt = '2024-12-31'

    create-dataset personer
    import ssb/BEFOLKNING_STATUSKODE $start as regstat
    keep if regstat == '1'
    import ssb/BEFOLKNING_FOEDSELSDATO as fdato
    import ssb/BEFOLKNING_DOEDSDATO as ddato

    create-dataset tilfeller
    import krg/KRG_ICD10 as icd
    import krg/KRG_DIAGNOSEDATO as diagdato
    import krg/KRG_STADIUM as stadium
    keep if substr(icd, 1, 3) == 'C34' & \\
        inrange(diagdato, date(2015, 1, 1), date(2020, 12, 31))
    collapse (min) diagdato -> førstediag (min) stadium, by(PERSONID_1)
    merge førstediag stadium into personer on PERSONID_1

    use personer
    generate alder_diag = int((førstediag - fdato) / 365.25)
    generate slutt = date(2024, 12, 31)
    replace slutt = ddato if !sysmiss(ddato) & ddato < slutt
    generate tid = slutt - førstediag if !sysmiss(førstediag)
    generate død = !sysmiss(ddato) & ddato <= slutt
    recode stadium (1 2 = 1 'lokal') (3 = 2 'regional') (4 = 3 'fjern') (* = .)
    textblock
    ## Overlevelse etter stadium
    endblock
    for mål in kaplan-meier cox
      $mål tid død i.stadium alder_diag
    end
    """

    @Test func parses() throws {
        let commands = try ScriptParser.parse(source: Self.script, fileName: "lungekreft.txt")
        #expect(commands.map(\.name) == [
            "require", "require", "create-dataset", "import", "keep", "import", "import", "create-dataset",
            "import", "import", "import", "keep", "collapse", "merge", "use", "generate", "generate", "replace",
            "generate", "generate", "recode", "textblock", "kaplan-meier", "cox",
        ])
        guard case .importVariable(let status) = commands[3].kind else { Issue.record("import"); return }
        #expect(status.date == ScriptDate(year: 2015, month: 1, day: 1))
        #expect(commands[11].condition?.variables == ["icd", "diagdato"])
        #expect(commands[11].position.line == 17)
        guard case .collapse(let c) = commands[12].kind else { Issue.record("collapse"); return }
        #expect(c.specs.map(\.statistic) == ["min", "min"])
        #expect(c.specs.map(\.target) == ["førstediag", nil])
        guard case .analysis(let km) = commands[22].kind else { Issue.record("analysis"); return }
        #expect(km.variables == ["tid", "død", "stadium", "alder_diag"])
        #expect(commands[22].position == ScriptPosition(line: 33, column: 3))
    }
}
