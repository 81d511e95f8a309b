import Foundation

/// Text for tables, summaries, models and correlation matrices.
enum TableText {
    static func render(_ t: ReleasedTable, glyphs: ChartGlyphs) -> String {
        if t.summaryVariable != nil { return volume(t, glyphs: glyphs) }
        var out: String
        switch t.dimensions.count {
        case 1: out = oneWay(t, glyphs: glyphs)
        case 2: out = twoWay(t, layer: nil, glyphs: glyphs)
        default:
            out = ""
            for l in Array(t.categories[2].indices).map(Optional.some) + [nil] {
                out += "\(t.dimensions[2]) = \(l.map { t.categories[2][$0] } ?? "Total")\n"
                out += twoWay(t, layer: l, glyphs: glyphs) + "\n"
            }
            out.removeLast()
        }
        if let chi = t.chiSquared {
            out += "Pearson chi2(\(chi.degreesOfFreedom)) = \(TextFormat.fixed(chi.statistic, decimals: 2))   p = \(TextFormat.fixed(chi.p, decimals: 3))\n"
        }
        return out
    }

    static func oneWay(_ t: ReleasedTable, glyphs: ChartGlyphs) -> String {
        // In a one-way table every kind of percentage divides by the total.
        let wantsPercent = !t.percentages.isEmpty
        func pct(_ c: ReleasedTableCell?) -> [String] {
            wantsPercent ? [TextFormat.percent(c?.cellPercent ?? c?.rowPercent ?? c?.columnPercent)] : []
        }
        func count(_ c: ReleasedTableCell?) -> [String] { t.showsCounts ? [TextFormat.count(c?.count)] : [] }
        var rows: [[String]] = [[t.dimensions[0]] + (t.showsCounts ? ["Count"] : []) + (wantsPercent ? ["Percent"] : [])]
        for k in t.categories[0].indices {
            let c = t.cell([k])
            rows.append([t.categories[0][k]] + count(c) + pct(c))
        }
        let total = t.cell([nil])
        rows.append(["Total"] + count(total) + pct(total))
        return TextFormat.columns(rows, rules: [1, rows.count - 1], glyphs: glyphs)
    }

    /// Rows = first dimension, columns = second (plus Total); percentages on their own lines.
    static func twoWay(_ t: ReleasedTable, layer: Int?, glyphs: ChartGlyphs) -> String {
        let d = t.dimensions.count
        func index(_ r: Int?, _ c: Int?) -> [Int?] { d == 2 ? [r, c] : [r, c, layer] }
        let columnIndices: [Int?] = Array(t.categories[1].indices).map(Optional.some) + [nil]
        var rows: [[String]] = [["\(t.dimensions[0]) \\ \(t.dimensions[1])"] + t.categories[1] + ["Total"]]
        for r in Array(t.categories[0].indices).map(Optional.some) + [nil] {
            let label = r.map { t.categories[0][$0] } ?? "Total"
            let cells = columnIndices.map { t.cell(index(r, $0)) }
            if t.showsCounts { rows.append([label] + cells.map { TextFormat.count($0?.count) }) }
            for (i, kind) in t.percentages.enumerated() {
                rows.append([i == 0 && !t.showsCounts ? label : ""] + cells.map { cell in
                    switch kind {
                    case .row: TextFormat.percent(cell?.rowPercent)
                    case .column: TextFormat.percent(cell?.columnPercent)
                    case .cell: TextFormat.percent(cell?.cellPercent)
                    }
                })
            }
        }
        let perRow = (t.showsCounts ? 1 : 0) + t.percentages.count
        var out = TextFormat.columns(rows, rules: [1, rows.count - perRow], glyphs: glyphs)
        if perRow > 1 {
            out += "Lines: " + ((t.showsCounts ? ["count"] : []) + t.percentages.map { p in
                switch p { case .row: "row %"; case .column: "column %"; case .cell: "cell %" }
            }).joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `summarize(var)` tables in long form: one line per cell, margins last.
    static func volume(_ t: ReleasedTable, glyphs: ChartGlyphs) -> String {
        var rows: [[String]] = [t.dimensions + ["N"] + t.statisticNames]
        for cell in t.cells + t.totals {
            rows.append(cell.labels.map { $0 ?? "Total" } + [TextFormat.count(cell.count)] + cell.statistics.map(TextFormat.stat))
        }
        return "\(t.summaryVariable ?? "")\n" + TextFormat.columns(rows, rules: [1, 1 + t.cells.count], glyphs: glyphs, leftAligned: t.dimensions.count)
    }

    static func render(_ s: ReleasedSummary, glyphs: ChartGlyphs) -> String {
        let gini = s.variables.contains { $0.gini != nil }, iqr = s.variables.contains { $0.iqr != nil }
        var main: [[String]] = [["Variable", "N", "Mean", "SD"] + (gini ? ["Gini"] : []) + (iqr ? ["IQR"] : [])]
        for v in s.variables {
            main.append([v.name, TextFormat.count(v.n), TextFormat.stat(v.mean), TextFormat.stat(v.sd)]
                        + (gini ? [v.gini.map { TextFormat.fixed($0, decimals: 3) } ?? TextFormat.suppressed] : [])
                        + (iqr ? [TextFormat.stat(v.iqr)] : []))
        }
        let levels = [1, 5, 10, 25, 50, 75, 90, 95, 99]
        var pct: [[String]] = [["Variable"] + levels.map { "p\($0)" }]
        for v in s.variables {
            pct.append([v.name] + levels.map { l in TextFormat.stat(v.percentiles.first { $0.level == l }?.value) })
        }
        return TextFormat.columns(main, rules: [1], glyphs: glyphs) + "\n" + TextFormat.columns(pct, rules: [1], glyphs: glyphs)
    }

    static func render(_ m: ReleasedModel, glyphs: ChartGlyphs) -> String {
        var head = m.estimator + (m.dependent.map { ": " + $0 } ?? "")
        var facts = ["N = \(TextFormat.count(m.n))"]
        if let r2 = m.r2 { facts.append("R² = \(TextFormat.fixed(r2, decimals: 4))") }
        if let l = m.logLikelihood { facts.append("log likelihood = \(TextFormat.fixed(l, decimals: 2))") }
        if let i = m.iterations { facts.append("iterations = \(i)") }
        head += "\n" + facts.joined(separator: "   ") + "\n"
        let level = TextFormat.fixed(m.level * 100, decimals: m.level * 100 == (m.level * 100).rounded() ? 0 : 1)
        var rows: [[String]] = [["Term", "Estimate", "Std. err.", m.statisticName, "P>|\(m.statisticName)|", "[\(level)% conf.", "interval]"]]
        for c in m.coefficients {
            rows.append([c.term, coefficient(c.estimate), coefficient(c.se), TextFormat.fixed(c.statistic, decimals: 2),
                         TextFormat.fixed(c.p, decimals: 3), coefficient(c.ciLow), coefficient(c.ciHigh)])
        }
        return head + TextFormat.columns(rows, rules: [1], glyphs: glyphs)
    }

    static func coefficient(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return TextFormat.fixed(x, decimals: 0) }
        return TextFormat.fixed(x, decimals: max(0, min(6, 4 - Int(floor(log10(abs(x)))))))
    }

    /// The lower triangle, as Stata's `correlate`/`pwcorr`: under each coefficient its p (`sig`)
    /// and its pair's N (`obs`) on rows of their own.
    static func render(_ c: ReleasedCorrelation, glyphs: ChartGlyphs) -> String {
        var rows: [[String]] = [[""] + c.variables]
        func value(_ x: Double) -> String { c.statistic == .covariance ? coefficient(x) : TextFormat.fixed(x, decimals: 3) }
        func lower(_ i: Int, _ cell: (Int) -> String) -> [String] { c.variables.indices.map { j in j > i ? "" : cell(j) } }
        for (i, v) in c.variables.enumerated() {
            rows.append([v] + lower(i) { c.matrix[i][$0].map(value) ?? "." })
            if let p = c.pValues { rows.append(["  p"] + lower(i) { j in j == i ? "" : (p[i][j].map { TextFormat.fixed($0, decimals: 4) } ?? ".") }) }
            if let n = c.pairN { rows.append(["  N"] + lower(i) { TextFormat.count(n[i][$0]) }) }
        }
        let head = c.pairwise ? "Pairwise: each pair on its own complete cases\n"
            : (c.statistic == .covariance ? "Covariances, N = " : "N = ") + "\(TextFormat.count(c.n))\n"
        return head + TextFormat.columns(rows, rules: [1], glyphs: glyphs)
    }
}
