import CNcursesw
import Foundation
import KohortCore

/// The ncurses front end: reads keys, feeds `update`, draws `view`'s frame. It is the only
/// code that calls curses, and it does so from one thread (curses is not thread-safe).
public enum TerminalApp {
    public static func run(catalogue: Catalogue, forceASCII: Bool) throws {
        let context = AppContext(catalogue: catalogue)
        let environment = ProcessInfo.processInfo.environment
        _ = kohort_set_locale()
        let glyphs: Glyphs = forceASCII || kohort_utf8_locale() == 0 ? .ascii : .unicode
        guard let window = initscr() else { throw TerminalError.cannotStart }
        let screen = CursesScreen(window: window, colour: environment["NO_COLOR"] == nil)
        defer { screen.shutdown() }

        var state = AppState(context: context, width: screen.size.width, height: screen.size.height)
        screen.draw(view(state, context, glyphs: glyphs))
        while !state.wantsQuit {
            guard let event = screen.nextEvent() else { continue }
            update(&state, event, context)
            if case .resize = event { screen.forget() }
            if state.redrawRequested { screen.forget(); state.redrawRequested = false }
            if !state.wantsQuit { screen.draw(view(state, context, glyphs: glyphs)) }
        }
    }
}

enum TerminalError: Error, CustomStringConvertible {
    case cannotStart
    var description: String { "cannot start the terminal interface (is TERM set, and is this a terminal?)" }
}
