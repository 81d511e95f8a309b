/// Percentiles as Stata's `summarize, detail` and `_pctile` (default, no `altdef`) define them.
///
/// With observations sorted x₍₁₎ ≤ … ≤ x₍ₙ₎, weights w₍ᵢ₎ (1 when unweighted) and cumulative
/// weights W₍ᵢ₎ = Σ_{k≤i} w₍ₖ₎, W = W₍ₙ₎, the p-th percentile is found from P = W·p/100:
///
/// - x₍₁₎ if P < W₍₁₎;
/// - (x₍ᵢ₎ + x₍ᵢ₊₁₎)/2 if W₍ᵢ₎ = P (an exact hit averages the neighbours);
/// - x₍ᵢ₊₁₎ if W₍ᵢ₎ < P < W₍ᵢ₊₁₎.
///
/// Unweighted this is Hyndman & Fan's type 2 (the inverse empirical distribution function with
/// averaging at discontinuities; R's `quantile(type = 2)`), which is what Stata users expect
/// from `summarize, detail`. Note Stata's `centile` command uses a different (type 6)
/// definition; we follow `summarize`. Weights are frequency weights.
public enum Percentiles {
    /// The nine percentiles `summarize` prints.
    public static let summarizeLevels: [Double] = [1, 5, 10, 25, 50, 75, 90, 95, 99]

    /// Percentiles (p in 0…100) of unsorted data.
    public static func compute(_ x: [Double], at levels: [Double], weights: [Double]? = nil) throws -> [Double] {
        guard !x.isEmpty else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        if let w = weights {
            guard w.count == x.count else { throw StatisticsError.dimensionMismatch("weights have \(w.count) rows, data \(x.count)") }
            let order = x.indices.sorted { x[$0] < x[$1] }
            return try ofSorted(order.map { x[$0] }, at: levels, weights: order.map { w[$0] })
        }
        // Unweighted: select just the order statistics the definition reads, no full sort.
        for p in levels where !(p >= 0 && p <= 100) { throw StatisticsError.invalidArgument("percentile \(p) outside 0…100") }
        let n = x.count
        let plans = levels.map { plan(n: n, p: $0) }
        let ranks = plans.flatMap { [$0.rank, $0.average ? $0.rank + 1 : $0.rank] }
        let v = Selection.orderStatistics(x, ranks: ranks)
        return plans.indices.map { i in plans[i].average ? (v[2 * i] + v[2 * i + 1]) / 2 : v[2 * i] }
    }

    /// The two 0-based order statistics whose mean is the unweighted p-th percentile of n
    /// values (the same rank twice when the definition does not average). Callers that clamp
    /// values (winsorising) clamp these before averaging, which is exactly the percentile of
    /// the clamped data, so one selection serves both the raw and the winsorised percentiles.
    public static func orderRanks(count n: Int, level p: Double) -> (lower: Int, upper: Int) {
        let q = plan(n: n, p: p)
        return (q.rank, q.average ? q.rank + 1 : q.rank)
    }

    /// The values at the given 0-based ranks of unsorted data (all in 0..<x.count), found by
    /// bucketed selection in a few linear passes, without sorting or copying the data.
    public static func orderStatistics(_ x: [Double], ranks: [Int]) -> [Double] {
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < x.count }, "order statistic rank out of range")
        return Selection.orderStatistics(x, ranks: ranks)
    }

    /// Which order statistic (0-based) the unweighted definition reads for p, and whether it
    /// averages it with the next one.
    static func plan(n: Int, p: Double) -> (rank: Int, average: Bool) {
        let P = Double(n) * p / 100
        let i = P.rounded(.down)
        let k = Int(i)
        if k < 1 { return (0, false) }
        if k >= n { return (n - 1, false) }
        return P == i ? (k - 1, true) : (k, false)
    }

    /// Percentiles of data already sorted ascending (weights in the same order).
    public static func ofSorted(_ x: [Double], at levels: [Double], weights: [Double]? = nil) throws -> [Double] {
        let n = x.count
        guard n > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        for p in levels where !(p >= 0 && p <= 100) { throw StatisticsError.invalidArgument("percentile \(p) outside 0…100") }
        guard let w = weights else {
            return levels.map { p in
                let q = plan(n: n, p: p)
                return q.average ? (x[q.rank] + x[q.rank + 1]) / 2 : x[q.rank]
            }
        }
        var cum = [Double](repeating: 0, count: n)
        var s = 0.0
        for i in 0..<n {
            guard w[i] >= 0 else { throw StatisticsError.invalidArgument("negative weight") }
            s += w[i]; cum[i] = s
        }
        guard s > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        return levels.map { p in
            let P = s * p / 100
            // First index whose cumulative weight reaches P.
            var lo = 0, hi = n - 1
            while lo < hi { let mid = (lo + hi) / 2; if cum[mid] < P { lo = mid + 1 } else { hi = mid } }
            let i = lo
            if abs(cum[i] - P) <= 1e-12 * s, i + 1 < n {
                // An exact hit averages with the next observation of positive weight.
                var j = i + 1
                while j < n - 1 && w[j] == 0 { j += 1 }
                return (x[i] + x[j]) / 2
            }
            return x[i]
        }
    }

    /// Interquartile range p75 − p25 under the same definition.
    public static func interquartileRange(_ x: [Double], weights: [Double]? = nil) throws -> Double {
        let q = try compute(x, at: [25, 75], weights: weights)
        return q[1] - q[0]
    }

    /// Clamps values to [p_lower, p_upper]: the disclosure layer computes means, sds and Gini
    /// on data winsorised at p1/p99 so that no single extreme unit shows through.
    /// Returns the new values and the two cut points.
    public static func winsorize(_ x: [Double], lower: Double = 1, upper: Double = 99,
                                 weights: [Double]? = nil) throws -> (values: [Double], low: Double, high: Double) {
        guard lower <= upper else { throw StatisticsError.invalidArgument("lower percentile above upper") }
        let cuts = try compute(x, at: [lower, upper], weights: weights)
        let lo = cuts[0], hi = cuts[1]
        var out = x
        out.withUnsafeMutableBufferPointer { b in
            for i in 0..<b.count { b[i] = Swift.min(Swift.max(b[i], lo), hi) }
        }
        return (out, lo, hi)
    }
}
