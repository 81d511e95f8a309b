import Foundation

/// The microdata temporality of a generated variable (DESIGN.md §1).
public enum SyntheticTemporality: String, Sendable {
    case fixed = "FIXED", status = "STATUS", accumulated = "ACCUMULATED", event = "EVENT"
}

/// The values of a generated column, typed and contiguous.
public enum GeneratedValues: Sendable {
    case int64([Int64])
    case double([Double])
    /// Dates as days since 1970-01-01.
    case date([Int32])
    /// Small dense codes with their labels on the side (`labels[code]` is the code-list value,
    /// e.g. "C34" or "0301"), so the engine can group by array index. In a `GeneratedColumn`
    /// the labels are always sorted and unique (the store's string dictionaries require it),
    /// so `Int32(code)` is directly the store's dictionary code.
    case codes([UInt16], labels: [String])

    public var count: Int {
        switch self {
        case .int64(let v): v.count
        case .double(let v): v.count
        case .date(let v): v.count
        case .codes(let v, _): v.count
        }
    }
}

/// One variable as rows `unit id × value × start × stop`, in memory, ready for a store writer.
///
/// This is the hand-off between the generator and the on-disk store: the generator knows nothing
/// of files, the store nothing of how values arise. Missing start/stop dates are `SynthDay.missing`.
public struct GeneratedColumn: Sendable {
    public var name: String
    public var unitType: String
    public var temporality: SyntheticTemporality
    public var ids: [Int64]
    public var values: GeneratedValues
    public var start: [Int32]
    public var stop: [Int32]

    public init(name: String, unitType: String, temporality: SyntheticTemporality, ids: [Int64],
                values: GeneratedValues, start: [Int32], stop: [Int32]) {
        precondition(ids.count == values.count && ids.count == start.count && ids.count == stop.count,
                     "column \(name): ids, values, start and stop must have equal length")
        self.name = name
        self.unitType = unitType
        self.temporality = temporality
        self.ids = ids
        self.values = GeneratedValues.sortedLabels(values)
        self.start = start
        self.stop = stop
    }

    public var rowCount: Int { ids.count }
}

extension GeneratedValues {
    /// Rewrites `.codes` so the labels are sorted and unique (merging equal labels), keeping
    /// every row's label. Other cases pass through. O(rows), only when the labels need it.
    static func sortedLabels(_ values: GeneratedValues) -> GeneratedValues {
        guard case .codes(let codes, let labels) = values else { return values }
        if zip(labels, labels.dropFirst()).allSatisfy({ $0 < $1 }) { return values }
        let unique = Array(Set(labels)).sorted()
        var position: [String: UInt16] = [:]
        for (k, l) in unique.enumerated() { position[l] = UInt16(k) }
        let remap = labels.map { position[$0]! }
        return .codes(codes.map { remap[Int($0)] }, labels: unique)
    }
}
