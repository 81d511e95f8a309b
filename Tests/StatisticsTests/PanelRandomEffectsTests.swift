import Testing
@testable import Statistics

/// `xtreg, re` (Stata's default components: unweighted between regression, harmonic-mean T̄)
/// and `xtreg, re sa` (Baltagi–Chang Swamy–Arora) on Grunfeld, balanced and three unbalanced
/// cuts, against linearmodels' RandomEffects and a line-by-line numpy computation of Stata's
/// formulas (Fixtures/panel_re.json, made by Tests/reference/statistics/panel_re.py).
@Suite struct PanelRandomEffectsTests {
    let ref: [String: Any]
    init() throws { ref = try Fixture.json("panel_re") }

    /// The rows of each case, as panel_re.py cuts them from grunfeld.csv.
    func data(_ name: String) throws -> [String: [Double]] {
        switch name {
        case "balanced": return try Fixture.csv("grunfeld")
        case "mild": return try Fixture.csv("grunfeld").mapValues { Array($0.prefix(199)) }
        case "strong": return try Fixture.csv("grunfeld_unbalanced")
        default: return try Fixture.csv("grunfeld_unbalanced2")
        }
    }

    func fit(_ name: String, _ method: PanelRegression.RandomEffectsMethod) throws -> PanelRegression.Result {
        let d = try data(name)
        let x = try DesignMatrix(columns: [d["value"]!, d["capital"]!], names: ["value", "capital"])
        return try PanelRegression.fit(y: d["inv"]!, design: x, panel: d["firm"]!.map { Int32($0) },
                                       options: .init(estimator: .random, randomEffects: method))
    }

    func check(_ name: String, _ method: PanelRegression.RandomEffectsMethod) throws {
        let e = ref.object(name + (method == .swamyArora ? "_sa" : ""))
        let r = try fit(name, method)
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "\(name) b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "\(name) se")
        expectClose(r.thetas, e.doubles("theta"), rel: 1e-8, "\(name) theta")
        #expect(close(r.sigmaE!, e.double("sigma_e"), rel: 1e-8))
        #expect(close(r.sigmaU!, e.double("sigma_u"), rel: 1e-8))
        #expect(close(r.rSquaredWithin!, e.double("r2_within"), rel: 1e-8))
        #expect(close(r.rSquaredBetween!, e.double("r2_between"), rel: 1e-8))
        #expect(close(r.rSquaredOverall!, e.double("r2_overall"), rel: 1e-8))
        #expect(r.observations == Int(e.doubles("T").reduce(0, +)))
    }

    @Test(arguments: ["mild", "strong", "harsh"]) func stataDefaultUnbalanced(_ name: String) throws { try check(name, .stata) }
    @Test(arguments: ["mild", "strong", "harsh"]) func swamyAroraUnbalanced(_ name: String) throws { try check(name, .swamyArora) }

    /// The default really is the harmonic-mean variant: on the harshest cut the two σ_u differ
    /// by a third, so a test of one against the other's fixture could not pass.
    @Test func theTwoMethodsDifferWhenUnbalanced() throws {
        let a = try fit("harsh", .stata), b = try fit("harsh", .swamyArora)
        #expect(abs(a.sigmaU! - b.sigmaU!) > 0.1 * b.sigmaU!)
        #expect(!close(a.table.estimates[0], b.table.estimates[0], rel: 1e-3))
    }

    /// Balanced: both methods reduce to σ²_u = RSS_be/(n − K − 1) − σ²_e/T, so every number agrees
    /// (to rounding), and both match Stata's printed Grunfeld output through the fixture.
    @Test func balancedPanelsAgree() throws {
        try check("balanced", .stata)
        try check("balanced", .swamyArora)
        let a = try fit("balanced", .stata), b = try fit("balanced", .swamyArora)
        expectClose(a.table.estimates, b.table.estimates, rel: 1e-12, "b")
        expectClose(a.table.standardErrors, b.table.standardErrors, rel: 1e-12, "se")
        #expect(close(a.sigmaU!, b.sigmaU!, rel: 1e-12))
        #expect(a.theta != nil && close(a.theta!, b.theta!, rel: 1e-12))
    }
}
