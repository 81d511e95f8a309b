import Foundation
import Statistics

/// Regression discontinuity: `rdd y x, cutoff(c) [bandwidth(h)] [fuzzy(t)]`, local linear with
/// a triangular kernel on the window |x − c| < h (docs/statistics.md).
extension Models {
    /// Sharp: weighted OLS of y on D = (x ≥ c), (x − c) and D·(x − c) within h; the effect is
    /// D's coefficient, with HC1 standard errors of that weighted fit. Fuzzy (`fuzzy(t)`): the
    /// weighted 2SLS of y on t instrumented by D (RegressionDiscontinuity.fuzzy), i.e. the
    /// outcome jump over the treatment jump, HC1 standard errors.
    static func rdd(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (vars, controls) = try split(c, outcomes: 2)
        guard controls.isEmpty else { throw c.error("rdd takes an outcome and a running variable: rdd y x, cutoff(c)") }
        guard let cutoff = try c.command.option("cutoff").map({ o -> Double in
            if let n = try? o.number() { return n }
            let e = try o.expression()
            let v = try c.dataset.numbers(of: e)
            guard let first = v.first, !first.isNaN else { throw c.error("cutoff() must be a number") }
            return first
        }) else { throw c.error("rdd needs cutoff(value)") }
        let fuzzy = try c.names("fuzzy")
        if let f = fuzzy { guard f.count == 1 else { throw c.error("fuzzy() takes one treatment variable") } }
        let mask0 = try c.mask(complete: vars + (fuzzy ?? []))
        let n0 = mask0.reduce(0) { $0 + ($1 ? 1 : 0) }
        let x0 = try c.numbers(vars[1]).selected(mask0, count: n0)
        var h: Double
        if let b = try c.number("bandwidth") {
            guard b > 0 else { throw c.error("bandwidth() must be positive") }
            h = b
        } else {
            // Silverman's rule of thumb on the running variable (documented; not an MSE-optimal bandwidth).
            let s = try Descriptives.summarize(x0)
            h = 1.06 * s.standardDeviation * pow(Double(max(n0, 1)), -0.2)
        }
        var mask = mask0
        let xAll = try c.numbers(vars[1])
        for i in mask.indices where mask[i] && abs(xAll[i] - cutoff) >= h { mask[i] = false }
        try c.checkPopulation(mask)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let x = xAll.selected(mask, count: n), y = try c.numbers(vars[0]).selected(mask, count: n)
        let d = x.map { $0 >= cutoff ? 1.0 : 0.0 }
        var counts = binaryCounts("D (\(vars[1]) ≥ cutoff)", d)
        let bandwidthNote = String(format: "cutoff = %.6g   bandwidth = %.6g%@", cutoff, h, c.has("bandwidth") ? "" : " (rule of thumb)")
        if let f = fuzzy?.first {
            let t = try c.numbers(f).selected(mask, count: n)
            // A 0/1 treatment is a dummy: both levels need minimum_category_units units.
            if t.allSatisfy({ $0 == 0 || $0 == 1 }) { counts += binaryCounts(f, t) }
            try Release.checkModel(RawModel(estimator: "rdd", coefficients: [], n: n, nKeySum: 0, residualDF: n - 4, categoryCounts: counts), policy: c.policy)
            c.audit(mask)
            let r = try RegressionDiscontinuity.fuzzy(y: y, treatment: t, running: x, cutoff: cutoff, bandwidth: h,
                                                      names: (f, vars[1]), level: level)
            var fit = Fit(raw: RawModel(estimator: "rdd (fuzzy, local linear, triangular kernel, 2SLS)", dependent: vars[0],
                                        coefficients: coefficients(r.table), n: r.observations, nKeySum: c.keySum(mask),
                                        residualDF: r.observations - 4, categoryCounts: counts, statisticName: "t", level: level))
            let fs = r.firstStage.table
            fit.footer.append(bandwidthNote + "   \(f) is the effect at the cutoff: the jump in \(vars[0]) over the jump in \(f); HC1 standard errors of the kernel-weighted 2SLS")
            fit.footer.append(String(format: "Jump in %@ = %.6g   jump in %@ = %.6g (se %.6g, t = %.2f)", vars[0], r.outcomeJump, f, r.treatmentJump,
                                     fs.standardErrors[0], fs.statistics[0]))
            return fit
        }
        try Release.checkModel(RawModel(estimator: "rdd", coefficients: [], n: n, nKeySum: 0, residualDF: n - 4, categoryCounts: counts), policy: c.policy)
        c.audit(mask)
        let w = x.map { max(0, 1 - abs($0 - cutoff) / h) }
        let xc = x.map { $0 - cutoff }
        let dm = try DesignMatrix(columns: [d, xc, zip(d, xc).map { $0 * $1 }], names: ["rd_effect", "\(vars[1])_c", "rd_effect#\(vars[1])_c"])
        let r = try OLS.fit(y: y, design: dm, options: OLS.Options(variance: .robust, level: level, weights: w))
        var fit = Fit(raw: RawModel(estimator: "rdd (sharp, local linear, triangular kernel)", dependent: vars[0], coefficients: coefficients(r.table),
                                    n: r.observations, nKeySum: c.keySum(mask), residualDF: r.dfResidual, categoryCounts: counts,
                                    r2: r.rSquared, statisticName: "t", level: level))
        fit.footer.append(bandwidthNote + "   rd_effect is the jump at the cutoff; HC1 standard errors of the kernel-weighted fit")
        return fit
    }
}
