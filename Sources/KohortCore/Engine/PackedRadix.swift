import Foundation

/// Dense group numbers for sparse whole numbers by a radix sort of packed (value, row) words.
///
/// `collapse (count) kontakt, by(personid)` over a year of NPR contacts (7.8 M rows; person
/// ids spanning 1.7·10¹⁰, 34 bits) spent most of its time in the radix sort of separate key
/// and row arrays, one core, 11 bits per pass. Here value − min and the row share one 64-bit
/// word (34 + 23 bits), so each pass moves 8 bytes a row, not 12; the digits are up to 12 bits
/// (three passes for 34 bits); and each pass runs on both cores (a histogram per half, then
/// each half scatters into its own slice of every bucket, which keeps the sort stable).
/// Used when the value bits and the row bits fit in 64; otherwise `DenseGrouping.radix`.
enum PackedRadix {
    static func group(_ x: [Double], lo: Int64, span: UInt64) -> DenseGrouping? {
        let n = x.count
        let rowBits = max(1, 64 - UInt64(max(1, n)).leadingZeroBitCount)
        let valueBits = 64 - (span - 1 == 0 ? 63 : (span - 1).leadingZeroBitCount)
        guard rowBits + valueBits <= 64, n > 0 else { return nil }
        // Pack the non-missing rows.
        // Fresh arrays the size of the column: huge pages (LargeArray) save most page faults.
        var packed = 0
        var a: [UInt64] = LargeArray.make(n) { out in
            x.withUnsafeBufferPointer { b in
                for i in 0..<n where !b[i].isNaN { out[packed] = UInt64(Int64(b[i]) - lo) << UInt64(rowBits) | UInt64(i); packed += 1 }
            }
            // The tail past the packed rows is never read; give it defined values anyway.
            for i in packed..<n { out[i] = 0 }
        }
        let m = packed
        var tmp: [UInt64] = LargeArray.make(n) { out in out.initialize(repeating: 0) }
        let passes = max(1, (valueBits + 11) / 12)
        let digit = (valueBits + passes - 1) / passes
        let buckets = 1 << digit, mask = UInt64(buckets - 1)
        let parts = m >= 1 << 18 ? 2 : 1, size = (m + parts - 1) / parts
        var counts = [Int](repeating: 0, count: parts * buckets)
        for pass in 0..<passes {
            let shift = UInt64(rowBits + pass * digit)
            a.withUnsafeBufferPointer { src in
                tmp.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { c in
                        nonisolated(unsafe) let src = src, dst = dst, c = c
                        // Histogram of each half.
                        DispatchQueue.concurrentPerform(iterations: parts) { p in
                            let h = c.baseAddress! + p * buckets
                            h.initialize(repeating: 0, count: buckets)
                            for i in (p * size)..<min(m, (p + 1) * size) { h[Int((src[i] >> shift) & mask)] += 1 }
                        }
                        // Bucket d of half p starts after every half's smaller buckets and
                        // the earlier halves' bucket d.
                        var total = 0
                        for d in 0..<buckets {
                            for p in 0..<parts { let k = c[p * buckets + d]; c[p * buckets + d] = total; total += k }
                        }
                        DispatchQueue.concurrentPerform(iterations: parts) { p in
                            let at = c.baseAddress! + p * buckets
                            for i in (p * size)..<min(m, (p + 1) * size) {
                                let v = src[i], d = Int((v >> shift) & mask)
                                dst[at[d]] = v
                                at[d] += 1
                            }
                        }
                    }
                }
            }
            swap(&a, &tmp)
        }
        // Number the distinct values in order and give each row its group.
        var groupOf: [Int32] = LargeArray.make(n) { out in out.initialize(repeating: -1) }
        var values: [Int64] = []
        let rowMask = (UInt64(1) << UInt64(rowBits)) - 1
        a.withUnsafeBufferPointer { s in
            groupOf.withUnsafeMutableBufferPointer { g in
                var group: Int32 = -1, last = UInt64.max
                for i in 0..<m {
                    let key = s[i] >> UInt64(rowBits)
                    if key != last { group += 1; values.append(lo + Int64(key)); last = key }
                    g[Int(s[i] & rowMask)] = group
                }
            }
        }
        return DenseGrouping(groupOf: groupOf, values: values)
    }
}
