import Foundation
import Statistics

/// One JSON object per released result (`kohort run --json`, docs/json-output.md). Every
/// object has `command`, `line`, `kind` and `protections`. A suppressed number is `null`.
public enum ResultJSON {
    public static func object(_ result: ReleasedResult) -> [String: Any] {
        var object: [String: Any] = [
            "command": result.command,
            "line": result.line,
            "protections": result.protections.map(\.rule),
        ]
        switch result.payload {
        case .message(let message):
            object["kind"] = "message"
            object["text"] = message.text
        case .table(let t):
            object["kind"] = "table"
            object["dimensions"] = t.dimensions
            object["cells"] = t.cells.map { cell($0, in: t) }
            object["totals"] = t.totals.map { cell($0, in: t) }
            if !t.percentages.isEmpty { object["percentages"] = t.percentages.map(\.rawValue) }
            if let v = t.summaryVariable { object["summarize"] = v }
            if let chi = t.chiSquared {
                object["chi2"] = ["statistic": chi.statistic, "df": chi.degreesOfFreedom, "p": chi.p] as [String: Any]
            }
        case .summary(let s):
            object["kind"] = "summary"
            object["variables"] = s.variables.map { v -> [String: Any] in
                var o: [String: Any] = ["name": v.name, "n": json(v.n), "mean": json(v.mean), "sd": json(v.sd)]
                var p: [String: Any] = [:]
                for q in v.percentiles { p["p\(q.level)"] = q.value }
                o["percentiles"] = p
                if let g = v.gini { o["gini"] = g }
                if let i = v.iqr { o["iqr"] = i }
                return o
            }
        case .model(let m):
            object["kind"] = "model"
            object["estimator"] = m.estimator
            if let d = m.dependent { object["dependent"] = d }
            object["n"] = json(m.n)
            object["coefficients"] = m.coefficients.map(coefficient)
            object["statistic"] = m.statisticName
            object["level"] = m.level
            if let l = m.logLikelihood { object["loglik"] = l }
            if let r = m.r2 { object["r2"] = r }
            if let i = m.iterations { object["iterations"] = i }
        case .survival(let s):
            object["kind"] = "survival"
            object["grid"] = s.gridWidth
            object["time_unit"] = s.timeUnit
            object["groups"] = s.groups.map { g -> [String: Any] in
                ["label": g.label, "time": g.steps.map(\.time), "survival": g.steps.map(\.survival),
                 "at_risk": g.steps.map(\.atRisk), "events": g.steps.map { json($0.events) }, "cut_at": json(g.cutAt)]
            }
        case .histogram(let h):
            object["kind"] = "histogram"
            object["variable"] = h.variable
            object["n"] = json(h.n)
            object["bins"] = h.bins.map { ["from": $0.from, "to": $0.to, "count": json($0.count)] as [String: Any] }
            // Only a non-default scale adds keys, so frequency histograms keep their shape.
            if h.scale != .frequency {
                object["scale"] = h.scale.rawValue
                object["heights"] = h.heights.map { json($0) }
            }
            if let n = h.normal {
                let curve = h.normalCurve(points: ReleasedHistogram.curvePoints)
                object["normal"] = ["mean": n.mean, "sd": n.sd, "x": curve.map(\.x), "y": curve.map(\.y)] as [String: Any]
            }
        case .boxplot(let b):
            object["kind"] = "boxplot"
            object["variable"] = b.variable
            object["groups"] = b.groups.map { g -> [String: Any] in
                ["label": g.label, "n": json(g.n), "whisker_low": json(g.whiskerLow), "q1": json(g.q1), "median": json(g.median),
                 "q3": json(g.q3), "whisker_high": json(g.whiskerHigh)]
            }
        case .barchart(let b):
            object["kind"] = "barchart"
            object["dimensions"] = b.dimensions
            object["statistic"] = b.statistic
            object["bars"] = b.bars.map { bar -> [String: Any] in
                var o: [String: Any] = ["categories": bar.labels, "count": json(bar.count)]
                if b.statistic == "percent" { o["percent"] = json(bar.percent) }
                if let m = bar.measure { o["measure"] = m; o["value"] = json(bar.value) }
                return o
            }
        case .hexbin(let h):
            object["kind"] = "hexbin"
            object["x"] = h.xVariable
            object["y"] = h.yVariable
            object["gridsize"] = h.gridsize
            object["x_range"] = [h.xRange.lowerBound, h.xRange.upperBound]
            object["y_range"] = [h.yRange.lowerBound, h.yRange.upperBound]
            object["groups"] = h.groups.map { g -> [String: Any] in
                ["label": g.label, "suppressed_cells": g.suppressedCells,
                 "cells": g.cells.map { ["x": $0.x, "y": $0.y, "count": $0.count] as [String: Any] }]
            }
        case .sankey(let s):
            object["kind"] = "sankey"
            object["stages"] = s.stages
            object["flows"] = s.flows.map { ["from": $0.from, "to": $0.to, "count": json($0.count)] as [String: Any] }
        case .pie(let p):
            object["kind"] = "pie"
            object["variable"] = p.variable
            object["total"] = json(p.total)
            object["slices"] = p.slices.map { ["label": $0.label, "count": json($0.count), "share": json($0.share)] as [String: Any] }
        case .correlation(let c):
            object["kind"] = "correlation"
            object["variables"] = c.variables
            object["n"] = json(c.n)
            object["matrix"] = c.matrix.map { $0.map { json($0) } }
            object["statistic"] = c.statistic.rawValue
            object["pairwise"] = c.pairwise
            if let n = c.pairN { object["pair_n"] = n.map { $0.map { json($0) } } }
            if let p = c.pValues { object["p"] = p.map { $0.map { json($0) } } }
        case .coefplot(let c):
            object["kind"] = "coefplot"
            object["estimator"] = c.estimator
            object["level"] = c.level
            object["coefficients"] = c.coefficients.map(coefficient)
        }
        return object
    }

    static func json<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }

    static func cell(_ c: ReleasedTableCell, in t: ReleasedTable) -> [String: Any] {
        var o: [String: Any] = ["categories": c.labels.map { json($0) }, "count": json(c.count)]
        if c.count == nil { o["suppressed"] = true }
        if t.percentages.contains(.row) { o["rowpct"] = json(c.rowPercent) }
        if t.percentages.contains(.column) { o["colpct"] = json(c.columnPercent) }
        if t.percentages.contains(.cell) { o["cellpct"] = json(c.cellPercent) }
        if !t.statisticNames.isEmpty {
            var s: [String: Any] = [:]
            for (name, value) in zip(t.statisticNames, c.statistics) { s[name] = json(value) }
            o["statistics"] = s
        }
        return o
    }

    static func coefficient(_ c: ReleasedCoefficient) -> [String: Any] {
        ["term": c.term, "estimate": c.estimate, "se": c.se, "statistic": c.statistic, "p": c.p, "ci_low": c.ciLow, "ci_high": c.ciHigh]
    }

    /// A script error as a JSON object (`kind: error`).
    public static func error(line: Int, column: Int, message: String, command: String) -> [String: Any] {
        ["kind": "error", "line": line, "column": column, "message": message, "command": command, "protections": [String]()]
    }

    /// A disclosure refusal as a JSON error object: `rule` names the rule that refused it.
    public static func refusal(_ refusal: DisclosureRefusal, line: Int, command: String) -> [String: Any] {
        var o = error(line: line, column: 1, message: refusal.message, command: command)
        o["rule"] = refusal.rule
        return o
    }

    /// One line of JSON with sorted keys.
    public static func line(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
