import Foundation

/// rdrobust's default bandwidth selector (`rdbwselect`, bwselect = "mserd"): one common
/// MSE-optimal bandwidth h for the estimate and one b for its bias correction (Calonico,
/// Cattaneo & Titiunik 2014; Calonico, Cattaneo, Farrell & Titiunik 2019), computed as the
/// rdrobust package does by default: on the running variable and outcome divided by their
/// standard deviations (stdvars), with the regularisation term (scaleregul = 1), bandwidths
/// capped at the data's range on either side (bwrestrict), nearest-neighbour variances, and —
/// when a side has ≥ 20 % repeated values (masspoints = "adjust") — a pilot bandwidth that
/// covers at least 10 distinct values on each side.
///
/// The cascade: a pilot bandwidth c = 2.576 · min(1, IQR/(1.349 σ)) · M^(−1/5) (M distinct
/// values), then d for the order-(q + 1) derivative, b for the order-(p + 1) bias from d, and
/// finally h from b. Each step is MSE-optimal: (V / (B² + R))^(1/(2o + 3)) with the variance
/// constant V and bias constant B of both sides (summed variances, difference of biases).
extension RegressionDiscontinuity {
    struct Bandwidths {
        var h: Double
        var b: Double
    }

    /// The variance, bias and regularisation terms of one side for one step of the cascade
    /// (rdrobust's `rdrobust_bw`): the fit of order o at the pilot bandwidth gives the variance
    /// of the ν-th derivative and the bias constant; the fit of order oB at hB the (o + 1)-th
    /// derivative that the bias is proportional to.
    private struct Terms {
        var v: Double, b: Double, r: Double, rate: Double
    }

    private static func terms(_ side: RegressionDiscontinuitySide, o: Int, nu: Int, oB: Int, pilot hV: Double, hB: Double,
                              regularise: Bool, matches: Int) throws -> Terms {
        let vRows = side.window(hV)
        let vFit = try pilotFit(side, rows: vRows, order: o, h: hV)
        let factorial = (1...max(nu, 1)).reduce(1.0) { $0 * Double($1) }
        var s = (1.0, 0.0)
        if side.isFuzzy {
            let tauY = factorial * vFit.outcome[nu], tauT = factorial * vFit.treatment[nu]
            s = (1 / tauT, -tauY / (tauT * tauT))
        }
        let vResiduals = nearestNeighbourResiduals(side, rows: vRows, matches: matches)
        let variance = sandwich(vFit, side, rows: vRows, h: hV, residuals: vResiduals, s: s)[nu, nu]
        // Σ w R u^(o+1), u = d/hV, then BConst = hV^ν (G⁻¹ v)_ν.
        var v = [Double](repeating: 0, count: o + 1)
        for i in vRows {
            let d = side.distance[i], w = RegressionDiscontinuitySide.weight(d, hV)
            let u = d / hV
            var up = 1.0
            for _ in 0...o { up *= u }
            var p = w * up
            for j in 0...o { v[j] += p; p *= d }
        }
        let biasConstant = pow(hV, Double(nu)) * (vFit.inverse * v)[nu]

        guard hB.isFinite, hB > 0 else { throw StatisticsError.invalidArgument(noVariability) }
        let bRows = side.window(hB)
        let bFit = try pilotFit(side, rows: bRows, order: oB, h: hB)
        var regularisation = 0.0
        if regularise {
            let bResiduals = nearestNeighbourResiduals(side, rows: bRows, matches: matches)
            let vB = sandwich(bFit, side, rows: bRows, h: hB, residuals: bResiduals, s: s)[oB, oB]
            regularisation = 3 * biasConstant * biasConstant * vB
        }
        let top = s.0 * bFit.outcome[oB] + (side.isFuzzy ? s.1 * bFit.treatment[oB] : 0)
        let steps = Double(2 * (o + 1 - nu))
        return Terms(v: Double(2 * nu + 1) * pow(hV, Double(2 * nu + 1)) * variance,
                     b: steps.squareRoot() * biasConstant * top,
                     r: (regularise ? steps : 0) * regularisation,
                     rate: 1 / Double(2 * o + 3))
    }

    /// A pilot fit the data cannot support is rdrobust's "not enough variability" (bw_guard):
    /// the user asked for no polynomial of that order, so the message names the bandwidth.
    private static func pilotFit(_ side: RegressionDiscontinuitySide, rows: Range<Int>, order: Int, h: Double) throws -> PolynomialFit {
        do { return try polynomialFit(side, rows: rows, order: order, h: h) } catch is StatisticsError {
            throw StatisticsError.invalidArgument(noVariability)
        }
    }

    static let noVariability = "not enough variability in the running variable to compute the bandwidth (is it discrete with few values near the cutoff?)"

    /// The MSE-optimal common bandwidths h and b. `left`/`right` hold all units of each side;
    /// `sorted` is every value of the running variable, ascending (for σ and the IQR).
    static func mseBandwidths(left: RegressionDiscontinuitySide, right: RegressionDiscontinuitySide, running sorted: [Double],
                              outcomeSD: Double, p: Int, matches: Int) throws -> Bandwidths {
        let q = p + 1
        let xSD = standardDeviation(sorted)
        let iqr = typeTwoQuantile(sorted, 0.75) - typeTwoQuantile(sorted, 0.25)
        let bwp = min(1, (iqr / xSD) / 1.349)
        // Bandwidth selection treats a side without treatment variation as sharp (perfect
        // compliance), as rdrobust does.
        let fuzzyBandwidth = left.isFuzzy && variance(left.treatment) > 0 && variance(right.treatment) > 0
        func prepare(_ s: RegressionDiscontinuitySide) -> RegressionDiscontinuitySide {
            var t = s.scaled(x: xSD, y: outcomeSD)
            if !fuzzyBandwidth { t.treatment = [] }
            return t
        }
        let l = prepare(left), r = prepare(right)
        let massPoints = 1 - Double(left.distinctCount) / Double(left.count) >= 0.2 || 1 - Double(right.distinctCount) / Double(right.count) >= 0.2
        let rangeLeft = abs(l.distance[0]), rangeRight = abs(r.distance[r.count - 1])
        let bwMax = max(rangeLeft, rangeRight)
        let distinct = left.distinctCount + right.distinctCount
        var pilot = min(2.576 * bwp * pow(Double(distinct), -0.2), bwMax)
        var bwMin = 0.0
        if massPoints {
            let check = 10
            bwMin = max(l.distinctDistance(nearest: min(check, l.distinctCount)),
                        r.distinctDistance(nearest: min(check, r.distinctCount))) * (1 + Double.ulpOfOne.squareRoot())
            pilot = max(pilot, bwMin)
        }
        func combined(_ a: Terms, _ b: Terms, regularise: Bool) -> Double {
            let bias = b.b - a.b
            return pow((a.v + b.v) / (bias * bias + (regularise ? a.r + b.r : 0)), a.rate)
        }
        let widen = 1 + Double.ulpOfOne.squareRoot()
        let dl = try terms(l, o: q + 1, nu: q + 1, oB: q + 2, pilot: pilot, hB: rangeLeft * widen, regularise: false, matches: matches)
        let dr = try terms(r, o: q + 1, nu: q + 1, oB: q + 2, pilot: pilot, hB: rangeRight * widen, regularise: false, matches: matches)
        var d = min(combined(dl, dr, regularise: false), bwMax)
        if massPoints { d = max(d, bwMin) }
        let bl = try terms(l, o: q, nu: p + 1, oB: q + 1, pilot: pilot, hB: d, regularise: true, matches: matches)
        let br = try terms(r, o: q, nu: p + 1, oB: q + 1, pilot: pilot, hB: d, regularise: true, matches: matches)
        let b = min(combined(bl, br, regularise: true), bwMax)
        let hl = try terms(l, o: p, nu: 0, oB: q, pilot: pilot, hB: b, regularise: true, matches: matches)
        let hr = try terms(r, o: p, nu: 0, oB: q, pilot: pilot, hB: b, regularise: true, matches: matches)
        let h = min(combined(hl, hr, regularise: true), bwMax)
        guard h.isFinite, h > 0, b.isFinite, b > 0 else { throw StatisticsError.invalidArgument(noVariability) }
        return Bandwidths(h: h * xSD, b: b * xSD)
    }

    static func standardDeviation(_ x: [Double]) -> Double { variance(x).squareRoot() }

    /// The sample variance (n − 1), two-pass.
    static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        var mean = 0.0
        for v in x { mean += v }
        mean /= Double(x.count)
        var ss = 0.0
        for v in x { ss += (v - mean) * (v - mean) }
        return ss / Double(x.count - 1)
    }

    /// Hyndman–Fan type 2 (the inverse empirical distribution with averaging at jumps), what
    /// rdrobust uses for the IQR of the pilot bandwidth.
    static func typeTwoQuantile(_ sorted: [Double], _ p: Double) -> Double {
        let n = sorted.count
        let g = Double(n) * p
        let j = Int(g.rounded(.down))
        if g == Double(j) { return 0.5 * (sorted[max(j - 1, 0)] + sorted[min(j, n - 1)]) }
        return sorted[min(j, n - 1)]
    }
}
