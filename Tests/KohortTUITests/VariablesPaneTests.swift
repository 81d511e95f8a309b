import Testing
@testable import KohortCore
@testable import KohortTUI

@Suite struct VariablesPaneTests {
    @Test func opensOnTheFullCatalogue() {
        let h = Harness()
        let lines = h.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 24)
        // The data stores shorten (with an ellipsis) to leave room for the four tabs.
        #expect(lines[0].hasPrefix(" Kohort \(Kohort.version) · no.ssb.fdb · no.f"))
        #expect(lines[0].hasSuffix("1 Variables  2 Cohort  3 Results  4 Script"))
        #expect(lines[1].hasSuffix("Found: 3"))
        #expect(lines[2] == " Filters: none (f to set)")
        #expect(lines[3].hasPrefix(" Name"))
        #expect(lines[3].contains("Releasable  Valid from  Technical name"))
        // Norwegian order: ALK, Antall, Kjønn.
        #expect(lines[4].hasPrefix(" ALK utført"))
        #expect(lines[4].contains("Nei         01.01.2013  alkUtfort"))
        #expect(lines[5].hasPrefix(" Antall lymfeknuter ved aksillegisse…  Ja"), "long labels end in an ellipsis")
        #expect(lines[6].hasPrefix(" Kjønn"))
        #expect(lines[21].hasPrefix(" KRG_LUNGE_ALK_UTFORT · Kreftregisteret · Nasjonalt kvalitetsregister for lung"))
        #expect(lines[23].hasPrefix(" / search"))
        #expect(lines[23].hasSuffix("q quit"))
        #expect(h.frame[1, 4].style == .selected)
    }

    @Test func slashFocusesSearchAndTypingFiltersLive() {
        var h = Harness()
        h.send(.character("/"))
        #expect(h.state.variables.focus == .search)
        h.type("lymfekuter")
        let lines = h.screen.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix(" Search: lymfekuter"))
        #expect(lines[1].hasSuffix("Found: 1"))
        #expect(lines[4].hasPrefix(" Antall lymfeknuter"))
        // j and q are text while searching, not commands.
        h.type("q")
        #expect(!h.state.wantsQuit)
        #expect(h.state.variables.query.text == "lymfekuterq")
        h.send(.backspace, .escape)
        #expect(h.state.variables.focus == .list)
        #expect(h.state.variables.query.text == "lymfekuter")
    }

    @Test func enterOpensDetailsWithCodeListAndEscGoesBack() {
        var h = Harness()
        h.send(.character("/"))
        h.type("kjonn")
        h.send(.enter)
        #expect(h.state.variables.focus == .detail)
        let screen = h.screen
        #expect(screen.contains("Kjønn  (BEFOLKNING_KJOENN)"))
        #expect(screen.contains("Temporality     FIXED"))
        #expect(screen.contains("Unit type       PERSON"))
        #expect(screen.contains("Valid           01.01.1900 –"))
        #expect(screen.contains("Code list       Kjønn (2 codes)"))
        #expect(screen.contains("1           Mann"))
        #expect(screen.contains("2           Kvinne"))
        h.send(.escape)
        #expect(h.state.variables.focus == .list)
        #expect(h.screen.contains("Found: 1"))
    }

    @Test func arrowsAndJKMoveTheSelection() {
        var h = Harness()
        h.send(.down, .character("j"))
        #expect(h.state.variables.selection == 2)
        h.send(.down)
        #expect(h.state.variables.selection == 2, "stops at the last row")
        h.send(.character("k"), .up, .up)
        #expect(h.state.variables.selection == 0)
        h.send(.character("G"))
        #expect(h.state.variables.selection == 2)
    }

    @Test func filterPanelTogglesRegisterFormAndReleasable() {
        var h = Harness()
        h.send(.character("f"))
        #expect(h.state.variables.focus == .filters)
        var screen = h.screen
        #expect(screen.contains("▸ [ ] SSB (1)"))
        #expect(screen.contains("▸ [ ] Kreftregisteret (2)"))
        #expect(screen.contains("[ ] Lungekreft"))
        // Toggle Kreftregisteret (second row): it expands and shows its products with counts.
        h.send(.down, .character(" "))
        screen = h.screen
        #expect(screen.contains("▾ [x] Kreftregisteret (2)"))
        #expect(screen.contains("[ ] Nasjonalt kvalitetsregister for brystkreft (1)"))
        #expect(screen.contains("Found: 2"))
        h.send(.escape)
        #expect(h.screen.contains("Filters: Register: Kreftregisteret"))
        // r toggles releasable only: ALK utført (Nei) disappears.
        h.send(.character("r"))
        #expect(h.screen.contains("Found: 1"))
        #expect(h.screen.contains("Register: Kreftregisteret · Releasable only"))
        h.send(.character("c"))
        #expect(h.screen.contains("Found: 3"))
    }

    @Test func validOnDateIsTypedAndChecked() {
        var h = Harness()
        h.send(.character("f"), .character("G"), .enter)
        h.type("2010-13-01")
        h.send(.enter)
        #expect(h.screen.contains("not a date: use YYYY-MM-DD"))
        for _ in 0..<10 { h.send(.backspace) }
        h.type("2010-06-01")
        h.send(.enter)
        #expect(h.state.variables.query.validOn == Day(iso: "2010-06-01"))
        #expect(h.screen.contains("Found: 2"), "ALK utført starts in 2013")
    }

    @Test func helpListsTheKeysAndAnyKeyClosesIt() {
        var h = Harness()
        h.send(.character("?"))
        #expect(h.screen.contains("Help"))
        #expect(h.screen.contains("focus the search box"))
        h.send(.character("x"))
        #expect(!h.state.showingHelp)
        #expect(!h.screen.contains("focus the search box"))
    }

    @Test func qQuitsFromTheList() {
        var h = Harness()
        h.send(.character("q"))
        #expect(h.state.wantsQuit)
    }

    @Test func tooSmallTerminalShowsANoticeAndRecovers() {
        var h = Harness()
        h.resize(40, 10)
        #expect(h.screen.contains("Terminal too small"))
        #expect(h.screen.contains("need 80x24, have 40x10"))
        h.send(.character("j"))
        h.resize(100, 30)
        #expect(h.screen.contains("Found: 3"))
        #expect(h.screen.split(separator: "\n", omittingEmptySubsequences: false).count == 30)
    }

    @Test func asciiModeDrawsNoUnicode() {
        var h = Harness()
        h.glyphs = .ascii
        h.send(.character("f"))
        let screen = h.screen
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(screen.contains("> [ ] Kreftregisteret (2)"))
        h.send(.escape, .character("G"), .enter)
        #expect(h.screen.contains("Kjoenn  (BEFOLKNING_KJOENN)"))
        #expect(h.screen.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func randomKeyStormNeverBreaksTheState() {
        var h = Harness()
        var rng = SystemRandomNumberGeneratorSeeded(seed: 42)
        let keys: [Key] = [.up, .down, .left, .right, .enter, .escape, .tab, .backspace, .pageUp, .pageDown, .home, .end,
                           .character("/"), .character("f"), .character("r"), .character("c"), .character("j"), .character("k"),
                           .character(" "), .character("?"), .character("a"), .character("ø"), .character("G"), .character("1")]
        for i in 0..<5000 {
            if i % 500 == 0 { h.resize(60 + Int(rng.next() % 80), 15 + Int(rng.next() % 30)) }
            h.send(keys[Int(rng.next() % UInt64(keys.count))])
            h.state.wantsQuit = false
            let frame = h.frame
            #expect(frame.width == h.state.width && frame.height == h.state.height)
            #expect(h.state.variables.selection >= 0)
            #expect(h.state.variables.selection < max(1, h.state.variables.result.hits.count))
        }
    }
}

/// SplitMix64: a fixed-seed generator so the key storm is the same on every run.
struct SystemRandomNumberGeneratorSeeded {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct WideLayoutTests {
    @Test func wideTerminalsShowTheDataProduct() {
        let h = Harness(width: 140, height: 30)
        let lines = h.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[3].contains("Data product"))
        #expect(lines[4].contains("Nasjonalt kvalitetsregister for lu…"), "clipped with an ellipsis")
        #expect(lines[4].contains("Nei"))
        // 80 columns have no room for it.
        #expect(!Harness().screen.contains("Data product"))
    }
}
