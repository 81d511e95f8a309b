import Foundation
import Statistics

/// summarize, summarize-panel, ci, normaltest, anova (correlate is in Correlate.swift).
enum Summaries {
    static func variables(_ c: AnalysisContext) throws -> [String] {
        let v = c.analysis.variables
        guard !v.isEmpty else { throw c.error("'\(c.name)' needs at least one variable") }
        return v
    }

    /// Non-missing values of `name` under `mask` (nil = every row) and their key sum; with
    /// `profiled`, a whole large column comes with its bucket profile (what `summarize`'s
    /// release selects and sums from).
    static func values(_ c: AnalysisContext, _ name: String, mask: [Bool]?, profiled: Bool = false) throws -> RawSummaryVariable {
        let x = try c.numbers(name)
        // Every row selected and none missing: the column itself, no copy. A large column's
        // NaN check is its bucket profile's counting pass, handed on to the release.
        if mask.map({ !$0.contains(false) }) ?? true {
            let profile = profiled ? BucketProfile(x, moments: true) : nil
            if !(profile?.hasNaN ?? RowScan.anyNaN(x)) {
                if x.count >= c.policy.minimumUnitsStatistic { c.audit(selection: nil) }
                var raw = RawSummaryVariable(name: name, values: x, keySum: c.keySum(selection: nil))
                raw.profile = profile
                return raw
            }
        }
        let keys = c.recordKeys
        var out: [Double] = []
        out.reserveCapacity(x.count)
        var s: UInt64 = 0
        x.withUnsafeBufferPointer { xb in
            keys.withUnsafeBufferPointer { kb in
                if let mask {
                    mask.withUnsafeBufferPointer { mb in
                        for i in 0..<xb.count where mb[i] && !xb[i].isNaN { out.append(xb[i]); s = s &+ UInt64(kb[i]) }
                    }
                } else {
                    for i in 0..<xb.count where !xb[i].isNaN { out.append(xb[i]); s = s &+ UInt64(kb[i]) }
                }
            }
        }
        // Below minimum_units_statistic nothing is released from these values.
        if out.count >= c.policy.minimumUnitsStatistic { c.audit(selection: mask, values: x) }
        return RawSummaryVariable(name: name, values: out, keySum: s)
    }

    static func summarize(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = try variables(c)
        let mask = try c.selection(complete: [])
        try c.checkPopulation(selection: mask)
        let raw = RawSummary(variables: try names.map { try values(c, $0, mask: mask, profiled: true) }, gini: c.has("gini"), iqr: c.has("iqr"))
        return [Release.summary(raw, policy: c.policy, command: c.source, line: c.line)]
    }

    /// One summary per panel date: the variables named `x@YYYY-MM-DD`.
    static func summarizePanel(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = try variables(c)
        guard c.dataset.isPanel, c.dataset.column(named: "date@panel") != nil else {
            throw c.error("'\(c.dataset.name)' is not a panel (import-panel or reshape-to-panel first)")
        }
        let mask = try c.mask(complete: [])
        try c.checkPopulation(mask)
        let dates = try c.categorical("date@panel")
        var vars: [RawSummaryVariable] = []
        for (k, label) in dates.labels.enumerated() {
            let m = zip(mask, dates.codes).map { $0 && $1 == Int32(k) }
            let day = Double(label).map { Day(Int32($0)).description } ?? label
            for n in names {
                var v = try values(c, n, mask: m)
                v.name = "\(n)@\(day)"
                vars.append(v)
            }
        }
        return [Release.summary(RawSummary(variables: vars, gini: c.has("gini"), iqr: c.has("iqr")), policy: c.policy, command: c.source, line: c.line)]
    }

    /// `ci x`: mean with its t interval, released under the model rules (the mean is a
    /// constant-only regression's coefficient).
    static func ci(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let level = try c.level()
        var out: [ReleasedResult] = []
        for n in try variables(c) {
            let mask = try c.mask(complete: [n])
            try c.checkPopulation(mask)
            let v = try values(c, n, mask: mask)
            let r = try Descriptives.meanConfidenceInterval(v.values, level: level)
            let df = Double(v.values.count - 1)
            let coef = RawCoefficient(term: n, estimate: r.mean, se: r.standardError, statistic: r.mean / r.standardError,
                                      p: 2 * StudentT.survival(abs(r.mean / r.standardError), degreesOfFreedom: df),
                                      ciLow: r.lower, ciHigh: r.upper)
            let raw = RawModel(estimator: "ci", dependent: nil, coefficients: [coef], n: v.values.count, nKeySum: v.keySum,
                               residualDF: v.values.count - 1, statisticName: "t", level: level)
            out.append(try Release.model(raw, policy: c.policy, command: c.source, line: c.line))
        }
        return out
    }

    /// Shapiro–Wilk (3 … 5000 observations, as Royston's algorithm); released as a test
    /// statistic after the population rule.
    static func normaltest(_ c: AnalysisContext) throws -> [ReleasedResult] {
        var lines = ["Shapiro–Wilk W test for normal data", "variable        W          p"]
        for n in try variables(c) {
            let mask = try c.mask(complete: [n])
            try c.checkPopulation(mask)
            let v = try values(c, n, mask: mask)
            guard v.values.count <= 5000 else {
                throw c.error("normaltest (Shapiro–Wilk) works on at most 5000 observations; draw a sample first (sample 5000 1)")
            }
            let r = try ShapiroWilk.test(v.values)
            lines.append(n.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%8.5f %10.4f", r.w, r.pValue))
        }
        return [c.message(lines.joined(separator: "\n"))]
    }

    /// `anova y a [b …]`: one-way (with Bartlett) or n-way partial sums of squares, after the
    /// model rules (N, residual df, every group ≥ minimum_category_units).
    static func anova(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = try variables(c)
        guard names.count >= 2 else { throw c.error("anova needs an outcome and at least one grouping variable") }
        let y = names[0], groups = Array(names.dropFirst())
        let mask = try c.mask(complete: names)
        try c.checkPopulation(mask)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let yv = try c.numbers(y).selected(mask, count: n)
        var terms: [ANOVA.Term] = []
        var counts: [RawCategoryCount] = []
        var codesFirst: [Int32] = [], labelsFirst: [String] = [], usedFirst: [Int] = []
        for g in groups {
            let cat = try c.categorical(g)
            let codes = cat.codes.selected(mask, count: n)
            var size = [Int](repeating: 0, count: cat.count)
            for k in codes { size[Int(k)] += 1 }
            for (k, s) in size.enumerated() where s > 0 { counts.append(RawCategoryCount(variable: g, category: cat.labels[k], count: s)) }
            let used = size.indices.filter { size[$0] > 0 }
            terms.append(ANOVA.Term(name: g, columns: used.dropFirst().map { k in codes.map { $0 == Int32(k) ? 1.0 : 0.0 } }))
            if codesFirst.isEmpty { codesFirst = codes; labelsFirst = cat.labels; usedFirst = used }
        }
        let k = terms.reduce(1) { $0 + $1.columns.count }
        let raw = RawModel(estimator: "anova", coefficients: [], n: n, nKeySum: c.keySum(mask), residualDF: n - k, categoryCounts: counts)
        try Release.checkModel(raw, policy: c.policy)
        c.audit(mask)
        // Only F, its numerator df and p are shown: sums of squares, mean squares, residual df
        // or R² next to F would give the exact N back.
        var lines: [String] = []
        var oneWay: ANOVA.OneWay?
        if groups.count == 1 {
            // Dense codes over used groups only, in category order (the post-hoc table's order).
            var remap = [Int32](repeating: -1, count: labelsFirst.count)
            for (d, k) in usedFirst.enumerated() { remap[k] = Int32(d) }
            let dense = codesFirst.map { remap[Int($0)] }
            let r = try ANOVA.oneWay(values: yv, groups: dense)
            oneWay = r
            lines = ["Analysis of variance: \(y) by \(groups[0])",
                     "Source          df        F          Prob > F",
                     row(groups[0], r.betweenDegreesOfFreedom, r.fStatistic, r.pValue)]
            if let b = r.bartlettChiSquared, let p = r.bartlettPValue {
                lines.append(String(format: "Bartlett's test for equal variances: chi2(%d) = %.4f  Prob>chi2 = %.4f", r.betweenDegreesOfFreedom, b, p))
            }
        } else {
            let t = try ANOVA.partial(y: yv, terms: terms)
            lines = ["Analysis of variance (partial SS): \(y) by \(groups.joined(separator: ", "))",
                     "Source          df        F          Prob > F"]
            for term in t.terms { lines.append(row(term.name, term.degreesOfFreedom, term.fStatistic, term.pValue)) }
        }
        lines.append("Sums of squares, residual df and N are not shown (with F they would give the exact N); the model rules were checked (N ≥ \(c.policy.minimumPopulation), every group ≥ \(c.policy.minimumCategoryUnits) units).")
        var out = [c.message(lines.joined(separator: "\n"))]
        if let methods = try c.postHocMethods() {
            guard let r = oneWay else { throw c.error("post-hoc comparisons are for a one-way anova (one grouping variable)") }
            out += try posthoc(c, r, methods: methods, outcome: y,
                               labels: usedFirst.map { labelsFirst[$0] }, raw: raw)
        }
        return out
    }

    /// `anova y g, posthoc` (every method), `posthoc(tukey)` or `anova y g, bonferroni scheffe
    /// sidak`: Stata's `oneway` / `pwcompare` pairwise comparisons, one released model per method. Each row is a difference of
    /// two group means with its pooled-MSE standard error, the method's adjusted p and its
    /// simultaneous interval: the numbers `regress y i.g` would release for the same contrasts,
    /// so they go through the same model release (model rules, perturbed N).
    static func posthoc(_ c: AnalysisContext, _ r: ANOVA.OneWay, methods: [PostHocMethod], outcome: String,
                        labels: [String], raw: RawModel) throws -> [ReleasedResult] {
        let level = try c.level()
        let comparisons = ANOVA.pairwiseComparisons(r)
        return try methods.map { m in
            let crit = m.criticalValue(groups: r.groupMeans.count, degreesOfFreedom: Double(r.withinDegreesOfFreedom), level: level)
            var model = raw
            model.estimator = "anova posthoc (\(m.rawValue)): mean difference, row − column"
            model.dependent = outcome
            model.statisticName = "t"
            model.level = level
            model.coefficients = comparisons.map { k in
                RawCoefficient(term: "\(labels[k.second]) − \(labels[k.first])", estimate: k.difference, se: k.standardError,
                               statistic: k.t, p: m.pValue(k), ciLow: k.difference - crit * k.standardError,
                               ciHigh: k.difference + crit * k.standardError)
            }
            return try Release.model(model, policy: c.policy, command: c.source, line: c.line)
        }
    }

    static func row(_ name: String, _ df: Int, _ f: Double, _ p: Double) -> String {
        name.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: " %-9d %-10.2f %.4f", df, f, p)
    }

}
