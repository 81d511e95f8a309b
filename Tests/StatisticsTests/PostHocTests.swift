import Foundation
import Testing
@testable import Statistics

/// oneway pairwise comparisons (Bonferroni, Šidák, Scheffé) against R on chickwts
/// (Fixtures/posthoc.json, made by Tests/reference/statistics/posthoc.R).
@Suite struct PostHocTests {
    @Test func chickwtsPairwise() throws {
        let ref = try Fixture.json("posthoc")
        let d = try Fixture.csv("chickwts")
        let a = try ANOVA.oneWay(values: d["weight"]!, groups: d["feed"]!.map { Int32($0) })
        let got = ANOVA.pairwiseComparisons(a)
        let want = (ref["comparisons"] as! [[String: Any]])
        #expect(got.count == want.count)
        #expect(got.count == 15)
        for (g, w) in zip(got, want) {
            #expect(g.first == Int(w.double("i")) && g.second == Int(w.double("j")))
            #expect(close(g.difference, w.double("diff"), rel: 1e-10), "diff \(g.first)-\(g.second)")
            #expect(close(g.t, w.double("t"), rel: 1e-8), "t \(g.first)-\(g.second)")
            #expect(close(g.unadjustedPValue, w.double("p"), rel: 1e-6), "p \(g.first)-\(g.second)")
            #expect(close(g.bonferroni, w.double("bonferroni"), rel: 1e-6), "bonferroni \(g.first)-\(g.second)")
            #expect(close(g.sidak, w.double("sidak"), rel: 1e-6), "sidak \(g.first)-\(g.second)")
            #expect(close(g.scheffe, w.double("scheffe"), rel: 1e-6), "scheffe \(g.first)-\(g.second)")
        }
        // Bonferroni is capped at 1, and Šidák never exceeds it.
        #expect(got.allSatisfy { $0.bonferroni <= 1 && $0.sidak <= $0.bonferroni + 1e-15 })
    }
}

/// The simultaneous intervals: at t = the critical value, each method's adjusted p must be
/// exactly 1 − level (the interval edge is where the adjusted test rejects).
@Suite struct PostHocIntervalTests {
    @Test(arguments: PostHocMethod.allCases) func criticalValueMatchesAdjustedP(method: PostHocMethod) throws {
        // Two groups with a chosen t: means 0 and d, n = 10 each, MSE = 1 → se = √0.2.
        for (k, level) in [(3, 0.95), (6, 0.90), (4, 0.99)] {
            let df = 30.0
            let c = method.criticalValue(groups: k, degreesOfFreedom: df, level: level)
            let counts = [Int](repeating: 10, count: k)
            let means = [0, c * 0.2.squareRoot()] + [Double](repeating: 0, count: k - 2)
            let a = ANOVA.OneWay(groupCounts: counts, groupMeans: means, betweenSumOfSquares: 0, withinSumOfSquares: df,
                                 betweenDegreesOfFreedom: k - 1, withinDegreesOfFreedom: Int(df), fStatistic: 0, pValue: 1,
                                 bartlettChiSquared: nil, bartlettPValue: nil)
            let first = ANOVA.pairwiseComparisons(a)[0]
            #expect(close(first.t, c, rel: 1e-12))
            #expect(close(method.pValue(first), 1 - level, rel: 1e-8), "\(method) k=\(k) level=\(level): \(method.pValue(first))")
        }
    }
}
