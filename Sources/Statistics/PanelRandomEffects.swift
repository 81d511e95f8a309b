/// Random effects (`xtreg, re`): GLS with variance components estimated one of two ways.
///
/// With N observations in n panels of Tᵢ and K slopes (those the regressions keep):
/// - σ²_e = within RSS/(N − n − K), both ways;
/// - **Stata's default** (`xtreg, re`; `RandomEffectsMethod.stata`): the between regression is
///   the unweighted OLS of ȳᵢ on x̄ᵢ (one row per panel), and
///   σ²_u = RSS_b/(n − K − 1) − σ²_e/T̄ with T̄ = n/Σ(1/Tᵢ), the harmonic mean of the panel
///   lengths — Stata's [XT] xtreg Methods and formulas, and linearmodels' `RandomEffects`;
/// - **Swamy–Arora** with Baltagi and Chang's (1994) extension to unbalanced panels
///   (`xtreg, re sa`, R plm's default `random.method = "swar"`; `.swamyArora`): the between
///   regression weights each panel by Tᵢ (its means repeated on every row), RSS_B = Σ Tᵢ êᵢ²,
///   σ²_u = (RSS_B − (n − K − 1)σ²_e) / (N − tr[(Σ Tᵢzᵢzᵢᵀ)⁻¹ Σ Tᵢ²zᵢzᵢᵀ]), zᵢ = (1, x̄ᵢ);
/// - a negative σ²_u is set to 0 (θᵢ = 0: pooled OLS), as Stata;
/// - θᵢ = 1 − √(σ²_e/(Tᵢσ²_u + σ²_e)), and b is OLS of yᵢₜ − θᵢȳᵢ on xᵢₜ − θᵢx̄ᵢ and (1 − θᵢ),
///   with the covariance of that regression (s² on N − K − 1 df, as Stata and plm), z tests;
/// - R² within, between and overall are squared correlations of the slopes' index x·b with
///   y − ȳᵢ, ȳᵢ and y (Stata's definitions).
/// On a balanced panel both ways give the textbook σ²_u = RSS_be/(n − K − 1) − σ²_e/T, so
/// they agree exactly; they differ only when the Tᵢ differ.
extension PanelRegression {
    static func randomEffects(y: [Double], design: DesignMatrix, panel: [Int32], groups: Int, pm: Means, options: Options) throws -> Result {
        let n = y.count, k0 = design.columns.count
        let fe = try fixedEffects(y: y, design: design, panel: panel, groups: groups, pm: pm, options: Options())
        let s2e = fe.sigmaE! * fe.sigmaE!
        let s2u: Double
        switch options.randomEffects {
        case .stata: s2u = try harmonicComponent(design: design, groups: groups, pm: pm, sigma2e: s2e)
        case .swamyArora: s2u = try baltagiChangComponent(design: design, panel: panel, groups: groups, pm: pm, sigma2e: s2e)
        }
        let thetas = pm.count.map { 1 - (s2e / (Double($0) * s2u + s2e)).squareRoot() }
        var cols: [[Double]] = (0..<k0).map { j in
            var out = design.columns[j]
            for i in 0..<n { out[i] -= thetas[Int(panel[i])] * pm.means[j][Int(panel[i])] }
            return out
        }
        var yt = y
        for i in 0..<n { yt[i] -= thetas[Int(panel[i])] * pm.means[k0][Int(panel[i])] }
        cols.append(panel.map { 1 - thetas[Int($0)] })
        let gd = try DesignMatrix(columns: cols, names: design.names + ["_cons"])
        var variance = options.variance
        if case .robust = variance { variance = .cluster(panel) }
        let r = try OLS.fit(y: yt, design: gd, options: .init(constant: false, variance: variance, level: options.level))
        let table = CoefficientTable(names: r.table.names, estimates: r.table.estimates, covariance: r.covariance,
                                     omitted: r.table.omitted, distribution: .normal, level: options.level)
        let r2 = try rSquares(slopes: Array(r.table.estimates[0..<k0]), y: y, design: design, panel: panel, pm: pm)
        let balanced = pm.count.allSatisfy { $0 == pm.count[0] }
        return Result(table: table, covariance: r.covariance, observations: n, panels: groups,
                      rSquaredWithin: r2.within, rSquaredBetween: r2.between, rSquaredOverall: r2.overall,
                      sigmaE: s2e.squareRoot(), sigmaU: s2u.squareRoot(), theta: balanced ? thetas[0] : nil, thetas: thetas,
                      effectsF: nil, omittedNames: r.omittedNames)
    }

    /// Stata's default σ²_u: unweighted between regression, harmonic-mean T̄.
    static func harmonicComponent(design: DesignMatrix, groups: Int, pm: Means, sigma2e: Double) throws -> Double {
        let k0 = design.columns.count
        let be = try OLS.fit(y: pm.means[k0], design: DesignMatrix(columns: Array(pm.means[0..<k0]), names: design.names))
        let kb = (0..<k0).filter { !be.table.omitted[$0] }.count
        guard groups > kb + 1 else { throw StatisticsError.tooFewObservations(needed: kb + 2, had: groups) }
        let tbar = Double(groups) / pm.count.reduce(0.0) { $0 + 1 / Double($1) }
        return max(0, be.residualSumOfSquares / Double(groups - kb - 1) - sigma2e / tbar)
    }

    /// Baltagi and Chang's Swamy–Arora σ²_u (Stata's `sa`, plm's "swar").
    static func baltagiChangComponent(design: DesignMatrix, panel: [Int32], groups: Int, pm: Means, sigma2e: Double) throws -> Double {
        let n = panel.count, k0 = design.columns.count
        // Between regression on the panel means repeated on every row (weights Tᵢ).
        let rep = (0...k0).map { j in panel.map { pm.means[j][Int($0)] } }
        let be = try OLS.fit(y: rep[k0], design: DesignMatrix(columns: Array(rep[0..<k0]), names: design.names))
        let kept = (0..<k0).filter { !be.table.omitted[$0] }
        let kb = kept.count
        guard groups > kb + 1 else { throw StatisticsError.tooFewObservations(needed: kb + 2, had: groups) }
        // tr[(Σ Tᵢzᵢzᵢᵀ)⁻¹ Σ Tᵢ²zᵢzᵢᵀ] over the constant and the kept slopes.
        let p = kb + 1
        var a = Matrix(rows: p, columns: p), b = Matrix(rows: p, columns: p)
        var z = [Double](repeating: 1, count: p)
        for g in 0..<groups {
            for (c, j) in kept.enumerated() { z[c + 1] = pm.means[j][g] }
            let t = Double(pm.count[g])
            for r in 0..<p { for c in 0..<p { a[r, c] += t * z[r] * z[c]; b[r, c] += t * t * z[r] * z[c] } }
        }
        let chol = try Cholesky(a)
        guard chol.dropped.isEmpty else { throw StatisticsError.invalidArgument("the panel means are collinear") }
        let ainv = chol.inverse()
        var trace = 0.0
        for r in 0..<p { for c in 0..<p { trace += ainv[r, c] * b[c, r] } }
        return max(0, (be.residualSumOfSquares - Double(groups - kb - 1) * sigma2e) / (Double(n) - trace))
    }
}
