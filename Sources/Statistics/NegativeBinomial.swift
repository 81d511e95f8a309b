/// Negative binomial regression, NB2 (Var = μ + αμ²), as Stata's `nbreg`.
///
/// Joint Newton–Raphson over (β, ln α) on the observed information, started from the Poisson
/// fit, with step-halving. β's covariance is its block of the joint inverse (OIM), so it
/// matches Stata and statsmodels rather than `MASS::glm.nb` (which conditions on α and uses
/// the expected information). α is reported with SE α·se(ln α), as Stata does.
extension CountRegression {
    struct NBRow {
        var ll = 0.0, sEta = 0.0, wEta = 0.0, sA = 0.0, hAA = 0.0, hEtaA = 0.0
    }

    @inline(__always)
    static func nbRow(y: Double, eta: Double, lnAlpha: Double) -> NBRow {
        let alpha = _exp(lnAlpha), r = 1 / alpha
        let mu = _exp(eta)
        let am = alpha * mu
        let l1 = _log1p(am)
        var o = NBRow()
        o.ll = SpecialFunctions.logGamma(y + r) - SpecialFunctions.logGamma(r) - SpecialFunctions.logGamma(y + 1)
            - r * l1 + y * (eta + lnAlpha - l1)
        o.sEta = (y - mu) / (1 + am)
        o.wEta = mu * (1 + alpha * y) / ((1 + am) * (1 + am))
        let rm = r + mu
        let g = SpecialFunctions.digamma(y + r) - SpecialFunctions.digamma(r) - l1 + (mu - y) / rm
        let gp = SpecialFunctions.trigamma(y + r) - SpecialFunctions.trigamma(r) + 1 / r - 1 / rm - (mu - y) / (rm * rm)
        o.sA = -r * g
        o.hAA = -(r * g + r * r * gp)
        o.hEtaA = (y - mu) * mu * r / (rm * rm)
        return o
    }

    /// One evaluation: ℓ, gradient and information over θ = (β…, [cons], ln α).
    static func nbDerivatives(y: [Double], design: DesignMatrix, offset: [Double]?, constant: Bool, theta: [Double],
                              needScores: Bool = false) throws -> (ll: Double, gradient: [Double], information: Matrix, rows: [NBRow]) {
        let k0 = design.columns.count
        let kb = k0 + (constant ? 1 : 0)
        var eta = design.linearPredictor(Array(theta[0..<k0]), constant: constant ? theta[k0] : 0)
        if let offset { for i in eta.indices { eta[i] += offset[i] } }
        let a = theta[kb]
        let n = y.count
        var rows = [NBRow](repeating: NBRow(), count: n)
        var ll = 0.0
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let r = nbRow(y: y[i], eta: eta[i], lnAlpha: a)
            rows[i] = r; ll += r.ll; w[i] = r.wEta
        }
        var grad = [Double](repeating: 0, count: kb + 1)
        var info = Matrix(rows: kb + 1, columns: kb + 1)
        let cp = try CrossProducts.accumulate(design.columns, weights: w)
        let xwx = constant ? cp.uncentredWithConstant : cp.uncentred
        for i in 0..<kb { for j in 0..<kb { info[i, j] = xwx[i, j] } }
        for j in 0..<k0 {
            var g = 0.0, h = 0.0
            let col = design.columns[j]
            for i in 0..<n { g += rows[i].sEta * col[i]; h += rows[i].hEtaA * col[i] }
            grad[j] = g; info[j, kb] = h; info[kb, j] = h
        }
        if constant {
            var g = 0.0, h = 0.0
            for i in 0..<n { g += rows[i].sEta; h += rows[i].hEtaA }
            grad[k0] = g; info[k0, kb] = h; info[kb, k0] = h
        }
        var ga = 0.0, haa = 0.0
        for i in 0..<n { ga += rows[i].sA; haa += rows[i].hAA }
        grad[kb] = ga; info[kb, kb] = haa
        return (ll, grad, info, rows)
    }

    static func nbFit(y: [Double], design: DesignMatrix, offset: [Double]?, constant: Bool, start: [Double],
                      maxIterations: Int) throws -> (theta: [Double], ll: Double, information: Matrix, rows: [NBRow], iterations: Int) {
        var theta = start
        var d = try nbDerivatives(y: y, design: design, offset: offset, constant: constant, theta: theta)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            let chol = try Cholesky(d.information, tolerance: 1e-14)
            guard chol.rank == theta.count else { throw StatisticsError.notPositiveDefinite }
            let step = chol.solve(d.gradient)
            var scaled = 0.0
            for j in step.indices { scaled += step[j] * d.gradient[j] }
            iterations += 1
            var t = 1.0, cand = theta
            var next = d
            for _ in 0..<40 {
                for j in theta.indices { cand[j] = theta[j] + t * step[j] }
                next = try nbDerivatives(y: y, design: design, offset: offset, constant: constant, theta: cand)
                if next.ll.isFinite && next.ll >= d.ll - 1e-12 * abs(d.ll) { break }
                t /= 2
            }
            guard next.ll.isFinite else { throw StatisticsError.didNotConverge(iterations: iterations) }
            var change = 0.0
            for j in theta.indices { change = max(change, abs(cand[j] - theta[j]) / (abs(theta[j]) + 1)) }
            theta = cand
            d = next
            if scaled < 1e-12 || change < 1e-10 { converged = true; break }
        }
        guard converged else { throw StatisticsError.didNotConverge(iterations: iterations) }
        if theta.last! < -20 {
            throw StatisticsError.invalidArgument("α → 0: the data show no overdispersion; use poisson")
        }
        return (theta, d.ll, d.information, d.rows, iterations)
    }

    public static func negativeBinomial(y: [Double], design: DesignMatrix, options: Options = Options()) throws -> Result {
        let (reduced, kept, dropped, offset) = try prepare(y: y, design: design, options: options)
        let pois = try poisson(y: y, design: reduced, options: Options(constant: options.constant, exposure: options.exposure))
        // Moment start for α from the Poisson fit.
        let k0 = reduced.columns.count
        var eta = reduced.linearPredictor(Array(pois.table.estimates[0..<k0]), constant: options.constant ? pois.table.estimates[k0] : 0)
        if let offset { for i in eta.indices { eta[i] += offset[i] } }
        var num = 0.0, den = 0.0
        for i in eta.indices { let mu = _exp(eta[i]); num += (y[i] - mu) * (y[i] - mu) - mu; den += mu * mu }
        let alpha0 = max(num / den, 0.05)
        let fit = try nbFit(y: y, design: reduced, offset: offset, constant: options.constant,
                            start: pois.table.estimates + [_log(alpha0)], maxIterations: options.maxIterations)
        let kb = fit.theta.count - 1
        let inv = try Cholesky(fit.information, tolerance: 1e-14).inverse()
        var full = inv
        var groups: Int? = nil
        switch options.variance {
        case .classical: break
        case .robust, .cluster:
            var cols: [[Double]] = reduced.columns.map { c in zip(c, fit.rows).map { $0 * $1.sEta } }
            if options.constant { cols.append(fit.rows.map(\.sEta)) }
            cols.append(fit.rows.map(\.sA))
            var codes: [Int32]? = nil
            if case let .cluster(c) = options.variance { codes = c }
            let (meat, g) = try Sandwich.meat(scoreColumns: cols, clusters: codes)
            let n = Double(y.count)
            let factor: Double
            if let g { guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }; factor = Double(g) / Double(g - 1); groups = g }
            else { factor = n / (n - 1) }
            full = factor * Sandwich.sandwich(inv, meat)
        }
        var cov = Matrix(rows: kb, columns: kb)
        for i in 0..<kb { for j in 0..<kb { cov[i, j] = full[i, j] } }
        let lnAlpha = fit.theta[kb]
        let alpha = _exp(lnAlpha)
        // Constant-only NB2 for the LR test (with a constant; η = offset otherwise).
        var ll0: Double
        if options.constant {
            let empty = try DesignMatrix(columns: [], rows: y.count)
            let b0 = poissonConstant(y: y, offset: offset)
            ll0 = try nbFit(y: y, design: empty, offset: offset, constant: true, start: [b0, lnAlpha], maxIterations: options.maxIterations).ll
        } else {
            ll0 = fit.ll  // no nested constant-only model; χ² reported as 0
        }
        return try assemble(design: design, kept: kept, dropped: dropped, options: options, beta: Array(fit.theta[0..<kb]),
                            covReduced: cov, ll: fit.ll, ll0: ll0, alpha: (alpha, alpha * max(0, full[kb, kb]).squareRoot()),
                            iterations: fit.iterations, converged: true, groups: groups)
    }
}
