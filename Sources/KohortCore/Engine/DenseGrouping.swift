import Foundation

/// Dense group numbers (0, 1, … in ascending order of value) for a column of whole numbers,
/// as `collapse … by(x)` needs them: by(personid) over 40 M NPR contacts is the hot case.
///
/// Unit ids are dense-ish (a register numbers its units from a base), so when the range of
/// values is at most a few times the row count, a direct-address table indexed by value − min
/// replaces sorting and a binary search per row: one pass marks the values present, a prefix
/// scan numbers them, one pass looks each row up. The range pass and the lookup pass run in
/// halves on both cores. Wider ranges (sparse codes, large ids such as the person ids) radix
/// sort the (value, row) pairs instead. Missing (NaN) rows get group -1.
struct DenseGrouping {
    /// Group per row; -1 = missing.
    var groupOf: [Int32]
    /// Group → value, ascending.
    var values: [Int64]

    /// Direct addressing when the value range is at most this many times the row count
    /// (plus a floor, so small datasets with spread-out codes still use it).
    static let maxRangeFactor = 2
    static let minimumTable = 1 << 16

    /// nil when a value is not a whole number (or too large to be an id).
    init?(_ x: [Double]) {
        let n = x.count
        guard let (lo, hi) = Self.wholeRange(x) else { return nil }
        guard lo <= hi else { groupOf = Array(repeating: -1, count: n); values = []; return }
        let span = hi - lo + 1
        if span <= Int64(max(Self.maxRangeFactor * n, Self.minimumTable)) {
            self = Self.direct(x, lo: lo, span: Int(span))
        } else if let packed = PackedRadix.group(x, lo: lo, span: UInt64(span)) {
            self = packed
        } else if n < Int(Int32.max) {
            self = Self.radix(x, lo: lo, span: UInt64(span))
        } else {
            self = Self.sorted(x)
        }
    }

    /// Minimum and maximum of the non-missing values as integers; nil if any value is
    /// fractional or beyond ±9e15. (max < min when every value is missing.)
    static func wholeRange(_ x: [Double]) -> (Int64, Int64)? {
        let parts = x.count >= 1 << 18 ? 2 : 1
        var result = [(lo: Double, hi: Double, whole: Bool)](repeating: (.infinity, -.infinity, true), count: parts)
        x.withUnsafeBufferPointer { b in
            result.withUnsafeMutableBufferPointer { r in
                nonisolated(unsafe) let b = b, r = r
                let size = (b.count + parts - 1) / parts
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    var lo = Double.infinity, hi = -Double.infinity, whole = true
                    for i in (p * size)..<min(b.count, (p + 1) * size) {
                        let v = b[i]
                        if v.isNaN { continue }
                        if v < lo { lo = v }
                        if v > hi { hi = v }
                        whole = whole && v == v.rounded(.towardZero)
                    }
                    r[p] = (lo, hi, whole)
                }
            }
        }
        let lo = result.map(\.lo).min()!, hi = result.map(\.hi).max()!
        guard result.allSatisfy(\.whole) else { return nil }
        if lo > hi { return (1, 0) }
        guard abs(lo) < 9e15, abs(hi) < 9e15 else { return nil }
        return (Int64(lo), Int64(hi))
    }

    static func direct(_ x: [Double], lo: Int64, span: Int) -> DenseGrouping {
        let n = x.count
        // Mark present values, then number them in ascending order.
        var table = [Int32](repeating: -1, count: span)
        x.withUnsafeBufferPointer { b in
            table.withUnsafeMutableBufferPointer { t in
                for v in b where !v.isNaN { t[Int(Int64(v) - lo)] = 0 }
            }
        }
        var values: [Int64] = []
        table.withUnsafeMutableBufferPointer { t in
            var next: Int32 = 0
            for k in 0..<span where t[k] == 0 { t[k] = next; next += 1; values.append(lo + Int64(k)) }
        }
        let groupOf = [Int32](unsafeUninitializedCapacity: n) { out, initialized in
            x.withUnsafeBufferPointer { b in
                table.withUnsafeBufferPointer { t in
                    nonisolated(unsafe) let b = b, t = t, out = out
                    let parts = n >= 1 << 18 ? 2 : 1, size = (n + parts - 1) / parts
                    DispatchQueue.concurrentPerform(iterations: parts) { p in
                        for i in (p * size)..<min(n, (p + 1) * size) {
                            let v = b[i]
                            out[i] = v.isNaN ? -1 : t[Int(Int64(v) - lo)]
                        }
                    }
                }
            }
            initialized = n
        }
        return DenseGrouping(groupOf: groupOf, values: values)
    }

    /// Sparse values (person ids span 1.7·10¹⁰ for 9.4 M persons): an LSD radix sort of
    /// (value − min, row) pairs, 11 bits per pass and only as many passes as the span needs
    /// (4 for 34 bits), then one scan numbering the distinct values and writing each row's
    /// group. Linear in the rows; no comparison sort and no binary search per row.
    static func radix(_ x: [Double], lo: Int64, span: UInt64) -> DenseGrouping {
        let n = x.count
        var keys = [UInt64](), rows = [Int32]()
        keys.reserveCapacity(n); rows.reserveCapacity(n)
        x.withUnsafeBufferPointer { b in
            for i in 0..<n where !b[i].isNaN { keys.append(UInt64(Int64(b[i]) - lo)); rows.append(Int32(i)) }
        }
        let m = keys.count
        let digit = 11, radix = 1 << 11, mask = UInt64(radix - 1)
        let bits = 64 - span.leadingZeroBitCount
        var keys2 = [UInt64](repeating: 0, count: m), rows2 = [Int32](repeating: 0, count: m)
        var shift = 0
        while shift < bits {
            var start = [Int](repeating: 0, count: radix + 1)
            keys.withUnsafeBufferPointer { k in
                start.withUnsafeMutableBufferPointer { c in for v in k { c[Int((v >> UInt64(shift)) & mask) + 1] += 1 } }
            }
            for d in 0..<radix { start[d + 1] += start[d] }
            keys.withUnsafeBufferPointer { k in
                rows.withUnsafeBufferPointer { r in
                    keys2.withUnsafeMutableBufferPointer { k2 in
                        rows2.withUnsafeMutableBufferPointer { r2 in
                            start.withUnsafeMutableBufferPointer { at in
                                for i in 0..<m {
                                    let d = Int((k[i] >> UInt64(shift)) & mask)
                                    let p = at[d]
                                    k2[p] = k[i]; r2[p] = r[i]; at[d] = p + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keys2); swap(&rows, &rows2)
            shift += digit
        }
        var groupOf = [Int32](repeating: -1, count: n)
        var values: [Int64] = []
        keys.withUnsafeBufferPointer { k in
            rows.withUnsafeBufferPointer { r in
                groupOf.withUnsafeMutableBufferPointer { g in
                    var group: Int32 = -1
                    for i in 0..<m {
                        if i == 0 || k[i] != k[i - 1] { group += 1; values.append(lo + Int64(k[i])) }
                        g[Int(r[i])] = group
                    }
                }
            }
        }
        return DenseGrouping(groupOf: groupOf, values: values)
    }

    /// Sparse values: sort the distinct values once, then binary-search each row.
    static func sorted(_ x: [Double]) -> DenseGrouping {
        let (groupOf, unique) = DistinctValues.code(x)
        return DenseGrouping(groupOf: groupOf, values: unique.map { Int64($0) })
    }

    init(groupOf: [Int32], values: [Int64]) {
        self.groupOf = groupOf
        self.values = values
    }
}
