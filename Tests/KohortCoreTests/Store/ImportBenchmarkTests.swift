import Foundation
import Testing
import KohortCore
import TestSupport

/// Benchmark, not a test: runs only when KOHORT_BENCH_DELIVERY names a delivery folder.
/// `KOHORT_BENCH_DELIVERY=/tmp/BIG_EVENT swift test -c release --filter ImportBenchmark`
/// (issue 8 target: a 10 M-row EVENT delivery imports in ≤ 20 s).
@Suite struct ImportBenchmarkTests {
    static let delivery = ProcessInfo.processInfo.environment["KOHORT_BENCH_DELIVERY"]

    @Test(.enabled(if: delivery != nil)) func importLargeDelivery() throws {
        let dir = URL(fileURLWithPath: Self.delivery!)
        let store = TestTemporary.root.appendingPathComponent("kohort-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: store) }
        let clock = ContinuousClock()
        var problems: [ValidationProblem] = []
        let validate = clock.measure { problems = MicrodataValidator.validateDelivery(dir: dir) }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        var summary: ImportSummary?
        let importTime = try clock.measure {
            summary = try MicrodataImporter.importDeliveries(dirs: [dir], into: store, name: "no.bench", releaseNote: "bench")
        }
        let open = try clock.measure {
            let v = try Datastore.open(store).resolve().variable(dir.lastPathComponent)
            _ = try v.withIDs { $0.count } + v.withStops { $0.count }
        }
        print("validate \(validate), import \(importTime) (\(summary?.rows ?? [:]) rows), open+checksum 2 columns \(open)")
    }
}
