import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// Imported deliveries join the catalogue with their own metadata, and the sidecar sets the
/// catalogue fields microdata-tools has no place for.
@Suite struct ImportedCatalogueTests {
    static func importExamples() throws -> URL {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Store")
        let names = ["BEFOLKNING_BOSTED", "BEFOLKNING_INNTEKT", "BEFOLKNING_KJOENN", "BEFOLKNING_SIVILSTAND"]
        let store = TestTemporary.root.appendingPathComponent("kohort-imported-\(UUID().uuidString)")
        try MicrodataImporter.importDeliveries(dirs: names.map { fixtures.appendingPathComponent($0) }, into: store,
                                               name: "no.example.store", releaseNote: "test")
        return store
    }

    @Test func deliveredMetadataBecomesCatalogueVariables() throws {
        let store = try Self.importExamples()
        defer { try? FileManager.default.removeItem(at: store) }
        let base = try CatalogueLoader.loadDefault()
        let extended = try base.extended(with: try DatastoreSet(directories: [store]))
        #expect(extended.variables.count == base.variables.count + 4)
        let sivilstand = try extended.variable(named: "no.example.store/BEFOLKNING_SIVILSTAND")
        #expect(sivilstand.label == "Sivilstand")
        #expect(sivilstand.description == "Sivilstand i forhold til ekteskapslovgivningen")
        #expect(sivilstand.temporality == .event)
        #expect(sivilstand.register == "no.example.store")
        #expect(sivilstand.product == "Importerte data")
        let codes = try #require(extended.codeList(for: sivilstand))
        #expect(codes.label(of: "2") == "Gift")
        #expect(codes.entries.contains { $0.code == "0" && $0.isMissing })
        // Search finds it, filtered to the imported register.
        let hits = SearchIndex(catalogue: extended).search(SearchQuery(text: "sivilstand", registers: ["no.example.store"])).hits
        #expect(hits.map { extended.variables[$0.index].name } == ["BEFOLKNING_SIVILSTAND"])
    }

    @Test func sidecarSetsRegisterProductAndFields() throws {
        let store = try Self.importExamples()
        defer { try? FileManager.default.removeItem(at: store) }
        let sidecar = #"{"register": "Eksempelregisteret", "product": "Eksempeldata", "variables": {"BEFOLKNING_KJOENN": {"technical_name": "kjonnEks", "categories": ["Befolkning"], "releasable": false, "product": "Kjerne"}}}"#
        try Data(sidecar.utf8).write(to: store.appendingPathComponent("catalogue.json"))
        let extended = try CatalogueLoader.loadDefault().extended(with: try DatastoreSet(directories: [store]))
        let kjonn = try extended.variable(named: "no.example.store/BEFOLKNING_KJOENN")
        #expect(kjonn.register == "Eksempelregisteret")
        #expect(kjonn.product == "Kjerne")
        #expect(kjonn.technicalName == "kjonnEks")
        #expect(kjonn.categories == ["Befolkning"])
        #expect(!kjonn.releasable)
        #expect(try extended.variable(named: "no.example.store/BEFOLKNING_BOSTED").product == "Eksempeldata")
        // The built-in variable of the same name still answers a bare name.
        #expect(try extended.variable(named: "BEFOLKNING_KJOENN").datastore == "no.ssb.fdb")
    }
}
