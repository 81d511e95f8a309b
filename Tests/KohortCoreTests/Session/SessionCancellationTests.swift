import Foundation
import Testing
@testable import KohortCore

/// A source that counts the variables it hands out and, for one variable, can hold the caller
/// until the test lets it go: the stand-in for a long generation of a synthetic variable.
final class GatedSource: VariableSource, @unchecked Sendable {
    let inner: any VariableSource
    let gated: String?
    let started = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var fetched: [String] = []

    init(_ inner: any VariableSource, gated: String? = nil) { self.inner = inner; self.gated = gated }

    var fetches: [String] { lock.lock(); defer { lock.unlock() }; return fetched }
    var datastoreNames: [String] { inner.datastoreNames }
    func versions(of datastore: String) throws -> [Int] { try inner.versions(of: datastore) }
    func variableNames(datastore: String, version: Int) throws -> [String] { try inner.variableNames(datastore: datastore, version: version) }
    func policy(datastore: String) throws -> DisclosurePolicy { try inner.policy(datastore: datastore) }
    func variable(_ name: String, datastore: String, version: Int) throws -> StoredVariable {
        lock.lock(); fetched.append(name); lock.unlock()
        if name == gated {
            started.signal()
            // Bounded, so a failing test cannot hang the run.
            _ = release.wait(timeout: .now() + 10)
        }
        return try inner.variable(name, datastore: datastore, version: version)
    }
}

@Suite struct SessionCancellationTests {
    static let setup = "require no.ssb.fdb as ssb\ncreate-dataset p\nimport ssb/BEFOLKNING_KJOENN as kjonn"

    @Test func aCancelledImportChangesNothingAndSaysCancelled() throws {
        let source = GatedSource(try EngineFixture.source(), gated: "INNTEKT_WLONN")
        var core = SessionCore(source: source)
        #expect(core.submit(Self.setup).error == nil)
        let before = try #require(core.engine?.workspace)
        let token = CancellationToken()
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [core] in
            var c = core
            box.outcome = c.submit("import ssb/INNTEKT_WLONN 2020-06-30 as lonn\ngenerate x = 1", cancellation: token)
            box.core = c
            done.signal()
        }
        thread.start()
        #expect(source.started.wait(timeout: .now() + 10) == .success)
        token.cancel()          // Esc while the source is still working on the column
        source.release.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        let outcome = try #require(box.outcome)
        #expect(outcome.cancelled)
        #expect(outcome.error == nil, "a cancellation is not an error")
        #expect(outcome.recorded.isEmpty)
        let after = try #require(box.core)
        #expect(after.variableNames == ["kjonn"])
        #expect(after.script == core.script)
        #expect(after.engine?.workspace.history == before.history)
        #expect(after.engine?.workspace.current?.rowCount == before.current?.rowCount)
        // The next submission runs normally (a fresh token).
        var next = after
        source.release.signal()    // let the source's next fetch through at once
        #expect(next.submit("import ssb/INNTEKT_WLONN 2020-06-30 as lonn").error == nil)
        #expect(next.variableNames == ["kjonn", "lonn"])
    }

    @Test func aTokenCancelledBeforehandRunsNothing() throws {
        var core = SessionCore(source: try EngineFixture.source())
        let token = CancellationToken()
        token.cancel()
        let out = core.submit(Self.setup, cancellation: token)
        #expect(out.cancelled && out.error == nil && out.recorded.isEmpty)
        #expect(core.datasetNames.isEmpty)
        let counts = core.attrition([["require no.ssb.fdb as ssb", "create-dataset p"]], cancellation: token)
        #expect(counts.cancelled && counts.counts.isEmpty && counts.error == nil)
    }

    @Test func checksPassOutsideABoundJob() throws {
        try Cancellation.check()
        let token = CancellationToken()
        #expect(throws: CommandCancelled.self) { try Cancellation.bind(token) { token.cancel(); try Cancellation.check() } }
        try Cancellation.check()
    }
}

final class OutcomeBox: @unchecked Sendable {
    var outcome: SessionOutcome?
    var core: SessionCore?
}
