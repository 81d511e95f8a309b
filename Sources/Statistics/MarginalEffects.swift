/// Average marginal effects for logit/probit (Stata's `margins, dydx(*)`).
extension BinaryRegression {
    public struct MarginalEffects: Sendable {
        public let names: [String]
        public let effects: [Double]
        public let standardErrors: [Double]
        public let statistics: [Double]
        public let pValues: [Double]
        public let lower: [Double]
        public let upper: [Double]
    }

    /// dμ/dx averaged over the sample for continuous regressors; for the columns in `discrete`
    /// (0/1 dummies of factor terms, which Stata's `margins` treats as discrete changes) the
    /// average of F(η | x = 1) − F(η | x = 0). Delta-method SEs use the fit's covariance, so
    /// they are robust/cluster when the fit was.
    public static func averageMarginalEffects(_ r: Result, design: DesignMatrix, discrete: Set<Int> = []) throws -> MarginalEffects {
        let k0 = design.columns.count
        let beta = r.table.estimates
        let eta = design.linearPredictor(Array(beta[0..<k0]), constant: r.constant ? beta[k0] : 0)
        let nn = eta.count
        let n = Double(nn)
        var fbar = 0.0
        var dprime = [Double](repeating: 0, count: nn)
        for i in 0..<nn { fbar += r.link.density(eta[i]); dprime[i] = r.link.densityDerivative(eta[i]) }
        fbar /= n
        // m_k = mean(f'(η) x_k), constant last.
        let kk = beta.count
        var m = [Double](repeating: 0, count: kk)
        for j in 0..<k0 {
            var s = 0.0
            for i in 0..<nn { s += dprime[i] * design.columns[j][i] }
            m[j] = s / n
        }
        if r.constant { m[k0] = dprime.reduce(0, +) / n }
        let terms = (0..<k0).filter { !r.table.omitted[$0] }
        var jac = Matrix(rows: terms.count, columns: kk)
        var eff = [Double](repeating: 0, count: terms.count)
        for (a, j) in terms.enumerated() {
            if discrete.contains(j) {
                let x = design.columns[j]
                var effect = 0.0
                var g = [Double](repeating: 0, count: kk)
                for i in 0..<nn {
                    let e1 = eta[i] + beta[j] * (1 - x[i]), e0 = eta[i] - beta[j] * x[i]
                    effect += r.link.probability(e1) - r.link.probability(e0)
                    let f1 = r.link.density(e1), f0 = r.link.density(e0)
                    for c in 0..<k0 where c != j { g[c] += (f1 - f0) * design.columns[c][i] }
                    g[j] += f1
                    if r.constant { g[k0] += f1 - f0 }
                }
                eff[a] = effect / n
                for c in 0..<kk where !r.table.omitted[c] { jac[a, c] = g[c] / n }
            } else {
                eff[a] = fbar * beta[j]
                for c in 0..<kk where !r.table.omitted[c] { jac[a, c] = beta[j] * m[c] }
                jac[a, j] += fbar
            }
        }
        let v = jac * r.covariance * jac.transposed
        let crit = Normal.quantile(0.5 + r.table.level / 2)
        let se = terms.indices.map { max(0, v[$0, $0]).squareRoot() }
        let z = zip(eff, se).map { $0 / $1 }
        return MarginalEffects(names: terms.map { design.names[$0] }, effects: eff, standardErrors: se, statistics: z,
                               pValues: z.map { 2 * Normal.survival(abs($0)) },
                               lower: zip(eff, se).map { $0 - crit * $1 }, upper: zip(eff, se).map { $0 + crit * $1 })
    }
}
