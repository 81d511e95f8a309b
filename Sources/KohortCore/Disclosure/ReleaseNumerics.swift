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
    static func winsorCuts(_ x: [Double], percent: Double, profile: BucketProfile? = nil, tails: TailSelection? = nil) -> (low: Double, high: Double) {
        precondition(!x.isEmpty)
        let s = WinsorSelection(x, percent: percent, levels: [], profile: profile, tails: tails, moments: false)
        return (s.low, s.high)
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
