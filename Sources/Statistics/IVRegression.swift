/// Two-stage least squares, as Stata's `ivregress 2sls y exog (endog = instruments)`.
///
/// Everything comes from one cross-product pass over [exogenous, endogenous, instruments, y]
/// plus one residual pass: with Z = [exog, instruments, 1] and X = [endog, exog, 1],
/// b = (XᵀP_Z X)⁻¹ XᵀP_Z y, P_Z never formed (Π = (ZᵀZ)⁻¹ZᵀX is L×K).
/// Small-sample conventions follow Stata: by default σ² = RSS/N, z statistics, robust = HC0,
/// cluster factor G/(G−1); with `small`, σ² = RSS/(N−K), t on N−K df, HC1's N/(N−K) and
/// cluster (G/(G−1))·((N−1)/(N−K)) on G−1 df.
public enum IVRegression {
    public struct Options: Sendable {
        public var variance: VarianceEstimator
        public var level: Double
        public var small: Bool
        public init(variance: VarianceEstimator = .classical, level: Double = 0.95, small: Bool = false) {
            self.variance = variance
            self.level = level
            self.small = small
        }
    }

    public struct Result: Sendable {
        /// Terms in Stata's order: endogenous, exogenous, `_cons`.
        public let table: CoefficientTable
        public let covariance: Matrix
        public let observations: Int
        public let rSquared: Double
        public let rootMSE: Double
        /// Wald χ² of all slopes (or F = χ²/q with `small`).
        public let modelTest: Double
        public let modelTestPValue: Double
        public let clusters: Int?
    }

    public static func fit(y: [Double], endogenous: DesignMatrix, exogenous: DesignMatrix, instruments: DesignMatrix,
                           options: Options = Options()) throws -> Result {
        let n = y.count
        guard endogenous.rows == n || endogenous.columns.isEmpty, exogenous.rows == n || exogenous.columns.isEmpty,
              instruments.rows == n else { throw StatisticsError.dimensionMismatch("outcome, regressors and instruments differ in length") }
        let ke = endogenous.columns.count, kx = exogenous.columns.count, kz = instruments.columns.count
        guard ke > 0 else { throw StatisticsError.invalidArgument("no endogenous regressor: use regress") }
        guard kz >= ke else { throw StatisticsError.invalidArgument("equation not identified: \(kz) excluded instrument(s) for \(ke) endogenous regressor(s)") }
        // Columns: exog (0..<kx), endog, instruments, y; constant appended last by the accumulator.
        let all = exogenous.columns + endogenous.columns + instruments.columns + [y]
        let cp = try CrossProducts.accumulate(all)
        guard cp.centred[all.count - 1, all.count - 1] > 0 else { throw StatisticsError.constantOutcome }
        let a = cp.uncentredWithConstant
        let p = all.count          // index of the constant in `a`
        let iy = p - 1
        let xIdx = Array(kx..<(kx + ke)) + Array(0..<kx) + [p]
        let zIdx = Array(0..<kx) + Array((kx + ke)..<(kx + ke + kz)) + [p]
        let k = xIdx.count, l = zIdx.count
        guard n > k else { throw StatisticsError.tooFewObservations(needed: k + 1, had: n) }
        let zz = a.submatrix(zIdx)
        let zchol = try Cholesky(zz)
        guard zchol.dropped.isEmpty else { throw StatisticsError.invalidArgument("the instruments are collinear") }
        // Π = (ZᵀZ)⁻¹ ZᵀX, column by column.
        var pi = Matrix(rows: l, columns: k)
        for (c, xi) in xIdx.enumerated() {
            let col = zchol.solve(zIdx.map { a[$0, xi] })
            for r in 0..<l { pi[r, c] = col[r] }
        }
        // XᵀP_Z X = Πᵀ ZᵀX, XᵀP_Z y = Πᵀ Zᵀy.
        var xpx = Matrix(rows: k, columns: k)
        var xpy = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k { var s = 0.0; for r in 0..<l { s += pi[r, i] * a[zIdx[r], xIdx[j]] }; xpx[i, j] = s }
            var s = 0.0; for r in 0..<l { s += pi[r, i] * a[zIdx[r], iy] }; xpy[i] = s
        }
        let xchol = try Cholesky(xpx)
        guard xchol.dropped.isEmpty else { throw StatisticsError.invalidArgument("regressors are collinear given the instruments") }
        let b = xchol.solve(xpy)
        let bread = xchol.inverse()
        // Residuals with the original X.
        let endogB = Array(b[0..<ke]), exogB = Array(b[ke..<(ke + kx)])
        var e = y
        let fe = endogenous.linearPredictor(endogB), fx = kx > 0 ? exogenous.linearPredictor(exogB) : [Double](repeating: 0, count: n)
        for i in 0..<n { e[i] -= fe[i] + fx[i] + b[k - 1] }
        let rss = e.reduce(0) { $0 + $1 * $1 }
        let nd = Double(n), kd = Double(k)
        var cov: Matrix
        var dist = ReferenceDistribution.normal
        if options.small { dist = .t(degreesOfFreedom: nd - kd) }
        var groups: Int? = nil
        let zDesign = try DesignMatrix(columns: zIdx.dropLast().map { all[$0] }, rows: n)
        switch options.variance {
        case .classical:
            cov = (rss / (options.small ? nd - kd : nd)) * bread
        case .robust:
            let mz = try Sandwich.heteroskedasticMeat(zDesign, scores: e, constant: true)
            let meat = pi.transposed * mz * pi
            cov = (options.small ? nd / (nd - kd) : 1) * Sandwich.sandwich(bread, meat)
        case let .cluster(codes):
            let (mz, g) = try Sandwich.clusterMeat(zDesign, scores: e, clusters: codes, constant: true)
            guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }
            let gd = Double(g)
            let meat = pi.transposed * mz * pi
            let factor = options.small ? (gd / (gd - 1)) * ((nd - 1) / (nd - kd)) : gd / (gd - 1)
            cov = factor * Sandwich.sandwich(bread, meat)
            if options.small { dist = .t(degreesOfFreedom: gd - 1) }
            groups = g
        }
        let names = endogenous.names + exogenous.names + ["_cons"]
        let table = CoefficientTable(names: names, estimates: b, covariance: cov, omitted: [Bool](repeating: false, count: k),
                                     distribution: dist, level: options.level)
        let tss = cp.centred[iy, iy]
        let slopes = Array(0..<(k - 1))
        let w = try OLS.waldF(b: b, cov: cov, terms: slopes)
        let q = Double(slopes.count)
        let test: Double, pv: Double
        if options.small {
            let den: Double
            if case .t(let df) = dist { den = df } else { den = nd - kd }
            test = w; pv = FDistribution.survival(w, q, den)
        } else {
            test = w * q; pv = ChiSquared.survival(w * q, degreesOfFreedom: q)
        }
        return Result(table: table, covariance: cov, observations: n, rSquared: 1 - rss / tss,
                      rootMSE: (rss / (options.small ? nd - kd : nd)).squareRoot(), modelTest: test,
                      modelTestPValue: pv, clusters: groups)
    }
}
