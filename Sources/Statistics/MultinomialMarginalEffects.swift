/// Average marginal effects for mlogit (Stata's `margins, dydx(*) predict(outcome(j))`):
/// ∂Pⱼ/∂x_k = Pⱼ(β_jk − Σₗ Pₗβ_lk) averaged over the sample, for every outcome including the
/// base. SEs by the delta method with a central-difference Jacobian, as `margins` itself does.
extension MultinomialLogit {
    public struct MarginalEffects: Sendable {
        /// effects[o][k]: outcome code o (0..<J), regressor k.
        public let effects: [[Double]]
        public let standardErrors: [[Double]]
    }

    public static func averageMarginalEffects(_ r: Result, design: DesignMatrix) throws -> MarginalEffects {
        let k0 = design.columns.count, k = k0 + 1
        let j = r.outcomes.count + 1
        let theta = r.table.estimates
        func ame(_ th: [Double]) -> [Double] {
            // β for every outcome (base = 0), row-major j×k.
            var beta = [Double](repeating: 0, count: j * k)
            for (e, o) in r.outcomes.enumerated() { for c in 0..<k { beta[o * k + c] = th[e * k + c] } }
            let etas: [[Double]] = (0..<j).map { o in
                o == r.base ? [Double](repeating: 0, count: design.rows)
                    : design.linearPredictor(Array(beta[(o * k)..<(o * k + k0)]), constant: beta[o * k + k0])
            }
            var out = [Double](repeating: 0, count: j * k0)
            var p = [Double](repeating: 0, count: j)
            for i in 0..<design.rows {
                var mx = -Double.infinity
                for o in 0..<j { mx = max(mx, etas[o][i]) }
                var s = 0.0
                for o in 0..<j { p[o] = _exp(etas[o][i] - mx); s += p[o] }
                for o in 0..<j { p[o] /= s }
                for c in 0..<k0 {
                    var bbar = 0.0
                    for o in 0..<j { bbar += p[o] * beta[o * k + c] }
                    for o in 0..<j { out[o * k0 + c] += p[o] * (beta[o * k + c] - bbar) }
                }
            }
            let n = Double(design.rows)
            return out.map { $0 / n }
        }
        let base = ame(theta)
        var jac = Matrix(rows: base.count, columns: theta.count)
        for t in theta.indices {
            let h = 1e-6 * max(1, abs(theta[t]))
            var up = theta, dn = theta
            up[t] += h; dn[t] -= h
            let a = ame(up), b = ame(dn)
            for q in base.indices { jac[q, t] = (a[q] - b[q]) / (2 * h) }
        }
        let v = jac * r.covariance * jac.transposed
        let effects = (0..<j).map { o in Array(base[(o * k0)..<((o + 1) * k0)]) }
        let se = (0..<j).map { o in (0..<k0).map { c in max(0, v[o * k0 + c, o * k0 + c]).squareRoot() } }
        return MarginalEffects(effects: effects, standardErrors: se)
    }
}
