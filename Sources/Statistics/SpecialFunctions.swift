import Foundation

/// Special functions underlying every distribution: log-gamma and the regularised incomplete
/// gamma and beta functions.
///
/// The incomplete functions use the classical series / Lentz continued-fraction pair (as in
/// Numerical Recipes §6.2, §6.4), switching at the point where each converges fastest; both
/// carry the complementary argument 1 − x explicitly so that tails are computed directly and
/// never as 1 − (something close to 1).
public enum SpecialFunctions {
    /// log Γ(x) for x > 0, from the C library (glibc's is correctly rounded to within 1 ulp
    /// over the range we use, better than any short Lanczos sum).
    public static func logGamma(_ x: Double) -> Double { Foundation.lgamma(x) }

    /// log B(a, b), without the cancellation of lgamma(a) + lgamma(b) − lgamma(a+b) when an
    /// argument is large (t with many df, F with a big denominator): the Stirling parts cancel
    /// analytically and only the small corrections are subtracted (the scheme of R's `lbeta`).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        let halfLog2Pi = 0.918938533204672741780329736406
        if p >= 10 {
            let corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
            return -0.5 * _log(q) + halfLog2Pi + corr + (p - 0.5) * _log(p / (p + q)) + q * _log1p(-p / (p + q))
        } else if q >= 10 {
            let corr = stirlingCorrection(q) - stirlingCorrection(p + q)
            return logGamma(p) + corr + p - p * _log(p + q) + (q - 0.5) * _log1p(-p / (p + q))
        }
        return logGamma(p) + logGamma(q) - logGamma(p + q)
    }

    /// log Γ(x) − [(x − ½) log x − x + ½ log 2π] for x ≥ 10, by its asymptotic series.
    static func stirlingCorrection(_ x: Double) -> Double {
        let x2 = 1 / (x * x)
        return (1.0 / 12 - x2 * (1.0 / 360 - x2 * (1.0 / 1260 - x2 * (1.0 / 1680 - x2 * (1.0 / 1188
                - x2 * (691.0 / 360360 - x2 / 156)))))) / x
    }

    static let epsilon = 1e-16
    static let tiny = 1e-300
    static let maxIterations = 100_000

    /// Regularised lower incomplete gamma P(a, x).
    public static func gammaP(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0)
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in the tail.
    public static func gammaQ(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0)
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var ap = a
        var del = 1 / a
        var sum = del
        for _ in 0..<maxIterations {
            ap += 1
            del *= x / ap
            sum += del
            if abs(del) < abs(sum) * epsilon { break }
        }
        return sum * _exp(-x + a * _log(x) - logGamma(a))
    }

    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < epsilon { break }
        }
        return _exp(-x + a * _log(x) - logGamma(a)) * h
    }

    /// Regularised incomplete beta I_x(a, b); `y` must be 1 − x, passed separately so that
    /// callers who know it exactly (t and F tails) lose no digits.
    public static func betaI(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        precondition(a > 0 && b > 0)
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        // log x via log1p(−y) when x is near 1: with a large a, a·log x would otherwise carry
        // a·ulp(1) of absolute error (t with 1e5 df lost four digits that way).
        let logX = x < 0.5 ? _log(x) : _log1p(-y)
        let logY = y < 0.5 ? _log(y) : _log1p(-x)
        let front = _exp(a * logX + b * logY - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x, a, b) / a
        } else {
            return 1 - front * betaContinuedFraction(y, b, a) / b
        }
    }

    /// 1 − I_x(a, b) = I_{1−x}(b, a), computed without cancellation.
    public static func betaIComplement(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        betaI(y, x, b, a)
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maxIterations {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < epsilon { break }
        }
        return h
    }

    /// Solves cdf(x) = p on [lower, ∞) by safeguarded Newton (bisection when Newton leaves the
    /// bracket). Below the median it matches the cdf, above it the survival function, so upper
    /// quantiles are as accurate as lower ones.
    ///
    /// `q` is 1 − p when the caller knows it more exactly than `1 - p` (a small upper tail).
    static func invert(p: Double, q: Double? = nil, lower: Double, start: Double,
                       cdf: (Double) -> Double, survival: (Double) -> Double,
                       density: (Double) -> Double) -> Double {
        let upperTail = p > 0.5
        let target = upperTail ? (q ?? 1 - p) : p
        // g increasing in x, root at the quantile.
        func g(_ x: Double) -> Double { upperTail ? target - survival(x) : cdf(x) - target }
        var lo = lower, hi = max(start, lower + 1)
        while g(hi) < 0 { lo = hi; hi *= 2; if hi > 1e300 { return .infinity } }
        if lower.isInfinite {
            lo = min(start, -1)
            while g(lo) > 0 { hi = lo; lo *= 2; if lo < -1e300 { return -.infinity } }
        }
        var x = min(max(start, lo), hi)
        if !(x > lo && x < hi) { x = (lo + hi) / 2 }
        for _ in 0..<400 {
            let gx = g(x)
            if gx == 0 { return x }
            if gx < 0 { lo = x } else { hi = x }
            let d = density(x)
            var next = d > 0 ? x - gx / d : .nan
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 4e-16 * abs(x) || hi - lo <= 4e-16 * abs(x) { return next }
            x = next
        }
        return x
    }
}

extension SpecialFunctions {
    /// ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series (error < 1e-15).
    public static func digamma(_ x: Double) -> Double {
        var x = x, r = 0.0
        while x < 6 { r -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        return r + _log(x) - 0.5 / x
            - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
    }

    /// ψ′(x) for x > 0, likewise.
    public static func trigamma(_ x: Double) -> Double {
        var x = x, r = 0.0
        while x < 6 { r += 1 / (x * x); x += 1 }
        let f = 1 / (x * x)
        return r + 1 / x + f / 2
            + (1 / (x * x * x)) * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30 - f * 5.0 / 66))))
    }
}
