import Foundation
import Testing
@testable import KohortCore

@Suite struct DatastoreTests {
    static func columns(_ ids: [Int64], _ values: [Int64]) -> VariableColumns {
        VariableColumns(ids: ids, starts: ids.map { _ in EpochDays.missing },
                        stops: ids.map { _ in EpochDays.missing }, values: .long(values))
    }

    static func meta(_ name: String, rows: Int, type: Microdata.DataType = .long) -> VariableMeta {
        VariableMeta(name: name, temporality: .fixed, dataType: type, unitType: "PERSON", rowCount: rows, generator: "test")
    }

    @Test func storedVariableRoundTripsEveryValueType() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let cases: [(String, ValueColumn)] = [
            ("L", .long([5, -3, 7])), ("D", .double([1.5, -2, 0])), ("T", .date([0, 365, -1])),
            ("S", .string(codes: [1, 0, 1], dictionary: ["Gift", "Ugift"])),
        ]
        for (name, values) in cases {
            let cols = VariableColumns(ids: [3, 1, 2], starts: [10, 20, 30], stops: [11, EpochDays.missing, 31], values: values)
            let folder = dir.appendingPathComponent(name)
            try VariableWriter.write(cols, meta: Self.meta(name, rows: 3, type: values.dataType), to: folder)
            let v = try StoredVariable(directory: folder)
            #expect(v.meta.dataType == values.dataType)
            #expect(try v.withIDs { Array($0) } == [3, 1, 2])
            #expect(try v.starts().toArray() == [10, 20, 30])
            #expect(try v.stops().toArray() == [11, EpochDays.missing, 31])
            switch values {
            case .long(let x): #expect(try v.withValues(as: Int64.self) { Array($0) } == x)
            case .double(let x): #expect(try v.values(as: Double.self).toArray() == x)
            case .date(let x): #expect(try v.values(as: Int32.self).toArray() == x)
            case .string(let c, let d):
                #expect(try v.values(as: Int32.self).toArray() == c)
                #expect(try v.dictionary() == d)
            }
        }
    }

    @Test func sortingKeepsRowsTogether() {
        let cols = VariableColumns(ids: [2, 1, 2, 1], starts: [5, 9, 1, 3], stops: [6, 9, 2, 4], values: .long([20, 11, 21, 10]))
        let s = cols.sortedByIDAndStart()
        #expect(s.ids == [1, 1, 2, 2])
        #expect(s.starts == [3, 9, 1, 5])
        #expect(s.values == .long([10, 11, 21, 20]))
    }

    @Test func versionsStayReadableAndChangesAreRecorded() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        var store = try Datastore.openOrCreate(dir, name: "no.test")
        store = try store.publish(releaseNote: "first", date: "2026-01-01") { area in
            try area.add(Self.columns([1, 2], [10, 20]), meta: Self.meta("A", rows: 2))
        }
        store = try store.publish(releaseNote: "second", date: "2026-02-01") { area in
            try area.add(Self.columns([1, 2], [11, 21]), meta: Self.meta("A", rows: 2))
            try area.add(Self.columns([7], [70]), meta: Self.meta("B", rows: 1))
        }
        let reopened = try Datastore.open(dir)
        #expect(reopened.versionNumbers == [1, 2])
        let v1 = try reopened.resolve(version: 1)
        #expect(v1.variableNames == ["A"])
        #expect(try v1.variable("A").values(as: Int64.self).toArray() == [10, 20])
        let v2 = try reopened.resolve()
        #expect(v2.number == 2 && v2.variableNames == ["A", "B"])
        #expect(try v2.variable("A").values(as: Int64.self).toArray() == [11, 21])
        #expect(v2.version.changes == [VariableChange(variable: "A", kind: .change), VariableChange(variable: "B", kind: .add)])
        #expect(v2.version.releaseNote == "second")
        #expect(throws: StoreError.unknownVariable(store: "no.test", version: 1, name: "B")) { try v1.variable("B") }
    }

    @Test func unknownVersionListsTheVersionsThatExist() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let store = try Datastore.openOrCreate(dir, name: "no.test").publish(releaseNote: "x") { area in
            try area.add(Self.columns([1], [1]), meta: Self.meta("A", rows: 1))
        }
        let error = #expect(throws: StoreError.self) { try store.resolve(version: 23) }
        #expect(error == .unknownVersion(store: "no.test", requested: 23, available: [1]))
        #expect(error?.description == "Datastore no.test has no version 23; the versions that exist are: 1.")
    }

    @Test func interruptedPublicationLeavesTheStoreAsItWas() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let store = try Datastore.openOrCreate(dir, name: "no.test").publish(releaseNote: "v1") { area in
            try area.add(Self.columns([1], [1]), meta: Self.meta("A", rows: 1))
        }
        let manifestBefore = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        for point in [PublicationInterruption.afterStaging, .beforeManifest] {
            #expect(throws: StoreError.self) {
                try store.publish(releaseNote: "v2", date: nil, interruption: point) { area in
                    try area.add(Self.columns([1], [2]), meta: Self.meta("A", rows: 1))
                }
            }
            #expect(try Data(contentsOf: dir.appendingPathComponent("manifest.json")) == manifestBefore)
            let reopened = try Datastore.open(dir)
            #expect(reopened.versionNumbers == [1])
            #expect(try reopened.resolve().variable("A").values(as: Int64.self).toArray() == [1])
        }
        // The next publication cleans up the orphans and succeeds.
        let after = try Datastore.open(dir).publish(releaseNote: "v2") { area in
            try area.add(Self.columns([1], [3]), meta: Self.meta("A", rows: 1))
        }
        #expect(try after.resolve().variable("A").values(as: Int64.self).toArray() == [3])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".staging") }
        #expect(leftovers.isEmpty)
    }

    @Test func policyLoadsAsNumbers() throws {
        let dir = try StoreTestSupport.temporaryDirectory()
        defer { StoreTestSupport.remove(dir) }
        let store = try Datastore.openOrCreate(dir, name: "no.test")
        #expect(try store.policy() == nil)
        try Data(#"{"minPopulation": 10, "noise": 2.5, "allowSmall": true}"#.utf8).write(to: dir.appendingPathComponent("policy.json"))
        #expect(try store.policy() == ["minPopulation": 10, "noise": 2.5, "allowSmall": 1])
        try Data(#"{"minPopulation": "ten"}"#.utf8).write(to: dir.appendingPathComponent("policy.json"))
        #expect(throws: StoreError.self) { try store.policy() }
    }

    @Test func cacheDirectoryFollowsXDG() {
        #expect(StoreLocations.cacheDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"]).path == "/x/cache/kohort")
        #expect(StoreLocations.cacheDirectory(environment: ["HOME": "/home/a"]).path == "/home/a/.cache/kohort")
        #expect(StoreLocations.cacheDirectory(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/home/a"]).path == "/home/a/.cache/kohort")
        #expect(StoreLocations.cacheDirectory(environment: ["XDG_CACHE_HOME": "", "HOME": "/home/a"]).path == "/home/a/.cache/kohort")
    }
}
