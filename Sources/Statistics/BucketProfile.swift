import Dispatch

/// One pass over a large column that gives everything the order statistics and the
/// winsorised moments need except the values of the few buckets holding a wanted rank:
/// per equal-width bucket the number of values and (with `moments`) the sums of their
/// offsets from a point inside the bucket (`edges`) and of the squared offsets, plus whether any value is
/// NaN. `BucketSelection` then gathers the wanted buckets in one more pass.
///
/// Why the buckets come from a sample: equal-width buckets need the column's range, and
/// finding it exactly was a pass of its own. The bucket map only decides speed, never the
/// answer (every value is counted in some bucket, in value order), so its range is taken from
/// a spread-out sample; values beyond the sample's range land in the end buckets.
///
/// Why the smallest sampled value gets its own block: register data pile up at one value (a
/// zero income for half of all persons). Its copies are counted apart — rotated over 64
/// spare table slots, so a run of them does not chain every increment through one memory
/// slot — and ranks among them are that value without any gather. The virtual bucket order
/// is: bucket 0 (values below `hot`), the copies of `hot`, buckets 1 …(values above `hot`).
///
/// Why per-bucket sums: the winsorised moments clamp at cut points only known after the
/// selection. Buckets entirely between the cut points contribute their sums (offsets from
/// that point are small, so nothing cancels), buckets entirely beyond contribute
/// their counts times the cut point, and the two buckets holding a cut point are among the
/// gathered ones — so the moments need no pass of their own (`BucketSelection.clampedMoments`).
public struct BucketProfile: Sendable {
    static let buckets = 1 << 12
    /// Spare table slots the copies of `hot` rotate over: with half the rows going there, a
    /// slot revisited every few rows would chain its increments through store forwarding
    /// (with 8 slots that chain was most of the pass); 64 spread them 32 rows apart per table.
    static let sinks = 64
    /// Below this many values a copy and a plain selection are cheaper.
    public static let minimumCount = 4 * buckets

    public let count: Int
    public let hasNaN: Bool
    /// The value with its own rank block (the sample's minimum) and its number of copies.
    let hot: Double
    let hotCount: Int
    /// Buckets per unit above `hot`.
    let scale: Double
    /// A point inside each bucket (`hot` for bucket 0 and the sink slots): the offsets are
    /// taken from these stored values, so the pass and the moments use the very same points.
    let edges: [Double]
    /// Values per bucket (sinks excluded), for each half of the rows, then their total.
    let halves: [Int]
    let counts: [Int]
    /// Σ (x − edge) and Σ (x − edge)² per bucket (empty without `moments`).
    let sums: [Double]
    let squares: [Double]

    /// nil when the column is small or its sample holds an infinity (the bucket map needs a
    /// finite width); callers then select on a copy. A sample without spread (a column of
    /// almost only one value) gets a width from the value's magnitude: the other values are
    /// then rare, and wherever they land, gathering them is cheap.
    public init?(_ x: [Double], moments: Bool) {
        let n = x.count
        guard n >= Self.minimumCount else { return nil }
        let (lo, hi) = Self.sampleRange(x)
        let span = hi > lo ? hi - lo : Swift.max(Swift.abs(lo), 1)
        guard lo.isFinite, hi.isFinite, (span * Double(Self.buckets)).isFinite else { return nil }
        let buckets = Self.buckets, slots = buckets + Self.sinks
        let scale = Double(buckets - 2) / span
        guard scale.isFinite, scale > 0 else { return nil }
        var edges = [Double](repeating: lo, count: slots)
        // A point inside each bucket (bucket k ≥ 1 holds (v − hot)·scale ≈ k − 1 ± ½): the
        // offsets only need to be small, not to start at the bucket's exact lower end.
        for k in 1..<buckets { edges[k] = lo + Double(k - 1) / scale }
        // Per part, per slot: with sums, count, Σ offset, Σ offset² and the slot's edge in one
        // table (32 bytes: a row reads and writes one cache line, not two arrays); bare counts
        // as UInt32 (a column holds fewer than 2³² rows) in two tables, alternate rows in each.
        // The copies of `hot`, the one pile-up that matters, rotate over the sinks either way.
        let parts = 2
        let size = (n + 1) / 2
        var table = [Double](repeating: 0, count: moments ? parts * slots * 4 : 0)
        var tallies = [UInt32](repeating: 0, count: moments ? 0 : parts * 2 * slots)
        var nans = [0, 0]
        let hotBits = lo.bitPattern
        x.withUnsafeBufferPointer { b in
            edges.withUnsafeBufferPointer { eb in
                table.withUnsafeMutableBufferPointer { tb in
                    tallies.withUnsafeMutableBufferPointer { cb in
                        nans.withUnsafeMutableBufferPointer { nb in
                            nonisolated(unsafe) let b = b, eb = eb, tb = tb, cb = cb, nb = nb
                            DispatchQueue.concurrentPerform(iterations: parts) { p in
                                let e = Swift.min(n, (p + 1) * size)
                                var i = p * size
                                @inline(__always) func slot(_ v: Double, _ sink: Int) -> Int {
                                    Self.slot(v, hot: lo, hotBits: hotBits, scale: scale, sink: sink)
                                }
                                if moments {
                                    let t = tb.baseAddress! + p * slots * 4
                                    for k in 0..<slots { t[4 * k + 3] = eb[k] }
                                    // NaN needs no test of its own: it lands in the last bucket,
                                    // whose Σ offset it turns into NaN for good.
                                    while i + 1 < e {
                                        let v0 = b[i], v1 = b[i + 1]
                                        let s = buckets &+ (i & 62)
                                        let a = t + 4 &* slot(v0, s), c = t + 4 &* slot(v1, s &+ 1)
                                        let d0 = v0 - a[3]
                                        a[0] += 1; a[1] += d0; a[2] += d0 * d0
                                        let d1 = v1 - c[3]
                                        c[0] += 1; c[1] += d1; c[2] += d1 * d1
                                        i &+= 2
                                    }
                                    if i < e {
                                        let v = b[i], a = t + 4 &* slot(v, buckets), d = v - a[3]
                                        a[0] += 1; a[1] += d; a[2] += d * d
                                    }
                                } else {
                                    let c0 = cb.baseAddress! + p * 2 * slots, c1 = c0 + slots
                                    var nan = 0
                                    while i + 1 < e {
                                        let v0 = b[i], v1 = b[i + 1]
                                        let s = buckets &+ (i & 62)
                                        c0[slot(v0, s)] &+= 1
                                        c1[slot(v1, s &+ 1)] &+= 1
                                        nan &+= (v0 != v0 ? 1 : 0) &+ (v1 != v1 ? 1 : 0)
                                        i &+= 2
                                    }
                                    if i < e {
                                        let v = b[i]
                                        c0[slot(v, buckets)] &+= 1
                                        nan &+= v != v ? 1 : 0
                                    }
                                    nb[p] = nan
                                }
                            }
                        }
                    }
                }
            }
        }
        var halves = [Int](repeating: 0, count: parts * buckets), counts = [Int](repeating: 0, count: buckets)
        var sums = [Double](repeating: 0, count: moments ? buckets : 0), squares = sums
        var hotCount = 0
        for p in 0..<parts {
            if moments {
                let t = p * slots * 4
                for k in 0..<buckets {
                    halves[p * buckets + k] = Int(table[t + 4 * k])
                    sums[k] += table[t + 4 * k + 1]; squares[k] += table[t + 4 * k + 2]
                }
                for s in buckets..<slots { hotCount += Int(table[t + 4 * s]) }
            } else {
                let t = p * 2 * slots
                for k in 0..<buckets { halves[p * buckets + k] = Int(tallies[t + k]) + Int(tallies[t + slots + k]) }
                for s in buckets..<slots { hotCount += Int(tallies[t + s]) + Int(tallies[t + slots + s]) }
            }
        }
        for k in 0..<buckets { counts[k] = halves[k] + halves[buckets + k] }
        self.count = n
        self.hasNaN = moments ? sums[buckets - 1].isNaN : nans[0] + nans[1] > 0
        self.hot = lo
        self.hotCount = hotCount
        self.scale = scale
        self.edges = edges
        self.halves = halves
        self.counts = counts
        self.sums = sums
        self.squares = squares
    }

    /// The table slot of v: 0 below `hot`, `sink` for `hot` itself, 1 … buckets − 1 above
    /// (clamped, so values beyond the sample's range land in the last bucket). Monotone in v
    /// apart from the sink: bucket 1 + round((v − hot)·scale), the rounding done by adding 2⁵²
    /// and reading the low bits (no conversion instruction, no range check); a NaN lands in
    /// the last bucket (a column with NaN is never selected on: `hasNaN`). Few instructions
    /// on purpose: both passes over the column are bound by this function's throughput.
    /// `hot` is recognised by its bits (one integer compare; a floating-point `==` needs two
    /// conditional moves for the unordered case): a zero of the other sign than `hot` then
    /// goes to bucket 1 with the values just above, which keeps the slots in value order.
    @inline(__always) static func slot(_ v: Double, hot: Double, hotBits: UInt64, scale: Double, sink: Int) -> Int {
        let top = Double(buckets - 2)
        let t = (v - hot) * scale
        let c = t < top ? t : top
        // For 0 ≤ c ≤ top, the low bits of c + 2⁵² are round(c); below `hot` they are
        // replaced just after.
        let k = 1 &+ Int(truncatingIfNeeded: (c + 0x1p52).bitPattern & UInt64(buckets - 1))
        // Masks rather than selects of k: the compiler turned those into branches (a coin toss
        // per row between zero and other wages), computing k only when it is used.
        let keep = v < hot ? 0 : -1, isHot = v.bitPattern == hotBits ? -1 : 0
        let below = k & keep
        return below ^ ((below ^ sink) & isHot)
    }

    /// Minimum and maximum of 256 evenly spread runs of 64 values (16 384 values, each run a
    /// few cache lines), so an ordered column (ids, dates of entry) is still sampled over
    /// its whole span.
    static func sampleRange(_ x: [Double]) -> (Double, Double) {
        let runs = 256, run = 64
        let stride = x.count / runs
        var lo = Double.infinity, hi = -Double.infinity
        x.withUnsafeBufferPointer { b in
            for r in 0..<runs {
                let s = r * stride
                for i in s..<Swift.min(b.count, s + run) {
                    let v = b[i]
                    lo = v < lo ? v : lo; hi = v > hi ? v : hi
                }
            }
        }
        return (lo, hi)
    }

    /// Virtual bucket j (0 = below `hot`, 1 = the copies of `hot`, j ≥ 2 = bucket j − 1) of v:
    /// monotone in v, so a bucket before v's holds only smaller values and one after only
    /// larger.
    func virtualBucket(_ v: Double) -> Int {
        let k = Self.slot(v, hot: hot, hotBits: hot.bitPattern, scale: scale, sink: -1)
        return k < 0 ? 1 : k == 0 ? 0 : k + 1
    }

    /// Values per virtual bucket.
    var virtualCounts: [Int] {
        var v = [Int](repeating: 0, count: Self.buckets + 1)
        v[0] = counts[0]; v[1] = hotCount
        for k in 1..<Self.buckets { v[k + 1] = counts[k] }
        return v
    }
}
