import Dispatch

/// Logit and probit, as Stata's `logit`/`probit`: Newton–Raphson on the observed information,
/// z statistics, LR χ² (Wald χ² with robust/cluster), McFadden's pseudo-R².
public enum BinaryRegression {
    public struct Options: Sendable {
        public var constant: Bool
        public var variance: VarianceEstimator
        public var level: Double
        public var maxIterations: Int
        public init(constant: Bool = true, variance: VarianceEstimator = .classical, level: Double = 0.95,
                    maxIterations: Int = 100) {
            self.constant = constant
            self.variance = variance
            self.level = level
            self.maxIterations = maxIterations
        }
    }

    public struct Result: Sendable {
        public let link: BinaryLink
        /// Regressors then `_cons`; omitted (collinear) terms flagged in the table.
        public let table: CoefficientTable
        public let covariance: Matrix
        public let observations: Int
        public let logLikelihood: Double
        /// Log-likelihood of the constant-only model (η = 0 without a constant, as Stata).
        public let nullLogLikelihood: Double
        /// McFadden: 1 − ℓ/ℓ₀.
        public let pseudoRSquared: Double
        /// LR χ² = 2(ℓ − ℓ₀) for the classical fit, Wald χ² of the slopes with robust/cluster.
        public let chiSquared: Double
        public let chiSquaredDegreesOfFreedom: Int
        public let chiSquaredPValue: Double
        public let iterations: Int
        public let converged: Bool
        public let omittedNames: [String]
        public let clusters: Int?
        /// Whether the model had a constant (needed to rebuild η for marginal effects).
        public let constant: Bool
    }

    public static func fit(y: [Double], design: DesignMatrix, link: BinaryLink,
                           options: Options = Options()) throws -> Result {
        let n = design.rows
        guard y.count == n else { throw StatisticsError.dimensionMismatch("outcome has \(y.count) rows, design \(n)") }
        guard y.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw StatisticsError.outcomeNotBinary }
        let n1 = y.reduce(0, +)
        guard n1 > 0 && n1 < Double(n) else { throw StatisticsError.outcomeNotBinary }
        try checkSeparation(y: y, design: design)

        // Drop collinear regressors first (Stata's _rmcoll), then fit on the rest.
        let cp = try CrossProducts.accumulate(design.columns)
        let chol = try Cholesky(options.constant ? cp.centred : cp.uncentred)
        let kept = chol.kept
        guard !kept.isEmpty || options.constant else { throw StatisticsError.noRegressors }
        let reduced = try DesignMatrix(columns: kept.map { design.columns[$0] }, names: kept.map { design.names[$0] })
        let k = kept.count + (options.constant ? 1 : 0)
        guard n > k else { throw StatisticsError.tooFewObservations(needed: k + 1, had: n) }

        let ybar = n1 / Double(n)
        var start = [Double](repeating: 0, count: k)
        if options.constant {
            start[k - 1] = link == .logit ? _log(ybar / (1 - ybar)) : Normal.quantile(ybar)
        }
        // Per-row scores cost a pass over the data; only sandwich covariances use them.
        let sandwich: Bool
        if case .classical = options.variance { sandwich = false } else { sandwich = true }
        let fit: NewtonML<LogitLikelihood>.Fit
        let scores: [Double]
        switch link {
        case .logit:
            var ml = NewtonML(model: LogitLikelihood(), design: reduced, y: y, offset: nil, constant: options.constant, maxIterations: options.maxIterations)
            ml.wantScores = sandwich
            fit = try ml.fit(start: start)
            scores = fit.scores
        case .probit:
            var ml = NewtonML(model: ProbitLikelihood(), design: reduced, y: y, offset: nil, constant: options.constant, maxIterations: options.maxIterations)
            ml.wantScores = sandwich
            let f = try ml.fit(start: start)
            fit = .init(beta: f.beta, logLikelihood: f.logLikelihood, information: f.information, iterations: f.iterations,
                        converged: f.converged, scores: f.scores)
            scores = f.scores
        }
        if !fit.converged && fit.logLikelihood > -1e-6 * Double(n) {
            throw StatisticsError.perfectSeparation(column: -1, description: "a combination of the regressors predicts the outcome perfectly")
        }
        let bread = try Cholesky(fit.information, tolerance: 1e-14).inverse()
        let (covReduced, groups) = try MLVariance.covariance(options.variance, bread: bread, design: reduced,
                                                             scores: scores, constant: options.constant)
        // Expand back to the full term list.
        let k0 = design.columns.count
        let full = k0 + (options.constant ? 1 : 0)
        var index = kept
        if options.constant { index.append(k0) }
        var beta = [Double](repeating: 0, count: full)
        var cov = Matrix(rows: full, columns: full)
        for (a, i) in index.enumerated() {
            beta[i] = fit.beta[a]
            for (b, j) in index.enumerated() { cov[i, j] = covReduced[a, b] }
        }
        var omitted = [Bool](repeating: true, count: full)
        for i in index { omitted[i] = false }
        var names = design.names
        if options.constant { names.append("_cons") }
        let table = CoefficientTable(names: names, estimates: beta, covariance: cov, omitted: omitted,
                                     distribution: .normal, level: options.level)

        let ll0 = options.constant ? n1 * _log(ybar) + (Double(n) - n1) * _log(1 - ybar) : Double(n) * _log(0.5)
        let dfm = kept.count
        var chi2 = 2 * (fit.logLikelihood - ll0)
        if case .classical = options.variance {} else if dfm > 0 {
            chi2 = try OLS.waldF(b: beta, cov: cov, terms: kept) * Double(dfm)
        }
        return Result(link: link, table: table, covariance: cov, observations: n, logLikelihood: fit.logLikelihood,
                      nullLogLikelihood: ll0, pseudoRSquared: 1 - fit.logLikelihood / ll0, chiSquared: chi2,
                      chiSquaredDegreesOfFreedom: dfm,
                      chiSquaredPValue: dfm > 0 ? ChiSquared.survival(chi2, degreesOfFreedom: Double(dfm)) : 1,
                      iterations: fit.iterations, converged: fit.converged,
                      omittedNames: chol.dropped.map { design.names[$0] }, clusters: groups, constant: options.constant)
    }

    /// Refuses designs where one regressor alone separates the outcome, naming it as Stata's
    /// "x predicts failure perfectly" does: either every y = 1 lies above (or below) every
    /// y = 0, or one value of a two-valued regressor (a dummy) has a single outcome.
    static func checkSeparation(y: [Double], design: DesignMatrix) throws {
        // The ranges of all columns on both cores (each is a pass over two long arrays), then
        // the checks in column order, so the first offending column is the one named.
        let columns = design.columns
        var ranges = [(min0: Double, max0: Double, min1: Double, max1: Double)](repeating: (0, 0, 0, 0), count: columns.count)
        ranges.withUnsafeMutableBufferPointer { rb in
            let out = rb
            withoutActuallyEscaping({ (j: Int) in out[j] = outcomeRanges(columns[j], y) }) { body in
                nonisolated(unsafe) let run = body
                DispatchQueue.concurrentPerform(iterations: columns.count) { run($0) }
            }
        }
        for (j, col) in columns.enumerated() {
            let (min0, max0, min1, max1) = ranges[j]
            let name = design.names[j]
            if max0 < min1 || max1 < min0 {
                throw StatisticsError.perfectSeparation(column: j, description: "\(name) predicts the outcome perfectly")
            }
            // A dummy (two distinct values) whose one value has only one outcome. Both values
            // occur, so the low one occurs among y = 1 exactly when min1 is it, and so on.
            let lo = min(min0, min1), hi = max(max0, max1)
            if lo != hi && takesOnly(lo, hi, col) {
                for (v, has1, has0) in [(lo, min1 == lo, min0 == lo), (hi, max1 == hi, max0 == hi)] where has0 != has1 {
                    let v = v == v.rounded() ? String(Int(v)) : String(v)
                    throw StatisticsError.perfectSeparation(
                        column: j, description: "\(name) == \(v) predicts \(has1 ? "success" : "failure") perfectly")
                }
            }
        }
    }

    /// Ranges of a regressor among y = 0 and among y = 1 (y is 0/1), in one branch-free pass:
    /// each row offers its value to one outcome's min/max and ±∞ to the other's, which compiles
    /// to selects and minsd/maxsd (the generic SIMD select did not, and cost ~40 instructions
    /// a row).
    static func outcomeRanges(_ col: [Double], _ y: [Double]) -> (min0: Double, max0: Double, min1: Double, max1: Double) {
        var min0 = Double.infinity, max0 = -Double.infinity, min1 = Double.infinity, max1 = -Double.infinity
        col.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                for i in 0..<xb.count {
                    let v = xb[i], one = yb[i] == 1
                    let lo1 = one ? v : .infinity, hi1 = one ? v : -.infinity
                    let lo0 = one ? .infinity : v, hi0 = one ? -.infinity : v
                    min1 = lo1 < min1 ? lo1 : min1
                    max1 = hi1 > max1 ? hi1 : max1
                    min0 = lo0 < min0 ? lo0 : min0
                    max0 = hi0 > max0 ? hi0 : max0
                }
            }
        }
        return (min0, max0, min1, max1)
    }

    /// Whether every value is `lo` or `hi`: branch-free within blocks of 4096 rows, stopping
    /// after the first block with another value (a continuous regressor stops at once).
    static func takesOnly(_ lo: Double, _ hi: Double, _ col: [Double]) -> Bool {
        col.withUnsafeBufferPointer { xb in
            var start = 0
            while start < xb.count {
                let end = Swift.min(xb.count, start + 4096)
                var other = 0
                for i in start..<end { let v = xb[i]; other += v != lo && v != hi ? 1 : 0 }
                if other > 0 { return false }
                start = end
            }
            return true
        }
    }

    /// Odds ratios exp(b) with delta-method SEs exp(b)·se and exponentiated CI bounds
    /// (Stata's `logit, or`); the z and p are those of b.
    public static func oddsRatios(_ r: Result) -> (estimates: [Double], standardErrors: [Double], lower: [Double], upper: [Double]) {
        let t = r.table
        let e = t.estimates.map { _exp($0) }
        return (e, zip(e, t.standardErrors).map { $0 * $1 }, t.lower.map { _exp($0) }, t.upper.map { _exp($0) })
    }
}
