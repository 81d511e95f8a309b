/// The beta distribution's quantile, needed for exact binomial intervals.
public enum BetaDistribution {
    public static func cdf(_ x: Double, _ a: Double, _ b: Double) -> Double {
        x <= 0 ? 0 : x >= 1 ? 1 : SpecialFunctions.betaI(x, 1 - x, a, b)
    }

    /// Bisection on (0, 1): monotone, bounded, and 200 halvings reach full precision without
    /// the overshoot a Newton step can make near the ends.
    public static func quantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, a, b) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

/// Stata's `ci proportions` and `ci means, poisson` intervals.
public enum ProportionInterval {
    public enum Method: Sendable { case exact, wilson, wald }

    /// Interval for k successes in n trials; exact = Clopper–Pearson (Stata's default).
    public static func binomial(successes k: Int, trials n: Int, level: Double = 0.95, method: Method = .exact) throws -> (estimate: Double, standardError: Double, lower: Double, upper: Double) {
        guard n > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        guard k >= 0 && k <= n else { throw StatisticsError.invalidArgument("successes must lie in 0…trials") }
        let p = Double(k) / Double(n), nd = Double(n)
        let se = (p * (1 - p) / nd).squareRoot()
        let alpha = 1 - level
        let z = Normal.quantile(1 - alpha / 2)
        switch method {
        case .exact:
            let lo = k == 0 ? 0 : BetaDistribution.quantile(alpha / 2, Double(k), Double(n - k + 1))
            let hi = k == n ? 1 : BetaDistribution.quantile(1 - alpha / 2, Double(k + 1), Double(n - k))
            return (p, se, lo, hi)
        case .wilson:
            let z2 = z * z
            let centre = (p + z2 / (2 * nd)) / (1 + z2 / nd)
            let half = z / (1 + z2 / nd) * (p * (1 - p) / nd + z2 / (4 * nd * nd)).squareRoot()
            return (p, se, centre - half, centre + half)
        case .wald:
            return (p, se, p - z * se, p + z * se)
        }
    }

    /// Exact interval for a Poisson count k over `exposure` (Stata's `ci means, poisson`):
    /// [χ²_{α/2}(2k)/2, χ²_{1−α/2}(2k+2)/2] / exposure.
    public static func poisson(count k: Int, exposure: Double = 1, level: Double = 0.95) throws -> (rate: Double, lower: Double, upper: Double) {
        guard k >= 0, exposure > 0 else { throw StatisticsError.invalidArgument("count must be ≥ 0 and exposure > 0") }
        let alpha = 1 - level
        let lo = k == 0 ? 0 : ChiSquared.quantile(alpha / 2, degreesOfFreedom: Double(2 * k)) / 2
        let hi = ChiSquared.quantile(1 - alpha / 2, degreesOfFreedom: Double(2 * k + 2)) / 2
        return (Double(k) / exposure, lo / exposure, hi / exposure)
    }
}
