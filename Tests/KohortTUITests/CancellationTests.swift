import Foundation
import Testing
@testable import KohortCore
@testable import KohortTUI

/// Esc during one long command, through the real driver's pieces: the executor's queue, the
/// inbox and `TerminalApp.perform`, with `update`/`view` on the test's thread like the input
/// loop. The long command is an import whose variable the source holds back (as generating a
/// synthetic variable does) until the test lets it go.
@Suite struct CancellationTests {
    final class HeldSource: VariableSource, @unchecked Sendable {
        let inner: any VariableSource
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        init(_ inner: any VariableSource) { self.inner = inner }
        var datastoreNames: [String] { inner.datastoreNames }
        func versions(of datastore: String) throws -> [Int] { try inner.versions(of: datastore) }
        func variableNames(datastore: String, version: Int) throws -> [String] { try inner.variableNames(datastore: datastore, version: version) }
        func policy(datastore: String) throws -> DisclosurePolicy { try inner.policy(datastore: datastore) }
        func variable(_ name: String, datastore: String, version: Int) throws -> StoredVariable {
            if name == "INNTEKT_WLONN" {
                started.signal()
                _ = release.wait(timeout: .now() + 10)   // bounded: a failing test cannot hang
            }
            return try inner.variable(name, datastore: datastore, version: version)
        }
    }

    /// The input loop without curses: events in, effects out to the executor.
    struct LiveDriver {
        let context = AppContext(catalogue: Harness.catalogue())
        var state: AppState
        let executor: SessionExecutor
        let inbox = Inbox()

        init(core: SessionCore) {
            state = AppState(context: context, width: 100, height: 30)
            let inbox = self.inbox
            executor = SessionExecutor(core: core, store: nil) { inbox.post(.session($0)) }
        }
        mutating func send(_ event: Event) {
            update(&state, event, context)
            TerminalApp.perform(&state, executor: executor, inbox: inbox)
        }
        mutating func key(_ k: Key) { send(.key(k)) }
        mutating func command(_ text: String) {
            key(.character(":"))
            for ch in text { key(.character(ch)) }
            key(.enter)
        }
        /// Waits for the queue, then feeds its replies in as the input loop would.
        mutating func settle() {
            executor.drain()
            for e in inbox.take() { send(e) }
        }
        var screen: String { view(state, context, glyphs: .unicode).text }
    }

    @Test func escStopsALongImportAndTheWorkspaceIsUnchanged() throws {
        let source = HeldSource(DatastoreSetSource(try DatastoreSet(directories: [TUIFixture.directory.appendingPathComponent("ssb")])))
        var d = LiveDriver(core: SessionCore(source: source))
        d.command("require no.ssb.fdb as ssb")
        d.command("create-dataset p")
        d.command("import ssb/BEFOLKNING_KJOENN as kjonn")
        d.settle()
        #expect(d.state.session.variables == ["kjonn"])
        let script = d.state.script.lines

        d.command("import ssb/INNTEKT_WLONN 2020-06-30 as lonn")
        #expect(source.started.wait(timeout: .now() + 10) == .success, "the import is running")
        // The interface keeps answering while the command runs: ticks, pane switches, frames.
        for _ in 0..<5 { d.send(.tick) }
        d.key(.character("4"))
        #expect(d.state.pane == .script)
        #expect(d.screen.contains("import ssb/INNTEKT_WLONN 2020-06-30 as lonn…  Esc cancels"))
        d.key(.escape)
        #expect(!d.state.isBusy)
        source.release.signal()    // the source finishes its column; the engine's check stops the command
        d.settle()
        #expect(d.state.session.variables == ["kjonn"], "the cancelled import left nothing behind")
        #expect(d.state.script.lines == script, "nothing recorded")
        #expect(d.state.status == "cancelled")
        #expect(d.screen.contains("Cancelled: import ssb/INNTEKT_WLONN 2020-06-30 as lonn (nothing changed)"))
        d.key(.character("3"))
        #expect(d.screen.contains("· cancelled: import ssb/INNTE"))

        // The session is not stuck: the same command runs to the end when left alone.
        d.key(.character("4"))
        d.command("import ssb/INNTEKT_WLONN 2020-06-30 as lonn")
        source.release.signal()
        d.settle()
        #expect(d.state.session.variables == ["kjonn", "lonn"])
        #expect(!d.screen.contains("Cancelled:"))
    }

    /// Resizing while the queue works (down to "too small" and back) neither blocks nor loses
    /// the reply: the import lands, and the frame has the new size.
    @Test func resizingDuringALongCommandKeepsItsResult() throws {
        let source = HeldSource(DatastoreSetSource(try DatastoreSet(directories: [TUIFixture.directory.appendingPathComponent("ssb")])))
        var d = LiveDriver(core: SessionCore(source: source))
        d.command("require no.ssb.fdb as ssb")
        d.command("create-dataset p")
        d.command("import ssb/INNTEKT_WLONN 2020-06-30 as lonn")
        #expect(source.started.wait(timeout: .now() + 10) == .success)
        d.send(.resize(width: 40, height: 10))
        #expect(d.screen.contains("Terminal too small"))
        for _ in 0..<5 { d.send(.tick) }
        d.send(.resize(width: 120, height: 40))
        #expect(d.state.isBusy)
        source.release.signal()
        d.settle()
        #expect(!d.state.isBusy)
        #expect(d.state.session.variables == ["lonn"])
        let frame = view(d.state, d.context, glyphs: .unicode)
        #expect(frame.width == 120 && frame.height == 40)
        #expect(!d.screen.contains("Terminal too small"))
    }

    @Test func theLocaleDecidesTheGlyphs() {
        #expect(Glyphs.forCodeset("UTF-8") == .unicode)
        #expect(Glyphs.forCodeset("utf8") == .unicode)
        #expect(Glyphs.forCodeset("ANSI_X3.4-1968") == .ascii, "LANG=C")
        #expect(Glyphs.forCodeset("ISO-8859-1") == .ascii)
        #expect(Glyphs.forCodeset(nil) == .ascii)
        #expect(Glyphs.forCodeset("UTF-8", forceASCII: true) == .ascii)
    }
}
