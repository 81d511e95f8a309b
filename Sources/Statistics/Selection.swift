import Dispatch

/// Multi-rank selection: puts the r-th smallest element at index r for every requested r,
/// in expected O(n log m) for m ranks, so `summarize` gets nine percentiles of millions of
/// rows without sorting them.
enum Selection {
    static func select(_ a: inout [Double], ranks: [Int]) {
        a.withUnsafeMutableBufferPointer { select($0, ranks: ranks) }
    }

    static func select(_ b: UnsafeMutableBufferPointer<Double>, ranks: [Int]) {
        let rs = Array(Set(ranks)).sorted()
        guard !b.isEmpty, !rs.isEmpty else { return }
        recurse(b, 0, b.count - 1, rs[...], depth: 0)
    }

    private static func recurse(_ b: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int,
                                _ ranks: ArraySlice<Int>, depth: Int) {
        guard !ranks.isEmpty, lo < hi else { return }
        if depth > 64 || hi - lo < 32 {
            // Small or adversarial range: sorting it settles every rank inside.
            let sorted = b[lo...hi].sorted()
            for (i, v) in sorted.enumerated() { b[lo + i] = v }
            return
        }
        let mid = ranks[ranks.startIndex + ranks.count / 2]
        let (lt, gt) = partition(b, lo, hi, around: mid)
        // [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot: ranks inside the middle are done.
        recurse(b, lo, lt - 1, ranks.filter { $0 < lt }[...], depth: depth + 1)
        recurse(b, gt + 1, hi, ranks.filter { $0 > gt }[...], depth: depth + 1)
    }

    /// Three-way partition around the median of three samples; returns the bounds of the
    /// equal block (ties are common in register data: ages, counts, codes).
    private static func partition(_ b: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int,
                                  around _: Int) -> (Int, Int) {
        let m = lo + (hi - lo) / 2
        let x = b[lo], y = b[m], z = b[hi]
        let pivot = max(min(x, y), min(max(x, y), z))
        var lt = lo, i = lo, gt = hi
        while i <= gt {
            let v = b[i]
            if v < pivot { b.swapAt(lt, i); lt += 1; i += 1 }
            else if v > pivot { b.swapAt(i, gt); gt -= 1 }
            else { i += 1 }
        }
        return (lt, gt)
    }
}

extension Selection {
    static let buckets = 1 << 14

    /// The values at the given 0-based ranks of unsorted data, without sorting or copying it.
    /// Large columns go through `BucketProfile` and `BucketSelection`; what remains here is
    /// for columns whose sample has no spread: one pass for the range, one to count values into equal-width buckets, one to gather just
    /// the buckets holding a wanted rank into one flat scratch buffer, then selection inside
    /// those (few) values. The three passes run in halves on both cores.
    ///
    /// Register data often pile up at their minimum (a zero income for everyone without one):
    /// the counting pass also counts the copies of the minimum, ranks among them are the
    /// minimum without further work, and the gather leaves them out. Without that, the first
    /// bucket (half of all rows for wages) was copied and partitioned, and the gather's branch
    /// on "is this row in a wanted bucket" was a coin toss per row.
    static func orderStatistics(_ x: [Double], ranks: [Int]) -> [Double] {
        // Large columns: a sampled bucket map, one counting pass and one gather (no range pass).
        if let profile = BucketProfile(x, moments: false), !profile.hasNaN {
            return BucketSelection(x, profile: profile, ranks: ranks).values
        }
        let n = x.count
        let (lo, hi) = range(x)
        if !(hi - lo).isFinite || hi == lo || n < 4 * buckets {
            if hi == lo { return ranks.map { _ in lo } }
            var a = x
            select(&a, ranks: ranks)
            return ranks.map { a[$0] }
        }
        let scale = Double(buckets) / (hi - lo)
        let (halves, minima) = bucketCounts(x, lo: lo, scale: scale)
        let atMin = minima[0] + minima[1]
        // Bucket 0 without the minimum's copies: they are ranks 0..<atMin.
        var counts = (0..<buckets).map { halves[$0] + halves[buckets + $0] }
        counts[0] -= atMin
        var start = [Int](repeating: 0, count: buckets + 1)
        start[0] = atMin
        for i in 0..<buckets { start[i + 1] = start[i] + counts[i] }
        // Bucket of each rank (the last bucket whose start is ≤ the rank); -1 for the minimum.
        func bucketOf(_ r: Int) -> Int {
            if r < atMin { return -1 }
            var a = 0, b = buckets - 1
            while a < b { let m = (a + b + 1) / 2; if start[m] <= r { a = m } else { b = m - 1 } }
            return a
        }
        let rankBuckets = ranks.map(bucketOf)
        let wanted = Set(rankBuckets.filter { $0 >= 0 }).sorted()
        // Wanted buckets, in ascending order, laid out one after another in a scratch buffer;
        // inside a bucket the first half's values come first, so both halves gather at once.
        var offset = [Int](repeating: -1, count: 2 * buckets)
        var total = 0
        for bk in wanted {
            let first = halves[bk] - (bk == 0 ? minima[0] : 0)
            offset[bk] = total; offset[buckets + bk] = total + first; total += counts[bk]
        }
        var fillAt = offset   // next free slot per (half, bucket); `offset` keeps the starts
        var gathered = [Double](unsafeUninitializedCapacity: total) { out, initialized in
            guard total > 0 else { initialized = 0; return }
            x.withUnsafeBufferPointer { b in
                fillAt.withUnsafeMutableBufferPointer { f in
                    nonisolated(unsafe) let b = b, f = f, out = out
                    let size = (b.count + 1) / 2
                    DispatchQueue.concurrentPerform(iterations: 2) { p in
                        let fill = f.baseAddress! + p * buckets
                        for i in (p * size)..<Swift.min(b.count, (p + 1) * size) {
                            let v = b[i]
                            let k = Swift.min(buckets - 1, Int((v - lo) * scale))
                            let at = fill[k]
                            // One rarely taken branch: wanted bucket and not the minimum.
                            if (at >= 0 ? 1 : 0) & (v != lo ? 1 : 0) != 0 { out[at] = v; fill[k] = at + 1 }
                        }
                    }
                }
            }
            initialized = total
        }
        // Select inside each wanted bucket the ranks that fall in it.
        var out = [Double](repeating: lo, count: ranks.count)
        for bk in wanted {
            let inside = ranks.indices.filter { rankBuckets[$0] == bk }
            gathered.withUnsafeMutableBufferPointer { g in
                let slice = UnsafeMutableBufferPointer(rebasing: g[offset[bk]..<offset[bk] + counts[bk]])
                select(slice, ranks: inside.map { ranks[$0] - start[bk] })
                for i in inside { out[i] = slice[ranks[i] - start[bk]] }
            }
        }
        return out
    }

    /// Minimum and maximum, over fixed blocks on both cores.
    static func range(_ x: [Double]) -> (Double, Double) {
        let blocks = Parallel.blockCount(x.count)
        var mins = [Double](repeating: .infinity, count: blocks), maxs = [Double](repeating: -.infinity, count: blocks)
        x.withUnsafeBufferPointer { b in
            mins.withUnsafeMutableBufferPointer { mn in
                maxs.withUnsafeMutableBufferPointer { mx in
                    nonisolated(unsafe) let b = b, mn = mn, mx = mx
                    Parallel.forEachBlock(b.count) { k, s, e in
                        // Four running bounds each, updated by selects (minsd/maxsd), so no
                        // comparison waits on the previous one and none branches.
                        var l0 = Double.infinity, l1 = l0, l2 = l0, l3 = l0
                        var h0 = -Double.infinity, h1 = h0, h2 = h0, h3 = h0
                        var i = s
                        while i + 3 < e {
                            let v0 = b[i], v1 = b[i + 1], v2 = b[i + 2], v3 = b[i + 3]
                            l0 = v0 < l0 ? v0 : l0; l1 = v1 < l1 ? v1 : l1; l2 = v2 < l2 ? v2 : l2; l3 = v3 < l3 ? v3 : l3
                            h0 = v0 > h0 ? v0 : h0; h1 = v1 > h1 ? v1 : h1; h2 = v2 > h2 ? v2 : h2; h3 = v3 > h3 ? v3 : h3
                            i += 4
                        }
                        while i < e { let v = b[i]; l0 = v < l0 ? v : l0; h0 = v > h0 ? v : h0; i += 1 }
                        let l01 = l0 < l1 ? l0 : l1, l23 = l2 < l3 ? l2 : l3, h01 = h0 > h1 ? h0 : h1, h23 = h2 > h3 ? h2 : h3
                        mn[k] = l01 < l23 ? l01 : l23; mx[k] = h01 > h23 ? h01 : h23
                    }
                }
            }
        }
        return (mins.min() ?? .infinity, maxs.max() ?? -.infinity)
    }

    /// Values per equal-width bucket, for each half of the rows (the first half's table, then
    /// the second's), and each half's number of values equal to `lo`; each half counts on its
    /// own core. Rows rotate over four 32-bit tables per half (4 × 64 KB, within L2), so a run
    /// of equal values (ties) does not chain every increment through one memory slot.
    static func bucketCounts(_ x: [Double], lo: Double, scale: Double) -> (counts: [Int], minima: [Int]) {
        let parts = 2, ways = 4
        let size = (x.count + 1) / 2
        precondition(size < Int(UInt32.max), "a half of the rows must fit 32-bit counts")
        var tables = [UInt32](repeating: 0, count: ways * parts * buckets)
        var minima = [0, 0]
        x.withUnsafeBufferPointer { b in
            tables.withUnsafeMutableBufferPointer { t in
                minima.withUnsafeMutableBufferPointer { m in
                    nonisolated(unsafe) let b = b, t = t, m = m
                    DispatchQueue.concurrentPerform(iterations: parts) { p in
                        let t0 = t.baseAddress! + ways * p * buckets, t1 = t0 + buckets, t2 = t1 + buckets, t3 = t2 + buckets
                        @inline(__always) func k(_ v: Double) -> Int { Swift.min(buckets - 1, Int((v - lo) * scale)) }
                        let s = p * size, e = Swift.min(b.count, (p + 1) * size)
                        var atMin = 0
                        var i = s
                        while i + 3 < e {
                            let v0 = b[i], v1 = b[i + 1], v2 = b[i + 2], v3 = b[i + 3]
                            t0[k(v0)] &+= 1; t1[k(v1)] &+= 1; t2[k(v2)] &+= 1; t3[k(v3)] &+= 1
                            atMin &+= (v0 == lo ? 1 : 0) &+ (v1 == lo ? 1 : 0) &+ (v2 == lo ? 1 : 0) &+ (v3 == lo ? 1 : 0)
                            i += 4
                        }
                        while i < e { t0[k(b[i])] &+= 1; atMin &+= b[i] == lo ? 1 : 0; i += 1 }
                        m[p] = atMin
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: parts * buckets)
        for p in 0..<parts {
            for w in 0..<ways { for j in 0..<buckets { counts[p * buckets + j] += Int(tables[(ways * p + w) * buckets + j]) } }
        }
        return (counts, minima)
    }
}
