import Foundation
import Testing
@testable import KohortCore

@Suite struct DatastoreSetAndReaderTests {
    @Test func requireResolvesAcrossStores() throws {
        let root = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(root) }
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        try MicrodataImporter.importDeliveries(dirs: [StoreTestSupport.example("BEFOLKNING_KJOENN")], into: a,
                                               name: "no.example.a", releaseNote: "v1")
        try MicrodataImporter.importDeliveries(dirs: [StoreTestSupport.example("BEFOLKNING_BOSTED")], into: b,
                                               name: "no.example.b", releaseNote: "v1")
        let set = try DatastoreSet(directories: [a, b])
        #expect(try set.require("no.example.b", version: 1).variableNames == ["BEFOLKNING_BOSTED"])
        #expect(throws: StoreError.unknownDatastore(name: "no.ssb.fdb", available: ["no.example.a", "no.example.b"])) {
            try set.require("no.ssb.fdb")
        }
        #expect(throws: StoreError.unknownVersion(store: "no.example.a", requested: 2, available: [1])) {
            try set.require("no.example.a", version: 2)
        }
        #expect(DatastoreSet.parseRequirement("no.ssb.fdb:23")! == ("no.ssb.fdb", 23))
        #expect(DatastoreSet.parseRequirement("no.ssb.fdb")! == ("no.ssb.fdb", nil))
        #expect(DatastoreSet.parseRequirement("no.ssb.fdb:x") == nil)
        #expect(DatastoreSet.parseRequirement(":3") == nil)
    }

    /// Lines split across chunk boundaries, a line longer than the buffer, CRLF and a missing
    /// final newline are all read exactly.
    @Test(arguments: [1, 2, 3, 7, 64])
    func lineReaderIsExactAcrossChunkBoundaries(chunk: Int) throws {
        let root = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(root) }
        let url = root.appendingPathComponent("x.csv")
        let lines = ["1;a;;;", "", String(repeating: "z", count: 300), "22;bb;2001-01-01;;", "last"]
        try Data((lines.dropLast().joined(separator: "\r\n") + "\r\n" + lines.last!).utf8).write(to: url)
        var seen: [(String, Int)] = []
        try CSVLineReader(url: url, chunkSize: chunk).forEachLine { line, n in
            seen.append((String(decoding: line, as: UTF8.self), n))
        }
        #expect(seen.map(\.0) == lines)
        #expect(seen.map(\.1) == Array(1...lines.count))
    }
}
