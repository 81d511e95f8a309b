import Foundation
import Testing
@testable import KohortCore

/// `kohort run --json` objects of the analysis commands have the shapes of docs/json-output.md.
@Suite struct AnalysisJSONTests {
    @Test func tableSummaryModelSurvivalHistogramBoxplotShapes() throws {
        let (_, results) = try AnalysisFixture.run("""
        tabulate kjønn sivstand, rowpct
        summarize inntekt
        regress y x
        kaplan-meier dager hendelse
        histogram inntekt
        boxplot inntekt, over(kjønn)
        """)
        let objects = results.map(ResultJSON.object)
        func keys(_ i: Int) -> Set<String> { Set(objects[i].keys) }
        let common: Set<String> = ["command", "line", "kind", "protections"]
        #expect(objects[0]["kind"] as? String == "table")
        #expect(keys(0).isSuperset(of: common.union(["dimensions", "percentages", "cells", "totals"])))
        let cell = try #require((objects[0]["cells"] as? [[String: Any]])?.first)
        #expect(Set(cell.keys).isSuperset(of: ["categories", "count", "rowpct"]))
        #expect(objects[1]["kind"] as? String == "summary")
        let v = try #require((objects[1]["variables"] as? [[String: Any]])?.first)
        #expect(Set(v.keys).isSuperset(of: ["name", "n", "mean", "sd", "percentiles"]))
        #expect(v["min"] == nil && v["max"] == nil)
        #expect(objects[2]["kind"] as? String == "model")
        #expect(keys(2).isSuperset(of: common.union(["estimator", "dependent", "n", "statistic", "level", "coefficients", "r2"])))
        let coef = try #require((objects[2]["coefficients"] as? [[String: Any]])?.first)
        #expect(Set(coef.keys) == ["term", "estimate", "se", "statistic", "p", "ci_low", "ci_high"])
        let survival = try #require(objects.first { $0["kind"] as? String == "survival" })
        #expect(Set(survival.keys).isSuperset(of: ["grid", "time_unit", "groups"]))
        let g = try #require((survival["groups"] as? [[String: Any]])?.first)
        #expect(Set(g.keys).isSuperset(of: ["label", "time", "survival", "at_risk", "events"]))
        let histogram = try #require(objects.first { $0["kind"] as? String == "histogram" })
        #expect(Set(histogram.keys).isSuperset(of: ["variable", "n", "bins"]))
        let box = try #require(objects.first { $0["kind"] as? String == "boxplot" })
        let b = try #require((box["groups"] as? [[String: Any]])?.first)
        #expect(Set(b.keys).isSuperset(of: ["label", "n", "whisker_low", "q1", "median", "q3", "whisker_high"]))
        // Every line is valid JSON.
        for o in objects {
            let line = ResultJSON.line(o)
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }
}
