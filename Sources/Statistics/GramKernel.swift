/// The register-blocked inner kernel of `CrossProducts`: the upper triangle of AᵀB for two
/// column-major chunks (A = weighted, B = centred columns; the same buffer when unweighted).
///
/// Why blocked: a plain dot product per (j, k) pair loads two values per multiply-add and runs
/// one scalar chain; a 2×2 tile of pairs over SIMD2 lanes loads four vectors for eight
/// multiply-adds, so the loop is bound by arithmetic, not loads, and uses the vector unit on
/// the baseline x86-64 (SSE2) and arm64 targets without any build flags. Each tile keeps two
/// independent accumulators per pair and lane (four partial sums per entry, like the scalar
/// loop it replaces), so the add latency is hidden and the rounding is that of a 4-way sum.
enum GramKernel {
    /// Writes c[j·pp + k] = Σᵢ a_j[i]·b_k[i] for every pair with j ≤ k (in 2×2 tiles, so
    /// c[(j+1)·pp + j] of a diagonal tile is written too and must be ignored).
    /// - Parameters:
    ///   - a, b: pp columns of `stride` doubles each; rows..<stride(rounded) must be zero.
    ///   - pp: the column count, even (callers pad with a zero column).
    ///   - rows: rows to sum, a multiple of 4 (callers zero-pad the chunk's tail).
    @inline(__always)
    static func upperTriangle(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, columns pp: Int, stride: Int,
                              rows: Int, into c: UnsafeMutablePointer<Double>) {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        let bytes = stride * MemoryLayout<Double>.stride
        var j = 0
        while j < pp {
            let a0 = ra + j * bytes, a1 = a0 + bytes
            var k = j
            while k < pp {
                let b0 = rb + k * bytes, b1 = b0 + bytes
                var s00 = SIMD2<Double>(), s01 = SIMD2<Double>(), s10 = SIMD2<Double>(), s11 = SIMD2<Double>()
                var t00 = SIMD2<Double>(), t01 = SIMD2<Double>(), t10 = SIMD2<Double>(), t11 = SIMD2<Double>()
                var off = 0
                let end = rows * MemoryLayout<Double>.stride
                while off < end {
                    let x0 = a0.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self)
                    let x1 = a1.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self)
                    let y0 = b0.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self)
                    let y1 = b1.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self)
                    s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1
                    let u0 = a0.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self)
                    let u1 = a1.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self)
                    let v0 = b0.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self)
                    let v1 = b1.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self)
                    t00 += u0 * v0; t01 += u0 * v1; t10 += u1 * v0; t11 += u1 * v1
                    off += 32
                }
                let r00 = s00 + t00, r01 = s01 + t01, r10 = s10 + t10, r11 = s11 + t11
                c[j * pp + k] = r00[0] + r00[1]
                c[j * pp + k + 1] = r01[0] + r01[1]
                c[(j + 1) * pp + k] = r10[0] + r10[1]
                c[(j + 1) * pp + k + 1] = r11[0] + r11[1]
                k += 2
            }
            j += 2
        }
    }
}
