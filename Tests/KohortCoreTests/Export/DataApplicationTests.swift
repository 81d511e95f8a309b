import Foundation
import Testing
@testable import KohortCore

/// Issue 9: data applications from a cohort, valid against docs/application.schema.json.
@Suite struct DataApplicationTests {
    static let catalogue = try? CatalogueLoader.load(assets: ExportSamples.repositoryRoot.appendingPathComponent("Assets"))
    static let schema = try? JSONSchemaValidator(schemaFile: ExportSamples.repositoryRoot.appendingPathComponent("docs/application.schema.json"))
    static let fixedDate = Date(timeIntervalSince1970: 1_780_000_000)

    func cohortFixture() throws -> ApplicationCohort {
        try ApplicationCohort.decode(try Data(contentsOf: ExportSamples.fixtures.appendingPathComponent("lungekreft-kohort.json")))
    }

    func document(_ cohort: ApplicationCohort, source: (any VariableSource)? = nil, purpose: String? = nil) throws -> JSONValue {
        let catalogue = try #require(Self.catalogue)
        let doc = try DataApplication.document(cohort: cohort, catalogue: catalogue, source: source, purpose: purpose, generatedAt: Self.fixedDate)
        return try JSONValue.parse(DataApplication.json(doc))
    }

    func expectValid(_ doc: JSONValue) throws {
        let errors = try #require(Self.schema).validate(doc)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    @Test func theFixtureCohortGivesAValidDocument() throws {
        let doc = try document(try cohortFixture(), purpose: "Overlevelse etter sivilstand")
        try expectValid(doc)
        #expect(doc["format"] == .string("kohort-data-application"))
        #expect(doc["generated_at"] == .string("2026-05-28T20:26:40Z"))
        #expect(doc["purpose"] == .string("Overlevelse etter sivilstand"))
        #expect(doc["applicant"]?["institution"] == .string("Universitetet i Oslo"))
        #expect(doc["applicant"]?["ethics_approval"] == .string(""))
        let entry = try #require(doc["population"]?["entry"])
        #expect(entry["kind"] == .string("cancer_diagnosis"))
        #expect(entry["icd10"] == .array([.string("C33"), .string("C34")]))
        // Not run: the size is null with the reason.
        #expect(doc["population"]?["released_size"]?["count"] == .null)
        #expect(doc["population"]?["released_size"]?["reason"]?.string?.contains("not run") == true)
        // Variables carry datastore, version, time and technical name from the catalogue.
        let variables = try #require(doc["variables"]?.array)
        #expect(variables.map { $0["name"]?.string ?? "" } == ["KRG_KJERNE_STADIUM", "KRG_KJERNE_DODSDATO", "INNTEKT_WLONN",
                                                               "NPR_SYKEHUSOPPHOLD_OPPHOLD", "NUDB_BU"])
        #expect(variables[2]["version"] == .number(30))
        #expect(variables[2]["date"] == .string("2019-12-31"))
        #expect(variables[2]["technical_name"] == .string("lonnsinntekt"))
        #expect(variables[3]["period"]?["to"] == .string("2021-12-31"))
        #expect(variables[0]["version"] == .null)
        let stores = try #require(doc["datastores"]?.array).compactMap { $0["datastore"]?.string }
        #expect(stores == ["no.ssb.fdb", "no.fhi.krg", "no.fhi.npr"])
        let rules = try #require(doc["population"]?["rules"]?.array)
        #expect(rules[1]["enabled"] == .bool(false))
        #expect(rules[3]["date"] == .string("2014-12-31"))
        let summary = try #require(doc["summary"]?.string)
        #expect(summary.contains("Utvalgskriterier:\n  - Kjønn (BEFOLKNING_KJOENN) er 2\n"))
        #expect(!summary.contains("slått av"))
    }

    @Test func theScriptParsesAndAppliesEveryEnabledRule() throws {
        let doc = try document(try cohortFixture())
        let script = try #require(doc["population"]?["script"]?.string)
        let commands = try ScriptParser.parse(source: script, fileName: "kohort")
        #expect(commands.first?.name == "require")
        #expect(script.contains("require no.ssb.fdb:30 as ssb\n"))
        #expect(script.contains("keep if (startswith(icd, 'C33') | startswith(icd, 'C34')) & inrange(diagdato, date(2015, 1, 1), date(2020, 12, 31))\n"))
        #expect(script.contains("keep if regel1 == '2'\n"))
        #expect(script.contains("// (slått av) keep if inrange(regel2, 40, 79)\n"))
        #expect(script.contains("import-event ssb/SIVSTANDFDT_SIVSTAND 2015-01-01 to 2015-12-31 as regel3\n"))
        #expect(script.contains("import ssb/INNTEKT_WLONN 2014-12-31 as regel4\nkeep if regel4 > 0\n"))
        // Case-level rules act on the cases, before the first diagnosis is chosen.
        let caseRule = try #require(script.range(of: "import krg/KRG_KJERNE_ALDER_DIAGNOSE"))
        let collapse = try #require(script.range(of: "collapse (min) diagdato"))
        #expect(caseRule.lowerBound < collapse.lowerBound)
    }

    @Test func aPopulationCohortRunsOnTheEngineFixture() throws {
        let cohort = ApplicationCohort(
            name: "Kvinner 2021", entry: .init(kind: .population, date: "2021-01-01"),
            rules: [.init(variable: "BEFOLKNING_KJOENN", operator: .equal, values: [.string("2")]),
                    .init(variable: "INNTEKT_BRUTTOFORM", operator: .greaterOrEqual, values: [.number(100_000)], date: "2020-12-31")],
            variables: [.init(name: "INNTEKT_WLONN", date: "2020-12-31")])
        let doc = try document(cohort, source: try EngineFixture.source())
        try expectValid(doc)
        let size = try #require(doc["population"]?["released_size"])
        if let count = size["count"]?.number {
            // Women (even ids) resident on 2021-01-01 (ids ≤ 1900) with wealth ≥ 100 000 (ids ≥ 1000): 451, perturbed.
            #expect(abs(count - 451) < 20)
            #expect(size["protections"]?.array?.isEmpty == false)
        } else {
            // Until the analysis runner serves `tabulate`, the reason says why; the cohort script
            // itself ran up to the appended tabulate.
            #expect(size["reason"]?.string?.hasPrefix("the cohort could not be run") == true, "\(size)")
            #expect(size["reason"]?.string?.contains("'tabulate'") == true, "\(size)")
        }
        // The version comes from the data source when the cohort file names none.
        let version = try #require(doc["datastores"]?.array?.first?["version"]?.number)
        #expect(Int(version) == (try EngineFixture.source().resolve(datastore: "no.ssb.fdb", version: nil)))
        #expect(version >= 1)
    }

    /// An EVENT rule becomes its own dataset, collapsed per person and merged back; the engine
    /// runs it (up to the appended tabulate while that is unavailable).
    @Test func anEventRuleRunsOnTheEngineFixture() throws {
        let cohort = ApplicationCohort(
            entry: .init(kind: .population, date: "2021-01-01"),
            rules: [.init(variable: "SIVSTANDFDT_SIVSTAND", operator: .isIn, values: [.string("2"), .string("4")],
                          window: .init(from: "2020-01-01", to: "2020-12-31"))])
        let doc = try document(cohort, source: try EngineFixture.source())
        try expectValid(doc)
        let script = try #require(doc["population"]?["script"]?.string)
        #expect(script.contains("import-event ssb/SIVSTANDFDT_SIVSTAND 2020-01-01 to 2020-12-31 as regel1\nkeep if (regel1 == '2' | regel1 == '4')\n"))
        let size = try #require(doc["population"]?["released_size"])
        if size["count"] == .null {
            let reason = size["reason"]?.string ?? ""
            #expect(reason.contains("'tabulate'") || reason.contains("suppressed"), "\(reason)")
        }
    }

    @Test func problemsNameTheField() throws {
        let catalogue = try #require(Self.catalogue)
        func problem(_ cohort: ApplicationCohort) -> String {
            do {
                _ = try DataApplication.document(cohort: cohort, catalogue: catalogue, source: nil)
                return ""
            } catch { return "\(error)" }
        }
        let entry = ApplicationCohort.Entry(kind: .population, date: "2020-01-01")
        #expect(problem(ApplicationCohort(entry: .init(kind: .population))).hasPrefix("entry.date:"))
        #expect(problem(ApplicationCohort(entry: .init(kind: .population, date: "2020-13-01"))).hasPrefix("entry.date: '2020-13-01'"))
        #expect(problem(ApplicationCohort(entry: .init(kind: .cancerDiagnosis, period: .init(from: "2015-01-01", to: "2016-01-01"),
                                                      cancerForms: ["lungekreftt"]))).hasPrefix("entry.cancer_forms: unknown cancer form"))
        #expect(problem(ApplicationCohort(entry: entry, rules: [.init(variable: "BEFOLKNING_KJONN", operator: .equal, values: [.string("1")])]))
            .contains("rules[0].variable:"))
        #expect(problem(ApplicationCohort(entry: entry, rules: [.init(variable: "BEFOLKNING_KJOENN", operator: .between, values: [.number(1)])]))
            .hasPrefix("rules[0].values:"))
        #expect(problem(ApplicationCohort(entry: entry, variables: [.init(name: "INNTEKT_WLONN")])).hasPrefix("variables[0]: INNTEKT_WLONN is ACCUMULATED"))
        #expect(problem(ApplicationCohort(entry: entry, variables: [.init(name: "BEFOLKNING_KJOENN")])) == "")
        // Lenient cancer-form names, as the search filter accepts.
        let cancer = ApplicationCohort(entry: .init(kind: .cancerDiagnosis, period: .init(from: "2015-01-01", to: "2016-01-01"), cancerForms: ["Lungekreft"]))
        #expect(problem(cancer) == "")
    }

    @Test func decodingErrorsNameTheField() {
        func error(_ json: String) -> String {
            do { _ = try ApplicationCohort.decode(Data(json.utf8)); return "" } catch { return "\(error)" }
        }
        #expect(error(#"{"rules":[]}"#) == "cohort: missing 'entry'")
        #expect(error(#"{"entry":{"kind":"bosatte"}}"#).hasPrefix("cohort: invalid value at 'entry.kind'"))
        #expect(error(#"{"entry":{"kind":"population","date":"2020-01-01"},"rules":[{"variable":"X","operator":"~"}]}"#)
            .hasPrefix("cohort: invalid value at 'rules[0].operator'"))
        #expect(error(#"{"entry":{"kind":"population","date":"2020-01-01"},"rules":[{"variable":"X","operator":"in","values":[1,"a"]}]}"#) == "")
    }

    @Test func theSchemaRejectsBrokenDocuments() throws {
        let validator = try #require(Self.schema)
        guard case .object(var doc) = try document(try cohortFixture()) else { Issue.record("not an object"); return }
        doc["format_version"] = .number(2)
        #expect(!validator.validate(.object(doc)).isEmpty)
        doc["format_version"] = .number(1)
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
