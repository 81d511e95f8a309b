import Foundation
import Testing
@testable import KohortCore

/// The JSON kinds and fields of issue 4 (docs/json-output.md).
@Suite struct ResultJSONTests {
    func json(_ r: ReleasedResult) -> String { ResultJSON.line(ResultJSON.object(r)) }

    @Test func tableCellsCountsPercentagesTotalsAndNullForSuppressed() throws {
        let raw = RawTable(dimensions: ["a", "b"], categories: [["x", "y"], ["u", "v"]], counts: [3, 52, 102, 202], keySums: [0, 0, 0, 0])
        let r = try Release.table(raw, options: TableOptions(percentages: [.row]), policy: .default, command: "tabulate a b, rowpct", line: 4)
        let line = json(r)
        #expect(line.hasPrefix(#"{"cells":[{"categories":["x","u"],"count":null,"rowpct":null,"suppressed":true},{"categories":["x","v"],"count":50,"rowpct":94.33962264150944}"#))
        #expect(line.contains(#""command":"tabulate a b, rowpct","dimensions":["a","b"],"kind":"table","line":4"#))
        #expect(line.contains(#""protections":["cell_key_noise","small_cell_suppression","percentages_from_released"]"#))
        #expect(line.contains(#"{"categories":[null,null],"count":357,"rowpct":100}"#))
    }

    @Test func summaryModelSurvivalHistogramBoxplotMessageShapes() throws {
        let summary = ReleasedResult(command: "summarize x", line: 1, payload: .summary(ReleasedSummary(variables: [
            ReleasedVariableSummary(name: "x", n: 100, mean: 2.5, sd: 1, percentiles: [ReleasedPercentile(level: 1, value: 1), ReleasedPercentile(level: 99, value: 4)], gini: 0.25, iqr: nil),
        ])), protections: [])
        #expect(json(summary) == #"{"command":"summarize x","kind":"summary","line":1,"protections":[],"variables":[{"gini":0.25,"mean":2.5,"n":100,"name":"x","percentiles":{"p1":1,"p99":4},"sd":1}]}"#)

        let model = ReleasedResult(command: "logit y x", line: 2, payload: .model(ReleasedModel(
            estimator: "logit", dependent: "y", n: 2000,
            coefficients: [ReleasedCoefficient(term: "x", estimate: 0.5, se: 0.25, statistic: 2, p: 0.05, ciLow: 0, ciHigh: 1)],
            logLikelihood: -100.5, r2: nil, iterations: 4, statisticName: "z", level: 0.95)), protections: [])
        #expect(json(model) == #"{"coefficients":[{"ci_high":1,"ci_low":0,"estimate":0.5,"p":0.05,"se":0.25,"statistic":2,"term":"x"}],"command":"logit y x","dependent":"y","estimator":"logit","iterations":4,"kind":"model","level":0.95,"line":2,"loglik":-100.5,"n":2000,"protections":[],"statistic":"z"}"#)

        let survival = ReleasedResult(command: "kaplan-meier t d", line: 3, payload: .survival(ReleasedSurvival(groups: [
            ReleasedSurvivalCurve(label: "all", steps: [ReleasedSurvivalStep(time: 0, survival: 1, atRisk: 50, events: 0),
                                                      ReleasedSurvivalStep(time: 30, survival: 0.9, atRisk: 50, events: nil)], cutAt: 60),
        ], gridWidth: 30, timeUnit: "days")), protections: [])
        #expect(json(survival) == #"{"command":"kaplan-meier t d","grid":30,"groups":[{"at_risk":[50,50],"cut_at":60,"events":[0,null],"label":"all","survival":[1,0.9],"time":[0,30]}],"kind":"survival","line":3,"protections":[],"time_unit":"days"}"#)

        let histogram = ReleasedResult(command: "histogram x", line: 4, payload: .histogram(ReleasedHistogram(variable: "x", n: 40, bins: [
            ReleasedBin(from: 0, to: 1, count: 40), ReleasedBin(from: 1, to: 2, count: nil),
        ])), protections: [])
        #expect(json(histogram) == #"{"bins":[{"count":40,"from":0,"to":1},{"count":null,"from":1,"to":2}],"command":"histogram x","kind":"histogram","line":4,"n":40,"protections":[],"variable":"x"}"#)

        let boxplot = ReleasedResult(command: "boxplot x", line: 5, payload: .boxplot(ReleasedBoxplot(variable: "x", groups: [
            ReleasedBox(label: "a", n: 20, whiskerLow: 1, q1: 2, median: 3, q3: 4, whiskerHigh: 5),
        ])), protections: [])
        #expect(json(boxplot) == #"{"command":"boxplot x","groups":[{"label":"a","median":3,"n":20,"q1":2,"q3":4,"whisker_high":5,"whisker_low":1}],"kind":"boxplot","line":5,"protections":[],"variable":"x"}"#)

        #expect(json(Release.message("hei", command: "textblock", line: 6)) == #"{"command":"textblock","kind":"message","line":6,"protections":[],"text":"hei"}"#)
        let refusal = DisclosureRefusal(rule: "minimum_residual_df", message: "too few")
        #expect(ResultJSON.line(ResultJSON.refusal(refusal, line: 7, command: "regress y x")) ==
                #"{"column":1,"command":"regress y x","kind":"error","line":7,"message":"too few","protections":[],"rule":"minimum_residual_df"}"#)
    }

    @Test func everyKindRoundTripsThroughJSONSerialization() throws {
        let p = DisclosurePolicy.default
        let results: [ReleasedResult] = [
            try Release.barchart(RawBarchart(table: Units.table(["k"], [["a", "b"]], counts: [50, 60]), percent: true), policy: p, command: "barchart", line: 1),
            try Release.pie(RawPie(table: Units.table(["k"], [["a", "b"]], counts: [50, 60])), policy: p, command: "piechart", line: 2),
            try Release.sankey(RawSankey(stages: ["a", "b"], flows: [RawFlow(from: "x", to: "y", count: 40, keySum: 1)]), policy: p, command: "sankey", line: 3),
            try Release.hexbin(RawHexbin(xVariable: "x", yVariable: "y", x: Units.values(300), y: Units.values(300, seed: 2), recordKeys: Units.keys(300), gridsize: 5), policy: p, command: "hexbin", line: 4),
            try Release.correlation(RawCorrelation(variables: ["x", "y"], columns: [Units.values(50), Units.values(50, seed: 2)], keySum: 0), policy: p, command: "correlate", line: 5),
        ]
        let kinds = try results.map { r -> String in
            let data = Data(ResultJSON.line(ResultJSON.object(r)).utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["protections"] is [String])
            return try #require(object["kind"] as? String)
        }
        #expect(kinds == ["barchart", "pie", "sankey", "hexbin", "correlation"])
    }
}
