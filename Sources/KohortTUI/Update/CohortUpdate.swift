import KohortCore

extension CohortState {
    /// Every change to the definition goes through here: it is undoable and marks the cohort dirty.
    mutating func change(_ body: (inout CohortDefinition) -> Void) {
        var d = definition
        body(&d)
        guard d != definition else { return }
        undoStack.append(definition)
        if undoStack.count > 200 { undoStack.removeFirst() }
        redoStack = []
        definition = d
        dirty = true
        cursor = min(cursor, rowCount - 1)
    }
}

extension AppState {
    /// `a` on a variable: opens the rule editor for it in the Cohort pane.
    mutating func beginRule(for v: CatalogueVariable, _ context: AppContext) {
        var rule = CohortRule(variable: v.name, datastore: v.datastore, technicalName: v.technicalName,
                              temporality: v.temporality.rawValue, isString: v.dataType == .string)
        rule.unitType = v.unitType
        if v.dataType == .date && CohortDefinition.personKey(unitType: v.unitType) != nil { rule.op = .absent }
        var editor = RuleEditor(rule: rule, index: nil, valuesText: "", windowText: rule.op == .absent ? "1826" : "")
        if let list = context.catalogue.codeList(for: v) {
            editor.codes = list.entries.filter { !$0.isMissing }.map { ($0.code, $0.label) }
            rule.op = .inList
            editor.rule = rule
            editor.field = .codes
        }
        if v.name.contains("ICD10") { editor.rule.op = .prefix; editor.field = .values }
        cohort.ruleEditor = editor
        pane = .cohort
    }

    /// `A` (or `:application [PATH]`): writes the data application for the current cohort
    /// (docs/application.md) to `NAME.application.json` in the working directory or `path`.
    /// Its released size is the count the pane shows under the last step, the same number
    /// `kohort application` computes from the saved file.
    mutating func exportApplication(to path: String?, _ context: AppContext) {
        let d = cohort.definition
        let size: DataApplication.PopulationSize
        if let reason = context.dataUnavailable {
            size = DataApplication.populationSize(nil, unavailable: "no data to run the cohort on: \(reason)")
        } else if let error = cohort.countError {
            size = DataApplication.populationSize(nil, unavailable: "the cohort could not be run: \(error)")
        } else if let counts = cohort.counts {
            size = DataApplication.populationSize(counts.last)
        } else {
            size = DataApplication.populationSize(nil, unavailable: "the cohort's count was still being computed when the application was written")
        }
        do {
            let document = try DataApplication.document(cohort: d, catalogue: context.catalogue, size: size)
            var name = path ?? "\(d.name).application.json"
            if name.hasSuffix("/") { name += "\(d.name).application.json" }
            effects.append(.saveFile(name: name, contents: DataApplication.json(document)))
        } catch {
            setStatus("cannot write the data application: \(error)", error: true)
        }
    }

    /// `v` on a variable: adds it as an analysis variable (the entry's date / period for
    /// STATUS, ACCUMULATED and EVENT variables).
    mutating func addAnalysis(_ v: CatalogueVariable) {
        var a = CohortAnalysisVariable(variable: v.name, datastore: v.datastore, technicalName: v.technicalName,
                                       temporality: v.temporality.rawValue)
        let entry = cohort.definition.entry
        switch v.temporality {
        case .fixed: break
        case .status, .accumulated: a.date = entry.kind == .resident ? entry.date : entry.to
        case .event: a.windowFrom = entry.kind == .resident ? entry.date : entry.from; a.windowTo = entry.kind == .resident ? entry.date : entry.to
        }
        cohort.change { $0.analysis.append(a) }
        setStatus("analysis variable \(v.name) added (Cohort pane: s t h b r m run analyses)")
    }
}

func handleCohort(_ state: inout AppState, _ key: Key, _ context: AppContext) {
    if state.cohort.ruleEditor != nil { handleRuleEditor(&state, key); return }
    if state.cohort.entryEditor != nil { handleEntryEditor(&state, key); return }
    if state.cohort.variablePrompt != nil { handleVariablePrompt(&state, key, context); return }
    if state.cohort.analysisEditor != nil { handleAnalysisEditor(&state, key); return }
    var c = state.cohort
    let rules = c.definition.rules.count
    let ruleIndex = c.cursor >= 1 && c.cursor <= rules ? c.cursor - 1 : nil
    let analysisIndex = c.cursor > rules ? c.cursor - 1 - rules : nil
    var recount = false
    switch key {
    case .down, .character("j"): c.cursor = min(c.rowCount - 1, c.cursor + 1)
    case .up, .character("k"): c.cursor = max(0, c.cursor - 1)
    case .home, .character("g"): c.cursor = 0
    case .end, .character("G"): c.cursor = c.rowCount - 1
    case .character("e"): c.entryEditor = EntryEditor(entry: c.definition.entry)
    case .character("n"): c.variablePrompt = VariablePrompt()
    case .character("N"): c.variablePrompt = VariablePrompt(forAnalysis: true)
    case .enter:
        if c.cursor == 0 { c.entryEditor = EntryEditor(entry: c.definition.entry) }
        else if let i = ruleIndex {
            let rule = c.definition.rules[i]
            var editor = RuleEditor(rule: rule, index: i, valuesText: rule.values.joined(separator: ", "),
                                    windowText: rule.windowDays.map(String.init) ?? "")
            if let v = context.variablesByName[rule.variable], let list = context.catalogue.codeList(for: v) {
                editor.codes = list.entries.filter { !$0.isMissing }.map { ($0.code, $0.label) }
                editor.checked = Set(rule.values)
            }
            c.ruleEditor = editor
        } else if let i = analysisIndex, c.definition.analysis[i].temporality != "FIXED" {
            c.analysisEditor = AnalysisEditor(index: i, variable: c.definition.analysis[i])
        }
    case .character(" "):
        if let i = ruleIndex { c.change { $0.rules[i].enabled.toggle() }; recount = true }
    case .character("d"), .delete:
        if let i = ruleIndex { c.change { $0.rules.remove(at: i) }; recount = true }
        else if let i = analysisIndex { c.change { $0.analysis.remove(at: i) } }
    case .character("K"):
        if let i = ruleIndex, i > 0 { c.change { $0.rules.swapAt(i, i - 1) }; c.cursor -= 1; recount = true }
    case .character("J"):
        if let i = ruleIndex, i + 1 < rules { c.change { $0.rules.swapAt(i, i + 1) }; c.cursor += 1; recount = true }
    case .character("u"):
        if let prev = c.undoStack.popLast() { c.redoStack.append(c.definition); c.definition = prev; c.dirty = true; recount = true }
        c.cursor = min(c.cursor, c.rowCount - 1)
    case .control("r"):
        if let next = c.redoStack.popLast() { c.undoStack.append(c.definition); c.definition = next; c.dirty = true; recount = true }
        c.cursor = min(c.cursor, c.rowCount - 1)
    case .character("c"):
        // Apply: the compiled lines run in the session and join the session script.
        var lines = c.definition.compiled()
        if state.session.datasets.contains(c.definition.name) { lines.insert("delete-dataset \(c.definition.name)", at: 0) }
        if state.session.datasets.contains("\(c.definition.name)_hendelser") { lines.insert("delete-dataset \(c.definition.name)_hendelser", at: 0) }
        state.cohort = c
        state.run(lines.joined(separator: "\n"), origin: "cohort")
        return
    case .character("w"):
        state.cohort = c
        if let data = try? c.definition.json() {
            state.effects.append(.saveFile(name: "\(c.definition.name).cohort.json", contents: String(decoding: data, as: UTF8.self)))
            state.cohort.dirty = false
        }
        return
    case .character("A"):
        state.cohort = c
        state.exportApplication(to: nil, context)
        return
    case .character("o"):
        state.cohort = c
        state.effects.append(.loadCohort(path: "\(c.definition.name).cohort.json"))
        return
    case .character(let ch) where "sthbrm".contains(ch):
        let kind = ["s": "summarize", "t": "tabulate", "h": "histogram", "b": "boxplot", "r": "regress", "m": "kaplan-meier"][String(ch)]!
        guard let command = c.definition.analysisCommand(kind) else {
            state.setStatus(c.definition.analysis.isEmpty ? "add analysis variables first (v in the Variables pane, or N)"
                                                           : "\(kind) needs two analysis variables (outcome first)", error: true)
            return
        }
        var lines: [String] = []
        if c.applied != c.definition.compiled() {
            lines = c.definition.compiled()
            if state.session.datasets.contains(c.definition.name) { lines.insert("delete-dataset \(c.definition.name)", at: 0) }
        } else if state.session.currentDataset != c.definition.name {
            lines = ["use \(c.definition.name)"]
        }
        state.cohort = c
        if !lines.isEmpty { state.run(lines.joined(separator: "\n"), origin: "cohort") }
        state.run(command, origin: "analysis")
        return
    default: break
    }
    state.cohort = c
    if recount { state.requestCounts() }
}

private func handleRuleEditor(_ state: inout AppState, _ key: Key) {
    guard var e = state.cohort.ruleEditor else { return }
    let ops = CohortRule.Operator.allCases
    switch key {
    case .escape: state.cohort.ruleEditor = nil; return
    case .tab, .backTab:
        var fields: [RuleEditor.Field] = [.op, .values]
        if !e.codes.isEmpty { fields.append(.codes) }
        if e.rule.op == .exists || e.rule.op == .absent { fields.append(.window) }
        let i = fields.firstIndex(of: e.field) ?? 0
        e.field = fields[(i + (key == .tab ? 1 : fields.count - 1)) % fields.count]
    case .enter:
        var rule = e.rule
        rule.values = e.field == .codes || (!e.codes.isEmpty && !e.checked.isEmpty && e.valuesText.isEmpty)
            ? e.codes.map(\.code).filter { e.checked.contains($0) }
            : e.valuesText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if rule.op == .exists || rule.op == .absent {
            rule.windowDays = Int(e.windowText.trimmingCharacters(in: .whitespaces))
        } else if rule.values.isEmpty {
            e.error = "give a value (or check codes with Space)"
            state.cohort.ruleEditor = e
            return
        }
        if rule.op == .inRange && rule.values.count != 2 {
            e.error = "in range needs two values: low, high"
            state.cohort.ruleEditor = e
            return
        }
        let index = e.index
        state.cohort.ruleEditor = nil
        state.cohort.change { d in
            if let index { d.rules[index] = rule } else { d.rules.append(rule) }
        }
        state.cohort.cursor = (index ?? state.cohort.definition.rules.count - 1) + 1
        state.requestCounts()
        return
    default:
        switch e.field {
        case .op:
            let i = ops.firstIndex(of: e.rule.op) ?? 0
            switch key {
            case .right, .down, .character(" "), .character("l"), .character("j"): e.rule.op = ops[(i + 1) % ops.count]
            case .left, .up, .character("h"), .character("k"): e.rule.op = ops[(i + ops.count - 1) % ops.count]
            case .character(let ch):
                if let op = ops.first(where: { $0.rawValue == String(ch) }) { e.rule.op = op }
                else if ch == "!" { e.rule.op = .ne }
            default: break
            }
        case .values:
            var t = Array(e.valuesText), cur = t.count
            editText(&t, &cur, key)
            e.valuesText = String(t)
        case .window:
            var t = Array(e.windowText), cur = t.count
            if case .character(let ch) = key, !ch.isNumber { break }
            editText(&t, &cur, key)
            e.windowText = String(t)
        case .codes:
            switch key {
            case .down, .character("j"): e.codeCursor = min(max(0, e.codes.count - 1), e.codeCursor + 1)
            case .up, .character("k"): e.codeCursor = max(0, e.codeCursor - 1)
            case .pageDown: e.codeCursor = min(max(0, e.codes.count - 1), e.codeCursor + 10)
            case .pageUp: e.codeCursor = max(0, e.codeCursor - 10)
            case .character(" "), .character("x"):
                if e.codes.indices.contains(e.codeCursor) {
                    let code = e.codes[e.codeCursor].code
                    if e.checked.contains(code) { e.checked.remove(code) } else { e.checked.insert(code) }
                }
            default: break
            }
        }
    }
    e.error = nil
    state.cohort.ruleEditor = e
}

private func handleEntryEditor(_ state: inout AppState, _ key: Key) {
    guard var e = state.cohort.entryEditor else { return }
    let kinds = CohortEntry.Kind.allCases
    switch key {
    case .escape: state.cohort.entryEditor = nil; return
    case .tab, .down: e.field = EntryEditor.Field(rawValue: (e.field.rawValue + 1) % 5)!
    case .backTab, .up: e.field = EntryEditor.Field(rawValue: (e.field.rawValue + 4) % 5)!
    case .enter:
        for d in [e.entry.date, e.entry.from, e.entry.to] where Day(iso: d) == nil {
            e.error = "'\(d)' is not a date (YYYY-MM-DD)"
            state.cohort.entryEditor = e
            return
        }
        let entry = e.entry
        state.cohort.entryEditor = nil
        state.cohort.change { $0.entry = entry }
        state.requestCounts()
        return
    default:
        switch e.field {
        case .kind:
            let i = kinds.firstIndex(of: e.entry.kind) ?? 0
            if key == .right || key == .character(" ") || key == .character("l") { e.entry.kind = kinds[(i + 1) % kinds.count] }
            if key == .left || key == .character("h") { e.entry.kind = kinds[(i + kinds.count - 1) % kinds.count] }
        case .date: edit(&e.entry.date, key)
        case .from: edit(&e.entry.from, key)
        case .to: edit(&e.entry.to, key)
        case .icd10:
            var s = e.entry.icd10.joined(separator: ", ")
            edit(&s, key)
            e.entry.icd10 = s.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if s.isEmpty { e.entry.icd10 = [] }
        }
    }
    e.error = nil
    state.cohort.entryEditor = e
}

private func handleAnalysisEditor(_ state: inout AppState, _ key: Key) {
    guard var e = state.cohort.analysisEditor else { return }
    let isEvent = e.variable.temporality == "EVENT"
    switch key {
    case .escape: state.cohort.analysisEditor = nil; return
    case .tab, .backTab, .up, .down: if isEvent { e.field = 1 - e.field }
    case .enter:
        let dates = isEvent ? [e.variable.windowFrom ?? "", e.variable.windowTo ?? ""] : [e.variable.date ?? ""]
        if let bad = dates.first(where: { Day(iso: $0) == nil }) {
            e.error = "'\(bad)' is not a date (YYYY-MM-DD)"
            state.cohort.analysisEditor = e
            return
        }
        let (i, v) = (e.index, e.variable)
        state.cohort.analysisEditor = nil
        state.cohort.change { $0.analysis[i] = v }
        return
    default:
        if isEvent {
            if e.field == 0 { var t = e.variable.windowFrom ?? ""; edit(&t, key); e.variable.windowFrom = t }
            else { var t = e.variable.windowTo ?? ""; edit(&t, key); e.variable.windowTo = t }
        } else {
            var t = e.variable.date ?? ""; edit(&t, key); e.variable.date = t
        }
    }
    e.error = nil
    state.cohort.analysisEditor = e
}

private func edit(_ s: inout String, _ key: Key) {
    var t = Array(s), cur = t.count
    editText(&t, &cur, key)
    s = String(t)
}

private func handleVariablePrompt(_ state: inout AppState, _ key: Key, _ context: AppContext) {
    guard var p = state.cohort.variablePrompt else { return }
    switch key {
    case .escape: state.cohort.variablePrompt = nil; return
    case .tab:
        let upper = p.text.uppercased()
        let matches = context.catalogue.variables.map(\.name).filter { $0.hasPrefix(upper) }
        if matches.count == 1 { p.text = matches[0] } else if var prefix = matches.first {
            for m in matches.dropFirst() { while !m.hasPrefix(prefix) { prefix.removeLast() } }
            p.text = prefix
        }
        p.candidates = Array(matches.prefix(30))
    case .enter:
        guard let v = context.variablesByName[p.text.uppercased()] else {
            p.candidates = []
            state.setStatus("no variable '\(p.text)' in the catalogue (Tab completes)", error: true)
            state.cohort.variablePrompt = p
            return
        }
        state.cohort.variablePrompt = nil
        if p.forAnalysis { state.addAnalysis(v) } else { state.beginRule(for: v, context) }
        return
    default:
        edit(&p.text, key)
        p.candidates = []
    }
    state.cohort.variablePrompt = p
}
