import Foundation

/// `merge` and the panel reshapes.
extension ScriptEngine {
    func merge(_ spec: ScriptMerge, ws: inout Workspace, _ command: ScriptCommand) throws {
        let si = try currentIndex(ws)
        let source = ws.datasets[si]
        guard let ti = ws.datasetIndex(spec.into) else {
            throw EngineError.unknown("dataset", spec.into, candidates: ws.datasetNames, at: command.position)
        }
        guard ti != si else { throw EngineError("cannot merge a dataset into itself") }
        var target = ws.datasets[ti]
        for k in 1..<max(1, source.ids.count) where source.ids[k] == source.ids[k - 1] {
            throw EngineError("'\(source.name)' has several rows per unit; 'collapse … , by(\(source.idName))' first so each unit has one row")
        }
        // For each target row, the source row with its unit (-1 if none); nil when joining on
        // the unit id, which joins and gathers each variable in one pass (`JoinGather`).
        let rows: [Int]?
        let key = spec.on ?? target.idName
        if key == target.idName {
            guard source.unitType == target.unitType || source.idName == target.idName else {
                throw EngineError("'\(source.name)' holds \(source.unitType ?? "no") units and '\(target.name)' \(target.unitType ?? "no") units; " +
                                  "name the variable of '\(target.name)' that holds the \(source.unitType ?? "") ids with 'on VAR'")
            }
            rows = nil
        } else {
            guard let k = target.column(named: key) else {
                throw EngineError.unknown("variable", key, candidates: target.variableNames + [target.idName], at: Self.position(of: key, in: command))
            }
            if k.type == .string {
                guard let strings = source.idStrings else {
                    throw EngineError("'\(key)' is a string but the units of '\(source.name)' are numbers")
                }
                let lookup: [Int] = k.strings.map { s in
                    var lo = 0, hi = strings.count - 1
                    while lo < hi { let mid = (lo + hi) / 2; if strings[mid] < s { lo = mid + 1 } else { hi = mid } }
                    return strings.isEmpty || strings[lo] != s ? -1 : lo
                }
                rows = k.codes.map { $0 < 0 ? -1 : lookup[Int($0)] }
            } else {
                rows = source.ids.withUnsafeBufferPointer { ids in
                    k.numbers.map { v -> Int in
                        guard !ids.isEmpty, let id = SafeInt.int64(v) else { return -1 }
                        var lo = 0, hi = ids.count - 1
                        while lo < hi { let mid = (lo + hi) / 2; if ids[mid] < id { lo = mid + 1 } else { hi = mid } }
                        return ids[lo] == id ? lo : -1
                    }
                }
            }
        }
        for v in spec.variables {
            guard let c = source.column(named: v) else { throw unknownVariable(v, source, command) }
            if target.column(named: v) != nil || v == target.idName {
                throw EngineError("'\(target.name)' already has a variable '\(v)'; rename one of them first", at: Self.position(of: v, in: command))
            }
            target.columns.append(rows.map { c.gathered(optional: $0) } ?? c.joined(into: target.ids, from: source.ids))
        }
        ws.datasets[ti] = target
    }

    /// `v_2019` for 1 January dates with distinct years, `v_20190315` otherwise.
    static func panelSuffixes(_ dates: [Int32]) -> [String] {
        let civil = dates.map(EpochDays.civil)
        let yearly = civil.allSatisfy { $0.month == 1 && $0.day == 1 } && Set(civil.map(\.year)).count == civil.count
        return dates.map { d in
            let s = EpochDays.format(d).replacingOccurrences(of: "-", with: "")
            return yearly ? String(s.prefix(4)) : s
        }
    }

    static func parsePanelSuffix(_ s: Substring) -> Int32? {
        guard s.allSatisfy(\.isNumber), let v = Int(s) else { return nil }
        if s.count == 4 { return EpochDays.from(year: v, month: 1, day: 1) }
        if s.count == 8 { return EpochDays.from(year: v / 10000, month: (v / 100) % 100, day: v % 100) }
        return nil
    }

    func reshapeFromPanel(_ names: [String], ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            guard d.isPanel, let time = d.column(named: "date@panel") else {
                throw EngineError("'\(d.name)' is not a panel (it has no date@panel)")
            }
            var dates = Array(Set(time.numbers.compactMap { SafeInt.int32($0) })).sorted()
            if dates.isEmpty { dates = [] }
            let suffixes = Self.panelSuffixes(dates)
            var units: [Int64] = []
            for id in d.ids where units.last != id { units.append(id) }
            let unitRow = Self.leftJoin(d.ids, units)
            let wanted = names.isEmpty ? d.variableNames.filter { $0 != "date@panel" } : names
            var columns: [DataColumn] = []
            for name in wanted {
                guard let c = d.column(named: name) else { throw unknownVariable(name, d, command) }
                for (t, date) in dates.enumerated() {
                    var rows = [Int](repeating: -1, count: units.count)
                    for r in 0..<d.rowCount where SafeInt.int32(time.numbers[r]) == date { rows[unitRow[r]] = r }
                    var wide = c.gathered(optional: rows)
                    wide.name = "\(name)_\(suffixes[t])"
                    columns.append(wide)
                }
            }
            d.ids = units
            d.columns = columns
            d.isPanel = false
        }
    }

    func reshapeToPanel(_ stems: [String], ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            guard !d.isPanel else { throw EngineError("'\(d.name)' is already a panel") }
            guard !stems.isEmpty else { throw EngineError("name the variable stems to stack, as in 'reshape-to-panel inntekt' for inntekt_2019 inntekt_2020") }
            var members: [String: [(Int32, Int)]] = [:]
            var used = Set<Int>()
            for stem in stems {
                for (ci, c) in d.columns.enumerated() where c.name.hasPrefix(stem + "_") {
                    if let date = Self.parsePanelSuffix(c.name.dropFirst(stem.count + 1)) {
                        members[stem, default: []].append((date, ci)); used.insert(ci)
                    }
                }
                guard members[stem] != nil else {
                    throw EngineError("no variables named \(stem)_YYYY or \(stem)_YYYYMMDD to stack", at: Self.position(of: stem, in: command))
                }
            }
            let dates = Array(Set(members.values.flatMap { $0.map(\.0) })).sorted()
            let nd = dates.count, nu = d.rowCount
            var ids = [Int64](repeating: 0, count: nu * nd), time = [Double](repeating: 0, count: nu * nd)
            for u in 0..<nu { for t in 0..<nd { ids[u * nd + t] = d.ids[u]; time[u * nd + t] = Double(dates[t]) } }
            var columns: [DataColumn] = []
            // Variables outside the stems repeat on every date.
            let repeatRows = (0..<(nu * nd)).map { $0 / nd }
            for (ci, c) in d.columns.enumerated() where !used.contains(ci) { columns.append(c.gathered(repeatRows)) }
            for stem in stems {
                let parts = members[stem]!
                let template = d.columns[parts[0].1]
                guard parts.allSatisfy({ (d.columns[$0.1].type == .string) == (template.type == .string) }) else {
                    throw EngineError("\(stem): some of its variables are strings and some numbers; destring them first",
                                      at: Self.position(of: stem, in: command))
                }
                var long = template.missing(count: nu * nd)
                long.name = stem
                for (date, ci) in parts {
                    let t = dates.firstIndex(of: date)!
                    let c = d.columns[ci]
                    if c.type == .string {
                        // Bring codes into the first column's table.
                        var table = long.strings
                        let remap: [Int32] = c.strings.map { s in
                            if let j = table.firstIndex(of: s) { return Int32(j) }
                            table.append(s); return Int32(table.count - 1)
                        }
                        long.strings = table
                        for u in 0..<nu { let code = c.codes[u]; long.codes[u * nd + t] = code < 0 ? -1 : remap[Int(code)] }
                    } else {
                        for u in 0..<nu { long.numbers[u * nd + t] = c.numbers[u] }
                    }
                }
                columns.append(long)
            }
            columns.append(DataColumn(name: "date@panel", numbers: time, type: .date))
            d.ids = ids
            d.columns = columns
            d.isPanel = true
        }
    }
}

/// Short help texts for `help [topic]`.
enum EngineHelp {
    static let commands: [String: String] = [
        "require": "require DATASTORE:VERSION as ALIAS — pin a datastore version",
        "create-dataset": "create-dataset NAME — a new empty dataset, made current",
        "use": "use NAME — make a dataset current",
        "import": "import ALIAS/VAR [DATE] [as NAME] [, outer_join] — FIXED without date; STATUS/ACCUMULATED on a date",
        "import-event": "import-event ALIAS/VAR FROM to TO [as NAME] — spells overlapping the window, with START@ and STOP@",
        "import-panel": "import-panel ALIAS/VAR… DATE… — a long panel with date@panel (into an empty dataset, or one made by clone-units)",
        "generate": "generate NAME = EXPR [if COND]",
        "replace": "replace NAME = EXPR [if COND]",
        "recode": "recode VARS (RULE) … [, prefix(P) generate(NAMES)] — rules: (1 2 = 0) (3/7 = 1) (min/0 = .) (missing = 9) (* = 0)",
        "keep": "keep VARS | keep if COND",
        "drop": "drop VARS | drop if COND",
        "collapse": "collapse (STAT) VAR [-> NAME] …, by(VAR) — mean min max median count sum semean sebinomial sd percent iqr gini",
        "aggregate": "aggregate (STAT) VAR [-> NAME] …, by(VAR) — like collapse, keeping every row",
        "merge": "merge VARS into DATASET [on VAR]",
        "sample": "sample COUNT|FRACTION [SEED]",
        "destring": "destring VARS [, prefix(P) ignore('CHARS') force dpcomma]",
        "define-labels": "define-labels NAME VALUE 'LABEL' …",
        "assign-labels": "assign-labels VARS LABELSET",
    ]

    static func text(_ topic: String?) -> String {
        if let topic, let line = commands[topic.lowercased()] { return line }
        if let topic, ScriptFunctions.arity[topic.lowercased()] != nil {
            return "\(topic.lowercased())(…) — a function for expressions; see docs/script-language.md"
        }
        var text = topic.map { "No help for '\($0)'. " } ?? ""
        text += "Commands:\n" + commands.keys.sorted().map { "  " + commands[$0]! }.joined(separator: "\n")
        text += "\nFunctions: " + ScriptFunctions.names.joined(separator: ", ")
        return text
    }
}
