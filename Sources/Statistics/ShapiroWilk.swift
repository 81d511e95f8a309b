/// The Shapiro–Wilk W test of normality (Stata's `swilk`, R's `shapiro.test`), by Royston's
/// algorithm AS R94: approximate coefficients aᵢ from normal order statistics, W as the
/// squared correlation of the sorted data with them, and Royston's normalising transform of
/// log(1 − W) for the p-value (exact for n = 3). Valid for 3 ≤ n ≤ 5000.
public enum ShapiroWilk {
    public struct Result: Sendable {
        public let w: Double
        public let pValue: Double
        public let observations: Int
    }

    /// c₀ + c₁x + c₂x² + …
    static func poly(_ c: [Double], _ x: Double) -> Double {
        var r = 0.0
        for v in c.reversed() { r = r * x + v }
        return r
    }

    public static func test(_ data: [Double]) throws -> Result {
        let n = data.count
        guard n >= 3 else { throw StatisticsError.tooFewObservations(needed: 3, had: n) }
        guard n <= 5000 else { throw StatisticsError.invalidArgument("Shapiro–Wilk is defined here for at most 5000 observations") }
        let x = data.sorted()
        let range = x[n - 1] - x[0]
        guard range > 1e-19 * max(1, abs(x[0])) else { throw StatisticsError.invalidArgument("all values are identical") }
        let nn2 = n / 2
        let an = Double(n)
        // a[1…nn2] (index 0 unused), a[1] the largest in magnitude.
        var a = [Double](repeating: 0, count: nn2 + 1)
        if n == 3 {
            a[1] = 0.5.squareRoot()
        } else {
            var m = [Double](repeating: 0, count: nn2 + 1)
            var summ2 = 0.0
            for i in 1...nn2 {
                m[i] = Normal.quantile((Double(i) - 0.375) / (an + 0.25))
                summ2 += m[i] * m[i]
            }
            summ2 *= 2
            let ssumm2 = summ2.squareRoot()
            let rsn = 1 / an.squareRoot()
            let a1 = poly([0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056], rsn) - m[1] / ssumm2
            let i1: Int
            let fac: Double
            if n > 5 {
                i1 = 3
                let a2 = -m[2] / ssumm2 + poly([0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633], rsn)
                fac = ((summ2 - 2 * m[1] * m[1] - 2 * m[2] * m[2]) / (1 - 2 * a1 * a1 - 2 * a2 * a2)).squareRoot()
                a[2] = a2
            } else {
                i1 = 2
                fac = ((summ2 - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1)).squareRoot()
            }
            a[1] = a1
            if i1 <= nn2 { for i in i1...nn2 { a[i] = -m[i] / fac } }
        }
        // Coefficient for sorted position i (0-based): antisymmetric, zero in the middle.
        func coef(_ i: Int) -> Double {
            let j = n - 1 - i
            if i == j { return 0 }
            return i < j ? -a[i + 1] : a[j + 1]
        }
        var sa = 0.0, sx = 0.0
        for i in 0..<n { sa += coef(i); sx += x[i] / range }
        sa /= an; sx /= an
        var ssa = 0.0, ssx = 0.0, sax = 0.0
        for i in 0..<n {
            let asa = coef(i) - sa, xsx = x[i] / range - sx
            ssa += asa * asa; ssx += xsx * xsx; sax += asa * xsx
        }
        let ssassx = (ssa * ssx).squareRoot()
        let w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx)   // 1 − W without cancellation
        let w = 1 - w1
        if n == 3 {
            let p = 1.90985931710274 * (Foundation_asin(w.squareRoot()) - 1.04719755119660)
            return Result(w: w, pValue: max(0, p), observations: n)
        }
        var y = _log(w1)
        let mean: Double, sd: Double
        if n <= 11 {
            let gamma = poly([-2.273, 0.459], an)
            if y >= gamma { return Result(w: w, pValue: 1e-99, observations: n) }
            y = -_log(gamma - y)
            mean = poly([0.544, -0.39978, 0.025054, -6.714e-4], an)
            sd = _exp(poly([1.3822, -0.77857, 0.062767, -0.0020322], an))
        } else {
            let ln = _log(an)
            mean = poly([-1.5861, -0.31082, -0.083751, 0.0038915], ln)
            sd = _exp(poly([-0.4803, -0.082676, 0.0030302], ln))
        }
        return Result(w: w, pValue: Normal.survival((y - mean) / sd), observations: n)
    }
}
