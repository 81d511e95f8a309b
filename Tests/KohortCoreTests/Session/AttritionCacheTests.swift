import Foundation
import Testing
@testable import KohortCore

/// The attrition cache (a snapshot per line) and the deferred closing keep change how much is
/// recomputed, never the counts.
@Suite struct AttritionCacheTests {
    /// Editing the value of the last rule reruns its filter only: the rule's import is reused
    /// (the source is not asked again) and the counts equal a recount from scratch.
    @Test func editingARuleValueReusesItsImport() throws {
        let source = GatedSource(try EngineFixture.source())
        var core = SessionCore(source: source)
        let entry = ["require no.ssb.fdb as ssb", "create-dataset p", "import ssb/BEFOLKNING_STATUSKODE 2021-01-01 as status"]
        func rule(_ t: Int) -> [String] { ["import ssb/INNTEKT_WLONN 2020-06-30 as lonn", "keep if lonn > \(t)"] }
        let first = core.attrition([entry, rule(300)])
        #expect(first.error == nil && first.counts.count == 2)
        let fetchedBefore = source.fetches.count
        let edited = core.attrition([entry, rule(900)])
        #expect(edited.error == nil)
        #expect(source.fetches.count == fetchedBefore, "no variable fetched again: \(source.fetches)")
        var fresh = SessionCore(source: try EngineFixture.source())
        #expect(fresh.attrition([entry, rule(900)]).counts == edited.counts)
        // INNTEKT_WLONN is id · 1.5 for ids 1…1500: lonn > 900 holds for ids 601…1500.
        let n = try #require(edited.counts[1].value)
        #expect(abs(n - 900) <= 2)
    }

    /// A step's closing `keep if` is counted from a row mask; the same step with any line after
    /// the keep runs the keep through the engine. Both give the same released counts, also
    /// when a rule is added after a deferred keep (which then runs for real).
    @Test func aDeferredKeepCountsLikeTheEngine() throws {
        let entry = ["require no.ssb.fdb as ssb", "create-dataset p", "import ssb/BEFOLKNING_STATUSKODE 2021-01-01 as status",
                     "keep if status == '1'"]
        let rule1 = ["import ssb/BEFOLKNING_KJOENN as kjonn", "keep if kjonn == '2'"]
        let rule2 = ["import ssb/INNTEKT_WLONN 2020-06-30 as lonn", "keep if lonn > 600"]
        func viaEngine(_ step: [String]) -> [String] { step + ["variables"] }
        var deferred = SessionCore(source: try EngineFixture.source())
        let short = deferred.attrition([entry, rule1])
        #expect(short.error == nil)
        #expect(deferred.attritionCache.last?.deferred != nil, "the closing keep is pending")
        let long = deferred.attrition([entry, rule1, rule2])
        var engine = SessionCore(source: try EngineFixture.source())
        let reference = engine.attrition([viaEngine(entry), viaEngine(rule1), viaEngine(rule2)])
        #expect(reference.error == nil)
        #expect(engine.attritionCache.allSatisfy { $0.deferred == nil })
        #expect(long.counts == reference.counts)
        #expect(Array(long.counts.prefix(2)) == short.counts)
        // 1900 residents; women are the even ids (950); lonn = 1.5 · id > 600 for ids 401…1500.
        #expect(long.counts.map { $0.value ?? -1 }.enumerated().allSatisfy { abs($0.element - [1900, 950, 550][$0.offset]) <= 2 })
    }
}
