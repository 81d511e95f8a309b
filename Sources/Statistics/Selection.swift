/// Multi-rank selection: puts the r-th smallest element at index r for every requested r,
/// in expected O(n log m) for m ranks, so `summarize` gets nine percentiles of millions of
/// rows without sorting them.
enum Selection {
    static func select(_ a: inout [Double], ranks: [Int]) {
        let rs = Array(Set(ranks)).sorted()
        guard !a.isEmpty, !rs.isEmpty else { return }
        a.withUnsafeMutableBufferPointer { b in
            recurse(b, 0, b.count - 1, rs[...], depth: 0)
        }
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
    /// the buckets holding a wanted rank, then selection inside those (few) values. Heavily tied
    /// data gather a large bucket, which the three-way selection settles in one pass.
    static func orderStatistics(_ x: [Double], ranks: [Int]) -> [Double] {
        let n = x.count
        var lo = Double.infinity, hi = -Double.infinity
        x.withUnsafeBufferPointer { b in for v in b { if v < lo { lo = v }; if v > hi { hi = v } } }
        if !(hi - lo).isFinite || hi == lo || n < 4 * buckets {
            if hi == lo { return ranks.map { _ in lo } }
            var a = x
            select(&a, ranks: ranks)
            return ranks.map { a[$0] }
        }
        let scale = Double(buckets) / (hi - lo)
        @inline(__always) func bucket(_ v: Double) -> Int { min(buckets - 1, Int((v - lo) * scale)) }
        var counts = [Int](repeating: 0, count: buckets)
        x.withUnsafeBufferPointer { b in
            counts.withUnsafeMutableBufferPointer { c in for v in b { c[bucket(v)] += 1 } }
        }
        // Bucket of each rank, and the rank's position inside its bucket.
        var start = [Int](repeating: 0, count: buckets)
        var acc = 0
        for i in 0..<buckets { start[i] = acc; acc += counts[i] }
        var wanted = [Int](repeating: -1, count: buckets)   // bucket → slot in `gathered`
        var slots: [Int] = []
        for r in ranks {
            var bk = 0, a = 0, b = buckets - 1
            while a <= b { let m = (a + b) / 2; if start[m] <= r { bk = m; a = m + 1 } else { b = m - 1 } }
            while counts[bk] == 0 { bk -= 1 }
            if wanted[bk] < 0 { wanted[bk] = slots.count; slots.append(bk) }
        }
        var gathered = slots.map { _ in [Double]() }
        for (s, bk) in slots.enumerated() { gathered[s].reserveCapacity(counts[bk]) }
        x.withUnsafeBufferPointer { b in
            for v in b { let w = wanted[bucket(v)]; if w >= 0 { gathered[w].append(v) } }
        }
        var out = [Double](repeating: 0, count: ranks.count)
        for (s, bk) in slots.enumerated() {
            let inside = ranks.enumerated().filter { r in
                var k = 0, a = 0, b = buckets - 1
                while a <= b { let m = (a + b) / 2; if start[m] <= r.element { k = m; a = m + 1 } else { b = m - 1 } }
                while counts[k] == 0 { k -= 1 }
                return k == bk
            }
            select(&gathered[s], ranks: inside.map { $0.element - start[bk] })
            for (i, r) in inside { out[i] = gathered[s][r - start[bk]] }
        }
        return out
    }
}
