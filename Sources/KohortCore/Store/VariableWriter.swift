import Foundation

/// A value column in memory, typed by the measure's data type.
public enum ValueColumn: Sendable, Equatable {
    case long([Int64])
    case double([Double])
    /// Days since 1970-01-01.
    case date([Int32])
    /// Codes into `dictionary`, which must be sorted and unique.
    case string(codes: [Int32], dictionary: [String])

    public var count: Int {
        switch self {
        case .long(let v): return v.count
        case .double(let v): return v.count
        case .date(let v): return v.count
        case .string(let c, _): return c.count
        }
    }

    public var dataType: Microdata.DataType {
        switch self {
        case .long: return .long
        case .double: return .double
        case .date: return .date
        case .string: return .string
        }
    }

    /// The same column reordered by `order` (a permutation of row indices).
    func permuted(_ order: [Int32]) -> ValueColumn {
        switch self {
        case .long(let v): return .long(order.map { v[Int($0)] })
        case .double(let v): return .double(order.map { v[Int($0)] })
        case .date(let v): return .date(order.map { v[Int($0)] })
        case .string(let c, let d): return .string(codes: order.map { c[Int($0)] }, dictionary: d)
        }
    }
}

/// A whole variable in memory, as the importer and the synthetic generator produce it.
public struct VariableColumns: Sendable, Equatable {
    public var ids: [Int64]
    public var starts: [Int32]
    public var stops: [Int32]
    public var values: ValueColumn

    public init(ids: [Int64], starts: [Int32], stops: [Int32], values: ValueColumn) {
        precondition(ids.count == starts.count && ids.count == stops.count && ids.count == values.count,
                     "all columns of a variable have the same length")
        self.ids = ids
        self.starts = starts
        self.stops = stops
        self.values = values
    }

    public var count: Int { ids.count }

    /// Rows ordered by (id, start, stop), the order the store promises (`VariableMeta.sortedBy`).
    /// Missing dates (`EpochDays.missing` = Int32.min) sort first, which is what FIXED rows have.
    public func sortedByIDAndStart() -> VariableColumns {
        permuted(RowOrder.sorted(ids: ids, starts: starts, stops: stops))
    }

    /// The rows reordered by `order` (a permutation of row indices).
    func permuted(_ order: [Int32]) -> VariableColumns {
        if RowOrder.isIdentity(order) { return self }
        return VariableColumns(ids: order.map { ids[Int($0)] }, starts: order.map { starts[Int($0)] },
                               stops: order.map { stops[Int($0)] }, values: values.permuted(order))
    }
}

/// Writes a variable's folder. Every file is written atomically and `meta.json` last, so a
/// folder with a `meta.json` is complete; the datastore still only trusts folders its
/// manifest names (see `Datastore.publish`).
public enum VariableWriter {
    public static func write(_ columns: VariableColumns, meta: VariableMeta, sourceMetadata: Data? = nil,
                             to directory: URL) throws {
        precondition(columns.count == meta.rowCount && columns.values.dataType == meta.dataType,
                     "meta.json must describe the columns it sits beside")
        try FileIO.createDirectory(directory)
        try ColumnFile.write(columns.ids, to: directory.appendingPathComponent(VariableFiles.ids))
        try ColumnFile.write(columns.starts, to: directory.appendingPathComponent(VariableFiles.starts))
        try ColumnFile.write(columns.stops, to: directory.appendingPathComponent(VariableFiles.stops))
        let valueURL = directory.appendingPathComponent(VariableFiles.values)
        switch columns.values {
        case .long(let v): try ColumnFile.write(v, to: valueURL)
        case .double(let v): try ColumnFile.write(v, to: valueURL)
        case .date(let v): try ColumnFile.write(v, to: valueURL)
        case .string(let codes, let dictionary):
            try StringTable.write(dictionary, to: directory.appendingPathComponent(VariableFiles.dictionary))
            try ColumnFile.write(codes, to: valueURL)
        }
        if let sourceMetadata {
            try FileIO.writeAtomically(sourceMetadata, to: directory.appendingPathComponent(VariableFiles.sourceMetadata))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let metaData: Data
        do { metaData = try encoder.encode(meta) } catch {
            throw StoreError.malformed(path: directory.path, reason: "meta could not be encoded: \(error)")
        }
        try FileIO.writeAtomically(metaData, to: directory.appendingPathComponent(VariableFiles.meta))
    }
}
