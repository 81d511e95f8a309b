import Foundation
import Testing
@testable import KohortCore
@testable import KohortTUI
import TestSupport

/// The Cohort, Results and Script panes, driven headless against a small fixture store.
@Suite struct WorkspaceTests {
    static func harness(width: Int = 100, height: Int = 30) throws -> Harness {
        var h = Harness(width: width, height: height, session: try TUIFixture.session())
        h.state.requestCounts()
        h.drain()
        return h
    }

    static func number(in line: String, column: Int) -> Int? {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        _ = column
        return Int(fields.reversed().dropFirst(2).first.map { $0.replacingOccurrences(of: "\u{a0}", with: "").replacingOccurrences(of: ",", with: "") } ?? "")
    }

    @Test func tabAndNumbersSwitchPanesAndTheTabBarShowsWhich() {
        var h = Harness()
        #expect(h.state.pane == .variables)
        h.send(.tab); #expect(h.state.pane == .cohort)
        h.send(.tab); #expect(h.state.pane == .results)
        h.send(.tab); #expect(h.state.pane == .script)
        h.send(.tab); #expect(h.state.pane == .variables)
        h.send(.backTab); #expect(h.state.pane == .script)
        h.send(.character("2")); #expect(h.state.pane == .cohort)
        let x = h.lines[0].distance(from: h.lines[0].startIndex, to: h.lines[0].range(of: "2 Cohort")!.lowerBound)
        #expect(h.frame[x, 0].style.underline)
        // While typing in the search box, digits and Tab are text / leave the box.
        h.send(.character("1"), .character("/"))
        h.type("2")
        #expect(h.state.pane == .variables)
        #expect(h.state.variables.query.text == "2")
    }

    @Test func cohortPaneShowsTheEntryWithAReleasedCount() throws {
        var h = try Self.harness()
        h.send(.character("2"))
        let lines = h.lines
        #expect(lines[1].hasPrefix(" Entry: persons resident on 2020-01-01"))
        #expect(lines[3].hasPrefix(" Step"))
        #expect(lines[3].hasSuffix("N     % prev   % entry"))
        let entry = try #require(lines.first { $0.contains("Entry: resident 2020-01-01") })
        // 280 resident; the released count is perturbed by at most 2.
        let n = try #require(Int(entry.split(separator: " ").reversed()[2]))
        #expect(abs(n - 280) <= 2)
        #expect(entry.hasSuffix("100.0     100.0"))
        #expect(h.screen.contains("import ssb/BEFOLKNING_STATUSKODE 2020-01-01 as regstat"))
    }

    @Test func aRuleFromTheVariablesPaneWithACodeChecklistUpdatesTheAttrition() throws {
        var h = try Self.harness()
        h.send(.character("/")); h.type("kjonn"); h.send(.escape)
        h.send(.character("a"))
        #expect(h.state.pane == .cohort)
        let editor = try #require(h.state.cohort.ruleEditor)
        #expect(editor.field == .codes)
        #expect(h.screen.contains("Rule: BEFOLKNING_KJOENN"))
        #expect(h.screen.contains("[ ] 1  Mann"))
        #expect(h.screen.contains("[ ] 2  Kvinne"))
        h.send(.down, .character(" "))
        #expect(h.screen.contains("[x] 2  Kvinne"))
        h.send(.enter)
        #expect(h.state.cohort.ruleEditor == nil)
        let rule = try #require(h.lines.first { $0.contains("[x] 1. BEFOLKNING_KJOENN in (2)") })
        let fields = rule.split(separator: " ").reversed().map(String.init)
        let n = try #require(Int(fields[2]))
        #expect(abs(n - 140) <= 2)
        #expect(fields[1].hasPrefix("4") || fields[1].hasPrefix("5"), "about half of the entry")
        #expect(h.screen.contains("keep if inlist(kjonn, '2')"))
    }

    @Test func countsShowAnEllipsisUntilReadyAndEscCancels() throws {
        var h = try Self.harness()
        h.hold = true
        h.send(.character("2"), .character("n"))
        h.type("BEFOLKNING_KJ")
        h.send(.tab)
        #expect(h.state.cohort.variablePrompt?.text == "BEFOLKNING_KJOENN")
        h.send(.enter)
        // The checklist has the keyboard: Space checks the code under the cursor.
        h.send(.character(" "), .enter)
        #expect(h.state.cohort.counts == nil)
        let rule = try #require(h.lines.first { $0.contains("BEFOLKNING_KJOENN in (1)") })
        #expect(rule.hasSuffix("…          …         …"))
        for _ in 0..<3 { h.deliver(.tick) }
        #expect(!h.screen.contains("working"), "no spinner before 200 ms")
        h.deliver(.tick)
        #expect(h.lines[28].contains("counting the cohort…  Esc cancels"))
        h.send(.escape)
        #expect(h.state.session.pendingJobs == 0)
        #expect(h.held.isEmpty)
        #expect(h.lines[28].contains("cancelled"))
    }

    @Test func resizingDuringAComputationKeepsWorking() throws {
        var h = try Self.harness()
        h.hold = true
        h.send(.character("2"), .character("c"))
        #expect(h.state.isBusy)
        h.resize(40, 10)
        #expect(h.screen.contains("Terminal too small"))
        h.resize(120, 40)
        h.runHeld()
        #expect(!h.state.isBusy)
        #expect(h.state.session.datasets == ["kohort"])
        #expect(h.frame.width == 120 && h.lines.count == 40)
    }

    @Test func rulesToggleReorderDeleteUndoRedo() throws {
        var h = try Self.harness()
        h.send(.character("2"))
        for (value, op) in [("2", CohortRule.Operator.eq), ("1", .ne)] {
            h.state.beginRule(for: h.context.variablesByName["BEFOLKNING_KJOENN"]!, h.context)
            h.state.cohort.ruleEditor?.rule.op = op
            h.state.cohort.ruleEditor?.field = .values
            h.type(value)
            h.send(.enter)
        }
        #expect(h.state.cohort.definition.rules.map(\.op) == [.eq, .ne])
        #expect(h.state.cohort.cursor == 2)
        h.send(.character("K"))
        #expect(h.state.cohort.definition.rules.map(\.op) == [.ne, .eq])
        h.send(.character(" "))
        #expect(h.state.cohort.definition.rules[0].enabled == false)
        #expect(h.screen.contains("[ ] 1. BEFOLKNING_KJOENN ≠ 1") && h.screen.contains("off"))
        #expect(h.state.cohort.counts?.count == 2, "a rule switched off is not a step")
        h.send(.character("u"))
        #expect(h.state.cohort.definition.rules[0].enabled)
        h.send(.control("r"))
        #expect(!h.state.cohort.definition.rules[0].enabled)
        h.send(.character("d"))
        #expect(h.state.cohort.definition.rules.count == 1)
        h.send(.character("u"), .character("u"), .character("u"))
        #expect(h.state.cohort.definition.rules.map(\.op) == [.eq, .ne])
    }

    @Test func applyingTheCohortAppendsItsLinesToTheSessionScript() throws {
        var h = try Self.harness()
        h.send(.character("2"), .character("c"))
        #expect(h.state.session.datasets == ["kohort"])
        #expect(h.state.cohort.applied == h.state.cohort.definition.compiled())
        h.send(.character("4"))
        let screen = h.screen
        #expect(screen.contains("   1 │ require no.ssb.fdb as ssb"))
        #expect(screen.contains("   4 │ keep if regstat == '1'"))
        #expect(screen.contains("4 of 4 lines run"))
        // Applying again replaces the dataset.
        h.send(.character("2"), .character("c"))
        #expect(h.state.script.lines.contains("delete-dataset kohort"))
        #expect(h.state.status == "cohort applied: dataset 'kohort'")
    }

    @Test func analysisKeysRunOnTheAnalysisVariables() throws {
        var h = try Self.harness()
        h.state.addAnalysis(h.context.variablesByName["BEFOLKNING_KJOENN"]!)
        h.send(.character("2"), .character("h"))
        // The statistics runner answers: a histogram of a string variable is refused with a
        // line:col error that says what to do; the cohort is still applied.
        #expect(h.state.session.datasets == ["kohort"])
        #expect(h.state.script.error?.contains("'kjonn' is a string variable") == true)
        #expect(h.state.status == h.state.script.error)
        h.send(.character("r"))
        #expect(h.state.status == "regress needs two analysis variables (outcome first)")
    }

    @Test func analysisVariablesTakeADateOrAWindow() throws {
        var h = try Self.harness()
        h.send(.character("2"), .character("N"))
        h.type("INNTEKT_WLONN")
        #expect(h.state.cohort.variablePrompt != nil)
        // Not in the small test catalogue: the prompt says so and stays open.
        h.send(.enter)
        #expect(h.state.status == "no variable 'INNTEKT_WLONN' in the catalogue (Tab completes)")
        h.send(.escape)
        let wlonn = CatalogueVariable(name: "INNTEKT_WLONN", datastore: "no.ssb.fdb", register: "SSB", product: "Inntekt", label: "Lønn",
                                      description: "", temporality: .accumulated, unitType: "PERSON", dataType: .double,
                                      valueDomain: .described(unit: "kroner", range: nil), validFrom: nil, validTo: nil,
                                      technicalName: "wlonn", releasable: true, cancerForms: [], categories: [], availability: .available)
        h.state.addAnalysis(wlonn)
        #expect(h.state.cohort.definition.analysis[0].date == "2020-01-01")
        h.send(.character("G"), .enter)
        #expect(h.screen.contains("Analysis variable: INNTEKT_WLONN"))
        h.send(.backspace, .backspace, .backspace, .backspace, .backspace)
        h.type("12-31")
        h.send(.enter)
        #expect(h.state.cohort.definition.analysis[0].date == "2020-12-31")
        #expect(h.screen.contains("wlonn  INNTEKT_WLONN  ACCUMULATED on 2020-12-31"))
        #expect(h.screen.contains("import ssb/INNTEKT_WLONN 2020-12-31 as wlonn"))
    }

    @Test func commandLineRunsWithHistoryCompletionAndErrorsChangeNothing() throws {
        var h = try Self.harness()
        h.send(.character(":"))
        h.type("req")
        h.send(.tab)
        #expect(h.state.commandLine.text == "require ")
        h.type("no.ssb.fdb as ssb")
        h.send(.enter)
        #expect(h.state.script.lines == ["require no.ssb.fdb as ssb"])
        h.send(.character(":")); h.type("create-dataset p"); h.send(.enter)
        h.send(.character(":")); h.type("import ssb/BEFOLKNING_KJ"); h.send(.tab)
        #expect(h.state.commandLine.text == "import ssb/BEFOLKNING_KJOENN ")
        h.type("as kjonn"); h.send(.enter)
        h.send(.character(":")); h.type("keep if kj"); h.send(.tab)
        #expect(h.state.commandLine.text == "keep if kjonn ")
        h.send(.escape)
        h.send(.character(":")); h.type("keep if nope == 1"); h.send(.enter)
        #expect(h.state.status?.hasPrefix("1:9: unknown variable 'nope'") == true)
        #expect(h.state.script.lines.count == 3, "nothing else changes")
        h.send(.character("4"))
        #expect(h.screen.contains("Error 1:9: unknown variable 'nope'"))
        h.send(.character(":"), .up)
        #expect(h.state.commandLine.text == "keep if nope == 1")
        h.send(.up)
        #expect(h.state.commandLine.text == "import ssb/BEFOLKNING_KJOENN as kjonn")
        h.send(.down, .down)
        #expect(h.state.commandLine.text == "")
        h.send(.escape)
        h.send(.character(":")); h.type("variables"); h.send(.enter)
        #expect(h.state.results.entries.count == 1)
        h.send(.character("3"))
        #expect(h.lines[2].hasPrefix("▸ 1. variables"))
    }

    @Test func theScriptPaneEditsAndRunsFromTheCursor() throws {
        var h = try Self.harness()
        h.send(.character("4"), .character("i"))
        h.type("require no.ssb.fdb as ssb")
        h.send(.enter)
        h.type("create-dataset p")
        h.send(.enter)
        h.type("import ssb/BEFOLKNING_KJOENN as kjonn")
        h.send(.escape)
        #expect(h.state.script.lines.count == 3)
        #expect(h.state.script.executed == 0)
        #expect(h.screen.contains("   3+│ import ssb/BEFOLKNING_KJOENN as kjonn"))
        h.send(.character("o"))
        h.type("// a comment counts as run")
        h.send(.escape, .character("R"))
        #expect(h.state.script.executed == 4)
        #expect(h.state.session.variables == ["kjonn"])
        h.send(.character("o"))
        h.type("keep if bad ==")
        h.send(.escape, .character("r"))
        #expect(h.state.script.error?.hasPrefix("5:") == true, "the line number is the buffer's")
        #expect(h.state.script.executed == 4)
    }

    @Test func restoreOfferReplaysTheSavedSession() throws {
        var h = try Self.harness()
        h.state.script.restoreOffer = RestoreOffer(path: "/tmp/session-x.kohort", script: ["require no.ssb.fdb as ssb", "create-dataset p"])
        h.send(.character("4"))
        #expect(h.screen.contains("Restore the previous session (2 commands, /tmp/session-x.kohort)? y / n"))
        h.send(.character("y"))
        #expect(h.state.script.lines == ["require no.ssb.fdb as ssb", "create-dataset p"])
        #expect(h.state.status == "restored 2 commands")
    }

    @Test func withoutDataThePanesSaySo() {
        var h = Harness(width: 100, height: 30, session: SessionCore(source: nil, unavailableReason: "the built-in synthetic data is not wired yet"))
        h.state.requestCounts()
        h.drain()
        h.send(.character("2"))
        #expect(h.screen.contains("No data source: the built-in synthetic data is not wired yet"))
        h.send(.character("4"))
        #expect(h.screen.contains("No data source: the built-in synthetic data is not wired yet"))
        h.send(.character(":")); h.type("create-dataset p"); h.send(.enter)
        #expect(h.state.status == "1:1: the built-in synthetic data is not wired yet")
    }

    @Test func quitAsksWhenThereIsUnsavedWork() throws {
        var h = try Self.harness()
        h.state.addAnalysis(h.context.variablesByName["BEFOLKNING_KJOENN"]!)
        h.send(.character("2"), .character("q"))
        #expect(!h.state.wantsQuit && h.state.confirmingQuit)
        #expect(h.lines[28].contains("Quit with unsaved work"))
        h.send(.character("n"))
        #expect(!h.state.wantsQuit)
        h.send(.character("q"), .character("y"))
        #expect(h.state.wantsQuit)
    }

    @Test func cohortSavesAndLoadsAsJSON() throws {
        var h = try Self.harness()
        let dir = TestTemporary.root.appendingPathComponent("kohort-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        h.directory = dir.path
        h.state.addAnalysis(h.context.variablesByName["BEFOLKNING_KJOENN"]!)
        h.send(.character("2"), .character("w"))
        #expect(h.state.status == "saved to \(dir.path)/kohort.cohort.json")
        #expect(!h.state.cohort.dirty)
        h.send(.character("d"))   // on the entry row: nothing
        h.send(.character("G"), .character("d"))
        #expect(h.state.cohort.definition.analysis.isEmpty)
        h.send(.character("o"))
        #expect(h.state.cohort.definition.analysis.count == 1)
    }

    @Test func helpListsTheKeysOfTheCurrentPane() {
        var h = Harness(width: 100, height: 40)
        for (pane, heading, key) in [("2", "Cohort pane:", "Space        switch the rule off / on (what-if)"),
                                     ("2", "Cohort pane:", "A            write the data application for the cohort"),
                                     ("3", "Results pane:", "y            save the selected result (CSV for tables,"),
                                     ("4", "Script pane:", "r            run from the cursor to the end"),
                                     ("4", "Script pane:", "S            insert a snippet below the cursor")] {
            h.send(.character(Character(pane)), .character("?"))
            #expect(h.screen.contains(heading))
            #expect(h.screen.contains(key))
            #expect(h.screen.contains("Tab/Shift-Tab, 1-4  switch pane"))
            h.send(.escape)
        }
    }

    @Test func tooSmallInEveryPaneAndRecovers() {
        var h = Harness()
        for pane in ["1", "2", "3", "4"] {
            h.send(.character(Character(pane)))
            h.resize(40, 10)
            #expect(h.screen.contains("Terminal too small"))
            h.resize(80, 24)
            #expect(!h.screen.contains("Terminal too small"))
            #expect(h.state.pane.rawValue == Int(pane))
        }
    }
}
