import Testing
@testable import Statistics

/// The blocked kernel behind `CrossProducts` against a plain two-pass sum, on the shapes its
/// padding has to get right: odd and even column counts, row counts that are not multiples of
/// the 4-row tile or the 256-row chunk, several parallel blocks, and weights that are not 1
/// (including zero-weight rows holding NaN, which must not leak in).
@Suite struct CrossProductsTests {
    /// Deterministic pseudo-random columns with offsets, so centring matters.
    static func columns(_ p: Int, rows n: Int) -> [[Double]] {
        (0..<p).map { (j: Int) -> [Double] in
            let offset = 1000 * Double(j)
            return (0..<n).map { (i: Int) -> Double in
                let r: Int = (i &* (2 * j + 7) &+ j * 13) % 211
                return offset + Double(r) * 0.5 - Double(i % 17)
            }
        }
    }

    /// Two-pass weighted means and centred cross-products.
    static func reference(_ x: [[Double]], _ w: [Double]) -> (means: [Double], c: [[Double]], count: Int) {
        let p = x.count, n = w.count
        let sw = w.reduce(0, +)
        let m = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + (w[$1] != 0 ? w[$1] * x[j][$1] : 0) } / sw }
        var c = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for j in 0..<p {
            for k in 0..<p {
                var s = 0.0
                for i in 0..<n where w[i] != 0 { s += w[i] * (x[j][i] - m[j]) * (x[k][i] - m[k]) }
                c[j][k] = s
            }
        }
        return (m, c, w.filter { $0 != 0 }.count)
    }

    func check(p: Int, rows n: Int, weighted: Bool) throws {
        var x = Self.columns(p, rows: n)
        var w = [Double](repeating: 1, count: n)
        if weighted {
            for i in 0..<n { w[i] = i % 5 == 0 ? 0 : 0.25 + Double(i % 7) * 0.3 }
            for j in 0..<p { x[j][0] = .nan }   // row 0 has weight 0
        }
        let cp = try CrossProducts.accumulate(x, weights: weighted ? w : nil)
        let ref = Self.reference(x, w)
        #expect(cp.count == ref.count)
        for j in 0..<p {
            #expect(close(cp.means[j], ref.means[j], rel: 1e-12), "mean \(j) p=\(p) n=\(n)")
            for k in 0..<p {
                #expect(close(cp.centred[j, k], ref.c[j][k], rel: 1e-9, floor: 1e-6), "C[\(j),\(k)] p=\(p) n=\(n) weighted=\(weighted)")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 5, 8, 13])
    func unweightedMatchesTwoPass(p: Int) throws {
        for n in [3, 257, 70_001] { try check(p: p, rows: n, weighted: false) }
    }

    @Test(arguments: [1, 4, 7])
    func weightedMatchesTwoPass(p: Int) throws {
        for n in [9, 1_001, 131_075] { try check(p: p, rows: n, weighted: true) }
    }

    /// 0/1 weights (the packed path): chunks with no row kept, every row kept, a few rows
    /// kept, a run that straddles a chunk edge, and a short tail, against the two-pass sums of
    /// the kept rows; dropped rows hold NaN.
    @Test(arguments: [3, 13])
    func zeroOneWeightsPackTheKeptRows(p: Int) throws {
        let n = 70_001
        var x = Self.columns(p, rows: n)
        let w = (0..<n).map { (i: Int) -> Double in
            switch i / 256 {
            case 0: return 0
            case 1: return 1
            case 2: return i % 97 == 3 ? 1 : 0
            case 3, 4: return (300...900).contains(i) ? 1 : 0
            default: return (i &* 2_654_435_761) % 10 < 6 ? 1 : 0
            }
        }
        for j in 0..<p { for i in 0..<n where w[i] == 0 && i % 2 == 0 { x[j][i] = .nan } }
        let cp = try CrossProducts.accumulate(x, weights: w)
        let ref = Self.reference(x, w)
        #expect(cp.count == ref.count)
        #expect(cp.sumOfWeights == Double(ref.count))
        for j in 0..<p {
            #expect(close(cp.means[j], ref.means[j], rel: 1e-12), "mean \(j)")
            for k in 0..<p { #expect(close(cp.centred[j, k], ref.c[j][k], rel: 1e-9, floor: 1e-6), "C[\(j),\(k)]") }
        }
    }

    /// A row mask reads full columns whose other rows hold NaN, and gives the cross-products
    /// (and an OLS fit) of the selected rows.
    @Test func maskedRowsEqualTheSelectedRows() throws {
        let n = 70_001
        var x = Self.columns(5, rows: n)
        let mask = (0..<n).map { ($0 * 7) % 11 < 6 }
        for j in x.indices { for i in 0..<n where !mask[i] && i % 3 == 0 { x[j][i] = .nan } }
        let kept = x.map { col in col.indices.filter { mask[$0] }.map { col[$0] } }
        let a = try CrossProducts.accumulate(x, mask: mask)
        let b = try CrossProducts.accumulate(kept)
        #expect(a.count == b.count)
        expectClose(a.means, b.means, rel: 1e-13, "means")
        expectClose(a.centred.storage, b.centred.storage, rel: 1e-10, floor: 1e-6, "centred")
        let y = x[4], ky = kept[4]
        let masked = try OLS.fit(y: y, design: DesignMatrix(columns: Array(x[0..<4])), options: .init(rowMask: mask))
        let plain = try OLS.fit(y: ky, design: DesignMatrix(columns: Array(kept[0..<4])))
        #expect(masked.observations == plain.observations)
        expectClose(masked.table.estimates, plain.table.estimates, rel: 1e-9, "b")
        expectClose(masked.table.standardErrors, plain.table.standardErrors, rel: 1e-9, "se")
        #expect(throws: StatisticsError.self) {
            try OLS.fit(y: y, design: DesignMatrix(columns: Array(x[0..<4])), options: .init(variance: .robust, rowMask: mask))
        }
    }

    /// The fused pass finds the rows with the condition and no NaN in any column (scattered
    /// NaN per column, a condition, blocks on both cores), and its cross-products are those of
    /// the masked pass with that mask, bit for bit.
    @Test func completeCasesAreFoundInTheSamePass() throws {
        let n = 200_003
        var x = Self.columns(4, rows: n)
        for j in x.indices { for i in 0..<n where (i * (j + 3)) % 17 == j { x[j][i] = .nan } }
        let condition = (0..<n).map { $0 % 5 != 2 }
        let expected = (0..<n).map { i in condition[i] && x.allSatisfy { !$0[i].isNaN } }
        let (fused, mask) = try CrossProducts.accumulate(x, completeWithin: condition)
        #expect(mask == expected)
        #expect(mask.contains(false) && mask.contains(true))
        let masked = try CrossProducts.accumulate(x, mask: expected)
        #expect(fused.count == masked.count)
        #expect(fused.count == expected.filter { $0 }.count)
        #expect(fused.means == masked.means)
        #expect(fused.centred.storage == masked.centred.storage)
        let design = try DesignMatrix(columns: Array(x[0..<3]))
        let viaMask = try OLS.fit(y: x[3], design: design, options: .init(rowMask: mask))
        let viaFused = try OLS.fit(y: x[3], design: design, options: .init(rowMask: mask, crossProducts: fused))
        #expect(viaFused.table.estimates == viaMask.table.estimates)
        #expect(viaFused.table.standardErrors == viaMask.table.standardErrors)
        #expect(throws: StatisticsError.self) {
            try OLS.fit(y: x[3], design: DesignMatrix(columns: Array(x[0..<2])), options: .init(rowMask: mask, crossProducts: fused))
        }
    }
}
