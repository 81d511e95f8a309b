/// Ordinary least squares, as Stata's `regress`.
///
/// Coefficients come from the centred cross-products (one pass over the data, see
/// `CrossProducts`) and an in-order rank-detecting Cholesky, so collinear regressors are
/// dropped exactly as Stata drops them (the later one) and reported in `omitted`.
/// Small-sample corrections follow Stata: classical s² = RSS/(N−K); robust = HC1, factor
/// N/(N−K); cluster factor (G/(G−1))·((N−1)/(N−K)) with t and F on G−1 residual df.
public enum OLS {
    public struct Options: Sendable {
        public var constant: Bool
        public var variance: VarianceEstimator
        public var level: Double
        /// Analytic weights (Stata's `[aweight=w]`): rescaled to sum to N as Stata does, then
        /// WLS with s² = Σwe²/(N − K) (so root MSE is Stata's; coefficients and SEs equal R's
        /// `lm(weights =)` whatever the scale). Zero-weight rows are left out of N.
        /// Local-linear RDD fits are this with triangular-kernel weights.
        public var weights: [Double]?
        /// Rows to use, when y and the design are full columns whose other rows may hold
        /// anything (NaN included): the fit then reads the caller's columns instead of copies
        /// of the complete cases. Only for classical variance without weights, which need
        /// nothing but the cross-products.
        public var rowMask: [Bool]?
        /// The cross-products of design columns + [y] over `rowMask`, when the caller already
        /// has them (`CrossProducts.accumulate(_:completeWithin:)` finds the mask and them in
        /// one pass); the fit then does not read the data at all. Needs `rowMask` as well.
        public var crossProducts: CrossProducts?
        public init(constant: Bool = true, variance: VarianceEstimator = .classical, level: Double = 0.95,
                    weights: [Double]? = nil, rowMask: [Bool]? = nil, crossProducts: CrossProducts? = nil) {
            self.constant = constant
            self.variance = variance
            self.level = level
            self.weights = weights
            self.rowMask = rowMask
            self.crossProducts = crossProducts
        }
    }

    public struct Result: Sendable {
        /// Terms in Stata's order: regressors, then `_cons` when the model has a constant.
        public let table: CoefficientTable
        public let covariance: Matrix
        public let observations: Int
        /// Number of estimated (non-omitted) parameters, the constant included.
        public let parameters: Int
        public let dfModel: Int
        public let dfResidual: Int
        public let residualSumOfSquares: Double
        public let modelSumOfSquares: Double
        public let rSquared: Double
        public let adjustedRSquared: Double
        /// Root MSE: √(RSS/(N−K)).
        public let rootMSE: Double
        /// Overall F (Wald F for robust/cluster, as Stata), nil when the model has no slopes.
        public let fStatistic: Double?
        public let fDegreesOfFreedom: (Double, Double)
        public let fPValue: Double?
        /// Regressor names dropped for collinearity.
        public let omittedNames: [String]
        /// Number of clusters for cluster-robust fits.
        public let clusters: Int?
    }

    public static func fit(y: [Double], design: DesignMatrix, options: Options = Options()) throws -> Result {
        guard y.count == design.rows else { throw StatisticsError.dimensionMismatch("outcome has \(y.count) rows, design \(design.rows)") }
        let k0 = design.columns.count
        guard k0 > 0 || options.constant else { throw StatisticsError.noRegressors }
        var options = options
        if let w = options.weights {
            guard w.count == y.count else { throw StatisticsError.dimensionMismatch("weights have \(w.count) rows, data \(y.count)") }
            guard w.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw StatisticsError.invalidArgument("weights must be finite and non-negative") }
            let used = w.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }, total = w.reduce(0, +)
            guard total > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
            let scale = Double(used) / total
            options.weights = w.map { $0 * scale }
        }
        let cp: CrossProducts
        if let mask = options.rowMask {
            guard case .classical = options.variance, options.weights == nil, mask.count == y.count else {
                throw StatisticsError.invalidArgument("a row mask needs classical variance, no weights and a mask as long as the data")
            }
            if let pre = options.crossProducts {
                guard pre.means.count == k0 + 1 else { throw StatisticsError.dimensionMismatch("cross-products of \(pre.means.count) columns, design + outcome \(k0 + 1)") }
                cp = pre
            } else {
                cp = try CrossProducts.accumulate(design.columns + [y], mask: mask)
            }
        } else {
            guard options.crossProducts == nil else { throw StatisticsError.invalidArgument("precomputed cross-products need a row mask") }
            cp = try CrossProducts.accumulate(design.columns + [y], weights: options.weights)
        }
        let n = cp.count
        let p = k0 // index of y in cp
        guard cp.centred[p, p] > 0 else { throw StatisticsError.constantOutcome }

        // Normal equations on the centred (constant) or raw (noconstant) cross-products.
        let full = options.constant ? cp.centred : cp.uncentred
        var xx = Matrix(rows: k0, columns: k0)
        var xy = [Double](repeating: 0, count: k0)
        for j in 0..<k0 {
            for k in 0..<k0 { xx[j, k] = full[j, k] }
            xy[j] = full[j, p]
        }
        let chol = try Cholesky(xx)
        let slopes = chol.solve(xy)
        let sinv = chol.inverse()
        let kParams = chol.rank + (options.constant ? 1 : 0)
        guard kParams > 0 else { throw StatisticsError.noRegressors }
        guard n > kParams else { throw StatisticsError.tooFewObservations(needed: kParams + 1, had: n) }

        // Assemble b and (XᵀX)⁻¹ with the constant last.
        let kk = k0 + (options.constant ? 1 : 0)
        var b = slopes
        var bread = Matrix(rows: kk, columns: kk)
        for i in 0..<k0 { for j in 0..<k0 { bread[i, j] = sinv[i, j] } }
        if options.constant {
            var cons = cp.means[p]
            for j in 0..<k0 { cons -= slopes[j] * cp.means[j] }
            b.append(cons)
            let sm = sinv * Array(cp.means[0..<k0])
            var q = 1 / cp.sumOfWeights
            for j in 0..<k0 { q += cp.means[j] * sm[j]; bread[j, k0] = -sm[j]; bread[k0, j] = -sm[j] }
            bread[k0, k0] = q
        }
        let yy = full[p, p]
        var explained = 0.0
        for j in 0..<k0 { explained += slopes[j] * xy[j] }
        let rss = max(0, yy - explained)
        let tss = cp.centred[p, p]
        // Stata would print zero SEs and missing t; we refuse rather than hand on ±∞/NaN.
        guard rss > 1e-13 * yy else { throw StatisticsError.perfectFit }
        let dfr = n - kParams
        let dfm = kParams - (options.constant ? 1 : 0)
        let s2 = rss / Double(dfr)
        let r2 = options.constant ? 1 - rss / tss : 1 - rss / full[p, p]
        let mss = options.constant ? tss - rss : full[p, p] - rss
        let adj = 1 - (1 - r2) * Double(n - (options.constant ? 1 : 0)) / Double(dfr)

        var omitted = [Bool](repeating: false, count: kk)
        for d in chol.dropped { omitted[d] = true }
        var cov: Matrix
        var dist = ReferenceDistribution.t(degreesOfFreedom: Double(dfr))
        var clusters: Int? = nil
        var fDen = Double(dfr)
        switch options.variance {
        case .classical:
            cov = s2 * bread
        case .robust:
            let e = weightedResiduals(y: y, design: design, beta: b, constant: options.constant, weights: options.weights)
            let meat = try Sandwich.heteroskedasticMeat(design, scores: e, constant: options.constant)
            cov = (Double(n) / Double(dfr)) * Sandwich.sandwich(bread, meat)
        case let .cluster(codes):
            let e = weightedResiduals(y: y, design: design, beta: b, constant: options.constant, weights: options.weights)
            let (meat, g) = try Sandwich.clusterMeat(design, scores: e, clusters: codes, constant: options.constant)
            guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }
            let gd = Double(g)
            let factor = (gd / (gd - 1)) * (Double(n - 1) / Double(dfr))
            cov = factor * Sandwich.sandwich(bread, meat)
            dist = .t(degreesOfFreedom: gd - 1)
            clusters = g
            fDen = gd - 1
        }
        var names = design.names
        if options.constant { names.append("_cons") }
        let table = CoefficientTable(names: names, estimates: b, covariance: cov, omitted: omitted,
                                     distribution: dist, level: options.level)

        // Overall F: classical uses the ANOVA form; robust/cluster the Wald form over the slopes.
        var f: Double? = nil, fp: Double? = nil
        if dfm > 0 {
            let slopesIdx = (0..<k0).filter { !omitted[$0] }
            let value: Double
            if case .classical = options.variance {
                value = (mss / Double(dfm)) / s2
            } else {
                value = try waldF(b: b, cov: cov, terms: slopesIdx)
            }
            f = value
            fp = FDistribution.survival(value, Double(dfm), fDen)
        }
        return Result(table: table, covariance: cov, observations: n, parameters: kParams, dfModel: dfm,
                      dfResidual: dfr, residualSumOfSquares: rss, modelSumOfSquares: mss, rSquared: r2,
                      adjustedRSquared: adj, rootMSE: s2.squareRoot(), fStatistic: f,
                      fDegreesOfFreedom: (Double(dfm), fDen), fPValue: fp,
                      omittedNames: chol.dropped.map { design.names[$0] }, clusters: clusters)
    }

    /// y − Xb, one streaming pass per column.
    static func residuals(y: [Double], design: DesignMatrix, beta: [Double], constant: Bool) -> [Double] {
        let k0 = design.columns.count
        let fitted = design.linearPredictor(Array(beta[0..<k0]), constant: constant ? beta[k0] : 0)
        var e = y
        for i in e.indices { e[i] -= fitted[i] }
        return e
    }

    /// Sandwich scores wᵢeᵢ (plain residuals when unweighted).
    static func weightedResiduals(y: [Double], design: DesignMatrix, beta: [Double], constant: Bool, weights: [Double]?) -> [Double] {
        var e = residuals(y: y, design: design, beta: beta, constant: constant)
        if let weights { for i in e.indices { e[i] *= weights[i] } }
        return e
    }

    /// Wald F = bᵀV⁻¹b / q over the given terms (Stata's `test` of all slopes).
    static func waldF(b: [Double], cov: Matrix, terms: [Int]) throws -> Double {
        let v = cov.submatrix(terms)
        let chol = try Cholesky(v, tolerance: 1e-13)
        let bb = terms.map { b[$0] }
        let x = chol.solve(bb)
        var s = 0.0
        for i in bb.indices { s += bb[i] * x[i] }
        return s / Double(chol.rank)
    }

    /// Variance inflation factors 1/(1 − R²_j) of each non-omitted regressor on the others,
    /// read off the diagonal of the inverse correlation matrix (Stata's `estat vif`); nil for
    /// omitted (collinear) regressors.
    public static func varianceInflationFactors(design: DesignMatrix) throws -> [Double?] {
        let cp = try CrossProducts.accumulate(design.columns)
        let k = design.columns.count
        let chol = try Cholesky(cp.centred)
        let inv = chol.inverse()
        return (0..<k).map { j in chol.dropped.contains(j) ? nil : inv[j, j] * cp.centred[j, j] }
    }
}
