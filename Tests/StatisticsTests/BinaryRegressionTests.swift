import Testing
@testable import Statistics

/// logit/probit against statsmodels on spector (Fixtures/binary.json, made by
/// Tests/reference/statistics/binary.py): coefficients 1e-6 relative, SEs 1e-5, ℓ 1e-8.
@Suite struct BinaryRegressionTests {
    let ref: [String: Any]
    let data: [String: [Double]]
    init() throws {
        ref = try Fixture.json("binary")
        data = try Fixture.csv("spector")
    }
    var design: DesignMatrix { get throws { try DesignMatrix(columns: ["GPA", "TUCE", "PSI"].map { data[$0]! }, names: ["GPA", "TUCE", "PSI"]) } }
    var y: [Double] { data["GRADE"]! }

    func check(_ link: BinaryLink, _ key: String) throws {
        let e = ref.object(key)
        let r = try BinaryRegression.fit(y: y, design: design, link: link)
        #expect(r.converged)
        #expect(r.iterations < 15)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "\(key) b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "\(key) se")
        expectClose(r.table.statistics, e.doubles("z"), rel: 1e-5, "\(key) z")
        expectClose(r.table.pValues, e.doubles("p"), rel: 1e-5, "\(key) p")
        expectClose(r.table.lower, e.doubles("lower"), rel: 1e-6, "\(key) lower")
        expectClose(r.table.upper, e.doubles("upper"), rel: 1e-6, "\(key) upper")
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8))
        #expect(close(r.nullLogLikelihood, e.double("ll0"), rel: 1e-8))
        #expect(close(r.pseudoRSquared, e.double("pseudo_r2"), rel: 1e-8))
        #expect(close(r.chiSquared, e.double("lr_chi2"), rel: 1e-8))
        #expect(close(r.chiSquaredPValue, e.double("lr_p"), rel: 1e-6))
        let me = try BinaryRegression.averageMarginalEffects(r, design: design)
        expectClose(me.effects, e.doubles("ame"), rel: 1e-6, "\(key) AME")
        expectClose(me.standardErrors, e.doubles("ame_se"), rel: 1e-5, "\(key) AME se")
        let md = try BinaryRegression.averageMarginalEffects(r, design: design, discrete: [2])
        expectClose(md.effects, e.doubles("ame_dummy"), rel: 1e-6, "\(key) AME with PSI discrete")
        expectClose(md.standardErrors, e.doubles("ame_dummy_se"), rel: 1e-5, "\(key) AME se with PSI discrete")

        let rob = try BinaryRegression.fit(y: y, design: design, link: link, options: .init(variance: .robust))
        expectClose(rob.table.standardErrors, e.doubles("se_robust"), rel: 1e-5, "\(key) robust se")
        let meRob = try BinaryRegression.averageMarginalEffects(rob, design: design)
        expectClose(meRob.standardErrors, e.doubles("ame_se_robust"), rel: 1e-5, "\(key) robust AME se")
        let codes = data["cluster"]!.map { Int32($0) }
        let clu = try BinaryRegression.fit(y: y, design: design, link: link, options: .init(variance: .cluster(codes)))
        expectClose(clu.table.standardErrors, e.doubles("se_cluster"), rel: 1e-5, "\(key) cluster se")
        #expect(clu.clusters == 8)
    }

    @Test func logitMatchesStatsmodels() throws {
        try check(.logit, "logit")
        let r = try BinaryRegression.fit(y: y, design: design, link: .logit)
        expectClose(BinaryRegression.oddsRatios(r).estimates, ref.object("logit").doubles("odds_ratios"), rel: 1e-6, "OR")
    }

    @Test func probitMatchesStatsmodels() throws { try check(.probit, "probit") }

    @Test func perfectSeparationIsAnError() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let yy: [Double] = [0, 0, 0, 0, 1, 1, 1, 1]
        #expect(throws: StatisticsError.perfectSeparation(column: 0, description: "x predicts the outcome perfectly")) {
            try BinaryRegression.fit(y: yy, design: DesignMatrix(columns: [x], names: ["x"]), link: .logit)
        }
        // A dummy whose value 1 only ever has y = 1 (quasi-complete separation).
        let z: [Double] = [0, 1, 0, 1, 0, 1, 0, 0]
        let w: [Double] = [1, 1, 0, 1, 1, 1, 0, 0]
        #expect(throws: StatisticsError.perfectSeparation(column: 1, description: "d == 1 predicts success perfectly")) {
            try BinaryRegression.fit(y: w, design: DesignMatrix(columns: [x, z], names: ["x", "d"]), link: .probit)
        }
        #expect(throws: StatisticsError.outcomeNotBinary) {
            try BinaryRegression.fit(y: [1, 1, 1], design: DesignMatrix(columns: [[1, 2, 3]]), link: .logit)
        }
        // Odd lengths: the last row (outside the two-row vector loop) decides.
        let x9: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        #expect(throws: StatisticsError.perfectSeparation(column: 0, description: "x predicts the outcome perfectly")) {
            try BinaryRegression.fit(y: [0, 0, 0, 0, 1, 1, 1, 1, 1], design: DesignMatrix(columns: [x9], names: ["x"]), link: .logit)
        }
        let d9: [Double] = [0, 1, 0, 1, 0, 1, 0, 0, 1]
        let y9: [Double] = [1, 1, 0, 1, 1, 1, 0, 0, 0]
        #expect(try BinaryRegression.fit(y: y9, design: DesignMatrix(columns: [d9], names: ["d"]), link: .logit).converged)
        #expect(throws: StatisticsError.perfectSeparation(column: 0, description: "d == 1 predicts success perfectly")) {
            try BinaryRegression.fit(y: y9.dropLast() + [1], design: DesignMatrix(columns: [d9], names: ["d"]), link: .logit)
        }
    }

    @Test func collinearRegressorIsOmitted() throws {
        let gpa2 = data["GPA"]!.map { 2 * $0 }
        let x = try DesignMatrix(columns: ["GPA", "TUCE", "PSI"].map { data[$0]! } + [gpa2], names: ["GPA", "TUCE", "PSI", "GPA2"])
        let r = try BinaryRegression.fit(y: y, design: x, link: .logit)
        #expect(r.omittedNames == ["GPA2"])
        expectClose(r.table.estimates.enumerated().filter { $0.offset != 3 }.map(\.element),
                    ref.object("logit").doubles("b"), rel: 1e-6, "b")
    }

    /// The warm start (a fit on every s-th row first) on spector copied 64 times: the copies'
    /// MLE is spector's (statsmodels' b), ℓ is 64 times, the information too (SEs / 8). Every
    /// 5th row covers all 32 originals, so the subsample fit succeeds and is really used.
    @Test func warmStartReachesTheFullDataOptimum() throws {
        let copies = 64
        let columns = ["GPA", "TUCE", "PSI"].map { name in (0..<copies).flatMap { _ in data[name]! } }
        let yy = (0..<copies).flatMap { _ in y }
        var ml = NewtonML(model: LogitLikelihood(), design: try DesignMatrix(columns: columns), y: yy, offset: nil, constant: true)
        ml.warmRows = yy.count / 5
        let ybar = y.reduce(0, +) / Double(y.count)
        let start = [0, 0, 0, _log(ybar / (1 - ybar))]
        #expect(ml.warmStart(start) != nil)
        let f = try ml.fit(start: start)
        let e = ref.object("logit")
        #expect(f.converged)
        expectClose(f.beta, e.doubles("b"), rel: 1e-6, "b")
        #expect(close(f.logLikelihood, Double(copies) * e.double("ll"), rel: 1e-8))
        let inverse = try Cholesky(f.information, tolerance: 1e-14).inverse()
        expectClose((0..<4).map { (inverse[$0, $0] * Double(copies)).squareRoot() }, e.doubles("se"), rel: 1e-5, "se")
    }
}
