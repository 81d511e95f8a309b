import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// One small synthetic source shared by the tests (20 000 persons) in a fresh temp cache.
/// The shared cache (≈ 300 MB once every variable has been generated) is removed when the
/// test process exits: a static has no teardown, so `atexit` does it. Tests that make their
/// own source remove its cache in `defer`.
enum StoreFixture {
    static let persons = 20_000
    static let catalogue: Catalogue = try! CatalogueLoader.loadDefault()
    static let root: URL = {
        let url = TestTemporary.root.appendingPathComponent("kohort-synthstore-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: StoreFixture.root) }
        return url
    }()
    static let source = SyntheticSource(config: SyntheticConfig(seed: 7, persons: persons), catalogue: catalogue, cacheRoot: root)
    /// The every-variable check runs on 5 000 persons: ≈ 1 360 variables in a debug build
    /// take about a minute per 1 000 persons on two shared cores.
    static let small = SyntheticSource(config: SyntheticConfig(seed: 7, persons: 5_000), catalogue: catalogue, cacheRoot: root)

    static func freshSource(seed: UInt64 = 7) -> SyntheticSource {
        let url = TestTemporary.root.appendingPathComponent("kohort-synthstore-\(UUID().uuidString)")
        return SyntheticSource(config: SyntheticConfig(seed: seed, persons: persons), catalogue: catalogue, cacheRoot: url)
    }

    static func bytes(_ v: StoredVariable) -> [Data] {
        [VariableFiles.ids, VariableFiles.starts, VariableFiles.stops, VariableFiles.values].map {
            FileManager.default.contents(atPath: v.directory.appendingPathComponent($0).path) ?? Data()
        }
    }
}

/// The rules microdata-tools checks, on a stored variable (rows sorted by id, start).
func temporalProblems(_ v: StoredVariable) throws -> [String] {
    let ids = try v.ids().toArray(), st = try v.starts().toArray(), sp = try v.stops().toArray()
    let missing = EpochDays.missing
    var problems: [String] = []
    func add(_ s: String) { if problems.count < 5 { problems.append(s) } }
    for k in 0..<ids.count {
        switch v.meta.temporality {
        case .fixed: if st[k] != missing || sp[k] == missing { add("row \(k): FIXED start must be empty, stop set") }
        // STATUS rows are spells (docs/synthetic-store.md): start ≤ stop, both set.
        case .status: if st[k] == missing || sp[k] == missing || st[k] > sp[k] { add("row \(k): STATUS spell needs start ≤ stop") }
        case .accumulated: if st[k] == missing || sp[k] == missing || st[k] > sp[k] { add("row \(k): ACCUMULATED start ≤ stop") }
        case .event: if st[k] == missing || (sp[k] != missing && sp[k] < st[k]) { add("row \(k): EVENT stop ≥ start") }
        }
        if k > 0 {
            if ids[k] < ids[k - 1] || (ids[k] == ids[k - 1] && st[k] < st[k - 1]) { add("row \(k): not sorted by id, start") }
            if ids[k] == ids[k - 1] {
                switch v.meta.temporality {
                case .fixed: add("row \(k): FIXED id \(ids[k]) repeated")
                case .status, .accumulated, .event:
                    if sp[k - 1] == missing || sp[k - 1] >= st[k] { add("row \(k): overlapping periods for id \(ids[k])") }
                }
            }
        }
        if st[k] != missing && st[k] >= SyntheticCalendar.dataEnd { add("row \(k): starts after the end of data") }
    }
    return problems
}

/// Codes outside the code list valid on the row's date (start, and for STATUS spells also
/// stop: a spell's code must be valid on every day of it).
func codeProblems(_ v: StoredVariable, _ cv: CatalogueVariable, catalogue: Catalogue) throws -> [String] {
    guard cv.dataType == .string, let list = catalogue.codeList(for: cv) else { return [] }
    let labels = try v.dictionary(), codes = try v.values(as: Int32.self).toArray(), st = try v.starts().toArray()
    let sp = try v.stops().toArray()
    var problems: [String] = []
    let codesEver = Set(list.entries.map(\.code))
    for k in 0..<codes.count {
        let label = labels[Int(codes[k])]
        if !codesEver.contains(label) { problems.append("\(label) is not in \(list.name)"); break }
        if st[k] != EpochDays.missing, !list.entries(validOn: Day(st[k])).contains(where: { $0.code == label }) {
            problems.append("\(label) not valid on \(EpochDays.format(st[k]))"); break
        }
        if v.meta.temporality == .status, !list.entries(validOn: Day(sp[k])).contains(where: { $0.code == label }) {
            problems.append("\(label) not valid on its spell's last day \(EpochDays.format(sp[k]))"); break
        }
    }
    return problems
}

@Suite(.serialized) struct SyntheticStoreTests {
    let source = StoreFixture.source

    @Test func versionsResolveAndUnknownListsTheKnown() throws {
        #expect(try source.resolve(datastore: "no.ssb.fdb", version: 23) == 23)
        #expect(try source.resolve(datastore: "no.ssb.fdb", version: nil) == 53)
        #expect(try source.versions(of: "no.fhi.krg") == [1, 2, 3])
        #expect(throws: StoreError.self) { try source.resolve(datastore: "no.ssb.fdb", version: 99) }
        #expect(throws: StoreError.self) { try source.versions(of: "no.such.store") }
        #expect(throws: StoreError.self) { try source.variable("NO_SUCH_VARIABLE", datastore: "no.ssb.fdb", version: 1) }
        #expect(try source.variableNames(datastore: "no.fhi.npr", version: 1).contains("NPR_EPISODE_HASTEGRAD"))
    }

    @Test func sameSeedSameBytesDifferentSeedDifferent() throws {
        let a = StoreFixture.freshSource(seed: 11), b = StoreFixture.freshSource(seed: 11), c = StoreFixture.freshSource(seed: 12)
        defer { for s in [a, b, c] { try? FileManager.default.removeItem(at: s.cacheRoot) } }
        for (name, store) in [("INNTEKT_WLONN", "no.ssb.fdb"), ("BEFOLKNING_KOMMNR_FORMELL", "no.ssb.fdb"),
                              ("KRG_KJERNE_STADIUM", "no.fhi.krg"), ("NPR_EPISODE_HASTEGRAD", "no.fhi.npr")] {
            let va = try a.variable(name, datastore: store, version: 1)
            let vb = try b.variable(name, datastore: store, version: 1)
            let vc = try c.variable(name, datastore: store, version: 1)
            #expect(StoreFixture.bytes(va) == StoreFixture.bytes(vb), "\(name): same seed, same bytes")
            #expect(StoreFixture.bytes(va) != StoreFixture.bytes(vc), "\(name): another seed, other bytes")
        }
    }

    @Test func cacheHitReturnsTheSameFiles() throws {
        let v1 = try source.variable("BEFOLKNING_KJOENN", datastore: "no.ssb.fdb", version: 3)
        let again = SyntheticSource(config: source.config, catalogue: source.catalogue, cacheRoot: source.cacheRoot)
        let v2 = try again.variable("BEFOLKNING_KJOENN", datastore: "no.ssb.fdb", version: 40)
        #expect(v1.directory == v2.directory)
        #expect(again.producerIfMade == nil, "a cache hit must not build the generator")
    }

    @Test(arguments: ["flip", "truncate", "generator", "missing"])
    func corruptCacheIsDetectedAndRebuilt(kind: String) throws {
        let s = StoreFixture.freshSource(seed: 5)
        defer { try? FileManager.default.removeItem(at: s.cacheRoot) }
        let v = try s.variable("BEFOLKNING_FOEDSELS_AAR_MND", datastore: "no.ssb.fdb", version: 1)
        let good = StoreFixture.bytes(v)
        let dir = v.directory
        let valueFile = dir.appendingPathComponent(VariableFiles.values)
        switch kind {
        case "flip":
            var d = try Data(contentsOf: valueFile); d[d.count / 2] ^= 0x40; try d.write(to: valueFile)
        case "truncate":
            let d = try Data(contentsOf: valueFile); try d.prefix(d.count - 5).write(to: valueFile)
        case "generator":
            let metaURL = dir.appendingPathComponent(VariableFiles.meta)
            let text = try String(contentsOf: metaURL, encoding: .utf8).replacingOccurrences(of: s.generatorStamp, with: "synthetic 0.0 seed 5 persons 1")
            try text.write(to: metaURL, atomically: true, encoding: .utf8)
        default:
            try FileManager.default.removeItem(at: dir.appendingPathComponent(VariableFiles.ids))
        }
        let cv = s.catalogueVariable("BEFOLKNING_FOEDSELS_AAR_MND", datastore: "no.ssb.fdb")!
        #expect(s.cached(cv) == nil, "\(kind): the damaged copy must not be trusted")
        // A new source (a new process) rebuilds it, byte-identical to the original.
        let fresh = SyntheticSource(config: s.config, catalogue: s.catalogue, cacheRoot: s.cacheRoot)
        let rebuilt = try fresh.variable("BEFOLKNING_FOEDSELS_AAR_MND", datastore: "no.ssb.fdb", version: 1)
        try rebuilt.verify()
        #expect(StoreFixture.bytes(rebuilt) == good)
        #expect(rebuilt.meta.generator == s.generatorStamp)
    }
}

extension SyntheticSource {
    var producerIfMade: SyntheticProducer? { Mirror(reflecting: self).children.first { $0.label == "producerSlot" }?.value as? SyntheticProducer }
}
