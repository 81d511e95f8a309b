import Foundation
import Testing
@testable import KohortCore
import TestSupport

@Suite struct SessionTests {
    static func core() throws -> SessionCore { SessionCore(source: try EngineFixture.source()) }

    static func tempDir() -> URL {
        TestTemporary.root.appendingPathComponent("kohort-session-\(UUID().uuidString)")
    }

    @Test func submitRecordsCommandsAndStopsAtTheFirstError() throws {
        var s = try Self.core()
        let ok = s.submit("require no.ssb.fdb as ssb\ncreate-dataset p\nimport ssb/BEFOLKNING_KJOENN as kjonn")
        #expect(ok.error == nil)
        #expect(s.script == ["require no.ssb.fdb as ssb", "create-dataset p", "import ssb/BEFOLKNING_KJOENN as kjonn"])
        #expect(s.variableNames == ["kjonn"])
        let bad = s.submit("keep if kjonn == '1'\nimport ssb/NO_SUCH as x\ndrop kjonn")
        #expect(bad.error?.position.line == 2)
        #expect(bad.recorded == ["keep if kjonn == '1'"])
        #expect(s.variableNames == ["kjonn"], "the command after the error did not run")
    }

    @Test func letBindingsPersistBetweenSubmissions() throws {
        var s = try Self.core()
        #expect(s.submit("let ds = no.ssb.fdb").error == nil)
        #expect(s.submit("require $ds as ssb").error == nil)
        #expect(s.script.last == "require no.ssb.fdb as ssb")
    }

    @Test func withoutDataEverySubmissionSaysWhy() {
        var s = SessionCore(source: nil, unavailableReason: "no data: run with --datastore DIR")
        let o = s.submit("create-dataset p")
        #expect(o.error?.message == "no data: run with --datastore DIR")
        #expect(s.attrition([["create-dataset p"]]).error == "no data: run with --datastore DIR")
    }

    @Test func attritionCountsAreReleasedAndDeterministic() throws {
        var s = try Self.core()
        var cohort = CohortDefinition()
        cohort.entry.date = "2021-01-01"
        cohort.rules = [CohortRule(variable: "BEFOLKNING_KJOENN", datastore: "no.ssb.fdb", technicalName: "kjonn",
                                   temporality: "FIXED", isString: true, op: .eq, values: ["2"])]
        let out = s.attrition(cohort.steps())
        #expect(out.error == nil)
        #expect(out.counts.count == 2)
        // True counts 1900 and 950; released counts are perturbed by at most the table's bound.
        let n0 = try #require(out.counts[0].value), n1 = try #require(out.counts[1].value)
        #expect(abs(n0 - 1900) <= 2)
        #expect(abs(n1 - 950) <= 2)
        #expect(s.attrition(cohort.steps()).counts == out.counts)
        #expect(s.script.isEmpty, "counting records nothing")
        // Changing the rule reuses the entry's snapshot and gives the same answer as from scratch.
        cohort.rules[0].values = ["1"]
        let changed = s.attrition(cohort.steps())
        #expect(changed.counts[0] == out.counts[0])
        var fresh = try Self.core()
        #expect(fresh.attrition(cohort.steps()).counts == changed.counts)
        #expect(s.attritionCache.filter { $0.count != nil }.count == 2, "one counted snapshot per step")
    }

    @Test func aFailingStepSaysWhichStep() throws {
        var s = try Self.core()
        let out = s.attrition([["require no.ssb.fdb as ssb", "create-dataset p", "import ssb/BEFOLKNING_KJOENN as kjonn"],
                               ["keep if PERSONID_1 <= 3"]])
        #expect(out.counts.count == 1)
        #expect(out.error?.hasPrefix("step 1: 1:1: keep would affect all but fewer than") == true, "the engine's gate still applies")
    }

    @Test func cancerEntryCompilesAndCounts() throws {
        var s = try Self.core()
        var cohort = CohortDefinition()
        cohort.entry.kind = .cancerCases
        cohort.entry.icd10 = ["C34"]
        let out = s.attrition(cohort.steps())
        #expect(out.error == nil, "\(out.error ?? "")")
        // Odd cases are C34 → persons with an odd case: 150.
        #expect(abs((out.counts.first?.value ?? 0) - 150) <= 2)
    }

    /// "No cancer diagnosis in the 5 years before": a rule on a cancer-case variable works
    /// through the case's person key and each person's index date.
    @Test func eventLevelRulesCountPersonsWithOrWithoutAMatchingEvent() throws {
        var s = try Self.core()
        var cohort = CohortDefinition()
        cohort.entry.kind = .cancerCases
        cohort.entry.icd10 = ["C34"]
        var rule = CohortRule(variable: "KRG_KJERNE_DIAGNOSEDATO", datastore: "no.fhi.krg", technicalName: "diagnosedato",
                              temporality: "FIXED", isString: false, op: .absent)
        rule.unitType = "KRG_KREFTTILFELLE"
        rule.windowDays = 1826
        cohort.rules = [rule]
        let lines = cohort.compiled()
        #expect(lines.contains("merge indexdato into kohort_regel on personid"))
        #expect(lines.contains("keep if x >= indexdato - 1826 & x < indexdato"))
        #expect(lines.last == "keep if sysmiss(kohort_regel_n) | kohort_regel_n == 0")
        let out = s.attrition(cohort.steps())
        // The fixture's persons have no case before their first C34: nobody is removed.
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(out.counts.count == 2)
        #expect(out.counts[1] == out.counts[0])
    }

    @Test func cohortJSONRoundTrips() throws {
        var c = CohortDefinition()
        c.rules = [CohortRule(variable: "X", datastore: "no.ssb.fdb", technicalName: "x", temporality: "STATUS", isString: false, op: .inRange, values: ["1", "5"])]
        var a = CohortAnalysisVariable(variable: "INNTEKT_WLONN", datastore: "no.ssb.fdb", technicalName: "wlonn", temporality: "ACCUMULATED")
        a.date = "2020-01-01"
        c.analysis = [a]
        let back = try CohortDefinition.load(try c.json())
        #expect(back == c)
        #expect(c.compiled().contains("import ssb/X 2020-01-01 as x"))
        #expect(c.compiled().contains("keep if inrange(x, 1, 5)"))
        #expect(c.compiled().last == "import ssb/INNTEKT_WLONN 2020-01-01 as wlonn")
        #expect(c.analysisCommand("histogram") == "histogram wlonn")
    }

    @Test func autosaveIsAtomicAndRestoreReplaysTheSameResults() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = SessionStore(directory: dir, started: Date(timeIntervalSince1970: 1_000_000))
        var a = try Self.core()
        let reply = SessionExecutor.perform(.submit(text: "require no.ssb.fdb as ssb\ncreate-dataset p\nimport ssb/BEFOLKNING_KJOENN as kjonn\nkeep if kjonn == '2'\nvariables", origin: "test"),
                                            core: &a, store: first)
        guard case .submitted(let sub) = reply else { Issue.record("reply"); return }
        let outcome = sub.outcome
        #expect(outcome.error == nil)
        #expect(sub.saveError == nil)
        #expect(sub.datasets == ["p"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files == [first.file.lastPathComponent], "no temporary file is left behind")
        let text = try String(contentsOf: first.file, encoding: .utf8)
        #expect(text.hasPrefix("// kohort session"))
        #expect(text.contains("keep if kjonn == '2'\nvariables\n"))

        // The next run finds it, replays it, and gets the same results and counts.
        let second = SessionStore(directory: dir, started: Date(timeIntervalSince1970: 2_000_000))
        let previous = try #require(second.latestPrevious())
        #expect(previous.url == first.file)
        var b = try Self.core()
        let replay = b.restore(script: previous.script)
        #expect(replay.error == nil)
        #expect(b.script == a.script)
        #expect(replay.results.map { ResultText.render($0) } == outcome.results.map { ResultText.render($0) })
        var a2 = a, b2 = b
        #expect(b2.attrition([[]]).counts == a2.attrition([[]]).counts)
    }

    /// docs/cohort-format.md's example loads and compiles to the lines the document shows.
    @Test func theFormatDocumentsExampleCompilesAsShown() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/cohort-format.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let blocks = text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let json = try #require(blocks.first { $0.hasPrefix("json") }).dropFirst(4)
        let script = try #require(blocks.last).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let cohort = try CohortDefinition.load(Data(json.utf8))
        #expect(cohort.compiled() == script)
        #expect(cohort.steps().count == 2, "entry + the one enabled rule")
    }

    @Test func xdgDataHomeIsRespected() {
        #expect(SessionStore.defaultDirectory(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/h"]).path == "/x/data/kohort/sessions")
        #expect(SessionStore.defaultDirectory(environment: ["HOME": "/h"]).path == "/h/.local/share/kohort/sessions")
    }

    @Test func executorRunsOffTheCallerAndCancelDropsPendingWork() throws {
        final class Box: @unchecked Sendable { var replies: [SessionReply] = []; let lock = NSLock() }
        let box = Box()
        let ex = SessionExecutor(core: try Self.core(), store: nil) { r in box.lock.lock(); box.replies.append(r); box.lock.unlock() }
        ex.enqueue(.submit(text: "require no.ssb.fdb as ssb\ncreate-dataset p", origin: "a"))
        ex.drain()
        #expect(box.replies.count == 1)
        ex.cancel()
        ex.enqueue(.submit(text: "import ssb/BEFOLKNING_KJOENN as kjonn", origin: "b"))
        ex.drain()
        #expect(box.replies.count == 2, "a job queued after cancel still runs")
    }
}
