import Testing
@testable import Statistics

/// mlogit against statsmodels' MNLogit on anes96 (Fixtures/mlogit.json, made by
/// Tests/reference/statistics/mlogit.py).
@Suite struct MultinomialLogitTests {
    let ref: [String: Any]
    let d: [String: [Double]]
    init() throws {
        ref = try Fixture.json("mlogit")
        d = try Fixture.csv("anes96")
    }
    static let terms = ["logpopul", "selfLR", "age", "educ", "income"]
    var design: DesignMatrix { get throws { try DesignMatrix(columns: Self.terms.map { d[$0]! }, names: Self.terms) } }
    var y: [Int32] { d["PID"]!.map { Int32($0) } }

    @Test func matchesStatsmodels() throws {
        let r = try MultinomialLogit.fit(outcome: y, design: design, options: .init(base: 0))
        #expect(r.converged)
        #expect(r.outcomes == [1, 2, 3, 4, 5, 6])
        expectClose(r.table.estimates, ref.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, ref.doubles("se"), rel: 1e-5, "se")
        #expect(close(r.logLikelihood, ref.double("ll"), rel: 1e-8))
        #expect(close(r.nullLogLikelihood, ref.double("ll0"), rel: 1e-8))
        #expect(close(r.chiSquared, ref.double("lr"), rel: 1e-7))
        #expect(close(r.pseudoRSquared, ref.double("pseudo_r2"), rel: 1e-7))
        let rob = try MultinomialLogit.fit(outcome: y, design: design, options: .init(base: 0, variance: .robust))
        expectClose(rob.table.standardErrors, ref.doubles("se_robust"), rel: 1e-5, "robust se")
    }

    @Test func averageMarginalEffects() throws {
        let r = try MultinomialLogit.fit(outcome: y, design: design, options: .init(base: 0))
        let me = try MultinomialLogit.averageMarginalEffects(r, design: design)
        let ame = ref["ame"] as! [[Double]], se = ref["ame_se"] as! [[Double]]
        for o in 0..<7 {
            expectClose(me.effects[o], ame[o], rel: 1e-6, floor: 1e-12, "AME outcome \(o)")
            expectClose(me.standardErrors[o], se[o], rel: 1e-5, "AME se outcome \(o)")
        }
        // The effects on all outcome probabilities sum to zero.
        for c in 0..<5 { #expect(abs((0..<7).reduce(0.0) { $0 + me.effects[$1][c] }) < 1e-12) }
    }

    @Test func defaultBaseIsMostFrequent() throws {
        let counts = ref.doubles("counts")
        let mode = counts.indices.max { counts[$0] < counts[$1] }!
        let r = try MultinomialLogit.fit(outcome: y, design: design)
        #expect(r.base == mode)
        // Same model, different base: the log-likelihood is invariant.
        #expect(close(r.logLikelihood, ref.double("ll"), rel: 1e-8))
    }

    @Test func emptyOutcomeIsRefused() throws {
        #expect(throws: StatisticsError.emptyGroup("outcome 1 never occurs")) {
            try MultinomialLogit.fit(outcome: [0, 2, 2, 0], design: DesignMatrix(columns: [[1, 2, 3, 4]]))
        }
    }
}
