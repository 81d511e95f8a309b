/// A key as the interface understands it, decoded from curses by the terminal driver and
/// constructed directly by headless tests.
public enum Key: Equatable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl plus a letter, lower-case (`.control("l")` is Ctrl-L).
    case control(Character)
}

/// Everything that can change the state: keys and terminal resizes.
public enum Event: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
}
