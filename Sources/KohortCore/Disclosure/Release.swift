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

        // Aggregate every margin: mask bit i set = dimension i collapsed.
        struct Agg { var count = 0; var keySum: UInt64 = 0; var values: [Double] = [] }
        var aggregates: [[Int?]: Agg] = [:]
        var order: [[Int?]] = []
        var strides = Array(repeating: 1, count: d)
        for i in stride(from: d - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
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
                let key: [Int?] = (0..<d).map { mask & (1 << $0) == 0 ? index[$0] : nil }
                var a = aggregates[key] ?? Agg()
                a.count += raw.counts[flat]
                a.keySum = a.keySum &+ raw.keySums[flat]
                if let v = raw.summarize { a.values += v.values[flat] }
                aggregates[key] = a
            }
        }
        var releasedCount: [[Int?]: Int?] = [:]
        var anySuppressed = false, innerSuppressed = 0
        for key in order {
            let a = aggregates[key] ?? Agg()
            let r = Self.table.perturb(count: a.count, keySum: a.keySum)
            let shown: Int? = r < policy.smallCell ? nil : r
            if shown == nil {
                anySuppressed = true
                if !key.contains(nil) { innerSuppressed += 1 }
            }
            releasedCount[key] = shown
        }
        if cellCount > 0, Double(innerSuppressed) / Double(cellCount) > policy.maxSmallCellShare {
            throw DisclosureRefusal(rule: "max_small_cell_share",
                message: "more than \(Int(policy.maxSmallCellShare * 100)) % of the table's cells would be below \(policy.smallCell) and suppressed; use fewer or broader categories")
        }

        func percent(_ key: [Int?], collapsing dims: [Int]) -> Double? {
            var denominatorKey = key
            for dim in dims where dim < d { denominatorKey[dim] = nil }
            guard let numerator = releasedCount[key] ?? nil, let denominator = releasedCount[denominatorKey] ?? nil,
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
                count: releasedCount[key] ?? nil,
                rowPercent: wants.contains(.row) ? percent(key, collapsing: rowDims) : nil,
                columnPercent: wants.contains(.column) ? percent(key, collapsing: columnDims) : nil,
                cellPercent: wants.contains(.cell) ? percent(key, collapsing: [0, 1]) : nil,
                statistics: statistics(aggregates[key]?.values ?? [], releasedCount: releasedCount[key] ?? nil))
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
            let w = ReleaseNumerics.winsorise(v.values, percent: policy.winsorPercent).values
            let levels = [1, 5, 10, 25, 50, 75, 90, 95, 99]
            let q = ReleaseNumerics.percentiles(w, at: levels.map(Double.init))
                .map { ReleaseNumerics.significant($0, policy.significantDigits) }
            return ReleasedVariableSummary(
                name: v.name, n: n, mean: ReleaseNumerics.mean(w), sd: ReleaseNumerics.sd(w),
                percentiles: zip(levels, q).map { ReleasedPercentile(level: $0, value: $1) },
                gini: raw.gini ? ReleaseNumerics.gini(w) : nil,
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

    // MARK: Histogram

    /// `histogram`: the range runs between the winsorising cut points (rounded outwards to
    /// significant_digits), so no extreme value is shown; values beyond are counted in the end
    /// bins. Bin counts follow the count rules (perturbed, small ones suppressed, a histogram with
    /// too many small bins refused), and fewer than minimum_units_statistic values are refused.
    public static func histogram(_ raw: RawHistogram, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        precondition(raw.values.count == raw.recordKeys.count)
        guard raw.values.count >= policy.minimumUnitsStatistic else { throw .minimumUnitsStatistic(policy) }
        let cuts = ReleaseNumerics.winsorCuts(raw.values, percent: policy.winsorPercent)
        let low = roundOutward(cuts.low, digits: policy.significantDigits, down: true)
        var high = roundOutward(cuts.high, digits: policy.significantDigits, down: false)
        if high <= low { high = low + 1 }
        let binCount: Int
        switch raw.bins {
        case .width(let w) where w > 0 && w.isFinite:
            binCount = Int(max(1, min(200, ((high - low) / w).rounded(.up))))
            high = low + Double(binCount) * w
        case .count(let b): binCount = max(1, min(b, 200))
        case .width: binCount = 20
        }
        let width = (high - low) / Double(binCount)
        var acc = CellKeyAccumulator(cells: binCount)
        for i in raw.values.indices {
            let v = min(max(raw.values[i], low), high)
            acc.add(cell: min(binCount - 1, max(0, Int((v - low) / width))), recordKey: raw.recordKeys[i])
        }
        var bins: [ReleasedBin] = [], suppressed = 0
        for b in 0..<binCount {
            let r = Self.table.perturb(count: acc.counts[b], keySum: acc.keySums[b])
            let shown: Int? = r < policy.smallCell ? nil : r
            if shown == nil { suppressed += 1 }
            bins.append(ReleasedBin(from: low + Double(b) * width, to: b == binCount - 1 ? high : low + Double(b + 1) * width, count: shown))
        }
        if Double(suppressed) / Double(binCount) > policy.maxSmallCellShare {
            throw DisclosureRefusal(rule: "max_small_cell_share",
                message: "more than \(Int(policy.maxSmallCellShare * 100)) % of the histogram's bins would be below \(policy.smallCell) and suppressed; use fewer bins")
        }
        let n = releasedN(raw.values.count, keySum: raw.recordKeys.reduce(0, &+), policy: policy)
        var protections: [Protection] = [
            Protection(rule: "winsorised", detail: "The range stops at the \(percentName(policy.winsorPercent)) and \(percentName(100 - policy.winsorPercent)) percentiles so no extreme value is shown; values beyond are counted in the end bins."),
            .cellKeyNoise,
        ]
        if suppressed > 0 { protections.append(.smallCells(policy)) }
        return ReleasedResult(command: command, line: line, payload: .histogram(ReleasedHistogram(variable: raw.variable, n: n, bins: bins)), protections: protections)
    }

    static func roundOutward(_ x: Double, digits: Int, down: Bool) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let magnitude = floor(log10(abs(x)))
        let scale = pow(10, magnitude - Double(digits) + 1)
        return (down ? (x / scale).rounded(.down) : (x / scale).rounded(.up)) * scale
    }

    static func percentName(_ p: Double) -> String {
        let n = compact(p)
        if n.hasSuffix("1") && !n.hasSuffix("11") { return n + "st" }
        if n.hasSuffix("2") && !n.hasSuffix("12") { return n + "nd" }
        if n.hasSuffix("3") && !n.hasSuffix("13") { return n + "rd" }
        return n + "th"
    }

    // MARK: Boxplot

    /// `boxplot`: quartiles of winsorised values; whiskers at the most extreme winsorised values
    /// within 1.5 IQR of the box, so they always stop inside the cut points; no outlier points;
    /// all to significant_digits. A group with fewer than minimum_units_statistic values is
    /// suppressed.
    public static func boxplot(_ raw: RawBoxplot, policy: DisclosurePolicy, command: String, line: Int) -> ReleasedResult {
        var anySuppressed = false
        let boxes = raw.groups.map { g -> ReleasedBox in
            let n = releasedN(g.values.count, keySum: g.keySum, policy: policy)
            guard g.values.count >= policy.minimumUnitsStatistic else {
                anySuppressed = true
                return ReleasedBox(label: g.name, n: n, whiskerLow: nil, q1: nil, median: nil, q3: nil, whiskerHigh: nil)
            }
            let w = ReleaseNumerics.winsorise(g.values, percent: policy.winsorPercent).values
            let q = ReleaseNumerics.percentiles(w, at: [25, 50, 75])
            let iqr = q[2] - q[0]
            // Tukey's adjacent values: the most extreme (winsorised) values within 1.5 IQR.
            let fenceLow = q[0] - 1.5 * iqr, fenceHigh = q[2] + 1.5 * iqr
            var lo = q[0], hi = q[2]
            for v in w {
                if v >= fenceLow && v < lo { lo = v }
                if v <= fenceHigh && v > hi { hi = v }
            }
            let r = { (x: Double) in ReleaseNumerics.significant(x, policy.significantDigits) }
            return ReleasedBox(label: g.name, n: n, whiskerLow: r(lo), q1: r(q[0]), median: r(q[1]), q3: r(q[2]), whiskerHigh: r(hi))
        }
        var protections: [Protection] = [
            .winsorised(policy),
            Protection(rule: "no_outliers", detail: "Whiskers stop inside the \(percentName(policy.winsorPercent))–\(percentName(100 - policy.winsorPercent)) percentiles and no outlier points are drawn."),
            .significantDigits(policy), .cellKeyNoiseN,
        ]
        if anySuppressed { protections.append(.minimumUnitsStatistic(policy)) }
        return ReleasedResult(command: command, line: line, payload: .boxplot(ReleasedBoxplot(variable: raw.variable, groups: boxes)), protections: protections)
    }

    // MARK: Bar chart, pie, sankey

    /// `barchart`: a one- or two-way count table under the table rules; percentages of the
    /// released grand total. Statistic bars (mean, median, sum, sd per category) follow the
    /// magnitude rules: winsorised values, medians to significant_digits, a category with fewer
    /// than minimum_units_statistic values suppressed, sums as mean × released count.
    public static func barchart(_ raw: RawBarchart, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        var protections: [Protection] = []
        let t = try releaseTable(raw.table, options: TableOptions(percentages: raw.percent ? [.cell] : []), policy: policy, protections: &protections)
        let labels = t.cells.map { $0.labels.map { $0 ?? "" } }
        guard !raw.measures.isEmpty else {
            let bars = t.cells.indices.map { ReleasedBar(labels: labels[$0], count: t.cells[$0].count, percent: t.cells[$0].cellPercent) }
            return ReleasedResult(command: command, line: line,
                                  payload: .barchart(ReleasedBarchart(dimensions: t.dimensions, bars: bars, statistic: raw.percent ? "percent" : "count")),
                                  protections: protections)
        }
        var bars: [ReleasedBar] = [], suppressed = false
        for m in raw.measures {
            precondition(m.values.count == t.cells.count, "one value list per cell")
            for (i, cell) in t.cells.enumerated() {
                var value: Double?
                if m.values[i].count >= policy.minimumUnitsStatistic {
                    let w = ReleaseNumerics.winsorise(m.values[i], percent: policy.winsorPercent).values
                    switch m.statistic {
                    case .mean: value = ReleaseNumerics.mean(w)
                    case .sd: value = ReleaseNumerics.sd(w)
                    case .median: value = ReleaseNumerics.significant(ReleaseNumerics.percentiles(w, at: [50])[0], policy.significantDigits)
                    case .sum: value = cell.count.map { ReleaseNumerics.mean(w) * Double($0) }
                    }
                }
                if value == nil { suppressed = true }
                bars.append(ReleasedBar(labels: labels[i], count: cell.count, percent: nil, measure: "\(m.statistic.rawValue) \(m.variable)", value: value))
            }
        }
        protections.append(.winsorised(policy))
        if raw.measures.contains(where: { $0.statistic == .median }) { protections.append(.significantDigits(policy)) }
        if suppressed { protections.append(.minimumUnitsStatistic(policy)) }
        return ReleasedResult(command: command, line: line,
                              payload: .barchart(ReleasedBarchart(dimensions: t.dimensions, bars: bars, statistic: "statistic")),
                              protections: protections)
    }

    /// The statistic a chart command names: `min` and `max` are refused (no extreme value is
    /// ever shown; p1 and p99 stand in), anything else unknown is refused by name.
    public static func barStatistic(named name: String) throws(DisclosureRefusal) -> BarStatistic {
        let lower = name.lowercased()
        if lower == "min" || lower == "max" {
            throw DisclosureRefusal(rule: "no_extremes", message: "(\(lower)) would show a single unit's value; minimum and maximum are never shown (use p1/p99 in summarize)")
        }
        guard let statistic = BarStatistic(rawValue: lower) else {
            throw DisclosureRefusal(rule: "unsupported_statistic",
                message: "(\(name)) is not a chart statistic; use one of " + BarStatistic.allCases.map { "(\($0.rawValue))" }.joined(separator: ", "))
        }
        return statistic
    }

    /// `piechart`: shares are released counts over the released (separately perturbed) total.
    public static func pie(_ raw: RawPie, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        precondition(raw.table.dimensions.count == 1, "a pie has one dimension")
        var protections: [Protection] = []
        let t = try releaseTable(raw.table, options: TableOptions(percentages: [.cell]), policy: policy, protections: &protections)
        let slices = t.cells.map { ReleasedSlice(label: $0.labels[0] ?? "", count: $0.count, share: $0.cellPercent.map { $0 / 100 }) }
        return ReleasedResult(command: command, line: line,
                              payload: .pie(ReleasedPie(variable: t.dimensions[0], total: t.totals.first?.count, slices: slices)),
                              protections: protections)
    }

    /// `sankey`: each flow is a cell under the count rules.
    public static func sankey(_ raw: RawSankey, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        var suppressed = 0
        let flows = raw.flows.map { f -> ReleasedFlow in
            let r = Self.table.perturb(count: f.count, keySum: f.keySum)
            let shown: Int? = r < policy.smallCell ? nil : r
            if shown == nil { suppressed += 1 }
            return ReleasedFlow(from: f.from, to: f.to, count: shown)
        }
        if !flows.isEmpty, Double(suppressed) / Double(flows.count) > policy.maxSmallCellShare {
            throw DisclosureRefusal(rule: "max_small_cell_share",
                message: "more than \(Int(policy.maxSmallCellShare * 100)) % of the flows would be below \(policy.smallCell) and suppressed; use fewer states")
        }
        var protections: [Protection] = [.cellKeyNoise]
        if suppressed > 0 { protections.append(.smallCells(policy)) }
        return ReleasedResult(command: command, line: line, payload: .sankey(ReleasedSankey(stages: raw.stages, flows: flows)), protections: protections)
    }

    // MARK: Hexbin

    /// `hexbin`: gridsize ≤ hexbin_max_gridsize and groups ≤ hexbin_max_groups (else refused);
    /// axes span the winsorising cut points; cell counts perturbed and cells below small_cell not
    /// drawn. An empty region carries no unit-level information, so a sparse hexbin is not refused.
    public static func hexbin(_ raw: RawHexbin, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        precondition(raw.x.count == raw.y.count && raw.x.count == raw.recordKeys.count)
        if raw.gridsize > policy.hexbinMaxGridsize || raw.gridsize < 1 {
            throw DisclosureRefusal(rule: "hexbin_max_gridsize", message: "hexbin gridsize must be between 1 and \(policy.hexbinMaxGridsize)")
        }
        if raw.groupLabels.count > policy.hexbinMaxGroups {
            throw DisclosureRefusal(rule: "hexbin_max_groups", message: "hexbin draws at most \(policy.hexbinMaxGroups) groups")
        }
        guard raw.x.count >= policy.minimumUnitsStatistic else { throw .minimumUnitsStatistic(policy) }
        let xc = ReleaseNumerics.winsorCuts(raw.x, percent: policy.winsorPercent)
        let yc = ReleaseNumerics.winsorCuts(raw.y, percent: policy.winsorPercent)
        let x0 = roundOutward(xc.low, digits: policy.significantDigits, down: true)
        var x1 = roundOutward(xc.high, digits: policy.significantDigits, down: false)
        let y0 = roundOutward(yc.low, digits: policy.significantDigits, down: true)
        var y1 = roundOutward(yc.high, digits: policy.significantDigits, down: false)
        if x1 <= x0 { x1 = x0 + 1 }
        if y1 <= y0 { y1 = y0 + 1 }
        // matplotlib's hexagonal lattice: two interleaved rectangular lattices.
        let nx = raw.gridsize, ny = max(1, Int((Double(nx) / 3.0.squareRoot()).rounded()))
        let sx = (x1 - x0) / Double(nx), sy = (y1 - y0) / Double(ny)
        let lattice1 = (nx + 1) * (ny + 1)
        let cellsPerGroup = lattice1 + nx * ny
        var acc = CellKeyAccumulator(cells: cellsPerGroup * raw.groupLabels.count)
        for i in raw.x.indices {
            let ix = (min(max(raw.x[i], x0), x1) - x0) / sx, iy = (min(max(raw.y[i], y0), y1) - y0) / sy
            let i1 = Int(ix.rounded()), j1 = Int(iy.rounded())
            let i2 = min(nx - 1, Int(ix.rounded(.down))), j2 = min(ny - 1, Int(iy.rounded(.down)))
            let d1 = (ix - Double(i1)) * (ix - Double(i1)) + 3 * (iy - Double(j1)) * (iy - Double(j1))
            let d2 = (ix - Double(i2) - 0.5) * (ix - Double(i2) - 0.5) + 3 * (iy - Double(j2) - 0.5) * (iy - Double(j2) - 0.5)
            let cell = d1 < d2 ? i1 * (ny + 1) + j1 : lattice1 + i2 * ny + j2
            acc.add(cell: (raw.groups?[i] ?? 0) * cellsPerGroup + cell, recordKey: raw.recordKeys[i])
        }
        var anySuppressed = false
        let groups = raw.groupLabels.enumerated().map { (gi, label) -> ReleasedHexGroup in
            var cells: [ReleasedHexCell] = [], suppressed = 0
            for c in 0..<cellsPerGroup {
                let k = gi * cellsPerGroup + c
                guard acc.counts[k] > 0 else { continue }
                let r = Self.table.perturb(count: acc.counts[k], keySum: acc.keySums[k])
                if r < policy.smallCell { if r > 0 { suppressed += 1 }; continue }
                let (cx, cy): (Double, Double) = c < lattice1
                    ? (x0 + Double(c / (ny + 1)) * sx, y0 + Double(c % (ny + 1)) * sy)
                    : (x0 + (Double((c - lattice1) / ny) + 0.5) * sx, y0 + (Double((c - lattice1) % ny) + 0.5) * sy)
                cells.append(ReleasedHexCell(x: cx, y: cy, count: r))
            }
            if suppressed > 0 { anySuppressed = true }
            return ReleasedHexGroup(label: label, cells: cells, suppressedCells: suppressed)
        }
        var protections: [Protection] = [
            Protection(rule: "winsorised", detail: "The axes stop at the \(percentName(policy.winsorPercent)) and \(percentName(100 - policy.winsorPercent)) percentiles; values beyond are counted at the edges."),
            .cellKeyNoise,
        ]
        if anySuppressed { protections.append(Protection(rule: "small_cell_suppression", detail: "Cells with fewer than \(policy.smallCell) units are not drawn.")) }
        return ReleasedResult(command: command, line: line,
                              payload: .hexbin(ReleasedHexbin(xVariable: raw.xVariable, yVariable: raw.yVariable, gridsize: raw.gridsize,
                                                              xRange: x0...x1, yRange: y0...y1, groups: groups)),
                              protections: protections)
    }

    // MARK: Correlation

    /// `correlate`: Pearson correlations of winsorised values; N perturbed; refused under
    /// minimum_units_statistic complete cases.
    public static func correlation(_ raw: RawCorrelation, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        let n = raw.columns.first?.count ?? 0
        precondition(raw.columns.allSatisfy { $0.count == n } && raw.columns.count == raw.variables.count)
        guard n >= policy.minimumUnitsStatistic else { throw .minimumUnitsStatistic(policy) }
        let w = raw.columns.map { column -> [Double] in
            let cuts = ReleaseNumerics.winsorCuts(column, percent: policy.winsorPercent)
            return column.map { min(max($0, cuts.low), cuts.high) }
        }
        let matrix = w.indices.map { i in w.indices.map { j in i == j ? 1.0 : ReleaseNumerics.pearson(w[i], w[j]) } }
        return ReleasedResult(command: command, line: line,
                              payload: .correlation(ReleasedCorrelation(variables: raw.variables, n: releasedN(n, keySum: raw.keySum, policy: policy), matrix: matrix)),
                              protections: [.winsorised(policy), .cellKeyNoiseN])
    }
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
