import KohortCore

/// `view(state) → Frame`: a pure function of the state, drawn the same way by the terminal
/// and by headless tests.
public func view(_ state: AppState, _ context: AppContext, glyphs: Glyphs = .unicode) -> Frame {
    var frame = Frame(width: state.width, height: state.height)
    if state.isTooSmall {
        drawTooSmall(&frame, state)
        return frame
    }
    drawTitleBar(&frame, state, context, glyphs)
    switch state.pane {
    case .variables: drawVariablesPane(&frame, state.variables, context, glyphs)
    }
    drawKeyHints(&frame, state, glyphs)
    if state.showingHelp { drawHelp(&frame, state, glyphs) }
    return frame
}

private func drawTooSmall(_ frame: inout Frame, _ state: AppState) {
    let lines = ["Terminal too small", "need \(AppState.minimumWidth)x\(AppState.minimumHeight), have \(state.width)x\(state.height)",
                 "enlarge the window, or q to quit"]
    let top = max(0, state.height / 2 - 1)
    for (i, line) in lines.enumerated() {
        frame.put(line, x: max(0, (state.width - line.count) / 2), y: top + i, style: i == 0 ? .warning : .normal)
    }
}

private func drawTitleBar(_ frame: inout Frame, _ state: AppState, _ context: AppContext, _ glyphs: Glyphs) {
    frame.fill(y: 0, style: .title)
    let stores = context.datastores.joined(separator: " \(glyphs.dot) ")
    frame.put(" Kohort \(Kohort.version) \(glyphs.dot) \(stores)", x: 0, y: 0, style: .title, maxWidth: frame.width - 16, ellipsis: glyphs.ellipsis)
    let tabs = Pane.allCases.map { "\($0.rawValue) \($0.title)" }.joined(separator: "  ")
    frame.put(tabs + " ", x: frame.width - tabs.count - 1, y: 0, style: .title)
}

private func drawKeyHints(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
    let y = frame.height - 1
    frame.fill(y: y, style: .title)
    let hints: String
    switch state.variables.focus {
    case .search: hints = "type to search  \(glyphs.up)\(glyphs.down) move  Enter details  Esc done  Ctrl-U clear"
    case .list: hints = "/ search  \(glyphs.up)\(glyphs.down)  Enter details  f filters  r releasable  c clear  ? help  q quit"
    case .detail: hints = "\(glyphs.up)\(glyphs.down) scroll  PgUp/PgDn page  Esc back  ? help"
    case .filters:
        hints = state.variables.filters.editingDate != nil
            ? "type YYYY-MM-DD  Enter apply (empty = any date)  Esc cancel"
            : "\(glyphs.up)\(glyphs.down) move  Space toggle  \(glyphs.collapsed) expand  c clear all  Esc done"
    }
    frame.put(" " + hints, x: 0, y: y, style: .title, ellipsis: glyphs.ellipsis)
}

/// The help overlay: every key of the current pane, in a box.
private func drawHelp(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
    let lines = HelpText.lines(for: state.variables.focus)
    let width = min(frame.width - 4, (lines.map(\.count).max() ?? 20) + 4)
    let height = min(frame.height - 2, lines.count + 2)
    let x0 = (frame.width - width) / 2, y0 = max(1, (frame.height - height) / 2)
    for y in y0..<(y0 + height) { frame.fill(y: y, from: x0, to: x0 + width, style: .normal) }
    drawBox(&frame, x: x0, y: y0, width: width, height: height, title: " Help ", glyphs: glyphs)
    for (i, line) in lines.prefix(height - 2).enumerated() {
        frame.put(line, x: x0 + 2, y: y0 + 1 + i, style: line.hasSuffix(":") ? .header : .normal, maxWidth: width - 4)
    }
}

func drawBox(_ frame: inout Frame, x: Int, y: Int, width: Int, height: Int, title: String, glyphs: Glyphs) {
    guard width >= 2, height >= 2 else { return }
    let horizontal = String(repeating: glyphs.horizontal, count: width - 2)
    frame.put(glyphs.topLeft + horizontal + glyphs.topRight, x: x, y: y, style: .muted)
    frame.put(glyphs.bottomLeft + horizontal + glyphs.bottomRight, x: x, y: y + height - 1, style: .muted)
    for row in (y + 1)..<(y + height - 1) {
        frame.put(glyphs.vertical, x: x, y: row, style: .muted)
        frame.put(glyphs.vertical, x: x + width - 1, y: row, style: .muted)
    }
    frame.put(title, x: x + 2, y: y, style: .header)
}

enum HelpText {
    static func lines(for focus: VariablesState.Focus) -> [String] {
        var lines = ["Variables pane:",
                     "/            focus the search box (type; Esc leaves it)",
                     "Up/Down j/k  move the selection",
                     "PgUp/PgDn    page;  g / G  first / last",
                     "Enter        details of the selected variable",
                     "Esc          back; clears the search in the list",
                     "f            filters: register / data product tree,",
                     "             cancer forms, categories, releasable, valid on",
                     "r            releasable variables only (toggle)",
                     "c            clear all filters",
                     ""]
        if focus == .filters {
            lines += ["Filters:", "Space/Enter  toggle the row", "Right/Left   expand / collapse a register", ""]
        }
        if focus == .detail { lines += ["Details:", "Up/Down      scroll the code list", ""] }
        lines += ["Everywhere:", "?            this help (any key closes it)", "q            quit (from the list)",
                  "Ctrl-L       redraw the screen", "Ctrl-C       quit at once"]
        return lines
    }
}
