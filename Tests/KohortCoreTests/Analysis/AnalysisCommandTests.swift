import Foundation
import Statistics
import Testing
@testable import KohortCore

/// Each command through the engine: the released kind, counts within the perturbation bound
/// of hand counts, and model coefficients identical to the Statistics module called directly
/// (the disclosure layer never changes a coefficient).
@Suite struct AnalysisCommandTests {
    let bound = PerturbationTable.standard.bound

    @Test func tabulateTwoWayCountsAreHandCountsWithinTheBound() throws {
        let (_, results) = try AnalysisFixture.run("tabulate kjønn sivstand, rowpct chi2")
        let t = try #require(AnalysisFixture.table(results[0]))
        #expect(t.dimensions == ["kjønn", "sivstand"])
        #expect(t.categories == [["1", "2"], ["1", "2", "4"]])
        // Odd ids (kjønn 1): id % 4 == 1 → '4', id % 4 == 3 → '1'. Even: % 4 == 0 → '2', else '1'.
        let truth = [500, 0, 500, 500, 500, 0]
        for (cell, n) in zip(t.cells, truth) {
            if n == 0 { #expect(cell.count == nil) } else { #expect(abs(cell.count! - n) <= bound) }
        }
        #expect(abs(t.totals.last!.count! - 2000) <= bound)
        #expect(t.chiSquared == nil)   // withheld: the table has suppressed (zero) cells
        #expect(results[0].protections.map(\.rule).contains("chi2_withheld"))
    }

    @Test func tabulateOneWayTopAndVolume() throws {
        let (_, results) = try AnalysisFixture.run("""
        tabulate sivstand, top(2)
        tabulate kjønn, summarize(inntekt)
        """)
        let top = try #require(AnalysisFixture.table(results[0]))
        #expect(top.categories[0].count == 2)
        #expect(top.categories[0].contains("1"))   // '1' has 1000 units, the others 500
        let vol = try #require(AnalysisFixture.table(results[1]))
        #expect(vol.summaryVariable == "inntekt")
        #expect(vol.statisticNames == ["mean", "sd", "sum", "p25", "p50", "p75"])
        let mean = try #require(vol.cells[0].statistics[0])
        #expect(abs(mean - 100_001) < 2_000)   // odd ids: mean of id·100 + 1 ≈ 100 001 (winsorised)
    }

    @Test func summarizeHasNoExtremesAndPerturbedN() throws {
        let (_, results) = try AnalysisFixture.run("summarize inntekt x, gini iqr")
        guard case .summary(let s) = results[0].payload else { Issue.record("not a summary"); return }
        let inntekt = s.variables[0]
        #expect(abs(inntekt.n! - 2000) <= bound)
        #expect(inntekt.percentiles.map(\.level) == [1, 5, 10, 25, 50, 75, 90, 95, 99])
        #expect(inntekt.percentiles.last!.value < 200_001)      // never the maximum
        #expect(inntekt.percentiles.first!.value > 101)          // never the minimum
        #expect(inntekt.gini != nil && inntekt.iqr != nil)
        #expect(results[0].protections.map(\.rule).contains("no_extremes"))
    }

    @Test func regressCoefficientsEqualTheStatisticsModule() throws {
        let (engine, results) = try AnalysisFixture.run("regress y x i.kjønn, robust")
        let m = try #require(AnalysisFixture.model(results[0]))
        #expect(m.coefficients.map(\.term) == ["x", "2.kjønn", "_cons"])
        let x = try engine.numbers("x"), y = try engine.numbers("y")
        let k2 = try engine.texts("kjønn").map { $0 == "2" ? 1.0 : 0.0 }
        let direct = try OLS.fit(y: y, design: DesignMatrix(columns: [x, k2], names: ["x", "2.kjønn"]), options: OLS.Options(variance: .robust))
        for (a, j) in zip(m.coefficients, direct.table.estimates.indices) {
            #expect(a.estimate == direct.table.estimates[j])
            #expect(a.se == direct.table.standardErrors[j])
        }
        #expect(abs(m.n! - 2000) <= bound)
        #expect(m.statisticName == "t")
        #expect(abs(m.coefficients[0].estimate - 2) < 0.05)
        #expect(results[0].protections.map(\.rule).contains("model_rules"))
    }

    @Test func collinearTermIsDroppedAndReported() throws {
        let (_, results) = try AnalysisFixture.run("""
        generate x2 = 2 * x
        regress y x x2
        """)
        let m = try #require(AnalysisFixture.model(results[0]))
        #expect(m.coefficients.map(\.term) == ["x", "_cons"])
        guard case .message(let note) = results[1].payload else { Issue.record("no note"); return }
        #expect(note.text.contains("x2 omitted because of collinearity"))
    }

    @Test func factorInteractionsBuildDummies() throws {
        let (_, results) = try AnalysisFixture.run("regress y c.x##i.kjønn ib4.sivstand")
        let m = try #require(AnalysisFixture.model(results[0]))
        #expect(m.coefficients.map(\.term) == ["c.x", "2.kjønn", "c.x#2.kjønn", "1.sivstand", "2.sivstand", "_cons"])
    }

    @Test func logitAndProbitEqualTheStatisticsModule() throws {
        let (engine, results) = try AnalysisFixture.run("""
        logit yb x, or
        probit yb x i.kjønn, mfx
        """)
        let x = try engine.numbers("x"), yb = try engine.numbers("yb")
        let direct = try BinaryRegression.fit(y: yb, design: DesignMatrix(columns: [x], names: ["x"]), link: .logit)
        let models = results.compactMap(AnalysisFixture.model)
        let or = try #require(models.first)
        #expect(or.coefficients[0].estimate == exp(direct.table.estimates[0]))
        #expect(or.logLikelihood == direct.logLikelihood)
        #expect(or.iterations == direct.iterations)
        #expect(models.count == 3)
        let probit = models[1]
        #expect(probit.estimator == "probit")
        let mfx = models[2]
        #expect(mfx.estimator.contains("marginal effects"))
    }

    @Test func countModelsMlogitAndIV() throws {
        let (_, results) = try AnalysisFixture.run("""
        poisson antall x, irr
        generate nb = int(20 * v * v * v * v)
        negative-binomial nb x
        mlogit sivstand x
        ivregress y (x = u)
        """)
        let kinds = results.map(AnalysisFixture.kind)
        #expect(kinds.filter { $0 == "model" }.count == 4)
        let iv = try #require(results.compactMap(AnalysisFixture.model).last)
        #expect(abs(iv.coefficients[0].estimate - 2) < 0.05)
        let ml = try #require(results.compactMap(AnalysisFixture.model).dropLast().last)
        // Equations are named by the outcome's values (sivstand 1, 2, 4; base 1, the most frequent).
        #expect(ml.coefficients.map(\.term) == ["2:x", "2:_cons", "4:x", "4:_cons"])
    }

    @Test func coxAndWeibullEqualTheStatisticsModule() throws {
        let (engine, results) = try AnalysisFixture.run("""
        cox dager hendelse x
        weibull dager hendelse x, hr
        """)
        let t = try engine.numbers("dager"), e = try engine.numbers("hendelse"), x = try engine.numbers("x")
        let direct = try Cox.fit(time: t, event: e, design: DesignMatrix(columns: [x], names: ["x"]))
        let m = try #require(AnalysisFixture.model(results[0]))
        #expect(m.coefficients[0].estimate == direct.table.estimates[0])
        #expect(m.logLikelihood == direct.logLikelihood)
        let w = try #require(results.compactMap(AnalysisFixture.model).last)
        #expect(w.estimator.hasPrefix("weibull"))
    }

    @Test func coxWithoutEventsIsAClearMessage() throws {
        #expect { try AnalysisFixture.run("generate ingen = 0\ncox dager ingen x") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("there are no events or too few") == true
        }
        // Five events get the very same message (0 and 1–9 look alike).
        #expect { try AnalysisFixture.run("generate fem = PERSONID_1 <= 10\ncox dager fem x if PERSONID_1 > 5") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("there are no events or too few") == true
        }
    }

    @Test func kaplanMeierAndCharts() throws {
        let (_, results) = try AnalysisFixture.run("""
        kaplan-meier dager hendelse, by(kjønn)
        histogram inntekt, bin(20)
        boxplot inntekt, over(kjønn)
        barchart (mean) inntekt, over(kjønn)
        barchart sivstand
        hexbin x y, gridsize(10)
        piechart sivstand
        sankey kjønn sivstand
        correlate x y
        coefplot regress y x
        ci x
        anova y kjønn
        """)
        let kinds = results.map(AnalysisFixture.kind)
        for k in ["survival", "histogram", "boxplot", "barchart", "hexbin", "pie", "sankey", "correlation", "coefplot", "model"] {
            #expect(kinds.contains(k), "missing \(k)")
        }
        guard case .survival(let s) = results[0].payload else { Issue.record("not survival"); return }
        #expect(s.groups.count == 2)
        #expect(s.groups.allSatisfy { $0.steps.allSatisfy { $0.time.truncatingRemainder(dividingBy: 30) == 0 } })
        guard case .message(let km) = results[1].payload else { Issue.record("no KM note"); return }
        #expect(km.text.contains("Log-rank"))
    }

    @Test func predictCreatesVariablesAndPrintsNoValues() throws {
        let (engine, results) = try AnalysisFixture.run("""
        regress-predict y x, predicted(yhat) residuals(res) cooksd(cd)
        logit-predict yb x, predicted(pb)
        """)
        #expect(results.allSatisfy { AnalysisFixture.kind($0) == "message" })
        let yhat = try engine.numbers("yhat"), res = try engine.numbers("res"), y = try engine.numbers("y")
        #expect(abs(yhat[10] + res[10] - y[10]) < 1e-9)
        #expect(try engine.numbers("pb").allSatisfy { $0 > 0 && $0 < 1 })
        #expect(try engine.numbers("cd").count == 2000)
    }

    @Test func panelAndRddAndDiD() throws {
        let (_, results) = try AnalysisFixture.run("""
        generate post = u > 0.5
        generate treat = v > 0.5
        regress-panel-diff y treat post x
        rdd y x, cutoff(5) bandwidth(3)
        """)
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.count == 2)
        #expect(models[0].coefficients.contains { $0.term == "c.treat#c.post" })
        #expect(models[1].coefficients.map(\.term) == ["Conventional", "Bias-corrected", "Robust"])
        // y is linear in x with no jump at 5: the effect is ~0.
        #expect(abs(models[1].coefficients[2].estimate) < 0.5)
    }
}

@Suite struct AnalysisEdgeCaseTests {
    /// A cluster variable missing on some rows shrinks the sample of outcome and design alike.
    @Test func clusterWithMissingValuesUsesTheSameRows() throws {
        let (_, results) = try AnalysisFixture.run("""
        generate grp = int(20 * u) if PERSONID_1 > 100
        logit yb x, cluster(grp)
        regress y x, cluster(grp)
        """)
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.count == 2)
        #expect(models.allSatisfy { abs($0.n! - 1900) <= 2 })
    }

    @Test func correlateSigAddsPValuesFromTheReleasedMatrix() throws {
        let (_, results) = try AnalysisFixture.run("correlate x y u, sig")
        #expect(AnalysisFixture.kind(results[0]) == "correlation")
        guard case .message(let m) = results[1].payload else { Issue.record("no sig note"); return }
        #expect(m.text.contains("y – x: p = 0.0000"))
    }

    @Test func perfectSeparationIsAClearMessage() {
        #expect { try AnalysisFixture.run("generate sep = x > 5\nlogit sep x") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("perfect separation") == true
        }
    }

    @Test func constantOutcomeAndStringOutcomeAreClearMessages() {
        #expect(throws: ScriptDiagnostic.self) { try AnalysisFixture.run("generate k = 1\nregress k x") }
        #expect { try AnalysisFixture.run("regress kjønn x") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("string variable") == true
        }
        // 2000 distinct values, one unit each: every cell would be suppressed.
        #expect { try AnalysisFixture.run("tabulate u") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("suppressed") == true
        }
    }
}

@Suite struct AnalysisPanelTests {
    static let panel = """
    require no.ssb.fdb:30 as db
    create-dataset panel
    import-panel db/INNTEKT_BRUTTOFORM db/BEFOLKNING_STATUSKODE 2019-12-31 2020-12-31
    generate u = PERSONID_1 * 0.6180339887 - int(PERSONID_1 * 0.6180339887)
    generate v = PERSONID_1 * 1.4142135623 - int(PERSONID_1 * 1.4142135623)
    generate t = year(date@panel) - 2019
    generate x = u + t * v
    generate e = (PERSONID_1 * 1.7320508 + t * 0.5) - int(PERSONID_1 * 1.7320508 + t * 0.5)
    generate y = 2 * x + 5 * u + 3 * e
    generate rik = INNTEKT_BRUTTOFORM > 100000
    generate grp = int(3 * u)

    """

    /// The population rule counts units, not rows: 700 persons are 1 400 panel rows, refused
    /// under minimum_population 1000 (a model's row count stands in for its units only when
    /// the dataset has one row per unit); 1 100 persons pass.
    @Test func aModelOnAPanelCountsUnitsNotRows() throws {
        var engine = try AnalysisFixture.engine()
        try EngineFixture.run(Self.panel, in: &engine)
        do {
            _ = try EngineFixture.run("regress y x if PERSONID_1 <= 700", in: &engine)
            Issue.record("a model on 700 units was released")
        } catch {
            let text = error.message
            #expect(text.contains("fewer than 1000"), "\(text)")
        }
        let results = try EngineFixture.run("regress y x if PERSONID_1 <= 1100", in: &engine)
        #expect(results.compactMap(AnalysisFixture.model).count == 1)
    }

    @Test func panelCommands() throws {
        var engine = try AnalysisFixture.engine()
        try EngineFixture.run(Self.panel, in: &engine)
        #expect(engine.rows == 4000)
        let results = try EngineFixture.run("""
        regress-panel y x, fe
        regress-panel y x, re
        regress-panel y x, be
        tabulate-panel rik
        summarize-panel y
        transitions-panel rik
        tabulate rik t grp
        """, in: &engine)
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.count == 3)
        #expect(abs(models[0].coefficients[0].estimate - 2) < 0.5)
        // Hausman: a released contrast, whether or not V_fe − V_re is positive definite (as Stata).
        let h = try EngineFixture.run("hausman y x", in: &engine)
        #expect(AnalysisFixture.model(h[0])?.estimator.hasPrefix("hausman") == true)
        let tables = results.compactMap(AnalysisFixture.table)
        #expect(tables.count == 3)
        #expect(tables[0].dimensions == ["rik", "date@panel"])
        #expect(tables[1].dimensions == ["rik (from)", "rik (to)"])
        #expect(tables[2].dimensions.count == 3)
        guard let summary = results.first(where: { AnalysisFixture.kind($0) == "summary" }), case .summary(let s) = summary.payload else {
            Issue.record("no summary"); return
        }
        #expect(s.variables.map(\.name) == ["y@2019-12-31", "y@2020-12-31"])
    }
}
