/// Per-observation log-likelihood pieces of a single-index model, as functions of the linear
/// predictor η. Generic (not existential) so that the row loop is specialised per model.
public protocol IndexLikelihood: Sendable {
    /// Log-likelihood contribution, score ∂ℓ/∂η and the negative second derivative −∂²ℓ/∂η²
    /// (observed information, what Stata's `ml` uses for the OIM covariance).
    func evaluate(eta: Double, y: Double) -> (logLikelihood: Double, score: Double, information: Double)
}

/// Newton–Raphson for single-index models with step-halving, the optimiser behind logit,
/// probit and Poisson.
///
/// Each iteration is one pass for η = Xβ and one `CrossProducts` pass for XᵀDX (D the
/// information weights), so it scales like OLS per iteration. A step that lowers the
/// log-likelihood is halved (up to 40 times), as Stata's `ml` does ("backed up").
/// Convergence: the scaled gradient gᵀH⁻¹g < 1e-12 or the largest relative coefficient change
/// below 1e-10 — tighter than Stata's defaults, because the quadratic convergence makes the
/// extra digits nearly free and the tests compare at 1e-6.
struct NewtonML<L: IndexLikelihood> {
    let model: L
    let design: DesignMatrix
    let y: [Double]
    let offset: [Double]?
    let constant: Bool
    var maxIterations = 100
    /// Whether `fit` computes the per-row scores at the optimum (an extra pass with one
    /// exponential per row), which only sandwich covariances need.
    var wantScores = true

    /// Rows of the warm-start subsample (see `warmStart`); designs with fewer than four times
    /// this many rows are fitted directly. (A property so that tests can use small data.)
    var warmRows = 1 << 17

    struct Fit {
        var beta: [Double]
        var logLikelihood: Double
        /// Observed information XᵀDX at the optimum (constant last).
        var information: Matrix
        var iterations: Int
        var converged: Bool
        /// Per-row scores ∂ℓᵢ/∂η at the optimum, for sandwich covariances (empty unless
        /// `wantScores`).
        var scores: [Double]
    }

    func linearPredictor(_ beta: [Double]) -> [Double] {
        let k0 = design.columns.count
        var eta = design.linearPredictor(Array(beta[0..<k0]), constant: constant ? beta[k0] : 0)
        if let offset { for i in eta.indices { eta[i] += offset[i] } }
        return eta
    }

    func logLikelihood(_ eta: [Double]) -> Double {
        var ll = 0.0
        eta.withUnsafeBufferPointer { e in
            y.withUnsafeBufferPointer { yb in
                for i in 0..<e.count { ll += model.evaluate(eta: e[i], y: yb[i]).logLikelihood }
            }
        }
        return ll
    }

    /// Gradient and information at β, in one fused pass: per chunk of rows, η = Xβ (+ offset),
    /// the likelihood pieces, and the weighted cross-products of [X, z] with information
    /// weights w and working residual z = s/w as the extra column, whose last column is then
    /// Σ w·x·z = Xᵀs, the gradient. Nothing of length n is allocated per iteration. The
    /// arithmetic (column order of η, chunking, block order of the sums) is that of computing η,
    /// the pieces and `CrossProducts.accumulate` separately, so the results are the same bits.
    func derivatives(_ beta: [Double]) throws -> (ll: Double, gradient: [Double], information: Matrix) {
        let n = y.count
        let k0 = design.columns.count
        let columns = design.columns, model = self.model, y = self.y, offset = self.offset
        let slopes = Array(beta[0..<k0]), intercept = constant ? beta[k0] : 0
        // Log-likelihood per block of rows, added in block order.
        var partial = [Double](repeating: 0, count: max(1, (n + CrossProducts.block - 1) / CrossProducts.block))
        let cp = partial.withUnsafeMutableBufferPointer { pb in
            let p = SharedBuffer(base: pb.baseAddress!)
            return CrossProducts.accumulate(columns, rows: n, extra: 1) { s, len, w, z in
                // η for the chunk, column by column as `DesignMatrix.linearPredictor` adds them.
                for i in 0..<len { z[i] = intercept }
                for j in 0..<k0 where slopes[j] != 0 {
                    let b = slopes[j]
                    columns[j].withUnsafeBufferPointer { x in GramKernel.addScaled(b, x.baseAddress! + s, z, len) }
                }
                if let offset { offset.withUnsafeBufferPointer { o in for i in 0..<len { z[i] += o[s + i] } } }
                // Row by row into the block's sum, in row order (as one pass over the block would).
                var ll = p.base[s / CrossProducts.block]
                y.withUnsafeBufferPointer { yb in
                    for i in 0..<len {
                        let r = model.evaluate(eta: z[i], y: yb[s + i])
                        ll += r.logLikelihood
                        w[i] = r.information
                        z[i] = r.information > 0 ? r.score / r.information : 0
                    }
                }
                p.base[s / CrossProducts.block] = ll
            }
        }
        let ll = partial.reduce(0, +)
        let all = constant ? cp.uncentredWithConstant : cp.uncentred
        // Reorder: drop z's row/column from the information, read the gradient from it.
        var idx = Array(0..<k0)
        if constant { idx.append(k0 + 1) }
        let h = all.submatrix(idx)
        let g = idx.map { all[$0, k0] }
        return (ll, g, h)
    }

    /// Per-row scores ∂ℓᵢ/∂η at β (for sandwich covariances), once, after the fit.
    func scores(_ beta: [Double]) -> [Double] {
        let eta = linearPredictor(beta)
        var out = [Double](repeating: 0, count: eta.count)
        eta.withUnsafeBufferPointer { e in
            y.withUnsafeBufferPointer { yb in
                for i in 0..<e.count { out[i] = model.evaluate(eta: e[i], y: yb[i]).score }
            }
        }
        return out
    }

    /// Starting values from the same model fitted on a systematic subsample (every s-th row,
    /// about `warmRows` rows), or nil when the data are small or that fit fails (a dummy that
    /// is constant in the subsample, say): then the caller's start is used.
    ///
    /// Why: on millions of rows most Newton iterations only walk towards the optimum, and each
    /// costs a pass over all rows. The subsample's optimum is within sampling error of the
    /// full one, so the full-data iterations that follow converge quadratically from there in
    /// two or three passes, to the same optimum under the same convergence rule.
    func warmStart(_ start: [Double]) -> [Double]? {
        let n = y.count
        guard n >= 4 * warmRows else { return nil }
        let stride = n / warmRows
        let m = (n + stride - 1) / stride
        func pick(_ a: [Double]) -> [Double] {
            a.withUnsafeBufferPointer { src in (0..<m).map { src[$0 * stride] } }
        }
        guard let sub = try? DesignMatrix(columns: design.columns.map(pick), names: design.names) else { return nil }
        var small = NewtonML(model: model, design: sub, y: pick(y), offset: offset.map(pick), constant: constant,
                             maxIterations: maxIterations)
        small.wantScores = false
        guard let f = try? small.fit(start: start), f.converged, f.beta.allSatisfy({ $0.isFinite }) else { return nil }
        return f.beta
    }

    /// Newton–Raphson from `start` (or from the warm start when the data are large). The
    /// reported iterations are those on the full data.
    func fit(start: [Double]) throws -> Fit {
        var beta = warmStart(start) ?? start
        var d = try derivatives(beta)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            let chol = try Cholesky(d.information, tolerance: 1e-14)
            guard chol.rank == beta.count else { throw StatisticsError.notPositiveDefinite }
            let step = chol.solve(d.gradient)
            var scaled = 0.0
            for j in step.indices { scaled += step[j] * d.gradient[j] }
            iterations += 1
            // Step-halving until the log-likelihood does not fall. The candidate's derivatives
            // come with its log-likelihood, so an accepted step costs one pass (a rejected one,
            // rare, costs the same and is thrown away).
            var t = 1.0
            var candidate = beta
            var next = d
            var accepted = false
            for _ in 0..<40 {
                for j in beta.indices { candidate[j] = beta[j] + t * step[j] }
                let trial = try derivatives(candidate)
                if trial.ll.isFinite && trial.ll >= d.ll - 1e-12 * abs(d.ll) {
                    next = trial
                    accepted = true
                    break
                }
                t /= 2
            }
            guard accepted else { throw StatisticsError.didNotConverge(iterations: iterations) }
            var change = 0.0
            for j in beta.indices { change = max(change, abs(candidate[j] - beta[j]) / (abs(beta[j]) + 1)) }
            beta = candidate
            d = next
            if scaled < 1e-12 || change < 1e-10 { converged = true; break }
        }
        return Fit(beta: beta, logLikelihood: d.ll, information: d.information, iterations: iterations,
                   converged: converged, scores: wantScores ? scores(beta) : [])
    }
}

/// Sandwich covariances for ML models with Stata's multipliers: robust N/(N−1), cluster
/// G/(G−1) (no (N−1)/(N−K) term, unlike `regress`).
enum MLVariance {
    static func covariance(_ kind: VarianceEstimator, bread: Matrix, design: DesignMatrix, scores: [Double],
                           constant: Bool) throws -> (Matrix, Int?) {
        switch kind {
        case .classical:
            return (bread, nil)
        case .robust:
            let meat = try Sandwich.heteroskedasticMeat(design, scores: scores, constant: constant)
            let n = Double(design.rows)
            return ((n / (n - 1)) * Sandwich.sandwich(bread, meat), nil)
        case let .cluster(codes):
            let (meat, g) = try Sandwich.clusterMeat(design, scores: scores, clusters: codes, constant: constant)
            guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }
            let gd = Double(g)
            return ((gd / (gd - 1)) * Sandwich.sandwich(bread, meat), g)
        }
    }
}
