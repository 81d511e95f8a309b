import Foundation
import Testing
@testable import Statistics

/// Hausman's test against plm's phtest (panel.json, panel.R) and, where V_fe − V_re is not
/// positive semi-definite, against R's solve() (hausman.json, hausman.R).
@Suite struct HausmanTests {
    @Test func hausmanMatchesPhtest() throws {
        let e = try Fixture.json("panel").object("hausman")
        let g = try Fixture.csv("grunfeld")
        let x = try DesignMatrix(columns: [g["value"]!, g["capital"]!])
        let panel = g["firm"]!.map { Int32($0) }
        let fe = try PanelRegression.fit(y: g["inv"]!, design: x, panel: panel, options: .init(estimator: .fixed))
        let re = try PanelRegression.fit(y: g["inv"]!, design: x, panel: panel, options: .init(estimator: .random))
        let idx = [0, 1]
        let h = try Hausman.test(consistent: idx.map { fe.table.estimates[$0] }, fe.covariance.submatrix(idx),
                                 efficient: idx.map { re.table.estimates[$0] }, re.covariance.submatrix(idx))
        #expect(close(h.chiSquared, e.double("chi2"), rel: 1e-6))
        #expect(Double(h.degreesOfFreedom) == e.double("df"))
        #expect(close(h.pValue!, e.double("p"), rel: 1e-5))
        #expect(h.positiveDefinite)
    }

    static func fits(_ outcome: String, _ regressors: [String]) throws -> Hausman.Result {
        let g = try Fixture.csv("grunfeld")
        let x = try DesignMatrix(columns: regressors.map { g[$0]! })
        let panel = g["firm"]!.map { Int32($0) }
        let fe = try PanelRegression.fit(y: g[outcome]!, design: x, panel: panel, options: .init(estimator: .fixed))
        let re = try PanelRegression.fit(y: g[outcome]!, design: x, panel: panel, options: .init(estimator: .random))
        let idx = Array(regressors.indices)
        return try Hausman.test(consistent: idx.map { fe.table.estimates[$0] }, fe.covariance.submatrix(idx),
                                efficient: idx.map { re.table.estimates[$0] }, re.covariance.submatrix(idx))
    }

    /// value ~ inv + capital: an indefinite, nonsingular difference. The statistic is the full
    /// inverse's quadratic form, df 2, with the not-positive-definite flag.
    @Test func indefiniteDifferenceIsReportedNotRefused() throws {
        let e = try Fixture.json("hausman").object("indefinite")
        #expect(e.doubles("eigenvalues").contains { $0 < 0 })
        let h = try Self.fits("value", ["inv", "capital"])
        #expect(close(h.chiSquared, e.double("chi2"), rel: 1e-6))
        #expect(Double(h.degreesOfFreedom) == e.double("df"))
        #expect(!h.positiveDefinite)
        #expect(h.pValue != nil)
    }

    /// value ~ capital: V_fe − V_re < 0, so χ² < 0 and Stata shows no p-value.
    @Test func negativeStatisticHasNoPValue() throws {
        let e = try Fixture.json("hausman").object("negative")
        let h = try Self.fits("value", ["capital"])
        #expect(close(h.chiSquared, e.double("chi2"), rel: 1e-6))
        #expect(h.chiSquared < 0 && h.pValue == nil && !h.positiveDefinite && h.degreesOfFreedom == 1)
    }

    /// By hand: a rank-one PSD difference [[4, 2], [2, 1]] keeps the first pivot only; the
    /// generalized inverse is diag(1/4, 0), so χ² = d₁²/4 on 1 df and the rank note applies.
    @Test func rankDeficientDifferenceDropsAPivot() throws {
        let vc = Matrix([[5, 2], [2, 2]]), ve = Matrix([[1, 0], [0, 1]])
        let h = try Hausman.test(consistent: [3, 1], vc, efficient: [1, 0], ve)
        #expect(h.degreesOfFreedom == 1 && h.compared == 2 && h.positiveDefinite)
        #expect(abs(h.chiSquared - 1) < 1e-12)
        #expect(abs(h.pValue! - ChiSquared.survival(1, degreesOfFreedom: 1)) < 1e-15)
    }
}
