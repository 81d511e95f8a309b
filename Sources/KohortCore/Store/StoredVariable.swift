import Foundation

/// The small JSON file (`meta.json`) beside a variable's columns: enough to open and type the
/// columns without reading them, and to tell a stale cache from a current one.
public struct VariableMeta: Codable, Equatable, Sendable {
    public var name: String
    public var temporality: Microdata.Temporality
    public var dataType: Microdata.DataType
    public var unitType: String
    public var rowCount: Int
    /// Column format version the files were written with (`ColumnFile.formatVersion`).
    public var formatVersion: UInt32
    /// Who wrote it and how, e.g. "kohort-import 1" or "synthetic 3 seed 42"; a reader that
    /// expects a different generator treats the variable as stale and rebuilds it.
    public var generator: String
    /// Row order of the columns. Always "id,start" for now: rows are sorted by unit id, then
    /// start date, so the engine can merge and group without sorting again.
    public var sortedBy: String

    public init(name: String, temporality: Microdata.Temporality, dataType: Microdata.DataType,
                unitType: String, rowCount: Int, generator: String,
                formatVersion: UInt32 = ColumnFile.formatVersion, sortedBy: String = "id,start") {
        self.name = name
        self.temporality = temporality
        self.dataType = dataType
        self.unitType = unitType
        self.rowCount = rowCount
        self.formatVersion = formatVersion
        self.generator = generator
        self.sortedBy = sortedBy
    }
}

/// File names inside a variable's folder (docs/store-format.md).
public enum VariableFiles {
    public static let meta = "meta.json"
    public static let ids = "id.col"
    public static let starts = "start.col"
    public static let stops = "stop.col"
    public static let values = "value.col"
    public static let dictionary = "value.dict"
    /// The delivery's own NAME.json, kept verbatim for the catalogue (descriptions, code lists).
    public static let sourceMetadata = "metadata.json"
}

/// A variable on disk, opened lazily: creating one reads only `meta.json`; each column is
/// mapped (and checksummed) the first time it is asked for, so a query that needs only ids
/// and values never touches the date files.
public struct StoredVariable: Sendable {
    public let directory: URL
    public let meta: VariableMeta
    public let verification: ColumnVerification
    /// True when the folder is a cache this process may add side indexes to (the synthetic
    /// store's cache; never a published datastore, whose folders are never rewritten).
    public var buildsSideIndexes = false

    public init(directory: URL, verification: ColumnVerification = .checksum) throws {
        self.directory = directory
        self.verification = verification
        let url = directory.appendingPathComponent(VariableFiles.meta)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.missingFile(path: url.path)
        }
        do {
            meta = try JSONDecoder().decode(VariableMeta.self, from: data)
        } catch {
            throw StoreError.malformed(path: url.path, reason: "the variable meta file is not valid: \(error)")
        }
        guard meta.formatVersion == ColumnFile.formatVersion else {
            throw StoreError.unsupportedVersion(path: url.path, found: meta.formatVersion, supported: ColumnFile.formatVersion)
        }
    }

    public var name: String { meta.name }
    public var rowCount: Int { meta.rowCount }

    public func ids() throws -> Column<Int64> { try column(VariableFiles.ids) }
    public func starts() throws -> Column<Int32> { try column(VariableFiles.starts) }
    public func stops() throws -> Column<Int32> { try column(VariableFiles.stops) }
    /// The value column; `T` must match the data type (LONG Int64, DOUBLE Double, DATE and
    /// STRING Int32), otherwise the header check throws `wrongElementType`.
    public func values<T: ColumnElement>(as type: T.Type) throws -> Column<T> { try column(VariableFiles.values) }

    /// The sorted labels STRING codes index into (empty for other data types).
    public func dictionary() throws -> [String] {
        guard meta.dataType == .string else { return [] }
        return try StringTable.read(directory.appendingPathComponent(VariableFiles.dictionary), verification: verification)
    }

    /// The verbatim delivery metadata (NAME.json), if the variable came from an import.
    public func sourceMetadata() -> Data? {
        FileManager.default.contents(atPath: directory.appendingPathComponent(VariableFiles.sourceMetadata).path)
    }

    /// Opens and checksums every file of the variable; throws the first problem found.
    public func verify() throws {
        let full = try StoredVariable(directory: directory, verification: .checksum)
        _ = try full.ids()
        _ = try full.starts()
        _ = try full.stops()
        switch meta.dataType {
        case .long: _ = try full.values(as: Int64.self)
        case .double: _ = try full.values(as: Double.self)
        case .date: _ = try full.values(as: Int32.self)
        case .string:
            let codes = try full.values(as: Int32.self), labels = try full.dictionary()
            let bad = codes.withUnsafeBufferPointer { c in c.contains { $0 < 0 || Int($0) >= labels.count } }
            if bad {
                throw StoreError.malformed(path: directory.appendingPathComponent(VariableFiles.values).path,
                                           reason: "a string code points outside the dictionary.")
            }
        }
    }

    public func withIDs<R>(_ body: (UnsafeBufferPointer<Int64>) throws -> R) throws -> R {
        try ids().withUnsafeBufferPointer(body)
    }
    public func withStarts<R>(_ body: (UnsafeBufferPointer<Int32>) throws -> R) throws -> R {
        try starts().withUnsafeBufferPointer(body)
    }
    public func withStops<R>(_ body: (UnsafeBufferPointer<Int32>) throws -> R) throws -> R {
        try stops().withUnsafeBufferPointer(body)
    }
    public func withValues<T: ColumnElement, R>(as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) throws -> R {
        try values(as: type).withUnsafeBufferPointer(body)
    }

    private func column<T: ColumnElement>(_ file: String) throws -> Column<T> {
        let url = directory.appendingPathComponent(file)
        let column = try ColumnFile.open(url, as: T.self, verification: verification)
        guard column.count == meta.rowCount else {
            throw StoreError.malformed(path: url.path, reason: "it has \(column.count) rows but meta.json says \(meta.rowCount).")
        }
        return column
    }
}
