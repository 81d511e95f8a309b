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

    init(_ x: [Double], percent: Double, levels: [Double]) {
        let n = x.count
        precondition(n > 0)
        var ranks: [Int] = []
        for p in [percent, 100 - percent] + levels {
            let r = Percentiles.orderRanks(count: n, level: p)
            ranks += [r.lower, r.upper]
        }
        ranks += [min(1, n - 1), max(0, n - 2)]
        let v = Percentiles.orderStatistics(x, ranks: ranks)
        let qLow = (v[0] + v[1]) / 2, qHigh = (v[2] + v[3]) / 2
        let low = n >= 2 ? max(qLow, v[v.count - 2]) : qLow
        let high = n >= 2 ? min(qHigh, v[v.count - 1]) : qHigh
        self.low = low
        self.high = high
        percentiles = levels.indices.map { i in
            let a = min(max(v[4 + 2 * i], low), high), b = min(max(v[5 + 2 * i], low), high)
            return (a + b) / 2
        }
    }

    /// Mean and sample sd of the winsorised values, clamping on the fly (no copy). The sums run
    /// in the same order and with the same operations as `ReleaseNumerics.mean` and `.sd` on a
    /// clamped copy, so the results are identical to the last bit.
    func moments(_ x: [Double]) -> (mean: Double, sd: Double) {
        let n = x.count
        let lo = low, hi = high
        var total = 0.0
        x.withUnsafeBufferPointer { b in for v in b { total += min(max(v, lo), hi) } }
        let m = total / Double(n)
        guard n > 1 else { return (m, 0) }
        var s = 0.0, c = 0.0
        x.withUnsafeBufferPointer { b in for v in b { let d = min(max(v, lo), hi) - m; s += d * d; c += d } }
        return (m, ((s - c * c / Double(n)) / Double(n - 1)).squareRoot())
    }

    /// The winsorised values themselves (a copy), for what needs them sorted (Gini).
    func clamped(_ x: [Double]) -> [Double] {
        let lo = low, hi = high
        return x.map { min(max($0, lo), hi) }
    }
}
