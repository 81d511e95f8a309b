import Foundation
import KohortCore

/// `kohort bench`: speed targets are benchmarks, never timed tests (machines are shared and
/// noisy). Each case runs once to warm up, then `--runs` times; we report the median with
/// min and max, and the process's peak resident memory.
enum BenchCommand {
    struct Measurement: Encodable {
        let group: String
        let name: String
        let runs: Int
        let median_ms: Double
        let min_ms: Double
        let max_ms: Double
        let target_ms: Double?
    }

    struct Report: Encodable {
        let measurements: [Measurement]
        let peak_memory_mb: Double
        let cores: Int
    }

    static let groups = ["catalogue", "search", "generate"]
    /// Groups run when none is named (generate is heavy at full size: name it).
    static let defaultGroups = ["catalogue", "search"]

    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json", "--quiet"], values: ["--runs", "--persons", "--seed"])
        let runs = Int(list.value("--runs") ?? "15") ?? 15
        guard runs >= 5 else { throw ArgumentList.UsageError(message: "--runs must be at least 5") }
        let wanted = list.positionals.isEmpty ? defaultGroups : list.positionals
        for group in wanted where !groups.contains(group) {
            throw ArgumentList.UsageError(message: "unknown benchmark group '\(group)' (groups: \(groups.joined(separator: ", ")))")
        }
        var results: [Measurement] = []
        if wanted.contains("catalogue") {
            let assets = try AssetLocator.assetsDirectory()
            results.append(measure("catalogue", "load catalogue assets", runs: runs, target: 100) { _ = try? CatalogueLoader.load(assets: assets) })
            let catalogue = try CatalogueLoader.load(assets: assets)
            results.append(measure("catalogue", "build search index", runs: runs, target: nil) { _ = SearchIndex(catalogue: catalogue) })
        }
        if wanted.contains("search") {
            let index = SearchIndex(catalogue: try CatalogueLoader.loadDefault())
            let queries: [(String, SearchQuery)] = [
                ("one word", SearchQuery(text: "kjønn")),
                ("typo", SearchQuery(text: "lymfekuter")),
                ("ascii spelling", SearchQuery(text: "kjoenn")),
                ("two words", SearchQuery(text: "antall lymfeknuter")),
                ("prefix", SearchQuery(text: "inn")),
                ("filters only", SearchQuery(cancerForms: [.bryst, .lunge], releasableOnly: true)),
                ("word + filters", SearchQuery(text: "kjemoterapi", registers: ["Kreftregisteret"], releasableOnly: true)),
            ]
            for (name, query) in queries {
                results.append(measure("search", "query: \(name)", runs: runs, target: 1) { _ = index.search(query) })
            }
        }
        if wanted.contains("generate") {
            let persons = Int(list.value("--persons") ?? "") ?? SyntheticConfig.fullResidents
            let seed = UInt64(list.value("--seed") ?? "") ?? SyntheticConfig.defaultSeed
            results += try generate(persons: persons, seed: seed, runs: list.value("--runs") == nil ? 5 : runs, quiet: list.has("--quiet"))
        }
        let report = Report(measurements: results, peak_memory_mb: peakMemoryMB(), cores: ProcessInfo.processInfo.activeProcessorCount)
        if list.has("--json") {
            printOut(CatalogueJSON.encode(report) + "\n")
        } else {
            let rows = results.map { m in
                [m.group, m.name, format(m.median_ms), format(m.min_ms), format(m.max_ms), m.target_ms.map { "≤ \(format($0))" } ?? "",
                 m.target_ms.map { m.median_ms <= $0 ? "ok" : "MISSED" } ?? ""]
            }
            printOut(TextTable.render(header: ["group", "case", "median ms", "min ms", "max ms", "target", ""], rows: rows, rightAligned: [2, 3, 4]))
            printOut("runs per case: \(runs) after one warm-up; peak memory \(format(report.peak_memory_mb)) MB; \(report.cores) cores\n")
        }
        return 0
    }

    /// Synthetic data: cold start (the person skeleton, nothing cached), warm start (a new
    /// source opening and verifying a cached variable), and generation of representative
    /// variables (columns in memory, components already built), in a scratch cache.
    static func generate(persons: Int, seed: UInt64, runs: Int, quiet: Bool) throws -> [Measurement] {
        let say: (String) -> Void = { if !quiet { printErr($0) } }
        let config = SyntheticConfig(seed: seed, persons: persons)
        let catalogue = try CatalogueLoader.loadDefault()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kohort-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var out: [Measurement] = []
        say("generate: \(persons) persons, \(runs) runs per case, scratch cache \(root.path)")
        say("  cold start (person skeleton) …")
        out.append(measure("generate", "cold start: person skeleton", runs: runs, target: 2000) { _ = SyntheticNorway(config: config) })
        say(String(format: "    median %.0f ms", out.last!.median_ms))
        let source = SyntheticSource(config: config, catalogue: catalogue, cacheRoot: root)
        say("  caching BEFOLKNING_KJOENN for the warm start …")
        _ = try source.variable("BEFOLKNING_KJOENN", datastore: SyntheticSource.ssb, version: 53)
        say("  warm start …")
        out.append(measure("generate", "warm start: open + verify cached variable", runs: runs, target: 300) {
            let warm = SyntheticSource(config: config, catalogue: catalogue, cacheRoot: root)
            _ = try? warm.variable("BEFOLKNING_KJOENN", datastore: SyntheticSource.ssb, version: 53)
        })
        say(String(format: "    median %.0f ms", out.last!.median_ms))
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
            let m = measure("generate", "\(name) (\(v.temporality.rawValue))", runs: runs, target: nil) { rows = source.generate(v).count }
            out.append(Measurement(group: m.group, name: "\(m.name), \(rows) rows", runs: m.runs, median_ms: m.median_ms,
                                   min_ms: m.min_ms, max_ms: m.max_ms, target_ms: nil))
            say(String(format: "    median %.0f ms (min %.0f, max %.0f), %d rows", m.median_ms, m.min_ms, m.max_ms, rows))
        }
        say("  NPR year 2019 …")
        let producer = source.producer
        var episodes = 0
        let m = measure("generate", "NPR year 2019 (episodes + stays)", runs: runs, target: nil) { episodes = producer.npr.year(2019).episodeCount }
        out.append(Measurement(group: m.group, name: "\(m.name), \(episodes) episodes", runs: m.runs, median_ms: m.median_ms,
                               min_ms: m.min_ms, max_ms: m.max_ms, target_ms: nil))
        say(String(format: "    median %.0f ms (min %.0f, max %.0f), %d episodes", m.median_ms, m.min_ms, m.max_ms, episodes))
        return out
    }

    static func measure(_ group: String, _ name: String, runs: Int, target: Double?, _ body: () -> Void) -> Measurement {
        body()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        return Measurement(group: group, name: name, runs: runs, median_ms: median, min_ms: times.first!, max_ms: times.last!, target_ms: target)
    }

    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024 // Linux reports kilobytes
    }

    static func format(_ v: Double) -> String { String(format: v < 10 ? "%.3f" : "%.1f", v) }
}
