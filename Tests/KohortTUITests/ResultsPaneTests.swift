import Foundation
import Testing
@testable import KohortCore
@testable import KohortTUI
import TestSupport

/// The Results pane shows each chart kind the way `kohort run` prints it.
@Suite struct ResultsPaneTests {
    static func show(_ results: [ReleasedResult], width: Int = 100, height: Int = 40, glyphs: Glyphs = .unicode) -> Harness {
        var h = Harness(width: width, height: height)
        h.glyphs = glyphs
        var outcome = SessionOutcome()
        outcome.results = results
        h.state.session.pendingJobs = 1
        h.deliver(.session(.submitted(SessionSubmitted(origin: "command", outcome: outcome, script: [], saveError: nil,
                                                       datasets: [], currentDataset: nil, variables: [], savedTo: nil))))
        h.send(.character("3"), .character("g"))
        return h
    }

    @Test(arguments: ["table", "histogram", "boxplot", "kaplan-meier", "coefplot", "hexbin", "pie", "sankey", "barchart"])
    func eachKindIsDrawnByTheSharedRenderer(kind: String) throws {
        let result = try #require(try SampleResults.all()[kind])
        let h = Self.show([result])
        let lines = h.lines
        #expect(lines[1].hasPrefix(" Results  1 released · #1 selected"))
        #expect(lines[2] == "▸ 1. \(result.command)")
        // The body is ResultText.render's text, indented by two columns.
        let rendered = ResultText.render(result, width: 98).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (k, line) in rendered.prefix(30).enumerated() where !line.isEmpty && line.count <= 98 {
            #expect(lines[3 + k].dropFirst(2) == line[...], "line \(k) of \(kind)")
        }
        // ASCII glyphs: nothing but ASCII on the screen.
        let ascii = Self.show([result], glyphs: .ascii)
        #expect(ascii.screen.unicodeScalars.allSatisfy { $0.isASCII }, "\(kind) in ASCII")
    }

    @Test func tablesRightAlignGroupedCountsAndFootnotes() throws {
        let results = try SampleResults.all()
        let h = Self.show([results["table"]!])
        let screen = h.screen
        #expect(screen.contains("Oslo"))
        #expect(screen.range(of: #"123[  ,]?4\d\d"#, options: .regularExpression) != nil, "thousands separators")
        #expect(screen.contains("Note:"))
    }

    @Test func newestLastScrollsAndSelects() throws {
        let r = try SampleResults.all()
        var h = Self.show([r["table"]!, r["histogram"]!, r["boxplot"]!], height: 24)
        #expect(h.state.results.selection == 0)
        h.send(.character("n"))
        #expect(h.state.results.selection == 1)
        #expect(h.lines[2] == "▸ 2. histogram lønn")
        h.send(.character("G"))
        #expect(h.state.results.selection == 2)
        h.send(.character("p"), .character("p"))
        #expect(h.lines[2] == "▸ 1. tabulate kommune")
        h.send(.pageDown)
        #expect(h.state.results.scroll == 19)
    }

    @Test func chartsAreRedrawnForTheNewWidthAfterAResize() throws {
        let r = try SampleResults.all()
        var h = Self.show([r["histogram"]!], width: 100, height: 40)
        h.resize(140, 40)
        #expect(h.state.results.entries[0].width == 138)
        #expect(h.state.results.entries[0].lines.joined(separator: "\n") + "\n" == ResultText.render(r["histogram"]!, width: 138))
    }

    @Test func wideTablesScrollSideways() throws {
        let r = try SampleResults.all()
        var h = Self.show([r["table"]!], width: 80, height: 24)
        let before = h.lines[4]
        h.send(.right)
        let maxWidth = h.state.results.entries[0].lines.map(\.count).max()!
        if maxWidth > 76 {
            #expect(h.state.results.column == 8)
            #expect(h.lines[4] != before)
        } else {
            #expect(h.state.results.column == 0, "nothing to scroll when it fits")
        }
        h.send(.left)
        #expect(h.state.results.column == 0)
    }

    /// `y` writes with Export's writer (`ResultExport.writeOne`, as `kohort run --export`):
    /// CSV for a table, Vega-Lite JSON for a chart, text for a message; the status says where.
    @Test func ySavesTheSelectedResultWithExportsWriterAndSaysWhere() throws {
        let r = try SampleResults.all()
        let message = Release.message("Hei", command: "textblock", line: 1)
        var h = Self.show([r["table"]!, r["histogram"]!, message])
        let dir = TestTemporary.root.appendingPathComponent("kohort-y-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        h.directory = dir.path
        h.send(.character("y"))
        #expect(h.state.status == "saved to \(dir.path)/kohort-result-1-tabulate.csv")
        let csv = try Data(contentsOf: dir.appendingPathComponent("kohort-result-1-tabulate.csv"))
        #expect(csv == Data(("\u{FEFF}" + TableExport.csv(r["table"]!)!).utf8))
        #expect(String(decoding: csv, as: UTF8.self).contains("kommune,count\r\nOslo,"))
        h.send(.character("n"), .character("y"))
        #expect(h.state.status == "saved to \(dir.path)/kohort-result-2-histogram.vl.json")
        let spec = try String(contentsOf: dir.appendingPathComponent("kohort-result-2-histogram.vl.json"), encoding: .utf8)
        #expect(spec == VegaLite.json(r["histogram"]!))
        #expect(spec.contains("vega-lite/v5"))
        h.send(.character("n"), .character("y"))
        #expect(h.state.status == "saved to \(dir.path)/kohort-result-3-textblock.txt")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("kohort-result-3-textblock.txt").path))
    }
}

/// Random key storms: never crash, never hang, the frame always has the terminal's size.
@Suite struct KeyStormTests {
    struct Rng { var s: UInt64; mutating func next() -> UInt64 { s = s &* 6364136223846793005 &+ 1442695040888963407; return s >> 33 } }

    static let keys: [Key] = {
        var k: [Key] = [.enter, .escape, .tab, .backTab, .backspace, .delete, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
                        .control("r"), .control("u"), .control("l"), .control("d"), .control("b")]
        for ch in "abcdefghijklmnopqrstuvwxyzJKGNRSY0123456789 :?/-*,'=<>!æøå" { k.append(.character(ch)) }
        return k
    }()

    static func storm(seed: UInt64, count: Int, session: SessionCore?, glyphs: Glyphs = .unicode) throws {
        var h = Harness(width: 100, height: 30, session: session)
        h.glyphs = glyphs
        h.directory = TestTemporary.root.appendingPathComponent("kohort-storm-\(seed)").path
        try FileManager.default.createDirectory(atPath: h.directory, withIntermediateDirectories: true)
        h.hold = session == nil
        var outcome = SessionOutcome()
        outcome.results = Array(try SampleResults.all().values)
        h.deliver(.session(.submitted(SessionSubmitted(origin: "command", outcome: outcome, script: ["create-dataset p"], saveError: nil,
                                                       datasets: ["p"], currentDataset: "p", variables: ["x"], savedTo: nil))))
        var rng = Rng(s: seed)
        for i in 0..<count {
            let key = keys[Int(rng.next() % UInt64(keys.count))]
            h.send(key)
            if h.state.wantsQuit { h.state.wantsQuit = false }
            if i % 700 == 0 { h.resize(30 + Int(rng.next() % 120), 8 + Int(rng.next() % 40)) }
            if i % 97 == 0 { h.deliver(.tick) }
            if i % 500 == 0, h.hold { h.held = []; h.state.session.pendingJobs = 0 }
            if i % 250 == 0 {
                let f = h.frame
                #expect(f.width == h.state.width && f.height == h.state.height)
                if glyphs == .ascii { let bad = f.text.split(separator: "\n").filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }; #expect(bad.isEmpty, "ASCII mode shows only ASCII: \(bad)") }
            }
        }
        _ = h.screen
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func tenThousandKeysWithoutAnEngine(seed: UInt64) throws {
        try Self.storm(seed: seed, count: 10_000, session: nil)
    }

    @Test func tenThousandKeysInASCIIMode() throws {
        try Self.storm(seed: 7, count: 10_000, session: nil, glyphs: .ascii)
    }

    @Test func tenThousandKeysAgainstTheFixtureStore() throws {
        try Self.storm(seed: 42, count: 10_000, session: try TUIFixture.session())
    }

    /// Keystroke → frame through the headless driver (a benchmark, not a timed assertion).
    @Test func keystrokeToFrameBenchmark() throws {
        var h = Harness(width: 160, height: 50, context: AppContext(catalogue: (try? CatalogueLoader.loadDefault()) ?? Harness.catalogue()))
        var outcome = SessionOutcome()
        outcome.results = Array(try SampleResults.all().values)
        h.deliver(.session(.submitted(SessionSubmitted(origin: "command", outcome: outcome, script: [], saveError: nil,
                                                       datasets: [], currentDataset: nil, variables: [], savedTo: nil))))
        let keys: [Key] = [.down, .down, .up, .character("2"), .down, .character("3"), .down, .pageDown, .character("4"), .character("1"), .down]
        let clock = ContinuousClock()
        var worst = Duration.zero
        let n = 500
        let start = clock.now
        for i in 0..<n {
            let t0 = clock.now
            h.send(keys[i % keys.count])
            _ = h.frame
            worst = max(worst, clock.now - t0)
        }
        let mean = (clock.now - start) / n
        print("keystroke → frame: mean \(mean), worst \(worst) over \(n) keys (160×50, full catalogue, 9 results)")
    }
}
