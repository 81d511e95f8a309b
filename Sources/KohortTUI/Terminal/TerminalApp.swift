import CNcursesw
import Foundation
import KohortCore

/// The ncurses front end: reads keys, feeds `update`, draws `view`'s frame, and carries out
/// the effects `update` asks for (session jobs on the executor's queue, file writes). It is
/// the only code that calls curses, and it does so from one thread (curses is not
/// thread-safe); the session's replies arrive through a locked inbox and become events.
public enum TerminalApp {
    public static func run(catalogue: Catalogue, forceASCII: Bool, session: SessionCore, store: SessionStore?) throws {
        let context = AppContext(catalogue: catalogue, dataUnavailable: session.unavailableReason)
        let environment = ProcessInfo.processInfo.environment
        _ = kohort_set_locale()
        let glyphs = Glyphs.forCodeset(kohort_codeset().map { String(cString: $0) }, forceASCII: forceASCII)
        let inbox = Inbox()
        let executor = SessionExecutor(core: session, store: session.hasData ? store : nil) { inbox.post(.session($0)) }
        guard let window = initscr() else { throw TerminalError.cannotStart }
        let screen = CursesScreen(window: window, colour: environment["NO_COLOR"] == nil)
        defer { screen.shutdown() }

        var state = AppState(context: context, width: screen.size.width, height: screen.size.height)
        state.session.autosavePath = session.hasData ? store?.file.path : nil
        if session.hasData, let previous = store?.latestPrevious() {
            state.script.restoreOffer = RestoreOffer(path: previous.url.path, script: previous.script)
            state.pane = .script
        }
        state.requestCounts()
        perform(&state, executor: executor, inbox: inbox)
        screen.draw(view(state, context, glyphs: glyphs))
        while !state.wantsQuit {
            var events = inbox.take()
            if let event = screen.nextEvent() { events.append(event) } else if events.isEmpty { events.append(.tick) }
            var changed = false
            for event in events {
                if case .tick = event, !state.isBusy, state.session.busyTicks == 0 { continue }
                update(&state, event, context)
                changed = true
                if case .resize = event { screen.forget() }
                perform(&state, executor: executor, inbox: inbox)
            }
            if state.redrawRequested { screen.forget(); state.redrawRequested = false }
            if changed && !state.wantsQuit { screen.draw(view(state, context, glyphs: glyphs)) }
        }
        executor.cancel()
    }

    /// Carries out and clears the state's effects.
    static func perform(_ state: inout AppState, executor: SessionExecutor, inbox: Inbox) {
        let effects = state.effects
        state.effects = []
        for effect in effects {
            switch effect {
            case .session(let job): executor.enqueue(job)
            case .cancel: executor.cancel()
            default: if let event = performFileEffect(effect) { inbox.post(event) }
            }
        }
    }
}

/// File effects, shared by the terminal and headless drivers: write into the working
/// directory (atomically) or read a cohort definition; the answer is an event.
public func performFileEffect(_ effect: Effect, directory: String = FileManager.default.currentDirectoryPath) -> Event? {
    switch effect {
    case .saveFile(let name, let contents):
        let url = fileURL(name, directory: directory)
        do {
            try Data(contents.utf8).write(to: url, options: .atomic)
            return .fileSaved(path: url.path)
        } catch {
            return .fileFailed(message: "cannot write \(url.path): \(error.localizedDescription)")
        }
    case .writeResult(let result, let name):
        let url = fileURL(name, directory: directory)
        do {
            try ResultExport.writeOne(result, to: url)
            return .fileSaved(path: url.path)
        } catch {
            return .fileFailed(message: "cannot write \(url.path): \(error.localizedDescription)")
        }
    case .loadCohort(let path):
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory + "/"))
        guard let data = FileManager.default.contents(atPath: url.path) else { return .fileFailed(message: "no cohort file at \(url.path) (w saves one)") }
        do { return .cohortLoaded(try CohortDefinition.load(data)) } catch {
            return .fileFailed(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
    default: return nil
    }
}

/// A file name relative to `directory`, or an absolute path (`~/` is the home directory).
func fileURL(_ name: String, directory: String) -> URL {
    let expanded = (name as NSString).expandingTildeInPath
    return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded).standardizedFileURL
        : URL(fileURLWithPath: directory).appendingPathComponent(expanded).standardizedFileURL
}

/// Replies from the session's queue, waiting for the input loop.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []
    func post(_ e: Event) { lock.lock(); events.append(e); lock.unlock() }
    func take() -> [Event] { lock.lock(); defer { events = []; lock.unlock() }; return events }
}

enum TerminalError: Error, CustomStringConvertible {
    case cannotStart
    var description: String { "cannot start the terminal interface (is TERM set, and is this a terminal?)" }
}
