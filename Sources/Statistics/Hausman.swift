/// Hausman's specification test (Stata's `hausman consistent efficient`):
/// χ² = (b_c − b_e)ᵀ(V_c − V_e)⁻(b_c − b_e) over the common terms, df = rank of V_c − V_e.
///
/// In finite samples V_c − V_e need not be positive semi-definite. Stata does not refuse then:
/// it inverts the difference with `invsym`, a generalized inverse by the sweep operator that
/// drops only (near-)zero pivots and sweeps negative ones like any other, reports the statistic
/// with the note "(V_b−V_B is not positive definite)", and prints no p-value when the statistic
/// comes out negative ("chi2<0 ==> model fitted on these data fails to meet the asymptotic
/// assumptions of the Hausman test"). This does the same, so the numbers match Stata's; the
/// caller shows the notes.
public enum Hausman {
    public struct Result: Sendable, Equatable {
        public let chiSquared: Double
        /// The rank of V_c − V_e (the pivots the sweep kept).
        public let degreesOfFreedom: Int
        /// P(χ²(df) > statistic); nil when the statistic is negative.
        public let pValue: Double?
        /// False when a kept pivot was negative: V_c − V_e is not positive (semi-)definite.
        public let positiveDefinite: Bool
        /// Coefficients compared (df < compared when the difference is rank deficient).
        public let compared: Int
    }

    public static func test(consistent b: [Double], _ vc: Matrix, efficient e: [Double], _ ve: Matrix) throws -> Result {
        guard b.count == e.count, vc.rows == b.count, ve.rows == b.count else { throw StatisticsError.dimensionMismatch("Hausman: coefficient vectors differ") }
        var d = vc
        for i in d.storage.indices { d.storage[i] -= ve.storage[i] }
        let diff = zip(b, e).map { $0 - $1 }
        let g = sweepInverse(d)
        guard g.rank > 0 else { throw StatisticsError.invalidArgument("the two estimators have identical variances") }
        var chi2 = 0.0
        for i in diff.indices { for j in diff.indices { chi2 += diff[i] * g.inverse[i, j] * diff[j] } }
        return Result(chiSquared: chi2, degreesOfFreedom: g.rank,
                      pValue: chi2 >= 0 ? ChiSquared.survival(chi2, degreesOfFreedom: Double(g.rank)) : nil,
                      positiveDefinite: !g.negativePivot, compared: b.count)
    }

    /// The generalized inverse of a symmetric matrix by sweeping its pivots in order, as Stata's
    /// `invsym`: a pivot whose current value is within 1e-13 of zero relative to its original
    /// diagonal element (or whose diagonal is zero) is dropped — its row and column of the
    /// result are zero — and every other pivot, negative too, is swept. After sweeping the kept
    /// set S the S×S block holds −(A_SS)⁻¹, so for a nonsingular matrix (definite or not) this is
    /// the inverse itself.
    static func sweepInverse(_ a: Matrix) -> (inverse: Matrix, rank: Int, negativePivot: Bool) {
        let n = a.rows
        var m = a
        var rank = 0, negative = false
        for k in 0..<n {
            let pivot = m[k, k], original = a[k, k]
            if original == 0 || abs(pivot) <= 1e-13 * abs(original) {
                for i in 0..<n { m[i, k] = 0; m[k, i] = 0 }
                continue
            }
            rank += 1
            if pivot < 0 { negative = true }
            for i in 0..<n where i != k {
                let f = m[i, k] / pivot
                guard f != 0 else { continue }
                for j in 0..<n where j != k { m[i, j] -= f * m[k, j] }
            }
            for i in 0..<n where i != k { m[i, k] /= pivot; m[k, i] /= pivot }
            m[k, k] = -1 / pivot
        }
        for i in m.storage.indices { m.storage[i] = -m.storage[i] }
        return (m, rank, negative)
    }
}
