/// Linear panel models, as Stata's `xtreg` (fe, be, re) and pooled OLS.
///
/// - **fe** (within): OLS of y − ȳᵢ + ȳ on x − x̄ᵢ + x̄ with a constant (Stata's device that
///   also yields `_cons`), covariance rescaled to the within residual df N − n − K
///   (K slopes). Robust is cluster-on-panel, as `xtreg, fe vce(robust)`, with factor
///   (G/(G−1))·((N−1)/(N−K−1)) and t on G − 1 df. R² within from the transformed regression;
///   between and overall are squared correlations of the fitted index with ȳᵢ and y, as Stata.
/// - **be**: OLS on the panel means (one row per panel, unweighted).
/// - **re**: GLS on the θᵢ-demeaned data, z statistics; variance components as Stata's
///   default `xtreg, re` (harmonic-mean T̄) or, with `sa`, Swamy–Arora with Baltagi and
///   Chang's extension (PanelRandomEffects.swift). The two differ only on unbalanced panels.
/// - **pooled**: plain OLS.
public enum PanelRegression {
    public enum Estimator: Sendable { case fixed, between, random, pooled }

    /// How `re` estimates σ²_u (PanelRandomEffects.swift): Stata's default, or `xtreg, re sa`.
    public enum RandomEffectsMethod: Sendable { case stata, swamyArora }

    public struct Options: Sendable {
        public var estimator: Estimator
        /// `.robust` means cluster on the panel variable (Stata's xtreg convention).
        public var variance: VarianceEstimator
        public var level: Double
        public var randomEffects: RandomEffectsMethod
        public init(estimator: Estimator = .fixed, variance: VarianceEstimator = .classical, level: Double = 0.95,
                    randomEffects: RandomEffectsMethod = .stata) {
            self.estimator = estimator
            self.variance = variance
            self.level = level
            self.randomEffects = randomEffects
        }
    }

    public struct Result: Sendable {
        public let table: CoefficientTable
        public let covariance: Matrix
        public let observations: Int
        public let panels: Int
        public let rSquaredWithin: Double?
        public let rSquaredBetween: Double?
        public let rSquaredOverall: Double?
        /// √σ²_e (fe, re) — the idiosyncratic error SD.
        public let sigmaE: Double?
        /// √σ²_u (re).
        public let sigmaU: Double?
        /// GLS weight θ (re) when every panel has the same length; nil for unbalanced panels.
        public let theta: Double?
        /// θᵢ per panel (re), in panel-code order; empty for the other estimators.
        public var thetas: [Double] = []
        /// F test that all panel effects are zero (fe): statistic, df1, df2, p.
        public let effectsF: (statistic: Double, df1: Int, df2: Int, pValue: Double)?
        public let omittedNames: [String]
    }

    struct Means { var count: [Int]; var means: [[Double]] }

    /// Per-panel means of each column (codes dense 0..<n).
    static func panelMeans(_ columns: [[Double]], panel: [Int32], groups: Int) -> Means {
        var count = [Int](repeating: 0, count: groups)
        for g in panel { count[Int(g)] += 1 }
        let means: [[Double]] = columns.map { col in
            var s = [Double](repeating: 0, count: groups)
            for i in 0..<col.count { s[Int(panel[i])] += col[i] }
            for g in 0..<groups where count[g] > 0 { s[g] /= Double(count[g]) }
            return s
        }
        return Means(count: count, means: means)
    }

    public static func fit(y: [Double], design: DesignMatrix, panel: [Int32], options: Options = Options()) throws -> Result {
        let n = y.count
        guard design.rows == n, panel.count == n else { throw StatisticsError.dimensionMismatch("outcome, design and panel codes differ in length") }
        guard panel.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("panel codes must be ≥ 0") }
        let groups = Int(panel.max() ?? -1) + 1
        let pm = panelMeans(design.columns + [y], panel: panel, groups: groups)
        if let empty = pm.count.firstIndex(of: 0) { throw StatisticsError.emptyGroup("panel \(empty) has no observations") }
        let k0 = design.columns.count
        let yIdx = k0
        switch options.estimator {
        case .pooled:
            let r = try OLS.fit(y: y, design: design, options: .init(variance: options.variance, level: options.level))
            return Result(table: r.table, covariance: r.covariance, observations: n, panels: groups, rSquaredWithin: nil,
                          rSquaredBetween: nil, rSquaredOverall: r.rSquared, sigmaE: nil, sigmaU: nil, theta: nil,
                          effectsF: nil, omittedNames: r.omittedNames)
        case .between:
            guard groups > k0 + 1 else { throw StatisticsError.tooFewObservations(needed: k0 + 2, had: groups) }
            let bd = try DesignMatrix(columns: Array(pm.means[0..<k0]), names: design.names)
            let r = try OLS.fit(y: pm.means[yIdx], design: bd, options: .init(level: options.level))
            return Result(table: r.table, covariance: r.covariance, observations: n, panels: groups, rSquaredWithin: nil,
                          rSquaredBetween: r.rSquared, rSquaredOverall: nil, sigmaE: nil, sigmaU: nil, theta: nil,
                          effectsF: nil, omittedNames: r.omittedNames)
        case .fixed:
            return try fixedEffects(y: y, design: design, panel: panel, groups: groups, pm: pm, options: options)
        case .random:
            return try randomEffects(y: y, design: design, panel: panel, groups: groups, pm: pm, options: options)
        }
    }

    /// x − θ·x̄ᵢ + c·x̄ for every column (θ = 1, c = 1 gives Stata's within transform).
    static func transform(_ col: [Double], means: [Double], panel: [Int32], theta: Double, addBack: Double) -> [Double] {
        var out = col
        for i in 0..<col.count { out[i] = col[i] - theta * means[Int(panel[i])] + addBack }
        return out
    }

    static func fixedEffects(y: [Double], design: DesignMatrix, panel: [Int32], groups: Int, pm: Means, options: Options) throws -> Result {
        let n = y.count, k0 = design.columns.count
        let grand = (design.columns + [y]).map { $0.reduce(0, +) / Double(n) }
        let cols = (0..<k0).map { transform(design.columns[$0], means: pm.means[$0], panel: panel, theta: 1, addBack: grand[$0]) }
        let yt = transform(y, means: pm.means[k0], panel: panel, theta: 1, addBack: grand[k0])
        let td = try DesignMatrix(columns: cols, names: design.names)
        let ols = try OLS.fit(y: yt, design: td)
        let k = ols.parameters - 1
        let dfr = n - groups - k
        guard dfr > 0 else { throw StatisticsError.tooFewObservations(needed: groups + k + 1, had: n) }
        var cov: Matrix
        var dist = ReferenceDistribution.t(degreesOfFreedom: Double(dfr))
        switch options.variance {
        case .classical:
            cov = (Double(ols.dfResidual) / Double(dfr)) * ols.covariance
        case .robust, .cluster:
            var codes = panel
            if case let .cluster(c) = options.variance { codes = c }
            let c = try OLS.fit(y: yt, design: td, options: .init(variance: .cluster(codes)))
            cov = c.covariance
            dist = .t(degreesOfFreedom: Double(c.clusters! - 1))
        }
        let table = CoefficientTable(names: ols.table.names, estimates: ols.table.estimates, covariance: cov,
                                     omitted: ols.table.omitted, distribution: dist, level: options.level)
        let rss = ols.residualSumOfSquares
        // F test of the panel effects against pooled OLS on the same regressors.
        let pooled = try OLS.fit(y: y, design: design)
        let df1 = groups - 1
        let f = ((pooled.residualSumOfSquares - rss) / Double(df1)) / (rss / Double(dfr))
        let r2 = try rSquares(slopes: Array(ols.table.estimates[0..<k0]), y: y, design: design, panel: panel, pm: pm)
        return Result(table: table, covariance: cov, observations: n, panels: groups, rSquaredWithin: ols.rSquared,
                      rSquaredBetween: r2.between, rSquaredOverall: r2.overall, sigmaE: (rss / Double(dfr)).squareRoot(), sigmaU: nil,
                      theta: nil, effectsF: (f, df1, dfr, FDistribution.survival(f, Double(df1), Double(dfr))),
                      omittedNames: ols.omittedNames)
    }

    /// Stata's R² of a panel model with slopes b: squared correlations of the index x·b with
    /// y − ȳᵢ (within), of x̄ᵢ·b with ȳᵢ over the panels (between), and of x·b with y (overall).
    /// nil where the index does not vary.
    static func rSquares(slopes b: [Double], y: [Double], design: DesignMatrix, panel: [Int32], pm: Means) throws
        -> (within: Double?, between: Double?, overall: Double?) {
        let k0 = design.columns.count
        guard k0 > 0 else { return (nil, nil, nil) }
        let index = design.linearPredictor(b)
        let meanIndex = try DesignMatrix(columns: Array(pm.means[0..<k0])).linearPredictor(b)
        var wx = index, wy = y
        for i in 0..<y.count {
            let g = Int(panel[i])
            wx[i] -= meanIndex[g]; wy[i] -= pm.means[k0][g]
        }
        return (squaredCorrelation(wx, wy), squaredCorrelation(meanIndex, pm.means[k0]), squaredCorrelation(index, y))
    }

    static func squaredCorrelation(_ a: [Double], _ b: [Double]) -> Double? {
        guard a.count == b.count, a.count > 1, let c = try? Correlation.listwise([a, b]) else { return nil }
        return c.correlation[0, 1] * c.correlation[0, 1]
    }
}
