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

    struct Fit {
        var beta: [Double]
        var logLikelihood: Double
        /// Observed information XᵀDX at the optimum (constant last).
        var information: Matrix
        var iterations: Int
        var converged: Bool
        /// Per-row scores ∂ℓᵢ/∂η at the optimum, for sandwich covariances.
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

    /// Gradient and information at β.
    func derivatives(_ eta: [Double]) throws -> (ll: Double, gradient: [Double], information: Matrix, scores: [Double]) {
        let n = eta.count
        var scores = [Double](repeating: 0, count: n)
        var info = [Double](repeating: 0, count: n)
        // Rows in parallel blocks; the log-likelihood's partial sums are added in block order.
        var partial = [Double](repeating: 0, count: Parallel.blockCount(n))
        let model = self.model, y = self.y
        scores.withUnsafeMutableBufferPointer { sb in
            info.withUnsafeMutableBufferPointer { ib in
                partial.withUnsafeMutableBufferPointer { pb in
                    let s = SharedBuffer(base: sb.baseAddress!), w = SharedBuffer(base: ib.baseAddress!)
                    let p = SharedBuffer(base: pb.baseAddress!)
                    Parallel.forEachBlock(n) { block, start, end in
                        var ll = 0.0
                        eta.withUnsafeBufferPointer { e in
                            y.withUnsafeBufferPointer { yb in
                                for i in start..<end {
                                    let r = model.evaluate(eta: e[i], y: yb[i])
                                    ll += r.logLikelihood; s.base[i] = r.score; w.base[i] = r.information
                                }
                            }
                        }
                        p.base[block] = ll
                    }
                }
            }
        }
        let ll = partial.reduce(0, +)
        // X'WX and the gradient X's in the same pass: with the working residual z = s/w as an
        // extra column, the weighted cross-products' last column is Σ w·x·z = X's.
        let k0 = design.columns.count
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n where info[i] > 0 { z[i] = scores[i] / info[i] }
        let cp = try CrossProducts.accumulate(design.columns + [z], weights: info)
        let all = constant ? cp.uncentredWithConstant : cp.uncentred
        // Reorder: drop z's row/column from the information, read the gradient from it.
        var idx = Array(0..<k0)
        if constant { idx.append(k0 + 1) }
        let h = all.submatrix(idx)
        let g = idx.map { all[$0, k0] }
        return (ll, g, h, scores)
    }

    func fit(start: [Double]) throws -> Fit {
        var beta = start
        var d = try derivatives(linearPredictor(beta))
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
                let trial = try derivatives(linearPredictor(candidate))
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
                   converged: converged, scores: d.scores)
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
