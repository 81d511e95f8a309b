import Foundation
import Testing
@testable import KohortCore

/// Damage to an imported store is detected as a typed error, never read as data; and typed
/// values survive the whole import path.
@Suite struct StoreIntegrityTests {
    static func importedKjoenn() throws -> (root: URL, store: URL, folder: URL) {
        let root = try StoreTestSupport.temporaryDirectory()
        let store = root.appendingPathComponent("store")
        try MicrodataImporter.importDeliveries(dirs: [StoreTestSupport.example("BEFOLKNING_KJOENN")], into: store,
                                               name: "no.example", releaseNote: "v1")
        let folder = try Datastore.open(store).resolve().directory(of: "BEFOLKNING_KJOENN")
        return (root, store, folder)
    }

    @Test func verifyPassesOnAFreshImport() throws {
        let (root, store, _) = try Self.importedKjoenn()
        defer { StoreTestSupport.remove(root) }
        try Datastore.open(store).verify()
    }

    @Test func flippedByteInAStoredColumnIsDetected() throws {
        let (root, store, folder) = try Self.importedKjoenn()
        defer { StoreTestSupport.remove(root) }
        let values = folder.appendingPathComponent(VariableFiles.values)
        try StoreTestSupport.flipByte(in: values, at: ColumnFile.headerSize + 5)
        #expect(throws: StoreError.checksumMismatch(path: values.path)) { try Datastore.open(store).verify() }
        let v = try Datastore.open(store).resolve().variable("BEFOLKNING_KJOENN")
        #expect(throws: StoreError.checksumMismatch(path: values.path)) { try v.values(as: Int32.self) }
        _ = try v.ids()  // Other columns are unaffected and still readable.
    }

    @Test func truncatedDictionaryAndWrongVersionAreDetected() throws {
        let (root, store, folder) = try Self.importedKjoenn()
        defer { StoreTestSupport.remove(root) }
        let dict = folder.appendingPathComponent(VariableFiles.dictionary)
        let data = try Data(contentsOf: dict)
        try data.prefix(data.count - 1).write(to: dict)
        let error = #expect(throws: StoreError.self) { try Datastore.open(store).verify() }
        if case .sizeMismatch(let path, _, _) = error { #expect(path == dict.path) } else { Issue.record("got \(String(describing: error))") }

        let ids = folder.appendingPathComponent(VariableFiles.ids)
        var idData = try Data(contentsOf: ids)
        idData[8] = 1 // a version-1 file (byte-wise checksum) is no longer trusted
        try idData.write(to: ids)
        #expect(throws: StoreError.unsupportedVersion(path: ids.path, found: 1, supported: ColumnFile.formatVersion)) {
            try Datastore.open(store).resolve().variable("BEFOLKNING_KJOENN").ids()
        }
    }

    @Test func damagedManifestIsATypedError() throws {
        let (root, store, _) = try Self.importedKjoenn()
        defer { StoreTestSupport.remove(root) }
        let manifest = store.appendingPathComponent("manifest.json")
        try Data("{\"formatVersion\": 1, \"name\": ".utf8).write(to: manifest)
        let error = #expect(throws: StoreError.self) { try Datastore.open(store) }
        #expect(error?.description.hasPrefix("\(manifest.path) could not be read") == true)
    }

    @Test func failedFirstImportLeavesNoStoreBehind() throws {
        let root = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(root) }
        let store = root.appendingPathComponent("new-store")
        #expect(throws: StoreError.self) {
            try MicrodataImporter.importDeliveries(dirs: [root.appendingPathComponent("NO_SUCH")], into: store,
                                                   name: "no.example", releaseNote: "x")
        }
        #expect(!FileManager.default.fileExists(atPath: store.path))
        let problems = MicrodataValidator.validateDelivery(dir: root.appendingPathComponent("NO_SUCH"))
        #expect(problems.first?.message.hasSuffix("does not exist.") == true)
    }

    /// Writes a delivery folder from strings.
    static func delivery(_ name: String, in root: URL, json: String, csv: String) throws -> URL {
        let dir = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: dir.appendingPathComponent("\(name).json"))
        try Data(csv.utf8).write(to: dir.appendingPathComponent("\(name).csv"))
        return dir
    }

    static func json(temporality: String, measure: String) -> String {
        """
        {"temporalityType": "\(temporality)", "sensitivityLevel": "PERSON_GENERAL",
         "populationDescription": [{"languageCode": "no", "value": "Alle"}],
         "subjectFields": [[{"languageCode": "nb", "value": "Helse"}]],
         "dataRevision": {"description": [{"languageCode": "en", "value": "First"}]},
         "identifierVariables": [{"unitType": "KRG_KREFTTILFELLE"}],
         "measureVariables": [{"name": [{"languageCode": "no", "value": "X"}],
                               "description": [{"languageCode": "no", "value": "X"}], \(measure)}]}
        """
    }

    @Test func typedValuesSurviveTheImport() throws {
        let root = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(root) }
        let described = #""valueDomain": {"description": [{"languageCode": "no", "value": "d"}]}"#
        let dirs = [
            try Self.delivery("KRG_DIAGNOSEDATO", in: root,
                              json: Self.json(temporality: "FIXED", measure: "\"dataType\": \"DATE\", \(described)"),
                              csv: "30;2019-05-17;;;\n10;2001-01-01;;;\n"),
            try Self.delivery("KRG_TUMORSTR", in: root,
                              json: Self.json(temporality: "STATUS", measure: "\"dataType\": \"DOUBLE\", \(described)"),
                              csv: "10;12.5;2020-01-01;2020-01-01;\n10;-3e2;2019-01-01;2019-01-01;\n"),
            try Self.delivery("KRG_ANTALL", in: root,
                              json: Self.json(temporality: "ACCUMULATED", measure: "\"dataType\": \"LONG\", \(described)"),
                              csv: "7;-42;2020-01-01;2020-12-31;\n"),
            try Self.delivery("KRG_PERSON", in: root,
                              json: Self.json(temporality: "FIXED", measure: "\"unitType\": \"PERSON\""),
                              csv: "10;12345678901;;;\n"),
        ]
        let store = root.appendingPathComponent("store")
        try MicrodataImporter.importDeliveries(dirs: dirs, into: store, name: "no.fhi.krg", releaseNote: "v1")
        let v = try Datastore.open(store).resolve(version: 1)
        let dato = try v.variable("KRG_DIAGNOSEDATO")
        #expect(dato.meta.dataType == .date && dato.meta.unitType == "KRG_KREFTTILFELLE")
        #expect(try dato.ids().toArray() == [10, 30])
        #expect(try dato.values(as: Int32.self).toArray().map(EpochDays.format) == ["2001-01-01", "2019-05-17"])
        let tumor = try v.variable("KRG_TUMORSTR")
        #expect(try tumor.values(as: Double.self).toArray() == [-300, 12.5])  // sorted by start date
        #expect(try tumor.starts().toArray() == tumor.stops().toArray())
        #expect(try v.variable("KRG_ANTALL").values(as: Int64.self).toArray() == [-42])
        let person = try v.variable("KRG_PERSON")
        #expect(person.meta.dataType == .long)
        #expect(try person.values(as: Int64.self).toArray() == [12_345_678_901])
        #expect(throws: StoreError.self) { try person.values(as: Double.self) }
    }
}
