import Foundation
import Testing
@testable import KohortCore

/// The fused count of a step's closing keep (`ConditionTally` over `RowKeys`) releases exactly
/// what the general path (row mask, kept ids, `UnitKeyCache.unitKeySum`) releases: the same
/// unit count and key sum, so the same perturbed value, and the same refusals and errors.
@Suite struct FusedCountTests {
    static let entry = ["require no.ssb.fdb as ssb", "create-dataset p", "import ssb/BEFOLKNING_STATUSKODE 2021-01-01 as status"]
    static let lonn = "import ssb/INNTEKT_WLONN 2020-06-30 as lonn"
    static let kjonn = "import ssb/BEFOLKNING_KJOENN as kjonn"

    /// Cohorts after the entry, and whether their last step's keep can take the fused path.
    static let cohorts: [(steps: [[String]], fused: Bool)] = [
        ([[lonn, "keep if lonn > 900"]], true),                          // lonn missing for ids above 1500
        ([[lonn, "keep if lonn == . | lonn < 30"]], true),               // `== .` is missing, so false
        ([[kjonn, lonn, "keep if kjonn == '2' & lonn > 300 | kjonn == '1' & lonn == ."]], true),
        ([[kjonn, "keep if kjonn != '2'"], [lonn, "keep if lonn >= 600"]], true),
        ([[lonn, "generate r = lonn / (lonn - 900)", "keep if r > 0"]], true),   // NaN from x / 0 and missing lonn
        ([[lonn, "generate r = (lonn - 900) * 1e308 * 10", "keep if !(r < 0)"]], true), // overflow to missing
        ([["keep if status == '1' | status != '1'"]], true),               // keeps every row
        ([[kjonn, "keep if kjonn == '1' | kjonn == '2'"]], true),         // keeps every row
        // The gate: dropping one unit, keeping one unit (refused), dropping ten (allowed).
        ([[lonn, "keep if lonn > 0"], ["keep if lonn != 3"]], true),
        ([[lonn, "keep if lonn > 0"], ["keep if lonn > 2 & lonn < 5"]], true),
        ([[lonn, "keep if lonn > 0"], ["keep if lonn > 15"]], true),
        ([["clone-units p q", "use q", kjonn, "keep if kjonn == '2'"]], true),
        // A step that adds units the entry does not have (ids 1901…2000 are not residents).
        ([["create-dataset all", kjonn, "keep if kjonn == '2'"]], true),
        // Repeated ids (an event dataset): rows are not units, so the general path.
        ([["create-dataset e", "import-event ssb/SIVSTANDFDT_SIVSTAND 2000-01-01 to 2024-12-31 as sivstand", "keep if sivstand == '2'"]], false),
        // Not covered: a function in the condition.
        ([[kjonn, "keep if substr(kjonn, 1, 1) == '2'"]], false),
        // An error in the condition: the engine reports it on both paths.
        ([[lonn, "keep if nosuch > 3"]], false),
        // A line after the keep: it runs for real, and later steps count the filtered dataset.
        ([[lonn, "keep if lonn > 600"], [kjonn, "keep if kjonn == '2'"], ["keep if lonn < 1200"]], true),
    ]

    @Test func releasesWhatTheGeneralPathReleases() throws {
        for (steps, fusable) in Self.cohorts {
            let all = [Self.entry] + steps
            var fused = SessionCore(source: try EngineFixture.source())
            var general = SessionCore(source: try EngineFixture.source())
            general.fusedCount = false
            let a = fused.attrition(all), b = general.attrition(all)
            #expect(a.counts == b.counts, "\(steps)")
            #expect(a.error == b.error, "\(steps)")
            #expect(b.counts.count + (b.error == nil ? 0 : 1) == all.count, "every step counted or failed: \(steps)")
            // Each pending keep's units and key sum against the general path's kept ids.
            let pending = zip(fused.attritionCache, general.attritionCache).compactMap { x, y -> (DeferredKeep, DeferredKeep)? in
                guard let p = x.deferred, let q = y.deferred else { return nil }
                return (p, q)
            }
            #expect(pending.count == fused.attritionCache.filter { $0.deferred != nil }.count)
            for (p, q) in pending {
                let ids = try #require(q.keptIDs)
                let key = RecordKey(policy: .default)
                let expected = UnitKeyCache.unitKeySum(ids, key)
                if let t = p.tally {
                    #expect(t.units == expected.count && t.keySum == expected.sum, "\(steps)")
                } else {
                    #expect(p.keptIDs == ids)
                }
            }
            let last = fused.attritionCache.last?.deferred
            if fusable && a.error == nil {
                #expect(last?.tally != nil, "the last keep took the fused path: \(steps)")
            } else if !fusable {
                #expect(last?.tally == nil, "the last keep took the general path: \(steps)")
            }
        }
    }

    /// The gate refuses a keep that drops or keeps fewer than the minimum number of units, with
    /// the engine's own message, whichever path counted it.
    @Test func theGateRefusesAsTheEngineDoes() throws {
        // lonn = 1.5 · id for ids 1…1500, missing above.
        for rule in ["keep if lonn != 3", "keep if lonn > 2 & lonn < 5"] {
            var core = SessionCore(source: try EngineFixture.source())
            let out = core.attrition([Self.entry, [Self.lonn, "keep if lonn > 0"], [rule]])
            let error = try #require(out.error, "\(rule) is refused")
            #expect(error.contains("could single out individuals"), "\(error)")
            #expect(out.counts.count == 2)
        }
    }

    /// Editing the last rule's value reuses the row keys of the cached prefix and the compared
    /// column's Float copy, and still agrees with a fresh general-path count.
    @Test func aRefreshReusesTheRowKeys() throws {
        var core = SessionCore(source: try EngineFixture.source())
        func rule(_ t: Int) -> [[String]] { [Self.entry, [Self.lonn, "keep if lonn > \(t)"]] }
        _ = core.attrition(rule(300))
        let keys = try #require(core.rowKeyCache)
        let shadow = try #require(core.shadowCache, "lonn's Float copy was made")
        for t in [301, 900, 1800, 45] {
            let refreshed = core.attrition(rule(t))
            #expect(core.rowKeyCache?.belongs(to: keys.ids, key: keys.key) == true)
            #expect(core.shadowCache?.belongs(to: shadow.source) == true)
            var general = SessionCore(source: try EngineFixture.source())
            general.fusedCount = false
            #expect(refreshed.counts == general.attrition(rule(t)).counts, "threshold \(t)")
        }
    }
}
