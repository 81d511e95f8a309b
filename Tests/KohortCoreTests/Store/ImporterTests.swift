import Foundation
import Testing
@testable import KohortCore

@Suite struct ImporterTests {
    static var examples: [URL] { StoreTestSupport.exampleNames.map(StoreTestSupport.example) }

    @Test func theFourExamplesImportAndAnswerQueries() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let summary = try MicrodataImporter.importDeliveries(dirs: Self.examples, into: dir, name: "no.example",
                                                             releaseNote: "Første leveranse", date: "2026-11-25")
        #expect(summary.version == 1)
        #expect(summary.changes.map(\.kind) == [.add, .add, .add, .add])
        #expect(summary.rows == ["BEFOLKNING_BOSTED": 21, "BEFOLKNING_INNTEKT": 21, "BEFOLKNING_KJOENN": 100, "BEFOLKNING_SIVILSTAND": 21])

        let v = try Datastore.open(dir).resolve(version: 1)
        #expect(v.variableNames == StoreTestSupport.exampleNames)
        #expect(v.version.releaseNote == "Første leveranse" && v.version.date == "2026-11-25")

        // FIXED: sex per person, one row each, sorted by id, no start.
        let kjoenn = try v.variable("BEFOLKNING_KJOENN")
        #expect(kjoenn.meta.temporality == .fixed && kjoenn.meta.unitType == "PERSON")
        #expect(try kjoenn.dictionary() == ["1", "2"])
        let (men, women) = try kjoenn.withValues(as: Int32.self) { codes in
            (codes.filter { $0 == 0 }.count, codes.filter { $0 == 1 }.count)
        }
        #expect(men + women == 100)
        #expect(try kjoenn.withIDs { ids in zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 } })
        #expect(try kjoenn.starts().toArray().allSatisfy { $0 == EpochDays.missing })

        // EVENT: person 3's marital-status spells in order, the last ongoing.
        let sivil = try v.variable("BEFOLKNING_SIVILSTAND")
        let ids = try sivil.ids().toArray(), starts = try sivil.starts().toArray(), stops = try sivil.stops().toArray()
        let labels = try sivil.dictionary(), codes = try sivil.values(as: Int32.self).toArray()
        let rows3 = ids.indices.filter { ids[$0] == 3 }
        #expect(rows3.map { labels[Int(codes[$0])] } == ["2", "5", "4"])
        #expect(rows3.map { EpochDays.format(starts[$0]) } == ["1926-01-01", "1926-02-01", "1926-02-11"])
        #expect(stops[rows3.last!] == EpochDays.missing)

        // The delivery's metadata is kept for the catalogue.
        #expect(sivil.sourceMetadata() == (try Data(contentsOf: StoreTestSupport.example("BEFOLKNING_SIVILSTAND")
            .appendingPathComponent("BEFOLKNING_SIVILSTAND.json"))))
    }

    /// A copy of an example delivery with its CSV replaced, in `parent`.
    static func modifiedCopy(of name: String, in parent: URL, csv: String) throws -> URL {
        let target = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: StoreTestSupport.example(name).appendingPathComponent("\(name).json"),
                                         to: target.appendingPathComponent("\(name).json"))
        try Data(csv.utf8).write(to: target.appendingPathComponent("\(name).csv"))
        return target
    }

    @Test func secondVersionChangesAVariableAndTheFirstStaysReadable() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let store = dir.appendingPathComponent("store")
        try MicrodataImporter.importDeliveries(dirs: Self.examples, into: store, name: "no.example", releaseNote: "v1")
        let changed = try Self.modifiedCopy(of: "BEFOLKNING_KJOENN", in: dir.appendingPathComponent("delivery2"),
                                            csv: "1;2;;;\n2;1;;;\n")
        let summary = try MicrodataImporter.importDeliveries(dirs: [changed], into: store, name: "no.example",
                                                             releaseNote: "Rettet kjønn")
        #expect(summary.version == 2)
        #expect(summary.changes == [VariableChange(variable: "BEFOLKNING_KJOENN", kind: .change)])

        let ds = try Datastore.open(store)
        let v1 = try ds.resolve(version: 1).variable("BEFOLKNING_KJOENN")
        let v2 = try ds.resolve(version: 2).variable("BEFOLKNING_KJOENN")
        #expect(v1.rowCount == 100 && v2.rowCount == 2)
        #expect(try v2.ids().toArray() == [1, 2])
        #expect(try ds.resolve(version: 2).variableNames == StoreTestSupport.exampleNames)
        // Unchanged variables are shared, not copied.
        #expect(try ds.resolve(version: 2).directory(of: "BEFOLKNING_BOSTED") == ds.resolve(version: 1).directory(of: "BEFOLKNING_BOSTED"))
    }

    @Test func interruptedImportLeavesTheStoreAsItWas() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let store = dir.appendingPathComponent("store")
        try MicrodataImporter.importDeliveries(dirs: [StoreTestSupport.example("BEFOLKNING_KJOENN")], into: store,
                                               name: "no.example", releaseNote: "v1")
        let manifest = try Data(contentsOf: store.appendingPathComponent("manifest.json"))
        let changed = try Self.modifiedCopy(of: "BEFOLKNING_KJOENN", in: dir.appendingPathComponent("d2"), csv: "1;2;;;\n")
        for point in [PublicationInterruption.afterStaging, .beforeManifest] {
            #expect(throws: StoreError.interrupted(stage: point == .afterStaging ? "staging" : "publishing the manifest")) {
                try MicrodataImporter.importDeliveries(dirs: [changed, StoreTestSupport.example("BEFOLKNING_BOSTED")],
                                                       into: store, name: "no.example", releaseNote: "v2", date: nil,
                                                       interruption: point)
            }
            #expect(try Data(contentsOf: store.appendingPathComponent("manifest.json")) == manifest)
            let v = try Datastore.open(store).resolve()
            #expect(v.number == 1 && v.variableNames == ["BEFOLKNING_KJOENN"])
            #expect(try v.variable("BEFOLKNING_KJOENN").rowCount == 100)
        }
    }

    @Test func invalidDeliveryImportsNothing() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let store = dir.appendingPathComponent("store")
        try MicrodataImporter.importDeliveries(dirs: [StoreTestSupport.example("BEFOLKNING_KJOENN")], into: store,
                                               name: "no.example", releaseNote: "v1")
        let bad = try Self.modifiedCopy(of: "BEFOLKNING_KJOENN", in: dir.appendingPathComponent("d2"), csv: "1;3;;;\n")
        let error = #expect(throws: StoreError.self) {
            try MicrodataImporter.importDeliveries(dirs: [StoreTestSupport.example("BEFOLKNING_BOSTED"), bad],
                                                   into: store, name: "no.example", releaseNote: "v2")
        }
        guard case .validationFailed(let problems) = error else { Issue.record("expected validationFailed"); return }
        #expect(problems == [ValidationProblem(file: "BEFOLKNING_KJOENN/BEFOLKNING_KJOENN.csv", line: 1,
                                               message: "the value \"3\" is not in the code list.")])
        #expect(try Datastore.open(store).versionNumbers == [1])
        #expect(throws: StoreError.self) {
            try MicrodataImporter.importDeliveries(dirs: [bad], into: store, name: "no.other", releaseNote: "x")
        }
    }
}
