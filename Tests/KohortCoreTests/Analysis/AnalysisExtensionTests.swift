import Foundation
import Statistics
import Testing
@testable import KohortCore

/// anova post-hoc comparisons, ivregress's first stage, fuzzy rdd and histogram scales through
/// the engine: released numbers equal the Statistics module called directly.
@Suite struct AnalysisExtensionTests {
    @Test func anovaPosthocReleasesOneModelPerMethod() throws {
        let (engine, results) = try AnalysisFixture.run("""
        generate g = int(3 * u)
        anova y g, posthoc
        anova y g, sidak
        anova y g, posthoc(tukey)
        """)
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.map(\.estimator).map { $0.components(separatedBy: ":")[0] } ==
                ["anova posthoc (bonferroni)", "anova posthoc (scheffe)", "anova posthoc (sidak)", "anova posthoc (tukey)",
                 "anova posthoc (sidak)", "anova posthoc (tukey)"])
        let y = try engine.numbers("y"), g = try engine.numbers("g").map { Int32($0) }
        let direct = ANOVA.pairwiseComparisons(try ANOVA.oneWay(values: y, groups: g))
        #expect(models[0].coefficients.map(\.term) == ["1 − 0", "2 − 0", "2 − 1"])
        for (m, method) in zip(models, [PostHocMethod.bonferroni, .scheffe, .sidak, .tukey, .sidak, .tukey]) {
            for (a, d) in zip(m.coefficients, direct) {
                #expect(a.estimate == d.difference && a.se == d.standardError && a.statistic == d.t)
                #expect(a.p == method.pValue(d))
                #expect(a.ciLow < d.difference && a.ciHigh > d.difference)
            }
        }
        #expect(results.allSatisfy { AnalysisFixture.kind($0) != "model" || $0.protections.map(\.rule).contains("model_rules") })
    }

    @Test func unknownPosthocMethodIsNamed() {
        #expect { try AnalysisFixture.run("generate g = int(3 * u)\nanova y g, posthoc(holm)") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("unknown post-hoc method 'holm'") == true
        }
    }

    @Test func posthocNeedsOneWay() {
        #expect { try AnalysisFixture.run("generate g = int(3 * u)\nanova y g kjønn, bonferroni") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("one-way") == true
        }
    }

    @Test func ivregressFirstShowsTheFirstStage() throws {
        let (engine, results) = try AnalysisFixture.run("generate w = u + v * v\nivregress y v (w = u), first")
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.map(\.estimator) == ["ivregress 2sls", "ivregress first stage"])
        let first = models[1]
        #expect(first.dependent == "w")
        #expect(first.coefficients.map(\.term) == ["v", "u", "_cons"])
        let w = try engine.numbers("w"), u = try engine.numbers("u"), v = try engine.numbers("v")
        let direct = try IVRegression.firstStage(endogenous: DesignMatrix(columns: [w], names: ["w"]),
                                                 exogenous: DesignMatrix(columns: [v], names: ["v"]),
                                                 instruments: DesignMatrix(columns: [u], names: ["u"]))[0]
        #expect(first.coefficients.map(\.estimate) == direct.regression.table.estimates)
        guard case .message(let note) = results.last?.payload else { Issue.record("no footer"); return }
        #expect(note.text.contains(String(format: "F(1, ·) of excluded instruments = %.2f", direct.fStatistic)))
        #expect(!note.text.contains("F(1, \(direct.fDegreesOfFreedom.1))"))
    }

    @Test func fuzzyRddIsTheRatioOfJumps() throws {
        let (engine, results) = try AnalysisFixture.run("""
        generate tr = (x >= 5) * (v > 0.2) + (x < 5) * (v > 0.8)
        generate y2 = 1 + 2 * x + 3 * tr + v
        rdd y2 x, cutoff(5) bandwidth(3) fuzzy(tr)
        """)
        let m = try #require(results.compactMap(AnalysisFixture.model).first)
        #expect(m.estimator.hasPrefix("rdd (fuzzy"))
        #expect(m.coefficients.map(\.term) == ["Conventional", "Bias-corrected", "Robust"])
        let x = try engine.numbers("x"), t = try engine.numbers("tr"), y = try engine.numbers("y2")
        let direct = try RegressionDiscontinuity.estimate(outcome: y, running: x, treatment: t, options: .init(cutoff: 5, bandwidth: 3))
        #expect(m.coefficients.map(\.estimate) == [direct.conventional, direct.biasCorrected, direct.robust].map(\.estimate))
        #expect(m.coefficients.map(\.se) == [direct.conventional, direct.biasCorrected, direct.robust].map(\.standardError))
        #expect(abs(m.coefficients[2].estimate - 3) < 0.3)   // the built-in effect of tr
        guard case .message(let note) = results.last?.payload else { Issue.record("no footer"); return }
        #expect(note.text.contains("jump in tr"))
        #expect(note.text.contains("BW est. (h)") && note.text.contains("manual (h = b)"))
    }

    /// Without bandwidth(): rdrobust's MSE-optimal h and b; the cutoff defaults to 0 as in
    /// microdata.no; polynomial() sets p (and q = p + 1).
    @Test func rddSelectsTheBandwidthAndTakesPolynomial() throws {
        let (engine, results) = try AnalysisFixture.run("""
        generate xc = x - 5
        generate y3 = 1 + 2 * xc + 0.3 * xc * xc + 4 * (xc >= 0) + v
        rdd y3 xc
        rdd y3 xc, cutoff(0) polynomial(2)
        """)
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.count == 2)
        let x = try engine.numbers("xc"), y = try engine.numbers("y3")
        let p1 = try RegressionDiscontinuity.estimate(outcome: y, running: x)
        let p2 = try RegressionDiscontinuity.estimate(outcome: y, running: x, options: .init(polynomial: 2))
        #expect(models[0].coefficients.map(\.estimate) == [p1.conventional, p1.biasCorrected, p1.robust].map(\.estimate))
        #expect(models[1].coefficients.map(\.estimate) == [p2.conventional, p2.biasCorrected, p2.robust].map(\.estimate))
        #expect(abs(models[0].coefficients[2].estimate - 4) < 0.3)
        #expect(models[0].statisticName == "z")
        let notes = results.compactMap { r -> String? in if case .message(let m) = r.payload { return m.text }; return nil }
        #expect(notes.first?.contains("mserd") == true)
        let order = notes.last?.split(separator: "\n").first { $0.hasPrefix("Order est. (p)") }
        #expect(order?.hasSuffix(" 2") == true, "\(order ?? "no order line")")
    }

    /// The audit records an rdd's sample as the rows within max(h, b) of the cutoff: the same
    /// rows less three units (ids 1, 2 and 4 lie inside 2 < x < 8) are refused afterwards, the
    /// same rows exactly are not.
    @Test func rddAuditsTheRowsInsideTheBandwidth() throws {
        func session() throws -> ScriptEngine {
            var engine = try AnalysisFixture.engine()
            try EngineFixture.run(AnalysisFixture.setup, in: &engine)
            _ = try EngineFixture.run("rdd y x, cutoff(5) bandwidth(3)", in: &engine)
            return engine
        }
        var same = try session()
        _ = try EngineFixture.run("summarize y if x > 2 & x < 8", in: &same)
        var fewer = try session()
        do {
            _ = try EngineFixture.run("summarize y if x > 2 & x < 8 & PERSONID_1 > 5", in: &fewer)
            Issue.record("a sample three units smaller than the rdd's was released")
        } catch {
            #expect(fewer.lastRefusal?.rule == "minimum_sample_difference", "\(error)")
        }
    }

    @Test func rddRefusalsAreOneSentence() throws {
        do {
            _ = try AnalysisFixture.run("rdd y x, polynomial(1.5)")
            Issue.record("polynomial(1.5) ran")
        } catch {
            #expect("\(error)".contains("polynomial() must be 0, 1, 2, 3 or 4"))
        }
        do {
            _ = try AnalysisFixture.run("rdd y x, cutoff(50)")
            Issue.record("a cutoff outside the data ran")
        } catch {
            #expect("\(error)".contains("strictly inside the range"))
        }
    }

    @Test func histogramScalesComeFromTheReleasedCounts() throws {
        let (_, results) = try AnalysisFixture.run("""
        histogram inntekt, bin(10)
        histogram inntekt, bin(10) density
        histogram inntekt, bin(10) percent
        histogram inntekt, bin(10) fraction
        """)
        let hs = results.compactMap { r -> ReleasedHistogram? in if case .histogram(let h) = r.payload { return h }; return nil }
        #expect(hs.map(\.scale) == [.frequency, .density, .percent, .fraction])
        let counts = hs[0].bins.map(\.count)
        #expect(hs.allSatisfy { $0.bins.map(\.count) == counts })   // the same released counts
        let shown = Double(counts.compactMap { $0 }.reduce(0, +))
        let density = hs[1].heights
        let area = zip(density, hs[1].bins).reduce(0.0) { $0 + ($1.0 ?? 0) * ($1.1.to - $1.1.from) }
        #expect(abs(area - 1) < 1e-12)
        for (p, c) in zip(hs[2].heights, counts) { #expect(p == c.map { 100 * Double($0) / shown }) }
        #expect(abs(hs[3].heights.compactMap { $0 }.reduce(0, +) - 1) < 1e-12)
        #expect(ResultText.render(results[1], width: 80).contains("y: Density"))
        #expect(ResultJSON.object(results[1])["scale"] as? String == "density")
        let spec = try #require(VegaLite.spec(results[1]))
        let y = (spec["encoding"] as? [String: Any])?["y"] as? [String: Any]
        #expect(y?["title"] as? String == "Density" && y?["field"] as? String == "density")
    }

    @Test func histogramTakesOneScale() {
        #expect { try AnalysisFixture.run("histogram inntekt, density percent") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("one of frequency") == true
        }
    }

    /// Random effects on an unbalanced panel (some units lose their second year): fitted, not
    /// refused, equal to the Statistics module, with θ reported as a range.
    @Test func randomEffectsOnAnUnbalancedPanel() throws {
        var engine = try AnalysisFixture.engine()
        // y3 adds a unit effect (fractional part of id·√5) that x does not explain.
        try EngineFixture.run(AnalysisPanelTests.panel + """
        drop if t == 1 & u < 0.3
        generate a = PERSONID_1 * 2.2360679 - int(PERSONID_1 * 2.2360679)
        generate y3 = y + 6 * a

        """, in: &engine)
        #expect(engine.rows < 4000 && engine.rows > 3000)
        let results = try EngineFixture.run("regress-panel y3 x, re", in: &engine)
        let m = try #require(results.compactMap(AnalysisFixture.model).first)
        let y = try engine.numbers("y3"), x = try engine.numbers("x"), ids = try engine.numbers("PERSONID_1")
        var codes: [Int32] = [], last = Double.nan
        for id in ids { if id != last { codes.append((codes.last ?? -1) + 1); last = id } else { codes.append(codes.last!) } }
        let direct = try PanelRegression.fit(y: y, design: DesignMatrix(columns: [x], names: ["x"]), panel: codes,
                                             options: .init(estimator: .random))
        #expect(direct.theta == nil && Set(direct.thetas).count == 2)
        #expect(m.coefficients.map(\.estimate) == direct.table.estimates)
        guard case .message(let note) = results.last?.payload else { Issue.record("no footer"); return }
        #expect(note.text.contains("theta varies by panel length"))
        #expect(!note.text.contains("theta min"), "the shortest and longest panel must not be derivable")
        #expect(note.text.contains("R-sq within = ") && note.text.contains("between = "))
        #expect(m.estimator == "regress-panel re")

        // `sa`: Stata's `xtreg, re sa` (Baltagi–Chang Swamy–Arora), a different fit when unbalanced.
        let sa = try EngineFixture.run("regress-panel y3 x, re sa", in: &engine)
        let ms = try #require(sa.compactMap(AnalysisFixture.model).first)
        let directSA = try PanelRegression.fit(y: y, design: DesignMatrix(columns: [x], names: ["x"]), panel: codes,
                                               options: .init(estimator: .random, randomEffects: .swamyArora))
        #expect(ms.estimator == "regress-panel re sa")
        #expect(ms.coefficients.map(\.estimate) == directSA.table.estimates)
        #expect(directSA.sigmaU! != direct.sigmaU!)
        #expect { try EngineFixture.run("regress-panel y3 x, fe sa", in: &engine) } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("goes with re") == true
        }
    }
}
