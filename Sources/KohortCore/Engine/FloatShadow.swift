import Foundation

/// A Float32 copy of a numeric column, so a repeated `column op constant` count reads 4 bytes a
/// row instead of 8 and stays exact.
///
/// The cohort builder's refresh re-counts `keep if lonn > t` over the same cached column each
/// time `t` is edited, and that count is bound by memory bandwidth: the Double column and the
/// UInt32 record keys are 12 bytes a row, half again numpy's 8 for a bare count. Rounding to
/// the nearest Float is monotonic, so `Float(x) > Float(c)` implies `x > c` and `Float(x) <
/// Float(c)` implies `x < c`; only rows whose Float equals `Float(c)` (values within a Float
/// step of the constant) are undecided, and those are looked up in the Double column. A NaN
/// stays NaN, so a missing value is never undecided. The copy is made once per column buffer
/// and held with it (`source` keeps that buffer alive, so an equal address is the same values).
struct FloatShadow: Sendable {
    let source: [Double]
    let values: [Float]

    init(_ source: [Double]) {
        self.source = source
        let n = source.count
        values = LargeArray.make(n) { (out: UnsafeMutableBufferPointer<Float>) in
            source.withUnsafeBufferPointer { s in
                nonisolated(unsafe) let out = out, s = s
                VectorOps.chunked(n) { r in for i in r { out[i] = Float(s[i]) } }
            }
        }
    }

    func belongs(to column: [Double]) -> Bool {
        guard column.count == source.count else { return false }
        return column.withUnsafeBufferPointer { a in source.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// Rows lo..<hi where `x op c` holds: their number and the wrapping sum of their keys.
    /// `c` must not be NaN (every comparison with it is false; the caller skips the pass).
    func compareRange(_ op: ScriptBinaryOperator, _ c: Double, _ lo: Int, _ hi: Int, _ k: UnsafePointer<UInt32>) -> (Int, UInt64) {
        let fc = Float(c)
        return values.withUnsafeBufferPointer { fb in
            source.withUnsafeBufferPointer { xb in
                let f = fb.baseAddress!, x = xb.baseAddress!
                switch op {
                case .greater: return Self.fused(f, x, fc, lo, hi, k, decided: { $0 > fc }, exact: { $0 > c })
                case .greaterEqual: return Self.fused(f, x, fc, lo, hi, k, decided: { $0 > fc }, exact: { $0 >= c })
                case .less: return Self.fused(f, x, fc, lo, hi, k, decided: { $0 < fc }, exact: { $0 < c })
                case .lessEqual: return Self.fused(f, x, fc, lo, hi, k, decided: { $0 < fc }, exact: { $0 <= c })
                case .equal: return Self.fused(f, x, fc, lo, hi, k, decided: { _ in false }, exact: { $0 == c })
                // != : a Float other than Float(c) is a Double other than c, unless it is NaN.
                default: return Self.fused(f, x, fc, lo, hi, k, decided: { $0 == $0 && $0 != fc }, exact: { $0 != c })
                }
            }
        }
    }

    /// Blocks of 2048 rows in 32-bit lanes (the key sum split into 16-bit halves, which cannot
    /// overflow within a block), so the loop vectorises; a block with an undecided row goes
    /// over those rows again with the Double values.
    @inline(__always)
    private static func fused(_ f: UnsafePointer<Float>, _ x: UnsafePointer<Double>, _ fc: Float, _ lo: Int, _ hi: Int,
                              _ k: UnsafePointer<UInt32>, decided: (Float) -> Bool, exact: (Double) -> Bool) -> (Int, UInt64) {
        var rows = 0, sum: UInt64 = 0
        var start = lo
        while start < hi {
            let end = min(hi, start + 2048)
            var n: UInt32 = 0, low: UInt32 = 0, high: UInt32 = 0, ties: UInt32 = 0
            for i in start..<end {
                let v = f[i]
                let t: UInt32 = decided(v) ? 1 : 0
                ties |= v == fc ? 1 : 0
                let m = 0 &- t, key = k[i] & m
                n &+= t
                low &+= key & 0xFFFF
                high &+= key >> 16
            }
            rows &+= Int(n)
            sum &+= UInt64(low) &+ (UInt64(high) << 16)
            if ties != 0 {
                for i in start..<end where f[i] == fc && exact(x[i]) {
                    rows &+= 1
                    sum &+= UInt64(k[i])
                }
            }
            start = end
        }
        return (rows, sum)
    }
}
