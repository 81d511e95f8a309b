import Testing
@testable import Statistics

/// xtreg fe/be/re against R's plm on Grunfeld (Fixtures/panel.json, made by
/// Tests/reference/statistics/panel.R).
@Suite struct PanelRegressionTests {
    let ref: [String: Any]
    let g: [String: [Double]]
    init() throws {
        ref = try Fixture.json("panel")
        g = try Fixture.csv("grunfeld")
    }
    var design: DesignMatrix { get throws { try DesignMatrix(columns: [g["value"]!, g["capital"]!], names: ["value", "capital"]) } }
    var panel: [Int32] { g["firm"]!.map { Int32($0) } }

    func fit(_ o: PanelRegression.Options) throws -> PanelRegression.Result {
        try PanelRegression.fit(y: g["inv"]!, design: design, panel: panel, options: o)
    }

    @Test func fixedEffects() throws {
        let e = ref.object("fe")
        let r = try fit(.init(estimator: .fixed))
        expectClose(Array(r.table.estimates[0..<2]), e.doubles("b"), rel: 1e-6, "b")
        expectClose(Array(r.table.standardErrors[0..<2]), e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.table.estimates[2], e.double("cons"), rel: 1e-6))
        #expect(close(r.rSquaredWithin!, e.double("r2_within"), rel: 1e-10))
        #expect(close(r.sigmaE!, e.double("sigma_e"), rel: 1e-10))
        #expect(close(r.effectsF!.statistic, e.double("F"), rel: 1e-8))
        #expect([Double(r.effectsF!.df1), Double(r.effectsF!.df2)] == e.doubles("F_df"))
        let c = try fit(.init(estimator: .fixed, variance: .robust))
        expectClose(Array(c.table.standardErrors[0..<2]), e.doubles("se_cluster"), rel: 1e-5, "cluster se")
    }

    @Test func betweenEffects() throws {
        let e = ref.object("be")
        let r = try fit(.init(estimator: .between))
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.rSquaredBetween!, e.double("r2"), rel: 1e-10))
    }

    @Test func randomEffectsSwamyArora() throws {
        let e = ref.object("re")
        let r = try fit(.init(estimator: .random))
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.theta!, e.double("theta"), rel: 1e-8))
        #expect(close(r.sigmaE!, e.double("sigma_e"), rel: 1e-8))
        #expect(close(r.sigmaU!, e.double("sigma_u"), rel: 1e-8))
    }

    /// Baltagi–Chang Swamy–Arora (`re sa`) on an unbalanced Grunfeld subset (T_i = 10…20),
    /// against plm; Stata's default components are tested in PanelRandomEffectsTests.
    @Test func randomEffectsUnbalancedSwamyArora() throws {
        let e = ref.object("re_unbalanced")
        let u = try Fixture.csv("grunfeld_unbalanced")
        let x = try DesignMatrix(columns: [u["value"]!, u["capital"]!], names: ["value", "capital"])
        let r = try PanelRegression.fit(y: u["inv"]!, design: x, panel: u["firm"]!.map { Int32($0) }, options: .init(estimator: .random, randomEffects: .swamyArora))
        expectClose(r.table.estimates, e.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, e.doubles("se"), rel: 1e-5, "se")
        expectClose(r.thetas, e.doubles("theta"), rel: 1e-8, "theta")
        #expect(close(r.sigmaE!, e.double("sigma_e"), rel: 1e-8))
        #expect(close(r.sigmaU!, e.double("sigma_u"), rel: 1e-8))
        #expect(r.theta == nil, "no single theta for an unbalanced panel")
        #expect(r.observations == Int(e.doubles("T").reduce(0, +)))
    }
}
