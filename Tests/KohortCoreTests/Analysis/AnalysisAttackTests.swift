import Foundation
import Testing
@testable import KohortCore

/// What an intruder would try, run as scripts through the engine; each is shown to fail.
@Suite struct AnalysisAttackTests {
    func refused(_ script: String, rule: String? = nil, message: String? = nil) {
        do {
            _ = try AnalysisFixture.run(script)
            Issue.record("not refused: \(script)")
        } catch {
            let text = (error as? ScriptDiagnostic)?.message ?? "\(error)"
            if let message { #expect(text.contains(message), "\(text)") }
        }
    }

    func count(_ r: ReleasedResult, category: String) -> Int? {
        AnalysisFixture.table(r)?.cells.first { $0.labels == [category] }?.count ?? nil
    }

    /// Two cohorts that differ by one person (person t + 1, odd ids are kjønn 1): the
    /// difference of the released counts equals the person's contribution (1) only by chance.
    @Test func differencingTwoCohortsDoesNotRevealThePerson() throws {
        var engine = try AnalysisFixture.engine()
        try EngineFixture.run(AnalysisFixture.setup, in: &engine)
        var hits = 0, trials = 0
        for t in stride(from: 1100, to: 1300, by: 2) {
            let a = try EngineFixture.run("tabulate kjønn if PERSONID_1 <= \(t)", in: &engine)
            let b = try EngineFixture.run("tabulate kjønn if PERSONID_1 <= \(t + 1)", in: &engine)
            let d = count(b[0], category: "1")! - count(a[0], category: "1")!
            trials += 1
            if d == 1 { hits += 1 }
        }
        // With the standard table P(d = 1) = 70/256 ≈ 0.27.
        #expect(Double(hits) / Double(trials) < 0.5)
        // And a transformation that removes exactly one person is refused outright.
        refused("keep if PERSONID_1 != 7", message: "fewer than 10 units")
    }

    @Test func repeatingAQueryGivesIdenticalAnswers() throws {
        let (_, results) = try AnalysisFixture.run(String(repeating: "tabulate kjønn sivstand\nsummarize inntekt\n", count: 5))
        let tables = results.compactMap(AnalysisFixture.table).map { $0.cells.map(\.count) + $0.totals.map(\.count) }
        #expect(Set(tables.map { "\($0)" }).count == 1)
        let ns = results.compactMap { r -> Int? in if case .summary(let s) = r.payload { return s.variables[0].n }; return nil }
        #expect(Set(ns).count == 1)
    }

    /// The tracker: count(A) + count(B) − count(all), where A ∩ B is one person, would give
    /// that person's category; the three independent noises spoil it.
    @Test func trackerQueriesDoNotRevealAPerson() throws {
        var engine = try AnalysisFixture.engine()
        try EngineFixture.run(AnalysisFixture.setup, in: &engine)
        let all = count(try EngineFixture.run("tabulate kjønn", in: &engine)[0], category: "1")!
        var right = 0, trials = 0
        for i in 1...60 {
            let a = count(try EngineFixture.run("tabulate kjønn if PERSONID_1 > 1000 | PERSONID_1 == \(i)", in: &engine)[0], category: "1")!
            let b = count(try EngineFixture.run("tabulate kjønn if PERSONID_1 <= 1000", in: &engine)[0], category: "1")!
            let guess = a + b - all
            trials += 1
            if guess == (i % 2 == 1 ? 1 : 0) { right += 1 }
        }
        #expect(Double(right) / Double(trials) < 0.6)
        // Asking about the one person directly falls under the population rule.
        refused("tabulate kjønn if PERSONID_1 == 5", message: "fewer than 1000 units")
    }

    @Test func extremesCannotBeRead() throws {
        // inntekt runs from 101 to 200 001.
        let (_, results) = try AnalysisFixture.run("""
        summarize inntekt
        histogram inntekt, bin(10)
        boxplot inntekt
        """)
        guard case .summary(let s) = results[0].payload, case .histogram(let h) = results[1].payload,
              case .boxplot(let b) = results[2].payload else { Issue.record("kinds"); return }
        #expect(s.variables[0].percentiles.allSatisfy { $0.value > 101 && $0.value < 200_001 })
        #expect(h.bins.first!.from > 101 && h.bins.last!.to < 200_001)
        #expect(b.groups[0].whiskerLow! > 101 && b.groups[0].whiskerHigh! < 200_001)
        refused("barchart (max) inntekt, over(kjønn)", message: "minimum and maximum are never shown")
        refused("barchart (min) inntekt, over(kjønn)", message: "minimum and maximum are never shown")
    }

    @Test func singlingOutWithGenerateOrReplaceIsRefused() {
        refused("generate meg = PERSONID_1 == 5", message: "fewer than 10 units")
        refused("replace inntekt = 0 if PERSONID_1 == 5", message: "fewer than 10 units")
        refused("generate z = 1 if PERSONID_1 != 5", message: "all but fewer than 10 units")
    }

    @Test func aDummyForTooFewUnitsIsRefused() {
        // Every birth month has 6–7 persons: i.faarmnd's dummies single out tiny groups.
        refused("regress y x i.faarmnd", message: "fewer than 10 units")
        // Nor can a logit's outcome be a rare event of a few people.
        refused("""
        generate rare = PERSONID_1 <= 12
        logit rare x if PERSONID_1 > 5
        """, message: "fewer than 10 units")
        // A model on a handful of units falls under the population rule.
        refused("regress y x if PERSONID_1 <= 50", message: "fewer than 1000")
    }

    /// Ten deaths on ten distinct days, each alone in its grid cell (30 days with unit(days);
    /// 100 for the unitless default, 5000/60 rounded up to a readable width): the released curve
    /// shows grid times only, suppresses every one-death event count, and its drops come from
    /// perturbed counts (0 or 2 for a true 1), so no step is a person's death date.
    @Test(arguments: [("unit(days)", 30.0), ("", 100.0)])
    func kaplanMeierStepsDoNotRevealADeathDate(option: String, grid: Double) throws {
        let (_, results) = try AnalysisFixture.run("""
        generate tid = 5000
        replace tid = 100 * PERSONID_1 + 7 if PERSONID_1 <= 10
        generate død = PERSONID_1 <= 10
        kaplan-meier tid død\(option.isEmpty ? "" : ", " + option)
        """)
        guard case .survival(let s) = results[0].payload else { Issue.record("not survival"); return }
        #expect(s.gridWidth == grid)
        let steps = s.groups[0].steps
        #expect(steps.allSatisfy { $0.time.truncatingRemainder(dividingBy: grid) == 0 })
        #expect(steps.dropFirst().allSatisfy { $0.events == nil || $0.events! >= 5 })
        for (a, b) in zip(steps, steps.dropFirst()) where b.survival < a.survival {
            // A drop is never the exact one-death drop 1/n.
            let drop = 1 - b.survival / a.survival
            #expect(abs(drop - 1.0 / Double(b.atRisk)) > 1e-12)
        }
        #expect(!steps.contains { [107.0, 207, 307, 407, 507, 607, 707, 807, 907, 1007].contains($0.time) })
    }

    /// Stata prints N − K in the F line, the number of clusters and ANOVA's residual df; each
    /// would undo the perturbation of N, so the released notes leave them out.
    @Test func modelNotesDoNotPrintExactCounts() throws {
        let (_, results) = try AnalysisFixture.run("""
        regress y x
        regress y x, cluster(sivstand)
        anova y kjønn sivstand
        """)
        let notes = results.compactMap { r -> String? in if case .message(let m) = r.payload { return m.text }; return nil }
        #expect(notes.count == 3)
        for text in notes {
            for exact in ["1998", "1997", "1996", "3 clusters", "(1, 2)"] { #expect(!text.contains(exact), "\(text)") }
        }
    }
}
