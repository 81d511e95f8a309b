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

    static let groups = ["catalogue", "search"]

    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json"], values: ["--runs"])
        let runs = Int(list.value("--runs") ?? "15") ?? 15
        guard runs >= 5 else { throw ArgumentList.UsageError(message: "--runs must be at least 5") }
        let wanted = list.positionals.isEmpty ? groups : list.positionals
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
