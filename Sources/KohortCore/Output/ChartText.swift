import Foundation
import Statistics

/// Character charts for the Results pane and `kohort run` (issue 7): vertical histogram bars,
/// horizontal boxplots on one axis, horizontal bar charts, Kaplan–Meier step curves with a
/// numbers-at-risk table, coefficient plots, hexbin shades, sankey flows and a pie share bar.
enum ChartText {
    /// A canvas of single-width characters.
    struct Canvas {
        var cells: [[String]]
        init(width: Int, height: Int) { cells = Array(repeating: Array(repeating: " ", count: width), count: height) }
        mutating func put(_ s: String, _ x: Int, _ y: Int) {
            guard y >= 0, y < cells.count, x >= 0, x < cells[y].count else { return }
            cells[y][x] = s
        }
        func line(_ y: Int) -> String {
            var s = cells[y].joined()
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    /// An axis-label line `width` wide with `left` at the start, `right` flush at the end and
    /// `middle` centred when it fits.
    static func labelLine(left: String, middle: String?, right: String, width: Int) -> String {
        var chars = Array(repeating: Character(" "), count: max(width, left.count + right.count + 1))
        for (i, c) in left.enumerated() { chars[i] = c }
        for (i, c) in right.enumerated() { chars[chars.count - right.count + i] = c }
        if let middle {
            let start = (chars.count - middle.count) / 2
            if start > left.count + 1 && start + middle.count < chars.count - right.count - 1 {
                for (i, c) in middle.enumerated() { chars[start + i] = c }
            }
        }
        var s = String(chars)
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    static func scale(_ x: Double, _ lo: Double, _ hi: Double, _ cells: Int) -> Int {
        guard hi > lo, cells > 1 else { return 0 }
        return min(cells - 1, max(0, Int(((x - lo) / (hi - lo) * Double(cells - 1)).rounded())))
    }

    // MARK: Histogram

    static func histogram(_ h: ReleasedHistogram, glyphs: ChartGlyphs, width: Int) -> String {
        let height = 10
        // Bars are drawn from the heights on the chosen scale (equal to the counts for frequency).
        let heights = h.heights
        // The normal curve (`normal`) is sampled once per bin at its middle; the y axis grows to
        // hold its peak, as Stata's does.
        let total = Double(h.bins.reduce(0) { $0 + ($1.count ?? 0) })
        let curve: [Double] = h.normal.map { n in
            h.bins.map { h.scale.normalHeight(at: ($0.from + $0.to) / 2, mean: n.mean, sd: n.sd, total: total, binWidth: h.bins[0].to - h.bins[0].from) }
        } ?? []
        let maxCount = max(1, h.bins.compactMap(\.count).max() ?? 1, Int((curve.max() ?? 0).rounded(.up)))
        let maxHeight = h.scale == .frequency ? Double(maxCount)
            : { let m = max(curve.max() ?? 0, heights.compactMap { $0 }.max() ?? 0); return m > 0 ? m : 1 }()
        let yLabels = h.scale == .frequency ? [TextFormat.group(maxCount), TextFormat.group(maxCount / 2), "0"]
            : [TextFormat.stat(maxHeight), TextFormat.stat(maxHeight / 2), "0"]
        let labelWidth = yLabels.map(\.count).max()!
        let plotWidth = width - labelWidth - 2
        let binWidth = max(1, plotWidth / max(1, h.bins.count))
        let barWidth = binWidth >= 3 ? binWidth - 1 : binWidth
        var out = "\(h.variable)   N = \(TextFormat.count(h.n))" + (h.scale == .frequency ? "" : "   y: \(h.scale.axisTitle)") + "\n"
        let curveRows = curve.map { min(height - 1, max(0, Int(($0 / maxHeight * Double(height)).rounded(.down)))) }
        for row in 0..<height {
            let fromBottom = height - 1 - row
            let label = row == 0 ? yLabels[0] : row == height / 2 ? yLabels[1] : ""
            var line = TextFormat.padLeft(label, labelWidth) + " " + glyphs.vertical
            for (b, value) in heights.enumerated() {
                var glyph = " "
                if !curveRows.isEmpty && curveRows[b] == fromBottom && curve[b] / maxHeight * Double(height) >= 0.25 {
                    glyph = "*"
                } else if let v = value {
                    let eighths = Int((v / maxHeight * Double(height * 8)).rounded())
                    let fill = eighths - fromBottom * 8
                    if fill >= 8 { glyph = glyphs.fullBlock }
                    else if fill > 0 {
                        glyph = glyphs.lowerBlocks.isEmpty ? (fill >= 4 ? glyphs.fullBlock : " ") : glyphs.lowerBlocks[fill - 1]
                    }
                } else if fromBottom == 0 {
                    glyph = "."
                }
                line += String(repeating: glyph, count: barWidth) + String(repeating: " ", count: binWidth - barWidth)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        let axisWidth = binWidth * h.bins.count
        out += TextFormat.padLeft(yLabels[2], labelWidth) + " " + glyphs.corner + String(repeating: glyphs.horizontal, count: axisWidth) + "\n"
        if let first = h.bins.first, let last = h.bins.last {
            let middle = h.bins.count % 2 == 0 ? TextFormat.stat(h.bins[h.bins.count / 2].from) : nil
            out += String(repeating: " ", count: labelWidth + 2)
                + labelLine(left: TextFormat.stat(first.from), middle: middle, right: TextFormat.stat(last.to), width: axisWidth) + "\n"
        }
        if h.bins.contains(where: { $0.count == nil }) { out += "(. = suppressed bin)\n" }
        if let n = h.normal { out += "(* = normal density, mean \(TextFormat.stat(n.mean)), sd \(TextFormat.stat(n.sd)))\n" }
        return out
    }

    // MARK: Boxplot

    static func boxplot(_ b: ReleasedBoxplot, glyphs: ChartGlyphs, width: Int) -> String {
        let shown = b.groups.filter { $0.whiskerLow != nil }
        let labelWidth = min(16, max(5, b.groups.map(\.label.count).max() ?? 5))
        let plotWidth = width - labelWidth - 1
        var out = "\(b.variable)\n"
        guard let lo = shown.compactMap(\.whiskerLow).min(), let hi = shown.compactMap(\.whiskerHigh).max() else {
            return out + "(every group has too few units)\n"
        }
        for g in b.groups {
            var canvas = Canvas(width: plotWidth, height: 1)
            if let wl = g.whiskerLow, let q1 = g.q1, let med = g.median, let q3 = g.q3, let wh = g.whiskerHigh {
                let a = scale(wl, lo, hi, plotWidth), p1 = scale(q1, lo, hi, plotWidth), m = scale(med, lo, hi, plotWidth)
                let p3 = scale(q3, lo, hi, plotWidth), z = scale(wh, lo, hi, plotWidth)
                for x in a...z { canvas.put(glyphs.horizontal, x, 0) }
                for x in p1...p3 { canvas.put(glyphs.boxFill, x, 0) }
                canvas.put(glyphs.whiskerEnds.0, a, 0); canvas.put(glyphs.whiskerEnds.1, z, 0)
                canvas.put(glyphs.boxEdges.0, p1, 0); canvas.put(glyphs.boxEdges.1, p3, 0)
                canvas.put(glyphs.median, m, 0)
            } else {
                canvas.put(TextFormat.suppressed, 0, 0)
            }
            out += (TextFormat.padRight(String(g.label.prefix(labelWidth)), labelWidth) + " " + canvas.line(0)).trimmingTrailing() + "\n"
        }
        out += String(repeating: " ", count: labelWidth) + " " + String(repeating: glyphs.horizontal, count: plotWidth) + "\n"
        out += String(repeating: " ", count: labelWidth + 1)
            + labelLine(left: TextFormat.stat(lo), middle: TextFormat.stat((lo + hi) / 2), right: TextFormat.stat(hi), width: plotWidth) + "\n\n"
        var rows: [[String]] = [["", "N", "whisker", "q1", "median", "q3", "whisker"]]
        for g in b.groups {
            rows.append([g.label, TextFormat.count(g.n)] + [g.whiskerLow, g.q1, g.median, g.q3, g.whiskerHigh].map(TextFormat.stat))
        }
        return out + TextFormat.columns(rows, rules: [1], glyphs: glyphs)
    }

    // MARK: Horizontal bars

    static func bar(_ fraction: Double, cells: Int, glyphs: ChartGlyphs) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(cells * 8)).rounded())
        var s = String(repeating: glyphs.fullBlock, count: eighths / 8)
        if eighths % 8 > 0 {
            if glyphs.partialBlocks.isEmpty { if eighths % 8 >= 4 { s += glyphs.fullBlock } }
            else { s += glyphs.partialBlocks[eighths % 8 - 1] }
        }
        return s
    }

    static func barchart(_ b: ReleasedBarchart, glyphs: ChartGlyphs, width: Int) -> String {
        func height(_ bar: ReleasedBar) -> Double? {
            switch b.statistic {
            case "percent": bar.percent
            case "statistic": bar.value
            default: bar.count.map(Double.init)
            }
        }
        let labels = b.bars.map { ($0.labels + ($0.measure.map { [$0] } ?? [])).joined(separator: ", ") }
        let values = b.bars.map { bar in
            switch b.statistic {
            case "percent": TextFormat.percent(bar.percent) + " %"
            case "statistic": TextFormat.stat(bar.value)
            default: TextFormat.count(bar.count)
            }
        }
        let labelWidth = min(24, labels.map(\.count).max() ?? 1)
        let valueWidth = values.map(\.count).max() ?? 1
        let plotWidth = max(10, width - labelWidth - valueWidth - 2)
        let maxValue = max(1e-9, b.bars.compactMap(height).max() ?? 1)
        var out = b.dimensions.joined(separator: " × ") + "\n"
        for (i, bar) in b.bars.enumerated() {
            let drawn = height(bar).map { self.bar($0 / maxValue, cells: plotWidth, glyphs: glyphs) } ?? ""
            out += TextFormat.padRight(String(labels[i].prefix(labelWidth)), labelWidth) + " "
                + TextFormat.padRight(drawn, plotWidth) + " " + TextFormat.padLeft(values[i], valueWidth) + "\n"
        }
        return out
    }

    // MARK: Kaplan–Meier

    static func survival(_ s: ReleasedSurvival, glyphs: ChartGlyphs, width: Int) -> String {
        let height = 11, labelWidth = 4
        let plotWidth = width - labelWidth - 2
        let end = max(s.gridWidth, s.groups.compactMap { $0.steps.last?.time }.max() ?? s.gridWidth)
        var canvas = Canvas(width: plotWidth, height: height)
        for (gi, g) in s.groups.enumerated() {
            guard let last = g.steps.last else { continue }
            let marker = glyphs.markers[gi % glyphs.markers.count]
            for x in 0..<plotWidth {
                let t = Double(x) / Double(plotWidth - 1) * end
                guard t <= last.time + 1e-9 else { break }
                let step = g.steps.last { $0.time <= t + 1e-9 } ?? g.steps[0]
                canvas.put(marker, x, Int(((1 - step.survival) * Double(height - 1)).rounded()))
            }
        }
        var out = "Survival (time in \(s.timeUnit), \(Release.compact(s.gridWidth))-\(Release.singular(s.timeUnit)) grid)\n"
        for y in 0..<height {
            let label = y == 0 ? "1.0" : y == height / 2 ? "0.5" : y == height - 1 ? "0.0" : ""
            out += (TextFormat.padLeft(label, labelWidth) + " " + glyphs.vertical + canvas.line(y)).trimmingTrailing() + "\n"
        }
        out += String(repeating: " ", count: labelWidth + 1) + glyphs.corner + String(repeating: glyphs.horizontal, count: plotWidth) + "\n"
        out += String(repeating: " ", count: labelWidth + 2)
            + labelLine(left: "0", middle: TextFormat.stat(end / 2), right: TextFormat.stat(end), width: plotWidth) + "\n"
        if s.groups.count > 1 || s.groups.first?.label.isEmpty == false {
            out += s.groups.enumerated().map { "\(glyphs.markers[$0.offset % glyphs.markers.count]) \($0.element.label)" }.joined(separator: "   ") + "\n"
        }
        // Numbers at risk at up to five evenly spaced grid times.
        var ticks: [Double] = []
        for k in 0...4 {
            let t = (Double(k) * end / 4 / s.gridWidth).rounded(.down) * s.gridWidth
            if ticks.last != t { ticks.append(t) }
        }
        var rows: [[String]] = [["At risk"] + ticks.map { TextFormat.stat($0) }]
        for g in s.groups {
            rows.append([g.label.isEmpty ? "all" : g.label] + ticks.map { t in
                guard let last = g.steps.last, t <= last.time + 1e-9 else { return "" }
                return TextFormat.group((g.steps.last { $0.time <= t + 1e-9 } ?? g.steps[0]).atRisk)
            })
        }
        return out + "\n" + TextFormat.columns(rows, rules: [], glyphs: glyphs)
    }

    // MARK: Coefficient plot

    static func coefplot(_ c: ReleasedCoefplot, glyphs: ChartGlyphs, width: Int) -> String {
        let labelWidth = min(20, max(4, c.coefficients.map(\.term.count).max() ?? 4))
        let values = c.coefficients.map { TableText.coefficient($0.estimate) }
        let valueWidth = values.map(\.count).max() ?? 1
        let plotWidth = max(10, width - labelWidth - valueWidth - 2)
        let lo = min(0, c.coefficients.map(\.ciLow).min() ?? 0), hi = max(0, c.coefficients.map(\.ciHigh).max() ?? 0)
        let zero = scale(0, lo, hi, plotWidth)
        var out = "\(c.estimator): estimates with \(TextFormat.fixed(c.level * 100, decimals: 0)) % confidence intervals\n"
        for (i, k) in c.coefficients.enumerated() {
            var canvas = Canvas(width: plotWidth, height: 1)
            canvas.put(glyphs.vertical, zero, 0)
            let a = scale(k.ciLow, lo, hi, plotWidth), b = scale(k.ciHigh, lo, hi, plotWidth)
            for x in a...b { canvas.put(glyphs.horizontal, x, 0) }
            canvas.put(glyphs == .ascii ? "*" : glyphs.fullBlock, scale(k.estimate, lo, hi, plotWidth), 0)
            out += TextFormat.padRight(String(k.term.prefix(labelWidth)), labelWidth) + " "
                + TextFormat.padRight(canvas.cells[0].joined(), plotWidth) + " " + TextFormat.padLeft(values[i], valueWidth) + "\n"
        }
        out += String(repeating: " ", count: labelWidth + 1)
            + labelLine(left: TextFormat.stat(lo), middle: nil, right: TextFormat.stat(hi), width: plotWidth) + "\n"
        return out
    }

    // MARK: Hexbin

    static func hexbin(_ h: ReleasedHexbin, glyphs: ChartGlyphs, width: Int) -> String {
        let nx = h.gridsize, ny = max(1, Int((Double(nx) / 3.0.squareRoot()).rounded()))
        let columns = 2 * nx + 1, rows = 2 * ny + 1
        let sx = (h.xRange.upperBound - h.xRange.lowerBound) / Double(nx), sy = (h.yRange.upperBound - h.yRange.lowerBound) / Double(ny)
        let yTop = TextFormat.stat(h.yRange.upperBound), yBottom = TextFormat.stat(h.yRange.lowerBound)
        let labelWidth = max(yTop.count, yBottom.count)
        let maxCount = max(1, h.groups.flatMap { $0.cells.map(\.count) }.max() ?? 1)
        var out = "\(h.yVariable) by \(h.xVariable)\n"
        for g in h.groups {
            if h.groups.count > 1 { out += "\(g.label)\n" }
            var canvas = Canvas(width: columns, height: rows)
            for c in g.cells {
                let x = Int((2 * (c.x - h.xRange.lowerBound) / sx).rounded())
                let y = rows - 1 - Int((2 * (c.y - h.yRange.lowerBound) / sy).rounded())
                let level = min(glyphs.shades.count - 1, Int(Double(c.count) / Double(maxCount) * Double(glyphs.shades.count) - 1e-9))
                canvas.put(glyphs.shades[max(0, level)], x, y)
            }
            for y in 0..<rows {
                let label = y == 0 ? yTop : y == rows - 1 ? yBottom : ""
                out += (TextFormat.padLeft(label, labelWidth) + " " + glyphs.vertical + canvas.line(y)).trimmingTrailing() + "\n"
            }
            out += String(repeating: " ", count: labelWidth + 1) + glyphs.corner + String(repeating: glyphs.horizontal, count: columns) + "\n"
            out += String(repeating: " ", count: labelWidth + 2)
                + labelLine(left: TextFormat.stat(h.xRange.lowerBound), middle: nil, right: TextFormat.stat(h.xRange.upperBound), width: columns) + "\n"
        }
        let step = Double(maxCount) / Double(glyphs.shades.count)
        out += "Shades: " + glyphs.shades.enumerated().map { i, s in
            "\(s) ≤ \(TextFormat.group(Int((step * Double(i + 1)).rounded())))"
        }.joined(separator: "  ") + "\n"
        _ = width
        return out
    }

    // MARK: Sankey

    static func sankey(_ s: ReleasedSankey, glyphs: ChartGlyphs, width: Int) -> String {
        let fromWidth = s.flows.map(\.from.count).max() ?? 1, toWidth = s.flows.map(\.to.count).max() ?? 1
        let values = s.flows.map { TextFormat.count($0.count) }
        let valueWidth = values.map(\.count).max() ?? 1
        let plotWidth = max(5, width - fromWidth - toWidth - valueWidth - glyphs.arrow.count - 5)
        let maxCount = Double(max(1, s.flows.compactMap(\.count).max() ?? 1))
        var out = s.stages.joined(separator: " \(glyphs.arrow) ") + "\n"
        var previous: String?
        for (i, f) in s.flows.enumerated() {
            let from = f.from == previous ? "" : f.from
            previous = f.from
            let drawn = f.count.map { bar(Double($0) / maxCount, cells: plotWidth, glyphs: glyphs) } ?? ""
            out += (TextFormat.padRight(from, fromWidth) + " " + glyphs.arrow + " " + TextFormat.padRight(f.to, toWidth) + "  "
                + TextFormat.padLeft(values[i], valueWidth) + " " + drawn).trimmingTrailing() + "\n"
        }
        return out
    }

    // MARK: Pie as a share bar

    static func pie(_ p: ReleasedPie, glyphs: ChartGlyphs, width: Int) -> String {
        let barWidth = width - 2
        var bar = ""
        for (i, s) in p.slices.enumerated() {
            guard let share = s.share else { continue }
            bar += String(repeating: glyphs.fills[i % glyphs.fills.count], count: Int((share * Double(barWidth)).rounded()))
        }
        bar = String(bar.prefix(barWidth))
        let out = "\(p.variable)   N = \(TextFormat.count(p.total))\n" + glyphs.vertical + TextFormat.padRight(bar, barWidth) + glyphs.vertical + "\n"
        var rows: [[String]] = []
        for (i, s) in p.slices.enumerated() {
            let fill = glyphs.fills[i % glyphs.fills.count]
            rows.append([fill + fill + " " + s.label, TextFormat.count(s.count), s.share.map { TextFormat.percent($0 * 100) + " %" } ?? TextFormat.suppressed])
        }
        return out + TextFormat.columns(rows, rules: [], glyphs: glyphs)
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
