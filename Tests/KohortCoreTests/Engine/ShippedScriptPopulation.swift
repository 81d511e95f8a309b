import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// The synthetic Norway every shipped script (Assets/snippets, Assets/examples) runs on in the
/// tests: the real default data (`SyntheticSource`, all three datastores) at a small size.
///
/// Why 90 000 persons: it is the smallest size (in steps of 10 000) at which every script
/// passes the disclosure rules unchanged and unlowered. The binding script is the
/// pension-reform snippet: born February–December 1962–63 and in work in both months leaves
/// 1 093 persons at 90 000 (seed 7; the model needs 1 000); at 80 000 it is refused. The
/// all-cancer survival scripts need ≈ 1 000 first cancers, which 50 000 persons already give.
///
/// Why one scope: generating a variable costs more than running a script on it, and the
/// scripts share most of their variables, so the cache is generated once for all of them.
/// The trait wraps the whole `ShippedScriptRuns` suite (snippet and example runs are nested
/// suites), creates the cache in a fresh temporary folder and removes it when the suite ends.
struct ShippedScriptPopulation: SuiteTrait, TestScoping {
    static let persons = 90_000
    static let seed: UInt64 = 7

    @TaskLocal static var current: SyntheticSource?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let root = TestTemporary.root.appendingPathComponent("kohort-shipped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let source = SyntheticSource(config: SyntheticConfig(seed: Self.seed, persons: Self.persons),
                                     catalogue: try CatalogueLoader.loadDefault(), cacheRoot: root)
        try await Self.$current.withValue(source) { try await function() }
    }

    static var source: SyntheticSource {
        get throws { try #require(current, "run inside the ShippedScriptRuns suite (its trait provides the data)") }
    }

    /// Runs a script on the shared population, returning every released result; a parse or
    /// run error (including a disclosure refusal) is thrown as the `file:line:col` diagnostic.
    static func run(_ script: String, fileName: String) throws -> [ReleasedResult] {
        try runKeepingEngine(script, fileName: fileName).results
    }

    /// As `run`, also handing back the engine (to look at the workspace the script left).
    static func runKeepingEngine(_ script: String, fileName: String) throws -> (engine: ScriptEngine, results: [ReleasedResult]) {
        let source = try source
        var engine = ScriptEngine(source: source, analysisRunner: StatisticsAnalysisRunner(), catalogue: source.catalogue)
        var results: [ReleasedResult] = []
        try engine.run(script: script, fileName: fileName) { results.append($0) }
        return (engine, results)
    }

    /// The payload kinds of results, as in docs/json-output.md.
    static func kinds(_ results: [ReleasedResult]) -> [String] { results.map(ResultExport.kind(of:)) }

    /// The model results of a run, in order.
    static func models(_ results: [ReleasedResult]) -> [ReleasedModel] {
        results.compactMap { if case .model(let m) = $0.payload { m } else { nil } }
    }

    static func text(_ results: [ReleasedResult]) -> [String] {
        results.compactMap { if case .message(let m) = $0.payload { m.text } else { nil } }
    }
}

/// Every script the product ships, run unchanged on the synthetic default. The snippet runs
/// (SnippetTests.swift) and example runs (EngineExampleTests.swift) are nested here so that
/// they share one generated population.
@Suite(ShippedScriptPopulation())
struct ShippedScriptRuns {}
