/// What `summarize` reports for one variable (frequency weights when given).
///
/// Stata's conventions: the variance divides by W − 1; skewness and kurtosis are the moment
/// ratios m₃/m₂^{3/2} and m₄/m₂² with moments divided by W (so kurtosis of a normal is 3).
public struct Summary: Sendable, Equatable {
    public let count: Int
    public let sumOfWeights: Double
    public let mean: Double
    public let variance: Double
    public var standardDeviation: Double { variance.squareRoot() }
    public let minimum: Double
    public let maximum: Double
    public let sum: Double
    public let skewness: Double?
    public let kurtosis: Double?
}

public enum Descriptives {
    /// Mean, variance and moments in two passes over a contiguous array (the first for the
    /// mean, the second for centred moments, so large offsets such as incomes in NOK or dates
    /// lose nothing).
    public static func summarize(_ x: [Double], weights: [Double]? = nil) throws -> Summary {
        let n = x.count
        guard n > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        if let w = weights, w.count != n { throw StatisticsError.dimensionMismatch("weights have \(w.count) rows, data \(n)") }
        var sw = 0.0, swx = 0.0, lo = Double.infinity, hi = -Double.infinity, used = 0
        x.withUnsafeBufferPointer { xb in
            if let weights {
                weights.withUnsafeBufferPointer { wb in
                    for i in 0..<n where wb[i] != 0 {
                        sw += wb[i]; swx += wb[i] * xb[i]; used += 1
                        lo = Swift.min(lo, xb[i]); hi = Swift.max(hi, xb[i])
                    }
                }
            } else {
                for i in 0..<n { swx += xb[i]; lo = Swift.min(lo, xb[i]); hi = Swift.max(hi, xb[i]) }
                sw = Double(n); used = n
            }
        }
        guard sw > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        let mean = swx / sw
        var m2 = 0.0, m3 = 0.0, m4 = 0.0, corr = 0.0
        x.withUnsafeBufferPointer { xb in
            for i in 0..<n {
                let w = weights?[i] ?? 1
                if w == 0 { continue }
                let d = xb[i] - mean
                let d2 = d * d
                corr += w * d; m2 += w * d2; m3 += w * d2 * d; m4 += w * d2 * d2
            }
        }
        // Two-pass with the compensating term Σw·d (Chan–Golub–LeVeque's corrected formula).
        m2 -= corr * corr / sw
        let variance = sw > 1 ? m2 / (sw - 1) : 0
        let pm2 = m2 / sw
        let skew: Double? = pm2 > 0 ? (m3 / sw) / (pm2 * pm2.squareRoot()) : nil
        let kurt: Double? = pm2 > 0 ? (m4 / sw) / (pm2 * pm2) : nil
        return Summary(count: used, sumOfWeights: sw, mean: mean, variance: variance, minimum: lo, maximum: hi,
                       sum: swx, skewness: skew, kurtosis: kurt)
    }

    /// The Gini coefficient G = Σᵢ Σⱼ wᵢwⱼ|xᵢ − xⱼ| / (2W²μ), computed after sorting as
    /// Σᵢ wᵢxᵢ(2Cᵢ − wᵢ − W) / (W²μ) with Cᵢ the cumulative weight. This is the plain
    /// ("population") Gini of Stata's `ineqdeco`/`inequal` and of R's `ineq::Gini`, with no
    /// n/(n−1) correction. Defined for non-negative data with a positive mean.
    public static func gini(_ x: [Double], weights: [Double]? = nil) throws -> Double {
        guard !x.isEmpty else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        if let w = weights, w.count != x.count { throw StatisticsError.dimensionMismatch("weights have \(w.count) rows, data \(x.count)") }
        guard x.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("Gini needs non-negative values") }
        let order = x.indices.sorted { x[$0] < x[$1] }
        var total = 0.0, weighted = 0.0
        for i in order { let w = weights?[i] ?? 1; total += w; weighted += w * x[i] }
        guard total > 0, weighted > 0 else { throw StatisticsError.invalidArgument("Gini needs a positive mean") }
        var cum = 0.0, s = 0.0
        for i in order {
            let w = weights?[i] ?? 1
            cum += w
            s += w * x[i] * (2 * cum - w - total)
        }
        let mean = weighted / total
        return s / (total * total * mean)
    }

    /// Confidence interval for a mean (Stata's `ci means`): mean ± t_{N−1} · sd/√N.
    public static func meanConfidenceInterval(_ x: [Double], level: Double = 0.95) throws -> (mean: Double, standardError: Double, lower: Double, upper: Double) {
        let s = try summarize(x)
        guard s.count >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: s.count) }
        let se = s.standardDeviation / Double(s.count).squareRoot()
        let t = StudentT.quantile(0.5 + level / 2, degreesOfFreedom: Double(s.count - 1))
        return (s.mean, se, s.mean - t * se, s.mean + t * se)
    }
}
