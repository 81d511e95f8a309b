import Testing
@testable import KohortCore

@Suite struct CommandTests {
    func one(_ text: String) throws -> ScriptCommand {
        let commands = try ScriptParser.parse(source: text)
        #expect(commands.count == 1)
        return commands[0]
    }

    func kind(_ text: String) throws -> ScriptCommandKind { try one(text).kind }

    @Test func datasetCommands() throws {
        #expect(try kind("clone-dataset a b") == .cloneDataset(from: "a", to: "b"))
        #expect(try kind("rename-dataset a b") == .renameDataset(from: "a", to: "b"))
        #expect(try kind("delete-dataset a") == .deleteDataset("a"))
        #expect(try kind("clone-units personer krefttilfeller") == .cloneUnits(from: "personer", to: "krefttilfeller"))
        #expect(try kind("require no.ssb.fdb as db") == .require(ScriptRequire(datastore: "no.ssb.fdb", version: nil, alias: "db")))
        #expect(try kind("variables") == .variables([]))
        #expect(try kind("history") == .history)
        #expect(try kind("clear") == .clear)
        #expect(try kind("help import-event") == .help("import-event"))
        #expect(try kind("help") == .help(nil))
    }

    @Test func importOuterJoinAndPanel() throws {
        guard case .importVariable(let i) = try kind("import db/INNTEKT_WLONN 2019-12-31 as lønn, outer_join") else {
            Issue.record("not import"); return
        }
        #expect(i.outerJoin && i.alias == "lønn" && i.date == ScriptDate(year: 2019, month: 12, day: 31))
        guard case .importPanel(let p) = try kind("import-panel db/A db/B 2018-01-01 2019-01-01 2020-01-01") else {
            Issue.record("not panel"); return
        }
        #expect(p.variables.map(\.description) == ["db/A", "db/B"])
        #expect(p.dates.count == 3)
    }

    @Test func recodeRules() throws {
        guard case .recode(let r) = try kind(
            "recode a b (1 2 3 = 0) (4/7 = 1 'middels') (min/0 = .) (10/max = 9) (nonmissing = 1) (missing = 99) (* = -1) ('01' = '1')"
        ) else { Issue.record("not recode"); return }
        #expect(r.variables == ["a", "b"])
        #expect(r.rules.map(\.sources) == [
            [.value(.number(1)), .value(.number(2)), .value(.number(3))],
            [.range(low: 4, high: 7)], [.range(low: nil, high: 0)], [.range(low: 10, high: nil)],
            [.nonmissing], [.missing], [.otherwise], [.value(.string("01"))],
        ])
        #expect(r.rules.map(\.target) == [.value(.number(0)), .value(.number(1)), .missing, .value(.number(9)),
                                          .value(.number(1)), .value(.number(99)), .value(.number(-1)),
                                          .value(.string("1"))])
        #expect(r.rules[1].label == "middels")
        #expect(r.rules[1].position == ScriptPosition(line: 1, column: 24))
        guard case .recode(let all) = try kind("recode x (min/max = 1), prefix(ny_)") else { Issue.record("recode"); return }
        #expect(all.rules[0].sources == [.range(low: nil, high: nil)])
    }

    @Test func collapseSpecs() throws {
        let c = try one("aggregate (mean) lønn -> snittlønn alder (count) id, by(kommune)")
        #expect(c.kind == .aggregate(ScriptCollapse(specs: [
            ScriptCollapseSpec(statistic: "mean", variable: "lønn", target: "snittlønn", position: ScriptPosition(line: 1, column: 18)),
            ScriptCollapseSpec(statistic: "mean", variable: "alder", target: nil, position: ScriptPosition(line: 1, column: 36)),
            ScriptCollapseSpec(statistic: "count", variable: "id", target: nil, position: ScriptPosition(line: 1, column: 50)),
        ])))
        #expect(try c.option("by")?.names() == ["kommune"])
    }

    @Test func mergeCloneLabels() throws {
        #expect(try kind("merge a b into personer on PERSONID_1") ==
            .merge(ScriptMerge(variables: ["a", "b"], into: "personer", on: "PERSONID_1")))
        #expect(try kind("clone-variables a -> b c") ==
            .cloneVariables([ScriptClonePair(from: "a", to: "b"), ScriptClonePair(from: "c", to: nil)]))
        #expect(try kind("define-labels kjønnlbl 1 'Mann' 2 'Kvinne'") == .defineLabels(ScriptLabelDefinition(
            name: "kjønnlbl", entries: [ScriptLabelEntry(value: .number(1), label: "Mann"),
                                        ScriptLabelEntry(value: .number(2), label: "Kvinne")])))
        #expect(try kind("assign-labels kjønn kjønnlbl") == .assignLabels(variables: ["kjønn"], labels: "kjønnlbl"))
        #expect(try kind("drop-labels kjønnlbl") == .dropLabels(["kjønnlbl"]))
        #expect(try kind("list-labels") == .listLabels([]))
        #expect(try kind("destring kode, force dpcomma") == .destring(["kode"]))
    }

    @Test func sampleAndReshape() throws {
        #expect(try kind("sample 5000 42") == .sample(ScriptSample(amount: 5000, seed: 42)))
        #expect(try kind("sample 0.1") == .sample(ScriptSample(amount: 0.1, seed: nil)))
        #expect(try kind("reshape-from-panel") == .reshapeFromPanel([]))
        #expect(try kind("reshape-to-panel lønn") == .reshapeToPanel(["lønn"]))
    }

    @Test func eventVariablesAndExpressions() throws {
        guard case .generate(let g) = try kind("generate varighet = STOP@sykehus - START@sykehus") else {
            Issue.record("not generate"); return
        }
        #expect(g.expression.variables == ["STOP@sykehus", "START@sykehus"])
        let c = try one("generate ung = 1 if year(fødselsdato) >= 1990 & kjønn == '2'")
        #expect(c.condition?.description == "((year(fødselsdato) >= 1990) & (kjønn == '2'))")
    }

    @Test func analysisTermsAndOptions() throws {
        let c = try one("regress lønn i.utdanning c.alder##i.kjønn ib2.region x#z if alder > 25, robust level(90) cluster(kommune)")
        guard case .analysis(let a) = c.kind else { Issue.record("not analysis"); return }
        #expect(a.terms.map(\.description) == ["lønn", "i.utdanning", "c.alder##i.kjønn", "ib2.region", "x#z"])
        #expect(a.terms[2].interaction == .factorial)
        #expect(a.terms[3].factors[0].role == .categorical(base: 2))
        #expect(try c.option("level")?.number() == 90)
        #expect(c.option("robust")?.arguments == nil)
        #expect(c.condition?.description == "(alder > 25)")
        #expect(c.arguments.count == 5)
        let tab = try one("tabulate kjønn sivstand, rowpct chi2 summarize(lønn)")
        #expect(tab.option("summarize")?.rawText == "lønn")
        let hist = try one("histogram lønn, bin(20) percent")
        #expect(try hist.option("bin")?.number() == 20)
    }

    @Test func instruments() throws {
        guard case .analysis(let a) = try kind("ivregress lønn alder (utdanning = avstand nærhet)") else {
            Issue.record("not analysis"); return
        }
        #expect(a.variables == ["lønn", "alder", "utdanning", "avstand", "nærhet"])
    }

    @Test func genericArguments() throws {
        let c = try one("import-event db/KREFT 2015-01-01 to 2020-12-31 as kreft")
        #expect(c.arguments.count == 3)
        #expect(c.arguments[0].kind == .reference(ScriptVariableReference(
            datastore: "db", variable: "KREFT", position: ScriptPosition(line: 1, column: 14))))
        guard case .range(let from, let to) = c.arguments[1].kind else { Issue.record("not a range"); return }
        #expect(from.kind == .date(year: 2015, month: 1, day: 1) && from.position.column == 23)
        #expect(to.kind == .date(year: 2020, month: 12, day: 31) && to.position.column == 37)
        #expect(c.arguments[2].kind == .alias("kreft"))
        let m = try one("clone-variables a -> b")
        #expect(m.arguments.map(\.kind) == [.arrow(from: "a", to: "b")])
    }
}

@Suite struct GenericShapeTests {
    @Test func groupsAndNames() throws {
        let recode = try ScriptParser.parse(source: "recode x (1 2 = 0) (* = 1)")[0]
        #expect(recode.arguments.count == 3)
        guard case .group(let rule) = recode.arguments[1].kind else { Issue.record("not a group"); return }
        #expect(rule.map(\.description) == ["1", "2", "=", "0"])
        let merge = try ScriptParser.parse(source: "merge a b into ds on key")[0]
        #expect(merge.arguments.map(\.kind) == [.name("a"), .name("b"), .name("into"), .name("ds"), .name("on"), .name("key")])
        let reg = try ScriptParser.parse(source: "regress y i.x a##b")[0]
        #expect(reg.arguments.map(\.kind).count == 3)
        guard case .term(let t) = reg.arguments[2].kind else { Issue.record("not a term"); return }
        #expect(t.description == "a##b")
    }

    @Test func divisionWithoutBlanks() throws {
        guard case .generate(let g) = try ScriptParser.parse(source: "generate r = inntekt/antall*100")[0].kind else {
            Issue.record("not generate"); return
        }
        #expect(g.expression.description == "((inntekt / antall) * 100)")
    }
}

@Suite struct AnalysisShapeTests {
    @Test func statisticGroupsAndCoefplot() throws {
        let commands = try ScriptParser.parse(source: """
        barchart (mean) lønn (median) formue, over(kjønn)
        coefplot regress-panel lønn alder, fe
        keep IF alder > 18
        """)
        guard case .analysis(let bar) = commands[0].kind else { Issue.record("barchart"); return }
        #expect(bar.arguments.first == .statistic("mean"))
        #expect(bar.variables == ["lønn", "formue"])
        guard case .analysis(let coef) = commands[1].kind else { Issue.record("coefplot"); return }
        #expect(coef.subcommand == "regress-panel")
        #expect(coef.variables == ["lønn", "alder"])
        #expect(commands[2].condition?.description == "(alder > 18)")
    }

    @Test func daysSinceEpoch() {
        #expect(ScriptDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(ScriptDate(year: 2015, month: 12, day: 31).daysSinceEpoch == 16800)
        #expect(ScriptDate(year: 1969, month: 12, day: 31).daysSinceEpoch == -1)
        #expect(ScriptDate("2024-02-29") != nil && ScriptDate("2023-02-29") == nil)
    }
}
