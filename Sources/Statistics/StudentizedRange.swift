import Foundation

/// The studentized range distribution Q(k, ν): the range of k independent standard normals
/// divided by an independent s with νs² ~ χ²_ν. Tukey's HSD (`anova …, posthoc(tukey)`,
/// Stata's `pwcompare, mcompare(tukey)`, R's `TukeyHSD`) needs its upper tail and quantile.
///
/// Written from the integrals, in the manner of Copenhaver & Holland (1988): Gauss–Legendre
/// quadrature on fixed panels for both the inner integral over the normals and the outer one
/// over s. For a range w of k normals (m = k − 1):
///
///     P(R ≤ w) = k ∫ φ(z) [Φ(z + w) − Φ(z)]^m dz
///     P(R > w) = k ∫ φ(z) { S(z)^m − (S(z) − S(z + w))^m } dz      (S = 1 − Φ)
///
/// (the second because k ∫ φ S^m = 1). Each tail is integrated on its own, so a small upper
/// tail — the adjusted p of a clear difference — keeps its relative digits instead of being
/// 1 − (a number near 1); the difference of m-th powers is taken as a^m·(−expm1(m·log1p(−c/a))).
/// Then P(Q > q) = ∫ f_ν(s) P(R > q·s) ds with f_ν the density of s = √(χ²_ν/ν). Above
/// ν = 25 000 the outer integral is dropped (Q ≈ R), as R's `ptukey` does; the error is O(1/ν).
public enum StudentizedRange {
    /// P(Q ≤ q) for k means and ν degrees of freedom (ν = .infinity for the range itself).
    public static func cdf(_ q: Double, groups k: Int, degreesOfFreedom nu: Double) -> Double {
        guard q > 0 else { return 0 }
        return tail(q, k: k, nu: nu, upper: false)
    }

    /// P(Q > q), accurate in relative terms far into the tail.
    public static func survival(_ q: Double, groups k: Int, degreesOfFreedom nu: Double) -> Double {
        guard q > 0 else { return 1 }
        return tail(q, k: k, nu: nu, upper: true)
    }

    /// The q with P(Q ≤ q) = p: bracketed by doubling, then the Illinois variant of regula
    /// falsi on the upper tail (monotone, so the bracket always holds), to 1e-12 relative.
    public static func quantile(_ p: Double, groups k: Int, degreesOfFreedom nu: Double) -> Double {
        guard p > 0 else { return 0 }
        guard p < 1 else { return .infinity }
        let target = 1 - p
        func g(_ q: Double) -> Double { survival(q, groups: k, degreesOfFreedom: nu) - target }   // decreasing in q
        var lo = 0.0, glo = 1 - target
        var hi = 4.0, ghi = g(hi)
        while ghi > 0 { lo = hi; glo = ghi; hi *= 2; ghi = g(hi) }
        var side = 0
        for _ in 0..<200 {
            let x = (lo * ghi - hi * glo) / (ghi - glo)
            let gx = g(x)
            if gx == 0 || abs(hi - lo) <= 1e-13 * x { return x }
            if gx > 0 {
                lo = x; glo = gx
                if side == 1 { ghi /= 2 }
                side = 1
            } else {
                hi = x; ghi = gx
                if side == -1 { glo /= 2 }
                side = -1
            }
            if abs(hi - lo) <= 1e-12 * x { return (lo + hi) / 2 }
        }
        return (lo + hi) / 2
    }

    // MARK: integrals

    static let largeDegreesOfFreedom = 25_000.0

    private static func tail(_ q: Double, k: Int, nu: Double, upper: Bool) -> Double {
        precondition(k >= 2, "the studentized range needs at least two groups")
        if nu > largeDegreesOfFreedom { return rangeTail(q, k: k, upper: upper) }
        // s = √(χ²_ν/ν) lies within 1 ± 9/√ν but for a mass below 1e-30.
        let spread = 9 / nu.squareRoot()
        let from = max(0, 1 - spread), to = 1 + spread
        let logConstant = _log(2) + (nu / 2) * _log(nu / 2) - SpecialFunctions.logGamma(nu / 2)
        // Few df spread s (and so the integrand's sharp edge in q·s) over [0, 1 + 9/√ν]: more panels.
        return GaussLegendre.integrate(from: from, to: to, panels: nu < 10 ? 48 : 16) { s in
            guard s > 0 else { return 0 }
            let density = _exp(logConstant + (nu - 1) * _log(s) - nu * s * s / 2)
            return density * rangeTail(q * s, k: k, upper: upper)
        }
    }

    /// P(R ≤ w) or P(R > w) for the range R of k standard normals.
    static func rangeTail(_ w: Double, k: Int, upper: Bool) -> Double {
        let m = Double(k - 1)
        // φ(z) is below 1e-18 outside ±9: nothing of either integrand lies there.
        let value = GaussLegendre.integrate(from: -9, to: 9, panels: 18) { z in
            let a = Normal.survival(z), c = Normal.survival(z + w)
            if upper {
                guard a > 0 else { return 0 }
                return Normal.density(z) * _exp(m * _log(a)) * -_expm1(m * _log1p(-c / a))
            }
            // Φ(z + w) − Φ(z) from whichever side keeps its digits.
            let inside = z + w <= 0 ? Normal.cdf(z + w) - Normal.cdf(z) : a - c
            guard inside > 0 else { return 0 }
            return Normal.density(z) * _exp(m * _log(inside))
        }
        return min(1, max(0, Double(k) * value))
    }
}

/// Gauss–Legendre quadrature: 16 nodes per panel on equal panels. The nodes are the roots of
/// P₁₆, found once by Newton's method from Chebyshev guesses (exact to rounding), so no table
/// of constants has to be trusted.
enum GaussLegendre {
    static let order = 16
    static let rule: (nodes: [Double], weights: [Double]) = {
        let n = order
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<n {
            var x = Foundation.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // P_n(x) and P_n'(x) by the three-term recurrence.
                var p0 = 1.0, p1 = x
                for j in 2...n { (p0, p1) = (p1, ((2 * Double(j) - 1) * x * p1 - (Double(j) - 1) * p0) / Double(j)) }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[i] = x
            weights[i] = 2 / ((1 - x * x) * derivative * derivative)
        }
        return (nodes, weights)
    }()

    static func integrate(from a: Double, to b: Double, panels: Int, _ f: (Double) -> Double) -> Double {
        let (nodes, weights) = rule
        let h = (b - a) / Double(panels)
        var total = 0.0
        for p in 0..<panels {
            let mid = a + (Double(p) + 0.5) * h, half = h / 2
            var sum = 0.0
            for i in 0..<order { sum += weights[i] * f(mid + half * nodes[i]) }
            total += sum * half
        }
        return total
    }
}
