import Testing
@testable import Statistics

/// Cox, Kaplan–Meier and log-rank against R's survival package (Fixtures/survival.json, made
/// by Tests/reference/statistics/survival.R) on lung and veteran.
@Suite struct SurvivalTests {
    let ref: [String: Any]
    let lung: [String: [Double]]
    let vet: [String: [Double]]
    init() throws {
        ref = try Fixture.json("survival")
        lung = try Fixture.csv("lung")
        vet = try Fixture.csv("veteran")
    }
    var design: DesignMatrix { get throws { try DesignMatrix(columns: ["age", "sex", "ph.ecog", "wt.loss"].map { lung[$0]! }, names: ["age", "sex", "ph.ecog", "wt.loss"]) } }

    func check(_ r: Cox.Result, _ key: String) {
        let e = ref.object(key)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "\(key) b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "\(key) se")
        expectClose(r.table.pValues, e.doubles("p"), rel: 1e-5, "\(key) p")
        expectClose(r.table.lower, e.doubles("lower"), rel: 1e-6, "\(key) lower")
        expectClose(r.table.upper, e.doubles("upper"), rel: 1e-6, "\(key) upper")
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8), "\(key) ll")
        #expect(close(r.nullLogLikelihood, e.double("ll0"), rel: 1e-8), "\(key) ll0")
        #expect(close(r.chiSquared, e.double("lr"), rel: 1e-7), "\(key) LR")
        #expect(r.converged)
    }

    @Test func coxEfronAndBreslow() throws {
        check(try Cox.fit(time: lung["time"]!, event: lung["event"]!, design: design), "efron")
        check(try Cox.fit(time: lung["time"]!, event: lung["event"]!, design: design, options: .init(ties: .breslow)), "breslow")
    }

    @Test func coxRobustAndCluster() throws {
        let t = lung["time"]!, d = lung["event"]!
        let re = try Cox.fit(time: t, event: d, design: design, options: .init(variance: .robust))
        expectClose(re.table.standardErrors, ref.doubles("se_robust_efron"), rel: 1e-5, "robust efron se")
        let rb = try Cox.fit(time: t, event: d, design: design, options: .init(ties: .breslow, variance: .robust))
        expectClose(rb.table.standardErrors, ref.doubles("se_robust_breslow"), rel: 1e-5, "robust breslow se")
        let codes = lung["inst"]!.map { Int32($0) }
        let rc = try Cox.fit(time: t, event: d, design: design, options: .init(variance: .cluster(codes)))
        expectClose(rc.table.standardErrors, ref.doubles("se_cluster_efron"), rel: 1e-5, "cluster se")
        #expect(rc.clusters == Int(ref.double("G")))
    }

    @Test func coxEdgeCases() throws {
        let x = try DesignMatrix(columns: [[1, 2, 3, 4]])
        #expect(throws: StatisticsError.noEvents) {
            try Cox.fit(time: [1, 2, 3, 4], event: [0, 0, 0, 0], design: x)
        }
        let age = lung["age"]!
        let twice = try DesignMatrix(columns: ["age", "sex", "ph.ecog", "wt.loss"].map { lung[$0]! } + [age.map { $0 * 2 }],
                                     names: ["age", "sex", "ph.ecog", "wt.loss", "age2"])
        let r = try Cox.fit(time: lung["time"]!, event: lung["event"]!, design: twice)
        #expect(r.omittedNames == ["age2"])
        expectClose(Array(r.table.estimates[0..<4]), ref.object("efron").doubles("b"), rel: 1e-6, "b")
    }

    func checkKM(_ c: KaplanMeier.Curve, _ key: String) {
        let e = ref.object(key)
        expectClose(c.times, e.doubles("time"), rel: 1e-15, "\(key) time")
        #expect(c.atRisk.map(Double.init) == e.doubles("n_risk"))
        #expect(c.events.map(Double.init) == e.doubles("n_event"))
        #expect(c.censored.map(Double.init) == e.doubles("n_censor"))
        expectClose(c.survival, e.doubles("surv"), rel: 1e-12, "\(key) surv")
        let se = e.doubles("se"), lo = e.doubles("lower"), hi = e.doubles("upper")
        for i in c.times.indices {
            if let s = c.standardError[i] { #expect(close(s, se[i], rel: 1e-10, floor: 1e-300), "\(key) se[\(i)]") }
            if let l = c.lower[i], !lo[i].isNaN { #expect(close(l, lo[i], rel: 1e-10), "\(key) lower[\(i)]") }
            if let u = c.upper[i], !hi[i].isNaN { #expect(close(u, hi[i], rel: 1e-10), "\(key) upper[\(i)]") }
            #expect((c.lower[i] == nil) == lo[i].isNaN || c.survival[i] == 1, "\(key) lower presence [\(i)]")
        }
        #expect(c.median == e.double("median"))
    }

    @Test func kaplanMeierMatchesSurvfit() throws {
        checkKM(try KaplanMeier.estimate(time: lung["time"]!, event: lung["event"]!), "km_lung")
        checkKM(try KaplanMeier.estimate(time: vet["time"]!, event: vet["status"]!), "km_veteran")
        let heart = try Fixture.csv("heart")
        checkKM(try KaplanMeier.estimate(time: heart["stop"]!, event: heart["event"]!, entry: heart["start"]!), "km_heart")
    }

    @Test func logRankMatchesSurvdiff() throws {
        let v = try KaplanMeier.logRank(time: vet["time"]!, event: vet["status"]!, group: vet["trt0"]!.map { Int32($0) })
        let e = ref.object("logrank_veteran")
        #expect(close(v.chiSquared, e.double("chi2"), rel: 1e-10))
        expectClose(v.observed, e.doubles("obs"), rel: 1e-14, "obs")
        expectClose(v.expected, e.doubles("exp"), rel: 1e-12, "exp")
        #expect(v.degreesOfFreedom == 1)
        let l = try KaplanMeier.logRank(time: lung["time"]!, event: lung["event"]!, group: lung["ph.ecog"]!.map { Int32($0) })
        let el = ref.object("logrank_lung_ecog")
        #expect(close(l.chiSquared, el.double("chi2"), rel: 1e-10))
        expectClose(l.expected, el.doubles("exp"), rel: 1e-12, "exp")
        #expect(Double(l.degreesOfFreedom) == el.double("df"))
        #expect(throws: StatisticsError.emptyGroup("group 1 has no observations")) {
            try KaplanMeier.logRank(time: [1, 2, 3], event: [1, 1, 0], group: [0, 2, 2])
        }
    }
}

@Suite struct WeibullTests {
    @Test func weibullMatchesSurvregInPHMetric() throws {
        let e = try Fixture.json("survival").object("weibull")
        let lung = try Fixture.csv("lung")
        let x = try DesignMatrix(columns: ["age", "sex", "ph.ecog", "wt.loss"].map { lung[$0]! }, names: ["age", "sex", "ph.ecog", "wt.loss"])
        let r = try Weibull.fit(time: lung["time"]!, event: lung["event"]!, design: x)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.lnShape, e.double("lnp"), rel: 1e-6))
        #expect(close(r.lnShapeStandardError, e.double("lnp_se"), rel: 1e-5))
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8))
        let rob = try Weibull.fit(time: lung["time"]!, event: lung["event"]!, design: x, options: .init(variance: .robust))
        expectClose(rob.table.standardErrors, e.doubles("se_robust"), rel: 1e-5, "robust se")
        #expect(throws: StatisticsError.noEvents) {
            try Weibull.fit(time: [1, 2, 3], event: [0, 0, 0], design: DesignMatrix(columns: [[1, 2, 4]]))
        }
    }
}

@Suite struct DelayedEntryCoxTests {
    @Test func countingProcessMatchesCoxph() throws {
        let ref = try Fixture.json("survival")
        let h = try Fixture.csv("heart")
        let terms = ["age", "year", "surgery", "transplant"]
        let x = try DesignMatrix(columns: terms.map { h[$0]! }, names: terms)
        for (key, ties) in [("heart_efron", Cox.Ties.efron), ("heart_breslow", .breslow)] {
            let e = ref.object(key)
            let r = try Cox.fit(time: h["stop"]!, event: h["event"]!, design: x, entry: h["start"]!, options: .init(ties: ties))
            expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "\(key) b")
            expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "\(key) se")
            #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8), "\(key) ll")
            #expect(close(r.nullLogLikelihood, e.double("ll0"), rel: 1e-8), "\(key) ll0")
        }
        let codes = h["id0"]!.map { Int32($0) }
        let c = try Cox.fit(time: h["stop"]!, event: h["event"]!, design: x, entry: h["start"]!, options: .init(variance: .cluster(codes)))
        expectClose(c.table.standardErrors, ref.doubles("heart_se_cluster"), rel: 1e-5, "cluster se")
        #expect(throws: StatisticsError.self) {
            try Cox.fit(time: [1, 2], event: [1, 1], design: DesignMatrix(columns: [[0, 1]]), entry: [1, 0])
        }
    }
}

@Suite struct StratifiedCoxTests {
    @Test func strataMatchCoxph() throws {
        let e = try Fixture.json("survival").object("strata_sex")
        let lung = try Fixture.csv("lung")
        let terms = ["age", "ph.ecog", "wt.loss"]
        let x = try DesignMatrix(columns: terms.map { lung[$0]! }, names: terms)
        let sex = lung["sex"]!.map { Int32($0) - 1 }
        let r = try Cox.fit(time: lung["time"]!, event: lung["event"]!, design: x, strata: sex)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8))
        #expect(close(r.nullLogLikelihood, e.double("ll0"), rel: 1e-8))
        let rob = try Cox.fit(time: lung["time"]!, event: lung["event"]!, design: x, strata: sex, options: .init(variance: .robust))
        expectClose(rob.table.standardErrors, e.doubles("se_robust"), rel: 1e-5, "robust se")
    }
}
