import KohortCore

/// A key as the interface understands it, decoded from curses by the terminal driver and
/// constructed directly by headless tests.
public enum Key: Equatable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl plus a letter, lower-case (`.control("l")` is Ctrl-L).
    case control(Character)
}

/// Everything that can change the state: keys, terminal resizes, the session's replies and
/// the clock (about every 100 ms while idle, for the spinner).
public enum Event: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case session(SessionReply)
    case tick
    /// A file the driver wrote or failed to write / read.
    case fileSaved(path: String)
    case fileFailed(message: String)
    case cohortLoaded(CohortDefinition)
}
