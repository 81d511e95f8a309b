/// The estimate at given bandwidths h and b: conventional, bias-corrected and robust rows
/// (Calonico, Cattaneo & Titiunik 2014, sections 3–5, as rdrobust implements them).
///
/// Per side, with p-th order regressors R_p(d) weighted by K_h and q-th order R_q by K_b:
/// β_p = G_p⁻¹ Σ w_h R_p y is the conventional fit; the bias-corrected one replaces each row's
/// w_h R_p by Q = w_h R_p − (e_{p+1}ᵀ G_q⁻¹ R_q w_b) · Σ w_h R_p d^(p+1), which subtracts the
/// estimated (p + 1)-th order bias. Variances are G_p⁻¹ (Σ r² A Aᵀ) G_p⁻¹ with A = w_h R_p
/// (conventional) or Q (robust) and r the nearest-neighbour residuals.
///
/// The fit works in u = d/h rather than d: the intercept and its variance do not change
/// (the regressors are only rescaled and the kernel weights multiplied by a constant), but
/// the Gram matrices stay well conditioned whatever the unit of the running variable
/// (kroner around 600 000 with p = 2 would otherwise need d⁶ ≈ 10³⁰ next to 1).
extension RegressionDiscontinuity {
    /// Sums of one side: the jumps need both sides before the variance can be combined.
    private struct SideFit {
        var conventional: (y: Double, t: Double)
        var biasCorrected: (y: Double, t: Double)
        /// G_p⁻¹ M G_p⁻¹ [0, 0] for the three residual products (yy, yt, tt), conventional and robust.
        var conventionalVariance: (yy: Double, yt: Double, tt: Double)
        var robustVariance: (yy: Double, yt: Double, tt: Double)
        var inH: Int
        var inB: Int
    }

    private static func fitSide(_ raw: RegressionDiscontinuitySide, h: Double, b: Double, p: Int, matches: Int) throws -> SideFit {
        let side = raw.scaled(x: h, y: 1)
        let hu = 1.0, bu = b / h
        let q = p + 1
        let hRows = side.window(hu), bRows = side.window(bu)
        guard side.distinct(in: hRows) >= p + 1 else { throw StatisticsError.invalidArgument(notEnoughValues(raw, order: p)) }
        guard side.distinct(in: bRows) >= q + 1 else { throw StatisticsError.invalidArgument(notEnoughValues(raw, order: q)) }
        let rows = h > b ? hRows : bRows
        let fuzzy = side.isFuzzy
        // Pass 1: moments of the h-weights up to 2p + 1 (G_p and Σ w_h R_p d^(p+1)), of the
        // b-weights up to 2q (G_q), and the conventional right-hand sides.
        var mh = [Double](repeating: 0, count: 2 * p + 2), mb = [Double](repeating: 0, count: 2 * q + 1)
        var hy = [Double](repeating: 0, count: p + 1), ht = [Double](repeating: 0, count: p + 1)
        for i in rows {
            let d = side.distance[i]
            let wh = RegressionDiscontinuitySide.weight(d, hu), wb = RegressionDiscontinuitySide.weight(d, bu)
            let y = side.outcome[i], t = fuzzy ? side.treatment[i] : 0
            var ph = wh, pb = wb
            for m in 0...(2 * q) {
                if m <= 2 * p + 1 { mh[m] += ph }
                if m <= p { hy[m] += ph * y; ht[m] += ph * t }
                mb[m] += pb
                ph *= d; pb *= d
            }
        }
        let gp = try invertGram(hankel(mh, order: p), notEnoughValues(raw, order: p))
        let gq = try invertGram(hankel(mb, order: q), notEnoughValues(raw, order: q))
        let betaY = gp * hy, betaT = gp * ht
        let biasRow = (0...q).map { gq[p + 1, $0] }   // e_{p+1}ᵀ G_q⁻¹
        let residuals = nearestNeighbourResiduals(side, rows: rows, matches: matches)
        // Pass 2: Q's right-hand sides and the meats Σ r r' A Aᵀ for both A.
        var qy = [Double](repeating: 0, count: p + 1), qt = [Double](repeating: 0, count: p + 1)
        let k = p + 1
        // Meats Σ r r' A Aᵀ for the residual products yy, yt, tt (blocks of k·k, upper triangle).
        var meatC = [Double](repeating: 0, count: 3 * k * k), meatR = meatC
        var a = [Double](repeating: 0, count: k), qrow = [Double](repeating: 0, count: k)
        let blocks = fuzzy ? 3 : 1
        for i in rows {
            let d = side.distance[i]
            let wh = RegressionDiscontinuitySide.weight(d, hu), wb = RegressionDiscontinuitySide.weight(d, bu)
            var dp = 1.0, mi = 0.0
            for j in 0...q { mi += biasRow[j] * dp; if j < k { a[j] = wh * dp }; dp *= d }
            mi *= wb
            for j in 0..<k { qrow[j] = a[j] - mi * mh[j + p + 1] }
            let y = side.outcome[i], t = fuzzy ? side.treatment[i] : 0
            for j in 0..<k { qy[j] += qrow[j] * y; qt[j] += qrow[j] * t }
            let ry = residuals.outcome[i - rows.lowerBound], rt = fuzzy ? residuals.treatment[i - rows.lowerBound] : 0
            for block in 0..<blocks {
                let r2 = block == 0 ? ry * ry : block == 1 ? ry * rt : rt * rt
                let base = block * k * k
                for j in 0..<k {
                    for l in j..<k {
                        meatC[base + j * k + l] += r2 * a[j] * a[l]
                        meatR[base + j * k + l] += r2 * qrow[j] * qrow[l]
                    }
                }
            }
        }
        func intercept(_ meat: [Double], _ block: Int) -> Double {
            // (G_p⁻¹ M G_p⁻¹)[0, 0] = g₀ᵀ M g₀ with g₀ the first row of G_p⁻¹.
            var v = 0.0
            let base = block * k * k
            for j in 0..<k { for l in 0..<k { v += gp[0, j] * meat[base + min(j, l) * k + max(j, l)] * gp[0, l] } }
            return v
        }
        let bcY = (gp * qy)[0], bcT = (gp * qt)[0]
        return SideFit(conventional: (betaY[0], betaT[0]), biasCorrected: (bcY, bcT),
                       conventionalVariance: (intercept(meatC, 0), intercept(meatC, 1), intercept(meatC, 2)),
                       robustVariance: (intercept(meatR, 0), intercept(meatR, 1), intercept(meatR, 2)),
                       inH: hRows.count, inB: bRows.count)
    }

    static func localEstimate(left: RegressionDiscontinuitySide, right: RegressionDiscontinuitySide, cutoff: Double, h: Double, b: Double, p: Int,
                              matches: Int, level: Double, selection: BandwidthSelection) throws -> Result {
        let l = try fitSide(left, h: h, b: b, p: p, matches: matches)
        let r = try fitSide(right, h: h, b: b, p: p, matches: matches)
        let tauY = r.conventional.y - l.conventional.y, tauYbc = r.biasCorrected.y - l.biasCorrected.y
        // The variance of s₀·y-part + s₁·t-part from the three residual products.
        func variance(_ s: (Double, Double), _ v: (SideFit) -> (yy: Double, yt: Double, tt: Double)) -> Double {
            [l, r].reduce(0) { acc, f in
                let m = v(f)
                return acc + s.0 * s.0 * m.yy + 2 * s.0 * s.1 * m.yt + s.1 * s.1 * m.tt
            }
        }
        var estimate = tauY, corrected = tauYbc, s = (1.0, 0.0)
        var firstStage: [Row]?
        if left.isFuzzy {
            let tauT = r.conventional.t - l.conventional.t, tauTbc = r.biasCorrected.t - l.biasCorrected.t
            guard tauT != 0, tauT.isFinite else {
                throw StatisticsError.invalidArgument("the treatment does not jump at the cutoff within the bandwidth: the fuzzy effect is not identified")
            }
            estimate = tauY / tauT
            s = (1 / tauT, -tauY / (tauT * tauT))
            corrected = estimate - (s.0 * (tauY - tauYbc) + s.1 * (tauT - tauTbc))
            let seT = variance((0, 1), \.conventionalVariance).squareRoot(), seTr = variance((0, 1), \.robustVariance).squareRoot()
            firstStage = [Row(estimate: tauT, standardError: seT, level: level), Row(estimate: tauTbc, standardError: seT, level: level),
                          Row(estimate: tauTbc, standardError: seTr, level: level)]
        }
        let se = variance(s, \.conventionalVariance).squareRoot(), seRobust = variance(s, \.robustVariance).squareRoot()
        guard se > 0, seRobust > 0, se.isFinite, seRobust.isFinite else {
            throw StatisticsError.invalidArgument("the outcome does not vary between neighbouring values of the running variable near the cutoff: every standard error would be zero")
        }
        return Result(conventional: Row(estimate: estimate, standardError: se, level: level),
                      biasCorrected: Row(estimate: corrected, standardError: se, level: level),
                      robust: Row(estimate: corrected, standardError: seRobust, level: level),
                      firstStage: firstStage,
                      observations: (left.count, right.count), effective: (l.inH, r.inH), biasObservations: (l.inB, r.inB),
                      cutoff: cutoff, h: h, b: b, polynomial: p, selection: selection, level: level)
    }
}
