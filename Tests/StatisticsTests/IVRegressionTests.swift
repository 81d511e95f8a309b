import Testing
@testable import Statistics

/// ivregress 2sls against linearmodels on mroz (Fixtures/iv.json, made by
/// Tests/reference/statistics/iv.py).
@Suite struct IVRegressionTests {
    let ref: [String: Any]
    let d: [String: [Double]]
    init() throws {
        ref = try Fixture.json("iv")
        d = try Fixture.csv("mroz")
    }

    func fit(_ o: IVRegression.Options) throws -> IVRegression.Result {
        try IVRegression.fit(y: d["lwage"]!, endogenous: DesignMatrix(columns: [d["educ"]!], names: ["educ"]),
                             exogenous: DesignMatrix(columns: [d["exper"]!, d["expersq"]!], names: ["exper", "expersq"]),
                             instruments: DesignMatrix(columns: [d["fatheduc"]!, d["motheduc"]!]), options: o)
    }

    @Test func twoStageLeastSquares() throws {
        let r = try fit(.init())
        #expect(r.table.names == ["educ", "exper", "expersq", "_cons"])
        expectClose(r.table.estimates, ref.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, ref.doubles("se"), rel: 1e-5, "se")
        expectClose(r.table.pValues, ref.doubles("p"), rel: 1e-5, "p")
        #expect(close(r.rSquared, ref.double("r2"), rel: 1e-10))
        #expect(close(r.rootMSE, ref.double("rmse"), rel: 1e-10))
        expectClose(try fit(.init(variance: .robust)).table.standardErrors, ref.doubles("se_robust"), rel: 1e-5, "robust")
        let codes = d["cluster"]!.map { Int32($0) }
        let c = try fit(.init(variance: .cluster(codes)))
        expectClose(c.table.standardErrors, ref.doubles("se_cluster"), rel: 1e-5, "cluster")
        #expect(c.clusters == Int(ref.double("G")))
    }

    @Test func smallSampleOption() throws {
        let s = try fit(.init(small: true))
        expectClose(s.table.standardErrors, ref.doubles("se_small"), rel: 1e-5, "small se")
        expectClose(s.table.pValues, ref.doubles("p_small"), rel: 1e-5, "small p")
        expectClose(try fit(.init(variance: .robust, small: true)).table.standardErrors, ref.doubles("se_robust_small"), rel: 1e-5, "robust small")
        let codes = d["cluster"]!.map { Int32($0) }
        expectClose(try fit(.init(variance: .cluster(codes), small: true)).table.standardErrors, ref.doubles("se_cluster_small"), rel: 1e-5, "cluster small")
    }

    @Test func firstStageDiagnostics() throws {
        let e = ref.object("first_stage")
        let fs = try IVRegression.firstStage(endogenous: DesignMatrix(columns: [d["educ"]!], names: ["educ"]),
                                             exogenous: DesignMatrix(columns: [d["exper"]!, d["expersq"]!]),
                                             instruments: DesignMatrix(columns: [d["fatheduc"]!, d["motheduc"]!]))
        #expect(fs.count == 1)
        expectClose(fs[0].regression.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(fs[0].regression.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(fs[0].fStatistic, e.double("F"), rel: 1e-8))
        #expect(close(fs[0].fPValue, e.double("p"), rel: 1e-6))
        #expect(close(fs[0].partialRSquared, e.double("partial_r2"), rel: 1e-10))
        // linearmodels' first-stage report (estat firststage) agrees on F, its df and partial R².
        let lm = e.object("linearmodels")
        #expect(close(fs[0].fStatistic, lm.double("F"), rel: 1e-8))
        #expect(close(fs[0].partialRSquared, lm.double("partial_r2"), rel: 1e-10))
        #expect(fs[0].fDegreesOfFreedom == (2, Int(lm.double("df2"))))
    }

    @Test func underidentifiedIsRefused() throws {
        #expect(throws: StatisticsError.self) {
            try IVRegression.fit(y: d["lwage"]!, endogenous: DesignMatrix(columns: [d["educ"]!, d["exper"]!]),
                                 exogenous: DesignMatrix(columns: [d["expersq"]!]),
                                 instruments: DesignMatrix(columns: [d["fatheduc"]!]))
        }
    }
}
