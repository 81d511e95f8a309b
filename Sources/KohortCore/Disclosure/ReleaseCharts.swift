import Foundation

/// The release functions for charts (histogram, boxplot, bar, pie, sankey, hexbin) and the
/// correlation matrix: the same count and magnitude rules as tables and summaries, applied to
/// what a chart would otherwise reveal (extents, extremes, small bars).
extension Release {
    // MARK: Histogram

    /// `histogram`: the range runs between the winsorising cut points (rounded outwards to
    /// significant_digits), so no extreme value is shown; values beyond are counted in the end
    /// bins. Bin counts follow the count rules (perturbed, small ones suppressed, a histogram with
    /// too many small bins refused), and fewer than minimum_units_statistic values are refused.
    public static func histogram(_ raw: RawHistogram, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        precondition(raw.values.count == (raw.narrowKeys?.count ?? raw.recordKeys.count))
        guard raw.values.count >= policy.minimumUnitsStatistic else { throw .minimumUnitsStatistic(policy) }
        let cuts = ReleaseNumerics.winsorCuts(raw.values, percent: policy.winsorPercent, profile: raw.profile, tails: raw.tails)
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
        let acc = raw.narrowKeys.map { ReleaseNumerics.binCounts(raw.values, recordKeys: $0, low: low, high: high, width: width, bins: binCount) }
            ?? ReleaseNumerics.binCounts(raw.values, recordKeys: raw.recordKeys, low: low, high: high, width: width, bins: binCount)
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
        // Every value lands in a bin (the end bins take what lies beyond), so the bins' key sums
        // add up to the key sum of all the values.
        let n = releasedN(raw.values.count, keySum: acc.keySums.reduce(0, &+), policy: policy)
        var protections: [Protection] = [
            Protection(rule: "winsorised", detail: "The range stops at the \(percentName(policy.winsorPercent)) and \(percentName(100 - policy.winsorPercent)) percentiles so no extreme value is shown; values beyond are counted in the end bins."),
            .cellKeyNoise,
        ]
        if suppressed > 0 { protections.append(.smallCells(policy)) }
        var normal: ReleasedNormalCurve?
        if raw.normal {
            // The curve's mean and sd are exactly what `summarize` releases for these values:
            // moments of the values winsorised at the same cut points (never raw moments).
            let moments = WinsorSelection(raw.values, percent: policy.winsorPercent, levels: [], profile: raw.profile).moments(raw.values)
            if moments.sd > 0 && moments.sd.isFinite {
                normal = ReleasedNormalCurve(mean: moments.mean, sd: moments.sd)
                protections.append(Protection(rule: "normal_curve_winsorised",
                    detail: "The normal curve uses the mean and sd summarize would release: of values winsorised at the \(percentName(policy.winsorPercent)) and \(percentName(100 - policy.winsorPercent)) percentiles."))
            }
        }
        return ReleasedResult(command: command, line: line,
                              payload: .histogram(ReleasedHistogram(variable: raw.variable, n: n, bins: bins, scale: raw.scale, normal: normal)),
                              protections: protections)
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
        let w = raw.columns.map { winsorised($0, policy: policy) }
        let matrix = w.indices.map { i in w.indices.map { j in i == j ? 1.0 : ReleaseNumerics.pearson(w[i], w[j]) } }
        return ReleasedResult(command: command, line: line,
                              payload: .correlation(ReleasedCorrelation(variables: raw.variables, n: releasedN(n, keySum: raw.keySum, policy: policy), matrix: matrix)),
                              protections: [.winsorised(policy), .cellKeyNoiseN])
    }
}
