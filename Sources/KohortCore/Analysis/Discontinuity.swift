import Foundation
import Statistics

/// Regression discontinuity: `rdd y x [, cutoff(c) fuzzy(t) polynomial(p) bandwidth(h) level(#)]`,
/// what microdata.no's "Sharp Robust RDD" / "Fuzzy Robust RDD" is: rdrobust's defaults
/// (RegressionDiscontinuity, docs/statistics.md). The cutoff defaults to 0, as in microdata.no.
extension Models {
    /// The estimate is released as rdrobust's three rows (Conventional, Bias-corrected, Robust)
    /// through `Release.model`. Its sample, for the population rules and the query-set audit,
    /// is the rows that enter the estimate: complete cases within max(h, b) of the cutoff. The
    /// per-side counts in the note are perturbed like every released count.
    static func rdd(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (vars, controls) = try split(c, outcomes: 2)
        guard controls.isEmpty else { throw c.error("rdd takes an outcome and a running variable: rdd y x [, cutoff(c)]") }
        let cutoff = try c.command.option("cutoff").map { o -> Double in
            if let n = try? o.number() { return n }
            let e = try o.expression()
            let v = try c.dataset.numbers(of: e)
            guard let first = v.first, first.isFinite else { throw c.error("cutoff() must be a number") }
            return first
        } ?? 0
        let fuzzy = try c.names("fuzzy")
        if let f = fuzzy { guard f.count == 1 else { throw c.error("fuzzy() takes one treatment variable") } }
        var options = RegressionDiscontinuity.Options(cutoff: cutoff, level: level)
        if let p = try c.number("polynomial") {
            guard p == p.rounded(), (0...4).contains(p) else { throw c.error("polynomial() must be 0, 1, 2, 3 or 4") }
            options.polynomial = Int(p)
        }
        if let h = try c.number("bandwidth") {
            guard h > 0, h.isFinite else { throw c.error("bandwidth() must be positive") }
            options.bandwidth = h
        }
        let complete = try c.mask(complete: vars + (fuzzy ?? []))
        try c.checkPopulation(complete)
        let n0 = complete.reduce(0) { $0 + ($1 ? 1 : 0) }
        let xAll = try c.numbers(vars[1])
        let x0 = xAll.selected(complete, count: n0), y0 = try c.numbers(vars[0]).selected(complete, count: n0)
        let t0 = try fuzzy.map { try c.numbers($0[0]).selected(complete, count: n0) }
        let r = try RegressionDiscontinuity.estimate(outcome: y0, running: x0, treatment: t0, options: options)

        // The sample: complete rows inside the reach of the fit; the sides within it and within h.
        var sample = complete, below = complete, belowH = complete, aboveH = complete
        for i in sample.indices where complete[i] {
            let x = xAll[i]
            sample[i] = r.uses(running: x)
            below[i] = x < cutoff
            let effective = r.isEffective(running: x)
            belowH[i] = effective && x < cutoff
            aboveH[i] = effective && x >= cutoff
        }
        let above = zip(complete, below).map { $0 && !$1 }
        try c.checkPopulation(sample)
        let n = sample.reduce(0) { $0 + ($1 ? 1 : 0) }
        let sideOfSample = xAll.selected(sample, count: n).map { $0 >= cutoff ? 1.0 : 0.0 }
        var counts = binaryCounts("\(vars[1]) ≥ cutoff", sideOfSample)
        if let f = fuzzy?.first {
            let t = try c.numbers(f).selected(sample, count: n)
            // A 0/1 treatment is a dummy: both levels need minimum_category_units units.
            if t.allSatisfy({ $0 == 0 || $0 == 1 }) { counts += binaryCounts(f, t) }
        }
        let k = 2 * (r.polynomial + 1)
        try Release.checkModel(RawModel(estimator: "rdd", coefficients: [], n: n, nKeySum: 0, residualDF: n - k, categoryCounts: counts), policy: c.policy)
        c.audit(sample)

        let design = fuzzy == nil ? "sharp" : "fuzzy"
        let rows = [("Conventional", r.conventional), ("Bias-corrected", r.biasCorrected), ("Robust", r.robust)]
        var out = Fit(raw: RawModel(estimator: "rdd (\(design) robust RD, local polynomial, triangular kernel)", dependent: vars[0],
                                    coefficients: rows.map { coefficient($0.0, $0.1) }, n: n, nKeySum: c.keySum(sample),
                                    residualDF: n - k, categoryCounts: counts, statisticName: "z", level: level))
        func released(_ mask: [Bool]) -> String {
            let count = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
            return Release.releasedN(count, keySum: c.keySum(mask), policy: c.policy).map(String.init) ?? "<\(c.policy.smallCell)"
        }
        out.footer.append(rddSummary(r, cutoff: cutoff, counts: (released(below), released(above)),
                                     effective: (released(belowH), released(aboveH))))
        if let f = fuzzy?.first, let first = r.firstStage {
            if first[0].standardError > 0 {
                out.footer.append(String(format: "First stage (jump in %@): conventional %.6g (se %.6g); robust: bias-corrected %.6g (se %.6g, z = %.2f)",
                                         f, first[0].estimate, first[0].standardError, first[2].estimate, first[2].standardError, first[2].z))
            } else {
                out.footer.append(String(format: "First stage (jump in %@): %.6g, with no variation on either side (perfect compliance: the effect is the sharp one)",
                                         f, first[0].estimate))
            }
            out.footer.append("The effect is the jump in \(vars[0]) over the jump in \(f) at the cutoff (delta-method variance).")
        }
        return out
    }

    private static func coefficient(_ term: String, _ row: RegressionDiscontinuity.Row) -> RawCoefficient {
        RawCoefficient(term: term, estimate: row.estimate, se: row.standardError, statistic: row.z, p: row.p, ciLow: row.lower, ciHigh: row.upper)
    }

    /// rdrobust's header block, left and right of the cutoff.
    private static func rddSummary(_ r: RegressionDiscontinuity.Result, cutoff: Double, counts: (String, String), effective: (String, String)) -> String {
        let selection: String
        switch r.selection {
        case .mseOptimal: selection = "mserd (MSE-optimal, common)"
        case .manual: selection = "manual (h = b)"
        case .wholeRange: selection = "whole range (fewer than 20 observations)"
        }
        func line(_ label: String, _ a: String, _ b: String) -> String {
            label.padding(toLength: 22, withPad: " ", startingAt: 0) + String(repeating: " ", count: max(0, 12 - a.count)) + a
                + String(repeating: " ", count: max(0, 12 - b.count)) + b
        }
        let h = String(format: "%.6g", r.h), b = String(format: "%.6g", r.b)
        return [line(String(format: "Cutoff c = %.6g", cutoff), "Left of c", "Right of c"),
                line("Number of obs", counts.0, counts.1),
                line("Eff. number of obs", effective.0, effective.1),
                line("Order est. (p)", "\(r.polynomial)", "\(r.polynomial)"),
                line("Order bias (q)", "\(r.polynomial + 1)", "\(r.polynomial + 1)"),
                line("BW est. (h)", h, h),
                line("BW bias (b)", b, b),
                "Bandwidth: \(selection); kernel: triangular; variance: nearest neighbour (3 matches)",
                "Robust is the row to report: bias-corrected estimate, robust standard error and interval (Calonico, Cattaneo & Titiunik 2014)"]
            .joined(separator: "\n")
    }
}
