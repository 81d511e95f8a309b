import Foundation

/// Histogram bins: the count and record-key sum of every bin in one pass over the rows.
///
/// The bin of a value is the floating-point ⌊(v − low)/width⌋ of the definition (values
/// clamped to [low, high] first, so the end bins hold everything beyond), found without a
/// division: a multiplication rounded to the nearest integer guesses the bin or the one
/// above it, and one compare against the exact lower edge (`binThresholds`) settles it.
extension ReleaseNumerics {
    /// Each half of the rows accumulates on its own core, alternating rows between two
    /// tables. Values below the first bin's upper edge (everything at or below the lowest cut
    /// point: half of all persons for a wage) rotate over 64 spare slots per table, so that
    /// pile-up does not chain every increment through one memory slot. With 32-bit keys a
    /// slot is one word — count in the top 16 bits, key sum in the low 48 — emptied into the
    /// totals every 65 535 rows (before either field could overflow), so a row costs one
    /// read-modify-write instead of two. Counts and wrapping key sums are order-free, so the
    /// result does not depend on the split.
    static func binCounts<Key: FixedWidthInteger & UnsignedInteger & SendableMetatype>(_ x: [Double], recordKeys: [Key], low: Double, high: Double, width: Double, bins: Int) -> CellKeyAccumulator {
        precondition(x.count == recordKeys.count && bins > 0 && bins <= 1 << 20)
        let edges = binThresholds(low: low, high: high, width: width, bins: bins)
        // `BinMap` clamps the guess, not the value: a value above `high` must then fall in the
        // last bin, which holds for the ranges histograms use (width = (high − low)/bins).
        precondition(edges[bins - 1] <= high, "binCounts: the value `high` must lie in the last bin")
        let parts = x.count >= 1 << 16 ? 2 : 1
        // Per table: the bins, the spare slots, then 8 slots (64 bytes) of padding, so no two
        // tables' busy slots share a cache line.
        let stride = bins + BinMap.sinks + 8
        // Per part: two tables of packed slots (or of counts, then of key sums, for wide keys)
        // and the part's totals (counts, then key sums).
        var tables = [UInt64](repeating: 0, count: parts * 4 * stride)
        edges.withUnsafeBufferPointer { eb in
        x.withUnsafeBufferPointer { xb in
        recordKeys.withUnsafeBufferPointer { kb in
        tables.withUnsafeMutableBufferPointer { tb in
            nonisolated(unsafe) let eb = eb, xb = xb, kb = kb, tb = tb
            let size = (xb.count + parts - 1) / parts
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let map = BinMap(low: low, width: width, bins: bins, edges: eb.baseAddress!)
                let t0 = tb.baseAddress! + 4 * p * stride, t1 = t0 + stride
                let counts = t1 + stride, sums = counts + stride
                let e = min(xb.count, (p + 1) * size)
                var i = p * size
                if Key.bitWidth <= 32 {
                    while i < e {
                        let block = min(e, i + 65_535)
                        while i + 1 < block {
                            let a = map.slot(xb[i], row: i), b = map.slot(xb[i + 1], row: i + 1)
                            t0[a] &+= 1 << 48 | UInt64(truncatingIfNeeded: kb[i])
                            t1[b] &+= 1 << 48 | UInt64(truncatingIfNeeded: kb[i + 1])
                            i &+= 2
                        }
                        if i < block { t0[map.slot(xb[i], row: i)] &+= 1 << 48 | UInt64(truncatingIfNeeded: kb[i]); i &+= 1 }
                        for s in 0..<stride {
                            counts[s] &+= t0[s] >> 48 &+ t1[s] >> 48
                            sums[s] &+= t0[s] & 0xFFFF_FFFF_FFFF &+ t1[s] & 0xFFFF_FFFF_FFFF
                            t0[s] = 0; t1[s] = 0
                        }
                    }
                } else {
                    // Wide keys: counts and key sums in separate slots, two tables alternating.
                    let s0 = t1
                    while i + 1 < e {
                        let a = map.slot(xb[i], row: i), b = map.slot(xb[i + 1], row: i + 1)
                        t0[a] &+= 1; s0[a] &+= UInt64(truncatingIfNeeded: kb[i])
                        counts[b] &+= 1; sums[b] &+= UInt64(truncatingIfNeeded: kb[i + 1])
                        i &+= 2
                    }
                    if i < e { let a = map.slot(xb[i], row: i); t0[a] &+= 1; s0[a] &+= UInt64(truncatingIfNeeded: kb[i]) }
                    for s in 0..<stride { counts[s] &+= t0[s]; sums[s] &+= s0[s] }
                }
            }
        }}}}
        var acc = CellKeyAccumulator(cells: bins)
        for p in 0..<parts {
            let counts = (4 * p + 2) * stride, sums = counts + stride
            for s in 0..<(bins + BinMap.sinks) {
                let into = s < bins ? s : 0
                acc.counts[into] += Int(tables[counts + s])
                acc.keySums[into] = acc.keySums[into] &+ tables[sums + s]
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
}

/// The table slot of one row's value: its bin, or for values below the first bin's upper
/// edge a spare slot picked by the row number (see `binCounts`).
private struct BinMap {
    static let sinks = 64
    let low: Double, inverse: Double, top: Double, first: Double, bins: Int
    let edges: UnsafePointer<Double>

    init(low: Double, width: Double, bins: Int, edges: UnsafePointer<Double>) {
        self.low = low; inverse = 1 / width; top = Double(bins - 1); first = edges[1]; self.bins = bins; self.edges = edges
    }

    /// The product (v − low)·(1/width) and the quotient (v − low)/width are both within a few
    /// ulps of the exact ratio, at most `bins` ≤ 2²⁰: rounding the product to the nearest
    /// integer gives the quotient's floor b or b + 1, and v < edges[b + 1] tells which. The
    /// product is clamped to [0, bins − 1] by selects in floating point (a NaN lands at the
    /// top, as the value clamps did before: NaN fails every compare) and rounded by adding
    /// 2⁵² and reading the low bits: no conversion with its range checks, and no branch —
    /// whether a wage is zero is a coin toss a branch would mispredict half the time, which
    /// is also why the spare slot is chosen by a select.
    @inline(__always) func slot(_ v: Double, row i: Int) -> Int {
        let t = (v - low) * inverse
        let below = t < top ? t : top
        let c = below > 0 ? below : 0
        var g = Int(truncatingIfNeeded: (c + 0x1p52).bitPattern & 0x1F_FFFF)
        g &-= v < edges[g] ? 1 : 0
        let spare = bins &+ (i & (Self.sinks &- 1))
        return v < first ? spare : g
    }
}
