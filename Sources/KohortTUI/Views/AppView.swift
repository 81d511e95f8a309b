import KohortCore

/// `view(state) → Frame`: a pure function of the state, drawn the same way by the terminal
/// and by headless tests.
public func view(_ state: AppState, _ context: AppContext, glyphs: Glyphs = .unicode) -> Frame {
    var frame = Frame(width: state.width, height: state.height)
    if state.isTooSmall {
        drawTooSmall(&frame, state)
        if glyphs == .ascii { frame.asciify() }
        return frame
    }
    drawTitleBar(&frame, state, context, glyphs)
    switch state.pane {
    case .variables: drawVariablesPane(&frame, state.variables, context, glyphs)
    case .cohort: drawCohortPane(&frame, state, context, glyphs)
    case .results: drawResultsPane(&frame, state, glyphs)
    case .script: drawScriptPane(&frame, state, context, glyphs)
    }
    drawStatusRow(&frame, state, glyphs)
    drawKeyHints(&frame, state, glyphs)
    if state.showingHelp { drawHelp(&frame, state, glyphs) }
    if glyphs == .ascii { frame.asciify() }
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
    let tabs = Pane.allCases.map { "\($0.rawValue) \($0.title)" }.joined(separator: "  ")
    frame.put(" Kohort \(Kohort.version) \(glyphs.dot) \(stores)", x: 0, y: 0, style: .title, maxWidth: frame.width - tabs.count - 3, ellipsis: glyphs.ellipsis)
    var x = frame.width - tabs.count - 1
    for pane in Pane.allCases {
        let label = "\(pane.rawValue) \(pane.title)"
        x += frame.put(label, x: x, y: 0, style: pane == state.pane ? Style(.title, bold: true, reverse: false, underline: true) : .title) + 2
    }
}

private func drawKeyHints(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
    let y = frame.height - 1
    frame.fill(y: y, style: .title)
    var hints: String
    if state.confirmingQuit { hints = "y quit  n stay" }
    else if state.commandLine.active { hints = "Enter run  Tab complete  \(glyphs.up)\(glyphs.down) history  Esc close" }
    else { switch state.pane {
    case .cohort: hints = cohortHints(state.cohort, glyphs)
    case .results: hints = "\(glyphs.up)\(glyphs.down) scroll  n/p next/prev result  \(glyphs.transliterate("←→")) sideways  y save  : command  ? help  q quit"
    case .script:
        hints = state.script.restoreOffer != nil ? "y restore the previous session  n start afresh"
            : state.script.snippetPicker != nil ? "type to search  \(glyphs.up)\(glyphs.down) choose  Enter insert  Esc cancel"
            : state.script.editColumn != nil ? "type to edit  Enter new line  Esc done  then r run from cursor"
            : "\(glyphs.up)\(glyphs.down) move  i edit  o new  d del  r run  R run all  S snippet  : command  ? help"
    case .variables:
    switch state.variables.focus {
    case .search: hints = "type to search  \(glyphs.up)\(glyphs.down) move  Enter details  Esc done  Ctrl-U clear"
    case .list: hints = "/ search  \(glyphs.up)\(glyphs.down)  Enter details  f filters  r releasable  c clear  ? help  q quit"
    case .detail: hints = "\(glyphs.up)\(glyphs.down) scroll  PgUp/PgDn page  Esc back  ? help"
    case .filters:
        hints = state.variables.filters.editingDate != nil
            ? "type YYYY-MM-DD  Enter apply (empty = any date)  Esc cancel"
            : "\(glyphs.up)\(glyphs.down) move  Space toggle  \(glyphs.collapsed) expand  c clear all  Esc done"
    }
    } }
    frame.put(" " + hints, x: 0, y: y, style: .title, ellipsis: glyphs.ellipsis)
}

/// The help overlay: every key of the current pane, in a box.
private func drawHelp(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
    let lines = HelpText.lines(for: state)
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

func cohortHints(_ c: CohortState, _ glyphs: Glyphs) -> String {
    if c.ruleEditor != nil || c.entryEditor != nil || c.analysisEditor != nil { return "Tab next field  Enter save  Esc cancel" }
    if c.variablePrompt != nil { return "type a variable name  Tab complete  Enter choose  Esc cancel" }
    return "e entry n rule Space on/off Enter edit d del J/K move u undo c apply sthbrm ? help"
}

enum HelpText {
    static func lines(for state: AppState) -> [String] {
        var lines: [String]
        switch state.pane {
        case .variables: lines = variables(state.variables.focus)
        case .cohort:
            lines = ["Cohort pane:",
                     "e / Enter    edit the entry population (on the Entry row)",
                     "n            new rule: type a variable (Tab completes)",
                     "a            (Variables pane) new rule on the selected variable",
                     "Enter        edit the rule under the cursor",
                     "Space        switch the rule off / on (what-if)",
                     "J / K        move the rule down / up",
                     "d / Delete   delete the rule or analysis variable",
                     "u / Ctrl-R   undo / redo",
                     "c            apply: run the compiled script in the session",
                     "w / o        save / load the cohort as JSON",
                     "A            write the data application for the cohort",
                     "             (NAME.application.json; :application PATH)",
                     "N            add an analysis variable by name",
                     "Enter        on an analysis variable: its date (STATUS,",
                     "             ACCUMULATED) or window (EVENT)",
                     "v            (Variables pane) add the selected analysis variable",
                     "s t h b      summarize / tabulate / histogram / boxplot",
                     "r m          regress / kaplan-meier (first variable = outcome)",
                     "Rule editor: Tab field, Left/Right operator, Space checks a code", ""]
        case .results:
            lines = ["Results pane:",
                     "Up/Down j/k  scroll;  PgUp/PgDn page",
                     "n / p        next / previous result",
                     "Left/Right   scroll wide tables sideways;  0 back",
                     "g / G        first / last result",
                     "y            save the selected result (CSV for tables,",
                     "             Vega-Lite JSON for charts, else text)", ""]
        case .script:
            lines = ["Script pane:",
                     "Up/Down j/k  move",
                     "i / Enter    edit the line (Esc stops editing)",
                     "o            open a new line below",
                     "d            delete the line",
                     "r            run from the cursor to the end",
                     "R            run the whole script",
                     "S            insert a snippet below the cursor",
                     "             (:snippet QUERY searches the library)",
                     "y / n        answer the restore offer", ""]
        }
        lines += ["Everywhere:", "Tab/Shift-Tab, 1-4  switch pane", ":            command line (history Up/Down, Tab completes)",
                  "Esc          cancel running work", "?            this help (any key closes it)", "q            quit (asks when work is unsaved)",
                  "Ctrl-L       redraw the screen", "Ctrl-C       quit at once"]
        return lines
    }

    static func variables(_ focus: VariablesState.Focus) -> [String] {
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
        lines += ["a            new cohort rule on the selected variable", "v            add it as an analysis variable", ""]
        return lines
    }
}
