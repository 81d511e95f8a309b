import Foundation

/// Work the interface hands to the session, and what comes back.
public enum SessionJob: Sendable {
    /// Run text (a command line, a script block, compiled cohort lines) and record it.
    case submit(text: String, origin: String)
    /// Released counts after each cohort step, on a scratch copy; nothing recorded.
    case attrition(generation: Int, steps: [[String]])
    /// Replay a saved session.
    case restore(script: [String])
}

/// A submission's outcome with what the interface needs to show and complete names.
public struct SessionSubmitted: Sendable {
    public var origin: String
    public var outcome: SessionOutcome
    public var script: [String]
    public var saveError: String?
    public var datasets: [String]
    public var currentDataset: String?
    public var variables: [String]
    public var savedTo: String?
}

public enum SessionReply: Sendable {
    case submitted(SessionSubmitted)
    case attrition(generation: Int, outcome: AttritionOutcome)
}

/// Runs session jobs off the input loop on one serial queue and hands each reply to
/// `deliver` (called on the queue; the interface turns it into an event). `cancel()` drops
/// the pending jobs and cancels the running one's `CancellationToken`: the engine stops at
/// its next check (between commands, after an imported column, between analysis phases) and
/// the command leaves the workspace as it was.
public final class SessionExecutor: @unchecked Sendable {
    private var core: SessionCore
    private let store: SessionStore?
    private let queue = DispatchQueue(label: "kohort.session")
    private let lock = NSLock()
    private var epoch = 0
    /// The running job's token (nil while idle).
    private var running: CancellationToken?
    private var pending = 0
    private let deliver: @Sendable (SessionReply) -> Void

    public init(core: SessionCore, store: SessionStore?, deliver: @escaping @Sendable (SessionReply) -> Void) {
        self.core = core
        self.store = store
        self.deliver = deliver
    }

    public var isBusy: Bool { lock.lock(); defer { lock.unlock() }; return pending > 0 }

    public func enqueue(_ job: SessionJob) {
        lock.lock()
        let myEpoch = epoch
        pending += 1
        lock.unlock()
        queue.async { [self] in
            lock.lock()
            let dropped = myEpoch != epoch
            let token = CancellationToken()
            if !dropped { running = token }
            lock.unlock()
            defer { lock.lock(); pending -= 1; running = nil; lock.unlock() }
            if dropped { return }
            let reply = SessionExecutor.perform(job, core: &core, store: store, cancellation: token)
            deliver(reply)
        }
    }

    /// Drops every queued job and asks the running one to stop at its next check.
    public func cancel() {
        lock.lock()
        epoch += 1
        running?.cancel()
        lock.unlock()
    }

    /// Blocks until the queue is empty (tests, and quitting).
    public func drain() { queue.sync {} }

    /// The work itself, synchronous: what the queue runs, and what headless tests call directly.
    public static func perform(_ job: SessionJob, core: inout SessionCore, store: SessionStore?,
                               cancellation: CancellationToken? = nil) -> SessionReply {
        switch job {
        case .submit(let text, let origin):
            let outcome = core.submit(text, cancellation: cancellation)
            return .submitted(submitted(origin, outcome, core, store))
        case .restore(let script):
            let outcome = core.restore(script: script, cancellation: cancellation)
            return .submitted(submitted("restore", outcome, core, store))
        case .attrition(let generation, let steps):
            return .attrition(generation: generation, outcome: core.attrition(steps, cancellation: cancellation))
        }
    }

    static func submitted(_ origin: String, _ outcome: SessionOutcome, _ core: SessionCore, _ store: SessionStore?) -> SessionSubmitted {
        let error = autosave(core, store, outcome)
        return SessionSubmitted(origin: origin, outcome: outcome, script: core.script, saveError: error,
                                datasets: core.datasetNames, currentDataset: core.currentDataset, variables: core.variableNames,
                                savedTo: store.map(\.file.path))
    }

    private static func autosave(_ core: SessionCore, _ store: SessionStore?, _ outcome: SessionOutcome) -> String? {
        guard let store, !outcome.recorded.isEmpty else { return nil }
        do { try store.save(core.script); return nil } catch { return "autosave failed: \(error.localizedDescription)" }
    }
}
