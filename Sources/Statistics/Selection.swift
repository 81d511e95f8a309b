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

    /// The values at the given 0-based ranks of unsorted data, without sorting or copying it:
    /// one pass for the range, one to count values into equal-width buckets, one to gather just
    /// the buckets holding a wanted rank into one flat scratch buffer, then selection inside
    /// those (few) values. The three passes run in halves on both cores. Heavily
    /// tied data gather a large bucket, which the three-way selection settles in one pass.
    static func orderStatistics(_ x: [Double], ranks: [Int]) -> [Double] {
        let n = x.count
        let (lo, hi) = range(x)
        if !(hi - lo).isFinite || hi == lo || n < 4 * buckets {
            if hi == lo { return ranks.map { _ in lo } }
            var a = x
            select(&a, ranks: ranks)
            return ranks.map { a[$0] }
        }
        let scale = Double(buckets) / (hi - lo)
        let halves = bucketCounts(x, lo: lo, scale: scale)
        let counts = (0..<buckets).map { halves[$0] + halves[buckets + $0] }
        // Bucket of each rank (the last bucket whose start is ≤ the rank), and its first rank.
        var start = [Int](repeating: 0, count: buckets + 1)
        for i in 0..<buckets { start[i + 1] = start[i] + counts[i] }
        func bucketOf(_ r: Int) -> Int {
            var a = 0, b = buckets - 1
            while a < b { let m = (a + b + 1) / 2; if start[m] <= r { a = m } else { b = m - 1 } }
            return a
        }
        let rankBuckets = ranks.map(bucketOf)
        // Wanted buckets, in ascending order, laid out one after another in a scratch buffer;
        // inside a bucket the first half's values come first, so both halves gather at once.
        var offset = [Int](repeating: -1, count: 2 * buckets)
        var total = 0
        for bk in Set(rankBuckets).sorted() {
            offset[bk] = total; offset[buckets + bk] = total + halves[bk]; total += counts[bk]
        }
        var fillAt = offset   // next free slot per (half, bucket); `offset` keeps the starts
        var gathered = [Double](unsafeUninitializedCapacity: total) { out, initialized in
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
                            if at >= 0 { out[at] = v; fill[k] = at + 1 }
                        }
                    }
                }
            }
            initialized = total
        }
        // Select inside each wanted bucket the ranks that fall in it.
        var out = [Double](repeating: 0, count: ranks.count)
        for bk in Set(rankBuckets).sorted() {
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
                        var l = Double.infinity, h = -Double.infinity
                        for i in s..<e { let v = b[i]; if v < l { l = v }; if v > h { h = v } }
                        mn[k] = l; mx[k] = h
                    }
                }
            }
        }
        return (mins.min() ?? .infinity, maxs.max() ?? -.infinity)
    }

    /// Values per equal-width bucket, for each half of the rows (the first half's table, then
    /// the second's); each half counts on its own core.
    static func bucketCounts(_ x: [Double], lo: Double, scale: Double) -> [Int] {
        let parts = 2
        var tables = [Int](repeating: 0, count: parts * buckets)
        x.withUnsafeBufferPointer { b in
            tables.withUnsafeMutableBufferPointer { t in
                nonisolated(unsafe) let b = b, t = t
                let size = (b.count + 1) / 2
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    let table = t.baseAddress! + p * buckets
                    for i in (p * size)..<Swift.min(b.count, (p + 1) * size) {
                        table[Swift.min(buckets - 1, Int((b[i] - lo) * scale))] += 1
                    }
                }
            }
        }
        return tables
    }
}
