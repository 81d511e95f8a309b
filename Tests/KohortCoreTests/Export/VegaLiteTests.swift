import Foundation
import Testing
@testable import KohortCore

/// Issue 9: every chart kind as a Vega-Lite v5 specification, valid against the official schema
/// (Fixtures/Export/vega-lite-v5.20.1.schema.json).
@Suite struct VegaLiteTests {
    static let validator: JSONSchemaValidator? = try? JSONSchemaValidator(
        schemaFile: ExportSamples.fixtures.appendingPathComponent("vega-lite-v5.20.1.schema.json"))

    func spec(_ r: ReleasedResult) throws -> JSONValue {
        try JSONValue.parse(try #require(VegaLite.json(r)))
    }

    @Test(arguments: ExportSamples.charts.map(\.command))
    func everyChartValidatesAgainstTheVegaLiteSchema(_ command: String) throws {
        let validator = try #require(Self.validator)
        let result = try #require(ExportSamples.charts.first { $0.command == command })
        let errors = validator.validate(try spec(result))
        #expect(errors.isEmpty, "\(command): \(errors.prefix(5))")
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() throws {
        let validator = try #require(Self.validator)
        #expect(validator.validate(try JSONValue.parse(#"{"data":{"values":[]},"mark":"bar"}"#)).isEmpty)
        #expect(!validator.validate(try JSONValue.parse(#"{"data":{"values":[]},"mark":"bars"}"#)).isEmpty)
        #expect(!validator.validate(try JSONValue.parse(#"{"mark":"bar","encoding":{"x":{"field":"a","type":"quantitativ"}}}"#)).isEmpty)
        #expect(!validator.validate(try JSONValue.parse(#"{"mark":"bar","encodings":{}}"#)).isEmpty)
        #expect(!validator.validate(try JSONValue.parse(#"{"mark":{"type":"line","interpolate":"steps"}}"#)).isEmpty)
    }

    @Test func commonFieldsTitleSubtitleAndSchemaURL() throws {
        let s = try spec(ExportSamples.histogram)
        #expect(s["$schema"]?.string == "https://vega.github.io/schema/vega-lite/v5.json")
        #expect(s["title"]?["text"]?.string == "histogram alder_diag")
        #expect(s["title"]?["subtitle"]?.array?.count == 2)
        #expect(s["description"]?.string?.contains("cell_key_noise, small_cell_suppression") == true)
        #expect(VegaLite.spec(ExportSamples.table) == nil)
        #expect(VegaLite.spec(ExportSamples.message) == nil)
    }

    @Test func histogramIsPreBinnedWithSuppressedBinsNull() throws {
        let s = try spec(ExportSamples.histogram)
        #expect(s["mark"]?["type"]?.string == "bar")
        #expect(s["encoding"]?["x"]?["bin"]?["binned"] == .bool(true))
        #expect(s["encoding"]?["x"]?["bin"]?["step"] == .number(10))
        #expect(s["encoding"]?["x"]?["title"]?.string == "alder_diag")
        #expect(s["encoding"]?["x2"]?["field"]?.string == "to")
        let values = try #require(s["data"]?["values"]?.array)
        #expect(values.count == 5)
        #expect(values[4]["count"] == .null)
        #expect(values[0] == .object(["from": .number(40), "to": .number(50), "count": .number(43)]))
    }

    @Test func boxplotIsRuleBarAndTickLayers() throws {
        let s = try spec(ExportSamples.boxplot)
        let layers = try #require(s["layer"]?.array)
        #expect(layers.map { $0["mark"]?["type"]?.string ?? "" } == ["rule", "bar", "tick"])
        #expect(layers[0]["encoding"]?["y"]?["field"]?.string == "whisker_low")
        #expect(layers[0]["encoding"]?["y2"]?["field"]?.string == "whisker_high")
        #expect(layers[1]["encoding"]?["y2"]?["field"]?.string == "q3")
        #expect(layers[2]["encoding"]?["y"]?["field"]?.string == "median")
        #expect(s["data"]?["values"]?.array?[2]["median"] == .null)
    }

    @Test func kaplanMeierIsStepLinesColouredByGroup() throws {
        let s = try spec(ExportSamples.survival)
        #expect(s["mark"]?["interpolate"]?.string == "step-after")
        #expect(s["encoding"]?["color"]?["field"]?.string == "group")
        #expect(s["encoding"]?["x"]?["title"]?.string == "Time (days)")
        #expect(s["data"]?["values"]?.array?.count == 14)
    }

    @Test func barchartsGroupSideBySideAndUseTheStatistic() throws {
        let one = try spec(ExportSamples.barchartOneWay)
        #expect(one["encoding"]?["color"] == nil)
        #expect(one["encoding"]?["y"]?["title"]?.string == "Count")
        #expect(one["data"]?["values"]?.array?[2]["value"] == .null)
        let two = try spec(ExportSamples.barchartTwoWay)
        #expect(two["encoding"]?["xOffset"]?["field"]?.string == "group")
        #expect(two["encoding"]?["y"]?["title"]?.string == "Percent")
        #expect(two["data"]?["values"]?.array?[3]["value"] == .number(4))
        let stat = try spec(ExportSamples.barchartStatistic)
        #expect(stat["encoding"]?["y"]?["title"]?.string == "mean lønn")
    }

    @Test func coefplotHexbinSankeyAndPieShapes() throws {
        let c = try spec(ExportSamples.coefplot)
        let layers = try #require(c["layer"]?.array)
        #expect(layers[0]["encoding"]?["x"]?["datum"] == .number(0))
        #expect(layers[1]["encoding"]?["x2"]?["field"]?.string == "ci_high")
        #expect(layers[2]["mark"]?["type"]?.string == "point")
        let h = try spec(ExportSamples.hexbin)
        #expect(h["mark"]?["type"]?.string == "rect")
        #expect(h["encoding"]?["column"]?["field"]?.string == "group")
        #expect(h["encoding"]?["color"]?["field"]?.string == "count")
        let cell = try #require(h["data"]?["values"]?.array?.first)
        #expect(cell["x0"] == .number(17.5) && cell["x1"] == .number(22.5))
        let k = try spec(ExportSamples.sankey)
        #expect(k["encoding"]?["color"]?["field"]?.string == "to")
        #expect(k["encoding"]?["x"]?["title"]?.string == "Count (stadium2015 → stadium2020)")
        let p = try spec(ExportSamples.pie)
        #expect(p["mark"]?["type"]?.string == "arc")
        #expect(p["encoding"]?["theta"]?["field"]?.string == "count")
    }

    @Test func nonFiniteNumbersBecomeNull() throws {
        let r = ExportSamples.result("coefplot", line: 1, .coefplot(ReleasedCoefplot(estimator: "logit", level: 0.95, coefficients: [
            ReleasedCoefficient(term: "x", estimate: .infinity, se: .nan, statistic: .nan, p: .nan, ciLow: -.infinity, ciHigh: .infinity),
        ])))
        let s = try spec(r)
        #expect(s["data"]?["values"]?.array?[0]["estimate"] == .null)
        #expect(try #require(Self.validator).validate(s).isEmpty)
    }
}
