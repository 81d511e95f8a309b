import Foundation

/// generate, replace, recode, rename, clone-variables, drop/keep, destring and sample.
extension ScriptEngine {
    /// The numeric type a column of computed values gets: LONG when every value is whole.
    static func numericType(_ values: [Double], date: Bool) -> VariableType {
        if date { return .date }
        let whole = values.withUnsafeBufferPointer { v -> Bool in
            // x - trunc(x) is 0 for whole numbers, NaN for NaN (skipped) and non-zero otherwise.
            for x in v where abs(x) < 9e15 && x != Double(Int64(x)) { return false }
            return true
        }
        return whole ? .long : .double
    }

    func generate(_ a: ScriptAssignment, ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            try requireNewVariable(a.target, d, command)
            guard !d.isEmpty else { throw EngineError("dataset '\(d.name)' is empty; import a variable first to define its units") }
            let compiled = try ExpressionCompiler.compile(a.expression, in: d)
            let n = d.rowCount
            // Arithmetic and comparisons of columns over every row: block by block straight
            // into the new column (no temporaries, the type decided in the same pass).
            if command.condition == nil, compiled.type != .string, let block = BlockEvaluator(a.expression, in: d) {
                try gate(changed: n, total: n, d, command)
                let (numbers, whole) = block.evaluate()
                if Self.isIndicator(a.expression) { try gate(changed: Self.ones(numbers), total: n, d, command) }
                d.columns.append(DataColumn(name: a.target, numbers: numbers, type: compiled.type == .date ? .date : (whole ? .long : .double)))
                return
            }
            let value = try compiled.evaluate()
            let mask = try d.rowMask(command.condition)
            let selected = command.condition == nil ? n : mask.reduce(0) { $0 + ($1 ? 1 : 0) }
            try gate(changed: selected, total: n, d, command)
            var column: DataColumn
            if compiled.isString {
                var (codes, table) = value.strings(n)
                if command.condition != nil { for i in 0..<n where !mask[i] { codes[i] = -1 } }
                column = DataColumn(name: a.target, codes: codes, strings: table)
            } else {
                var numbers = value.numbers(n)
                if command.condition != nil { for i in 0..<n where !mask[i] { numbers[i] = .nan } }
                // An indicator (a comparison, `&`, `|`, inlist, …) that is 1 for a handful of
                // units singles them out as surely as `generate x = 1 if …` would.
                if Self.isIndicator(a.expression) { try gate(changed: Self.ones(numbers), total: n, d, command) }
                column = DataColumn(name: a.target, numbers: numbers, type: Self.numericType(numbers, date: compiled.type == .date))
            }
            d.columns.append(column)
        }
    }

    /// How many values are exactly 1 (the units an indicator singles out), on both cores.
    static func ones(_ values: [Double]) -> Int {
        let parts = values.count >= VectorOps.parallelThreshold ? 2 : 1
        var sums = [Int](repeating: 0, count: parts)
        values.withUnsafeBufferPointer { v in
            sums.withUnsafeMutableBufferPointer { s in
                nonisolated(unsafe) let v = v, s = s
                let size = (v.count + parts - 1) / parts
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    var k = 0
                    for i in (p * size)..<min(v.count, (p + 1) * size) { k &+= v[i] == 1 ? 1 : 0 }
                    s[p] = k
                }
            }
        }
        return sums.reduce(0, +)
    }

    /// Expressions whose value is 1/0/missing.
    static func isIndicator(_ e: ScriptExpression) -> Bool {
        switch e.kind {
        case .binary(let op, _, _):
            return [.and, .or, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
        case .unary(.not, _): return true
        case .call(let f, _): return ["inlist", "inrange", "sysmiss", "startswith", "endswith"].contains(f)
        default: return false
        }
    }

    func replace(_ a: ScriptAssignment, ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            guard let ci = d.index(of: a.target) else { throw unknownVariable(a.target, d, command, at: a.targetPosition) }
            let compiled = try ExpressionCompiler.compile(a.expression, in: d)
            let n = d.rowCount
            // No block path here: replace keeps the column's type and gates on the values that
            // change, which the general path below counts.
            let value = try compiled.evaluate()
            let mask = try d.rowMask(command.condition)
            var column = d.columns[ci]
            var changed = 0
            if column.type == .string {
                guard compiled.isString || { if case .number(let v) = value { return v.isNaN } else { return false } }() else {
                    throw EngineError("'\(a.target)' is a string variable; the new value must be a string (a code in quotes)", at: a.expression.position)
                }
                let (codes, table) = value.strings(n)
                // Map the new table into the column's table (per table entry, not per row).
                var index: [String: Int32] = [:]
                for (k, s) in column.strings.enumerated() where index[s] == nil { index[s] = Int32(k) }
                var remap = [Int32](repeating: -1, count: table.count)
                for (k, s) in table.enumerated() {
                    if let j = index[s] { remap[k] = j } else {
                        let j = Int32(column.strings.count); column.strings.append(s); index[s] = j; remap[k] = j
                    }
                }
                for i in 0..<n where mask[i] {
                    let new = codes[i] < 0 ? -1 : remap[Int(codes[i])]
                    if new != column.codes[i] { column.codes[i] = new; changed += 1 }
                }
            } else {
                guard !compiled.isString else {
                    throw EngineError("'\(a.target)' is numeric; the new value must be a number (use to_int() to convert a string)", at: a.expression.position)
                }
                let numbers = value.numbers(n)
                column.numbers.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n where mask[i] {
                        let new = numbers[i], old = out[i]
                        if !(new == old || (new.isNaN && old.isNaN)) { out[i] = new; changed += 1 }
                    }
                }
                if column.type == .long && Self.numericType(column.numbers, date: false) == .double { column.type = .double }
            }
            try gate(changed: changed, total: n, d, command)
            d.columns[ci] = column
        }
    }

    func recode(_ r: ScriptRecode, ws: inout Workspace, _ command: ScriptCommand) throws {
        let generateNames = try command.option("generate")?.names()
        let prefix = command.option("prefix")?.rawText?.replacingOccurrences(of: " ", with: "")
        if let g = generateNames, g.count != r.variables.count {
            throw EngineError("generate() needs one new name per recoded variable (\(r.variables.count))", at: command.option("generate")?.position)
        }
        let i = try currentIndex(ws)
        var d = ws.datasets[i]
        let mask = try d.rowMask(command.condition)
        for (k, name) in r.variables.enumerated() {
            guard let ci = d.index(of: name) else { throw unknownVariable(name, d, command) }
            let old = d.columns[ci]
            let target = generateNames?[k] ?? prefix.map { $0 + name } ?? name
            if target != name { try requireNewVariable(target, d, command) }
            var new = old
            new.name = target
            new.labelSet = target == name ? old.labelSet : nil
            new.source = nil
            var changed = 0
            let stringTargets = r.rules.contains { if case .value(.string) = $0.target { return true } else { return false } }
            if old.type == .string || stringTargets {
                // Per distinct value (table entry), then per row by code.
                let (codes, table) = old.type == .string ? (old.codes, old.strings) : VectorOps.numbersToStrings(old.numbers) { EngineFormat.number($0) }
                var outTable: [String] = []
                var outIndex: [String: Int32] = [:]
                func code(_ s: String) -> Int32 {
                    if let c = outIndex[s] { return c }
                    let c = Int32(outTable.count); outTable.append(s); outIndex[s] = c; return c
                }
                func result(_ s: String?) throws -> Int32 {
                    for rule in r.rules where Self.matches(rule, text: s, number: s.flatMap { Double($0) }) {
                        switch rule.target {
                        case .missing: return -1
                        case .value(.string(let t)): return code(t)
                        case .value(.number(let v)): return code(EngineFormat.number(v))
                        }
                    }
                    return s.map(code) ?? -1
                }
                let mapped = try table.map { try result($0) }
                let missingTo = try result(nil)
                var outCodes = codes
                for row in 0..<codes.count where mask[row] {
                    let c = codes[row] < 0 ? missingTo : mapped[Int(codes[row])]
                    outCodes[row] = c
                }
                for row in 0..<codes.count {
                    let before = codes[row] < 0 ? nil : table[Int(codes[row])]
                    let after = outCodes[row] < 0 ? nil : outTable[Int(outCodes[row])]
                    if before != after { changed += 1 }
                }
                new = DataColumn(name: target, codes: outCodes, strings: outTable)
                new.labelSet = target == name ? old.labelSet : nil
            } else {
                var out = old.numbers
                let rules = r.rules
                for row in 0..<out.count where mask[row] {
                    let v = out[row]
                    for rule in rules where Self.matches(rule, text: nil, number: v.isNaN ? nil : v) {
                        switch rule.target {
                        case .missing: out[row] = .nan
                        case .value(.number(let t)): out[row] = t
                        case .value(.string): break
                        }
                        break
                    }
                    let new = out[row]
                    if !(new == v || (new.isNaN && v.isNaN)) { changed += 1 }
                }
                new.numbers = out
                if new.type == .long && Self.numericType(out, date: false) == .double { new.type = .double }
            }
            try gate(changed: changed, total: d.rowCount, d, command)
            // Labels written in the rules become a label set named after the variable.
            let labelled = r.rules.compactMap { rule -> (ScriptLiteral, String)? in
                guard let l = rule.label, case .value(let v) = rule.target else { return nil }
                return (v, l)
            }
            if !labelled.isEmpty {
                ws.labelSets[target] = LabelSet(name: target, entries: labelled.map { (value: $0.0, label: $0.1) })
                new.labelSet = target
            }
            if target == name { d.columns[ci] = new } else { d.columns.append(new) }
        }
        ws.datasets[i] = d
    }

    static func matches(_ rule: ScriptRecodeRule, text: String?, number: Double?) -> Bool {
        for s in rule.sources {
            switch s {
            case .otherwise: return true
            case .missing: if text == nil && number == nil { return true }
            case .nonmissing: if text != nil || number != nil { return true }
            case .value(.number(let v)): if number == v { return true }
            case .value(.string(let t)):
                if text == t { return true }
                if text == nil, let n = number, Double(t) == n { return true }
            case .range(let lo, let hi):
                if let n = number, n >= (lo ?? -.infinity), n <= (hi ?? .infinity) { return true }
            }
        }
        return false
    }

    func rename(_ pairs: [ScriptRenamePair], ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            for p in pairs {
                guard let ci = d.index(of: p.from) else { throw unknownVariable(p.from, d, command) }
                try requireNewVariable(p.to, d, command)
                d.columns[ci].name = p.to
                if d.eventVariable == p.from { d.eventVariable = p.to }
            }
        }
    }

    func cloneVariables(_ pairs: [ScriptClonePair], ws: inout Workspace, _ command: ScriptCommand) throws {
        let prefix = command.option("prefix")?.rawText?.replacingOccurrences(of: " ", with: "") ?? ""
        let suffix = command.option("suffix")?.rawText?.replacingOccurrences(of: " ", with: "") ?? ""
        try modifyCurrent(&ws, command) { d in
            for p in pairs {
                guard var c = d.column(named: p.from) else { throw unknownVariable(p.from, d, command) }
                let to = p.to ?? (prefix + p.from + suffix)
                guard to != p.from else {
                    throw EngineError("clone-variables needs a new name: 'a -> b', or prefix() or suffix()")
                }
                try requireNewVariable(to, d, command)
                c.name = to
                d.columns.append(c)
            }
        }
    }

    func dropOrKeep(_ names: [String], keep: Bool, ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            if let condition = command.condition {
                var mask = try ExpressionCompiler.mask(condition, in: d)
                if !keep { mask = mask.map { !$0 } }
                let selection = mask.withUnsafeBufferPointer { RowSelection.from(mask: $0) }
                let kept = selection.rows.count
                try gate(changed: d.rowCount - kept, total: d.rowCount, d, command)
                if kept != d.rowCount { d.keep(selection) }
                return
            }
            for n in names where d.column(named: n) == nil {
                if n == d.idName {
                    if keep { continue }
                    throw EngineError("the unit id '\(n)' cannot be dropped", at: Self.position(of: n, in: command))
                }
                throw unknownVariable(n, d, command)
            }
            let set = Set(names)
            d.columns.removeAll { set.contains($0.name) != keep }
            if let e = d.eventVariable, d.column(named: e) == nil { d.eventVariable = nil }
            if d.isPanel && d.column(named: "date@panel") == nil { d.isPanel = false }
        }
    }

    func destring(_ names: [String], ws: inout Workspace, _ command: ScriptCommand) throws {
        let prefix = command.option("prefix")?.rawText?.replacingOccurrences(of: " ", with: "")
        let ignore = command.option("ignore").flatMap { o -> String? in
            guard let t = o.arguments?.first else { return nil }
            if case .string(let s) = t.kind { return s }
            return o.rawText
        } ?? ""
        let force = command.hasOption("force"), dpcomma = command.hasOption("dpcomma")
        try modifyCurrent(&ws, command) { d in
            for name in names {
                guard let ci = d.index(of: name) else { throw unknownVariable(name, d, command) }
                let c = d.columns[ci]
                guard c.type == .string else { throw EngineError("'\(name)' is already numeric", at: Self.position(of: name, in: command)) }
                var bad = false
                let values: [Double] = c.strings.map { s in
                    var t = String(s.filter { !ignore.contains($0) }).trimmingCharacters(in: .whitespaces)
                    if dpcomma { t = t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".") }
                    if t.isEmpty { return .nan }
                    if let v = Double(t) { return v }
                    bad = true
                    return .nan
                }
                if bad && !force {
                    throw EngineError("'\(name)' has values that are not numbers; add ', force' to make them missing or ignore() to strip characters",
                                      at: Self.position(of: name, in: command))
                }
                let numbers = values.withUnsafeBufferPointer { v in c.codes.map { $0 < 0 ? Double.nan : v[Int($0)] } }
                var new = DataColumn(name: prefix.map { $0 + name } ?? name, numbers: numbers, type: Self.numericType(numbers, date: false))
                new.source = c.source
                if let p = prefix {
                    try requireNewVariable(p + name, d, command)
                    d.columns.append(new)
                } else {
                    d.columns[ci] = new
                }
            }
        }
    }

    /// A fixed pseudo-random key per unit and seed (splitmix64), so a sample depends on the
    /// seed and the units only, never on row order or the machine.
    static func sampleKey(_ id: Int64, seed: Int) -> UInt64 {
        var z = UInt64(bitPattern: id) &+ UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func sample(_ s: ScriptSample, ws: inout Workspace, _ command: ScriptCommand) throws {
        try modifyCurrent(&ws, command) { d in
            let seed = s.seed ?? 1
            var units: [Int64] = []
            for id in d.ids where units.last != id { units.append(id) }
            var threshold: UInt64
            if s.isFraction {
                threshold = UInt64(min(Double(UInt64.max), s.amount * Double(UInt64.max)))
            } else {
                let n = SafeInt.int(s.amount) ?? Int.max
                guard n >= d.policy.minimumPopulation else {
                    throw EngineError("a sample must hold at least \(d.policy.minimumPopulation) units (or give a fraction such as 0.1)")
                }
                if n >= units.count { return }
                var keys = units.map { Self.sampleKey($0, seed: seed) }
                keys.sort()
                threshold = keys[n - 1]
            }
            var rows: [Int] = []
            rows.reserveCapacity(d.rowCount)
            for i in 0..<d.rowCount where Self.sampleKey(d.ids[i], seed: seed) <= threshold { rows.append(i) }
            try gate(changed: d.rowCount - rows.count, total: d.rowCount, d, command)
            d.keepRows(rows)
        }
    }
}
