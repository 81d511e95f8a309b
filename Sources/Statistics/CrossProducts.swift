import Dispatch

/// Weighted means and centred cross-products of a set of columns, in one pass over the rows.
///
/// This is the single hot loop behind OLS, correlation/covariance and each IRLS step of the
/// GLMs: X never has to be materialised as a matrix, only handed over as the engine's own
/// column arrays (copy-on-write, so no copy). Rows are read in chunks that fit in L1 (L2 for a
/// row mask, whose kept rows are packed); each chunk is centred on its own mean and merged
/// with the Chan–Golub–LeVeque update, so the result is as accurate as a two-pass algorithm
/// (it survives NIST Longley) while reading the data once. Fixed-size blocks are summed in
/// block order, so results are bit-identical whatever the number of cores.
public struct CrossProducts: Sendable {
    /// Rows with non-zero weight.
    public let count: Int
    /// Σ w (equals `count` when unweighted).
    public let sumOfWeights: Double
    /// Weighted means of each column.
    public let means: [Double]
    /// Σ w (x_j − m_j)(x_k − m_k), symmetric p×p.
    public let centred: Matrix

    /// Σ w x_j x_k, recovered from the centred form.
    public var uncentred: Matrix {
        var u = centred
        let p = means.count
        for j in 0..<p { for k in 0..<p { u[j, k] += sumOfWeights * means[j] * means[k] } }
        return u
    }

    /// Uncentred cross-products of [columns…, 1]: the constant's row is Σ w x_j and Σ w.
    public var uncentredWithConstant: Matrix {
        let p = means.count
        let u = uncentred
        var a = Matrix(rows: p + 1, columns: p + 1)
        for j in 0..<p {
            for k in 0..<p { a[j, k] = u[j, k] }
            a[j, p] = sumOfWeights * means[j]
            a[p, j] = a[j, p]
        }
        a[p, p] = sumOfWeights
        return a
    }

    static let chunk = 256
    /// The chunk of the row-mask paths. Their kept rows are packed, so a 256-row chunk became
    /// ~150 rows and the per-chunk work (the kernel's reductions, the merge of p×p sums)
    /// weighed more; with 1024 rows z lives in L2, which the kernel's loads keep up with.
    static let maskedChunk = 1024
    static let block = 1 << 16

    /// - Parameters:
    ///   - columns: p columns of equal length n (no NaN: the engine drops incomplete rows, or
    ///     gives them weight 0).
    ///   - weights: optional non-negative weights of length n; zero-weight rows are ignored, so
    ///     a 0/1 weight doubles as a row mask.
    public static func accumulate(_ columns: [[Double]], weights: [Double]? = nil) throws -> CrossProducts {
        // With no columns (a constant-only model) the weights still say how many rows there are.
        let n = columns.first?.count ?? weights?.count ?? 0
        guard columns.allSatisfy({ $0.count == n }) else { throw StatisticsError.dimensionMismatch("columns differ in length") }
        if let w = weights, w.count != n { throw StatisticsError.dimensionMismatch("weights have \(w.count) rows, columns \(n)") }
        return accumulate(columns, rows: n, extra: 0) { s, len, wb, _ in
            if let weights {
                weights.withUnsafeBufferPointer { src in for i in 0..<len { wb[i] = src[s + i] } }
            } else {
                for i in 0..<len { wb[i] = 1 }
            }
        }
    }

    /// The accumulation over the rows where `mask` is true; the other rows may hold anything
    /// (NaN included). Lets a model read the engine's full columns instead of copies of its
    /// complete cases.
    public static func accumulate(_ columns: [[Double]], mask: [Bool]) throws -> CrossProducts {
        let n = mask.count
        guard columns.allSatisfy({ $0.count == n }) else { throw StatisticsError.dimensionMismatch("columns and mask differ in length") }
        return accumulate(columns, rows: n, extra: 0, chunk: maskedChunk) { s, len, wb, _ in
            mask.withUnsafeBufferPointer { m in for i in 0..<len { wb[i] = m[s + i] ? 1 : 0 } }
        }
    }

    /// The same accumulation over `columns` plus `extra` columns and the weights that `fill`
    /// computes chunk by chunk: fill(start, length, weights, extras) writes the weights of rows
    /// start..<start+length into weights[0..<length] and extra column e into
    /// extras[e·chunk ..< e·chunk + length]. Newton iterations use it to compute η, the
    /// likelihood pieces and XᵀDX in one pass, with nothing of length n allocated.
    /// `chunk` must divide `block`.
    @inline(__always)
    static func accumulate(_ columns: [[Double]], rows n: Int, extra: Int, chunk: Int = CrossProducts.chunk,
                           fill: @Sendable (Int, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> CrossProducts {
        let p = columns.count + extra
        let blocks = max(1, (n + block - 1) / block)
        let stride = 2 + p + p * p
        var partial = [Double](repeating: 0, count: blocks * stride)
        partial.withUnsafeMutableBufferPointer { buf in
            let out = SendablePointer(base: buf.baseAddress!)
            if blocks == 1 {
                accumulateBlock(columns, extra: extra, chunk: chunk, 0, n, out.base, fill: fill)
            } else {
                DispatchQueue.concurrentPerform(iterations: blocks) { b in
                    let start = b * block
                    accumulateBlock(columns, extra: extra, chunk: chunk, start, min(n, start + block), out.base + b * stride, fill: fill)
                }
            }
        }
        // Merge blocks in order (deterministic).
        var count = 0, w = 0.0
        var m = [Double](repeating: 0, count: p)
        var c = Matrix(rows: p, columns: p)
        for b in 0..<blocks {
            let o = b * stride
            merge(&count, &w, &m, &c, Int(partial[o]), partial[o + 1], partial, o + 2, o + 2 + p)
        }
        return CrossProducts(count: count, sumOfWeights: w, means: m, centred: c)
    }

    /// Chan et al.'s pairwise update of (W, mean, C) with another part's statistics.
    @inline(__always)
    static func merge(_ count: inout Int, _ w: inout Double, _ m: inout [Double], _ c: inout Matrix,
                      _ count2: Int, _ w2: Double, _ src: [Double], _ mOff: Int, _ cOff: Int) {
        guard w2 > 0 else { return }
        let p = m.count
        let total = w + w2
        let f = w * w2 / total
        var delta = [Double](repeating: 0, count: p)
        for j in 0..<p { delta[j] = src[mOff + j] - m[j] }
        for j in 0..<p {
            for k in 0..<p { c[j, k] += src[cOff + j * p + k] + f * delta[j] * delta[k] }
        }
        for j in 0..<p { m[j] += delta[j] * (w2 / total) }
        w = total
        count += count2
    }

    /// One block of rows, chunk by chunk, written to `out` as [count, W, means(p), C(p×p)].
    ///
    /// Per chunk: the weights and extras from `fill`; each column copied into `z` (zero-weight
    /// rows as 0, so they may hold NaN) and centred on the chunk's weighted mean; when the
    /// weights are not all 1, `t` = w·z; then `GramKernel` forms the upper triangle of tᵀz. The
    /// chunk's tail is zero-padded to the kernel's 4-row tiles; z keeps room for an even
    /// number of columns, though an odd p's last column takes the kernel's 2×1 tiles.
    ///
    /// With 0/1 weights (a row mask) the kept rows are packed to the front of `z` instead of
    /// zeroed in place: a dropped row adds nothing to any sum, but zeroed it still cost the
    /// kernel its multiply-adds, and the kernel is most of the pass (a model on the person
    /// dataset drops ~40 % of the rows). The sums are over the same terms, grouped differently.
    @inline(__always)
    static func accumulateBlock(_ columns: [[Double]], extra: Int, chunk cs: Int, _ start: Int, _ end: Int,
                                _ out: UnsafeMutablePointer<Double>,
                                fill: (Int, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) {
        let p0 = columns.count
        let p = p0 + extra
        let pp = p + (p & 1)
        var z = [Double](repeating: 0, count: pp * cs)
        // w·z, only for weights that are not all 0/1 (allocated when first needed).
        var t: [Double] = []
        var wbuf = [Double](repeating: 1, count: cs)
        var kept = [Int32](repeating: 0, count: cs)
        var ebuf = [Double](repeating: 0, count: max(1, extra * cs))
        var count = 0, wsum = 0.0
        var mean = [Double](repeating: 0, count: p)
        var cross = [Double](repeating: 0, count: p * p)
        var cm = [Double](repeating: 0, count: p)
        var cc = [Double](repeating: 0, count: pp * pp)
        var s = start
        while s < end {
            let e = min(end, s + cs)
            let len = e - s
            var wc = 0.0, nc = 0
            var unit = true, binary = true
            wbuf.withUnsafeMutableBufferPointer { wb in
                ebuf.withUnsafeMutableBufferPointer { eb in fill(s, len, wb.baseAddress!, eb.baseAddress!) }
                // Counts only, two lanes at a time: a running sum with `&&` chains compiled to a
                // scalar loop with a branch per row that cost a quarter of the pass.
                let (ones, zeros) = GramKernel.countOnesAndZeros(wb.baseAddress!, len)
                nc = len - zeros
                unit = ones == len
                binary = ones + zeros == len
                // Partial sums of 0/1 weights are exact integers, so Σw is the count of ones;
                // other weights are summed in row order as before.
                if binary {
                    wc = Double(ones)
                } else {
                    for i in 0..<len { wc += wb[i] }
                }
            }
            if wc > 0 {
                let dense = nc == len  // no zero-weight row in the chunk
                let packed = binary && !dense
                if packed {
                    kept.withUnsafeMutableBufferPointer { kb in
                        wbuf.withUnsafeBufferPointer { wb in GramKernel.keptRows(wb.baseAddress!, len, into: kb.baseAddress!) }
                    }
                }
                let rows = packed ? nc : len
                let padded = (rows + 3) & ~3
                z.withUnsafeMutableBufferPointer { zb in
                    wbuf.withUnsafeBufferPointer { wb in
                        let w = wb.baseAddress!
                        for j in 0..<p {
                            let off = j * cs
                            let dst = zb.baseAddress! + off
                            var sum = 0.0
                            @inline(__always) func load(_ src: UnsafePointer<Double>) {
                                if dense {
                                    // With unit weights wᵢxᵢ = xᵢ exactly, so one kernel serves both cases.
                                    sum = GramKernel.copyWeightedSum(src, w, dst, len)
                                    return
                                }
                                if packed {
                                    sum = kept.withUnsafeBufferPointer { GramKernel.gatherSum(src, $0.baseAddress!, dst, rows) }
                                    return
                                }
                                for i in 0..<len {
                                    let v = src[i]
                                    // A zero-weight row may hold anything (even NaN): keep it out.
                                    let x = wb[i] != 0 ? v : 0
                                    zb[off + i] = x
                                    sum += wb[i] * x
                                }
                            }
                            if j < p0 {
                                columns[j].withUnsafeBufferPointer { src in load(src.baseAddress! + s) }
                            } else {
                                ebuf.withUnsafeBufferPointer { eb in load(eb.baseAddress! + (j - p0) * cs) }
                            }
                            let mj = sum / wc
                            cm[j] = mj
                            if dense || packed {
                                GramKernel.subtract(mj, dst, rows)
                            } else {
                                for i in 0..<len { zb[off + i] = wb[i] != 0 ? zb[off + i] - mj : 0 }
                            }
                            for i in rows..<padded { zb[off + i] = 0 }
                        }
                        cc.withUnsafeMutableBufferPointer { cb in
                            // With 0/1 weights the masked, centred z already is w·z.
                            if unit || binary {
                                GramKernel.upperTriangle(zb.baseAddress!, zb.baseAddress!, columns: p, stride: cs, rows: padded, into: cb.baseAddress!)
                            } else {
                                if t.isEmpty { t = [Double](repeating: 0, count: pp * cs) }
                                t.withUnsafeMutableBufferPointer { tb in
                                    for j in 0..<p {
                                        let o = j * cs
                                        GramKernel.multiply(w, zb.baseAddress! + o, tb.baseAddress! + o, len)
                                        for i in len..<padded { tb[o + i] = 0 }
                                    }
                                    GramKernel.upperTriangle(tb.baseAddress!, zb.baseAddress!, columns: p, stride: cs, rows: padded, into: cb.baseAddress!)
                                }
                            }
                        }
                    }
                }
                // Merge the chunk into the block totals (upper triangle; mirrored at the end).
                let total = wsum + wc
                let f = wsum * wc / total
                for j in 0..<p {
                    let dj = cm[j] - mean[j]
                    for k in j..<p { cross[j * p + k] += cc[j * pp + k] + f * dj * (cm[k] - mean[k]) }
                }
                for j in 0..<p { mean[j] += (cm[j] - mean[j]) * (wc / total) }
                wsum = total
                count += nc
            }
            s = e
        }
        out[0] = Double(count)
        out[1] = wsum
        for j in 0..<p { out[2 + j] = mean[j] }
        for j in 0..<p {
            for k in j..<p {
                out[2 + p + j * p + k] = cross[j * p + k]
                out[2 + p + k * p + j] = cross[j * p + k]
            }
        }
    }
}

/// A raw pointer that crosses into `concurrentPerform`; each iteration writes a disjoint slice.
struct SendablePointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}
