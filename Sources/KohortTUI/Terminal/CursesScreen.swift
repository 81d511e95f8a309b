import CNcursesw
import KohortCore

/// A thin wrapper over one curses window: key decoding and diffed blitting of frames.
final class CursesScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private let colour: Bool
    private var previous: Frame?

    init(window: UnsafeMutablePointer<WINDOW>, colour: Bool) {
        self.window = window
        raw()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        wtimeout(window, 50)
        self.colour = colour && has_colors()
        if self.colour {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_BLACK), Int16(COLOR_CYAN))   // title
            init_pair(2, Int16(COLOR_CYAN), -1)                   // accent
            init_pair(3, -1, -1)                                  // muted (dim)
            init_pair(4, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)) // selected
            init_pair(5, Int16(COLOR_RED), -1)                    // warning
            init_pair(6, Int16(COLOR_GREEN), -1)                  // good
            init_pair(7, -1, -1)                                  // header
        }
    }

    var size: (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        kohort_getmaxyx(window, &rows, &cols)
        return (Int(cols), Int(rows))
    }

    func shutdown() { endwin() }

    /// Forget the screen's contents so the next draw writes every cell (resize, Ctrl-L).
    func forget() {
        previous = nil
        wclear(window)
    }

    /// Waits up to 100 ms for input; nil on timeout.
    func nextEvent() -> Event? {
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == kohort_err() { return nil }
        if result == kohort_key_code_yes() {
            let code = Int32(ch)
            switch code {
            case kohort_key_resize(): return .resize(width: size.width, height: size.height)
            case kohort_key_up(): return .key(.up)
            case kohort_key_down(): return .key(.down)
            case kohort_key_left(): return .key(.left)
            case kohort_key_right(): return .key(.right)
            case kohort_key_home(): return .key(.home)
            case kohort_key_end(): return .key(.end)
            case kohort_key_npage(): return .key(.pageDown)
            case kohort_key_ppage(): return .key(.pageUp)
            case kohort_key_backspace(): return .key(.backspace)
            case kohort_key_dc(): return .key(.delete)
            case kohort_key_btab(): return .key(.backTab)
            case kohort_key_enter(): return .key(.enter)
            case kohort_key_f1(): return .key(.character("?"))
            default: return nil
            }
        }
        switch ch {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 127, 8: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(ch) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    func draw(_ frame: Frame) {
        let old = previous.flatMap { $0.width == frame.width && $0.height == frame.height ? $0 : nil }
        if old == nil { wclear(window) }
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let cell = frame[x, y]
                if let old, old[x, y] == cell { continue }
                let (attrs, pair) = attributes(cell.style)
                _ = kohort_put_wch(window, Int32(y), Int32(x), wchar_t(cell.scalar.value), attrs, pair)
            }
        }
        wrefresh(window)
        previous = frame
    }

    private func attributes(_ style: Style) -> (Int32, Int16) {
        var attrs: Int32 = 0
        if style.bold { attrs |= kohort_attr_bold() }
        if style.underline { attrs |= kohort_attr_underline() }
        var pair: Int16 = 0
        if colour {
            switch style.role {
            case .title: pair = 1
            case .accent: pair = 2
            case .muted: pair = 3; attrs |= kohort_attr_dim()
            case .selected: pair = 4
            case .warning: pair = 5
            case .good: pair = 6
            case .header: pair = 7
            case .normal: pair = 0
            }
            if style.reverse && style.role != .title && style.role != .selected { attrs |= kohort_attr_reverse() }
        } else {
            if style.reverse { attrs |= kohort_attr_reverse() }
            if style.role == .muted { attrs |= kohort_attr_dim() }
        }
        return (attrs, pair)
    }
}
