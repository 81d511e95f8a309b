import Foundation
import Statistics

/// The order statistics `summarize` and the charts need from one variable, selected in one go.
///
/// Winsorising is monotone, so the sorted winsorised values are the clamped sorted raw values:
/// the percentiles of the winsorised data are the clamped order statistics of the raw data,
/// averaged as the percentile definition says. One bucketed selection over the raw column
/// therefore yields the cut points (p_percent, p_(100−percent), the second smallest and second
/// largest value) and every requested percentile of the winsorised data, bit for bit what
/// clamping a copy and selecting again would give, with no copy of the column.
struct WinsorSelection {
    let low: Double
    let high: Double
    /// Percentiles of the winsorised values at the requested levels (type 2).
    let percentiles: [Double]
    /// The winsorised median, when 50 is among the levels (the moments' shift).
    let median: Double?

    /// The bucketed selection of a large column, kept for `moments` (nil for small columns).
    private let buckets: BucketSelection?

    /// `profile` or `tails`, when given, must be the column's (Analysis makes one while
    /// checking for missing values, so no pass is made twice; `tails` for `ranks(…)` of the
    /// same arguments). Without either, a large column gets a profile here, with per-bucket
    /// sums when `moments` will be asked for — or, when only the cut points are wanted (no
    /// levels, no moments), first a `TailSelection`, one cheaper pass for ranks that all lie
    /// near the ends.
    init(_ x: [Double], percent: Double, levels: [Double], profile: BucketProfile? = nil, tails: TailSelection? = nil, moments: Bool = true) {
        let n = x.count
        precondition(n > 0)
        let ranks = Self.ranks(count: n, percent: percent, levels: levels)
        let nearEnds = profile == nil && levels.isEmpty && !moments
        if let t = tails ?? (nearEnds ? TailSelection(x, ranks: ranks) : nil), t.count == n, t.ranks == ranks, let v = t.values {
            self.init(n: n, values: v, levels: levels, buckets: nil)
            return
        }
        let buckets: BucketSelection?
        if let p = profile ?? BucketProfile(x, moments: moments), !p.hasNaN, p.count == n {
            buckets = BucketSelection(x, profile: p, ranks: ranks)
        } else {
            buckets = nil
        }
        self.init(n: n, values: buckets?.values ?? Percentiles.orderStatistics(x, ranks: ranks), levels: levels, buckets: buckets)
    }

    /// The order statistics the selection reads, in the order `init(n:values:…)` expects: the
    /// two ranks of each cut point's percentile, of each level's, then the second smallest
    /// and second largest.
    static func ranks(count n: Int, percent: Double, levels: [Double]) -> [Int] {
        var ranks: [Int] = []
        for p in [percent, 100 - percent] + levels {
            let r = Percentiles.orderRanks(count: n, level: p)
            ranks += [r.lower, r.upper]
        }
        return ranks + [min(1, n - 1), max(0, n - 2)]
    }

    private init(n: Int, values v: [Double], levels: [Double], buckets: BucketSelection?) {
        self.buckets = buckets
        let qLow = (v[0] + v[1]) / 2, qHigh = (v[2] + v[3]) / 2
        let low = n >= 2 ? max(qLow, v[v.count - 2]) : qLow
        let high = n >= 2 ? min(qHigh, v[v.count - 1]) : qHigh
        self.low = low
        self.high = high
        let q = levels.indices.map { i in
            let a = min(max(v[4 + 2 * i], low), high), b = min(max(v[5 + 2 * i], low), high)
            return (a + b) / 2
        }
        percentiles = q
        median = levels.firstIndex(of: 50).map { q[$0] }
    }

    /// Mean and sample sd of the winsorised values, clamping on the fly (no copy), in one pass
    /// over fixed chunks on both cores. The values are shifted by a point inside the data (the
    /// winsorised median when it was asked for, else the midpoint of the cut points):
    /// mean = s + Σd/n and Σ(c − mean)² = Σd² − (Σd)²/n with d = clamp(x) − s, the corrected
    /// two-pass formula with a shift near the mean, so nothing cancels catastrophically; the
    /// chunk sums are added in chunk order, so the result is the same on any core count. (It
    /// agrees with a two-pass computation on a clamped copy to ~1e-15 relative, not to the bit.)
    ///
    /// A large column's moments come from its bucket profile instead (no pass: see
    /// `BucketSelection.clampedMoments`, which declines when its terms would cancel); the same
    /// shift and final formula, so the same accuracy. `x` must be the column the selection
    /// was made of.
    func moments(_ x: [Double]) -> (mean: Double, sd: Double) {
        let n = x.count
        let lo = low, hi = high
        let shift = median ?? (lo / 2 + hi / 2)
        if let b = buckets, b.count == n, let (s, q) = b.clampedMoments(low: lo, high: hi, shift: shift) {
            return Self.moments(n: n, shift: shift, sum: s, squares: q)
        }
        let parts = x.withUnsafeBufferPointer { b -> [(Double, Double)] in
            nonisolated(unsafe) let b = b
            return Parallel.chunkSums(count: n) { r in
                // Four running sums each, so the additions do not wait on one another.
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
                // Clamping by selects (maxsd/minsd), not Swift's NaN-aware min/max, which branch.
                @inline(__always) func d(_ v: Double) -> Double { let a = v < lo ? lo : v; return (a > hi ? hi : a) - shift }
                var i = r.lowerBound
                while i + 3 < r.upperBound {
                    let d0 = d(b[i]), d1 = d(b[i + 1]), d2 = d(b[i + 2]), d3 = d(b[i + 3])
                    s0 += d0; s1 += d1; s2 += d2; s3 += d3
                    q0 += d0 * d0; q1 += d1 * d1; q2 += d2 * d2; q3 += d3 * d3
                    i += 4
                }
                while i < r.upperBound { let e = d(b[i]); s0 += e; q0 += e * e; i += 1 }
                return ((s0 + s1) + (s2 + s3), (q0 + q1) + (q2 + q3))
            }
        }
        var s = 0.0, q = 0.0
        for p in parts { s += p.0; q += p.1 }
        return Self.moments(n: n, shift: shift, sum: s, squares: q)
    }

    /// Mean and sd from Σd and Σd² of the values less `shift`.
    static func moments(n: Int, shift: Double, sum s: Double, squares q: Double) -> (mean: Double, sd: Double) {
        let m = shift + s / Double(n)
        guard n > 1 else { return (m, 0) }
        return (m, (Swift.max(0, q - s * s / Double(n)) / Double(n - 1)).squareRoot())
    }

    /// The winsorised values themselves (a copy), for what needs them sorted (Gini).
    func clamped(_ x: [Double]) -> [Double] {
        let lo = low, hi = high
        return x.map { min(max($0, lo), hi) }
    }
}
