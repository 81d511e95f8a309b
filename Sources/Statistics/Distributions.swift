import Foundation

/// The standard normal distribution.
public enum Normal {
    public static func density(_ x: Double) -> Double { _exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
    /// Φ(x) through erfc, which keeps full relative accuracy far into the lower tail.
    public static func cdf(_ x: Double) -> Double { 0.5 * _erfc(-x / 2.0.squareRoot()) }
    public static func survival(_ x: Double) -> Double { 0.5 * _erfc(x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) by Wichura's AS 241 (PPND16), accurate to about 1e-16, the algorithm R uses.
    public static func quantile(_ p: Double) -> Double {
        if p <= 0 { return p == 0 ? -.infinity : .nan }
        if p >= 1 { return p == 1 ? .infinity : .nan }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608)
                / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1)
        }
        var r = q < 0 ? p : 1 - p
        r = (-_log(r)).squareRoot()
        var val: Double
        if r <= 5 {
            r -= 1.6
            val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1)
        } else {
            r -= 5
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1)
        }
        return q < 0 ? -val : val
    }
}

/// Student's t with ν degrees of freedom (ν may be fractional).
public enum StudentT {
    public static func density(_ t: Double, degreesOfFreedom v: Double) -> Double {
        _exp(SpecialFunctions.logGamma((v + 1) / 2) - SpecialFunctions.logGamma(v / 2)
             - 0.5 * _log(v * Double.pi) - (v + 1) / 2 * _log1p(t * t / v))
    }

    /// P(T > t), from the incomplete beta with x = ν/(ν+t²) and its complement passed exactly.
    public static func survival(_ t: Double, degreesOfFreedom v: Double) -> Double {
        if t.isInfinite { return t > 0 ? 0 : 1 }
        let t2 = t * t
        let x = v / (v + t2), y = t2 / (v + t2)
        let tail = 0.5 * SpecialFunctions.betaI(x, y, v / 2, 0.5)
        return t > 0 ? tail : 1 - tail
    }

    public static func cdf(_ t: Double, degreesOfFreedom v: Double) -> Double { survival(-t, degreesOfFreedom: v) }

    public static func quantile(_ p: Double, degreesOfFreedom v: Double) -> Double {
        if p <= 0 { return p == 0 ? -.infinity : .nan }
        if p >= 1 { return p == 1 ? .infinity : .nan }
        if p == 0.5 { return 0 }
        // Symmetric: solve for the upper-tail point with the small tail probability given
        // exactly (1 − (1 − 1e-8) would lose eight digits), then reflect.
        let tail = min(p, 1 - p)
        let x = SpecialFunctions.invert(p: 1 - tail, q: tail, lower: 0, start: max(-Normal.quantile(tail), 1e-3),
                                        cdf: { cdf($0, degreesOfFreedom: v) },
                                        survival: { survival($0, degreesOfFreedom: v) },
                                        density: { density($0, degreesOfFreedom: v) })
        return p > 0.5 ? x : -x
    }
}

/// The χ² distribution with k degrees of freedom.
public enum ChiSquared {
    public static func density(_ x: Double, degreesOfFreedom k: Double) -> Double {
        if x <= 0 { return 0 }
        return _exp((k / 2 - 1) * _log(x) - x / 2 - (k / 2) * _log(2) - SpecialFunctions.logGamma(k / 2))
    }
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double { SpecialFunctions.gammaP(k / 2, x / 2) }
    public static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double { SpecialFunctions.gammaQ(k / 2, x / 2) }

    public static func quantile(_ p: Double, degreesOfFreedom k: Double) -> Double {
        if p <= 0 { return p == 0 ? 0 : .nan }
        if p >= 1 { return p == 1 ? .infinity : .nan }
        // Wilson–Hilferty start.
        let z = Normal.quantile(p)
        let h = 2 / (9 * k)
        let start = max(k * _pow(1 - h + z * h.squareRoot(), 3), 1e-8)
        return SpecialFunctions.invert(p: p, lower: 0, start: start,
                                       cdf: { cdf($0, degreesOfFreedom: k) },
                                       survival: { survival($0, degreesOfFreedom: k) },
                                       density: { density($0, degreesOfFreedom: k) })
    }
}

/// Snedecor's F with (d1, d2) degrees of freedom.
public enum FDistribution {
    public static func density(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        if f <= 0 { return 0 }
        return _exp(0.5 * d1 * _log(d1) + 0.5 * d2 * _log(d2) + (d1 / 2 - 1) * _log(f)
                    - (d1 + d2) / 2 * _log(d2 + d1 * f) - SpecialFunctions.logBeta(d1 / 2, d2 / 2))
    }
    public static func cdf(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        if f <= 0 { return 0 }
        let den = d1 * f + d2
        return SpecialFunctions.betaI(d1 * f / den, d2 / den, d1 / 2, d2 / 2)
    }
    public static func survival(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
        if f <= 0 { return 1 }
        let den = d1 * f + d2
        return SpecialFunctions.betaIComplement(d1 * f / den, d2 / den, d1 / 2, d2 / 2)
    }
    public static func quantile(_ p: Double, _ d1: Double, _ d2: Double) -> Double {
        if p <= 0 { return p == 0 ? 0 : .nan }
        if p >= 1 { return p == 1 ? .infinity : .nan }
        return SpecialFunctions.invert(p: p, lower: 0, start: 1,
                                       cdf: { cdf($0, d1, d2) }, survival: { survival($0, d1, d2) },
                                       density: { density($0, d1, d2) })
    }
}
