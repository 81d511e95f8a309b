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
    /// Writes c[j·pp + k] = Σᵢ a_j[i]·b_k[i] for every pair with j ≤ k < p, pp = p rounded up
    /// to even (in 2×2 tiles, so c[(j+1)·pp + j] of a diagonal tile is written too and must be
    /// ignored). An odd p's last column takes 2×1 tiles (`lastColumn`) instead of a tile
    /// with a zero column, which for 13 columns was an eighth of the multiply-adds.
    /// - Parameters:
    ///   - a, b: p columns of `stride` doubles each.
    ///   - p: the column count; c's rows are pp long.
    ///   - rows: rows to sum, a multiple of 4 (callers zero-pad the chunk's tail).
    @inline(__always)
    static func upperTriangle(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, columns p: Int, stride: Int,
                              rows: Int, into c: UnsafeMutablePointer<Double>) {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        let bytes = stride * MemoryLayout<Double>.stride
        let even = p & ~1, pp = p + (p & 1)
        var j = 0
        while j < even {
            let a0 = ra + j * bytes, a1 = a0 + bytes
            var k = j
            while k < even {
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
        if even < p { lastColumn(ra, rb, column: even, stride: bytes, rows: rows, pp: pp, into: c) }
    }

    /// c[j·pp + k] for the last column k of an odd count and every j ≤ k: 2×1 tiles, then the
    /// corner. Each entry keeps the two accumulators per lane of a 2×2 tile, so it has the
    /// bits a tile with a zero pad column gave it.
    @inline(__always)
    static func lastColumn(_ ra: UnsafeRawPointer, _ rb: UnsafeRawPointer, column k: Int, stride bytes: Int, rows: Int, pp: Int,
                           into c: UnsafeMutablePointer<Double>) {
        let b0 = rb + k * bytes
        let end = rows * MemoryLayout<Double>.stride
        var j = 0
        while j < k {
            let a0 = ra + j * bytes, a1 = a0 + bytes
            var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), t0 = SIMD2<Double>(), t1 = SIMD2<Double>()
            var off = 0
            while off < end {
                let y = b0.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self)
                s0 += a0.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self) * y
                s1 += a1.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self) * y
                let v = b0.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self)
                t0 += a0.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self) * v
                t1 += a1.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self) * v
                off += 32
            }
            let r0 = s0 + t0, r1 = s1 + t1
            c[j * pp + k] = r0[0] + r0[1]
            c[(j + 1) * pp + k] = r1[0] + r1[1]
            j += 2
        }
        let a0 = ra + k * bytes
        var s = SIMD2<Double>(), t = SIMD2<Double>()
        var off = 0
        while off < end {
            s += a0.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self) * b0.loadUnaligned(fromByteOffset: off, as: SIMD2<Double>.self)
            t += a0.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self) * b0.loadUnaligned(fromByteOffset: off + 16, as: SIMD2<Double>.self)
            off += 32
        }
        let r = s + t
        c[k * pp + k] = r[0] + r[1]
    }

    // Chunk preparation, written over SIMD2 so that it vectorises: a plain running sum is one
    // latency-bound scalar chain, and selects or possibly aliasing pointers keep the compiler
    // from vectorising the copies.

    /// Copies `len` values to `dst` and returns Σ wᵢxᵢ (four partial sums).
    @inline(__always)
    static func copyWeightedSum(_ src: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>,
                                _ len: Int) -> Double {
        let rs = UnsafeRawPointer(src), rw = UnsafeRawPointer(w), rd = UnsafeMutableRawPointer(dst)
        var a = SIMD2<Double>(), b = SIMD2<Double>()
        var i = 0
        while i + 4 <= len {
            let u = rs.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
            let v = rs.loadUnaligned(fromByteOffset: i * 8 + 16, as: SIMD2<Double>.self)
            rd.storeBytes(of: u, toByteOffset: i * 8, as: SIMD2<Double>.self)
            rd.storeBytes(of: v, toByteOffset: i * 8 + 16, as: SIMD2<Double>.self)
            a += u * rw.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
            b += v * rw.loadUnaligned(fromByteOffset: i * 8 + 16, as: SIMD2<Double>.self)
            i += 4
        }
        let c = a + b
        var sum = c[0] + c[1]
        while i < len { dst[i] = src[i]; sum += w[i] * src[i]; i += 1 }
        return sum
    }

    /// z −= m over `len` values.
    @inline(__always)
    static func subtract(_ m: Double, _ z: UnsafeMutablePointer<Double>, _ len: Int) {
        let rz = UnsafeMutableRawPointer(z), mm = SIMD2<Double>(repeating: m)
        var i = 0
        while i + 2 <= len {
            rz.storeBytes(of: rz.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self) - mm, toByteOffset: i * 8, as: SIMD2<Double>.self)
            i += 2
        }
        if i < len { z[i] -= m }
    }

    /// t = w·z over `len` values.
    @inline(__always)
    static func multiply(_ w: UnsafePointer<Double>, _ z: UnsafePointer<Double>, _ t: UnsafeMutablePointer<Double>, _ len: Int) {
        let rw = UnsafeRawPointer(w), rz = UnsafeRawPointer(z), rt = UnsafeMutableRawPointer(t)
        var i = 0
        while i + 2 <= len {
            let v = rw.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self) * rz.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
            rt.storeBytes(of: v, toByteOffset: i * 8, as: SIMD2<Double>.self)
            i += 2
        }
        if i < len { t[i] = w[i] * z[i] }
    }

    /// z += b·x over `len` values (the linear predictor, one column at a time).
    @inline(__always)
    static func addScaled(_ b: Double, _ x: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>, _ len: Int) {
        let rx = UnsafeRawPointer(x), rz = UnsafeMutableRawPointer(z), bb = SIMD2<Double>(repeating: b)
        var i = 0
        while i + 2 <= len {
            let v = rz.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self) + bb * rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
            rz.storeBytes(of: v, toByteOffset: i * 8, as: SIMD2<Double>.self)
            i += 2
        }
        if i < len { z[i] += b * x[i] }
    }

    /// Copies src[idx[r]] to dst[r] for r < `len` (the kept rows of a chunk, packed) and
    /// returns their sum, with the four partial sums of `copyWeightedSum`.
    @inline(__always)
    static func gatherSum(_ src: UnsafePointer<Double>, _ idx: UnsafePointer<Int32>, _ dst: UnsafeMutablePointer<Double>,
                          _ len: Int) -> Double {
        let rd = UnsafeMutableRawPointer(dst)
        var a = SIMD2<Double>(), b = SIMD2<Double>()
        var i = 0
        while i + 4 <= len {
            let u = SIMD2<Double>(src[Int(idx[i])], src[Int(idx[i + 1])])
            let v = SIMD2<Double>(src[Int(idx[i + 2])], src[Int(idx[i + 3])])
            rd.storeBytes(of: u, toByteOffset: i * 8, as: SIMD2<Double>.self)
            rd.storeBytes(of: v, toByteOffset: i * 8 + 16, as: SIMD2<Double>.self)
            a += u; b += v
            i += 4
        }
        let c = a + b
        var sum = c[0] + c[1]
        while i < len { let x = src[Int(idx[i])]; dst[i] = x; sum += x; i += 1 }
        return sum
    }

    /// How many of `len` weights are exactly 1 and exactly 0, two lanes at a time (NaN is
    /// neither). A scalar loop's NaN-aware compares branched per row.
    @inline(__always)
    static func countOnesAndZeros(_ w: UnsafePointer<Double>, _ len: Int) -> (ones: Int, zeros: Int) {
        let rw = UnsafeRawPointer(w)
        let one = SIMD2<Double>(repeating: 1), zero = SIMD2<Double>()
        let yes = SIMD2<Int64>(repeating: 1), no = SIMD2<Int64>()
        var o = SIMD2<Int64>(), z = SIMD2<Int64>()
        var i = 0
        while i + 2 <= len {
            let v = rw.loadUnaligned(fromByteOffset: i * 8, as: SIMD2<Double>.self)
            o &+= no.replacing(with: yes, where: v .== one)
            z &+= no.replacing(with: yes, where: v .== zero)
            i += 2
        }
        var ones = Int(o[0] &+ o[1]), zeros = Int(z[0] &+ z[1])
        if i < len {
            ones &+= w[i] == 1 ? 1 : 0
            zeros &+= w[i] == 0 ? 1 : 0
        }
        return (ones, zeros)
    }

    /// The indices of the rows of weight 1 among `len` 0/1 weights, in order, into `idx`
    /// (which has room for `len`). Branch-free: every index is written and the next overwrites
    /// it unless the row is kept; the step is the lowest exponent bit, 1 for 1.0 and 0 for ±0.
    @inline(__always)
    static func keptRows(_ w: UnsafePointer<Double>, _ len: Int, into idx: UnsafeMutablePointer<Int32>) {
        var k = 0
        for i in 0..<len {
            idx[k] = Int32(truncatingIfNeeded: i)
            k &+= Int(truncatingIfNeeded: (w[i].bitPattern >> 52) & 1)
        }
    }
}
