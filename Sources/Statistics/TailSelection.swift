import Dispatch

/// Order statistics near both ends of a large column (a histogram's cut points: the 1st and
/// 99th percentiles, the second smallest and second largest value) from one pass that maps no
/// value to a bucket, and that is also the column's missing-value check.
///
/// Why: `BucketProfile` and `BucketSelection` find any rank in two passes, both bound by the
/// per-row bucket map. Ranks within a few percent of either end need less: two thresholds
/// taken from a sample, a pass that counts the copies of each threshold and collects the few
/// values beyond them (one integer range check per row, its branch rarely taken), and a
/// selection among the collected values. The sample only decides whether this works, never
/// the answer: when fewer values than a rank needs lie beyond a threshold, `values` is nil and
/// the caller selects the usual way.
///
/// Exactness: `below` holds every value < `low` and `above` every value > `high` (double
/// compares), and the copies of `low` and `high` are counted bit for bit, so the sorted
/// column starts with the sorted `below`, then the copies of `low`, and ends with the copies
/// of `high` and the sorted `above`. A value equal to a threshold as a double but not bit for
/// bit (the other signed zero) would break that; the thresholds are chosen so such a value
/// lands on the rare path, where it withdraws the answer.
public struct TailSelection: Sendable {
    /// Below this many values the bucketed selection's own small-column path is as cheap.
    public static let minimumCount = 1 << 16
    /// Farthest a rank may lie from its end, as a share of the column.
    static let tailShare = 1.0 / 8

    public let count: Int
    public let hasNaN: Bool
    /// The ranks asked for, and the values at them in the same order (nil when a tail turned
    /// out too thin for a rank, when a collection buffer overflowed, or with NaN).
    public let ranks: [Int]
    public let values: [Double]?

    /// nil when the column is small or a rank lies farther than an eighth of the column from
    /// both ends (then no pass is made).
    public init?(_ x: [Double], ranks: [Int]) {
        let n = x.count
        guard n >= Self.minimumCount, !ranks.isEmpty else { return nil }
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < n }, "order statistic rank out of range")
        // Values needed from the bottom and from the top.
        var lowNeed = 0, highNeed = 0
        for r in ranks { if r < n / 2 { lowNeed = Swift.max(lowNeed, r + 1) } else { highNeed = Swift.max(highNeed, n - r) } }
        let limit = Int(Double(n) * Self.tailShare)
        guard lowNeed <= limit, highNeed <= limit else { return nil }
        self.count = n
        self.ranks = ranks
        var sample = Self.sample(x)
        if sample.contains(where: { $0.isNaN }) {
            // The column has a missing value: nothing to select (callers make a mask).
            hasNaN = true; values = nil; return
        }
        // Sample ranks a safe margin beyond the wanted share (a quarter more, four standard
        // deviations of the sample count, 16 values), so the column's tail beyond the threshold
        // almost always holds the wanted ranks; when not, `values` is nil.
        let m = sample.count
        func margin(_ need: Int) -> Int {
            guard need > 0 else { return -1 }
            let e = Double(m) * Double(need) / Double(n)
            return Swift.min(m - 1, Int(1.25 * e + 4 * e.squareRoot() + 16))
        }
        let iLow = margin(lowNeed), iHigh = margin(highNeed)
        Selection.select(&sample, ranks: [Swift.max(0, iLow), m - 1 - Swift.max(0, iHigh)])
        var low = iLow < 0 ? -Double.infinity : sample[iLow]
        var high = iHigh < 0 ? Double.infinity : sample[m - 1 - iHigh]
        // Signed zeros: −0 < +0 in the bit order the pass compares in, so `low` is +0 and
        // `high` −0 — the other zero then lies beyond them and reaches the rare path.
        if low == 0 { low = 0.0 }
        if high == 0 { high = low == 0 ? 0.0 : -0.0 }
        let expectLow = iLow < 0 ? 0 : (iLow + 1) * (n / m + 1), expectHigh = iHigh < 0 ? 0 : (iHigh + 1) * (n / m + 1)
        let pass = TailPass(x, low: low, high: high, capacityLow: expectLow + expectLow / 2 + 4096, capacityHigh: expectHigh + expectHigh / 2 + 4096)
        hasNaN = pass.nans > 0
        guard !hasNaN, pass.complete else { values = nil; return }
        var below = pass.below, above = pass.above
        let nBelow = below.count, nAbove = above.count
        var lowRanks: [Int] = [], highRanks: [Int] = []
        for r in ranks {
            if r < n / 2 {
                if r < nBelow { lowRanks.append(r) } else if r >= nBelow + pass.lowCopies { values = nil; return }
            } else {
                let fromTop = n - 1 - r
                if fromTop < nAbove { highRanks.append(nAbove - 1 - fromTop) } else if fromTop >= nAbove + pass.highCopies { values = nil; return }
            }
        }
        Selection.select(&below, ranks: lowRanks)
        Selection.select(&above, ranks: highRanks)
        values = ranks.map { r in
            if r < n / 2 { return r < nBelow ? below[r] : low }
            let fromTop = n - 1 - r
            return fromTop < nAbove ? above[nAbove - 1 - fromTop] : high
        }
    }

    /// 256 evenly spread runs of 64 values (16 384 values, each run a few cache lines), as
    /// `BucketProfile` samples, so an ordered column is still sampled over its whole span.
    static func sample(_ x: [Double]) -> [Double] {
        let runs = 256, run = 64, stride = x.count / runs
        var s: [Double] = []
        s.reserveCapacity(runs * run)
        for r in 0..<runs { s += x[(r * stride)..<Swift.min(x.count, r * stride + run)] }
        return s
    }
}

/// The pass of `TailSelection`: on each half of the rows (one per core), the copies of `low`
/// and `high` counted and the values beyond them collected. Rows are compared as integers in
/// the doubles' order (sign-magnitude turned two's complement), so "between the thresholds"
/// is one unsigned range check and the copies two integer compares, all without branches; NaN
/// lies beyond both ends in that order and is told apart on the rare path.
struct TailPass {
    var below: [Double] = [], above: [Double] = []
    var lowCopies = 0, highCopies = 0, nans = 0
    /// False when a buffer overflowed or a value equalled a threshold only as a double.
    var complete = true

    @inline(__always) static func key(_ v: Double) -> Int64 {
        let b = Int64(bitPattern: v.bitPattern)
        return b ^ ((b >> 63) & Int64.max)
    }

    init(_ x: [Double], low: Double, high: Double, capacityLow: Int, capacityHigh: Int) {
        let parts = 2
        let kLow = Self.key(low), kHigh = Self.key(high)
        let span = UInt64(bitPattern: kHigh &- kLow)
        let stride = capacityLow + capacityHigh
        // Per part: its collected values (below, then above), and its tallies.
        var buffer = [Double](unsafeUninitializedCapacity: parts * stride) { _, n in n = parts * stride }
        var tallies = [Int](repeating: 0, count: parts * 8)
        x.withUnsafeBufferPointer { xb in
            buffer.withUnsafeMutableBufferPointer { bb in
                tallies.withUnsafeMutableBufferPointer { tb in
                    nonisolated(unsafe) let xb = xb, bb = bb, tb = tb
                    let size = (xb.count + parts - 1) / parts
                    DispatchQueue.concurrentPerform(iterations: parts) { p in
                        let lows = bb.baseAddress! + p * stride, highs = lows + capacityLow
                        var nLow = 0, nHigh = 0, lowCopies = 0, highCopies = 0, nans = 0, odd = 0
                        let e = Swift.min(xb.count, (p + 1) * size)
                        var i = p * size
                        while i < e {
                            let v = xb[i], k = Self.key(v)
                            lowCopies &+= k == kLow ? 1 : 0
                            highCopies &+= k == kHigh ? 1 : 0
                            if UInt64(bitPattern: k &- kLow) > span {
                                if v < low {
                                    if nLow < capacityLow { lows[nLow] = v }
                                    nLow &+= 1
                                } else if v > high {
                                    if nHigh < capacityHigh { highs[nHigh] = v }
                                    nHigh &+= 1
                                } else if v != v {
                                    nans &+= 1
                                } else {
                                    odd &+= 1
                                }
                            }
                            i &+= 1
                        }
                        let t = tb.baseAddress! + 8 * p
                        t[0] = nLow; t[1] = nHigh; t[2] = lowCopies; t[3] = highCopies; t[4] = nans; t[5] = odd
                    }
                }
            }
        }
        for p in 0..<parts {
            let t = tallies[(8 * p)..<(8 * p + 6)].map { $0 }
            if t[0] > capacityLow || t[1] > capacityHigh || t[5] > 0 { complete = false }
            below += buffer[(p * stride)..<(p * stride + Swift.min(t[0], capacityLow))]
            above += buffer[(p * stride + capacityLow)..<(p * stride + capacityLow + Swift.min(t[1], capacityHigh))]
            // With low == high the copies are counted twice: once for each end, as wanted.
            lowCopies += t[2]; highCopies += t[3]; nans += t[4]
        }
    }
}
