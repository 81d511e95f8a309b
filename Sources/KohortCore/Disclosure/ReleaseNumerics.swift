import Foundation
import Statistics

/// The few numerics disclosure needs on raw values: percentiles, winsorising, moments, Gini,
/// Pearson correlation, χ² tail, significant-digit rounding.
///
/// Percentiles are the Statistics module's `Percentiles` (Stata's `summarize, detail`,
/// Hyndman–Fan type 2), computed by selection rather than a full sort, so a 5.5 M-row column
/// is winsorised and summarised in linear time.
enum ReleaseNumerics {
    /// Percentiles (p in 0…100), type 2, of data in any order.
    static func percentiles(_ x: [Double], at levels: [Double]) -> [Double] {
        precondition(!x.isEmpty)
        return try! Percentiles.compute(x, at: levels)
    }

    /// Percentiles of sorted data (p in 0…100), type 2.
    static func percentiles(sorted x: [Double], at levels: [Double]) -> [Double] {
        precondition(!x.isEmpty)
        return try! Percentiles.ofSorted(x, at: levels)
    }

    /// Winsorising cut points for disclosure: the `percent` and (100 − `percent`) percentiles,
    /// but never further out than the second smallest and second largest value, so the single
    /// most extreme unit on each side never shows (with fewer than 100 units the 1st
    /// percentile *is* the minimum).
    static func winsorCuts(sorted x: [Double], percent: Double) -> (low: Double, high: Double) {
        let n = x.count
        let q = percentiles(sorted: x, at: [percent, 100 - percent])
        guard n >= 2 else { return (q[0], q[1]) }
        return (max(q[0], x[1]), min(q[1], x[n - 2]))
    }

    /// The same cut points for data in any order: one selection, no sort (the second smallest
    /// and second largest values are order statistics 1 and n − 2 of the same selection).
    static func winsorCuts(_ x: [Double], percent: Double, profile: BucketProfile? = nil) -> (low: Double, high: Double) {
        precondition(!x.isEmpty)
        let s = WinsorSelection(x, percent: percent, levels: [], profile: profile, moments: false)
        return (s.low, s.high)
    }

    /// Counts and record-key sums of equal-width bins from `low` (values clamped to
    /// [low, high] first, so the end bins hold everything beyond). Each half of the rows
    /// accumulates on its own core, alternating rows between two tables; values below the
    /// first bin's upper edge (everything at or below the lowest cut point: half of all
    /// persons for a wage) rotate over 64 spare slots per table, so that pile-up does not
    /// chain every increment through one memory slot. The tables and spare slots are added
    /// (counts and wrapping key sums are order-free, so the result does not depend on the split).
    static func binCounts<Key: FixedWidthInteger & UnsignedInteger & SendableMetatype>(_ x: [Double], recordKeys: [Key], low: Double, high: Double, width: Double, bins: Int) -> CellKeyAccumulator {
        precondition(x.count == recordKeys.count && bins > 0 && bins <= 1 << 20)
        let parts = x.count >= 1 << 16 ? 2 : 1
        // Per table: the bins, 64 spare slots for the first bin, then 8 slots (64 bytes) of
        // padding, so no two tables' busy slots share a cache line.
        let sinks = 64, stride = bins + sinks + 8
        var counts = [Int](repeating: 0, count: 2 * parts * stride), sums = [UInt64](repeating: 0, count: 2 * parts * stride)
        let edges = binThresholds(low: low, high: high, width: width, bins: bins)
        let inverse = 1 / width
        edges.withUnsafeBufferPointer { thresholds in
        nonisolated(unsafe) let thresholds = thresholds
        x.withUnsafeBufferPointer { xb in
            recordKeys.withUnsafeBufferPointer { kb in
                counts.withUnsafeMutableBufferPointer { cb in
                    sums.withUnsafeMutableBufferPointer { sb in
                        nonisolated(unsafe) let xb = xb, kb = kb, cb = cb, sb = sb
                        let size = (xb.count + parts - 1) / parts
                        DispatchQueue.concurrentPerform(iterations: parts) { p in
                            let c0 = cb.baseAddress! + 2 * p * stride, s0 = sb.baseAddress! + 2 * p * stride
                            let c1 = c0 + stride, s1 = s0 + stride
                            let tb = thresholds.baseAddress!
                            let top = Double(bins - 1)
                            @inline(__always) func bin(_ i: Int) -> Int {
                                let v = min(max(xb[i], low), high)
                                // v ≥ low, so the product is ≥ 0; the upper clamp by a select
                                // in floating point (integer min/max compiled to branches, a
                                // coin toss per row between zero and other wages).
                                let t = (v - low) * inverse
                                var g = Int(t < top ? t : top)
                                // The product and the quotient (v − low)/width are both within
                                // a few ulps of the exact ratio, at most `bins` ≤ 2²⁰: they
                                // differ by far less than 1, so their floors by at most one,
                                // and one branch-free step each way settles the bin (the edges
                                // −∞ and +∞ at both ends keep g in range). No loop after them:
                                // each was a dependent load and compare on every row.
                                g -= v < tb[g] ? 1 : 0
                                g += v >= tb[g + 1] ? 1 : 0
                                return g
                            }
                            // The first bin's values go to the spare slot of their row: the bin
                            // is found for every row and then replaced by a select, since a
                            // branch on a coin toss (zero or not) would mispredict half the time.
                            let first = tb[1]
                            @inline(__always) func slot(_ i: Int) -> Int {
                                let g = bin(i), spare = bins + (i & (sinks - 1))
                                return xb[i] < first ? spare : g
                            }
                            let e = min(xb.count, (p + 1) * size)
                            var i = p * size
                            while i + 1 < e {
                                let a = slot(i), b = slot(i + 1)
                                c0[a] &+= 1; s0[a] = s0[a] &+ UInt64(kb[i])
                                c1[b] &+= 1; s1[b] = s1[b] &+ UInt64(kb[i + 1])
                                i += 2
                            }
                            if i < e { let a = slot(i); c0[a] &+= 1; s0[a] = s0[a] &+ UInt64(kb[i]) }
                        }
                    }
                }
            }
        }
        }
        var acc = CellKeyAccumulator(cells: bins)
        for t in 0..<(2 * parts) {
            for b in 0..<(bins + sinks) {
                let into = b < bins ? b : 0
                acc.counts[into] += counts[t * stride + b]
                acc.keySums[into] = acc.keySums[into] &+ sums[t * stride + b]
            }
        }
        return acc
    }

    /// The bin of v ∈ [low, high] is min(bins − 1, ⌊(v − low)/width⌋) in floating point, a
    /// monotone step function of v; entry b (1 ≤ b < bins) is the smallest double whose bin is
    /// at least b (entry 0 is −∞, entry `bins` +∞), found by bisection over the doubles' order. `binCounts` then
    /// guesses a bin with a multiplication and corrects it against these edges — exactly the
    /// division's bin, without a division per row.
    static func binThresholds(low: Double, high: Double, width: Double, bins: Int) -> [Double] {
        func bin(_ v: Double) -> Int { min(bins - 1, max(0, Int((v - low) / width))) }
        // Order-preserving map of doubles to unsigned integers and back.
        func key(_ v: Double) -> UInt64 { let b = v.bitPattern; return b >> 63 == 0 ? b | (1 << 63) : ~b }
        func value(_ k: UInt64) -> Double { Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k) }
        var edges = [Double](repeating: -.infinity, count: bins + 1)
        edges[bins] = .infinity
        for b in 1..<max(1, bins) {
            var lo = key(low), hi = key(high)   // bin(high) = bins − 1 ≥ b
            if bin(high) < b { edges[b] = .infinity; continue }
            while lo < hi { let mid = lo + (hi - lo) / 2; if bin(value(mid)) >= b { hi = mid } else { lo = mid + 1 } }
            edges[b] = value(lo)
        }
        return edges
    }

    /// Values clamped to the cut points, in their original order.
    static func winsorise(_ x: [Double], percent: Double) -> (values: [Double], low: Double, high: Double) {
        guard !x.isEmpty else { return ([], .nan, .nan) }
        let cuts = winsorCuts(x, percent: percent)
        var out = x
        out.withUnsafeMutableBufferPointer { b in for i in 0..<b.count { b[i] = min(max(b[i], cuts.low), cuts.high) } }
        return (out, cuts.low, cuts.high)
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    /// Sample standard deviation (divides by n − 1).
    static func sd(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        var s = 0.0, c = 0.0
        for v in x { let d = v - m; s += d * d; c += d }
        return ((s - c * c / Double(x.count)) / Double(x.count - 1)).squareRoot()
    }

    /// Plain Gini of non-negative values in any order (sorts a copy); nil unless defined.
    static func gini(_ x: [Double]) -> Double? { gini(sorted: x.sorted()) }

    /// Plain Gini of sorted non-negative values with a positive mean; nil otherwise.
    static func gini(sorted x: [Double]) -> Double? {
        guard let first = x.first, first >= 0 else { return nil }
        let n = Double(x.count)
        let total = x.reduce(0, +)
        guard total > 0 else { return nil }
        var s = 0.0
        for (i, v) in x.enumerated() { s += v * (2 * Double(i + 1) - 1 - n) }
        return s / (n * total)
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { let a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// x rounded to `digits` significant digits.
    static func significant(_ x: Double, _ digits: Int) -> Double {
        guard x.isFinite, x != 0, digits > 0 else { return x }
        let magnitude = floor(log10(abs(x)))
        let exponent = Double(digits) - 1 - magnitude
        if exponent >= 0 {
            let scale = pow(10, exponent)
            return (x * scale).rounded() / scale
        }
        let scale = pow(10, -exponent)
        return (x / scale).rounded() * scale
    }

    /// P(χ²_df > x), the regularised upper incomplete gamma Q(df/2, x/2).
    static func chiSquaredTail(_ x: Double, df: Int) -> Double {
        guard x > 0 else { return 1 }
        let a = Double(df) / 2, z = x / 2
        let lnPrefix = -z + a * log(z) - lgamma(a)
        if z < a + 1 {
            var sum = 1 / a, term = 1 / a, ap = a
            for _ in 0..<500 { ap += 1; term *= z / ap; sum += term; if abs(term) < abs(sum) * 1e-15 { break } }
            return max(0, min(1, 1 - sum * exp(lnPrefix)))
        }
        // Lentz's continued fraction for Q.
        var b = z + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
        for i in 1..<500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c; if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, min(1, exp(lnPrefix) * h))
    }
}
