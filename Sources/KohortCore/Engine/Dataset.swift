import Foundation

/// The type a dataset variable has, as the user sees it (microdata.no's data types).
/// LONG, DOUBLE and DATE share one storage (`[Double]`, NaN = sysmiss); STRING is stored as
/// codes into a string table (-1 = sysmiss).
public enum VariableType: String, Sendable, Equatable {
    case long = "LONG"
    case double = "DOUBLE"
    case date = "DATE"
    case string = "STRING"

    public var isNumeric: Bool { self != .string }
}

/// One variable of a dataset: a contiguous typed column.
///
/// Numbers (LONG, DOUBLE, DATE as days since 1970-01-01) are `[Double]` with NaN as the
/// missing value: one storage for arithmetic, exact for integers up to 2^53 (far beyond any
/// register id or amount). Strings and codes are `[Int32]` indices into `strings` with -1 as
/// missing, so comparisons and group-bys work on small integers.
public struct DataColumn: Sendable {
    public var name: String
    public var type: VariableType
    // Unit-level storage is internal to KohortCore: the interface and the executable see
    // names, types and counts, never rows (only the Disclosure layer's results leave).
    /// Values for LONG, DOUBLE and DATE (empty for STRING). After `keep`, gathered on first
    /// read (`PendingRows`); writing gathers first, so every reader sees the same values.
    var numbers: [Double] {
        get { numberStorage.values }
        set { numberStorage.values = newValue }
        _modify { yield &numberStorage.values }
    }
    /// Codes for STRING (empty otherwise); -1 is missing. Gathered on first read like `numbers`.
    var codes: [Int32] {
        get { codeStorage.values }
        set { codeStorage.values = newValue }
        _modify { yield &codeStorage.values }
    }
    private var numberStorage: DeferredValues<Double>
    private var codeStorage: DeferredValues<Int32>
    /// The string table codes index into.
    var strings: [String]
    /// The label set assigned with `assign-labels` (or made by `recode`), by name.
    public var labelSet: String?
    /// The register variable it was imported from (`BEFOLKNING_KJOENN`), for labels and help.
    public var source: String?
    /// When the values are ids of another unit (a person key), that unit type.
    public var unitKey: String?

    init(name: String, numbers: [Double], type: VariableType = .double) {
        precondition(type.isNumeric)
        self.name = name
        self.type = type
        self.numberStorage = DeferredValues(numbers)
        self.codeStorage = DeferredValues([])
        self.strings = []
    }

    init(name: String, codes: [Int32], strings: [String]) {
        self.name = name
        self.type = .string
        self.numberStorage = DeferredValues([])
        self.codeStorage = DeferredValues(codes)
        self.strings = strings
    }

    public var count: Int {
        type == .string ? codeStorage.count : numberStorage.count
    }

    /// The rows of `selection`, gathered when first read. `composed` remembers selections
    /// of selections already made for other columns of the same dataset.
    func selecting(_ selection: RowSelection, composed: inout [ObjectIdentifier: RowSelection]) -> DataColumn {
        var copy = self
        if type == .string {
            copy.codeStorage = codeStorage.selecting(selection, composed: &composed)
        } else {
            copy.numberStorage = numberStorage.selecting(selection, composed: &composed)
        }
        return copy
    }

    /// The rows `keep` selects (indices in ascending order).
    func gathered(_ rows: [Int]) -> DataColumn {
        var copy = self
        if type == .string {
            copy.codes = codes.withUnsafeBufferPointer { c in rows.map { c[$0] } }
        } else {
            copy.numbers = numbers.withUnsafeBufferPointer { v in rows.map { v[$0] } }
        }
        return copy
    }

    /// Rows taken by index; an index of -1 gives a missing value (for joins).
    func gathered(optional rows: [Int]) -> DataColumn {
        var copy = self
        if type == .string {
            copy.codes = codes.withUnsafeBufferPointer { c in rows.map { $0 < 0 ? -1 : c[$0] } }
        } else {
            copy.numbers = numbers.withUnsafeBufferPointer { v in rows.map { $0 < 0 ? .nan : v[$0] } }
        }
        return copy
    }

    /// The values for rows with ids `left` (ascending, may repeat) from this column's rows
    /// with ids `right` (ascending, unique); missing where `right` lacks the id.
    func joined(into left: [Int64], from right: [Int64]) -> DataColumn {
        var copy = self
        left.withUnsafeBufferPointer { l in
            right.withUnsafeBufferPointer { r in
                if type == .string {
                    copy.codes = codes.withUnsafeBufferPointer { JoinGather.column(left: l, right: r, rows: nil, values: $0, JoinCodes.self) }
                } else {
                    copy.numbers = numbers.withUnsafeBufferPointer { JoinGather.column(left: l, right: r, rows: nil, values: $0, JoinNumbers.self) }
                }
            }
        }
        return copy
    }

    /// A column of `count` missing values of the same type.
    func missing(count: Int) -> DataColumn {
        var copy = self
        if type == .string { copy.codes = Array(repeating: -1, count: count) }
        else { copy.numbers = Array(repeating: .nan, count: count) }
        return copy
    }

    /// Whether row `i` is missing.
    @inline(__always) func isMissing(_ i: Int) -> Bool {
        type == .string ? codes[i] < 0 : numbers[i].isNaN
    }

    /// The value of row `i` as text, for internal use only (labels, keys): never shown.
    func text(_ i: Int) -> String? {
        if type == .string { return codes[i] < 0 ? nil : strings[Int(codes[i])] }
        let v = numbers[i]
        return v.isNaN ? nil : EngineFormat.number(v)
    }
}

/// A set of value labels (`define-labels`): value → label.
public struct LabelSet: Sendable, Equatable {
    public var name: String
    public var entries: [(value: ScriptLiteral, label: String)]

    public init(name: String, entries: [(value: ScriptLiteral, label: String)]) {
        self.name = name
        self.entries = entries
    }

    public static func == (a: LabelSet, b: LabelSet) -> Bool {
        a.name == b.name && a.entries.elementsEqual(b.entries) { $0.value == $1.value && $0.label == $1.label }
    }

    /// The label of a numeric value, if any.
    public func label(forNumber v: Double) -> String? {
        for e in entries {
            switch e.value {
            case .number(let n) where n == v: return e.label
            case .string(let s) where Double(s) == v: return e.label
            default: continue
            }
        }
        return nil
    }

    /// The label of a code, if any.
    public func label(forString s: String) -> String? {
        for e in entries {
            switch e.value {
            case .string(let t) where t == s: return e.label
            case .number(let n) where EngineFormat.number(n) == s: return e.label
            default: continue
            }
        }
        return nil
    }
}

/// A dataset of the workspace: a unit type, one unit id per row and typed columns.
///
/// Rows are always sorted by unit id (an event dataset: by id, then spell start), the order
/// the store delivers, so imports and merges are merge-joins and `collapse` by the unit id
/// groups consecutive runs. An event dataset (after `import-event`) has several rows per
/// unit; a panel (after `import-panel`) has one row per unit and date, the date in
/// `date@panel`.
public struct Dataset: Sendable {
    public var name: String
    /// PERSON, KRG_KREFTTILFELLE, …; nil until the first import.
    public var unitType: String?
    /// The name the unit id goes by in expressions and `by()` (PERSONID_1 for persons).
    public var idName: String
    /// Unit id per row, ascending (internal: no unit rows outside KohortCore).
    var ids: [Int64]
    /// When the units are the values of a string variable (after `collapse … by(kommune)`),
    /// the strings the ids index.
    var idStrings: [String]?
    var columns: [DataColumn]
    /// The event variable (`import-event … as x`), if this is an event dataset.
    public var eventVariable: String?
    /// True after `import-panel` or `reshape-to-panel`: `date@panel` holds the time.
    public var isPanel: Bool
    /// The disclosure policy of the datastore the data came from.
    public var policy: DisclosurePolicy

    public init(name: String, policy: DisclosurePolicy = .default) {
        self.name = name
        self.unitType = nil
        self.idName = "PERSONID_1"
        self.ids = []
        self.columns = []
        self.eventVariable = nil
        self.isPanel = false
        self.policy = policy
    }

    /// Number of rows (units, or spells in an event dataset, or unit × date in a panel).
    public var rowCount: Int { ids.count }
    /// True before the first import.
    public var isEmpty: Bool { unitType == nil && columns.isEmpty }
    /// Variable names in order (the unit id not included).
    public var variableNames: [String] { columns.map(\.name) }

    public func column(named name: String) -> DataColumn? { columns.first { $0.name == name } }
    func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The unit id name for a unit type.
    public static func idName(for unitType: String) -> String {
        unitType == "PERSON" ? "PERSONID_1" : "\(unitType)_ID"
    }

    /// Keeps the rows where `mask` is true: the ids at once, every other column when it is
    /// first read (`PendingRows`), so a filter costs the mask and the ids, not a pass over
    /// every column of a wide dataset.
    mutating func keepRows(mask: [Bool]) {
        keep(mask.withUnsafeBufferPointer { RowSelection.from(mask: $0) })
    }

    /// Keeps the given rows (ascending), in every column.
    mutating func keepRows(_ rows: [Int]) {
        keep(RowSelection(rows.map { Int32(truncatingIfNeeded: $0) }))
    }

    mutating func keep(_ selection: RowSelection) {
        precondition(ids.count <= Int(Int32.max), "row numbers are 32-bit")
        ids = PendingRows.gather(ids, selection.rows)
        var composed: [ObjectIdentifier: RowSelection] = [:]
        columns = columns.map { $0.selecting(selection, composed: &composed) }
    }
}

/// A datastore pinned by `require NAME:VERSION as alias`.
public struct RequiredDatastore: Sendable, Equatable {
    public var datastore: String
    public var version: Int
}

/// Everything a session has built: named datasets, the current one, `require` aliases,
/// label sets and the lines run so far.
///
/// A value type: the engine runs each command on a copy and keeps the copy only if the
/// command succeeds, so a failing command changes nothing. Columns are arrays (copy on
/// write), so the copy costs nothing until a column is actually changed.
public struct Workspace: Sendable {
    public var datasets: [Dataset] = []
    public var currentName: String?
    public var requires: [String: RequiredDatastore] = [:]
    public var labelSets: [String: LabelSet] = [:]
    /// The command lines that ran successfully, in order.
    public var history: [String] = []

    public init() {}

    public var current: Dataset? {
        guard let currentName else { return nil }
        return dataset(named: currentName)
    }

    public func dataset(named name: String) -> Dataset? { datasets.first { $0.name == name } }
    func datasetIndex(_ name: String) -> Int? { datasets.firstIndex { $0.name == name } }
    public var datasetNames: [String] { datasets.map(\.name) }
}

/// Integer conversions that cannot trap: values outside the range (or NaN) give nil.
enum SafeInt {
    static func int(_ v: Double) -> Int? { v.isFinite && abs(v) < 1e15 ? Int(v.rounded(.down)) : nil }
    static func int32(_ v: Double) -> Int32? { v.isFinite && abs(v) < 2e9 ? Int32(v.rounded(.down)) : nil }
    static func int64(_ v: Double) -> Int64? { v.isFinite && abs(v) < 9e18 ? Int64(v.rounded(.towardZero)) : nil }
    /// A day number as `YYYY-MM-DD` (empty when out of range).
    static func isoDate(_ v: Double) -> String {
        guard let d = int32(v), abs(d) < 3_000_000 else { return "" }
        return EpochDays.format(d)
    }
}

/// Number formatting for internal keys and messages (never for unit-level output).
enum EngineFormat {
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
