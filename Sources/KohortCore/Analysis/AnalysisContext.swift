import Foundation
import Statistics

/// Everything one analysis command needs: the current dataset, its policy, the command's
/// options and `if` mask, and the record keys of its rows (cached per dataset).
///
/// Raw values never leave this type except as the `Raw*` inputs of the Disclosure layer's
/// `Release.*` functions.
struct AnalysisContext {
    let analysis: ScriptAnalysis
    let command: ScriptCommand
    let dataset: Dataset
    let workspace: Workspace
    /// Where the command's statistics note their samples for the query-set audit.
    var auditLog = AuditLog()

    var policy: DisclosurePolicy { dataset.policy }
    var line: Int { command.position.line }
    var source: String { command.source }
    var name: String { analysis.command }

    /// Record keys of every row's unit (UInt32, computed once per dataset and secret).
    var recordKeys: [UInt32] { RecordKeyCache.shared.keys(dataset) }

    // MARK: Options

    func has(_ option: String) -> Bool { command.hasOption(option) }

    func number(_ option: String) throws -> Double? {
        guard let o = command.option(option) else { return nil }
        return try o.number()
    }

    func names(_ option: String) throws -> [String]? {
        guard let o = command.option(option) else { return nil }
        return try o.names()
    }

    /// `level(90)` as 0.90 (default 0.95).
    func level() throws -> Double {
        guard let l = try number("level") else { return 0.95 }
        guard l >= 10, l <= 99.99 else { throw EngineError("level() must be between 10 and 99.99", at: command.option("level")?.position) }
        return l / 100
    }

    func error(_ message: String) -> EngineError { EngineError(message, at: command.position) }

    // MARK: Variables

    func requireColumn(_ name: String) throws -> DataColumn? {
        if name == dataset.idName { return nil }
        guard let c = dataset.column(named: name) else {
            throw EngineError.unknown("variable", name, candidates: dataset.variableNames + [dataset.idName],
                                      at: ScriptEngine.position(of: name, in: command))
        }
        return c
    }

    /// A numeric variable over all rows (NaN = missing); no copy for stored columns.
    func numbers(_ name: String) throws -> [Double] {
        guard let c = try requireColumn(name) else { return dataset.ids.map(Double.init) }
        guard c.type.isNumeric else {
            throw EngineError("'\(name)' is a string variable; this needs a number (use destring, or i.\(name) for categories)",
                              at: ScriptEngine.position(of: name, in: command))
        }
        return c.numbers
    }

    /// Whether a variable is missing on each row (for complete-case masks).
    func missing(_ name: String) throws -> [Bool] {
        guard let c = try requireColumn(name) else { return Array(repeating: false, count: dataset.rowCount) }
        if c.type == .string { return c.codes.map { $0 < 0 } }
        return c.numbers.map { $0.isNaN }
    }

    /// The `if` condition and non-missing values of every variable named.
    func mask(complete variables: [String]) throws -> [Bool] {
        var m = try dataset.rowMask(command.condition)
        for v in variables {
            guard let c = try requireColumn(v) else { continue }
            // Branch-free and on both cores: a model's mask reads a dozen columns of ~9 M rows.
            m.withUnsafeMutableBufferPointer { mb in
                if c.type == .string {
                    c.codes.withUnsafeBufferPointer { cb in VectorOps.chunked(mb.count) { r in for i in r { mb[i] = mb[i] && cb[i] >= 0 } } }
                } else {
                    c.numbers.withUnsafeBufferPointer { nb in VectorOps.chunked(mb.count) { r in for i in r { mb[i] = mb[i] && !nb[i].isNaN } } }
                }
            }
        }
        return m
    }

    /// A categorical view of a variable: dense codes 0..<k per row (-1 = missing) and labels.
    /// Strings keep their table; numbers are mapped through their distinct values (an array
    /// indexed by value when they are small whole numbers, so no dictionary per row).
    func categorical(_ name: String, includeMissing: Bool = false) throws -> Categorical {
        let column = try requireColumn(name)
        var result: Categorical
        if let column, column.type == .string {
            // Keep only categories that occur, in natural (numeric-aware) order.
            let used = Categorical.used(column.codes, base: 0, span: column.strings.count)
            let order = column.strings.indices.filter { used[$0] }.sorted { Categorical.less(column.strings[$0], column.strings[$1]) }
            let codes: [Int32]
            if order.elementsEqual(column.strings.indices) {
                codes = column.codes   // every string used and already in order: no copy
            } else {
                var remap = [Int32](repeating: -1, count: column.strings.count)
                for (k, s) in order.enumerated() { remap[s] = Int32(k) }
                codes = Categorical.codes(column.codes, base: 0, map: remap)
            }
            result = Categorical(name: name, codes: codes, labels: order.map { column.strings[$0] }, values: nil)
        } else {
            let values = try numbers(name)
            result = Categorical.numeric(name: name, values: values)
            guard result.values != nil else {
                throw EngineError("'\(name)' has more than 10 000 distinct values; it cannot be used as categories (recode it first)",
                                  at: ScriptEngine.position(of: name, in: command))
            }
        }
        if includeMissing, result.codes.contains(-1) {
            let k = Int32(result.labels.count)
            result.codes = result.codes.map { $0 < 0 ? k : $0 }
            result.labels.append(".")
            result.values?.append(.nan)
        }
        // Value labels, when a label set is assigned.
        result.display = result.labels.map { dataset.label(of: $0, variable: name, in: workspace).map { l in "\(l)" } ?? $0 }
        return result
    }

    /// Sum of record keys of the rows in `mask` (wrapping). Branch-free (the key times the mask
    /// bit): a model's mask drops rows at random, so a branch per row mispredicts often.
    func keySum(_ mask: [Bool]) -> UInt64 {
        let keys = recordKeys
        var s: UInt64 = 0
        keys.withUnsafeBufferPointer { k in mask.withUnsafeBufferPointer { m in for i in 0..<m.count { s = s &+ UInt64(k[i]) &* UInt64(m[i] ? 1 : 0) } } }
        return s
    }

    /// The population rule on the units selected.
    func checkPopulation(_ mask: [Bool]) throws {
        try TransformationGate.checkPopulation(units(mask), policy: policy)
    }

    /// The same rule when the caller has counted the `selected` rows of `mask` (a model's
    /// `ModelRows`): with one row per unit that count is the units, and the id column (75 MB at
    /// full size) is not read.
    func checkPopulation(_ mask: [Bool], selected: Int) throws {
        try TransformationGate.checkPopulation(oneRowPerUnit ? selected : units(mask), policy: policy)
    }

    /// Whether every unit has one row (a person dataset, not events or a panel); cached per id
    /// column with its whole-dataset facts.
    var oneRowPerUnit: Bool { WholeDatasetFacts.shared.facts(dataset.ids, recordKeys).units == dataset.rowCount }

    /// Distinct units among selected rows (rows are sorted by unit id).
    func units(_ mask: [Bool]) -> Int {
        if oneRowPerUnit { return ModelRows(mask).count }
        var n = 0, last: Int64? = nil
        dataset.ids.withUnsafeBufferPointer { ids in
            mask.withUnsafeBufferPointer { m in
                for i in 0..<ids.count where m[i] && ids[i] != last { n += 1; last = ids[i] }
            }
        }
        return n
    }

    func message(_ text: String) -> ReleasedResult { Release.message(text, command: source, line: line) }
}

/// A categorical variable as dense codes.
struct Categorical {
    var name: String
    var codes: [Int32]
    /// Raw values as text (for names like `2.x` and for base categories).
    var labels: [String]
    /// Numeric values per category (nil for strings).
    var values: [Double]?
    /// What tables show: the value label if one is assigned, else the value.
    var display: [String] = []

    var count: Int { labels.count }

    static func less(_ a: String, _ b: String) -> Bool {
        if let x = Double(a), let y = Double(b) { return x < y }
        return a < b
    }

    /// A whole number that converts to `Int` (a value-indexed table subtracts its smallest as
    /// an `Int`; beyond ±2⁶³ that conversion would trap).
    static func indexable(_ v: Double) -> Bool {
        v >= -0x1p63 && v < 0x1p63 && Double(Int64(v)) == v
    }

    static func numeric(name: String, values: [Double]) -> Categorical {
        let (lo, hi, whole) = Categorical.rangeAndWhole(values)
        guard lo <= hi else { return Categorical(name: name, codes: Array(repeating: -1, count: values.count), labels: [], values: []) }
        if whole, indexable(lo), indexable(hi), hi - lo < 2_000_000 {
            let base = Int(lo), span = Int(hi - lo) + 1
            let used = Categorical.used(values, base: base, span: span)
            var map = [Int32](repeating: -1, count: span)
            var labels: [String] = [], vals: [Double] = []
            for j in 0..<span where used[j] {
                map[j] = Int32(labels.count); labels.append(String(base + j)); vals.append(Double(base + j))
            }
            return Categorical(name: name, codes: Categorical.codes(values, base: base, map: map), labels: labels, values: vals)
        }
        let distinct = Array(Set(values.filter { !$0.isNaN })).sorted()
        guard distinct.count <= 10_000 else {
            return Categorical(name: name, codes: [], labels: [], values: nil)
        }
        var index: [Double: Int32] = [:]
        for (k, v) in distinct.enumerated() { index[v] = Int32(k) }
        let codes = values.map { $0.isNaN ? Int32(-1) : index[$0]! }
        return Categorical(name: name, codes: codes, labels: distinct.map { EngineFormat.number($0) }, values: distinct)
    }
}

/// Record keys per dataset: hashing 5.5 M ids takes tens of milliseconds, so the keys of the
/// last few id columns are kept (an id array compares equal in O(1) when it is the same buffer).
final class RecordKeyCache: @unchecked Sendable {
    static let shared = RecordKeyCache()
    private let lock = NSLock()
    private var entries: [(ids: [Int64], secret: String, keys: [UInt32])] = []

    func keys(_ d: Dataset) -> [UInt32] {
        lock.lock()
        if let hit = entries.first(where: { $0.secret == d.policy.cellKeySecret && $0.ids == d.ids }) {
            lock.unlock()
            return hit.keys
        }
        lock.unlock()
        let keys: [UInt32]
        if let strings = d.idStrings {
            let rk = RecordKey(policy: d.policy)
            keys = d.ids.map { UInt32(truncatingIfNeeded: rk(strings[Int($0)])) }
        } else {
            keys = RecordKey(policy: d.policy).keys(d.ids)
        }
        lock.lock()
        entries.insert((d.ids, d.policy.cellKeySecret, keys), at: 0)
        if entries.count > 4 { entries.removeLast() }
        lock.unlock()
        return keys
    }
}

extension Array where Element == Double {
    /// The rows where `mask` is true (a copy), or self when every row is selected.
    func selected(_ mask: [Bool], count: Int) -> [Double] {
        if count == self.count { return self }
        var out = [Double]()
        out.reserveCapacity(count)
        withUnsafeBufferPointer { v in mask.withUnsafeBufferPointer { m in for i in 0..<m.count where m[i] { out.append(v[i]) } } }
        return out
    }
}

extension Array where Element == Int32 {
    func selected(_ mask: [Bool], count: Int) -> [Int32] {
        if count == self.count { return self }
        var out = [Int32]()
        out.reserveCapacity(count)
        for i in 0..<mask.count where mask[i] { out.append(self[i]) }
        return out
    }
}

extension StatisticsError {
    /// The estimator's message as an engine error at the command.
    func engineError(_ c: AnalysisContext) -> EngineError {
        switch self {
        // Deliberately generic: naming the regressor, the value or the outcome it predicts would
        // tell that every unit of a group has the same outcome, which a released table would
        // show only as perturbed (and possibly suppressed) counts.
        case .perfectSeparation: return c.error("the model cannot be estimated because of perfect separation (or quasi-complete separation): some value or combination of the regressors predicts the outcome exactly; recode the regressors (merge sparse categories) or drop some, and try again")
        case .tooFewObservations: return c.error("too few observations for this model")
        default: return c.error(description)
        }
    }
}
