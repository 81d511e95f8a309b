/// Poisson regression: ℓ = yη − e^η − log y!, canonical link so observed = expected information.
public struct PoissonLikelihood: IndexLikelihood {
    public init() {}
    @inline(__always)
    public func evaluate(eta: Double, y: Double) -> (logLikelihood: Double, score: Double, information: Double) {
        let mu = _exp(eta)
        return (y * eta - mu - SpecialFunctions.logGamma(y + 1), y - mu, mu)
    }
}

/// Poisson and negative binomial (NB2) regression, as Stata's `poisson` / `nbreg`, with
/// `exposure()` entering as the offset log(exposure) and incidence-rate ratios exp(b).
public enum CountRegression {
    public struct Options: Sendable {
        public var constant: Bool
        public var variance: VarianceEstimator
        public var level: Double
        /// Exposure per row (must be > 0); enters as the offset log(exposure), as `exposure()`.
        public var exposure: [Double]?
        public var maxIterations: Int
        public init(constant: Bool = true, variance: VarianceEstimator = .classical, level: Double = 0.95,
                    exposure: [Double]? = nil, maxIterations: Int = 100) {
            self.constant = constant
            self.variance = variance
            self.level = level
            self.exposure = exposure
            self.maxIterations = maxIterations
        }
    }

    public struct Result: Sendable {
        public let table: CoefficientTable
        public let covariance: Matrix
        /// exp(b): incidence-rate ratios.
        public let incidenceRateRatios: [Double]
        public let observations: Int
        public let logLikelihood: Double
        /// Constant-only model's log-likelihood (same exposure; for NB2 with its own α).
        public let nullLogLikelihood: Double
        public let pseudoRSquared: Double
        /// LR χ² against the constant-only model (Wald χ² with robust/cluster).
        public let chiSquared: Double
        public let chiSquaredDegreesOfFreedom: Int
        public let chiSquaredPValue: Double
        /// NB2 overdispersion α (Var = μ + αμ²) and its SE; nil for Poisson.
        public let alpha: Double?
        public let alphaStandardError: Double?
        public let iterations: Int
        public let converged: Bool
        public let omittedNames: [String]
        public let clusters: Int?
    }

    /// Common preparation: checks, collinearity, offset.
    static func prepare(y: [Double], design: DesignMatrix, options: Options) throws -> (reduced: DesignMatrix, kept: [Int], dropped: [Int], offset: [Double]?) {
        let n = design.rows
        guard y.count == n else { throw StatisticsError.dimensionMismatch("outcome has \(y.count) rows, design \(n)") }
        guard y.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) else { throw StatisticsError.invalidArgument("the outcome must be a non-negative count") }
        guard y.contains(where: { $0 > 0 }) else { throw StatisticsError.constantOutcome }
        var offset: [Double]? = nil
        if let e = options.exposure {
            guard e.count == n else { throw StatisticsError.dimensionMismatch("exposure has \(e.count) rows, data \(n)") }
            guard e.allSatisfy({ $0 > 0 }) else { throw StatisticsError.invalidArgument("exposure must be positive") }
            offset = e.map { _log($0) }
        }
        let cp = try CrossProducts.accumulate(design.columns)
        let chol = try Cholesky(options.constant ? cp.centred : cp.uncentred)
        guard !chol.kept.isEmpty || options.constant else { throw StatisticsError.noRegressors }
        let reduced = try DesignMatrix(columns: chol.kept.map { design.columns[$0] }, names: chol.kept.map { design.names[$0] })
        let k = chol.kept.count + (options.constant ? 1 : 0)
        guard n > k else { throw StatisticsError.tooFewObservations(needed: k + 1, had: n) }
        return (reduced, chol.kept, chol.dropped, offset)
    }

    /// Constant-only Poisson start/null: b₀ = log(Σy / Σ exposure).
    static func poissonConstant(y: [Double], offset: [Double]?) -> Double {
        let total = offset.map { $0.reduce(0) { $0 + _exp($1) } } ?? Double(y.count)
        return _log(y.reduce(0, +) / total)
    }

    public static func poisson(y: [Double], design: DesignMatrix, options: Options = Options()) throws -> Result {
        let (reduced, kept, dropped, offset) = try prepare(y: y, design: design, options: options)
        let k = kept.count + (options.constant ? 1 : 0)
        var start = [Double](repeating: 0, count: k)
        if options.constant { start[k - 1] = poissonConstant(y: y, offset: offset) }
        let ml = NewtonML(model: PoissonLikelihood(), design: reduced, y: y, offset: offset, constant: options.constant, maxIterations: options.maxIterations)
        let fit = try ml.fit(start: start)
        guard fit.converged else { throw StatisticsError.didNotConverge(iterations: fit.iterations) }
        let scores = fit.scores
        let bread = try Cholesky(fit.information, tolerance: 1e-14).inverse()
        let (cov, groups) = try MLVariance.covariance(options.variance, bread: bread, design: reduced, scores: scores, constant: options.constant)
        var ll0: Double
        if options.constant {
            let b0 = poissonConstant(y: y, offset: offset)
            let null = NewtonML(model: PoissonLikelihood(), design: try DesignMatrix(columns: []), y: y, offset: offset, constant: true)
            ll0 = null.logLikelihood(offset.map { $0.map { $0 + b0 } } ?? [Double](repeating: b0, count: y.count))
        } else {
            let null = NewtonML(model: PoissonLikelihood(), design: try DesignMatrix(columns: []), y: y, offset: offset, constant: false)
            ll0 = null.logLikelihood(offset ?? [Double](repeating: 0, count: y.count))
        }
        return try assemble(design: design, kept: kept, dropped: dropped, options: options, beta: fit.beta, covReduced: cov,
                            ll: fit.logLikelihood, ll0: ll0, alpha: nil, iterations: fit.iterations, converged: fit.converged, groups: groups)
    }

    static func assemble(design: DesignMatrix, kept: [Int], dropped: [Int], options: Options, beta: [Double], covReduced: Matrix,
                         ll: Double, ll0: Double, alpha: (Double, Double)?, iterations: Int, converged: Bool, groups: Int?) throws -> Result {
        let k0 = design.columns.count
        let full = k0 + (options.constant ? 1 : 0)
        var index = kept
        if options.constant { index.append(k0) }
        var b = [Double](repeating: 0, count: full)
        var cov = Matrix(rows: full, columns: full)
        var omitted = [Bool](repeating: true, count: full)
        for (a, i) in index.enumerated() {
            b[i] = beta[a]; omitted[i] = false
            for (c, j) in index.enumerated() { cov[i, j] = covReduced[a, c] }
        }
        var names = design.names
        if options.constant { names.append("_cons") }
        let table = CoefficientTable(names: names, estimates: b, covariance: cov, omitted: omitted, distribution: .normal, level: options.level)
        let dfm = kept.count
        var chi2 = 2 * (ll - ll0)
        if case .classical = options.variance {} else if dfm > 0 { chi2 = try OLS.waldF(b: b, cov: cov, terms: kept) * Double(dfm) }
        return Result(table: table, covariance: cov, incidenceRateRatios: b.map { _exp($0) }, observations: design.rows,
                      logLikelihood: ll, nullLogLikelihood: ll0, pseudoRSquared: 1 - ll / ll0, chiSquared: chi2,
                      chiSquaredDegreesOfFreedom: dfm,
                      chiSquaredPValue: dfm > 0 ? ChiSquared.survival(chi2, degreesOfFreedom: Double(dfm)) : 1,
                      alpha: alpha?.0, alphaStandardError: alpha?.1, iterations: iterations, converged: converged,
                      omittedNames: dropped.map { design.names[$0] }, clusters: groups)
    }
}
