import Foundation
import Testing
@testable import Statistics

/// poisson / nbreg (NB2) against statsmodels (Fixtures/counts.json, made by
/// Tests/reference/statistics/counts_data.R + counts.py) on MASS's Insurance and quine.
@Suite struct CountRegressionTests {
    let ref: [String: Any]
    let ins: [String: [Double]]
    let quine: [String: [Double]]
    init() throws {
        ref = try Fixture.json("counts")
        ins = try Fixture.csv("insurance")
        quine = try Fixture.csv("quine")
    }
    var insDesign: DesignMatrix { get throws { try DesignMatrix(columns: ["district", "group", "age"].map { ins[$0]! }, names: ["district", "group", "age"]) } }
    static let quineTerms = ["ethN", "sexM", "age1", "age2", "age3", "lrnSL"]
    var quineDesign: DesignMatrix { get throws { try DesignMatrix(columns: Self.quineTerms.map { quine[$0]! }, names: Self.quineTerms) } }

    @Test func poissonWithExposure() throws {
        let e = ref.object("poisson_insurance")
        let y = ins["claims"]!
        let opts = CountRegression.Options(exposure: ins["holders"]!)
        let r = try CountRegression.poisson(y: y, design: insDesign, options: opts)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        expectClose(r.table.pValues, e.doubles("p"), rel: 1e-5, "p")
        expectClose(r.table.lower, e.doubles("lower"), rel: 1e-6, "lower")
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8))
        #expect(close(r.nullLogLikelihood, e.double("ll0"), rel: 1e-8))
        #expect(close(r.chiSquared, e.double("lr"), rel: 1e-7))
        #expect(r.incidenceRateRatios[0] == r.table.estimates[0].exponentiatedForTest)
        var o = opts; o.variance = .robust
        expectClose(try CountRegression.poisson(y: y, design: insDesign, options: o).table.standardErrors,
                    e.doubles("se_robust"), rel: 1e-5, "robust se")
        o.variance = .cluster((0..<y.count).map { Int32($0 % 6) })
        expectClose(try CountRegression.poisson(y: y, design: insDesign, options: o).table.standardErrors,
                    e.doubles("se_cluster"), rel: 1e-5, "cluster se")
    }

    @Test func negativeBinomialNB2() throws {
        let e = ref.object("nb_quine")
        let y = quine["days"]!
        let r = try CountRegression.negativeBinomial(y: y, design: quineDesign)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        expectClose(r.table.pValues, e.doubles("p"), rel: 1e-5, "p")
        #expect(close(r.alpha!, e.double("alpha"), rel: 1e-6))
        #expect(close(r.alphaStandardError!, e.double("alpha_se"), rel: 1e-5))
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8))
        #expect(close(r.nullLogLikelihood, e.double("ll0"), rel: 1e-8))
        #expect(close(r.chiSquared, e.double("lr"), rel: 1e-7))
        let rob = try CountRegression.negativeBinomial(y: y, design: quineDesign, options: .init(variance: .robust))
        expectClose(rob.table.standardErrors, e.doubles("se_robust"), rel: 1e-5, "robust se")
    }

    @Test func negativeBinomialWithExposure() throws {
        let e = ref.object("nb_quine_exposure")
        let y = quine["days"]!
        let expo = (0..<y.count).map { Double($0 % 3 + 1) }
        let r = try CountRegression.negativeBinomial(y: y, design: quineDesign, options: .init(exposure: expo))
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.alpha!, e.double("alpha"), rel: 1e-6))
        #expect(close(r.alphaStandardError!, e.double("alpha_se"), rel: 1e-5))
        #expect(close(r.logLikelihood, e.double("ll"), rel: 1e-8))
    }

    @Test func countEdgeCases() throws {
        let x = try DesignMatrix(columns: [[1, 2, 3, 4]])
        #expect(throws: StatisticsError.constantOutcome) { try CountRegression.poisson(y: [0, 0, 0, 0], design: x) }
        #expect(throws: StatisticsError.self) { try CountRegression.poisson(y: [1, 2.5, 0, 1], design: x) }
        #expect(throws: StatisticsError.self) {
            try CountRegression.poisson(y: [1, 2, 0, 1], design: x, options: .init(exposure: [1, 0, 1, 1]))
        }
    }
}

extension Double {
    var exponentiatedForTest: Double { Foundation.exp(self) }
}
