import Foundation

/// The release functions: the only code that turns raw engine and estimator output into
/// `ReleasedResult`s. Each applies the policy's rules (DESIGN.md §4, README "Privacy and
/// disclosure control"), throws `DisclosureRefusal` naming the rule when a result cannot be
/// released at all, and lists the protections it applied.
public enum Release {
    static let table = PerturbationTable.standard

    // MARK: Messages

    /// Text with no unit-level content (textblock, variables, help).
    public static func message(_ text: String, command: String, line: Int) -> ReleasedResult {
        ReleasedResult(command: command, line: line, payload: .message(ReleasedMessage(text: text)), protections: [])
    }

    // MARK: Tables

    /// `tabulate` with one to three dimensions. Counts, margins and the grand total are each
    /// perturbed as cells in their own right; released counts below `small_cell` become nil
    /// (0 included: a true 0 and a true 1 perturbed to 0 must look alike); more than
    /// `max_small_cell_share` suppressed inner cells refuses the table. Percentages divide
    /// released counts by released margins. χ² is computed from the released counts and only
    /// when no inner cell is suppressed.
    public static func table(_ raw: RawTable, options: TableOptions = TableOptions(), policy: DisclosurePolicy,
                             command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        var protections: [Protection] = []
        let released = try releaseTable(raw, options: options, policy: policy, protections: &protections)
        return ReleasedResult(command: command, line: line, payload: .table(released), protections: protections)
    }

    static func releaseTable(_ raw: RawTable, options: TableOptions, policy: DisclosurePolicy,
                             protections: inout [Protection]) throws(DisclosureRefusal) -> ReleasedTable {
        let d = raw.dimensions.count
        precondition((1...3).contains(d), "tables have one to three dimensions")
        precondition(raw.categories.count == d)
        let shape = raw.categories.map(\.count)
        let cellCount = shape.reduce(1, *)
        precondition(raw.counts.count == cellCount && raw.keySums.count == cellCount, "one count and key sum per cell")
        if let v = raw.summarize { precondition(v.values.count == cellCount, "one value list per cell") }

        // Aggregate every margin: mask bit i set = dimension i collapsed. A cell or margin key
        // (nil = collapsed) has a slot in a dense array over (shape + 1) per dimension, the
        // last index of each standing for nil: no hashing of keys (thousands of them for
        // municipality × education).
        struct Agg { var count = 0; var keySum: UInt64 = 0; var values: [Double] = [] }
        var order: [[Int?]] = []
        var strides = Array(repeating: 1, count: d)
        for i in stride(from: d - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
        var slotStrides = Array(repeating: 1, count: d)
        for i in stride(from: d - 2, through: 0, by: -1) { slotStrides[i] = slotStrides[i + 1] * (shape[i + 1] + 1) }
        let slots = (0..<d).reduce(1) { $0 * (shape[$1] + 1) }
        func slot(_ key: [Int?]) -> Int {
            var s = 0
            for i in 0..<d { s += (key[i] ?? shape[i]) * slotStrides[i] }
            return s
        }
        var aggregates = [Agg](repeating: Agg(), count: slots)
        for mask in 0..<(1 << d) {
            // Enumerate this margin's cells in row-major order for a stable output.
            let kept = (0..<d).filter { mask & (1 << $0) == 0 }
            var combos: [[Int?]] = [Array(repeating: nil, count: d)]
            for dim in kept {
                combos = combos.flatMap { c in (0..<shape[dim]).map { k in var n = c; n[dim] = k; return n } }
            }
            order += combos
        }
        for flat in 0..<cellCount {
            let index = (0..<d).map { flat / strides[$0] % shape[$0] }
            for mask in 0..<(1 << d) {
                var at = 0
                for i in 0..<d { at += (mask & (1 << i) == 0 ? index[i] : shape[i]) * slotStrides[i] }
                aggregates[at].count += raw.counts[flat]
                aggregates[at].keySum = aggregates[at].keySum &+ raw.keySums[flat]
                if let v = raw.summarize { aggregates[at].values += v.values[flat] }
            }
        }
        var releasedCount = [Int?](repeating: nil, count: slots)
        var anySuppressed = false, innerSuppressed = 0
        for key in order {
            let a = aggregates[slot(key)]
            let r = Self.table.perturb(count: a.count, keySum: a.keySum)
            let shown: Int? = r < policy.smallCell ? nil : r
            if shown == nil {
                anySuppressed = true
                if !key.contains(nil) { innerSuppressed += 1 }
            }
            releasedCount[slot(key)] = shown
        }
        if cellCount > 0, Double(innerSuppressed) / Double(cellCount) > policy.maxSmallCellShare {
            throw DisclosureRefusal(rule: "max_small_cell_share",
                message: "more than \(Int(policy.maxSmallCellShare * 100)) % of the table's cells would be below \(policy.smallCell) and suppressed; use fewer or broader categories")
        }

        func percent(_ key: [Int?], collapsing dims: [Int]) -> Double? {
            var denominatorKey = key
            for dim in dims where dim < d { denominatorKey[dim] = nil }
            guard let numerator = releasedCount[slot(key)], let denominator = releasedCount[slot(denominatorKey)],
                  denominator > 0 else { return nil }
            return 100 * Double(numerator) / Double(denominator)
        }
        let wants = Set(options.percentages)
        let statisticNames = raw.summarize == nil ? [] : ["mean", "sd", "sum", "p25", "p50", "p75"]
        var statisticSuppressed = false
        // The sum is the winsorised mean times the *released* count: an exact sum next to the
        // mean would give the exact count (sum / mean) and undo the perturbation.
        func statistics(_ values: [Double], releasedCount: Int?) -> [Double?] {
            guard raw.summarize != nil else { return [] }
            guard values.count >= policy.minimumUnitsStatistic else {
                statisticSuppressed = true
                return Array(repeating: nil, count: statisticNames.count)
            }
            let w = ReleaseNumerics.winsorise(values, percent: policy.winsorPercent).values
            let q = ReleaseNumerics.percentiles(w, at: [25, 50, 75]).map { ReleaseNumerics.significant($0, policy.significantDigits) }
            let mean = ReleaseNumerics.mean(w)
            return [mean, ReleaseNumerics.sd(w), releasedCount.map { mean * Double($0) }, q[0], q[1], q[2]]
        }
        var cells: [ReleasedTableCell] = [], totals: [ReleasedTableCell] = []
        for key in order {
            let rowDims = d >= 2 ? [1] : [0], columnDims = d >= 2 ? [0] : [0]
            let cell = ReleasedTableCell(
                index: key,
                labels: (0..<d).map { dim in key[dim].map { raw.categories[dim][$0] } },
                count: releasedCount[slot(key)],
                rowPercent: wants.contains(.row) ? percent(key, collapsing: rowDims) : nil,
                columnPercent: wants.contains(.column) ? percent(key, collapsing: columnDims) : nil,
                cellPercent: wants.contains(.cell) ? percent(key, collapsing: [0, 1]) : nil,
                statistics: statistics(aggregates[slot(key)].values, releasedCount: releasedCount[slot(key)]))
            if key.contains(nil) { totals.append(cell) } else { cells.append(cell) }
        }

        var chi: ReleasedChiSquared?
        var chiWithheld = false
        if options.chiSquared {
            if d == 2 && innerSuppressed == 0 {
                chi = chiSquared(rows: shape[0], columns: shape[1], counts: cells.map { $0.count ?? 0 })
            } else {
                chiWithheld = true
            }
        }

        protections.append(.cellKeyNoise)
        if anySuppressed { protections.append(.smallCells(policy)) }
        if !wants.isEmpty { protections.append(.percentagesFromReleased) }
        if chi != nil { protections.append(Protection(rule: "chi2_from_released", detail: "The chi-squared test uses the perturbed counts.")) }
        if chiWithheld {
            protections.append(Protection(rule: "chi2_withheld", detail: d == 2
                ? "The chi-squared test is withheld because the table has suppressed cells."
                : "The chi-squared test is given for two-way tables only."))
        }
        if raw.summarize != nil {
            protections.append(.winsorised(policy))
            protections.append(.significantDigits(policy))
            if statisticSuppressed { protections.append(.minimumUnitsStatistic(policy)) }
        }
        return ReleasedTable(dimensions: raw.dimensions, categories: raw.categories, cells: cells, totals: totals,
                             percentages: TablePercentage.allCases.filter(wants.contains),
                             showsCounts: options.frequencies || wants.isEmpty,
                             summaryVariable: raw.summarize?.variable, statisticNames: statisticNames,
                             chiSquared: chi, smallCell: policy.smallCell)
    }

    static func chiSquared(rows: Int, columns: Int, counts: [Int]) -> ReleasedChiSquared? {
        var rowSums = Array(repeating: 0.0, count: rows), colSums = Array(repeating: 0.0, count: columns)
        for r in 0..<rows { for c in 0..<columns { rowSums[r] += Double(counts[r * columns + c]); colSums[c] += Double(counts[r * columns + c]) } }
        let total = rowSums.reduce(0, +)
        let usedRows = rowSums.filter { $0 > 0 }.count, usedColumns = colSums.filter { $0 > 0 }.count
        guard total > 0, usedRows > 1, usedColumns > 1 else { return nil }
        var x = 0.0
        for r in 0..<rows where rowSums[r] > 0 {
            for c in 0..<columns where colSums[c] > 0 {
                let e = rowSums[r] * colSums[c] / total
                let o = Double(counts[r * columns + c])
                x += (o - e) * (o - e) / e
            }
        }
        let df = (usedRows - 1) * (usedColumns - 1)
        return ReleasedChiSquared(statistic: x, degreesOfFreedom: df, p: ReleaseNumerics.chiSquaredTail(x, df: df))
    }

    // MARK: Summaries

    /// `summarize`: n perturbed; mean, sd, Gini and percentiles from values winsorised at
    /// winsor_percent / 100 − winsor_percent (never beyond the second most extreme value);
    /// percentiles (and IQR) to significant_digits; no minimum or maximum (p1 and p99 stand in);
    /// a variable with fewer than minimum_units_statistic values is suppressed.
    public static func summary(_ raw: RawSummary, policy: DisclosurePolicy, command: String, line: Int) -> ReleasedResult {
        var anySuppressed = false
        let variables = raw.variables.map { v in
            let r = Self.table.perturb(count: v.values.count, keySum: v.keySum)
            let n: Int? = r < policy.smallCell ? nil : r
            guard v.values.count >= policy.minimumUnitsStatistic else {
                anySuppressed = true
                return ReleasedVariableSummary(name: v.name, n: n, mean: nil, sd: nil, percentiles: [], gini: nil, iqr: nil)
            }
            // One selection gives the cut points and the winsorised percentiles; the moments
            // clamp on the fly (WinsorSelection: identical to winsorising a copy first).
            let levels = [1, 5, 10, 25, 50, 75, 90, 95, 99]
            let ws = WinsorSelection(v.values, percent: policy.winsorPercent, levels: levels.map(Double.init), profile: v.profile)
            let q = ws.percentiles.map { ReleaseNumerics.significant($0, policy.significantDigits) }
            let moments = ws.moments(v.values)
            return ReleasedVariableSummary(
                name: v.name, n: n, mean: moments.mean, sd: moments.sd,
                percentiles: zip(levels, q).map { ReleasedPercentile(level: $0, value: $1) },
                gini: raw.gini ? ReleaseNumerics.gini(ws.clamped(v.values)) : nil,
                iqr: raw.iqr ? ReleaseNumerics.significant(q[5] - q[3], policy.significantDigits) : nil)
        }
        var protections: [Protection] = [.cellKeyNoiseN, .winsorised(policy), .significantDigits(policy), .noExtremes]
        if anySuppressed { protections.append(.minimumUnitsStatistic(policy)) }
        return ReleasedResult(command: command, line: line, payload: .summary(ReleasedSummary(variables: variables)), protections: protections)
    }

    // MARK: Models

    /// Checks a model against the model rules; throws the first rule it breaks.
    static func checkModel(_ raw: RawModel, policy: DisclosurePolicy) throws(DisclosureRefusal) {
        if raw.n < policy.minimumPopulation {
            throw DisclosureRefusal(rule: "minimum_population",
                message: "the model uses fewer than \(policy.minimumPopulation) observations; models need at least that many")
        }
        if let df = raw.residualDF, df < policy.minimumResidualDF {
            throw DisclosureRefusal(rule: "minimum_residual_df",
                message: "the model has fewer than \(policy.minimumResidualDF) residual degrees of freedom; use fewer terms")
        }
        if let small = raw.categoryCounts.first(where: { $0.count < policy.minimumCategoryUnits }) {
            throw DisclosureRefusal(rule: "minimum_category_units",
                message: "category '\(small.category)' of \(small.variable) has fewer than \(policy.minimumCategoryUnits) units; a dummy or binary outcome needs at least that many in each category")
        }
    }

    static func releasedN(_ count: Int, keySum: UInt64, policy: DisclosurePolicy) -> Int? {
        let r = Self.table.perturb(count: count, keySum: keySum)
        return r < policy.smallCell ? nil : r
    }

    /// A fitted model: refused when N < minimum_population, residual df < minimum_residual_df,
    /// or any category of a binary outcome or dummy regressor has < minimum_category_units
    /// units (the refusal names the rule). Coefficients are released exactly; N is perturbed.
    public static func model(_ raw: RawModel, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        try checkModel(raw, policy: policy)
        let model = ReleasedModel(estimator: raw.estimator, dependent: raw.dependent,
                                  n: releasedN(raw.n, keySum: raw.nKeySum, policy: policy),
                                  coefficients: raw.coefficients.map(released), logLikelihood: raw.logLikelihood, r2: raw.r2,
                                  iterations: raw.iterations, statisticName: raw.statisticName, level: raw.level)
        return ReleasedResult(command: command, line: line, payload: .model(model), protections: [.modelRules(policy), .cellKeyNoiseN])
    }

    static func released(_ c: RawCoefficient) -> ReleasedCoefficient {
        ReleasedCoefficient(term: c.term, estimate: c.estimate, se: c.se, statistic: c.statistic, p: c.p, ciLow: c.ciLow, ciHigh: c.ciHigh)
    }

    /// `coefplot`: the same rules as the model; the constant is left out unless asked for.
    public static func coefplot(_ raw: RawCoefplot, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        try checkModel(raw.model, policy: policy)
        let terms = raw.model.coefficients.filter { c in raw.terms.map { $0.contains(c.term) } ?? (c.term != "_cons") }
        let plot = ReleasedCoefplot(estimator: raw.model.estimator, level: raw.model.level, coefficients: terms.map(released))
        return ReleasedResult(command: command, line: line, payload: .coefplot(plot), protections: [.modelRules(policy)])
    }

    // MARK: Survival

    /// `kaplan-meier`: times coarsened up to the grid (an event at day 41 on a 30-day grid is
    /// counted at 60); at each grid time the number at risk and the events are perturbed as
    /// cells, and survival is the product of (1 − events/at risk) over those perturbed counts,
    /// so the curve shows nothing the released counts do not; each curve stops before the first
    /// grid time where fewer than km_minimum_at_risk units remain at risk.
    public static func survival(_ raw: RawSurvival, policy: DisclosurePolicy, command: String, line: Int) -> ReleasedResult {
        precondition(raw.gridWidth > 0)
        // A released number at risk must never fall below small_cell, whatever the policy says.
        let minimumAtRisk = max(policy.kmMinimumAtRisk, policy.smallCell + Self.table.bound)
        var anyCut = false, anySuppressed = false
        let curves = raw.groups.map { g -> ReleasedSurvivalCurve in
            precondition(g.times.count == g.events.count && g.times.count == g.recordKeys.count)
            let bins = g.times.map { max(1, Int(($0 / raw.gridWidth).rounded(.up))) }
            let last = bins.max() ?? 0
            var leaving = Array(repeating: 0, count: last + 2), leavingKeys = Array(repeating: UInt64(0), count: last + 2)
            var events = Array(repeating: 0, count: last + 2), eventKeys = Array(repeating: UInt64(0), count: last + 2)
            for i in bins.indices {
                leaving[bins[i]] += 1; leavingKeys[bins[i]] = leavingKeys[bins[i]] &+ g.recordKeys[i]
                if g.events[i] { events[bins[i]] += 1; eventKeys[bins[i]] = eventKeys[bins[i]] &+ g.recordKeys[i] }
            }
            // at risk at grid k = units whose coarsened time ≥ k
            var atRisk = g.times.count, atRiskKeys = g.recordKeys.reduce(UInt64(0), &+)
            guard atRisk >= minimumAtRisk else {
                anyCut = true
                return ReleasedSurvivalCurve(label: g.label, steps: [], cutAt: 0)
            }
            var steps = [ReleasedSurvivalStep(time: 0, survival: 1, atRisk: Self.table.perturb(count: atRisk, keySum: atRiskKeys), events: 0)]
            var s = 1.0
            var cut: Double?
            for k in 1...max(1, last) {
                if atRisk < minimumAtRisk { cut = Double(k) * raw.gridWidth; anyCut = true; break }
                let n = Self.table.perturb(count: atRisk, keySum: atRiskKeys)
                let e = min(n, Self.table.perturb(count: events[k], keySum: eventKeys[k]))
                if n > 0 { s *= 1 - Double(e) / Double(n) }
                let shown: Int? = e < policy.smallCell ? nil : e
                if shown == nil { anySuppressed = true }
                steps.append(ReleasedSurvivalStep(time: Double(k) * raw.gridWidth, survival: s, atRisk: n, events: shown))
                atRisk -= leaving[k]; atRiskKeys = atRiskKeys &- leavingKeys[k]
            }
            return ReleasedSurvivalCurve(label: g.label, steps: steps, cutAt: cut)
        }
        var protections: [Protection] = [
            Protection(rule: "km_time_grid", detail: "Times are coarsened to a \(compact(raw.gridWidth))-\(singular(raw.timeUnit)) grid."),
            Protection(rule: "cell_key_noise", detail: "Numbers at risk and events are perturbed by the cell key method, and survival is computed from the perturbed numbers."),
        ]
        if anyCut { protections.append(Protection(rule: "km_minimum_at_risk", detail: "Curves stop where fewer than \(minimumAtRisk) remain at risk.")) }
        if anySuppressed { protections.append(.smallCells(policy)) }
        return ReleasedResult(command: command, line: line, payload: .survival(ReleasedSurvival(groups: curves, gridWidth: raw.gridWidth, timeUnit: raw.timeUnit)), protections: protections)
    }

    static func singular(_ unit: String) -> String { unit.hasSuffix("s") ? String(unit.dropLast()) : unit }
    static func compact(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

}

extension DisclosureRefusal {
    static func minimumUnitsStatistic(_ policy: DisclosurePolicy) -> DisclosureRefusal {
        DisclosureRefusal(rule: "minimum_units_statistic", message: "fewer than \(policy.minimumUnitsStatistic) units have a value; a statistic needs at least that many")
    }
}

extension Protection {
    static let cellKeyNoise = Protection(rule: "cell_key_noise",
        detail: "Counts are perturbed by the cell key method (at most ±2), totals separately, so cells need not add up to totals.")
    static let cellKeyNoiseN = Protection(rule: "cell_key_noise", detail: "N is perturbed by the cell key method (at most ±2).")
    static let percentagesFromReleased = Protection(rule: "percentages_from_released", detail: "Percentages are computed from the perturbed counts.")
    static let noExtremes = Protection(rule: "no_extremes", detail: "Minimum and maximum are not shown; p1 and p99 stand in.")
    static func smallCells(_ p: DisclosurePolicy) -> Protection {
        Protection(rule: "small_cell_suppression", detail: "Counts below \(p.smallCell) are suppressed (..).")
    }
    static func winsorised(_ p: DisclosurePolicy) -> Protection {
        Protection(rule: "winsorised", detail: "Statistics use values winsorised at the \(Release.percentName(p.winsorPercent)) and \(Release.percentName(100 - p.winsorPercent)) percentiles.")
    }
    static func significantDigits(_ p: DisclosurePolicy) -> Protection {
        Protection(rule: "significant_digits", detail: "Percentiles are rounded to \(p.significantDigits) significant digits.")
    }
    static func minimumUnitsStatistic(_ p: DisclosurePolicy) -> Protection {
        Protection(rule: "minimum_units_statistic", detail: "Statistics over fewer than \(p.minimumUnitsStatistic) units are suppressed.")
    }
    static func modelRules(_ p: DisclosurePolicy) -> Protection {
        Protection(rule: "model_rules", detail: "The model meets the rules (N ≥ \(p.minimumPopulation), residual df ≥ \(p.minimumResidualDF), ≥ \(p.minimumCategoryUnits) units per category of binary variables); coefficients are exact.")
    }
}
