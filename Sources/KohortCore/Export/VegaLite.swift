import Foundation
import Statistics

/// Released charts as Vega-Lite v5 specifications with the released data inlined
/// (`data.values`), so they open in the Vega editor (https://vega.github.io/editor) as the
/// same chart. Only released numbers are written; a suppressed value is `null` and is not
/// drawn. How each chart kind maps to marks is in docs/export.md.
///
/// Field names inside `data.values` are fixed (`category`, `group`, `count`, …) and the
/// variable names appear only in titles, because Vega-Lite reads dots and brackets in field
/// names as nested access.
public enum VegaLite {
    public static let schemaURL = "https://vega.github.io/schema/vega-lite/v5.json"

    /// The specification of a chart result; nil for tables, summaries, models and messages.
    public static func spec(_ result: ReleasedResult) -> [String: Any]? {
        var spec: [String: Any]
        switch result.payload {
        case .histogram(let h): spec = histogram(h)
        case .boxplot(let b): spec = boxplot(b)
        case .barchart(let b): spec = barchart(b)
        case .survival(let s): spec = survival(s)
        case .coefplot(let c): spec = coefplot(c.coefficients, estimator: c.estimator, level: c.level)
        case .hexbin(let h): spec = hexbin(h)
        case .sankey(let s): spec = sankey(s)
        case .pie(let p): spec = pie(p)
        case .correlation(let c): spec = correlation(c)
        case .message, .table, .summary, .model: return nil
        }
        spec["$schema"] = schemaURL
        var title: [String: Any] = ["text": result.command, "anchor": "start"]
        if !result.protections.isEmpty { title["subtitle"] = result.protections.map(\.detail) }
        spec["title"] = title
        spec["description"] = "Kohort released result, line \(result.line): \(result.command). Protections: "
            + (result.protections.isEmpty ? "none" : result.protections.map(\.rule).joined(separator: ", "))
        return spec
    }

    /// Pretty-printed JSON with sorted keys.
    public static func json(_ spec: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func json(_ result: ReleasedResult) -> String? { spec(result).map(json) }

    // MARK: Values

    /// A JSON number, or null for nil and non-finite values (JSON has no NaN).
    static func num(_ v: Double?) -> Any {
        guard let v, v.isFinite else { return NSNull() }
        return v
    }

    static func num(_ v: Int?) -> Any { v.map { $0 as Any } ?? NSNull() }

    static func quantitative(_ field: String, title: String, extra: [String: Any] = [:]) -> [String: Any] {
        var e: [String: Any] = ["field": field, "type": "quantitative", "title": title]
        for (k, v) in extra { e[k] = v }
        return e
    }

    /// Nominal, kept in the released order (`sort: null`), not alphabetical.
    static func nominal(_ field: String, title: String, extra: [String: Any] = [:]) -> [String: Any] {
        var e: [String: Any] = ["field": field, "type": "nominal", "title": title, "sort": NSNull()]
        for (k, v) in extra { e[k] = v }
        return e
    }

    static func values(_ rows: [[String: Any]]) -> [String: Any] { ["values": rows] }

    // MARK: Kinds

    /// Pre-binned bars: `bin: {binned: true}` with x = bin start, x2 = bin end.
    static func histogram(_ h: ReleasedHistogram) -> [String: Any] {
        let heights = h.heights
        let rows = zip(h.bins, heights).map { b, v -> [String: Any] in
            var row: [String: Any] = ["from": num(b.from), "to": num(b.to), "count": num(b.count)]
            if h.scale != .frequency { row[h.scale.rawValue] = num(v) }
            return row
        }
        var bin: [String: Any] = ["binned": true]
        if let first = h.bins.first, h.bins.allSatisfy({ abs(($0.to - $0.from) - (first.to - first.from)) < 1e-9 * max(1, abs(first.to)) }),
           first.to > first.from {
            bin["step"] = first.to - first.from
        }
        let bars: [String: Any] = [
            "data": values(rows),
            "mark": ["type": "bar", "tooltip": true],
            "encoding": [
                "x": quantitative("from", title: h.variable, extra: ["bin": bin]),
                "x2": ["field": "to"],
                "y": h.scale == .frequency ? quantitative("count", title: "Count") : quantitative(h.scale.rawValue, title: h.scale.axisTitle),
            ],
        ]
        guard h.normal != nil else { return bars }
        // `normal`: the curve as a line layer over the bars, on the same x and y scales.
        let curve = h.normalCurve(points: ReleasedHistogram.curvePoints).map { ["from": $0.x, "normal": $0.y] as [String: Any] }
        let line: [String: Any] = [
            "data": values(curve),
            "mark": ["type": "line", "color": "black"],
            "encoding": [
                "x": quantitative("from", title: h.variable),
                "y": quantitative("normal", title: h.scale == .frequency ? "Count" : h.scale.axisTitle),
            ],
        ]
        return ["layer": [bars, line]]
    }

    /// Released quartiles and whiskers drawn as layers: a rule from whisker to whisker, a bar
    /// from q1 to q3, and a tick at the median.
    static func boxplot(_ b: ReleasedBoxplot) -> [String: Any] {
        let rows = b.groups.map { g -> [String: Any] in
            ["group": g.label, "n": num(g.n), "whisker_low": num(g.whiskerLow), "q1": num(g.q1), "median": num(g.median),
             "q3": num(g.q3), "whisker_high": num(g.whiskerHigh)]
        }
        let x = nominal("group", title: b.groups.count == 1 ? "" : "Group")
        let tooltip: [[String: Any]] = [["field": "group", "type": "nominal"], ["field": "n", "type": "quantitative"],
                                        ["field": "whisker_low", "type": "quantitative"], ["field": "q1", "type": "quantitative"],
                                        ["field": "median", "type": "quantitative"], ["field": "q3", "type": "quantitative"],
                                        ["field": "whisker_high", "type": "quantitative"]]
        return [
            "data": values(rows),
            "width": ["step": 60],
            "encoding": ["x": x, "tooltip": tooltip],
            "layer": [
                ["mark": ["type": "rule"],
                 "encoding": ["y": quantitative("whisker_low", title: b.variable, extra: ["scale": ["zero": false]]), "y2": ["field": "whisker_high"]]],
                ["mark": ["type": "bar", "size": 28],
                 "encoding": ["y": quantitative("q1", title: b.variable), "y2": ["field": "q3"]]],
                ["mark": ["type": "tick", "color": "white", "size": 28, "thickness": 2],
                 "encoding": ["y": quantitative("median", title: b.variable)]],
            ] as [[String: Any]],
        ]
    }

    /// Bars per category; a second dimension groups the bars side by side (colour + xOffset);
    /// further dimensions are joined into the group label.
    static func barchart(_ b: ReleasedBarchart) -> [String: Any] {
        let measures = Array(Set(b.bars.compactMap(\.measure)))
        let yTitle: String
        switch b.statistic {
        case "percent": yTitle = "Percent"
        case "statistic": yTitle = measures.count == 1 ? measures[0] : "Value"
        default: yTitle = "Count"
        }
        let byMeasure = b.statistic == "statistic" && measures.count > 1
        let hasGroup = b.dimensions.count > 1 || byMeasure
        let rows = b.bars.map { bar -> [String: Any] in
            var r: [String: Any] = ["category": bar.labels.first ?? "", "count": num(bar.count)]
            var groupParts = Array(bar.labels.dropFirst())
            if byMeasure, let m = bar.measure { groupParts.append(m) }
            if hasGroup { r["group"] = groupParts.joined(separator: " / ") }
            switch b.statistic {
            case "percent": r["value"] = num(bar.percent)
            case "statistic": r["value"] = num(bar.value); r["measure"] = bar.measure ?? ""
            default: r["value"] = num(bar.count)
            }
            return r
        }
        var encoding: [String: Any] = [
            "x": nominal("category", title: b.dimensions.first ?? ""),
            "y": quantitative("value", title: yTitle),
        ]
        if hasGroup {
            var groupTitle = Array(b.dimensions.dropFirst())
            if byMeasure { groupTitle.append("measure") }
            let title = groupTitle.joined(separator: " / ")
            encoding["color"] = nominal("group", title: title)
            encoding["xOffset"] = nominal("group", title: title)
        }
        return ["data": values(rows), "mark": ["type": "bar", "tooltip": true], "encoding": encoding]
    }

    /// Kaplan–Meier: one step line per group (`interpolate: step-after`), survival 0–1.
    static func survival(_ s: ReleasedSurvival) -> [String: Any] {
        let rows = s.groups.flatMap { g in
            g.steps.map { ["group": g.label, "time": num($0.time), "survival": num($0.survival),
                           "at_risk": $0.atRisk, "events": num($0.events)] as [String: Any] }
        }
        var encoding: [String: Any] = [
            "x": quantitative("time", title: "Time (\(s.timeUnit))"),
            "y": quantitative("survival", title: "Survival", extra: ["scale": ["domain": [0, 1]]]),
            "tooltip": [["field": "group", "type": "nominal"], ["field": "time", "type": "quantitative"],
                        ["field": "survival", "type": "quantitative"], ["field": "at_risk", "type": "quantitative"],
                        ["field": "events", "type": "quantitative"]] as [[String: Any]],
        ]
        if s.groups.count > 1 { encoding["color"] = nominal("group", title: "Group") }
        return ["data": values(rows), "mark": ["type": "line", "interpolate": "step-after", "point": false], "encoding": encoding]
    }

    /// Estimates as points with confidence-interval rules and a reference line at zero.
    static func coefplot(_ coefficients: [ReleasedCoefficient], estimator: String, level: Double) -> [String: Any] {
        let rows = coefficients.map { ["term": $0.term, "estimate": num($0.estimate), "ci_low": num($0.ciLow), "ci_high": num($0.ciHigh)] as [String: Any] }
        let y = nominal("term", title: "")
        let ciTitle = "Estimate (\(estimator), \(TableExport.number(level * 100)) % CI)"
        return [
            "data": values(rows),
            "layer": [
                ["mark": ["type": "rule", "strokeDash": [4, 4], "color": "gray"], "encoding": ["x": ["datum": 0]]],
                ["mark": ["type": "rule"],
                 "encoding": ["y": y, "x": quantitative("ci_low", title: ciTitle), "x2": ["field": "ci_high"]]],
                ["mark": ["type": "point", "filled": true, "tooltip": true],
                 "encoding": ["y": y, "x": quantitative("estimate", title: ciTitle)]],
            ] as [[String: Any]],
        ]
    }

    /// Hexagonal cells drawn as a brick grid of rectangles (width = one column, height = half a
    /// row pitch, so matplotlib's two interleaved lattices tile without overlap), coloured by
    /// the released count; groups side by side. Suppressed cells are absent, as in the release.
    static func hexbin(_ h: ReleasedHexbin) -> [String: Any] {
        let nx = max(1, h.gridsize), ny = max(1, Int((Double(nx) / 3.0.squareRoot()).rounded()))
        let sx = (h.xRange.upperBound - h.xRange.lowerBound) / Double(nx)
        let sy = (h.yRange.upperBound - h.yRange.lowerBound) / Double(ny)
        let rows = h.groups.flatMap { g in
            g.cells.map { c in
                ["group": g.label, "x": num(c.x), "y": num(c.y), "count": c.count,
                 "x0": num(c.x - sx / 2), "x1": num(c.x + sx / 2), "y0": num(c.y - sy / 4), "y1": num(c.y + sy / 4)] as [String: Any]
            }
        }
        var encoding: [String: Any] = [
            "x": quantitative("x0", title: h.xVariable, extra: ["scale": ["domain": [num(h.xRange.lowerBound - sx / 2), num(h.xRange.upperBound + sx / 2)]]]),
            "x2": ["field": "x1"],
            "y": quantitative("y0", title: h.yVariable, extra: ["scale": ["domain": [num(h.yRange.lowerBound - sy / 4), num(h.yRange.upperBound + sy / 4)]]]),
            "y2": ["field": "y1"],
            "color": quantitative("count", title: "Count", extra: ["scale": ["scheme": "viridis"]]),
            "tooltip": [["field": "x", "type": "quantitative", "title": h.xVariable], ["field": "y", "type": "quantitative", "title": h.yVariable],
                        ["field": "count", "type": "quantitative"]] as [[String: Any]],
        ]
        if h.groups.count > 1 { encoding["column"] = nominal("group", title: "Group") }
        return ["data": values(rows), "mark": ["type": "rect"], "encoding": encoding]
    }

    /// Vega-Lite has no Sankey mark: flows are drawn as stacked bars, one bar per origin
    /// category, split by destination (bar length = released flow count).
    static func sankey(_ s: ReleasedSankey) -> [String: Any] {
        let rows = s.flows.enumerated().map { (i, f) in ["from": f.from, "to": f.to, "count": num(f.count), "order": i] as [String: Any] }
        let stages = s.stages.joined(separator: " → ")
        return [
            "data": values(rows),
            "mark": ["type": "bar", "tooltip": true],
            "encoding": [
                "y": nominal("from", title: s.stages.first ?? "From"),
                "x": quantitative("count", title: "Count (\(stages))", extra: ["stack": "zero"]),
                "color": nominal("to", title: s.stages.count > 1 ? s.stages[s.stages.count - 1] : "To"),
                "order": ["field": "order", "type": "quantitative"],
            ],
        ]
    }

    /// A pie: one arc per slice, angle = released count, in the released order.
    static func pie(_ p: ReleasedPie) -> [String: Any] {
        let rows = p.slices.enumerated().map { (i, s) in
            ["category": s.label, "count": num(s.count), "share": num(s.share), "order": i] as [String: Any]
        }
        return [
            "data": values(rows),
            "mark": ["type": "arc", "tooltip": true],
            "encoding": [
                "theta": ["field": "count", "type": "quantitative", "stack": true],
                "color": nominal("category", title: p.variable),
                "order": ["field": "order", "type": "quantitative"],
            ],
            "view": ["stroke": NSNull()],
        ]
    }

    /// A correlation heat map with the coefficient printed in each cell.
    static func correlation(_ c: ReleasedCorrelation) -> [String: Any] {
        var rows: [[String: Any]] = []
        for (i, a) in c.variables.enumerated() {
            for (j, b) in c.variables.enumerated() {
                let r: Double? = i < c.matrix.count && j < c.matrix[i].count ? c.matrix[i][j] : nil
                rows.append(["row": a, "column": b, "r": num(r), "label": r.map { String(format: c.statistic == .covariance ? "%.4g" : "%.2f", $0) } ?? ""])
            }
        }
        let x = nominal("column", title: ""), y = nominal("row", title: "")
        return [
            "data": values(rows),
            "encoding": ["x": x, "y": y],
            "layer": [
                ["mark": ["type": "rect"],
                 "encoding": ["color": quantitative("r", title: c.statistic == .covariance ? "covariance" : "r",
                                                    extra: ["scale": c.statistic == .covariance ? ["scheme": "redblue", "domainMid": 0] as [String: Any]
                                                                                             : ["domain": [-1, 1], "scheme": "redblue"]])]],
                ["mark": ["type": "text"], "encoding": ["text": ["field": "label", "type": "nominal"]]],
            ] as [[String: Any]],
        ]
    }
}
