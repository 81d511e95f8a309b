/// Cholesky factorisation A = RᵀR of a symmetric positive semi-definite matrix, with rank
/// detection in column order.
///
/// Columns are taken in the order given; a column whose remaining pivot is negligible relative
/// to its own diagonal (i.e. 1 − R² of that column on the earlier ones is below `tolerance`)
/// is dropped and its row of R left zero. That is how Stata's `regress` chooses which of a set
/// of collinear regressors to omit: the later one. The relative test makes the decision
/// independent of the columns' units.
public struct Cholesky: Sendable {
    /// Upper-triangular factor; rows and columns of dropped indices are zero.
    public let factor: Matrix
    /// Indices (into the input's columns) found to be linear combinations of earlier ones.
    public let dropped: [Int]
    /// Indices kept, ascending.
    public let kept: [Int]

    public var rank: Int { kept.count }

    public init(_ a: Matrix, tolerance: Double = 1e-10) throws {
        guard a.rows == a.columns else { throw StatisticsError.dimensionMismatch("Cholesky needs a square matrix") }
        let n = a.rows
        var r = Matrix(rows: n, columns: n)
        var dropped: [Int] = []
        var kept: [Int] = []
        for j in 0..<n {
            let ajj = a[j, j]
            var s = ajj
            for k in kept { s -= r[k, j] * r[k, j] }
            if !(ajj > 0) || !(s > tolerance * ajj) {
                if ajj < 0 || s < -1e-6 * abs(ajj) { throw StatisticsError.notPositiveDefinite }
                dropped.append(j)
                continue
            }
            let d = s.squareRoot()
            r[j, j] = d
            for i in (j + 1)..<max(n, j + 1) {
                var t = a[j, i]
                for k in kept { t -= r[k, j] * r[k, i] }
                r[j, i] = t / d
            }
            kept.append(j)
        }
        self.factor = r
        self.dropped = dropped
        self.kept = kept
    }

    /// Solves A x = b on the kept columns; dropped coordinates are zero (Stata's "omitted").
    public func solve(_ b: [Double]) -> [Double] {
        let z = Triangular.solveUpperTransposed(factor, b, kept: kept)
        return Triangular.solveUpper(factor, z, kept: kept)
    }

    /// The generalised inverse with zero rows/columns for dropped indices, as Stata's `invsym`.
    public func inverse() -> Matrix {
        let n = factor.rows
        let rinv = Triangular.invertUpper(factor, kept: kept)
        var out = Matrix(rows: n, columns: n)
        // (RᵀR)⁻¹ = R⁻¹ R⁻ᵀ
        for i in kept {
            for j in kept where j >= i {
                var s = 0.0
                for k in kept where k >= j { s += rinv[i, k] * rinv[j, k] }
                out[i, j] = s
                out[j, i] = s
            }
        }
        return out
    }

    /// log |A| over the kept block: the Gaussian log-likelihood and frailty models need it.
    public var logDeterminant: Double {
        var s = 0.0
        for k in kept { s += 2 * _log(factor[k, k]) }
        return s
    }
}

/// Triangular solves restricted to an index set, so that dropped (collinear) columns are
/// simply skipped rather than copied out into a smaller matrix.
public enum Triangular {
    /// Solves R x = b for upper-triangular R (rows/cols outside `kept` give x = 0).
    public static func solveUpper(_ r: Matrix, _ b: [Double], kept: [Int]) -> [Double] {
        var x = [Double](repeating: 0, count: b.count)
        for i in kept.reversed() {
            var s = b[i]
            for k in kept where k > i { s -= r[i, k] * x[k] }
            x[i] = s / r[i, i]
        }
        return x
    }

    /// Solves Rᵀ x = b for upper-triangular R.
    public static func solveUpperTransposed(_ r: Matrix, _ b: [Double], kept: [Int]) -> [Double] {
        var x = [Double](repeating: 0, count: b.count)
        for i in kept {
            var s = b[i]
            for k in kept where k < i { s -= r[k, i] * x[k] }
            x[i] = s / r[i, i]
        }
        return x
    }

    /// Solves R x = b using every index (full-rank convenience).
    public static func solveUpper(_ r: Matrix, _ b: [Double]) -> [Double] {
        solveUpper(r, b, kept: Array(0..<r.rows))
    }

    /// Solves Rᵀ x = b using every index.
    public static func solveUpperTransposed(_ r: Matrix, _ b: [Double]) -> [Double] {
        solveUpperTransposed(r, b, kept: Array(0..<r.rows))
    }

    /// Inverse of an upper-triangular matrix on the kept block (zeros elsewhere).
    public static func invertUpper(_ r: Matrix, kept: [Int]) -> Matrix {
        let n = r.rows
        var inv = Matrix(rows: n, columns: n)
        for j in kept {
            inv[j, j] = 1 / r[j, j]
            for i in kept.reversed() where i < j {
                var s = 0.0
                for k in kept where k > i && k <= j { s += r[i, k] * inv[k, j] }
                inv[i, j] = -s / r[i, i]
            }
        }
        return inv
    }
}
