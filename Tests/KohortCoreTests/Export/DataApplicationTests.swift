import Foundation
import Testing
@testable import KohortCore

/// Issue 9: data applications from the Cohort pane's `kohort.cohort/1` definitions, valid
/// against docs/application.schema.json.
@Suite struct DataApplicationTests {
    static let catalogue = try? CatalogueLoader.load(assets: ExportSamples.repositoryRoot.appendingPathComponent("Assets"))
    static let schema = try? JSONSchemaValidator(schemaFile: ExportSamples.repositoryRoot.appendingPathComponent("docs/application.schema.json"))
    static let fixedDate = Date(timeIntervalSince1970: 1_780_000_000)

    /// The example in docs/cohort-format.md: the document the Cohort pane saves with `w`.
    func docsExample() throws -> CohortDefinition {
        let text = try String(contentsOf: ExportSamples.repositoryRoot.appendingPathComponent("docs/cohort-format.md"), encoding: .utf8)
        let start = try #require(text.range(of: "```json\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return try DataApplication.decodeCohort(Data(text[start.upperBound..<end.lowerBound].utf8))
    }

    func document(_ cohort: CohortDefinition, source: (any VariableSource)? = nil, purpose: String? = nil) throws -> JSONValue {
        let catalogue = try #require(Self.catalogue)
        let doc = try DataApplication.document(cohort: cohort, catalogue: catalogue, source: source, purpose: purpose, generatedAt: Self.fixedDate)
        return try JSONValue.parse(DataApplication.json(doc))
    }

    func expectValid(_ doc: JSONValue) throws {
        let errors = try #require(Self.schema).validate(doc)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    static func residentWomen() -> CohortDefinition {
        var cohort = CohortDefinition()
        cohort.entry.date = "2021-01-01"
        cohort.rules = [CohortRule(variable: "BEFOLKNING_KJOENN", datastore: "no.ssb.fdb", technicalName: "kjonn",
                                   temporality: "FIXED", isString: true, op: .eq, values: ["2"])]
        var income = CohortAnalysisVariable(variable: "INNTEKT_WLONN", datastore: "no.ssb.fdb", technicalName: "wlonn", temporality: "ACCUMULATED")
        income.date = "2020-12-31"
        cohort.analysis = [income]
        return cohort
    }

    @Test func theCohortPanesDocumentGivesAValidApplication() throws {
        var cohort = try docsExample()
        cohort.applicant = ["institution": "Universitetet i Oslo", "supervisor": "Kari Nordmann"]
        let doc = try document(cohort, purpose: "Overlevelse etter sivilstand")
        try expectValid(doc)
        #expect(doc["format"] == .string("kohort-data-application"))
        #expect(doc["generated_at"] == .string("2026-05-28T20:26:40Z"))
        #expect(doc["purpose"] == .string("Overlevelse etter sivilstand"))
        #expect(doc["applicant"]?["institution"] == .string("Universitetet i Oslo"))
        #expect(doc["applicant"]?["supervisor"] == .string("Kari Nordmann"))
        #expect(doc["applicant"]?["ethics_approval"] == .string(""))
        #expect(doc["cohort"]?["format"] == .string("kohort.cohort/1"))
        // Structured criteria from the definition.
        let entry = try #require(doc["population"]?["entry"])
        #expect(entry["kind"] == .string("cancer-cases"))
        #expect(entry["icd10"] == .array([.string("C34")]))
        #expect(entry["period"]?["from"] == .string("2015-01-01"))
        let rules = try #require(doc["population"]?["rules"]?.array)
        #expect(rules.count == 2)
        #expect(rules[0]["operator"] == .string("in"))
        #expect(rules[0]["values"] == .array([.string("2")]))
        #expect(rules[1]["enabled"] == .bool(false))
        #expect(rules[1]["version"] == .number(30))
        // The script is the definition's own compiled lines, the same the Cohort pane runs.
        #expect(doc["population"]?["script"]?.string == cohort.compiled().joined(separator: "\n") + "\n")
        // Not run: the size is null with the reason.
        #expect(doc["population"]?["released_size"]?["count"] == .null)
        #expect(doc["population"]?["released_size"]?["reason"]?.string?.contains("not run") == true)
        // Variables: the entry's, the enabled rules' and the analysis ones, from the catalogue.
        let variables = try #require(doc["variables"]?.array)
        func variable(_ name: String) -> JSONValue? { variables.first { $0["name"]?.string == name } }
        let age = try #require(variable("KRG_KJERNE_ALDER_DIAGNOSE"))
        #expect(age["roles"] == .array([.string("analysis")]))
        #expect(age["datastore"] == .string("no.fhi.krg"))
        #expect(age["technical_name"]?.string?.isEmpty == false)
        let sivstand = try #require(variable("SIVSTANDFDT_SIVSTAND"))
        #expect(sivstand["period"]?["to"] == .string("2020-12-31"))
        #expect(sivstand["version"] == .number(30), "the pinned ssb version applies to every ssb variable")
        #expect(variable("BEFOLKNING_KJOENN")?["roles"]?.array?.contains(.string("rule")) == true)
        #expect(variable("INNTEKT_WLONN") == nil, "a rule switched off requests nothing")
        #expect(variable("KRG_KJERNE_DIAGNOSEDATO")?["roles"] == .array([.string("entry")]))
        let stores = try #require(doc["datastores"]?.array).compactMap { $0["datastore"]?.string }
        #expect(stores == ["no.ssb.fdb", "no.fhi.krg"])
        let summary = try #require(doc["summary"]?.string)
        #expect(summary.contains("Utvalgskriterier:\n  - Kjønn (BEFOLKNING_KJOENN) er 2\n"), "\(summary)")
        #expect(!summary.contains("slått av"))
    }

    /// The released size is the Cohort pane's count: the same steps through the same
    /// released-count path give the same number.
    @Test func theReleasedSizeIsTheCohortPanesCount() throws {
        let cohort = Self.residentWomen()
        let doc = try document(cohort, source: try EngineFixture.source())
        try expectValid(doc)
        var core = SessionCore(source: try EngineFixture.source(), catalogue: Self.catalogue)
        let pane = try #require(core.attrition(cohort.steps()).counts.last)
        let size = try #require(doc["population"]?["released_size"])
        let count = try #require(size["count"]?.number)
        #expect(Int(count) == pane.value)
        #expect(abs(count - 950) <= 2)
        #expect(size["protections"]?.array?.isEmpty == false)
        #expect(pane.protections.isEmpty == false)
        // The version comes from the data source when the cohort pins none.
        let version = try #require(doc["datastores"]?.array?.first?["version"]?.number)
        #expect(Int(version) == (try EngineFixture.source().resolve(datastore: "no.ssb.fdb", version: nil)))
        // Built from a count already released (the Cohort pane's `A`): the same document.
        let catalogue = try #require(Self.catalogue)
        let fromPane = try DataApplication.document(cohort: cohort, catalogue: catalogue, size: DataApplication.populationSize(pane),
                                                    newest: ["no.ssb.fdb": Int(version)], generatedAt: Self.fixedDate)
        #expect(try JSONValue.parse(DataApplication.json(fromPane)) == doc)
    }

    @Test func aSuppressedOrMissingCountHasAReason() throws {
        let suppressed = DataApplication.populationSize(ReleasedCount(value: nil, smallCell: 5))
        #expect(suppressed.count == nil && suppressed.reason?.contains("suppressed") == true)
        let missing = DataApplication.populationSize(nil, unavailable: "the counts are still being computed")
        #expect(missing.reason == "the counts are still being computed")
        var cohort = Self.residentWomen()
        cohort.rules[0].variable = "INNTEKT_WLONN"
        cohort.rules[0].temporality = "ACCUMULATED"
        let doc = try document(cohort, source: try EngineFixture.source())
        try expectValid(doc)
    }

    @Test func problemsNameTheField() throws {
        let catalogue = try #require(Self.catalogue)
        func problem(_ cohort: CohortDefinition) -> String {
            do {
                _ = try DataApplication.document(cohort: cohort, catalogue: catalogue, source: nil)
                return ""
            } catch { return "\(error)" }
        }
        var bad = CohortDefinition()
        bad.entry.date = "2020-13-01"
        #expect(problem(bad).hasPrefix("entry.date: '2020-13-01'"))
        bad = Self.residentWomen()
        bad.rules[0].variable = "BEFOLKNING_KJONN"
        #expect(problem(bad).hasPrefix("rules[0].variable:"))
        bad = Self.residentWomen()
        bad.analysis[0].date = "31.12.2020"
        #expect(problem(bad).hasPrefix("analysis[0].date:"))
        bad = Self.residentWomen()
        bad.entry.kind = .nprStays
        bad.entry.from = "2021-01-01"; bad.entry.to = "2020-01-01"
        #expect(problem(bad).hasPrefix("entry: 'to'"))
        #expect(problem(Self.residentWomen()) == "")
    }

    @Test func decodingErrorsNameTheField() {
        func error(_ json: String) -> String {
            do { _ = try DataApplication.decodeCohort(Data(json.utf8)); return "" } catch { return "\(error)" }
        }
        #expect(error(#"{"format":"kohort.cohort/1","name":"k","rules":[],"analysis":[]}"#).hasPrefix("cohort: missing 'entry'"))
        #expect(error(#"{"format":"kohort-data-application"}"#).contains("kohort.cohort/1"))
        let ok = String(decoding: try! Self.residentWomen().json(), as: UTF8.self)
        #expect(error(ok) == "")
    }

    @Test func theSchemaRejectsBrokenDocuments() throws {
        let validator = try #require(Self.schema)
        guard case .object(var doc) = try document(try docsExample()) else { Issue.record("not an object"); return }
        doc["format_version"] = .number(1)
        #expect(!validator.validate(.object(doc)).isEmpty)
        doc["format_version"] = .number(2)
        doc["surprise"] = .bool(true)
        #expect(!validator.validate(.object(doc)).isEmpty)
        doc["surprise"] = nil
        guard case .object(var population) = doc["population"]!, case .object(var size) = population["released_size"]! else { return }
        size["reason"] = .null // a null count needs a reason
        population["released_size"] = .object(size)
        doc["population"] = .object(population)
        #expect(!validator.validate(.object(doc)).isEmpty)
    }
}
