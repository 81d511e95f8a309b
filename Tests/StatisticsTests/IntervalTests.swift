import Testing
@testable import Statistics

/// ci proportions / ci means, poisson against binom.test, prop.test and poisson.test
/// (Fixtures/intervals.json, intervals.R).
@Suite struct IntervalTests {
    @Test func binomialIntervals() throws {
        let ref = try Fixture.json("intervals")
        for c in ref["binomial"] as! [[String: Any]] {
            let k = Int(c.double("k")), n = Int(c.double("n"))
            let ex = try ProportionInterval.binomial(successes: k, trials: n)
            expectClose([ex.lower, ex.upper], c.doubles("exact"), rel: 1e-10, floor: 1e-300, "exact \(k)/\(n)")
            let ex90 = try ProportionInterval.binomial(successes: k, trials: n, level: 0.9)
            expectClose([ex90.lower, ex90.upper], c.doubles("exact90"), rel: 1e-10, "exact90 \(k)/\(n)")
            let w = try ProportionInterval.binomial(successes: k, trials: n, method: .wilson)
            expectClose([w.lower, w.upper], c.doubles("wilson"), rel: 1e-10, floor: 1e-12, "wilson \(k)/\(n)")
        }
        #expect(throws: StatisticsError.self) { try ProportionInterval.binomial(successes: 3, trials: 2) }
    }

    @Test func poissonIntervals() throws {
        let ref = try Fixture.json("intervals")
        for c in ref["poisson"] as! [[String: Any]] {
            let r = try ProportionInterval.poisson(count: Int(c.double("k")), exposure: c.double("t"))
            expectClose([r.lower, r.upper], c.doubles("ci"), rel: 1e-10, "poisson \(c.double("k"))")
        }
    }
}
