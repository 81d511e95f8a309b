import Foundation

/// The column passes behind `Categorical` (AnalysisContext.swift), in fixed chunks on both
/// cores: a variable's range and wholeness, which of its values occur, and its dense codes.
/// `tabulate kommune utd_n` at full size makes 9.4 M codes per variable; done row by row on one
/// core (with a libm `round` per row for the wholeness test) they took most of its time.
extension Categorical {
    /// Minimum, maximum (±∞ when every value is missing) and whether every value is whole.
    static func rangeAndWhole(_ values: [Double]) -> (lo: Double, hi: Double, whole: Bool) {
        let parts = values.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return Parallel.chunkSums(count: b.count) { r -> (Double, Double, Bool) in
                // Branch-free: NaN fails both comparisons (so it moves neither bound), and
                // every double of magnitude ≥ 2⁵² (or NaN) is tested as 0, which is whole;
                // below 2⁵² the conversion to Int64 is exact.
                var lo = Double.infinity, hi = -Double.infinity, fractional: UInt8 = 0
                for i in r {
                    let v = b[i]
                    lo = v < lo ? v : lo
                    hi = v > hi ? v : hi
                    let t = Swift.abs(v) < 0x1p52 ? v : 0
                    fractional |= Double(Int64(t)) == t ? 0 : 1
                }
                return (lo, hi, fractional == 0)
            }
        }
        return parts.reduce((Double.infinity, -Double.infinity, true)) { (Swift.min($0.0, $1.0), Swift.max($0.1, $1.1), $0.2 && $1.2) }
    }

    /// Which of the `span` values from `base` occur among whole numbers (NaN = missing).
    static func used(_ values: [Double], base: Int, span: Int) -> [Bool] {
        values.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return merged(span: span, count: b.count) { r, u in for i in r where !b[i].isNaN { u[Int(b[i]) - base] = true } }
        }
    }

    /// Which of the `span` codes occur (negative = missing).
    static func used(_ codes: [Int32], base: Int, span: Int) -> [Bool] {
        codes.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return merged(span: span, count: b.count) { r, u in for i in r where b[i] >= 0 { u[Int(b[i]) - base] = true } }
        }
    }

    /// One flag table per two halves of the rows when small, else one pass: the tables are ORed.
    private static func merged(span: Int, count: Int, _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Bool>) -> Void) -> [Bool] {
        var used = [Bool](repeating: false, count: span)
        guard span <= 1 << 16, count >= 1 << 17 else {
            used.withUnsafeMutableBufferPointer { body(0..<count, $0) }
            return used
        }
        let halves = Parallel.chunkSums(count: count, chunkSize: (count + 1) / 2) { r -> [Bool] in
            var u = [Bool](repeating: false, count: span)
            u.withUnsafeMutableBufferPointer { body(r, $0) }
            return u
        }
        for h in halves { for j in 0..<span where h[j] { used[j] = true } }
        return used
    }

    /// Dense codes through `map` (value − base → code; NaN → -1).
    static func codes(_ values: [Double], base: Int, map: [Int32]) -> [Int32] {
        values.withUnsafeBufferPointer { b in
            map.withUnsafeBufferPointer { m in
                nonisolated(unsafe) let b = b, m = m
                return uninitializedFill(b.count) { r, out in
                    for i in r { let v = b[i]; out[i] = v.isNaN ? -1 : m[Int(v) - base] }
                }
            }
        }
    }

    /// Codes renumbered through `map` (negative stays -1).
    static func codes(_ codes: [Int32], base: Int, map: [Int32]) -> [Int32] {
        codes.withUnsafeBufferPointer { b in
            map.withUnsafeBufferPointer { m in
                nonisolated(unsafe) let b = b, m = m
                return uninitializedFill(b.count) { r, out in
                    for i in r { let c = b[i]; out[i] = c < 0 ? -1 : m[Int(c) - base] }
                }
            }
        }
    }
}

/// An array of `count` codes written once by `body` over chunks on both cores, without the
/// zero fill a `repeating:` initialiser would write first (37 MB at full size).
private func uninitializedFill(_ count: Int, _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Int32>) -> Void) -> [Int32] {
    [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let buffer = buffer
        Parallel.forChunks(count: count) { r in body(r, buffer) }
        initialized = count
    }
}
