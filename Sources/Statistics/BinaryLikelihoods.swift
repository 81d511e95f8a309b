/// Logit: ℓ = yη − log(1 + eᵉᵗᵃ), written to stay finite for any η.
public struct LogitLikelihood: IndexLikelihood {
    public init() {}
    @inline(__always)
    public func evaluate(eta: Double, y: Double) -> (logLikelihood: Double, score: Double, information: Double) {
        // One exponential serves both μ and log(1 + e^η), computed without overflow.
        let e = _exp(-abs(eta))
        let mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
        let softplus = (eta > 0 ? eta : 0) + _log1p(e)
        return (y * eta - softplus, y - mu, mu * (1 - mu))
    }
}

/// Probit with the observed (not expected) information, as Stata and statsmodels use: with
/// q = 2y − 1 and λ = qφ(qη)/Φ(qη), score = λ and −∂²ℓ/∂η² = λ(λ + η).
public struct ProbitLikelihood: IndexLikelihood {
    public init() {}
    @inline(__always)
    public func evaluate(eta: Double, y: Double) -> (logLikelihood: Double, score: Double, information: Double) {
        let q = y > 0 ? 1.0 : -1.0
        let z = q * eta
        let cdf = Normal.cdf(z)
        // Mills ratio φ/Φ; for z far below −37 Φ underflows and φ/Φ ≈ −z.
        let mills = cdf > 1e-300 ? Normal.density(z) / cdf : -z
        let ll = cdf > 1e-300 ? _log(cdf) : -0.5 * z * z - _log(-z) - 0.918938533204672741780329736406
        let lambda = q * mills
        return (ll, lambda, lambda * (lambda + eta))
    }
}

/// The two binary links, with what marginal effects need.
public enum BinaryLink: Sendable {
    case logit
    case probit

    @inline(__always)
    public func probability(_ eta: Double) -> Double {
        switch self {
        case .logit: return eta >= 0 ? 1 / (1 + _exp(-eta)) : _exp(eta) / (1 + _exp(eta))
        case .probit: return Normal.cdf(eta)
        }
    }

    /// dμ/dη.
    @inline(__always)
    func density(_ eta: Double) -> Double {
        switch self {
        case .logit: let m = probability(eta); return m * (1 - m)
        case .probit: return Normal.density(eta)
        }
    }

    /// d²μ/dη².
    @inline(__always)
    func densityDerivative(_ eta: Double) -> Double {
        switch self {
        case .logit: let m = probability(eta); return m * (1 - m) * (1 - 2 * m)
        case .probit: return -eta * Normal.density(eta)
        }
    }
}
