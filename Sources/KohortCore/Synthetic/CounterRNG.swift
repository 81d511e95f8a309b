import Foundation

/// Counter-based randomness for the synthetic population.
///
/// Every random value is a pure function `f(seed, stream, index, draw)`: no generator state is
/// shared between persons, variables or threads. That is what makes the data identical however
/// the work is split across cores, and what lets one variable (or one person) be regenerated
/// lazily without replaying anything else.
public enum CounterRNG {
    /// SplitMix64's finaliser: a bijective avalanche mix of 64 bits.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The key of one variable's stream under one seed. Streams are fixed small integers
    /// (`StreamID`), so adding a variable never perturbs the values of another.
    @inline(__always)
    public static func key(seed: UInt64, stream: UInt64) -> UInt64 {
        mix(mix(seed) ^ (stream &* 0xD6E8_FEB8_6659_FD93))
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public static func unit(_ bits: UInt64) -> Double {
        Double(bits >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1): never exactly 0, so logs and inverse CDFs stay finite.
    @inline(__always)
    public static func openUnit(_ bits: UInt64) -> Double {
        (Double(bits >> 11) + 0.5) * 0x1.0p-53
    }
}

/// The random draws of one unit (a person, a case, a month) within one variable's stream.
///
/// A value type with a counter: `draw k` of unit `i` is `mix(base + k·γ)` where `base` depends
/// on (stream key, i). Creating one costs a single mix, so hot loops make one per row on the
/// stack with no allocation.
public struct UnitStream {
    @usableFromInline var state: UInt64

    @inline(__always)
    public init(key: UInt64, unit: UInt64) {
        state = CounterRNG.mix(key ^ CounterRNG.mix(unit))
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return CounterRNG.mix(state)
    }

    /// Uniform in [0, 1).
    @inline(__always) public mutating func uniform() -> Double { CounterRNG.unit(next()) }

    /// Uniform in (0, 1).
    @inline(__always) public mutating func openUniform() -> Double { CounterRNG.openUnit(next()) }

    /// Uniform integer in [0, n) by multiply-shift (bias < 2^-32 for the n used here).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: n) &* (next() >> 32)) >> 32)
    }

    @inline(__always) public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal by the inverse CDF: exactly one counter step per draw, so the number of
    /// draws a row consumes never depends on the values drawn.
    @inline(__always)
    public mutating func normal() -> Double { Samplers.inverseNormal(openUniform()) }

    @inline(__always)
    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// Lognormal with the given median (`exp(mu)`) and log-scale sd.
    @inline(__always)
    public mutating func lognormal(median: Double, sigma: Double) -> Double {
        median * PortableMath.exp(sigma * normal())
    }

    @inline(__always)
    public mutating func exponential(mean: Double) -> Double { -mean * PortableMath.log(openUniform()) }

    /// Weibull with shape k and scale λ: `λ (−ln U)^(1/k)`.
    @inline(__always)
    public mutating func weibull(shape: Double, scale: Double) -> Double {
        scale * PortableMath.pow(-PortableMath.log(openUniform()), 1 / shape)
    }
}
