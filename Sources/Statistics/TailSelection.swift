import Dispatch

/// Order statistics near both ends of a large column (a histogram's cut points: the 1st and
/// 99th percentiles, the second smallest and second largest value) from one pass that maps no
/// value to a bucket, and that is also the column's missing-value check.
///
/// Why: `BucketProfile` and `BucketSelection` find any rank in two passes, both bound by the
/// per-row bucket map. Ranks within a few percent of either end need less: two thresholds
/// taken from a sample, a pass that counts the copies of each threshold and collects the few
/// values beyond them (a range check per row, its branch rarely taken), and a
/// selection among the collected values. The sample only decides whether this works, never
/// the answer: when fewer values than a rank needs lie beyond a threshold, `values` is nil and
/// the caller selects the usual way.
///
/// Exactness: `below` holds every value < `low`, `above` every value > `high`, and the
/// copies of `low` and `high` are counted, so the sorted column starts with the sorted
/// `below`, then the copies of `low`, and ends with the copies of `high` and the sorted
/// `above`. All of it in double compares, as every comparison of `Selection` and
/// `BucketSelection`: −0 and +0 are one value, and a rank among the copies reads the
/// threshold as sampled.
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
        let low = iLow < 0 ? -Double.infinity : sample[iLow]
        let high = iHigh < 0 ? Double.infinity : sample[m - 1 - iHigh]
        let expectLow = iLow < 0 ? 0 : (iLow + 1) * (n / m + 1), expectHigh = iHigh < 0 ? 0 : (iHigh + 1) * (n / m + 1)
        let pass = TailPass(x, low: low, high: high, capacityLow: expectLow + expectLow / 2 + 4096, capacityHigh: expectHigh + expectHigh / 2 + 4096)
        hasNaN = pass.nans > 0
        guard !hasNaN, pass.complete else { values = nil; return }
        let below = pass.below, above = pass.above
        let nBelow = below.count, nAbove = above.count
        // Where each rank's value comes from: a threshold's copies, or a selection among the
        // values collected beyond it.
        var out = [Double](repeating: 0, count: ranks.count)
        var lowAt: [Int] = [], lowRanks: [Int] = [], highAt: [Int] = [], highRanks: [Int] = []
        for (j, r) in ranks.enumerated() {
            if r < n / 2 {
                if r < nBelow { lowAt.append(j); lowRanks.append(r) } else if r < nBelow + pass.lowCopies { out[j] = low } else { values = nil; return }
            } else {
                let fromTop = n - 1 - r
                if fromTop < nAbove { highAt.append(j); highRanks.append(nAbove - 1 - fromTop) } else if fromTop < nAbove + pass.highCopies { out[j] = high } else { values = nil; return }
            }
        }
        for (j, v) in zip(lowAt, Self.select(below, ranks: lowRanks)) { out[j] = v }
        for (j, v) in zip(highAt, Self.select(above, ranks: highRanks)) { out[j] = v }
        values = out
    }

    /// The values at `ranks` of `a` (no NaN), by Floyd and Rivest's idea: a sorted sample
    /// brackets each group of nearby ranks between two values, one pass counts the values
    /// below the bracket and collects those inside, and selection runs among those few. The
    /// collected tail of a large column is ~150 000 values, and a plain selection of ranks
    /// inside it took ~2 ms on one core; the bracket pass is branch-free but for the values
    /// inside. A bracket the sample misjudged (the count check fails) falls back to the plain
    /// selection.
    static func select(_ a: [Double], ranks: [Int]) -> [Double] {
        guard !ranks.isEmpty else { return [] }
        let m = a.count
        guard m >= 1 << 13 else {
            var c = a
            Selection.select(&c, ranks: ranks)
            return ranks.map { c[$0] }
        }
        let size = 2048, step = m / size
        var sample = (0..<size).map { a[$0 * step] }
        sample.sort()
        // Ranks within 1/64 of the column of one another share a bracket.
        var groups: [(first: Int, last: Int)] = []
        for r in Set(ranks).sorted() {
            if let g = groups.last, r - g.last <= m / 64 { groups[groups.count - 1].last = r } else { groups.append((r, r)) }
        }
        var result = [Double](repeating: 0, count: ranks.count)
        for g in groups {
            let inGroup = ranks.indices.filter { ranks[$0] >= g.first && ranks[$0] <= g.last }
            // Sample positions four standard deviations of the sample count beyond the ranks.
            func position(_ r: Int, _ side: Double) -> Int {
                let p = Double(r) / Double(m), e = Double(size) * p
                return Int((e + side * (4 * (Double(size) * p * (1 - p)).squareRoot() + 8)).rounded(side < 0 ? .down : .up))
            }
            let iLow = position(g.first, -1), iHigh = position(g.last, 1)
            let low = iLow < 0 ? -Double.infinity : sample[iLow], high = iHigh >= size ? Double.infinity : sample[iHigh]
            var (under, inside) = bracket(a, low: low, high: high)
            if under <= g.first && under + inside.count > g.last {
                Selection.select(&inside, ranks: inGroup.map { ranks[$0] - under })
                for j in inGroup { result[j] = inside[ranks[j] - under] }
            } else {
                var c = a
                Selection.select(&c, ranks: inGroup.map { ranks[$0] })
                for j in inGroup { result[j] = c[ranks[j]] }
            }
        }
        return result
    }

    /// How many values of `a` lie below `low`, and those in [low, high]: four at a time, the
    /// count by a vector compare, the rare block with a value inside checked one by one.
    static func bracket(_ a: [Double], low: Double, high: Double) -> (under: Int, inside: [Double]) {
        var inside: [Double] = []
        var under = SIMD4<Double>(), rest = 0
        let vLow = SIMD4<Double>(repeating: low), vHigh = SIMD4<Double>(repeating: high)
        let one = SIMD4<Double>(repeating: 1), zero = SIMD4<Double>()
        a.withUnsafeBufferPointer { b in
            let raw = UnsafeRawPointer(b.baseAddress!)
            var i = 0
            while i + 4 <= b.count {
                let v = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                under += zero.replacing(with: one, where: v .< vLow)
                if any((v .>= vLow) .& (v .<= vHigh)) {
                    for j in i..<(i + 4) where b[j] >= low && b[j] <= high { inside.append(b[j]) }
                }
                i &+= 4
            }
            while i < b.count {
                let v = b[i]
                if v < low { rest += 1 } else if v <= high { inside.append(v) }
                i += 1
            }
        }
        return (Int(under.sum()) + rest, inside)
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
/// and `high` counted and the values beyond them collected. Two rows at a time (one SSE2
/// register): the copies by vector compares added into vector counts, "between the
/// thresholds" by one mask test whose branch is rarely taken (about 3 % of pairs for a
/// histogram's tails); a NaN fails both compares and is told apart on that rare path. On
/// 5.55 M rows, CPU time: 4.8 ms; scalar 9.1 ms; four rows at a time 6.4 ms (the four-lane
/// mask test is several shuffles on the baseline x86-64 target).
struct TailPass {
    var below: [Double] = [], above: [Double] = []
    var lowCopies = 0, highCopies = 0, nans = 0
    /// False when a buffer overflowed.
    var complete = true

    init(_ x: [Double], low: Double, high: Double, capacityLow: Int, capacityHigh: Int) {
        let parts = 2
        let stride = capacityLow + capacityHigh
        // Per part: its collected values (below, then above), and its tallies.
        var buffer = [Double](unsafeUninitializedCapacity: parts * stride) { _, n in n = parts * stride }
        var tallies = [Int](repeating: 0, count: parts * 8)
        x.withUnsafeBufferPointer { xb in
            buffer.withUnsafeMutableBufferPointer { bb in
                tallies.withUnsafeMutableBufferPointer { tb in
                    nonisolated(unsafe) let xb = xb, bb = bb, tb = tb
                    // Halves split at an even row.
                    let size = ((xb.count + parts - 1) / parts + 1) & ~1
                    DispatchQueue.concurrentPerform(iterations: parts) { p in
                        let lows = bb.baseAddress! + p * stride, highs = lows + capacityLow
                        var nLow = 0, nHigh = 0, nans = 0
                        @inline(__always) func beyond(_ v: Double) {
                            if v < low {
                                if nLow < capacityLow { lows[nLow] = v }
                                nLow &+= 1
                            } else if v > high {
                                if nHigh < capacityHigh { highs[nHigh] = v }
                                nHigh &+= 1
                            } else {
                                nans &+= 1
                            }
                        }
                        let vLow = SIMD2<Double>(repeating: low), vHigh = SIMD2<Double>(repeating: high)
                        let one = SIMD2<Double>(repeating: 1), zero = SIMD2<Double>()
                        // Counts in doubles: exact below 2⁵³.
                        var lowCopies = zero, highCopies = zero
                        let raw = UnsafeRawPointer(xb.baseAddress!)
                        let e = Swift.min(xb.count, (p + 1) * size)
                        var i = p * size
                        while i + 2 <= e {
                            let v = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
                            lowCopies += zero.replacing(with: one, where: v .== vLow)
                            highCopies += zero.replacing(with: one, where: v .== vHigh)
                            if !all((v .>= vLow) .& (v .<= vHigh)) {
                                for j in i..<(i + 2) where !(xb[j] >= low && xb[j] <= high) { beyond(xb[j]) }
                            }
                            i &+= 2
                        }
                        var lowRest = 0, highRest = 0
                        while i < e {
                            let v = xb[i]
                            lowRest &+= v == low ? 1 : 0
                            highRest &+= v == high ? 1 : 0
                            if !(v >= low && v <= high) { beyond(v) }
                            i &+= 1
                        }
                        let t = tb.baseAddress! + 8 * p
                        t[0] = nLow; t[1] = nHigh; t[2] = Int(lowCopies.sum()) + lowRest; t[3] = Int(highCopies.sum()) + highRest; t[4] = nans
                    }
                }
            }
        }
        for p in 0..<parts {
            let t = tallies[(8 * p)..<(8 * p + 5)].map { $0 }
            if t[0] > capacityLow || t[1] > capacityHigh { complete = false }
            below += buffer[(p * stride)..<(p * stride + Swift.min(t[0], capacityLow))]
            above += buffer[(p * stride + capacityLow)..<(p * stride + capacityLow + Swift.min(t[1], capacityHigh))]
            // With low == high the copies are counted twice: once for each end, as wanted.
            lowCopies += t[2]; highCopies += t[3]; nans += t[4]
        }
    }
}
