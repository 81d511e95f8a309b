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
    /// The values at the given 0-based ranks of unsorted data, without sorting it: a large
    /// column through `BucketProfile` and `BucketSelection` (one counting pass, one gather of
    /// the few buckets holding a wanted rank, selection inside them; no copy), a small one (or
    /// one whose sample holds an infinity) by selection on a copy.
    static func orderStatistics(_ x: [Double], ranks: [Int]) -> [Double] {
        if let profile = BucketProfile(x, moments: false), !profile.hasNaN {
            return BucketSelection(x, profile: profile, ranks: ranks).values
        }
        var a = x
        select(&a, ranks: ranks)
        return ranks.map { a[$0] }
    }
}
