/// Householder QR of a tall matrix with order-preserving column pivoting.
///
/// Columns are processed in their given order; a column whose norm, after removing its
/// projection on the columns already accepted, falls below `tolerance` times its original norm
/// is moved to the end and reported as dropped. This is rank-revealing for collinear designs and
/// omits the same regressor Stata does (the later one), which the more common max-norm pivoting
/// would not. Working on the data rather than on XᵀX squares nothing, so it is the method of
/// choice for ill-conditioned designs (NIST Longley) at small N.
public struct PivotedQR: Sendable {
    /// Rows.
    public let m: Int
    /// Columns of the input.
    public let n: Int
    /// Column-major storage: R above the diagonal, Householder vectors below it.
    private var qr: [Double]
    private var tau: [Double]
    /// `permutation[k]` is the input column in position k; the first `rank` are accepted.
    public let permutation: [Int]
    public let rank: Int
    /// Input columns dropped as (numerically) collinear with earlier ones, ascending.
    public var dropped: [Int] { permutation[rank...].sorted() }

    /// - Parameter columns: the matrix as contiguous columns, each of length m.
    public init(columns: [[Double]], tolerance: Double = 1e-9) throws {
        let n = columns.count
        let m = columns.first?.count ?? 0
        self.n = n
        self.m = m
        guard columns.allSatisfy({ $0.count == m }) else { throw StatisticsError.dimensionMismatch("QR columns differ in length") }
        guard m >= n else { throw StatisticsError.tooFewObservations(needed: n, had: m) }
        var a = [Double](); a.reserveCapacity(m * n)
        for c in columns { a.append(contentsOf: c) }
        var perm = Array(0..<n)
        var tau = [Double](repeating: 0, count: n)
        let original = columns.map { c in c.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        var k = 0           // next position to fill
        var end = n         // positions ≥ end hold dropped columns
        a.withUnsafeMutableBufferPointer { a in
            while k < end {
                // Remaining norm of the candidate column below row k.
                let c = k * m
                var s = 0.0
                for i in k..<m { s += a[c + i] * a[c + i] }
                let norm = s.squareRoot()
                if !(norm > tolerance * original[perm[k]]) {
                    // Defer: rotate it to the end so the undecided columns keep their order.
                    end -= 1
                    if k != end {
                        let saved = Array(a[c..<(c + m)])
                        for j in k..<(n - 1) {
                            for i in 0..<m { a[j * m + i] = a[(j + 1) * m + i] }
                        }
                        for i in 0..<m { a[(n - 1) * m + i] = saved[i] }
                        let p = perm.remove(at: k)
                        perm.append(p)
                    }
                    continue
                }
                // Householder vector v with v[k] = 1 stored implicitly, H = I − τ v vᵀ.
                let alpha = a[c + k]
                let beta = alpha >= 0 ? -norm : norm
                let scale = 1 / (alpha - beta)
                for i in (k + 1)..<m { a[c + i] *= scale }
                tau[k] = (beta - alpha) / beta
                a[c + k] = beta
                // Apply H to the later columns (including deferred ones: they stay consistent).
                for j in (k + 1)..<n {
                    let cj = j * m
                    var d = a[cj + k]
                    for i in (k + 1)..<m { d += a[c + i] * a[cj + i] }
                    d *= tau[k]
                    a[cj + k] -= d
                    for i in (k + 1)..<m { a[cj + i] -= d * a[c + i] }
                }
                k += 1
            }
        }
        self.qr = a
        self.tau = tau
        self.permutation = perm
        self.rank = k
    }

    /// R[i, j] in pivoted positions (i ≤ j < n).
    public func r(_ i: Int, _ j: Int) -> Double { i <= j ? qr[j * m + i] : 0 }

    /// Applies Qᵀ to a vector of length m.
    public func applyQTranspose(_ y: [Double]) -> [Double] {
        precondition(y.count == m)
        var b = y
        for k in 0..<rank {
            let c = k * m
            var d = b[k]
            for i in (k + 1)..<m { d += qr[c + i] * b[i] }
            d *= tau[k]
            b[k] -= d
            for i in (k + 1)..<m { b[i] -= d * qr[c + i] }
        }
        return b
    }

    /// Least-squares coefficients in input order; dropped columns get 0.
    public func solve(_ y: [Double]) -> [Double] {
        let qty = applyQTranspose(y)
        var x = [Double](repeating: 0, count: rank)
        for i in stride(from: rank - 1, through: 0, by: -1) {
            var s = qty[i]
            for j in (i + 1)..<rank { s -= r(i, j) * x[j] }
            x[i] = s / r(i, i)
        }
        var out = [Double](repeating: 0, count: n)
        for k in 0..<rank { out[permutation[k]] = x[k] }
        return out
    }

    /// (XᵀX)⁻¹ = R⁻¹R⁻ᵀ in input order, zero rows/columns for dropped columns.
    public func inverseCrossProduct() -> Matrix {
        var rr = Matrix(rows: rank, columns: rank)
        for i in 0..<rank { for j in i..<rank { rr[i, j] = r(i, j) } }
        let all = Array(0..<rank)
        let rinv = Triangular.invertUpper(rr, kept: all)
        var out = Matrix(rows: n, columns: n)
        for i in 0..<rank {
            for j in i..<rank {
                var s = 0.0
                for k in j..<rank { s += rinv[i, k] * rinv[j, k] }
                out[permutation[i], permutation[j]] = s
                out[permutation[j], permutation[i]] = s
            }
        }
        return out
    }
}
