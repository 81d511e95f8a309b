/// Which reference distribution the Wald statistics use: t for linear models (as Stata's
/// `regress`), the standard normal for maximum-likelihood models (`logit`, `cox`, …).
public enum ReferenceDistribution: Sendable, Equatable {
    case t(degreesOfFreedom: Double)
    case normal
}

/// How the coefficient covariance is estimated.
public enum VarianceEstimator: Sendable, Equatable {
    /// The model-based (OIM / classical) covariance.
    case classical
    /// Huber–White sandwich with Stata's HC1 factor N/(N−K) for linear models (none for ML).
    case robust
    /// Cluster-robust; `clusters[i]` is a dense code 0..<G for row i.
    case cluster([Int32])
}

/// The table a regression command prints, one row per term (omitted terms kept, as Stata shows
/// them with "(omitted)" rather than silently vanishing).
public struct CoefficientTable: Sendable {
    public let names: [String]
    public let estimates: [Double]
    public let standardErrors: [Double]
    /// t or z statistic.
    public let statistics: [Double]
    public let pValues: [Double]
    public let lower: [Double]
    public let upper: [Double]
    /// True where the term was dropped for collinearity (all its numbers are 0 then).
    public let omitted: [Bool]
    public let distribution: ReferenceDistribution
    public let level: Double

    /// Builds t/z statistics, two-sided p-values and confidence intervals from estimates and a
    /// covariance matrix, the same way for every estimator.
    public init(names: [String], estimates: [Double], covariance: Matrix, omitted: [Bool],
                distribution: ReferenceDistribution, level: Double) {
        self.names = names
        self.estimates = estimates
        self.omitted = omitted
        self.distribution = distribution
        self.level = level
        let k = estimates.count
        let crit: Double
        switch distribution {
        case let .t(df): crit = StudentT.quantile(0.5 + level / 2, degreesOfFreedom: df)
        case .normal: crit = Normal.quantile(0.5 + level / 2)
        }
        var se = [Double](repeating: 0, count: k), st = se, p = se, lo = se, hi = se
        for j in 0..<k where !omitted[j] {
            se[j] = max(0, covariance[j, j]).squareRoot()
            st[j] = estimates[j] / se[j]
            switch distribution {
            case let .t(df): p[j] = 2 * StudentT.survival(abs(st[j]), degreesOfFreedom: df)
            case .normal: p[j] = 2 * Normal.survival(abs(st[j]))
            }
            lo[j] = estimates[j] - crit * se[j]
            hi[j] = estimates[j] + crit * se[j]
        }
        standardErrors = se
        statistics = st
        pValues = p
        lower = lo
        upper = hi
    }
}
