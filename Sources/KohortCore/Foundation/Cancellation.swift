import Synchronization

/// A cooperative "please stop" flag for one piece of session work (a submission, an attrition
/// refresh). The terminal's Esc sets it from the input thread; the engine reads it on the
/// session queue at chunk boundaries (between commands, after each imported column, between
/// the phases of an analysis), never per row, so checking costs nothing measurable.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .releasing) }
    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}

/// Thrown by `Cancellation.check()` when the work in progress was cancelled. The engine turns
/// every error of a command into "nothing changed", so a cancelled command leaves the
/// workspace exactly as before it; the session reports it as cancelled, not as an error.
public struct CommandCancelled: Error, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String { "cancelled" }
}

/// Where the engine finds the token of the work it is doing. The token is bound for the
/// duration of a session job (`Cancellation.bind`) rather than passed through every engine
/// and analysis signature: the check points sit in code other layers own (imports, the
/// analysis runner), and a task-local reaches them without changing their APIs. Outside a
/// bound job (`kohort run`, tests) `current` is nil and every check passes.
public enum Cancellation {
    @TaskLocal public static var current: CancellationToken?

    /// Throws `CommandCancelled` if the bound token was cancelled.
    @inline(__always)
    public static func check() throws(CommandCancelled) {
        if let token = current, token.isCancelled { throw CommandCancelled() }
    }

    /// True if the bound token was cancelled.
    public static var isCancelled: Bool { current?.isCancelled ?? false }

    /// Runs `body` with `token` as the current token (on this thread, synchronously).
    public static func bind<R>(_ token: CancellationToken, _ body: () throws -> R) rethrows -> R {
        try $current.withValue(token, operation: body)
    }
}
