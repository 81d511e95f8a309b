import Foundation
import Testing
@testable import KohortCore

/// Each command's effect, read back through the engine's read API.
@Suite struct EngineCommandTests {
    /// A person dataset of 2000 with kjønn, fdato, faarmnd, lønn (missing above id 1500).
    func persons() throws -> ScriptEngine {
        var engine = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset p
        import db/BEFOLKNING_KJOENN as kjønn
        import db/BEFOLKNING_FOEDSELSDATO as fdato
        import db/BEFOLKNING_FOEDSELS_AAR_MND as faarmnd
        import db/INNTEKT_WLONN 2020-06-30 as lønn
        generate g = PERSONID_1 - 4 * int(PERSONID_1 / 4)
        """, in: &engine)
        return engine
    }

    var ids: [Double] { (1...2000).map(Double.init) }

    @Test func importsSemantics() throws {
        let e = try persons()
        #expect(e.rows == 2000)
        #expect(try e.texts("kjønn")[0] == "1")
        #expect(try e.texts("kjønn")[1] == "2")
        let lønn = try e.numbers("lønn")
        #expect(lønn[0] == 1.5)
        #expect(lønn[1499] == 2250)
        #expect(lønn[1500].isNaN)
        #expect(e.workspace.current?.column(named: "lønn")?.source == "INNTEKT_WLONN")
    }

    @Test func statusNeedsADateAndEventWindow() throws {
        var e = try persons()
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("import db/BEFOLKNING_STATUSKODE as s", in: &e) }
        try EngineFixture.run("""
        create-dataset ev
        import-event db/SIVSTANDFDT_SIVSTAND 2019-06-01 to 2020-06-01 as siv
        """, in: &e)
        // id % 4 == 1 has two spells overlapping the window, the others one.
        #expect(e.rows == 2500)
        #expect(e.workspace.current?.unitCount == 2000)
        #expect(e.workspace.current?.variableNames == ["siv", "START@siv", "STOP@siv"])
        #expect(try e.numbers("START@siv")[1] == Double(EngineFixture.day("2020-01-01")))
        #expect(try e.numbers("STOP@siv")[1].isNaN)
        // A second event variable is refused.
        #expect(throws: ScriptDiagnostic.self) {
            try EngineFixture.run("import-event db/SIVSTANDFDT_SIVSTAND 2019-06-01 to 2020-06-01 as x", in: &e)
        }
        // Person variables left-join onto the spells.
        try EngineFixture.run("import db/BEFOLKNING_KJOENN as kjønn", in: &e)
        #expect(try e.texts("kjønn").prefix(3) == ["1", "1", "2"])
    }

    @Test func outerJoin() throws {
        var e = try EngineFixture.engine()
        try EngineFixture.run(EngineFixture.header + """
        create-dataset w
        import db/INNTEKT_WLONN 2020-01-01 as lønn
        import db/BEFOLKNING_KJOENN as kjønn
        """, in: &e)
        #expect(e.rows == 1500)
        try EngineFixture.run("import db/BEFOLKNING_STATUSKODE 2021-01-01 as s, outer_join", in: &e)
        #expect(e.rows == 2000)
        #expect(try e.numbers("lønn")[1999].isNaN)
        #expect(try e.texts("s")[1999] == "3")
        #expect(try e.texts("kjønn")[1999] == nil)
    }

    @Test func expressionsAndFunctions() throws {
        var e = try persons()
        try EngineFixture.run("""
        generate alder = 2020 - floor(faarmnd / 100)
        generate fy = year(fdato)
        generate fm = month(fdato) + day(fdato) + quarter(fdato) + halfyear(fdato)
        generate dw = dow(date(2020, 1, 1))
        generate dy = doy(date(2020, 3, 1))
        generate wk = week(date(2020, 1, 8))
        generate iso = isoformatdate(fdato)
        generate n0 = normal(0) + ttail(10, 0) + round(chi2(2, 2), 0.0001)
        generate il = inlist(g, 1, 3)
        generate ir = inrange(lønn, 1000, 2000)
        generate sm = sysmiss(lønn)
        generate k2 = substr(iso, 1, 4) + '-' + upper(lower(' x '))
        generate len = length(trim(' abc '))
        generate sw = startswith(iso, '195') + endswith(iso, '15')
        generate st = to_int(string(PERSONID_1)) - PERSONID_1
        generate rm = rowmax(g, lønn) + rowmin(g, 100) + rowtotal(lønn, .) + rowmissing(lønn, g, .) + rowvalid(g)
        generate rmean = rowmean(1, 2, 6) + rowmedian(1, 2, 6) + rowstd(2, 4)
        generate q = quantile(PERSONID_1, 4)
        generate p = round(pi(), 0.01) + abs(-2) + ceil(1.2) + int(-1.7) + sqrt(16) + ln(exp(1)) + log10(100) + round(logit(0.5))
        """, in: &e)
        let id = ids
        #expect(try e.numbers("alder") == id.map { 70 - Double(Int($0) % 50) })
        #expect(try e.numbers("fy") == id.map { 1950 + Double(Int($0) % 50) })
        #expect(try e.numbers("fm").allSatisfy { $0 == 6 + 15 + 2 + 1 })
        #expect(try e.numbers("dw")[0] == 3)
        #expect(try e.numbers("dy")[0] == 61)
        #expect(try e.numbers("wk")[0] == 2)
        #expect(try e.texts("iso")[0] == "1951-06-15")
        #expect(abs(try e.numbers("n0")[0] - 1.6321) < 1e-12)
        #expect(try e.numbers("il").reduce(0, +) == 1000)
        // lønn = 1.5 id in [1000, 2000] ⇔ id 667…1333; missing lønn → 0.
        #expect(try e.numbers("ir").reduce(0, +) == 667)
        #expect(try e.numbers("sm").reduce(0, +) == 500)
        #expect(try e.texts("k2")[0] == "1951- X ")
        #expect(try e.numbers("len")[0] == 3)
        #expect(try e.numbers("sw")[0] == 2)
        #expect(try e.numbers("st").allSatisfy { $0 == 0 })
        // id 1: g 1, lønn 1.5 → rowmax 1.5, rowmin 1, rowtotal 1.5, rowmissing 1, rowvalid 1.
        let expectedRM: Double = 1.5 + 1 + 1.5 + 1 + 1
        #expect(try e.numbers("rm")[0] == expectedRM)
        // id 2000: lønn missing, g 0 → 0 + 0 + 0 + 2 + 1.
        #expect(try e.numbers("rm")[1999] == 3)
        let expectedMean: Double = 3 + 2 + 2.0.squareRoot()
        #expect(try e.numbers("rmean")[0] == expectedMean)
        let q = try e.numbers("q")
        #expect((1...4).allSatisfy { g in q.filter { $0 == Double(g) }.count == 500 })
        let expectedP: Double = 3.14 + 2 + 2 - 1 + 4 + 1 + 2
        #expect(try e.numbers("p")[0] == expectedP)
        #expect(e.workspace.current?.column(named: "fy")?.type == .long)
    }

    /// `keep if` takes a fast path for comparisons; it must select what the general
    /// evaluation (as in `generate`) says is true.
    @Test func fastConditionsAgreeWithGeneralEvaluation() throws {
        let conditions = ["kjønn == '1'", "kjønn != '1'", "kjønn < '2'", "kjønn >= '2'", "kjønn > '1'", "kjønn <= '1'",
                          "lønn > 1000", "lønn != 1.5", "lønn == 1.5 | g == 2", "lønn < 2000 & g != 1", "fdato >= 1970-01-01"]
        for condition in conditions {
            var e = try persons()
            try EngineFixture.run("generate t = \(condition)", in: &e)
            let expected = try e.numbers("t").filter { $0 == 1 }.count
            try EngineFixture.run("keep if \(condition)", in: &e)
            #expect(e.rows == expected, "\(condition)")
        }
    }

    @Test func quotedDatesCompareWithDateVariables() throws {
        var e = try persons()
        try EngineFixture.run("""
        let grense = '1970-01-01'
        generate etter = fdato >= $grense
        generate etter2 = fdato >= 1970-01-01
        """, in: &e)
        // Born 1950 + id % 50: from 1970 for id % 50 ≥ 20, i.e. 60 % of 2000.
        #expect(try e.numbers("etter").reduce(0, +) == 1200)
        #expect(try e.numbers("etter") == e.numbers("etter2"))
    }

    @Test func extremeValuesGiveMissingNotCrashes() throws {
        var e = try persons()
        let functions = ["year", "month", "day", "quarter", "halfyear", "week", "dow", "doy", "isoformatdate", "string",
                         "sqrt", "exp", "ln", "log10", "abs", "ceil", "floor", "int", "round", "logit", "normal"]
        var script = "generate big = 1e300 * (PERSONID_1 - 1000)\n"
        for (k, f) in functions.enumerated() { script += "generate f\(k) = \(f)(big)\n" }
        script += """
        generate d1 = date(big, 1, 1)
        generate d2 = date(2020, big, 1)
        generate s1 = substr('abc', 1e300, -1e300)
        generate q = quantile(big, 3)
        generate t = ttail(big, big) + chi2(big, big)
        """
        try EngineFixture.run(script, in: &e)
        #expect(try e.numbers("d1").allSatisfy(\.isNaN))
        #expect(try e.numbers("f0")[0].isNaN)
    }

    @Test func missingValuesCompareAsFalse() throws {
        var e = try persons()
        try EngineFixture.run("""
        generate high = 1 if lønn > 1000
        generate notlow = !(lønn <= 1000)
        generate either = lønn > 1000 | g == 0
        generate d = lønn / 0
        """, in: &e)
        // 1.5 id > 1000 ⇔ id ≥ 667, up to 1500: 834 rows; the 500 missing are not 'high'.
        #expect(try e.numbers("high").filter { $0 == 1 }.count == 834)
        #expect(try e.numbers("notlow").filter { $0.isNaN }.count == 500)
        // either: 834 high, plus g == 0 among ids ≤ 666 (166) and above 1500 (125).
        #expect(try e.numbers("either").filter { $0 == 1 }.count == 834 + 166 + 125)
        #expect(try e.numbers("d").allSatisfy(\.isNaN))
    }

    @Test func unknownVariableSuggestsAndChangesNothing() throws {
        var e = try persons()
        let before = e.workspace.history.count
        do {
            try EngineFixture.run("generate ok = 1\ngenerate y = kjonn + 1", in: &e)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "test.txt:2:14: error: unknown variable 'kjonn' (did you mean 'kjønn'?)")
            #expect(error.suggestion == "kjønn")
        }
        // The first line ran; the failing one changed nothing.
        #expect(e.workspace.history.count == before + 1)
        #expect(e.workspace.current?.column(named: "y") == nil)
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("use q", in: &e) }
        #expect(e.workspace.currentName == "p")
    }

    @Test func transformationsThatSingleOutUnitsAreRefused() throws {
        var e = try persons()
        let columns = e.workspace.current!.variableNames
        for line in ["generate x = 1 if PERSONID_1 == 7",
                     "replace g = 9 if PERSONID_1 <= 3",
                     "keep if PERSONID_1 != 7",
                     "drop if PERSONID_1 == 7",
                     "recode g (0 = 5) if PERSONID_1 < 5",
                     "generate y = 1 if PERSONID_1 > 5",
                     "generate z = PERSONID_1 == 5",
                     "generate z = inlist(PERSONID_1, 5, 6)"] {
            do {
                try EngineFixture.run(line, in: &e)
                Issue.record("'\(line)' should be refused")
            } catch {
                #expect(error.message.contains("refused"), "\(line): \(error.message)")
                #expect(e.lastRefusal?.rule == "minimum_units_changed")
            }
        }
        #expect(e.rows == 2000)
        #expect(e.workspace.current!.variableNames == columns)
        #expect(try e.numbers("g").filter { $0 == 9 }.isEmpty)
        // Changing ten or more (and leaving ten or more) is fine.
        try EngineFixture.run("replace g = 9 if PERSONID_1 <= 10", in: &e)
        #expect(try e.numbers("g").filter { $0 == 9 }.count == 10)
    }

    @Test func replaceAndStrings() throws {
        var e = try persons()
        try EngineFixture.run("""
        replace kjønn = '9' if g == 0
        generate mann = kjønn == '1'
        replace lønn = 0 if sysmiss(lønn)
        """, in: &e)
        #expect(try e.texts("kjønn").filter { $0 == "9" }.count == 500)
        #expect(try e.numbers("mann").reduce(0, +) == 1000)
        #expect(try e.numbers("lønn").filter { $0 == 0 }.count == 500)
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("replace kjønn = 3", in: &e) }
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("replace nope = 3", in: &e) }
    }

    /// A replace without `if` changes the column in place: one column of that name, new values.
    /// (A block-evaluated fast path once appended a second column and left the first as it was.)
    @Test func replaceWithoutConditionChangesTheColumnInPlace() throws {
        var e = try persons()
        let before = try e.numbers("g")
        let columns = try #require(e.workspace.current).columns.count
        try EngineFixture.run("replace g = g * 2 + 1", in: &e)
        #expect(try #require(e.workspace.current).columns.count == columns)
        #expect(try #require(e.workspace.current).columns.filter { $0.name == "g" }.count == 1)
        let after = try e.numbers("g")
        #expect(zip(before, after).allSatisfy { ($0.isNaN && $1.isNaN) || $1 == $0 * 2 + 1 })
    }

    @Test func recodeRules() throws {
        var e = try persons()
        try EngineFixture.run("""
        recode g (0 = 10 'null') (1/2 = 20) (* = .), generate(g2)
        recode lønn (missing = 0) (nonmissing = 1), prefix(r_)
        recode kjønn ('1' = 'M') ('2' = 'K')
        recode faarmnd (min/197000 = 1) (197001/max = 2)
        """, in: &e)
        let g2 = try e.numbers("g2")
        #expect(g2[0] == 20 && g2[1] == 20 && g2[2].isNaN && g2[3] == 10)
        #expect(e.workspace.labelSets["g2"]?.label(forNumber: 10) == "null")
        #expect(e.workspace.current?.column(named: "g2")?.labelSet == "g2")
        #expect(try e.numbers("r_lønn").reduce(0, +) == 1500)
        #expect(try e.texts("kjønn").prefix(2) == ["M", "K"])
        // Born 1950…1969 → 1, 1970…1999 → 2.
        #expect(try e.numbers("faarmnd").filter { $0 == 1 }.count == 800)
        #expect(try e.numbers("g") == ids.map { Double(Int($0) % 4) })
    }

    @Test func renameCloneDropKeep() throws {
        var e = try persons()
        try EngineFixture.run("""
        rename g gruppe
        clone-variables gruppe -> g2
        clone-variables fdato, suffix(_kopi)
        """, in: &e)
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("clone-variables lønn", in: &e) }
        #expect(e.workspace.current!.variableNames == ["kjønn", "fdato", "faarmnd", "lønn", "gruppe", "g2", "fdato_kopi"])
        try EngineFixture.run("clone-variables lønn, prefix(x_)\ndrop g2 fdato_kopi", in: &e)
        #expect(e.workspace.current!.variableNames == ["kjønn", "fdato", "faarmnd", "lønn", "gruppe", "x_lønn"])
        try EngineFixture.run("keep PERSONID_1 lønn kjønn\nkeep if lønn > 300", in: &e)
        #expect(e.workspace.current!.variableNames == ["kjønn", "lønn"])
        #expect(e.rows == 1300)
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("drop PERSONID_1", in: &e) }
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("rename lønn kjønn", in: &e) }
    }

    @Test func destring() throws {
        var e = try persons()
        try EngineFixture.run("""
        generate s = string(PERSONID_1)
        generate t = 'kr ' + s
        destring s, prefix(n_)
        destring t, ignore('kr ')
        generate c = '1,5'
        destring c, dpcomma
        generate bad = 'x' + s
        """, in: &e)
        #expect(try e.numbers("n_s") == ids)
        #expect(try e.numbers("t") == ids)
        #expect(try e.numbers("c").allSatisfy { $0 == 1.5 })
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("destring bad", in: &e) }
        try EngineFixture.run("destring bad, force", in: &e)
        #expect(try e.numbers("bad").allSatisfy(\.isNaN))
    }

    @Test func collapseStatistics() throws {
        var e = try persons()
        try EngineFixture.run("""
        generate v = PERSONID_1
        collapse (mean) v -> mean (sum) v -> sum (count) v -> n (median) v -> med (min) v -> mn (max) v -> mx \
            (sd) v -> sd (semean) v -> se (percent) v -> pct (iqr) v -> iqr (gini) v -> gini (p90) v -> p90, by(g)
        """, in: &e)
        let d = try #require(e.workspace.current)
        #expect(d.rowCount == 4)
        #expect(d.idName == "g")
        #expect(try e.numbers("g") == [0, 1, 2, 3])
        // Group 0: 4, 8, …, 2000.
        #expect(try e.numbers("mean")[0] == 1002)
        #expect(try e.numbers("sum")[0] == 501_000)
        #expect(try e.numbers("n")[0] == 500)
        #expect(try e.numbers("med")[0] == 1002)
        #expect(try e.numbers("mn")[0] == 4)
        #expect(try e.numbers("mx")[0] == 2000)
        let sd = 4 * (500.0 * 501 / 12).squareRoot()
        #expect(abs(try e.numbers("sd")[0] - sd) < 1e-9)
        #expect(abs(try e.numbers("se")[0] - sd / 500.0.squareRoot()) < 1e-9)
        #expect(try e.numbers("pct")[0] == 25)
        #expect(try e.numbers("iqr")[0] == 1000)
        #expect(abs(try e.numbers("gini")[0] - 499.0 / 1500) < 1e-12)
        #expect(try e.numbers("p90")[0] == (1800 + 1804) / 2)
        #expect(d.column(named: "n")?.type == .long)
    }

    @Test func aggregateAndMergeOn() throws {
        var e = try persons()
        try EngineFixture.run("""
        generate v = PERSONID_1
        generate b = g == 0
        aggregate (mean) v -> gm (sebinomial) b -> sb, by(g)
        clone-dataset p grupper
        use grupper
        collapse (mean) v -> snitt, by(g)
        merge snitt into p on g
        use p
        """, in: &e)
        #expect(e.rows == 2000)
        #expect(try e.numbers("gm")[3] == 1002)
        #expect(try e.numbers("sb")[0] == 0)
        #expect(try e.numbers("snitt")[3] == 1002)
        #expect(try e.numbers("snitt")[0] == 999)
        // Merging into a dataset that has the variable already is refused.
        #expect(throws: ScriptDiagnostic.self) { try EngineFixture.run("use grupper\nmerge snitt into p on g", in: &e) }
    }

    /// Collapsing by the unit id scans consecutive runs; by any other variable it buckets by
    /// group number. Both paths must agree on every statistic.
    @Test func collapseByUnitIDMatchesCollapseByVariable() throws {
        var e = try EngineFixture.engine()
        let stats = ["mean", "min", "max", "median", "count", "sum", "semean", "sebinomial", "sd", "percent", "iqr", "gini", "p25"]
        let specs = stats.map { "(\($0)) v -> s_\($0)" }.joined(separator: " ")
        try EngineFixture.run(EngineFixture.header + """
        create-dataset a
        import-event db/SIVSTANDFDT_SIVSTAND 1990-01-01 to 2030-12-31 as siv
        generate v = year(START@siv) + PERSONID_1 / 1000
        replace v = v - 2000 if siv == '4'
        generate pid = PERSONID_1
        clone-dataset a b
        collapse \(specs), by(PERSONID_1)
        use b
        collapse \(specs), by(pid)
        """, in: &e)
        let a = e.workspace.dataset(named: "a")!, b = e.workspace.dataset(named: "b")!
        #expect(a.rowCount == 2000 && b.rowCount == 2000)
        #expect(a.ids == b.ids)
        for stat in stats {
            let x = try a.withNumbers("s_\(stat)") { Array($0) }, y = try b.withNumbers("s_\(stat)") { Array($0) }
            #expect(zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) || abs($0 - $1) < 1e-9 }, "\(stat)")
        }
        #expect(try a.withNumbers("s_count") { $0[0] } == 2)
        #expect(abs(try a.withNumbers("s_min") { $0[0] } - 20.001) < 1e-9)
    }
}
