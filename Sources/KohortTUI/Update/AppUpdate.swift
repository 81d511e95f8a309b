import KohortCore

/// `update(state, event) → state (+ effects)`: the only place the interface changes. Pure and
/// synchronous, so headless tests replay key sequences and compare frames; slow work is asked
/// for through `state.effects` and comes back as events.
public func update(_ state: inout AppState, _ event: Event, _ context: AppContext) {
    switch event {
    case .resize(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
        state.variables.keepSelectionVisible(rows: VariablesLayout(width: state.width, height: state.height).tableRows)
        state.results.rerender(width: state.width)
        state.results.clampScroll(viewRows: ResultsLayout.rows(state.height))
        return
    case .tick:
        if state.isBusy { state.session.busyTicks += 1 } else { state.session.busyTicks = 0 }
        return
    case .session(let reply): handleReply(&state, reply, context); return
    case .fileSaved(let path): state.setStatus("saved to \(path)"); return
    case .fileFailed(let message): state.setStatus(message, error: true); return
    case .cohortLoaded(let definition):
        state.cohort.change { $0 = definition }
        state.cohort.cursor = 0
        state.requestCounts()
        state.cohort.dirty = false
        state.setStatus("cohort loaded")
        return
    case .key(let key): handleKey(&state, key, context)
    }
}

extension AppState {
    mutating func setStatus(_ text: String?, error: Bool = false) { status = text; statusIsError = error }

    /// Asks the session for new attrition counts (shown as … until they arrive).
    mutating func requestCounts() {
        cohort.generation += 1
        cohort.counts = nil
        cohort.countError = nil
        submitJob(.attrition(generation: cohort.generation, steps: cohort.definition.steps()))
    }

    mutating func submitJob(_ job: SessionJob) {
        effects.append(.session(job))
        session.pendingJobs += 1
        session.jobLabels.append(SessionView.label(job))
    }

    /// Runs text in the session; `origin` decides where the outcome is reported.
    mutating func run(_ text: String, origin: String) {
        submitJob(.submit(text: text, origin: origin))
    }

    /// True while a text field has the keyboard (so letters are text, not commands).
    var isTyping: Bool {
        if commandLine.active { return true }
        switch pane {
        case .variables: return variables.focus == .search || variables.filters.editingDate != nil
        case .cohort: return cohort.ruleEditor != nil || cohort.entryEditor != nil || cohort.variablePrompt != nil || cohort.analysisEditor != nil
        case .script: return script.editColumn != nil || script.snippetPicker != nil
        case .results: return false
        }
    }
}

private func handleKey(_ state: inout AppState, _ key: Key, _ context: AppContext) {
    if key == .control("c") { state.wantsQuit = true; return }
    if key == .control("l") { state.redrawRequested = true; return }
    if state.showingHelp { state.showingHelp = false; return }
    if state.isTooSmall {
        if key == .character("q") { state.wantsQuit = true }
        return
    }
    if state.confirmingQuit {
        state.confirmingQuit = false
        if key == .character("y") || key == .character("Y") { state.wantsQuit = true } else { state.setStatus(nil) }
        return
    }
    if state.commandLine.active { handleCommandLine(&state, key, context); return }
    if key == .escape, state.isBusy, !state.isTyping {
        state.effects.append(.cancel)
        state.session.cancelled = state.session.jobLabels.first
        state.session.jobLabels = []
        state.session.pendingJobs = 0
        state.session.busyTicks = 0
        if state.cohort.counts == nil { state.cohort.countError = "cancelled" }
        state.setStatus("cancelled")
        return
    }
    if !state.isTyping {
        switch key {
        case .character("?"): state.showingHelp = true; return
        case .character(":"):
            state.commandLine.active = true
            state.commandLine.text = ""
            state.commandLine.cursor = 0
            state.commandLine.historyIndex = nil
            state.commandLine.candidates = []
            return
        case .character("q") where state.pane != .variables || state.variables.focus == .list:
            if state.hasUnsavedWork {
                state.confirmingQuit = true
                state.setStatus("Quit with unsaved work (cohort or script edits)? y / n", error: true)
            } else {
                state.wantsQuit = true
            }
            return
        case .character(let c) where ("1"..."4").contains(c):
            state.pane = Pane(rawValue: Int(String(c))!)!
            return
        case .tab:
            if state.pane != .variables || state.variables.focus == .list || state.variables.focus == .detail {
                state.pane = Pane(rawValue: state.pane.rawValue % 4 + 1)!
                return
            }
        case .backTab:
            state.pane = Pane(rawValue: (state.pane.rawValue + 2) % 4 + 1)!
            return
        default: break
        }
    }
    switch state.pane {
    case .variables:
        if state.variables.focus == .list || state.variables.focus == .detail {
            if key == .character("a") || key == .character("v") {
                if let v = state.variables.selectedVariable(context) {
                    if key == .character("a") { state.beginRule(for: v, context) } else { state.addAnalysis(v) }
                }
                return
            }
        }
        let rows = VariablesLayout(width: state.width, height: state.height).tableRows
        state.variables.handle(key, context: context, tableRows: rows)
    case .cohort: handleCohort(&state, key, context)
    case .results: handleResults(&state, key)
    case .script: handleScript(&state, key, context)
    }
}

// MARK: - Session replies

private func handleReply(_ state: inout AppState, _ reply: SessionReply, _ context: AppContext) {
    state.session.pendingJobs = max(0, state.session.pendingJobs - 1)
    if !state.session.jobLabels.isEmpty { state.session.jobLabels.removeFirst() }
    if state.session.pendingJobs == 0 { state.session.busyTicks = 0 }
    switch reply {
    case .attrition(let generation, let outcome):
        guard generation == state.cohort.generation else { return }
        if outcome.cancelled { state.cohort.countError = "cancelled"; return }
        state.cohort.counts = outcome.counts
        state.cohort.countError = outcome.error
    case .submitted(let s):
        if !s.outcome.cancelled && (s.outcome.error != nil || !s.outcome.recorded.isEmpty) { state.session.cancelled = nil }
        state.session.datasets = s.datasets
        state.session.currentDataset = s.currentDataset
        state.session.variables = s.variables
        state.session.autosavePath = s.savedTo
        for r in s.outcome.results { state.results.append(r, width: state.width) }
        if !s.outcome.results.isEmpty { state.results.followTail = true; state.results.scrollToEnd(viewRows: ResultsLayout.rows(state.height)) }
        if s.origin == "script" {
            // Buffer lines (comments, blank lines, `let`, loops included) up to the failing
            // line ran; without an error, all of them did.
            let ranTo = s.outcome.error.map { state.script.runStart + $0.position.line - 1 } ?? state.script.lines.count
            if !s.outcome.cancelled { state.script.executed = max(state.script.executed, min(state.script.lines.count, ranTo)) }
        } else {
            // Every action of every pane appends its commands to the session script.
            let drafts = Array(state.script.lines[min(state.script.executed, state.script.lines.count)...])
            state.script.lines = Array(state.script.lines.prefix(state.script.executed)) + s.outcome.recorded + drafts
            state.script.executed += s.outcome.recorded.count
            // The cursor follows the newest command unless a line is being edited.
            if state.script.editColumn == nil, !s.outcome.recorded.isEmpty { state.script.cursor = max(0, state.script.executed - 1) }
        }
        if let e = s.outcome.error {
            let line = s.origin == "script" ? state.script.runStart + e.position.line : e.position.line
            let message = "\(line):\(e.position.column): \(e.message)" + (e.suggestion.map { " (\($0))" } ?? "")
            state.script.error = message
            state.setStatus(message, error: true)
        } else if s.outcome.cancelled {
            state.setStatus("cancelled")
        } else if let save = s.saveError {
            state.setStatus(save, error: true)
        } else {
            state.script.error = nil
            let n = s.outcome.results.count
            if s.origin == "restore" { state.setStatus("restored \(s.outcome.recorded.count) commands") }
            else if s.origin == "cohort" { state.cohort.applied = state.cohort.definition.compiled(); state.setStatus("cohort applied: dataset '\(state.cohort.definition.name)'") }
            else { state.setStatus(n == 0 ? "ok" : "\(n) result\(n == 1 ? "" : "s") \(n == 1 ? "is" : "are") in the Results pane (3)") }
            if s.origin == "script" { state.script.dirty = false }
        }
    }
}

extension ResultsState {
    mutating func append(_ r: ReleasedResult, width: Int) {
        let w = max(40, width - 2)
        var text = ResultText.render(r, width: w)
        if text.hasSuffix("\n") { text.removeLast() }
        entries.append(ResultEntry(command: r.command, lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                   width: w, result: r))
        selection = entries.count - 1
    }

    /// Charts are drawn for the pane's width: after a resize they are drawn again (tables
    /// do not change with the width and scroll sideways instead).
    mutating func rerender(width: Int) {
        let w = max(40, width - 2)
        for i in entries.indices where entries[i].width != w {
            if case .table = entries[i].result.payload { continue }
            var text = ResultText.render(entries[i].result, width: w)
            if text.hasSuffix("\n") { text.removeLast() }
            entries[i].lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            entries[i].width = w
        }
    }

    mutating func scrollToEnd(viewRows: Int) {
        guard let last = entries.indices.last else { return }
        // Show the newest result from its command line (or its end if it is taller than the view).
        let start = startLine(of: last)
        scroll = max(0, min(start, totalLines - viewRows))
    }

    mutating func clampScroll(viewRows: Int) {
        scroll = max(0, min(scroll, max(0, totalLines - viewRows)))
    }
}

// MARK: - Command line

/// The command names the parser knows, for completion.
let commandNames = ["require", "create-dataset", "use", "delete-dataset", "clone-dataset", "rename-dataset", "clone-units",
                    "import", "import-event", "import-panel", "generate", "replace", "recode", "rename", "clone-variables",
                    "drop", "keep", "destring", "define-labels", "assign-labels", "drop-labels", "list-labels", "collapse",
                    "aggregate", "merge", "reshape-to-panel", "reshape-from-panel", "sample", "variables", "history", "help",
                    "clear", "textblock", "let", "for", "summarize", "tabulate", "tabulate-panel", "summarize-panel",
                    "transitions-panel", "correlate", "ci", "anova", "normaltest", "regress", "regress-predict", "logit",
                    "probit", "poisson", "negative-binomial", "mlogit", "ivregress", "regress-panel", "cox", "kaplan-meier",
                    "weibull", "histogram", "barchart", "boxplot", "hexbin", "sankey", "piechart", "coefplot",
                    // Interface commands (the command line handles them itself).
                    "snippet", "application"]

private func handleCommandLine(_ state: inout AppState, _ key: Key, _ context: AppContext) {
    var c = state.commandLine
    var text = Array(c.text)
    switch key {
    case .escape: c.active = false; c.candidates = []
    case .enter:
        let line = c.text.trimmingCharacters(in: .whitespaces)
        c.active = false
        c.candidates = []
        if !line.isEmpty {
            if c.history.last != line { c.history.append(line) }
            let word = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            let rest = line.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            switch word {
            // Interface commands, not script: they change nothing in the session.
            case "snippet", "snippets":
                state.commandLine = c
                state.openSnippets(rest, context)
                return
            case "application":
                state.commandLine = c
                state.exportApplication(to: rest.isEmpty ? nil : rest, context)
                return
            default: state.run(line, origin: "command")
            }
        }
    case .up:
        guard !c.history.isEmpty else { break }
        let i = max(0, (c.historyIndex ?? c.history.count) - 1)
        c.historyIndex = i; c.text = c.history[i]; c.cursor = c.text.count
    case .down:
        guard let i = c.historyIndex else { break }
        if i + 1 < c.history.count { c.historyIndex = i + 1; c.text = c.history[i + 1] } else { c.historyIndex = nil; c.text = "" }
        c.cursor = c.text.count
    case .tab:
        let (completed, candidates) = complete(c.text, state, context)
        c.text = completed; c.cursor = completed.count; c.candidates = candidates
    default:
        editText(&text, &c.cursor, key)
        c.text = String(text)
        c.candidates = []
    }
    state.commandLine = c
}

/// Line editing shared by every text field: insert, delete, move.
func editText(_ text: inout [Character], _ cursor: inout Int, _ key: Key) {
    cursor = min(max(0, cursor), text.count)
    switch key {
    case .character(let ch): text.insert(ch, at: cursor); cursor += 1
    case .backspace: if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
    case .delete: if cursor < text.count { text.remove(at: cursor) }
    case .left: cursor = max(0, cursor - 1)
    case .right: cursor = min(text.count, cursor + 1)
    case .home, .control("a"): cursor = 0
    case .end, .control("e"): cursor = text.count
    case .control("u"): text = []; cursor = 0
    default: break
    }
}

/// Completes the last word: command names first, then datasets, variables in the current
/// dataset and catalogue variable names (`alias/NAME` after `import`).
func complete(_ text: String, _ state: AppState, _ context: AppContext) -> (String, [String]) {
    let head: Substring, word: Substring
    if let space = text.lastIndex(where: { $0 == " " || $0 == "(" || $0 == "," }) {
        head = text[...space]; word = text[text.index(after: space)...]
    } else {
        head = ""; word = Substring(text)
    }
    var pool: [String]
    if head.trimmingCharacters(in: .whitespaces).isEmpty {
        pool = commandNames
    } else if let slash = word.firstIndex(of: "/") {
        let alias = String(word[..<slash])
        pool = context.catalogue.variables.filter { CohortDefinition.alias($0.datastore) == alias }.map { "\(alias)/\($0.name)" }
    } else {
        pool = state.session.datasets + state.session.variables + context.catalogue.variables.map(\.name)
    }
    var seen = Set<String>()
    let matches = pool.filter { $0.lowercased().hasPrefix(word.lowercased()) && seen.insert($0).inserted }
    guard !matches.isEmpty else { return (text, []) }
    if matches.count == 1 { return (String(head) + matches[0] + " ", []) }
    var prefix = matches[0]
    for m in matches.dropFirst() {
        while !m.lowercased().hasPrefix(prefix.lowercased()) { prefix.removeLast() }
    }
    let completed = prefix.count > word.count ? String(head) + prefix : text
    return (completed, Array(matches.prefix(50)))
}
