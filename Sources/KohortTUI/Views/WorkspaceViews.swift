import KohortCore

// MARK: - Cohort pane

func drawCohortPane(_ frame: inout Frame, _ state: AppState, _ context: AppContext, _ glyphs: Glyphs) {
    let c = state.cohort
    let d = c.definition
    let w = frame.width
    frame.put(" Entry: ", x: 0, y: 1, style: .header)
    frame.put(glyphs.transliterate(entryText(d.entry)), x: 8, y: 1, style: .accent, maxWidth: w - 8 - 21, ellipsis: glyphs.ellipsis)
    frame.put("e edit  n add rule", x: w - 19, y: 1, style: .muted)
    // Attrition table.
    let nX = w - 31, prevX = w - 20, entryX = w - 10
    let header = 3
    frame.put("Step", x: 1, y: header, style: Style(.header, bold: true, underline: true))
    putRight(&frame, "N", right: nX + 8, y: header, style: Style(.header, bold: true, underline: true))
    putRight(&frame, "% prev", right: prevX + 8, y: header, style: Style(.header, bold: true, underline: true))
    putRight(&frame, "% entry", right: entryX + 8, y: header, style: Style(.header, bold: true, underline: true))
    var rows: [(text: String, on: Bool, count: String, prev: String, entry: String)] = []
    let counts = c.counts
    func show(_ k: Int) -> String {
        guard let counts else { return c.countError == nil ? glyphs.ellipsis : "-" }
        guard counts.indices.contains(k) else { return "-" }
        return counts[k].value.map(grouped) ?? "<\(counts[k].smallCell)"
    }
    func pct(_ k: Int, of base: Int) -> String {
        guard let counts else { return c.countError == nil ? glyphs.ellipsis : "-" }
        guard counts.indices.contains(k), counts.indices.contains(base), let a = counts[k].value, let b = counts[base].value, b > 0 else { return ".." }
        return formatPercent(Double(a) / Double(b) * 100)
    }
    let whole = counts == nil ? show(0) : (counts?.first?.value == nil ? ".." : "100.0")
    rows.append(("Entry: " + entryShort(d.entry), true, show(0), whole, whole))
    var step = 0
    for (i, rule) in d.rules.enumerated() {
        let text = "\(rule.enabled ? "[x]" : "[ ]") \(i + 1). " + ruleText(rule)
        if rule.enabled {
            step += 1
            rows.append((text, true, show(step), pct(step, of: step - 1), pct(step, of: 0)))
        } else {
            rows.append((text, false, "off", "", ""))
        }
    }
    let analysisTop = header + 1 + rows.count + 1
    let maxRows = max(1, (frame.height - 3) - header - 8)
    let first = max(0, min(c.cursor, rows.count) - maxRows + 1)
    for (k, row) in rows.enumerated().dropFirst(first).prefix(maxRows) {
        let y = header + 1 + k - first
        let selected = c.cursor == k
        let style: Style = selected ? .selected : (row.on ? .normal : .muted)
        if selected { frame.fill(y: y, from: 0, to: w, style: .selected) }
        frame.put(glyphs.transliterate(row.text), x: 1, y: y, style: style, maxWidth: nX - 3, ellipsis: glyphs.ellipsis)
        putRight(&frame, row.count, right: nX + 8, y: y, style: style)
        putRight(&frame, row.prev, right: prevX + 8, y: y, style: style)
        putRight(&frame, row.entry, right: entryX + 8, y: y, style: style)
    }
    var y = min(analysisTop, header + 1 + maxRows + 1)
    if let reason = context.dataUnavailable {
        frame.put(" No data source: ", x: 0, y: y - 1, style: .warning)
        frame.put(glyphs.transliterate(reason), x: 17, y: y - 1, style: .warning, maxWidth: w - 18, ellipsis: glyphs.ellipsis)
    } else if let e = c.countError {
        frame.put(" Counts: " + glyphs.transliterate(e), x: 0, y: y - 1, style: .warning, maxWidth: w, ellipsis: glyphs.ellipsis)
    }
    frame.put(" Analysis variables", x: 0, y: y, style: .header)
    frame.put("v in Variables or N adds; s t h b r m run", x: 21, y: y, style: .muted, maxWidth: w - 22)
    y += 1
    if d.analysis.isEmpty {
        frame.put("   none yet", x: 0, y: y, style: .muted); y += 1
    }
    let names = d.analysisNames()
    for (i, a) in d.analysis.enumerated() where y < frame.height - 6 {
        let row = 1 + d.rules.count + i
        let selected = c.cursor == row
        if selected { frame.fill(y: y, from: 0, to: w, style: .selected) }
        var text = "   \(names.indices.contains(i) ? names[i] : a.technicalName)  \(a.variable)  \(a.temporality)"
        if let date = a.date { text += " on \(date)" }
        if let from = a.windowFrom, let to = a.windowTo { text += " \(from)..\(to)" }
        frame.put(glyphs.transliterate(text), x: 0, y: y, style: selected ? .selected : .normal, maxWidth: w, ellipsis: glyphs.ellipsis)
        y += 1
    }
    // The compiled script (its tail), what `c` runs and appends to the session script.
    let scriptTop = max(y + 1, frame.height - 7)
    if scriptTop < frame.height - 3 {
        let lines = d.compiled()
        let applied = c.applied == lines
        frame.put(" Script" + (applied ? " (applied)" : " (c applies it)"), x: 0, y: scriptTop, style: .header)
        let room = frame.height - 3 - scriptTop - 1
        for (k, line) in lines.suffix(room).enumerated() {
            frame.put("   " + glyphs.transliterate(line), x: 0, y: scriptTop + 1 + k, style: .muted, maxWidth: w, ellipsis: glyphs.ellipsis)
        }
    }
    if let editor = c.ruleEditor { drawRuleEditor(&frame, editor, context, glyphs) }
    if let editor = c.entryEditor { drawEntryEditor(&frame, editor, glyphs) }
    if let prompt = c.variablePrompt { drawVariablePrompt(&frame, prompt, glyphs) }
    if let editor = c.analysisEditor { drawAnalysisEditor(&frame, editor, glyphs) }
}

func drawAnalysisEditor(_ frame: inout Frame, _ e: AnalysisEditor, _ glyphs: Glyphs) {
    let (x0, y0, width) = overlay(&frame, height: 7, title: " Analysis variable: \(e.variable.variable) ", glyphs: glyphs)
    if e.variable.temporality == "EVENT" {
        field(&frame, "From", e.variable.windowFrom ?? "", x: x0 + 2, y: y0 + 1, width: width, focused: e.field == 0, glyphs: glyphs)
        field(&frame, "To", e.variable.windowTo ?? "", x: x0 + 2, y: y0 + 2, width: width, focused: e.field == 1, glyphs: glyphs)
    } else {
        field(&frame, "Date", e.variable.date ?? "", x: x0 + 2, y: y0 + 1, width: width, focused: true, glyphs: glyphs)
    }
    if let err = e.error { frame.put(glyphs.transliterate(err), x: x0 + 2, y: y0 + 3, style: .warning, maxWidth: width - 4) }
    frame.put("Tab field  Enter save  Esc cancel", x: x0 + 2, y: y0 + 5, style: .muted, maxWidth: width - 4)
}

func putRight(_ frame: inout Frame, _ text: String, right: Int, y: Int, style: Style) {
    frame.put(text, x: max(0, right - text.count), y: y, style: style)
}

func formatPercent(_ p: Double) -> String {
    let tenths = Int((p * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}

func entryText(_ e: CohortEntry) -> String {
    switch e.kind {
    case .resident: return "persons resident on \(e.date)"
    case .cancerCases:
        return "cancer cases diagnosed \(e.from) to \(e.to)" + (e.icd10.isEmpty ? " (all forms)" : " (ICD-10 \(e.icd10.joined(separator: ", ")))")
    case .nprStays: return "NPR hospital stays \(e.from) to \(e.to)"
    case .nprContacts: return "NPR contacts \(e.from) to \(e.to)"
    }
}

func entryShort(_ e: CohortEntry) -> String {
    switch e.kind {
    case .resident: return "resident \(e.date)"
    case .cancerCases: return "cancer \(e.from)..\(e.to)" + (e.icd10.isEmpty ? "" : " " + e.icd10.joined(separator: ","))
    case .nprStays: return "NPR stays \(e.from)..\(e.to)"
    case .nprContacts: return "NPR contacts \(e.from)..\(e.to)"
    }
}

func ruleText(_ r: CohortRule) -> String {
    let values = r.values.joined(separator: ", ")
    switch r.op {
    case .inList: return "\(r.variable) in (\(values))"
    case .inRange: return "\(r.variable) in [\(values)]"
    case .prefix: return "\(r.variable) starts with \(r.values.map { $0.hasSuffix("*") ? $0 : $0 + "*" }.joined(separator: ", "))"
    case .exists, .absent:
        return "\(r.variable) \(r.op == .exists ? "exists" : "absent")" + (r.windowDays.map { " within \($0) days before index" } ?? "")
    default: return "\(r.variable) \(r.op.rawValue) \(values)"
    }
}

private func overlay(_ frame: inout Frame, height: Int, title: String, glyphs: Glyphs) -> (x: Int, y: Int, width: Int) {
    let width = min(frame.width - 4, 72)
    let h = min(frame.height - 2, height)
    let x0 = (frame.width - width) / 2, y0 = max(1, (frame.height - h) / 2)
    for y in y0..<(y0 + h) { frame.fill(y: y, from: x0, to: x0 + width, style: .normal) }
    drawBox(&frame, x: x0, y: y0, width: width, height: h, title: title, glyphs: glyphs)
    return (x0, y0, width)
}

private func field(_ frame: inout Frame, _ label: String, _ value: String, x: Int, y: Int, width: Int, focused: Bool, glyphs: Glyphs) {
    frame.put(label, x: x, y: y, style: focused ? .accent : .header)
    let shown = glyphs.transliterate(value) + (focused ? glyphs.cursor : "")
    frame.put(shown, x: x + 11, y: y, style: focused ? Style(.accent, underline: true) : .normal, maxWidth: width - 13, ellipsis: glyphs.ellipsis)
}

func drawRuleEditor(_ frame: inout Frame, _ e: RuleEditor, _ context: AppContext, _ glyphs: Glyphs) {
    let codeRows = e.codes.isEmpty ? 0 : min(8, e.codes.count)
    let label = context.variablesByName[e.rule.variable]?.label ?? ""
    let (x0, y0, width) = overlay(&frame, height: 8 + codeRows, title: " Rule: \(e.rule.variable) ", glyphs: glyphs)
    let x = x0 + 2
    var y = y0 + 1
    frame.put(glyphs.transliterate(label + "  (\(e.rule.temporality))"), x: x, y: y, style: .muted, maxWidth: width - 4, ellipsis: glyphs.ellipsis)
    y += 1
    let ops = CohortRule.Operator.allCases.map { glyphs.transliterate($0.title) }
    let opText = "\(glyphs.transliterate("◂")) \(glyphs.transliterate(e.rule.op.title)) \(glyphs.transliterate("▸"))"
    field(&frame, "Operator", opText, x: x, y: y, width: width, focused: e.field == .op, glyphs: glyphs)
    _ = ops
    y += 1
    let hint = e.rule.op == .inRange ? "low, high" : (e.rule.op == .prefix ? "e.g. C34*, C50" : "comma-separated")
    field(&frame, "Values", e.valuesText.isEmpty && e.field != .values ? "(\(hint))" : e.valuesText, x: x, y: y, width: width, focused: e.field == .values, glyphs: glyphs)
    y += 1
    if !e.codes.isEmpty {
        frame.put("Codes", x: x, y: y, style: e.field == .codes ? .accent : .header)
        let first = max(0, e.codeCursor - codeRows + 1)
        for (k, code) in e.codes.enumerated().dropFirst(first).prefix(codeRows) {
            let mark = e.checked.contains(code.code) ? "[x]" : "[ ]"
            let selected = e.field == .codes && k == e.codeCursor
            frame.put(glyphs.transliterate("\(mark) \(code.code)  \(code.label)"), x: x + 11, y: y, style: selected ? .selected : .normal,
                      maxWidth: width - 13, ellipsis: glyphs.ellipsis)
            y += 1
        }
    }
    if e.rule.op == .exists || e.rule.op == .absent {
        field(&frame, "Window", e.windowText + " days before the index date", x: x, y: y, width: width, focused: e.field == .window, glyphs: glyphs)
        y += 1
    }
    if let err = e.error { frame.put(glyphs.transliterate(err), x: x, y: y, style: .warning, maxWidth: width - 4) }
    frame.put("Tab field  \(glyphs.transliterate("◂▸")) operator  Space check  Enter save  Esc cancel", x: x, y: y0 + 7 + codeRows - 1 - 0 - (e.rule.op == .exists || e.rule.op == .absent ? 0 : 0),
              style: .muted, maxWidth: width - 4)
}

func drawEntryEditor(_ frame: inout Frame, _ e: EntryEditor, _ glyphs: Glyphs) {
    let (x0, y0, width) = overlay(&frame, height: 10, title: " Entry population ", glyphs: glyphs)
    let x = x0 + 2
    let kind = "\(glyphs.transliterate("◂")) \(e.entry.kind.title) \(glyphs.transliterate("▸"))"
    field(&frame, "Population", kind, x: x, y: y0 + 1, width: width, focused: e.field == .kind, glyphs: glyphs)
    field(&frame, "Date", e.entry.date + (e.entry.kind == .resident ? "" : "  (resident only)"), x: x, y: y0 + 2, width: width, focused: e.field == .date, glyphs: glyphs)
    field(&frame, "From", e.entry.from, x: x, y: y0 + 3, width: width, focused: e.field == .from, glyphs: glyphs)
    field(&frame, "To", e.entry.to, x: x, y: y0 + 4, width: width, focused: e.field == .to, glyphs: glyphs)
    field(&frame, "ICD-10", e.entry.icd10.joined(separator: ", "), x: x, y: y0 + 5, width: width, focused: e.field == .icd10, glyphs: glyphs)
    if let err = e.error { frame.put(glyphs.transliterate(err), x: x, y: y0 + 6, style: .warning, maxWidth: width - 4) }
    frame.put("Tab/\(glyphs.up)\(glyphs.down) field  \(glyphs.transliterate("◂▸")) population  Enter save  Esc cancel", x: x, y: y0 + 8, style: .muted, maxWidth: width - 4)
}

func drawVariablePrompt(_ frame: inout Frame, _ p: VariablePrompt, _ glyphs: Glyphs) {
    let (x0, y0, width) = overlay(&frame, height: 6, title: p.forAnalysis ? " Analysis variable " : " New rule: variable ", glyphs: glyphs)
    field(&frame, "Variable", p.text, x: x0 + 2, y: y0 + 1, width: width, focused: true, glyphs: glyphs)
    frame.put(p.candidates.joined(separator: "  "), x: x0 + 2, y: y0 + 2, style: .muted, maxWidth: width - 4, ellipsis: glyphs.ellipsis)
    frame.put("Tab completes  Enter choose  Esc cancel", x: x0 + 2, y: y0 + 4, style: .muted, maxWidth: width - 4)
}

// MARK: - Results pane

func drawResultsPane(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
    let r = state.results
    frame.put(" Results", x: 0, y: 1, style: .header)
    let info = r.entries.isEmpty ? "none yet: run an analysis (Cohort pane, or : for a command)"
        : "\(r.entries.count) released \(glyphs.dot) #\(r.selection + 1) selected" + (r.column > 0 ? " \(glyphs.dot) column \(r.column)" : "")
    frame.put(glyphs.transliterate(info), x: 10, y: 1, style: .muted, maxWidth: frame.width - 11)
    if let c = state.session.cancelled {
        frame.put(glyphs.transliterate(" \(glyphs.dot) cancelled: \(c)"), x: min(frame.width, 10 + info.count), y: 1, style: .warning,
                  maxWidth: max(0, frame.width - 10 - info.count), ellipsis: glyphs.ellipsis)
    }
    let rows = ResultsLayout.rows(frame.height)
    var line = 0
    let top = 2
    for (i, e) in r.entries.enumerated() {
        let block = e.lines.count + 2
        if line + block <= r.scroll { line += block; continue }
        if line >= r.scroll + rows { break }
        for k in 0..<block {
            let y = top + line + k - r.scroll
            guard y >= top, y < top + rows else { continue }
            if k == 0 {
                let selected = i == r.selection
                frame.put((selected ? "\(glyphs.collapsed) " : "  ") + "\(i + 1). " + glyphs.transliterate(e.command), x: 0, y: y,
                          style: selected ? .accent : .header, maxWidth: frame.width, ellipsis: glyphs.ellipsis)
            } else if k <= e.lines.count {
                let text = glyphs == .ascii ? glyphs.transliterate(e.lines[k - 1]) : e.lines[k - 1]
                let chars = Array(text)
                guard r.column < chars.count else { continue }
                let slice = String(chars[r.column...])
                let style: Style = slice.hasPrefix("Note:") || (k > 1 && e.lines[k - 1].hasPrefix("      ") && e.lines[k - 2].hasPrefix("Note:")) ? .muted : .normal
                frame.put(slice, x: 2, y: y, style: style, maxWidth: frame.width - 2, ellipsis: glyphs.ellipsis)
            }
        }
        line += block
    }
}

// MARK: - Script pane

func drawScriptPane(_ frame: inout Frame, _ state: AppState, _ context: AppContext, _ glyphs: Glyphs) {
    let s = state.script
    defer { if let p = s.snippetPicker { drawSnippetPicker(&frame, p, glyphs) } }
    frame.put(" Session script", x: 0, y: 1, style: .header)
    var info = "\(s.executed) of \(s.lines.count) lines run"
    if let path = state.session.autosavePath { info += " \(glyphs.dot) autosaved to \(path)" }
    frame.put(glyphs.transliterate(info), x: 17, y: 1, style: .muted, maxWidth: frame.width - 18, ellipsis: glyphs.ellipsis)
    var top = 2
    if let reason = context.dataUnavailable {
        frame.put(" No data source: " + glyphs.transliterate(reason), x: 0, y: top, style: .warning, maxWidth: frame.width, ellipsis: glyphs.ellipsis)
        top += 1
    }
    if let offer = s.restoreOffer {
        frame.put(" Restore the previous session (\(offer.script.count) commands, \(offer.path))? y / n", x: 0, y: top,
                  style: Style(.warning, bold: true, reverse: true), maxWidth: frame.width, ellipsis: glyphs.ellipsis)
        top += 1
    }
    if let e = s.error {
        frame.put(" Error " + glyphs.transliterate(e), x: 0, y: top, style: .warning, maxWidth: frame.width, ellipsis: glyphs.ellipsis)
        top += 1
    }
    if let c = state.session.cancelled {
        frame.put(" Cancelled: " + glyphs.transliterate(c) + " (nothing changed)", x: 0, y: top, style: .warning, maxWidth: frame.width, ellipsis: glyphs.ellipsis)
        top += 1
    }
    let rows = max(1, frame.height - 3 - top)
    if s.lines.isEmpty {
        frame.put("   empty: every command you run appears here (i to write, : for the command line)", x: 0, y: top, style: .muted, maxWidth: frame.width)
        return
    }
    let first = max(0, min(s.cursor - rows / 2, s.lines.count - rows))
    for (k, line) in s.lines.enumerated().dropFirst(first).prefix(rows) {
        let y = top + k - first
        let selected = k == s.cursor
        let number = String(k + 1)
        let gutter = String(repeating: " ", count: max(0, 4 - number.count)) + number + (k < s.executed ? " " : "+") + glyphs.vertical + " "
        frame.put(gutter, x: 0, y: y, style: selected ? .accent : .muted)
        let text = glyphs.transliterate(line)
        if selected && s.editColumn == nil { frame.fill(y: y, from: gutter.count, to: frame.width, style: .selected) }
        frame.put(text, x: gutter.count, y: y, style: selected && s.editColumn == nil ? .selected : (k < s.executed ? .normal : .accent),
                  maxWidth: frame.width - gutter.count, ellipsis: glyphs.ellipsis)
        if selected, let col = s.editColumn {
            let chars = Array(text)
            let under = col < chars.count ? String(chars[col]) : " "
            frame.put(under, x: gutter.count + col, y: y, style: Style(.accent, reverse: true))
        }
    }
}

/// The snippet chooser: the query, the matches (name and title), the selected one's description.
func drawSnippetPicker(_ frame: inout Frame, _ p: SnippetPicker, _ glyphs: Glyphs) {
    let listRows = max(1, min(8, frame.height - 10))
    let (x0, y0, width) = overlay(&frame, height: listRows + 7, title: " Insert a snippet ", glyphs: glyphs)
    let x = x0 + 2
    field(&frame, "Search", p.query, x: x, y: y0 + 1, width: width, focused: true, glyphs: glyphs)
    if p.matches.isEmpty {
        frame.put("no snippet matches", x: x, y: y0 + 2, style: .warning, maxWidth: width - 4)
    }
    let first = max(0, p.cursor - listRows + 1)
    for (k, snippet) in p.matches.enumerated().dropFirst(first).prefix(listRows) {
        let y = y0 + 2 + k - first
        let selected = k == p.cursor
        if selected { frame.fill(y: y, from: x, to: x0 + width - 2, style: .selected) }
        frame.put(glyphs.transliterate("\(snippet.name)  \(snippet.title)"), x: x, y: y, style: selected ? .selected : .normal,
                  maxWidth: width - 4, ellipsis: glyphs.ellipsis)
    }
    if let s = p.selected {
        frame.put(glyphs.transliterate(s.description), x: x, y: y0 + 3 + listRows, style: .muted, maxWidth: width - 4, ellipsis: glyphs.ellipsis)
    }
    frame.put("type to search  \(glyphs.up)\(glyphs.down) choose  Enter insert below the cursor  Esc cancel", x: x, y: y0 + 5 + listRows,
              style: .muted, maxWidth: width - 4, ellipsis: glyphs.ellipsis)
}

// MARK: - Command line, status, spinner

let spinnerUnicode = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
let spinnerASCII = ["|", "/", "-", "\\"]

func drawStatusRow(_ frame: inout Frame, _ state: AppState, _ glyphs: Glyphs) {
    let y = frame.height - 2
    if state.commandLine.active {
        frame.fill(y: y, style: .normal)
        let c = state.commandLine
        let text = ":" + glyphs.transliterate(c.text)
        frame.put(text, x: 0, y: y, style: .accent, maxWidth: frame.width - 1)
        frame.put(" ", x: min(frame.width - 1, 1 + c.cursor), y: y, style: Style(.accent, reverse: true))
        if c.cursor < c.text.count { frame.put(String(Array(text)[1 + c.cursor]), x: 1 + c.cursor, y: y, style: Style(.accent, reverse: true)) }
        if !c.candidates.isEmpty {
            frame.fill(y: y - 1, style: .normal)
            frame.put(" " + c.candidates.joined(separator: "  "), x: 0, y: y - 1, style: .muted, maxWidth: frame.width, ellipsis: glyphs.ellipsis)
        }
        return
    }
    let busy = state.isBusy && state.session.busyTicks >= AppState.spinnerTicks
    guard state.status != nil || busy || state.pane != .variables else { return }
    if state.pane == .variables && state.status == nil && !busy { return }
    frame.fill(y: y, style: .normal)
    var x = 0
    if busy {
        let frames = glyphs == .ascii ? spinnerASCII : spinnerUnicode
        let what = glyphs.transliterate(state.session.jobLabels.first ?? "working")
        let more = state.session.jobLabels.count > 1 ? " +\(state.session.jobLabels.count - 1) queued" : ""
        let s = " \(frames[state.session.busyTicks % frames.count]) \(what)\(glyphs.ellipsis)\(more)  Esc cancels "
        x = frame.put(s, x: 0, y: y, style: .accent, maxWidth: frame.width * 2 / 3, ellipsis: glyphs.ellipsis)
    }
    if let status = state.status {
        frame.put(" " + glyphs.transliterate(status), x: x, y: y, style: state.statusIsError ? .warning : .good, maxWidth: frame.width - x, ellipsis: glyphs.ellipsis)
    }
}
