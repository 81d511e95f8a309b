/// Every way an estimator can refuse to produce numbers.
///
/// Estimators throw instead of returning NaN so that the engine can show the user one sentence
/// saying what is wrong with their data, rather than a table of NaN.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer usable observations than the estimator needs (needed, had).
    case tooFewObservations(needed: Int, had: Int)
    /// The outcome does not vary, so there is nothing to explain.
    case constantOutcome
    /// Every regressor was dropped as collinear (or there were none and no constant).
    case noRegressors
    /// Inputs of different lengths (what, expected, got).
    case dimensionMismatch(String)
    /// A value outside the allowed domain (e.g. a probability outside (0, 1)).
    case invalidArgument(String)
    /// A matrix that must be positive definite is not.
    case notPositiveDefinite
    /// Logit/probit: the named regressor (by index) predicts the outcome perfectly.
    case perfectSeparation(column: Int, description: String)
    /// Binary-outcome models need a 0/1 outcome with both values present.
    case outcomeNotBinary
    /// Survival models need at least one event.
    case noEvents
    /// A grouping has a group with no observations.
    case emptyGroup(String)
    /// The regressors reproduce the outcome exactly, so every standard error would be zero.
    case perfectFit
    /// An iterative fit did not converge (iterations used).
    case didNotConverge(iterations: Int)

    public var description: String {
        switch self {
        case let .tooFewObservations(needed, had):
            return "too few observations: need at least \(needed), have \(had)"
        case .constantOutcome:
            return "the outcome does not vary"
        case .noRegressors:
            return "no regressors remain after dropping collinear terms"
        case let .dimensionMismatch(what):
            return "dimension mismatch: \(what)"
        case let .invalidArgument(what):
            return "invalid argument: \(what)"
        case .notPositiveDefinite:
            return "matrix is not positive definite"
        case let .perfectSeparation(_, text):
            return "perfect separation: \(text)"
        case .outcomeNotBinary:
            return "the outcome must be 0/1 with both values present"
        case .noEvents:
            return "there are no events (failures) in the data"
        case let .emptyGroup(what):
            return "empty group: \(what)"
        case .perfectFit:
            return "the regressors fit the outcome exactly (residual sum of squares is zero); standard errors are undefined"
        case let .didNotConverge(iterations):
            return "the fit did not converge after \(iterations) iterations"
        }
    }
}
