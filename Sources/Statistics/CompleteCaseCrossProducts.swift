/// The cross-products of the complete cases, with the complete-case mask as a by-product.
///
/// Why: a classical `regress` on the person dataset used to read its dozen full columns twice,
/// once to find the rows with no missing value and once to accumulate; the mask pass alone was
/// about a quarter of the command. Here each chunk's missing values are found while the chunk
/// is loaded for the accumulation, so every column is read from memory once; the second read
/// (the copy into the kernel's buffer) hits the cache. The weights handed to the kernel are the
/// same 0/1 values `accumulate(_:mask:)` would use with the finished mask, so the result is
/// bit-identical to computing the mask first.
extension CrossProducts {
    /// - Parameters:
    ///   - columns: p ≥ 1 columns of length n; NaN marks a missing value.
    ///   - condition: rows eligible before missing values are considered (an `if` condition);
    ///     nil = every row, so a command without `if` allocates no all-true mask.
    /// - Returns: the accumulation over rows where `condition` holds and no column is NaN, and
    ///   that row mask.
    public static func accumulate(_ columns: [[Double]], completeWithin condition: [Bool]?) throws -> (CrossProducts, mask: [Bool]) {
        guard let n = condition?.count ?? columns.first?.count else { throw StatisticsError.noRegressors }
        guard columns.allSatisfy({ $0.count == n }) else { throw StatisticsError.dimensionMismatch("columns and condition differ in length") }
        var mask = [Bool](repeating: false, count: n)
        let cp = mask.withUnsafeMutableBufferPointer { mb in
            let out = SendableBoolPointer(base: mb.baseAddress!)
            return accumulate(columns, rows: n, extra: 0, chunk: maskedChunk) { s, len, wb, _ in
                if let condition {
                    condition.withUnsafeBufferPointer { c in for i in 0..<len { wb[i] = c[s + i] ? 1 : 0 } }
                } else {
                    for i in 0..<len { wb[i] = 1 }
                }
                for column in columns {
                    column.withUnsafeBufferPointer { src in dropMissing(src.baseAddress! + s, wb, len) }
                }
                // Each chunk writes its own rows of the mask, so blocks on both cores never overlap.
                for i in 0..<len { out.base[s + i] = wb[i] != 0 }
            }
        }
        return (cp, mask)
    }

    /// w = 0 where x is NaN, over `len` values, two lanes at a time and branch-free (NaN ≠ NaN);
    /// a scalar loop here cost as much as the accumulation it feeds.
    @inline(__always)
    static func dropMissing(_ x: UnsafePointer<Double>, _ w: UnsafeMutablePointer<Double>, _ len: Int) {
        let rx = UnsafeRawPointer(x), rw = UnsafeMutableRawPointer(w), zero = SIMD2<Double>()
        var i = 0
        while i + 2 <= len {
            let v = rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
            let kept = zero.replacing(with: rw.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self), where: v .== v)
            rw.storeBytes(of: kept, toByteOffset: i * 8, as: SIMD2<Double>.self)
            i += 2
        }
        if i < len, x[i].isNaN { w[i] = 0 }
    }
}

/// The mask's buffer as it crosses into `concurrentPerform`; each chunk writes a disjoint slice.
struct SendableBoolPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Bool>
}
