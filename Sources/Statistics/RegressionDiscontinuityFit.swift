/// Kernel-weighted polynomial fits on one side of the cutoff, the building block of both the
/// bandwidth selector and the estimate.
///
/// The regressors are powers of the distance d = x − c, so the weighted Gram matrix Σ w R Rᵀ is a
/// Hankel matrix of the moments Σ w dᵐ, m ≤ 2·order: one pass accumulates 2·order + 1 sums
/// instead of (order + 1)² products, with no per-row allocation. Fits whose window holds fewer
/// distinct values than coefficients are not identified and throw (rdrobust checks the same).
extension RegressionDiscontinuity {
    struct PolynomialFit {
        let order: Int
        /// (Σ w R Rᵀ)⁻¹.
        let inverse: Matrix
        let outcome: [Double]
        /// The treatment's coefficients (fuzzy); empty for a sharp design.
        let treatment: [Double]
    }

    /// The Hankel matrix [s_{j+k}] of order + 1 rows from moments s.
    static func hankel(_ s: [Double], order: Int) -> Matrix {
        var m = Matrix(rows: order + 1, columns: order + 1)
        for j in 0...order { for k in 0...order { m[j, k] = s[j + k] } }
        return m
    }

    /// The inverse of a positive definite Gram matrix; rank deficiency is the caller's message.
    static func invertGram(_ g: Matrix, _ failure: @autoclosure () -> String) throws -> Matrix {
        let chol = try Cholesky(g, tolerance: 1e-13)
        guard chol.dropped.isEmpty else { throw StatisticsError.invalidArgument(failure()) }
        return chol.inverse()
    }

    /// The weighted least-squares fit of the outcome (and treatment) on 1, d, …, d^order with the
    /// triangular weights of bandwidth h, on `rows`.
    static func polynomialFit(_ side: RegressionDiscontinuitySide, rows: Range<Int>, order: Int, h: Double) throws -> PolynomialFit {
        guard side.distinct(in: rows) >= order + 1 else {
            throw StatisticsError.invalidArgument(notEnoughValues(side, order: order))
        }
        let fuzzy = side.isFuzzy
        var moments = [Double](repeating: 0, count: 2 * order + 1)
        var ry = [Double](repeating: 0, count: order + 1)
        var rt = [Double](repeating: 0, count: fuzzy ? order + 1 : 0)
        moments.withUnsafeMutableBufferPointer { mo in
            ry.withUnsafeMutableBufferPointer { ryb in
                rt.withUnsafeMutableBufferPointer { rtb in
                    side.distance.withUnsafeBufferPointer { x in
                        side.outcome.withUnsafeBufferPointer { yb in
                            side.treatment.withUnsafeBufferPointer { tb in
                                for i in rows {
                                    let d = x[i], w = RegressionDiscontinuitySide.weight(d, h)
                                    let y = yb[i]
                                    var p = w
                                    if fuzzy {
                                        let t = tb[i]
                                        for m in 0...order { mo[m] += p; ryb[m] += p * y; rtb[m] += p * t; p *= d }
                                    } else {
                                        for m in 0...order { mo[m] += p; ryb[m] += p * y; p *= d }
                                    }
                                    var m = order + 1
                                    while m <= 2 * order { mo[m] += p; p *= d; m += 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
        let inverse = try invertGram(hankel(moments, order: order), notEnoughValues(side, order: order))
        return PolynomialFit(order: order, inverse: inverse, outcome: inverse * ry, treatment: fuzzy ? inverse * rt : [])
    }

    /// The sandwich G⁻¹ (Σ rᵢ² wᵢ² Rᵢ Rᵢᵀ) G⁻¹ of a fit, with rᵢ = s₀·(outcome residual) +
    /// s₁·(treatment residual): the fuzzy combination is the delta method's linearisation.
    static func sandwich(_ fit: PolynomialFit, _ side: RegressionDiscontinuitySide, rows: Range<Int>, h: Double,
                         residuals: NearestNeighbourResiduals, s: (Double, Double)) -> Matrix {
        let order = fit.order
        var moments = [Double](repeating: 0, count: 2 * order + 1)
        let fuzzy = side.isFuzzy
        for i in rows {
            let d = side.distance[i], w = RegressionDiscontinuitySide.weight(d, h)
            let k = i - rows.lowerBound
            let r = s.0 * residuals.outcome[k] + (fuzzy ? s.1 * residuals.treatment[k] : 0)
            var p = r * r * w * w
            for m in 0...(2 * order) { moments[m] += p; p *= d }
        }
        return fit.inverse * hankel(moments, order: order) * fit.inverse
    }

    static func notEnoughValues(_ side: RegressionDiscontinuitySide, order: Int) -> String {
        let where_ = side.count > 0 && side.distance[side.count - 1] < 0 ? "below" : "at or above"
        return "the running variable has too few distinct values \(where_) the cutoff within the bandwidth for a polynomial of order \(order)"
    }
}
