import Foundation

/// `require`, `import`, `import-event` and `import-panel` with microdata.no's semantics.
extension ScriptEngine {
    func require(_ r: ScriptRequire, ws: inout Workspace, _ command: ScriptCommand) throws {
        var version: Int?
        if let text = r.version {
            guard let v = Int(text) else { throw EngineError("'\(text)' is not a version number") }
            version = v
        }
        let resolved: Int
        do { resolved = try source.resolve(datastore: r.datastore, version: version) } catch {
            throw EngineError("\(error)")
        }
        let alias = r.alias ?? r.datastore
        ws.requires[alias] = RequiredDatastore(datastore: r.datastore, version: resolved)
    }

    /// The stored variable behind `db/VAR`, with the datastore's policy.
    func stored(_ ref: ScriptVariableReference, _ ws: Workspace) throws -> (StoredVariable, DisclosurePolicy, RequiredDatastore) {
        guard let req = ws.requires[ref.datastore] else {
            throw EngineError.unknown("datastore alias", ref.datastore, candidates: Array(ws.requires.keys), at: ref.position)
        }
        let names = (try? source.variableNames(datastore: req.datastore, version: req.version)) ?? []
        guard names.isEmpty || names.contains(ref.variable) else {
            let e = EngineError.unknown("variable", ref.variable, candidates: names, at: ref.position)
            throw EngineError(e.message + " in \(req.datastore):\(req.version)", at: ref.position, suggestion: e.suggestion)
        }
        do {
            let v = try source.variable(ref.variable, datastore: req.datastore, version: req.version)
            let policy = try source.policy(datastore: req.datastore)
            return (v, policy, req)
        } catch let e as EngineError { throw e } catch {
            throw EngineError("\(error)", at: ref.position)
        }
    }

    /// Refuses a variable of another unit type, explaining how units are linked.
    func checkUnitType(_ variable: StoredVariable, into d: Dataset, _ ref: ScriptVariableReference) throws {
        guard let unit = d.unitType, unit != variable.meta.unitType else { return }
        throw EngineError("""
            \(ref.variable) describes units of type \(variable.meta.unitType), but dataset '\(d.name)' holds \(unit) units. \
            To link them: create a dataset for \(variable.meta.unitType) ('create-dataset …'), import \(ref.variable) there, \
            'collapse … , by(<the \(unit) key>)' to one row per \(unit), then 'merge … into \(d.name)'
            """, at: ref.position)
    }

    static func epochDay(_ d: ScriptDate) -> Int32 { Int32(d.daysSinceEpoch) }

    /// For each unit, the row of the value that holds on `date` (FIXED: the only row;
    /// STATUS/EVENT: the spell containing the date; ACCUMULATED: the period containing it).
    /// Rows come sorted by id, so the result is sorted by id too. `rows` is nil when every
    /// stored row is selected in order (a FIXED variable): the columns are then copied whole.
    static func pointSelection(_ v: StoredVariable, date: Int32?) throws -> (ids: [Int64], rows: [Int]?) {
        let s = try point(v, date: date, periodIndex: false)
        return (s.idArray, s.rows)
    }

    /// The rows `import db/VAR [DATE]` takes. With `periodIndex`, a dated import whose date
    /// lies in exactly one stored period reads that period's copy (`PeriodIndex`) instead of
    /// scanning every row of every period.
    static func point(_ v: StoredVariable, date: Int32?, periodIndex: Bool) throws -> PointSelection {
        let n = v.rowCount
        if v.meta.temporality == .fixed {
            let idColumn = try v.ids()
            let unique = idColumn.withUnsafeBufferPointer { ids in Self.strictlyAscending(ids) }
            if unique { return PointSelection(variable: v, idColumn: idColumn, ids: nil, rows: nil) }
            var outIDs: [Int64] = [], outRows: [Int] = []
            outIDs.reserveCapacity(n)
            outRows.reserveCapacity(n)
            idColumn.withUnsafeBufferPointer { ids in
                for i in 0..<n where outIDs.last != ids[i] { outIDs.append(ids[i]); outRows.append(i) }
            }
            return PointSelection(variable: v, idColumn: idColumn, ids: outIDs, rows: outRows)
        }
        guard let date else {
            throw EngineError("\(v.name) is \(v.meta.temporality.rawValue): give a date, as in 'import db/\(v.name) 2020-01-01 as x'")
        }
        if periodIndex, let period = try PeriodIndex.variable(of: v, on: date) {
            return PointSelection(variable: period, idColumn: try period.ids(), ids: nil, rows: nil)
        }
        let idColumn = try v.ids(), starts = try v.starts(), stops = try v.stops()
        let (ids, rows) = idColumn.withUnsafeBufferPointer { ids in
            starts.withUnsafeBufferPointer { starts in
                stops.withUnsafeBufferPointer { stops in PointScan.select(ids: ids, starts: starts, stops: stops, date: date) }
            }
        }
        return PointSelection(variable: v, idColumn: idColumn, ids: ids, rows: rows)
    }

    /// True when every id is larger than the one before (FIXED: one row per unit).
    static func strictlyAscending(_ ids: UnsafeBufferPointer<Int64>) -> Bool {
        let n = ids.count
        guard n > 1 else { return true }
        // Two halves on both cores; the halves share the row at the cut.
        let parts = n >= 1 << 20 ? 2 : 1, size = (n + parts - 1) / parts
        var ok = [Bool](repeating: true, count: parts)
        ok.withUnsafeMutableBufferPointer { ok in
            nonisolated(unsafe) let ok = ok, ids = ids
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = max(1, p * size), hi = min(n, (p + 1) * size)
                var good = true
                for i in lo..<max(lo, hi) { good = good && ids[i] > ids[i - 1] }
                ok[p] = good
            }
        }
        return !ok.contains(false)
    }

    /// The stored variable's values for the dataset's rows `left` (a left join by id).
    static func joinedColumn(_ s: PointSelection, into left: [Int64], name: String) throws -> DataColumn {
        let v = s.variable
        var c: DataColumn
        func join<C: JoinConversion>(_ values: Column<C.Stored>, _ conversion: C.Type) -> [C.Out] where C.Stored: ColumnElement {
            left.withUnsafeBufferPointer { l in
                s.withIDs { r in
                    values.withUnsafeBufferPointer { vals in
                        if let rows = s.rows {
                            return rows.withUnsafeBufferPointer { JoinGather.column(left: l, right: r, rows: $0, values: vals, C.self) }
                        }
                        return JoinGather.column(left: l, right: r, rows: nil, values: vals, C.self)
                    }
                }
            }
        }
        switch v.meta.dataType {
        case .string:
            c = DataColumn(name: name, codes: join(try v.values(as: Int32.self), JoinCodes.self), strings: try v.dictionary())
        case .long:
            c = DataColumn(name: name, numbers: join(try v.values(as: Int64.self), JoinLongs.self), type: .long)
        case .double:
            c = DataColumn(name: name, numbers: join(try v.values(as: Double.self), JoinNumbers.self), type: .double)
        case .date:
            c = DataColumn(name: name, numbers: join(try v.values(as: Int32.self), JoinDays.self), type: .date)
        }
        c.source = v.name
        c.unitKey = v.meta.dataType == .string ? nil : unitKey(of: v.name)
        return c
    }

    /// A dataset column from stored values at `rows` (-1 = missing; nil = every row in order).
    static func column(_ v: StoredVariable, rows: [Int]?, name: String) throws -> DataColumn {
        var c: DataColumn
        @inline(__always) func gather<T: ColumnElement>(_ column: Column<T>, _ convert: (T) -> Double) -> [Double] {
            column.withUnsafeBufferPointer { vals in
                guard let rows else { return vals.map(convert) }
                return rows.map { $0 < 0 ? .nan : convert(vals[$0]) }
            }
        }
        switch v.meta.dataType {
        case .string:
            let codes = try v.values(as: Int32.self).withUnsafeBufferPointer { vals -> [Int32] in
                guard let rows else { return Array(vals) }
                return rows.map { $0 < 0 ? Int32(-1) : vals[$0] }
            }
            c = DataColumn(name: name, codes: codes, strings: try v.dictionary())
        case .long:
            c = DataColumn(name: name, numbers: gather(try v.values(as: Int64.self)) { Double($0) }, type: .long)
        case .double:
            c = DataColumn(name: name, numbers: gather(try v.values(as: Double.self)) { $0 }, type: .double)
        case .date:
            c = DataColumn(name: name, numbers: gather(try v.values(as: Int32.self)) { $0 == EpochDays.missing ? .nan : Double($0) }, type: .date)
        }
        c.source = v.name
        c.unitKey = v.meta.dataType == .string ? nil : unitKey(of: v.name)
        return c
    }

    /// Composes a join (`match`: dataset row → selected row) with a selection (`rows`).
    static func compose(_ match: [Int], _ rows: [Int]?) -> [Int] {
        guard let rows else { return match }
        return rows.withUnsafeBufferPointer { r in match.map { $0 < 0 ? -1 : r[$0] } }
    }

    /// Variables whose values are person ids (BEFOLKNING_MOR_FNR, a cancer case's
    /// KRG_KJERNE_PERSONID, a job's ARBEIDSFORHOLD_PERSON), so that `collapse …, by(it)`
    /// yields a person dataset that merges into other person datasets. Only numeric
    /// variables qualify (BEFOLKNING_MRK_FNR is a string code, not an id).
    static func unitKey(of name: String) -> String? {
        let upper = name.uppercased()
        if upper.hasSuffix("PERSONID_1") || upper.hasSuffix("_FNR") || upper.hasSuffix("PERSONID") || upper.hasSuffix("PERSON_ID")
            || upper.hasSuffix("_PERSON") {
            return "PERSON"
        }
        return nil
    }

    /// For each row of `left` (ascending, may repeat), the index in `right` (ascending,
    /// unique) with the same id, or -1: a merge-join, no hashing.
    static func leftJoin(_ left: [Int64], _ right: [Int64]) -> [Int] {
        var out = [Int](repeating: -1, count: left.count)
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                var j = 0
                for i in 0..<l.count {
                    let id = l[i]
                    while j < r.count && r[j] < id { j += 1 }
                    if j < r.count && r[j] == id { out[i] = j }
                }
            }
        }
        return out
    }

    /// Union of two ascending unique id lists, with each side's index (-1 where absent).
    static func outerJoin(_ left: [Int64], _ right: [Int64]) -> (ids: [Int64], left: [Int], right: [Int]) {
        var ids: [Int64] = [], li: [Int] = [], ri: [Int] = []
        let cap = max(left.count, right.count)
        ids.reserveCapacity(cap); li.reserveCapacity(cap); ri.reserveCapacity(cap)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if j >= right.count || (i < left.count && left[i] < right[j]) {
                ids.append(left[i]); li.append(i); ri.append(-1); i += 1
            } else if i >= left.count || right[j] < left[i] {
                ids.append(right[j]); li.append(-1); ri.append(j); j += 1
            } else {
                ids.append(left[i]); li.append(i); ri.append(j); i += 1; j += 1
            }
        }
        return (ids, li, ri)
    }

    func importVariable(_ spec: ScriptImport, ws: inout Workspace, _ command: ScriptCommand) throws {
        let i = try currentIndex(ws)
        var d = ws.datasets[i]
        let (v, policy, _) = try stored(spec.variable, ws)
        try Cancellation.check()
        try checkUnitType(v, into: d, spec.variable)
        let name = spec.alias ?? spec.variable.variable
        if d.isEmpty { d.idName = Dataset.idName(for: v.meta.unitType) }
        try requireNewVariable(name, d, command)
        // A FIXED value holds on every date, so it repeats on each of a unit's panel rows (as
        // reshape-to-panel repeats variables without a stem); anything dated needs its dates.
        if d.isPanel && v.meta.temporality != .fixed {
            throw EngineError("'\(d.name)' is a panel and \(v.name) is \(v.meta.temporality.rawValue); use import-panel to add it on the panel's dates")
        }
        let selection = try Self.point(v, date: spec.date.map(Self.epochDay), periodIndex: true)
        try Cancellation.check()
        if d.isEmpty {
            d.unitType = v.meta.unitType
            d.idName = Dataset.idName(for: v.meta.unitType)
            d.policy = policy
            d.ids = selection.idArray
            d.columns = [try Self.column(selection.variable, rows: selection.rows, name: name)]
        } else if spec.outerJoin {
            guard d.eventVariable == nil else { throw EngineError("outer_join is not possible in an event dataset (several rows per unit)") }
            let (all, li, ri) = Self.outerJoin(d.ids, selection.idArray)
            d.columns = d.columns.map { $0.gathered(optional: li) }
            d.ids = all
            d.columns.append(try Self.column(selection.variable, rows: Self.compose(ri, selection.rows), name: name))
        } else {
            d.columns.append(try Self.joinedColumn(selection, into: d.ids, name: name))
        }
        ws.datasets[i] = d
    }

    func importEvent(_ spec: ScriptImportEvent, ws: inout Workspace, _ command: ScriptCommand) throws {
        let i = try currentIndex(ws)
        var d = ws.datasets[i]
        let (v, policy, _) = try stored(spec.variable, ws)
        try Cancellation.check()
        guard v.meta.temporality == .event || v.meta.temporality == .status || v.meta.temporality == .accumulated else {
            throw EngineError("\(v.name) is FIXED; use 'import db/\(v.name)' without dates", at: spec.variable.position)
        }
        guard d.isEmpty else {
            throw EngineError(d.eventVariable != nil
                ? "dataset '\(d.name)' already has the event variable '\(d.eventVariable!)'; a dataset holds one event variable (create another dataset)"
                : "import-event needs an empty dataset (its rows are the spells); 'create-dataset' a new one, then merge")
        }
        let from = Self.epochDay(spec.from), to = Self.epochDay(spec.to)
        let idColumn = try v.ids(), startColumn = try v.starts(), stopColumn = try v.stops()
        let n = v.rowCount
        // nil: every spell overlaps the window, so whole columns are copied.
        var rows: [Int]? = nil
        if !Self.allOverlap(startColumn, stopColumn, from, to) {
            var selected: [Int] = []
            selected.reserveCapacity(n)
            startColumn.withUnsafeBufferPointer { starts in
                stopColumn.withUnsafeBufferPointer { stops in
                    let missing = EpochDays.missing
                    for r in 0..<n {
                        let s = starts[r], e = stops[r]
                        if (s == missing || s <= to) && (e == missing || e >= from) { selected.append(r) }
                    }
                }
            }
            rows = selected
        }
        let name = spec.alias ?? spec.variable.variable
        let selection = rows
        @Sendable func dates(_ c: Column<Int32>) -> [Double] {
            c.withUnsafeBufferPointer { s in
                let convert: (Int32) -> Double = { $0 == EpochDays.missing ? .nan : Double($0) }
                return selection.map { $0.map { convert(s[$0]) } } ?? s.map(convert)
            }
        }
        // The four columns are independent: build them on both cores (tens of millions of
        // spells; the fresh pages of each array fault in in parallel).
        nonisolated(unsafe) var ids: [Int64] = [], startCol: [Double] = [], stopCol: [Double] = []
        nonisolated(unsafe) var valueColumn: Result<DataColumn, any Error> = .failure(EngineError("not built"))
        DispatchQueue.concurrentPerform(iterations: 4) { task in
            switch task {
            case 0: ids = idColumn.withUnsafeBufferPointer { idp in selection.map { $0.map { idp[$0] } } ?? Array(idp) }
            case 1: startCol = dates(startColumn)
            case 2: stopCol = dates(stopColumn)
            default: valueColumn = Result { try Self.column(v, rows: selection, name: name) }
            }
        }
        d.unitType = v.meta.unitType
        d.idName = Dataset.idName(for: v.meta.unitType)
        d.policy = policy
        d.ids = ids
        d.eventVariable = name
        d.columns = [try valueColumn.get(),
                     DataColumn(name: "START@\(name)", numbers: startCol, type: .date),
                     DataColumn(name: "STOP@\(name)", numbers: stopCol, type: .date)]
        ws.datasets[i] = d
    }

    static func allOverlap(_ starts: Column<Int32>, _ stops: Column<Int32>, _ from: Int32, _ to: Int32) -> Bool {
        starts.withUnsafeBufferPointer { s in
            stops.withUnsafeBufferPointer { e in
                let missing = EpochDays.missing
                for r in 0..<s.count where !((s[r] == missing || s[r] <= to) && (e[r] == missing || e[r] >= from)) { return false }
                return true
            }
        }
    }

    func importPanel(_ spec: ScriptImportPanel, ws: inout Workspace, _ command: ScriptCommand) throws {
        let i = try currentIndex(ws)
        var d = ws.datasets[i]
        // An empty dataset, or one holding only units (`clone-units`, microdata.no's advice for
        // panels): then the panel keeps just those units.
        let unitsOnly = !d.isEmpty && d.columns.isEmpty && !d.isPanel && d.eventVariable == nil
        guard d.isEmpty || unitsOnly else {
            throw EngineError("import-panel needs an empty dataset or one with units only; 'create-dataset' a new one, or 'clone-units' a population first")
        }
        let dates = spec.dates.map(Self.epochDay).sorted()
        guard Set(dates).count == dates.count else { throw EngineError("a date is given twice") }
        var selections: [(StoredVariable, [(ids: [Int64], rows: [Int]?)])] = []
        var unitType: String?, policy = DisclosurePolicy.default
        for ref in spec.variables {
            let (v, p, _) = try stored(ref, ws)
            try Cancellation.check()
            if let u = unitType ?? (unitsOnly ? d.unitType : nil), u != v.meta.unitType {
                throw EngineError("\(ref.variable) has unit type \(v.meta.unitType), the others \(u); a panel holds one unit type", at: ref.position)
            }
            unitType = v.meta.unitType
            policy = p
            selections.append((v, try dates.map { try Self.pointSelection(v, date: $0) }))
        }
        // Population: every unit with a value of any variable on any date.
        var population: [Int64] = []
        if !unitsOnly { for (_, perDate) in selections { for s in perDate { population = Self.outerJoin(population, s.ids).ids } } }
        // Units only: the dataset's units are the population (left join, as `import` does).
        if unitsOnly { population = d.ids }
        let nd = dates.count, nu = population.count
        var ids = [Int64](repeating: 0, count: nu * nd)
        var time = [Double](repeating: 0, count: nu * nd)
        for u in 0..<nu { for t in 0..<nd { ids[u * nd + t] = population[u]; time[u * nd + t] = Double(dates[t]) } }
        var columns: [DataColumn] = []
        for (k, (v, perDate)) in selections.enumerated() {
            var rows = [Int](repeating: -1, count: nu * nd)
            for t in 0..<nd {
                let match = Self.leftJoin(population, perDate[t].ids)
                let sel = perDate[t].rows
                for u in 0..<nu where match[u] >= 0 { rows[u * nd + t] = sel.map { $0[match[u]] } ?? match[u] }
            }
            let name = spec.variables[k].variable
            if columns.contains(where: { $0.name == name }) { throw EngineError("\(name) is imported twice") }
            columns.append(try Self.column(v, rows: rows, name: name))
        }
        columns.append(DataColumn(name: "date@panel", numbers: time, type: .date))
        if !unitsOnly {
            d.unitType = unitType
            d.idName = Dataset.idName(for: unitType ?? "PERSON")
            d.policy = policy
        }
        d.ids = ids
        d.columns = columns
        d.isPanel = true
        ws.datasets[i] = d
    }
}
