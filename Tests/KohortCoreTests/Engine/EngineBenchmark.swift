import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// Opt-in speed check against issue 4's targets (a benchmark, not a timed test: machines are
/// shared). Run with `KOHORT_ENGINE_BENCH=1 swift test -c release --filter EngineBenchmark`;
/// it prints timings for 5.5 M persons and 40 M events and never fails on time.
@Suite struct EngineBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["KOHORT_ENGINE_BENCH"] != nil

    static func time(_ label: String, target: Double, _ body: () throws -> Void) rethrows {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print(String(format: "engine bench: %-40@ %8.1f ms (target ≤ %.0f)", label as NSString, ms, target))
    }

    @Test(.enabled(if: enabled)) func fullSize() throws {
        let persons = 5_500_000, events = 40_000_000
        let root = TestTemporary.root.appendingPathComponent("kohort-engine-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let ids = (1...persons).map(Int64.init)
        let none = [Int32](repeating: EpochDays.missing, count: persons)
        let stop = [Int32](repeating: 20000, count: persons)
        var eid = [Int64](), es = [Int32](), ee = [Int32](), ev = [Int64]()
        eid.reserveCapacity(events); es.reserveCapacity(events); ee.reserveCapacity(events); ev.reserveCapacity(events)
        var k = 0
        for id in ids where k < events {
            let n = Int(id % 15)
            for j in 0..<n where k < events { eid.append(id); es.append(Int32(17000 + j * 30)); ee.append(Int32(17000 + j * 30 + 10)); ev.append(Int64(j)); k += 1 }
        }
        let store = try Datastore.openOrNew(root, name: "no.bench")
        try store.publish(releaseNote: "bench") { area in
            try area.add(VariableColumns(ids: ids, starts: none, stops: stop, values: .long(ids.map { 1930 + $0 % 80 })),
                         meta: VariableMeta(name: "FAAR", temporality: .fixed, dataType: .long, unitType: "PERSON", rowCount: persons, generator: "bench"))
            try area.add(VariableColumns(ids: eid, starts: es, stops: ee, values: .long(ev)),
                         meta: VariableMeta(name: "OPPHOLD", temporality: .event, dataType: .long, unitType: "PERSON", rowCount: eid.count, generator: "bench"))
        }
        var engine = ScriptEngine(source: DatastoreSetSource(try DatastoreSet(directories: [root])))
        func run(_ s: String) throws { try EngineFixture.run(s, in: &engine) }
        try run("require no.bench as b\ncreate-dataset p")
        try Self.time("  of which: store opens + checksums 2 columns", target: 0) {
            let v = try engine.source.variable("FAAR", datastore: "no.bench", version: 1)
            _ = try v.ids(); _ = try v.values(as: Int64.self)
        }
        try Self.time("import person variable (5.5 M)", target: 100) { try run("import b/FAAR as faar") }
        try Self.time("generate (5.5 M)", target: 50) { try run("generate alder = 2024 - faar") }
        try Self.time("keep if (5.5 M)", target: 50) { try run("keep if alder >= 20") }
        try run("create-dataset e")
        try Self.time("import-event (\(eid.count / 1_000_000) M)", target: 2000) { try run("import-event b/OPPHOLD 2010-01-01 to 2030-01-01 as o") }
        try Self.time("collapse events to persons", target: 1000) { try run("collapse (count) o -> n (max) o -> m, by(PERSONID_1)") }
        try Self.time("merge into persons", target: 200) { try run("merge n m into p") }
    }
}
