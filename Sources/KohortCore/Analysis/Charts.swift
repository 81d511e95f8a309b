import Foundation
import Statistics

/// histogram, barchart, boxplot, hexbin, sankey, piechart.
enum Charts {
    /// Values and record keys of the rows in `mask` with a value.
    static func valuesAndKeys(_ c: AnalysisContext, _ x: [Double], mask: [Bool]) -> ([Double], [UInt64]) {
        let keys = c.recordKeys
        var v: [Double] = [], k: [UInt64] = []
        v.reserveCapacity(x.count); k.reserveCapacity(x.count)
        x.withUnsafeBufferPointer { xb in
            keys.withUnsafeBufferPointer { kb in
                mask.withUnsafeBufferPointer { mb in
                    for i in 0..<xb.count where mb[i] && !xb[i].isNaN { v.append(xb[i]); k.append(UInt64(kb[i])) }
                }
            }
        }
        return (v, k)
    }

    static func one(_ c: AnalysisContext, _ what: String) throws -> String {
        let v = c.analysis.variables
        guard v.count == 1 else { throw c.error("\(c.name) takes one \(what)") }
        return v[0]
    }

    /// `histogram x [, bin(n) width(w) discrete by(g) density|fraction|percent|frequency normal]`. The
    /// bins span the winsorising cut points (Release.histogram); with by() one histogram per
    /// group. The scale only changes the heights, which come from the released counts.
    static func histogram(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let name = try one(c, "variable")
        let x = try c.numbers(name)
        // The normal curve needs the winsorised moments (a bucket profile with sums); the bars
        // need only the cut points, near both ends of the column (`TailSelection`).
        var mask: [Bool]?, profile: BucketProfile?, tails: TailSelection?
        if c.has("normal") {
            (mask, profile) = try c.selection(profiling: name, x, moments: true)
        } else {
            (mask, tails) = try tailSelection(c, name, x)
        }
        try c.checkPopulation(selection: try c.selection(complete: []))
        var bins: HistogramBins
        if let w = try c.number("width") {
            guard w > 0 else { throw c.error("width() must be positive") }
            bins = .width(w)
        } else if c.has("discrete") {
            bins = .width(1)
        } else if let b = try c.number("bin") {
            guard b >= 1, b <= 200 else { throw c.error("bin() must be between 1 and 200") }
            bins = .count(Int(b))
        } else {
            // Stata's default min(√N, 10·log₁₀N) from the *released* N: the exact N would change
            // the number of bins at thresholds and so reveal whether one unit is in the selection.
            // (`mask` already leaves out the missing values.)
            let count = mask.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? x.count
            let n = Double(PerturbationTable.standard.perturb(count: count, keySum: c.keySum(selection: mask)))
            bins = .count(Int(max(1, min(n.squareRoot(), 10 * log10(max(n, 1))).rounded(.down))))
        }
        let scale = try histogramScale(c)
        guard let by = try c.names("by") else {
            // Without a mask no value is missing (`selection` checked), so no value is read.
            c.audit(selection: mask, values: mask == nil ? nil : x)
            guard let mask else {
                // Every row has a value: the column and the cached keys themselves, no copies.
                var raw = RawHistogram(variable: name, values: x, narrowKeys: c.recordKeys, bins: bins, scale: scale, normal: c.has("normal"))
                raw.profile = profile
                raw.tails = tails
                return [try Release.histogram(raw, policy: c.policy, command: c.source, line: c.line)]
            }
            let (v, k) = valuesAndKeys(c, x, mask: mask)
            return [try Release.histogram(RawHistogram(variable: name, values: v, recordKeys: k, bins: bins, scale: scale, normal: c.has("normal")), policy: c.policy, command: c.source, line: c.line)]
        }
        guard by.count == 1 else { throw c.error("by() takes one variable") }
        let g = try c.categorical(by[0])
        guard g.count <= c.policy.hexbinMaxGroups else { throw c.error("histogram, by() draws at most \(c.policy.hexbinMaxGroups) groups") }
        let all = mask ?? [Bool](repeating: true, count: x.count)
        return try (0..<g.count).map { k in
            let m = zip(all, g.codes).map { $0 && $1 == Int32(k) }
            let (v, keys) = valuesAndKeys(c, x, mask: m)
            c.audit(m, values: x)
            return try Release.histogram(RawHistogram(variable: "\(name) (\(by[0]) = \(g.display[k]))", values: v, recordKeys: keys, bins: bins, scale: scale,
                                                           normal: c.has("normal")),
                                         policy: c.policy, command: c.source, line: c.line)
        }
    }

    /// `selection(complete: [name])` for the numeric column `x` of `name`, and, when there is
    /// no condition and the column is large, the order statistics of the histogram's cut
    /// points: their pass is also the missing-value check (nil tails when a value is missing).
    static func tailSelection(_ c: AnalysisContext, _ name: String, _ x: [Double]) throws -> (selection: [Bool]?, tails: TailSelection?) {
        let ranks = WinsorSelection.ranks(count: x.count, percent: c.policy.winsorPercent, levels: [])
        guard c.command.condition == nil, let tails = TailSelection(x, ranks: ranks) else {
            return (try c.selection(complete: [name]), nil)
        }
        return tails.hasNaN ? (try c.mask(complete: [name]), nil) : (nil, tails)
    }

    /// The y scale: `frequency` (or `freq`; Kohort's default), `density`, `fraction` or
    /// `percent`, as Stata's options; at most one.
    static func histogramScale(_ c: AnalysisContext) throws -> HistogramScale {
        var chosen = HistogramScale.allCases.filter { c.has($0.rawValue) }
        if c.has("freq") && !chosen.contains(.frequency) { chosen.append(.frequency) }
        guard chosen.count <= 1 else { throw c.error("histogram takes one of frequency, density, fraction, percent") }
        return chosen.first ?? .frequency
    }

    /// `barchart (mean) x (median) y, over(g) [by(h)]`, or count bars `barchart g [h]` /
    /// `barchart, over(g) by(h)`.
    static func barchart(_ c: AnalysisContext) throws -> [ReleasedResult] {
        var measures: [(BarStatistic, String)] = []
        var current: BarStatistic?
        var plain: [String] = []
        for a in c.analysis.arguments {
            switch a {
            case .statistic(let s): current = try Release.barStatistic(named: s)
            case .term(let t):
                if let s = current { measures.append((s, t.factors[0].name)) } else { plain.append(t.factors[0].name) }
            default: break
            }
        }
        var over = try c.names("over") ?? []
        if let by = try c.names("by") { over += by }
        if measures.isEmpty && over.isEmpty { over = plain }
        else if !plain.isEmpty && !measures.isEmpty { measures = [(BarStatistic.mean, plain[0])] + measures }
        guard (1...2).contains(over.count) else { throw c.error("barchart needs one or two category variables (over() and by())") }
        let mask = try c.mask(complete: over)
        try c.checkPopulation(mask)
        let dims = try over.map { try c.categorical($0) }
        let acc = Tables.count(c, dims, mask: mask)
        let table = RawTable(dimensions: over, categories: dims.map(\.display), accumulator: acc)
        if measures.isEmpty {
            return [try Release.barchart(RawBarchart(table: table, percent: c.has("percent")), policy: c.policy, command: c.source, line: c.line)]
        }
        let shape = dims.map(\.count)
        let raws = try measures.map { (s, v) -> RawBarMeasure in
            let x = try c.numbers(v)
            var values = [[Double]](repeating: [], count: acc.counts.count)
            var rows = [[Int]](repeating: [], count: acc.counts.count)
            for i in mask.indices where mask[i] && !x[i].isNaN {
                var cell = 0
                for (d, dim) in dims.enumerated() { cell = cell * shape[d] + Int(dim.codes[i]) }
                values[cell].append(x[i])
                rows[cell].append(i)
            }
            // Each bar's statistic has its own sample (below minimum_units_statistic none is shown).
            for r in rows where r.count >= c.policy.minimumUnitsStatistic { c.audit(rows: r) }
            return RawBarMeasure(statistic: s, variable: v, values: values)
        }
        return [try Release.barchart(RawBarchart(table: table, measures: raws), policy: c.policy, command: c.source, line: c.line)]
    }

    /// `boxplot x [, over(g)]`.
    static func boxplot(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let name = try one(c, "variable")
        let mask = try c.mask(complete: [name])
        try c.checkPopulation(try c.mask(complete: []))
        guard let over = try c.names("over") else {
            return [Release.boxplot(RawBoxplot(variable: name, groups: [try Summaries.values(c, name, mask: mask)]), policy: c.policy, command: c.source, line: c.line)]
        }
        guard over.count == 1 else { throw c.error("over() takes one variable") }
        let g = try c.categorical(over[0])
        let groups = try (0..<g.count).map { k -> RawSummaryVariable in
            var v = try Summaries.values(c, name, mask: zip(mask, g.codes).map { $0 && $1 == Int32(k) })
            v.name = g.display[k]
            return v
        }
        return [Release.boxplot(RawBoxplot(variable: name, groups: groups), policy: c.policy, command: c.source, line: c.line)]
    }

    /// `hexbin x y [, gridsize(n)]`.
    static func hexbin(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let v = c.analysis.variables
        guard v.count == 2 else { throw c.error("hexbin takes two variables (x y)") }
        let mask = try c.mask(complete: v)
        try c.checkPopulation(mask)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let x = try c.numbers(v[0]).selected(mask, count: n), y = try c.numbers(v[1]).selected(mask, count: n)
        c.audit(mask)
        let keys = c.recordKeys.enumerated().compactMap { mask[$0.offset] ? UInt64($0.element) : nil }
        let grid = Int(try c.number("gridsize") ?? 20)
        return [try Release.hexbin(RawHexbin(xVariable: v[0], yVariable: v[1], x: x, y: y, recordKeys: keys, gridsize: grid),
                                   policy: c.policy, command: c.source, line: c.line)]
    }

    /// `sankey a b [c …]`: flows between the states of consecutive variables, per unit.
    static func sankey(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let v = c.analysis.variables
        guard v.count >= 2 else { throw c.error("sankey takes two or more variables (the stages in order)") }
        let mask = try c.mask(complete: v)
        try c.checkPopulation(mask)
        let dims = try v.map { try c.categorical($0) }
        var flows: [RawFlow] = []
        for s in 0..<(v.count - 1) {
            let acc = Tables.count(c, [dims[s], dims[s + 1]], mask: mask)
            let k = dims[s + 1].count
            for cell in acc.counts.indices where acc.counts[cell] > 0 {
                flows.append(RawFlow(from: "\(v[s])=\(dims[s].display[cell / k])", to: "\(v[s + 1])=\(dims[s + 1].display[cell % k])",
                                     count: acc.counts[cell], keySum: acc.keySums[cell]))
            }
        }
        return [try Release.sankey(RawSankey(stages: v, flows: flows), policy: c.policy, command: c.source, line: c.line)]
    }

    static func piechart(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let name = try one(c, "variable")
        let mask = try c.mask(complete: [name])
        try c.checkPopulation(mask)
        let g = try c.categorical(name)
        let acc = Tables.count(c, [g], mask: mask)
        return [try Release.pie(RawPie(table: RawTable(dimensions: [name], categories: [g.display], accumulator: acc)),
                                policy: c.policy, command: c.source, line: c.line)]
    }
}
