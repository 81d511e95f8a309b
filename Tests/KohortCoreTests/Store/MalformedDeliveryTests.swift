import Foundation
import Testing
@testable import KohortCore

/// One malformed input per validation rule, each rejected with its message.
@Suite struct MalformedDeliveryTests {
    /// A valid metadata object; tests change one thing at a time.
    static func metadata(temporality: String = "EVENT", dataType: String = "STRING",
                         valueDomain: [String: Any]? = nil) -> [String: Any] {
        let ml: (String) -> [[String: Any]] = { [["languageCode": "no", "value": $0]] }
        return [
            "temporalityType": temporality,
            "sensitivityLevel": "PERSON_GENERAL",
            "populationDescription": ml("Alle"),
            "subjectFields": [ml("BEFOLKNING")],
            "dataRevision": ["description": ml("Første")],
            "identifierVariables": [["unitType": "PERSON"]],
            "measureVariables": [[
                "name": ml("Test"),
                "description": ml("Test"),
                "dataType": dataType,
                "valueDomain": valueDomain ?? [
                    "codeList": [
                        ["code": "1", "categoryTitle": ml("En"), "validFrom": "2000-01-01"],
                        ["code": "2", "categoryTitle": ml("To"), "validFrom": "2010-01-01", "validUntil": "2019-12-31"],
                    ],
                    "sentinelAndMissingValues": [["code": "0", "categoryTitle": ml("Ukjent")]],
                ],
            ]],
        ]
    }

    static var described: [String: Any] { [
        "description": [["languageCode": "no", "value": "Kroner"]],
        "measurementUnitDescription": [["languageCode": "no", "value": "NOK"]],
    ] }

    /// Writes NAME/NAME.json (object or raw text) and NAME/NAME.csv and validates the folder.
    static func validate(_ meta: Any, csv: String?, name: String = "TEST_VAR") throws -> [ValidationProblem] {
        let root = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(root) }
        let dir = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let json: Data
        if let text = meta as? String { json = Data(text.utf8) } else { json = try JSONSerialization.data(withJSONObject: meta) }
        try json.write(to: dir.appendingPathComponent("\(name).json"))
        if let csv { try Data(csv.utf8).write(to: dir.appendingPathComponent("\(name).csv")) }
        return MicrodataValidator.validateDelivery(dir: dir)
    }

    static func expectProblem(_ problems: [ValidationProblem], line: Int? = nil, file: String = "TEST_VAR/TEST_VAR.csv",
                              _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems.contains { $0.file == file && $0.line == line && $0.message.contains(message) }
        #expect(found, "expected \(file):\(line.map(String.init) ?? "-") \(message); got \(problems.map(\.description))",
                sourceLocation: sourceLocation)
    }

    static let jsonFile = "TEST_VAR/TEST_VAR.json"

    // MARK: metadata

    @Test func baseDeliveryIsValid() throws {
        #expect(try Self.validate(Self.metadata(), csv: "1;1;2001-01-01;;\n").isEmpty)
        #expect(try Self.validate(Self.metadata(dataType: "LONG", valueDomain: Self.described), csv: "1;-5;2001-01-01;;\n").isEmpty)
    }

    @Test func missingRequiredField() throws {
        var m = Self.metadata(); m["sensitivityLevel"] = nil
        Self.expectProblem(try Self.validate(m, csv: "1;1;2001-01-01;;"), file: Self.jsonFile,
                           "the metadata is missing the required field \"sensitivityLevel\".")
    }

    @Test func unknownField() throws {
        var m = Self.metadata(); m["colour"] = "blue"
        Self.expectProblem(try Self.validate(m, csv: ""), file: Self.jsonFile, "the metadata has the unknown field \"colour\".")
    }

    @Test func invalidEnums() throws {
        var m = Self.metadata(temporality: "WEEKLY", dataType: "INTEGER"); m["sensitivityLevel"] = "SECRET"
        m["identifierVariables"] = [["unitType": "ALIEN"]]
        let p = try Self.validate(m, csv: "")
        Self.expectProblem(p, file: Self.jsonFile, "temporalityType \"WEEKLY\" is not one of FIXED, STATUS, ACCUMULATED, EVENT.")
        Self.expectProblem(p, file: Self.jsonFile, "sensitivityLevel \"SECRET\" is not one of PERSON_GENERAL, PERSON_SPECIAL, PUBLIC, NONPUBLIC.")
        Self.expectProblem(p, file: Self.jsonFile, "measureVariables[0].dataType \"INTEGER\" is not one of STRING, LONG, DOUBLE, DATE.")
        Self.expectProblem(p, file: Self.jsonFile, "identifierVariables[0].unitType \"ALIEN\" is not a unit type microdata-tools knows")
    }

    @Test func invalidLanguageCode() throws {
        var m = Self.metadata(); m["populationDescription"] = [["languageCode": "de", "value": "Alle"]]
        Self.expectProblem(try Self.validate(m, csv: ""), file: Self.jsonFile,
                           "populationDescription[0].languageCode \"de\" is not one of no, nb, nn, en.")
    }

    @Test func codeMustMatchDataType() throws {
        let p = try Self.validate(Self.metadata(dataType: "LONG"), csv: "")
        #expect(p.isEmpty == false)
        let ml = [["languageCode": "no", "value": "x"]]
        let m = Self.metadata(dataType: "LONG", valueDomain: ["codeList": [["code": "A1", "categoryTitle": ml, "validFrom": "2000-01-01"]]])
        Self.expectProblem(try Self.validate(m, csv: ""), file: Self.jsonFile,
                           "measureVariables[0].valueDomain.codeList[0].code \"A1\" is not a valid LONG value")
        let s = Self.metadata(dataType: "DATE", valueDomain: ["codeList": [["code": "2020-01-01", "categoryTitle": ml, "validFrom": "2000-01-01"]],
                                                            "sentinelAndMissingValues": [["code": "9999", "categoryTitle": ml]]])
        Self.expectProblem(try Self.validate(s, csv: ""), file: Self.jsonFile,
                           "valueDomain.sentinelAndMissingValues[0].code \"9999\" is not a valid DATE value")
    }

    @Test func valueDomainIsEitherEnumeratedOrDescribed() throws {
        var both = Self.described
        both["codeList"] = [["code": "1", "categoryTitle": [["languageCode": "no", "value": "x"]], "validFrom": "2000-01-01"]]
        Self.expectProblem(try Self.validate(Self.metadata(valueDomain: both), csv: ""), file: Self.jsonFile,
                           "has both a codeList and a description")
        Self.expectProblem(try Self.validate(Self.metadata(valueDomain: ["uriDefinition": ["x"]]), csv: ""), file: Self.jsonFile,
                           "measureVariables[0].valueDomain has neither a codeList nor a description.")
        var sentinel = Self.described
        sentinel["sentinelAndMissingValues"] = [["code": "0", "categoryTitle": [["languageCode": "no", "value": "x"]]]]
        Self.expectProblem(try Self.validate(Self.metadata(valueDomain: sentinel), csv: ""), file: Self.jsonFile,
                           "has sentinelAndMissingValues but no codeList")
    }

    @Test func invalidCodeListDates() throws {
        let ml = [["languageCode": "no", "value": "x"]]
        let m = Self.metadata(valueDomain: ["codeList": [
            ["code": "1", "categoryTitle": ml, "validFrom": "2000-02-30"],
            ["code": "2", "categoryTitle": ml, "validFrom": "2000-01-01", "validUntil": "1999-01-01"],
        ]])
        let p = try Self.validate(m, csv: "")
        Self.expectProblem(p, file: Self.jsonFile, "codeList[0].validFrom \"2000-02-30\" is not a valid date YYYY-MM-DD.")
        Self.expectProblem(p, file: Self.jsonFile, "codeList[1].validUntil (1999-01-01) is before its validFrom (2000-01-01).")
    }

    @Test func exactlyOneIdentifierAndInvalidJSONAndMissingFiles() throws {
        var m = Self.metadata(); m["identifierVariables"] = [["unitType": "PERSON"], ["unitType": "JOBB"]]
        Self.expectProblem(try Self.validate(m, csv: ""), file: Self.jsonFile, "identifierVariables must have at most 1 entry, found 2.")
        Self.expectProblem(try Self.validate("{ not json", csv: ""), file: Self.jsonFile, "the metadata file is not valid JSON.")
        Self.expectProblem(try Self.validate(Self.metadata(), csv: nil), "the data file is missing")
        Self.expectProblem(try Self.validate(Self.metadata(), csv: "", name: "lower_case"), file: "lower_case",
                           "may only contain upper-case letters")
    }

    // MARK: data rows

    @Test func emptyFile() throws {
        Self.expectProblem(try Self.validate(Self.metadata(), csv: ""), "the data file has no rows.")
        Self.expectProblem(try Self.validate(Self.metadata(), csv: "\n\n"), "the data file has no rows.")
    }

    @Test func columnCountAndIds() throws {
        let p = try Self.validate(Self.metadata(), csv: "1;1;2001-01-01;\n;1;2001-01-01;;\nabc;1;2001-01-01;;\n1;1;2001-01-01;;;x\n")
        Self.expectProblem(p, line: 1, "expected 5 columns separated by ';' (id;value;start;stop;attr), found 4.")
        Self.expectProblem(p, line: 2, "the unit id (column 1) is empty.")
        Self.expectProblem(p, line: 3, "the unit id \"abc\" is not a whole number")
        Self.expectProblem(p, line: 4, "found 6.")
    }

    @Test func valuesParseAsTheirDataType() throws {
        Self.expectProblem(try Self.validate(Self.metadata(), csv: "1; ;2001-01-01;;\n"), line: 1, "the value (column 2) is empty.")
        let long = Self.metadata(dataType: "LONG", valueDomain: Self.described)
        Self.expectProblem(try Self.validate(long, csv: "1;1.5;2001-01-01;;\n"), line: 1, "the value \"1.5\" is not a valid LONG.")
        Self.expectProblem(try Self.validate(long, csv: "1;99999999999999999999;2001-01-01;;\n"), line: 1, "is not a valid LONG.")
        let double = Self.metadata(dataType: "DOUBLE", valueDomain: Self.described)
        #expect(try Self.validate(double, csv: "1;-1.5e3;2001-01-01;;\n2;.5;2001-01-01;;\n").isEmpty)
        Self.expectProblem(try Self.validate(double, csv: "1;1,5;2001-01-01;;\n"), line: 1, "the value \"1,5\" is not a valid DOUBLE.")
        Self.expectProblem(try Self.validate(double, csv: "1;nan;2001-01-01;;\n"), line: 1, "is not a valid DOUBLE.")
        let date = Self.metadata(dataType: "DATE", valueDomain: Self.described)
        Self.expectProblem(try Self.validate(date, csv: "1;2001-02-29;2001-01-01;;\n"), line: 1,
                           "the value \"2001-02-29\" is not a valid DATE (YYYY-MM-DD).")
    }

    @Test func datesMustBeValid() throws {
        let p = try Self.validate(Self.metadata(), csv: "1;1;2001-13-01;;\n2;1;2001-01-01;01.02.2001;\n")
        Self.expectProblem(p, line: 1, "the start date (column 3) \"2001-13-01\" is not a valid date YYYY-MM-DD.")
        Self.expectProblem(p, line: 2, "the stop date (column 4) \"01.02.2001\" is not a valid date YYYY-MM-DD.")
    }

    @Test func codeListMembershipAndValidity() throws {
        let p = try Self.validate(Self.metadata(), csv: "1;7;2001-01-01;;\n2;2;2005-01-01;;\n3;2;2020-01-01;;\n4;0;1950-01-01;;\n5;2;2012-01-01;;\n")
        Self.expectProblem(p, line: 1, "the value \"7\" is not in the code list.")
        Self.expectProblem(p, line: 2, "the value \"2\" is in the code list but not valid on 2005-01-01 (valid 2010-01-01–2019-12-31).")
        Self.expectProblem(p, line: 3, "not valid on 2020-01-01")
        #expect(p.count == 3)  // Line 4 is a sentinel (valid on any date), line 5 is inside the validity.
    }

    @Test func fixedRules() throws {
        let m = Self.metadata(temporality: "FIXED")
        #expect(try Self.validate(m, csv: "1;1;;2021-01-01;\n2;1;;;\n").isEmpty)
        Self.expectProblem(try Self.validate(m, csv: "1;1;2020-01-01;2021-01-01;\n"), line: 1,
                           "a FIXED variable has no start date, but column 3 is 2020-01-01; leave it empty.")
        Self.expectProblem(try Self.validate(m, csv: "5;1;;2021-01-01;\n6;1;;2021-01-01;\n5;1;;2021-01-01;\n"), line: 3,
                           "unit id 5 appears more than once (also on line 1); a FIXED variable has one row per unit.")
    }

    @Test func statusRules() throws {
        let m = Self.metadata(temporality: "STATUS")
        let p = try Self.validate(m, csv: "1;1;2001-01-01;;\n2;1;2001-01-01;2001-01-02;\n3;1;2001-01-01;2001-01-01;\n3;1;2002-01-01;2002-01-01;\n3;1;2001-01-01;2001-01-01;\n")
        Self.expectProblem(p, line: 1, "a STATUS row needs both a start and a stop date (the status date).")
        Self.expectProblem(p, line: 2, "a STATUS row must have start = stop (the status date), found 2001-01-01 and 2001-01-02.")
        Self.expectProblem(p, line: 5, "unit id 3 has two rows for the status date 2001-01-01 (also line 3).")
        #expect(p.count == 3)
    }

    @Test func accumulatedRules() throws {
        let m = Self.metadata(temporality: "ACCUMULATED", dataType: "LONG", valueDomain: Self.described)
        let p = try Self.validate(m, csv: "1;5;2001-01-01;;\n2;5;2001-12-31;2001-01-01;\n3;5;2002-01-01;2002-12-31;\n3;5;2001-01-01;2001-12-31;\n3;5;2002-06-01;2003-05-31;\n4;5;2001-01-01;2001-01-01;\n")
        Self.expectProblem(p, line: 1, "an ACCUMULATED row needs both a start and a stop date (the period).")
        Self.expectProblem(p, line: 2, "the start date 2001-12-31 is after the stop date 2001-01-01.")
        Self.expectProblem(p, line: 5, "the period 2002-06-01–2003-05-31 of unit id 3 overlaps the period 2002-01-01–2002-12-31 on line 3.")
        #expect(p.count == 3)  // Unsorted rows of unit 3 (line 4 before line 3) are fine; a one-day period is fine.
    }

    @Test func eventRules() throws {
        let m = Self.metadata(temporality: "EVENT")
        let p = try Self.validate(m, csv: "1;1;;2001-01-01;\n2;1;2001-02-01;2001-01-01;\n3;1;2001-01-01;;\n3;1;2002-01-01;2002-02-01;\n4;1;2001-01-01;2001-06-30;\n4;1;2001-06-30;;\n5;1;2001-01-01;2001-01-31;\n5;1;2001-02-01;;\n")
        Self.expectProblem(p, line: 1, "an EVENT row needs a start date.")
        Self.expectProblem(p, line: 2, "the start date 2001-02-01 is after the stop date 2001-01-01.")
        Self.expectProblem(p, line: 3, "unit id 3 has an ongoing spell from 2001-01-01 that is not its last (a later spell starts 2002-01-01 on line 4)")
        Self.expectProblem(p, line: 6, "the period 2001-06-30– of unit id 4 overlaps the period 2001-01-01–2001-06-30 on line 5.")
        #expect(p.count == 4)  // Unit 5: back-to-back spells and an ongoing last spell are fine.
    }

    @Test func quotedAndCRLFAndBOMInputIsRead() throws {
        let csv = "\u{FEFF}1;\"1\";2001-01-01;;\r\n2;1;2001-01-01;;\"a;b\"\r\n"
        #expect(try Self.validate(Self.metadata(), csv: csv).isEmpty)
    }

    @Test func problemsAreCapped() throws {
        let csv = String(repeating: "x;1;2001-01-01;;\n", count: 500)
        let p = try Self.validate(Self.metadata(), csv: csv)
        #expect(p.count == DeliveryDataChecker.maxProblems + 1)
        #expect(p.last?.message == "300 more problem(s) not shown; fix the ones above first.")
    }
}
