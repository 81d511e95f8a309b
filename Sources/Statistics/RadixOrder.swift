/// A stable sort order by numeric keys, by least-significant-digit radix sort.
///
/// Why: Cox sorts a million rows by (stratum, time) on every fit; a comparison sort through a
/// tuple comparator costs n·log n closure calls, while radix passes are a count and a scatter
/// each, and passes whose digit is the same for every key (the low mantissa bits of whole-day
/// times, the high bits of small strata) are skipped.
enum RadixOrder {
    /// Keys that sort as the doubles do (negative ones below positive ones).
    static func key(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// The permutation that sorts `keys` ascending, ties kept in the order of `order` (the
    /// identity when nil): sorting by time and then by stratum gives (stratum, time) order.
    static func stableOrder(_ keys: [UInt64], after order: [Int]? = nil) -> [Int] {
        let n = keys.count
        var idx = order ?? Array(0..<n)
        guard n > 1 else { return idx }
        var tmp = [Int](repeating: 0, count: n)
        let digitBits = 16, radix = 1 << digitBits
        var counts = [Int](repeating: 0, count: radix)
        for shift in stride(from: 0, to: 64, by: digitBits) {
            let first = (keys[0] >> UInt64(shift)) & UInt64(radix - 1)
            var same = true
            for k in keys where (k >> UInt64(shift)) & UInt64(radix - 1) != first { same = false; break }
            if same { continue }
            for d in 0..<radix { counts[d] = 0 }
            keys.withUnsafeBufferPointer { kb in
                for k in kb { counts[Int((k >> UInt64(shift)) & UInt64(radix - 1))] += 1 }
                var total = 0
                for d in 0..<radix { let c = counts[d]; counts[d] = total; total += c }
                idx.withUnsafeBufferPointer { src in
                    tmp.withUnsafeMutableBufferPointer { dst in
                        for i in src {
                            let d = Int((kb[i] >> UInt64(shift)) & UInt64(radix - 1))
                            dst[counts[d]] = i
                            counts[d] += 1
                        }
                    }
                }
            }
            swap(&idx, &tmp)
        }
        return idx
    }
}
