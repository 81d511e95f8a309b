import Foundation

/// exp, log and pow from IEEE-754 +, −, ×, ÷ only.
///
/// The platform libm (glibc, Apple's libm, musl) may differ in the last bit, and a one-ulp
/// difference can flip a threshold and change a generated row. The generator promises
/// byte-identical data on any machine, so every transcendental it uses goes through these
/// functions, whose results depend only on basic arithmetic that IEEE-754 fixes exactly
/// (Swift does not contract a·b + c into fused multiply-adds). Accuracy ≈ 1e-15 relative.
public enum PortableMath {
    static let ln2Hi = 6.93147180369123816490e-01
    static let ln2Lo = 1.90821492927058770002e-10
    static let invLn2 = 1.44269504088896338700e+00

    /// Natural logarithm; x must be positive and finite (returns −∞ for 0, NaN below).
    @inline(__always)
    public static func log(_ x: Double) -> Double {
        if !(x > 0) { return x == 0 ? -.infinity : .nan }
        if x == .infinity { return .infinity }
        var e = Double(Int(x.exponent))
        var m = x.significand // [1, 2), exact
        if m > 1.4142135623730951 { m *= 0.5; e += 1 }
        let f = (m - 1) / (m + 1)
        let s = f * f
        // 2·atanh(f) = 2f (1 + s/3 + s²/5 + …); s ≤ 0.0295, so 11 terms reach 1e-17.
        var p = 1.0 / 23
        p = p * s + 1.0 / 21; p = p * s + 1.0 / 19; p = p * s + 1.0 / 17; p = p * s + 1.0 / 15
        p = p * s + 1.0 / 13; p = p * s + 1.0 / 11; p = p * s + 1.0 / 9; p = p * s + 1.0 / 7
        p = p * s + 1.0 / 5; p = p * s + 1.0 / 3
        let logm = 2 * f + 2 * f * s * p
        return e * ln2Hi + (logm + e * ln2Lo)
    }

    /// e^x.
    @inline(__always)
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745.1 { return 0 }
        let k = (x * invLn2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo // |r| ≤ 0.347
        // Taylor to r^18/18!: error < 1e-20.
        var p = 1.0 / 6_402_373_705_728_000
        p = p * r + 1.0 / 355_687_428_096_000; p = p * r + 1.0 / 20_922_789_888_000
        p = p * r + 1.0 / 1_307_674_368_000; p = p * r + 1.0 / 87_178_291_200
        p = p * r + 1.0 / 6_227_020_800; p = p * r + 1.0 / 479_001_600; p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800; p = p * r + 1.0 / 362_880; p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040; p = p * r + 1.0 / 720; p = p * r + 1.0 / 120; p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6; p = p * r + 0.5; p = p * r + 1; p = p * r + 1
        let ki = Int(k)
        if ki < -1020 { return Double(sign: .plus, exponent: ki + 60, significand: p) * 0x1p-60 }
        return Double(sign: .plus, exponent: ki, significand: p)
    }

    /// x^y for x > 0.
    @inline(__always)
    public static func pow(_ x: Double, _ y: Double) -> Double { exp(y * log(x)) }

    @inline(__always)
    public static func tanh(_ x: Double) -> Double {
        if x > 20 { return 1 }
        if x < -20 { return -1 }
        let e2 = exp(2 * x)
        return (e2 - 1) / (e2 + 1)
    }
}
