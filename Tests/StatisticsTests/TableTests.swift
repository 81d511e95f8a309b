import Testing
@testable import Statistics

/// tabulate chi2/lrchi2/V and oneway against R (Fixtures/tables.json, made by
/// Tests/reference/statistics/tables.R).
@Suite struct TableTests {
    let ref: [String: Any]
    init() throws { ref = try Fixture.json("tables") }

    @Test func independenceMatchesChisqTest() throws {
        let e = ref.object("cyl_gear")
        let r = try ContingencyTable.independence(Matrix(e["counts"] as! [[Double]]))
        #expect(close(r.pearsonChiSquared, e.double("chi2"), rel: 1e-12))
        #expect(close(r.pearsonPValue, e.double("p"), rel: 1e-10))
        #expect(Double(r.degreesOfFreedom) == e.double("df"))
        #expect(close(r.likelihoodRatioChiSquared, e.double("g2"), rel: 1e-12))
        #expect(close(r.likelihoodRatioPValue, e.double("g2_p"), rel: 1e-10))
        #expect(close(r.cramersV, e.double("v"), rel: 1e-12))
        let e2 = ref.object("am_vs")
        let r2 = try ContingencyTable.independence(Matrix(e2["counts"] as! [[Double]]))
        #expect(close(r2.pearsonChiSquared, e2.double("chi2"), rel: 1e-12))
        #expect(close(r2.cramersV, e2.double("v_signed"), rel: 1e-12))
        #expect(throws: StatisticsError.self) { try ContingencyTable.independence(Matrix([[1, 2], [0, 0]])) }
    }

    @Test func oneWayMatchesAnovaAndBartlett() throws {
        let e = ref.object("oneway_diet")
        let cw = try Fixture.csv("chickweight")
        let r = try ANOVA.oneWay(values: cw["weight"]!, groups: cw["Diet"]!.map { Int32($0) - 1 })
        #expect(close(r.fStatistic, e.double("F"), rel: 1e-10))
        #expect(close(r.pValue, e.double("p"), rel: 1e-8))
        #expect(close(r.betweenSumOfSquares, e.double("ssb"), rel: 1e-10))
        #expect(close(r.withinSumOfSquares, e.double("ssw"), rel: 1e-10))
        #expect(close(r.bartlettChiSquared!, e.double("bartlett"), rel: 1e-10))
        #expect(close(r.bartlettPValue!, e.double("bartlett_p"), rel: 1e-8))
        #expect(throws: StatisticsError.emptyGroup("group 1 has no observations")) {
            try ANOVA.oneWay(values: [1, 2, 3], groups: [0, 2, 2])
        }
    }
}

@Suite struct PartialANOVATests {
    @Test func twoWayMatchesDrop1() throws {
        let e = try Fixture.json("tables").object("anova2")
        let w = try Fixture.csv("warpbreaks")
        let wool = [w["wool"]!.map { $0 == 1 ? 1.0 : 0.0 }]
        let tension = (1...2).map { lvl in w["tension"]!.map { $0 == Double(lvl) ? 1.0 : 0.0 } }
        let t = try ANOVA.partial(y: w["breaks"]!, terms: [.init(name: "wool", columns: wool), .init(name: "tension", columns: tension)])
        expectClose(t.terms.map(\.partialSumOfSquares), e.doubles("ss"), rel: 1e-10, "SS")
        #expect(t.terms.map { Double($0.degreesOfFreedom) } == e.doubles("df"))
        expectClose(t.terms.map(\.fStatistic), e.doubles("F"), rel: 1e-10, "F")
        expectClose(t.terms.map(\.pValue), e.doubles("p"), rel: 1e-8, "p")
        #expect(close(t.model.fStatistic!, e.double("model_F"), rel: 1e-10))
    }
}
