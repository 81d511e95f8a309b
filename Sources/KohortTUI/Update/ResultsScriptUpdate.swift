import KohortCore

enum ResultsLayout {
    /// Rows available to the log: between the title bar and the status + key-hint rows.
    static func rows(_ height: Int) -> Int { max(1, height - 4) }
}

func handleResults(_ state: inout AppState, _ key: Key) {
    var r = state.results
    let rows = ResultsLayout.rows(state.height)
    switch key {
    case .down, .character("j"):
        r.scroll += 1
    case .up, .character("k"):
        r.scroll -= 1
    case .pageDown, .character(" "), .control("d"): r.scroll += max(1, rows - 1)
    case .pageUp, .control("b"): r.scroll -= max(1, rows - 1)
    case .character("n"), .character("]"):
        r.selection = min(max(0, r.entries.count - 1), r.selection + 1); r.scroll = r.startLine(of: r.selection)
    case .character("p"), .character("["):
        r.selection = max(0, r.selection - 1); r.scroll = r.startLine(of: r.selection)
    case .home, .character("g"): r.selection = 0; r.scroll = 0
    case .end, .character("G"): r.selection = max(0, r.entries.count - 1); r.scrollToEnd(viewRows: rows)
    case .right, .character("l"): r.column += 8
    case .left, .character("h"): r.column = max(0, r.column - 8)
    case .character("0"): r.column = 0
    case .character("y"):
        guard r.entries.indices.contains(r.selection) else { state.setStatus("no result to save", error: true); return }
        // Export's writer, as `kohort run --export` uses: CSV for tables, Vega-Lite for charts, text otherwise.
        let result = r.entries[r.selection].result
        let name = "kohort-result-\(r.selection + 1)-\(ResultExport.commandName(result.command)).\(ResultExport.format(for: result).rawValue)"
        state.effects.append(.writeResult(result, name: name))
    default: break
    }
    let maxWidth = r.entries.map { $0.lines.map(\.count).max() ?? 0 }.max() ?? 0
    r.column = min(r.column, max(0, maxWidth - state.width + 4))
    r.clampScroll(viewRows: rows)
    // The selected result is the one at the top of the view.
    let scrolling: [Key] = [.down, .up, .character("j"), .character("k"), .pageDown, .pageUp, .character(" "), .control("d"), .control("b")]
    if scrolling.contains(key) {
        var line = 0
        for (i, e) in r.entries.enumerated() {
            if r.scroll < line + e.lines.count + 2 { r.selection = i; break }
            line += e.lines.count + 2
        }
    }
    state.results = r
}

func handleScript(_ state: inout AppState, _ key: Key, _ context: AppContext) {
    if state.script.snippetPicker != nil { handleSnippetPicker(&state, key, context); return }
    var s = state.script
    if let offer = s.restoreOffer {
        switch key {
        case .character("y"), .character("Y"), .enter:
            s.restoreOffer = nil
            state.script = s
            state.submitJob(.restore(script: offer.script))
        case .character("n"), .character("N"), .escape:
            s.restoreOffer = nil
            state.script = s
            state.setStatus("starting a new session")
        default: break
        }
        return
    }
    if let col = s.editColumn {
        var line = Array(s.lines[s.cursor]), cur = col
        switch key {
        case .escape: s.editColumn = nil
        case .enter:
            s.lines[s.cursor] = String(line[..<min(cur, line.count)])
            s.lines.insert(String(line[min(cur, line.count)...]), at: s.cursor + 1)
            s.cursor += 1
            s.editColumn = 0
        case .up: s.cursor = max(0, s.cursor - 1); s.editColumn = min(cur, s.lines[s.cursor].count)
        case .down: s.cursor = min(s.lines.count - 1, s.cursor + 1); s.editColumn = min(cur, s.lines[s.cursor].count)
        case .backspace where cur == 0 && s.cursor > 0:
            let prev = s.lines[s.cursor - 1]
            s.lines[s.cursor - 1] = prev + String(line)
            s.lines.remove(at: s.cursor)
            s.cursor -= 1
            s.editColumn = prev.count
        default:
            editText(&line, &cur, key)
            s.lines[s.cursor] = String(line)
            s.editColumn = cur
        }
        if s.cursor < s.executed { s.executed = s.cursor }
        s.dirty = true
        state.script = s
        return
    }
    switch key {
    case .down, .character("j"): s.cursor = min(max(0, s.lines.count - 1), s.cursor + 1)
    case .up, .character("k"): s.cursor = max(0, s.cursor - 1)
    case .home, .character("g"): s.cursor = 0
    case .end, .character("G"): s.cursor = max(0, s.lines.count - 1)
    case .pageDown: s.cursor = min(max(0, s.lines.count - 1), s.cursor + 10)
    case .pageUp: s.cursor = max(0, s.cursor - 10)
    case .character("i"), .enter:
        if s.lines.isEmpty { s.lines = [""] }
        s.editColumn = s.lines[s.cursor].count
    case .character("o"):
        let at = s.lines.isEmpty ? 0 : s.cursor + 1
        s.lines.insert("", at: at); s.cursor = at; s.editColumn = 0
        if at < s.executed { s.executed = at }
    case .character("d"):
        if s.lines.indices.contains(s.cursor) {
            s.lines.remove(at: s.cursor)
            if s.cursor < s.executed { s.executed -= 1 }
            s.cursor = min(s.cursor, max(0, s.lines.count - 1))
            s.dirty = true
        }
    case .character("S"):
        state.script = s
        state.openSnippets("", context)
        return
    case .character("r"), .character("R"):
        let start = key == .character("R") ? 0 : s.cursor
        guard start < s.lines.count else { break }
        s.runStart = start
        // Lines from here on are re-run; the executed mark moves as they succeed.
        s.executed = min(s.executed, start)
        state.script = s
        state.run(s.lines[start...].joined(separator: "\n"), origin: "script")
        return
    default: break
    }
    state.script = s
}

// MARK: - Snippets (issue 9): chosen from the library, inserted at the cursor

extension AppState {
    /// Opens the snippet chooser in the Script pane with `query` (`S`, or `:snippet QUERY`).
    mutating func openSnippets(_ query: String, _ context: AppContext) {
        pane = .script
        guard !context.snippets.snippets.isEmpty else { setStatus("no snippets: Assets/snippets/ was not found", error: true); return }
        script.snippetPicker = SnippetPicker(query: query, library: context.snippets)
        if script.snippetPicker?.matches.isEmpty == true { setStatus("no snippet matches '\(query)'", error: true) } else { setStatus(nil) }
    }

    /// Inserts a snippet's lines below the cursor line (at the top of an empty script); they
    /// are not run until `r` runs them.
    mutating func insertSnippet(_ snippet: Snippet) {
        var lines = snippet.script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        var s = script
        s.editColumn = nil
        let at = s.lines.isEmpty ? 0 : min(s.lines.count, s.cursor + 1)
        s.lines.insert(contentsOf: lines, at: at)
        if at < s.executed { s.executed = at }
        s.cursor = at
        s.dirty = true
        s.snippetPicker = nil
        script = s
        setStatus("inserted snippet '\(snippet.name)' (\(lines.count) lines at line \(at + 1)): r runs from the cursor")
    }
}

private func handleSnippetPicker(_ state: inout AppState, _ key: Key, _ context: AppContext) {
    guard var p = state.script.snippetPicker else { return }
    switch key {
    case .escape: state.script.snippetPicker = nil; state.setStatus(nil); return
    case .enter:
        guard let snippet = p.selected else { state.setStatus("no snippet matches '\(p.query)'", error: true); return }
        state.insertSnippet(snippet)
        return
    case .down, .tab: p.cursor = min(max(0, p.matches.count - 1), p.cursor + 1)
    case .up, .backTab: p.cursor = max(0, p.cursor - 1)
    case .pageDown: p.cursor = min(max(0, p.matches.count - 1), p.cursor + 5)
    case .pageUp: p.cursor = max(0, p.cursor - 5)
    default:
        var t = Array(p.query), cur = t.count
        editText(&t, &cur, key)
        let query = String(t)
        if query != p.query { p = SnippetPicker(query: query, library: context.snippets) }
    }
    state.script.snippetPicker = p
}
