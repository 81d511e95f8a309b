import Foundation
import KohortCore
import KohortTUI

/// `kohort bench [GROUP…] [--persons N] [--seed S] [--runs N] [--datastore DIR…] [--json]`:
/// speed targets are benchmarks, never timed tests (machines are shared and noisy). Each case
/// runs once to warm up, then `--runs` times; we report the median with min and max, the target
/// from the issues (ok / MISSED), and the process's peak resident memory. Data cases run on the
/// built-in synthetic Norway (`defaultVariableSource`) or, with `--datastore`, on imported
/// stores (Tests/bench/make_store.sh); a case whose data or command is not there is reported
/// as "unavailable" with the reason, never as a failure of the whole run.
enum BenchCommand {
    struct Measurement: Encodable {
        let group: String
        /// Stable key compare.py matches on (e.g. "filter", "ols").
        let key: String
        let name: String
        let runs: Int
        let median_ms: Double
        let min_ms: Double
        let max_ms: Double
        let target_ms: Double?
        /// "ok", "MISSED", "" (no target) or "unavailable".
        let status: String
        let note: String?
    }

    struct Report: Encodable {
        let measurements: [Measurement]
        let peak_memory_mb: Double
        let cores: Int
        let data: String
    }

    static let groups = ["startup", "catalogue", "search", "import", "filter", "generate-command", "summarize", "tabulate",
                         "collapse-merge", "histogram", "ols", "logit", "cox", "rdd", "cohort", "filter-count", "tui", "generate"]
    /// Groups run when none is named: all but `generate` (issue 3's per-variable generation of
    /// the synthetic data in a scratch cache, heavy at full size: name it) and `rdd` (no peer in
    /// compare.py; name it).
    static let defaultGroups = groups.filter { $0 != "generate" && $0 != "rdd" }

    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json", "--quiet"], values: ["--runs", "--persons", "--seed", "--datastore"])
        let runs = Int(list.value("--runs") ?? "7") ?? 7
        guard runs >= 5 else { throw ArgumentList.UsageError(message: "--runs must be at least 5") }
        let wanted = list.positionals.isEmpty ? defaultGroups : list.positionals
        for group in wanted where !groups.contains(group) {
            throw ArgumentList.UsageError(message: "unknown benchmark group '\(group)' (groups: \(groups.joined(separator: ", ")))")
        }
        let persons = try list.value("--persons").map { p -> Int in
            guard let n = Int(p), n > 0 else { throw ArgumentList.UsageError(message: "--persons needs a positive whole number") }
            return n
        }
        let seed = list.value("--seed").flatMap(UInt64.init)
        let directories = list.all("--datastore")
        var bench = BenchRunner(runs: runs, directories: directories, persons: persons, seed: seed, passThrough: args)
        for group in groups where wanted.contains(group) && group != "generate" { bench.run(group) }
        if wanted.contains("generate") {
            bench.results += try generate(persons: persons ?? SyntheticConfig.fullResidents, seed: seed ?? SyntheticConfig.defaultSeed,
                                          runs: list.value("--runs") == nil ? 5 : runs, quiet: list.has("--quiet"))
        }
        let report = Report(measurements: bench.results, peak_memory_mb: peakMemoryMB(),
                            cores: ProcessInfo.processInfo.activeProcessorCount, data: bench.dataDescription)
        if list.has("--json") {
            printOut(CatalogueJSON.encode(report) + "\n")
        } else {
            let rows = bench.results.map { m in
                [m.group, m.name, m.status == "unavailable" ? "–" : format(m.median_ms), m.status == "unavailable" ? "" : format(m.min_ms),
                 m.status == "unavailable" ? "" : format(m.max_ms), m.target_ms.map { "≤ \(format($0))" } ?? "", m.status, m.note ?? ""]
            }
            printOut(TextTable.render(header: ["group", "case", "median ms", "min ms", "max ms", "target", "", "note"], rows: rows,
                                      rightAligned: [2, 3, 4]))
            printOut("data: \(bench.dataDescription); runs per case: \(runs) after one warm-up; peak memory \(format(report.peak_memory_mb)) MB; \(report.cores) cores\n")
        }
        return 0
    }

    /// Times `body` once to warm up, then `runs` times.
    static func measure(_ group: String, _ key: String, _ name: String, runs: Int, target: Double?, note: String? = nil,
                        _ body: () throws -> Void) -> Measurement {
        do {
            try body()
            var times: [Double] = []
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return summary(group, key, name, times: times, target: target, note: note)
        } catch {
            return unavailable(group, key, name, target: target, reason: "\(error)")
        }
    }

    static func summary(_ group: String, _ key: String, _ name: String, times unsorted: [Double], target: Double?, note: String?) -> Measurement {
        let times = unsorted.sorted()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        let status = target.map { median <= $0 ? "ok" : "MISSED" } ?? ""
        return Measurement(group: group, key: key, name: name, runs: times.count, median_ms: median, min_ms: times.first!,
                           max_ms: times.last!, target_ms: target, status: status, note: note)
    }

    static func unavailable(_ group: String, _ key: String, _ name: String, target: Double?, reason: String) -> Measurement {
        let firstLine = reason.split(separator: "\n").first.map(String.init) ?? reason
        return Measurement(group: group, key: key, name: name, runs: 0, median_ms: 0, min_ms: 0, max_ms: 0, target_ms: target,
                           status: "unavailable", note: String(firstLine.prefix(140)))
    }

    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024 // Linux reports kilobytes
    }

    static func format(_ v: Double) -> String { String(format: v < 10 ? "%.3f" : "%.1f", v) }
}
