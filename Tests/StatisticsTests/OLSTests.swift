import Testing
@testable import Statistics

/// `regress` against R's lm + sandwich (Fixtures/ols.json, made by
/// Tests/reference/statistics/ols.R). Coefficients 1e-6 relative, SEs 1e-5 (the issue's
/// tolerances); in practice agreement is ~1e-12.
@Suite struct OLSTests {
    let ref: [String: Any]
    let mtcars: [String: [Double]]
    init() throws {
        ref = try Fixture.json("ols")
        mtcars = try Fixture.csv("mtcars")
    }
    var design: DesignMatrix { get throws { try DesignMatrix(columns: ["wt", "hp", "qsec", "am"].map { mtcars[$0]! }, names: ["wt", "hp", "qsec", "am"]) } }

    func compare(_ r: OLS.Result, _ key: String) {
        let e = ref.object(key)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "\(key) b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "\(key) se")
        expectClose(r.table.statistics, e.doubles("t"), rel: 1e-5, "\(key) t")
        expectClose(r.table.pValues, e.doubles("p"), rel: 1e-5, "\(key) p")
        expectClose(r.table.lower, e.doubles("lower"), rel: 1e-6, "\(key) lower")
        expectClose(r.table.upper, e.doubles("upper"), rel: 1e-6, "\(key) upper")
        #expect(close(r.rSquared, e.double("r2"), rel: 1e-10))
        #expect(close(r.adjustedRSquared, e.double("adjr2"), rel: 1e-10))
        #expect(close(r.rootMSE, e.double("rmse"), rel: 1e-10))
        #expect(close(r.residualSumOfSquares, e.double("rss"), rel: 1e-10))
        #expect(close(r.fStatistic!, e.double("F"), rel: 1e-8), "\(key) F")
        #expect(r.observations == Int(e.double("n")))
    }

    @Test func classical() throws {
        let r = try OLS.fit(y: mtcars["mpg"]!, design: design)
        compare(r, "classical")
        #expect(close(r.fStatistic!, ref.object("classical").double("F_classical"), rel: 1e-10))
        #expect(r.table.names.last == "_cons")
        #expect(r.dfModel == 4 && r.dfResidual == 27)
    }

    @Test func confidenceLevel() throws {
        compare(try OLS.fit(y: mtcars["mpg"]!, design: design, options: .init(level: 0.90)), "classical_level90")
    }

    @Test func robustHC1() throws {
        compare(try OLS.fit(y: mtcars["mpg"]!, design: design, options: .init(variance: .robust)), "robust")
    }

    @Test func clusterRobustWithStataCorrection() throws {
        let cw = try Fixture.csv("chickweight")
        let diet = cw["Diet"]!
        // i.Diet with base 1.
        let dummies = (2...4).map { d in diet.map { $0 == Double(d) ? 1.0 : 0.0 } }
        let x = try DesignMatrix(columns: [cw["Time"]!] + dummies, names: ["Time", "2.Diet", "3.Diet", "4.Diet"])
        let codes = cw["chick"]!.map { Int32($0) }
        let r = try OLS.fit(y: cw["weight"]!, design: x, options: .init(variance: .cluster(codes)))
        compare(r, "cluster")
        #expect(r.clusters == 50)
        #expect(r.fDegreesOfFreedom.1 == 49)
    }

    @Test func noConstant() throws {
        let e = ref.object("noconstant")
        let x = try DesignMatrix(columns: [mtcars["wt"]!, mtcars["qsec"]!])
        let r = try OLS.fit(y: mtcars["mpg"]!, design: x, options: .init(constant: false))
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.rSquared, e.double("r2"), rel: 1e-10))
        #expect(close(r.adjustedRSquared, e.double("adjr2"), rel: 1e-10))
        #expect(close(r.fStatistic!, e.double("F"), rel: 1e-8))
        #expect(close(r.rootMSE, e.double("rmse"), rel: 1e-10))
    }

    @Test func varianceInflationFactors() throws {
        let v = try OLS.varianceInflationFactors(design: design)
        expectClose(v.map { $0! }, ref.doubles("vif"), rel: 1e-10, "vif")
    }
}

@Suite struct OLSDiagnosticsTests {
    @Test func predictionsMatchR() throws {
        let ref = try Fixture.json("ols").object("predict")
        let m = try Fixture.csv("mtcars")
        let d = try DesignMatrix(columns: ["wt", "hp", "qsec", "am"].map { m[$0]! })
        let fit = try OLS.fit(y: m["mpg"]!, design: d)
        let p = try OLS.predictions(y: m["mpg"]!, design: d, fit: fit)
        expectClose(p.fitted, ref.doubles("fitted"), rel: 1e-10, "fitted")
        expectClose(p.residuals, ref.doubles("resid"), rel: 1e-8, "residuals")
        expectClose(p.leverage, ref.doubles("hat"), rel: 1e-10, "leverage")
        expectClose(p.cooksDistance, ref.doubles("cooksd"), rel: 1e-8, "cooksd")
        expectClose(try OLS.standardizedCoefficients(y: m["mpg"]!, design: d, fit: fit).map { $0! }, ref.doubles("beta"), rel: 1e-10, "beta")
    }
}

@Suite struct WeightedOLSTests {
    @Test func analyticWeightsMatchWeightedLm() throws {
        let e = try Fixture.json("ols").object("weighted")
        let m = try Fixture.csv("mtcars")
        let d = try DesignMatrix(columns: ["wt", "hp", "qsec", "am"].map { m[$0]! })
        let w = m["disp"]!.map { $0 / 100 }
        let r = try OLS.fit(y: m["mpg"]!, design: d, options: .init(weights: w))
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        expectClose(r.table.pValues, e.doubles("p"), rel: 1e-5, "p")
        #expect(close(r.rSquared, e.double("r2"), rel: 1e-10))
        #expect(close(r.rootMSE, e.double("rmse"), rel: 1e-10))
        #expect(close(r.fStatistic!, e.double("F"), rel: 1e-8))
        // The weights' scale cancels.
        let r10 = try OLS.fit(y: m["mpg"]!, design: d, options: .init(weights: w.map { $0 * 10 }))
        expectClose(r10.table.standardErrors, e.doubles("se"), rel: 1e-5, "se, scaled weights")
        let rob = try OLS.fit(y: m["mpg"]!, design: d, options: .init(variance: .robust, weights: w))
        expectClose(rob.table.standardErrors, e.doubles("se_robust"), rel: 1e-5, "robust")
        let cyl = m["cyl"]!.map { Int32(($0 - 4) / 2) }
        let cl = try OLS.fit(y: m["mpg"]!, design: d, options: .init(variance: .cluster(cyl), weights: w))
        expectClose(cl.table.standardErrors, e.doubles("se_cluster"), rel: 1e-5, "cluster")
    }
}
