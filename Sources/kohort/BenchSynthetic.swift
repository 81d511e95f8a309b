import Foundation
import KohortCore

extension BenchCommand {
    /// `kohort bench generate` (issue 3): synthetic data cold start (the person skeleton,
    /// nothing cached), warm start (a new source opening and verifying a cached variable), and
    /// generation of representative variables (columns in memory, components already built), in
    /// a scratch cache.
    static func generate(persons: Int, seed: UInt64, runs: Int, quiet: Bool) throws -> [Measurement] {
        let say: (String) -> Void = { if !quiet { printErr($0) } }
        let config = SyntheticConfig(seed: seed, persons: persons)
        let catalogue = try CatalogueLoader.loadDefault()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kohort-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var out: [Measurement] = []
        say("generate: \(persons) persons, \(runs) runs per case, scratch cache \(root.path)")
        out.append(measure("generate", "synthetic-cold", "cold start: person skeleton", runs: runs, target: 2000) { _ = SyntheticNorway(config: config) })
        let source = SyntheticSource(config: config, catalogue: catalogue, cacheRoot: root)
        _ = try source.variable("BEFOLKNING_KJOENN", datastore: SyntheticSource.ssb, version: 53)
        out.append(measure("generate", "synthetic-warm", "warm start: open + verify cached variable", runs: runs, target: 300) {
            let warm = SyntheticSource(config: config, catalogue: catalogue, cacheRoot: root)
            _ = try warm.variable("BEFOLKNING_KJOENN", datastore: SyntheticSource.ssb, version: 53)
        })
        let cases: [(String, String)] = [
            ("BEFOLKNING_KJOENN", SyntheticSource.ssb), ("BEFOLKNING_FOEDSELS_AAR_MND", SyntheticSource.ssb),
            ("BEFOLKNING_KOMMNR_FORMELL", SyntheticSource.ssb), ("INNTEKT_WLONN", SyntheticSource.ssb),
            ("NUDB_BU", SyntheticSource.ssb), ("REGSYS_ARB_ARBEIDSTID", SyntheticSource.ssb),
            ("KRG_KJERNE_STADIUM", SyntheticSource.krg), ("KRG_LUNGE_ECOG", SyntheticSource.krg),
        ]
        for (name, store) in cases {
            guard let v = source.catalogueVariable(name, datastore: store) else { continue }
            say("  \(name) …")
            var rows = 0
            let m = measure("generate", "synthetic-\(name)", "\(name) (\(v.temporality.rawValue))", runs: runs, target: nil) { rows = source.generate(v).count }
            out.append(Measurement(group: m.group, key: m.key, name: "\(m.name), \(rows) rows", runs: m.runs, median_ms: m.median_ms,
                                   min_ms: m.min_ms, max_ms: m.max_ms, target_ms: nil, status: m.status, note: m.note))
        }
        let producer = source.producer
        var episodes = 0
        let m = measure("generate", "synthetic-npr-year", "NPR year 2019 (episodes + stays)", runs: runs, target: nil) {
            episodes = producer.npr.year(2019).episodeCount
        }
        out.append(Measurement(group: m.group, key: m.key, name: "\(m.name), \(episodes) episodes", runs: m.runs, median_ms: m.median_ms,
                               min_ms: m.min_ms, max_ms: m.max_ms, target_ms: nil, status: m.status, note: m.note))
        return out
    }
}
