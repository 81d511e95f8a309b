import Foundation

/// Distribution helpers shared by the generators.
public enum Samplers {
    /// Acklam's rational approximation of the standard normal quantile (relative error
    /// < 1.2e-9), which is plenty for synthetic data and needs one uniform per draw.
    @inline(__always)
    public static func inverseNormal(_ p: Double) -> Double {
        let a0 = -3.969683028665376e+01, a1 = 2.209460984245205e+02, a2 = -2.759285104469687e+02
        let a3 = 1.383577518672690e+02, a4 = -3.066479806614716e+01, a5 = 2.506628277459239e+00
        let b0 = -5.447609879822406e+01, b1 = 1.615858368580409e+02, b2 = -1.556989798598866e+02
        let b3 = 6.680131188771972e+01, b4 = -1.328068155288572e+01
        let c0 = -7.784894002430293e-03, c1 = -3.223964580411365e-01, c2 = -2.400758277161838e+00
        let c3 = -2.549732539343734e+00, c4 = 4.374664141464968e+00, c5 = 2.938163982698783e+00
        let d0 = 7.784695709041462e-03, d1 = 3.224671290700398e-01, d2 = 2.445134137142996e+00
        let d3 = 3.754408661907416e+00
        let low = 0.02425
        if p < low {
            let q = (-2 * PortableMath.log(p)).squareRoot()
            return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5)
                / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            return (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q
                / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
        } else {
            let q = (-2 * PortableMath.log(1 - p)).squareRoot()
            return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5)
                / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
        }
    }
}

/// Walker's alias table: O(1) categorical draws from fixed weights, with one uniform per draw
/// (the high bits pick the column, the low bits the coin), so hot loops need no search.
public struct AliasTable: Sendable {
    public let count: Int
    @usableFromInline let probability: [Double]
    @usableFromInline let alias: [Int32]

    /// Weights need not be normalised; they must be finite, non-negative and not all zero.
    public init(weights: [Double]) {
        precondition(!weights.isEmpty, "alias table needs at least one category")
        let n = weights.count
        let total = weights.reduce(0, +)
        precondition(total > 0, "alias table weights sum to zero")
        var scaled = weights.map { $0 * Double(n) / total }
        var prob = [Double](repeating: 1, count: n)
        var aliasIndex = [Int32](repeating: 0, count: n)
        for i in 0..<n { aliasIndex[i] = Int32(i) }
        var small: [Int] = [], large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.popLast() {
            prob[s] = scaled[s]
            aliasIndex[s] = Int32(l)
            scaled[l] = scaled[l] + scaled[s] - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        for i in large { prob[i] = 1 }
        for i in small { prob[i] = 1 }
        count = n
        probability = prob
        alias = aliasIndex
    }

    @inline(__always)
    public func sample(_ bits: UInt64) -> Int {
        let column = Int((UInt64(truncatingIfNeeded: count) &* (bits >> 32)) >> 32)
        let coin = Double(bits & 0xFFFF_FFFF) * 0x1.0p-32
        return coin < probability[column] ? column : Int(alias[column])
    }

    @inline(__always)
    public func sample(_ stream: inout UnitStream) -> Int { sample(stream.next()) }
}
