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
