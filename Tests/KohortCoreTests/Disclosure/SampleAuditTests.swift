import Foundation
import Testing
@testable import KohortCore

/// The query-set audit (rule minimum_sample_difference) run through the real engine on the
/// 2000-person fixture (AnalysisFixture: y = 1 + 2x + 3v, x = 10u, u and v fractional parts
/// of id·φ and id·√2): differencing attacks on exact statistics are refused, honest work is not.
@Suite struct SampleAuditTests {
    /// A fresh engine (so a fresh audit) with the fixture's dataset `p` set up.
    func engine() throws -> ScriptEngine {
        var engine = try AnalysisFixture.engine()
        try EngineFixture.run(AnalysisFixture.setup, in: &engine)
        return engine
    }

    /// Runs `script` expecting the last command to be refused by the audit; the commands
    /// before it must have been released.
    func expectAuditRefusal(_ script: String, in engine: inout ScriptEngine, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try EngineFixture.run(script, in: &engine)
            Issue.record("not refused: \(script)", sourceLocation: sourceLocation)
        } catch {
            #expect(engine.lastRefusal?.rule == "minimum_sample_difference", "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.contains("minimum_sample_difference") && error.message.contains("fewer than 10 units"),
                    sourceLocation: sourceLocation)
        }
    }

    static func y(_ id: Int) -> Double {
        let u = Double(id) * 0.6180339887 - Double(Int(Double(id) * 0.6180339887))
        let v = Double(id) * 1.4142135623 - Double(Int(Double(id) * 1.4142135623))
        return 1 + 2 * (10 * u) + 3 * v
    }

    static func constant(_ results: [ReleasedResult]) -> Double? {
        results.compactMap(AnalysisFixture.model).first?.coefficients.first { $0.term == "_cons" }?.estimate
    }

    /// `regress y` (constant only) is the exact mean. On persons ≥ 500 and on persons ≥ 501
    /// (two `keep if` thresholds, each removing hundreds of units, so the transformation rule
    /// lets both through) the two means give person 500's y. Without the audit (a fresh
    /// session) the attack works to the last digit; within one session it is refused.
    @Test func regressConstantDifferencingViaThresholdsAcrossTwoDatasetsIsRefused() throws {
        let first = """
        clone-dataset p a
        use a
        keep if inntekt > 50000
        regress y
        """
        let second = """
        clone-dataset p b
        use b
        keep if inntekt > 50100
        regress y
        """
        // inntekt (2020) = id·100 + 1: a holds ids 500…2000, b ids 501…2000.
        var e1 = try engine(), e2 = try engine()
        let meanA = try #require(Self.constant(try EngineFixture.run(first, in: &e1)))
        let meanB = try #require(Self.constant(try EngineFixture.run(second, in: &e2)))
        let recovered = 1501 * meanA - 1500 * meanB
        #expect(abs(recovered - Self.y(500)) < 1e-6, "the attack is real: two separate sessions give person 500's y")

        var engine = try engine()
        _ = try EngineFixture.run(first, in: &engine)
        expectAuditRefusal(second, in: &engine)
    }

    @Test func summarizeDifferencingWithinOneDatasetIsRefused() throws {
        var engine = try engine()
        let first = try EngineFixture.run("summarize y", in: &engine)
        #expect(first[0].protections.map(\.rule).contains("minimum_sample_difference"))
        expectAuditRefusal("summarize y if PERSONID_1 != 42", in: &engine)
        // Leaving out nine is refused too; ten is allowed.
        expectAuditRefusal("summarize y if PERSONID_1 > 9", in: &engine)
        _ = try EngineFixture.run("summarize y if PERSONID_1 > 10", in: &engine)
    }

    @Test func summarizeDifferencingAcrossTwoDatasetsIsRefused() throws {
        var engine = try engine()
        _ = try EngineFixture.run("""
        clone-dataset p a
        use a
        keep if inntekt > 50000
        summarize y
        clone-dataset p b
        use b
        keep if inntekt > 30000
        summarize y
        """, in: &engine)
        // b (ids 300…2000) differs from a by 200 units: released. Now one more threshold.
        expectAuditRefusal("""
        use p
        clone-dataset p c
        use c
        keep if inntekt > 50100
        summarize y, gini
        """, in: &engine)
    }

    /// z is missing for person 42 only (1/0), so `regress y x z` runs on everyone but 42:
    /// against `regress y x` that would reveal 42's y.
    @Test func completeCaseDifferencingIsRefused() throws {
        var engine = try engine()
        _ = try EngineFixture.run("generate z = 1 / (PERSONID_1 - 42)\nregress y x", in: &engine)
        expectAuditRefusal("regress y x z", in: &engine)
        // Within one command: y's sample and z's sample differ by one person.
        var fresh = try self.engine()
        expectAuditRefusal("generate z = 1 / (PERSONID_1 - 42)\nsummarize y z", in: &fresh)
    }

    /// Pairwise correlations: each pair's sample is audited. z is missing for person 42 only,
    /// so the pair (x, z) rests on everyone but 42 while (x, y) and listwise `correlate x y`
    /// rest on everyone: a difference of one unit, refused both ways and within one command.
    @Test func pairwiseCorrelationSamplesAreAudited() throws {
        let z = "generate z = 1 / (PERSONID_1 - 42)\n"
        var engine = try engine()
        _ = try EngineFixture.run(z + "correlate x y", in: &engine)
        expectAuditRefusal("correlate x z, pairwise", in: &engine)
        var reverse = try self.engine()
        _ = try EngineFixture.run(z + "correlate x y z", in: &reverse)   // listwise: everyone but 42
        expectAuditRefusal("correlate x y, pairwise", in: &reverse)     // everyone
        var within = try self.engine()
        expectAuditRefusal(z + "correlate x y z, pairwise obs", in: &within)
        // Honest: the same pairs again, and a pair with the same complete cases.
        var honest = try self.engine()
        _ = try EngineFixture.run("correlate x y\ncorrelate x y u, pairwise obs sig\ncorrelate x y, covariance", in: &honest)
    }

    /// The same `if` trick against every kind of exact statistic.
    @Test func everyKindOfStatisticIsAudited() throws {
        let commands = [
            "summarize y", "ci y", "correlate x y", "correlate x y, pairwise", "correlate x y, covariance", "histogram y", "boxplot y", "hexbin x y",
            "kaplan-meier dager hendelse", "logit yb x", "poisson antall x", "anova y kjønn",
            "barchart (mean) y, over(kjønn)", "tabulate kjønn, summarize(y)", "cox dager hendelse x",
        ]
        for command in commands {
            var engine = try engine()
            let released = try EngineFixture.run(command, in: &engine)
            #expect(released.contains { $0.protections.map(\.rule).contains("minimum_sample_difference") }, "\(command)")
            let (head, options) = command.contains(",") ? (String(command.split(separator: ",")[0]), "," + command.split(separator: ",")[1]) : (command, "")
            expectAuditRefusal("\(head) if PERSONID_1 != 41\(options)", in: &engine)
        }
    }

    /// A cell of a grouped statistic is a sample of its own: summarizing one cell minus one
    /// person is refused even though the whole table's sample is far from it.
    @Test func aCellOfAGroupedStatisticIsItsOwnSample() throws {
        var engine = try engine()
        _ = try EngineFixture.run("generate g = PERSONID_1 > 500\ntabulate g, summarize(y)", in: &engine)
        expectAuditRefusal("summarize y if g == 1 & PERSONID_1 != 600", in: &engine)
    }

    /// A model's dummy describes its group: two models whose samples differ by 11 units
    /// overall (person 1000 and ten of group 3) differ by one unit inside group 2, and the
    /// coefficient of 2.g (+ the constant) is group 2's exact mean in each. Without the audit
    /// (two sessions) that gives person 1000's y; in one session the second model is refused.
    @Test func aDummysGroupIsItsOwnSample() throws {
        let setup = "generate g = 1 + (PERSONID_1 > 700) + (PERSONID_1 > 1400)\n"
        let first = "regress y i.g"
        let second = "regress y i.g if PERSONID_1 != 1000 & (PERSONID_1 < 1500 | PERSONID_1 >= 1510)"
        func groupMean(_ results: [ReleasedResult]) throws -> Double {
            let m = try #require(results.compactMap(AnalysisFixture.model).first)
            let b = try #require(m.coefficients.first { $0.term == "2.g" }?.estimate)
            return b + (try #require(m.coefficients.first { $0.term == "_cons" }?.estimate))
        }
        var e1 = try engine(), e2 = try engine()
        let a = try groupMean(try EngineFixture.run(setup + first, in: &e1))
        let b = try groupMean(try EngineFixture.run(setup + second, in: &e2))
        #expect(abs(700 * a - 699 * b - Self.y(1000)) < 1e-6, "the attack is real without the audit")

        var engine = try engine()
        _ = try EngineFixture.run(setup + first, in: &engine)
        expectAuditRefusal(second, in: &engine)
    }

    /// Honest work: the same sample again (any statistic), and a clearly different cohort.
    @Test func honestAnalysesAreReleased() throws {
        var engine = try engine()
        let results = try EngineFixture.run("""
        regress y x
        regress y x
        summarize y x
        logit yb x
        regress y x if kjønn == "1"
        summarize y if kjønn == "2"
        clone-dataset p young
        use young
        keep if faarmnd >= 197501
        regress y x
        """, in: &engine)
        let models = results.compactMap(AnalysisFixture.model)
        #expect(models.count == 5)
        #expect(models.allSatisfy { $0.n != nil })
        #expect(results.filter { if case .message = $0.payload { false } else { true } }
            .allSatisfy { $0.protections.map(\.rule).contains("minimum_sample_difference") })
        // The same samples are remembered once.
        let runner = try #require(engine.analysisRunner as? StatisticsAnalysisRunner)
        #expect(runner.audit.footprint.samples == 4)   // everyone, kjønn 1, kjønn 2, born 1975 or later
    }

    /// A refused command leaves the audit as it was, and counts are not audited.
    @Test func refusalsRecordNothingAndCountsAreNotAudited() throws {
        var engine = try engine()
        _ = try EngineFixture.run("summarize y", in: &engine)
        expectAuditRefusal("summarize y if PERSONID_1 > 5", in: &engine)
        let runner = try #require(engine.analysisRunner as? StatisticsAnalysisRunner)
        #expect(runner.audit.footprint.samples == 1)
        let tables = try EngineFixture.run("tabulate kjønn\ntabulate kjønn if PERSONID_1 != 42", in: &engine)
        #expect(tables.count == 2)
        #expect(!tables[1].protections.map(\.rule).contains("minimum_sample_difference"))
    }

    /// The TUI's session facade and its scratch engines share the one audit.
    @Test func theSessionFacadeKeepsTheAuditAcrossSubmissions() throws {
        var session = SessionCore(source: try EngineFixture.source())
        #expect(session.submit(AnalysisFixture.setup + "summarize y").error == nil)
        _ = session.attrition([["create-dataset q", "import db/BEFOLKNING_KJOENN as kjønn"]])
        let second = session.submit("summarize y if PERSONID_1 != 1999")
        #expect(second.error?.message.contains("minimum_sample_difference") == true)
        #expect(session.engine?.lastRefusal?.rule == "minimum_sample_difference")
    }
}
