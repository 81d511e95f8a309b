/// Pearson correlation and covariance, as Stata's `correlate` (listwise) and `pwcorr`
/// (pairwise, with `obs` and `sig`).
public enum Correlation {
    public struct Listwise: Sendable {
        public let observations: Int
        public let means: [Double]
        /// Covariances with divisor N − 1 (Stata's `correlate, covariance`).
        public let covariance: Matrix
        public let correlation: Matrix
    }

    /// All columns complete (the engine drops incomplete rows first, or passes a 0/1 mask as
    /// weights); one pass through `CrossProducts`.
    public static func listwise(_ columns: [[Double]], mask: [Double]? = nil) throws -> Listwise {
        let cp = try CrossProducts.accumulate(columns, weights: mask)
        guard cp.count >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: cp.count) }
        let p = columns.count
        for i in 0..<columns.count where !(cp.centred[i, i] > 0) {
            throw StatisticsError.invalidArgument("column \(i + 1) is constant; its correlation is undefined")
        }
        let cov = (1 / (cp.sumOfWeights - 1)) * cp.centred
        var r = Matrix(rows: p, columns: p)
        for i in 0..<p {
            for j in 0..<p {
                let d = (cp.centred[i, i] * cp.centred[j, j]).squareRoot()
                r[i, j] = i == j ? 1 : cp.centred[i, j] / d
            }
        }
        return Listwise(observations: cp.count, means: cp.means, covariance: cov, correlation: r)
    }

    public struct Pairwise: Sendable {
        /// r for each pair; nil where fewer than 2 joint observations or a constant column.
        public let correlation: [[Double?]]
        public let observations: [[Int]]
        /// Two-sided p-value of H₀: ρ = 0 (t = r√((n−2)/(1−r²)) on n−2 df), nil when n ≤ 2.
        public let pValues: [[Double?]]
    }

    /// Pairwise-complete correlations; NaN marks a missing value.
    public static func pairwise(_ columns: [[Double]]) throws -> Pairwise {
        let p = columns.count
        let n = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == n }) else { throw StatisticsError.dimensionMismatch("columns differ in length") }
        var r = [[Double?]](repeating: [Double?](repeating: nil, count: p), count: p)
        var obs = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
        var pv = r
        for i in 0..<p {
            for j in i..<p {
                let mask = (0..<n).map { k in columns[i][k].isNaN || columns[j][k].isNaN ? 0.0 : 1.0 }
                let a = columns[i].map { $0.isNaN ? 0 : $0 }, b = columns[j].map { $0.isNaN ? 0 : $0 }
                let cp = try CrossProducts.accumulate([a, b], weights: mask)
                obs[i][j] = cp.count; obs[j][i] = cp.count
                let d = (cp.centred[0, 0] * cp.centred[1, 1]).squareRoot()
                guard cp.count >= 2, d > 0 else { continue }
                let v = i == j ? 1 : Swift.max(-1, Swift.min(1, cp.centred[0, 1] / d))
                r[i][j] = v; r[j][i] = v
                if i != j, cp.count > 2 {
                    let q = significance(r: v, observations: cp.count)
                    pv[i][j] = q; pv[j][i] = q
                }
            }
        }
        return Pairwise(correlation: r, observations: obs, pValues: pv)
    }

    /// Two-sided p-value for a Pearson r from n observations (Stata's `pwcorr, sig`).
    public static func significance(r: Double, observations n: Int) -> Double {
        if abs(r) >= 1 { return 0 }
        let df = Double(n - 2)
        let t = abs(r) * (df / (1 - r * r)).squareRoot()
        return 2 * StudentT.survival(t, degreesOfFreedom: df)
    }
}
