import Foundation

/// A fixed-width element a column file can hold. The raw value is written in the header so
/// a reader can refuse a file of the wrong type instead of reinterpreting its bytes.
public protocol ColumnElement: BitwiseCopyable, Sendable {
    static var elementType: ColumnElementType { get }
}

/// The element types of the on-disk format (header field `elementType`).
public enum ColumnElementType: UInt32, Sendable {
    case int64 = 1
    case float64 = 2
    case int32 = 3

    public var byteWidth: Int { self == .int32 ? 4 : 8 }
}

extension Int64: ColumnElement { public static var elementType: ColumnElementType { .int64 } }
extension Double: ColumnElement { public static var elementType: ColumnElementType { .float64 } }
extension Int32: ColumnElement { public static var elementType: ColumnElementType { .int32 } }

/// How much a reader checks when it opens a column file.
public enum ColumnVerification: Sendable {
    /// Magic, version, type and size: O(1), for hot paths that opened the file before.
    case header
    /// Everything in `.header` plus the payload checksum: O(n), the default, because a cache
    /// file must never be trusted without it (see docs/store-format.md).
    case checksum
}

/// The binary column file: a 32-byte header followed by the payload.
///
/// ```
/// offset size field
///      0    8 magic        "KOHCOLv\0" (ASCII)
///      8    4 version      UInt32, currently 1
///     12    4 elementType  UInt32 (1 Int64, 2 Float64, 3 Int32, 4 string table)
///     16    8 rowCount     UInt64
///     24    8 checksum     UInt64, FNV-1a 64 over the payload bytes
///     32    …  payload     rowCount × width bytes, little-endian, no padding
/// ```
/// All integers are little-endian. The header is 32 bytes so that the payload of a mapped
/// file is 8-byte aligned and can be read in place as a typed buffer.
public enum ColumnFile {
    public static let magic: [UInt8] = Array("KOHCOLv\0".utf8)
    public static let formatVersion: UInt32 = 2
    public static let headerSize = 32

    /// Serialises `values` with their header (used by the writer and by tests that corrupt
    /// files on purpose).
    public static func encode<T: ColumnElement>(_ values: UnsafeBufferPointer<T>) -> Data {
        encode(elementType: T.elementType.rawValue, rows: values.count, payload: UnsafeRawBufferPointer(values))
    }

    /// Writes a column file atomically (temp file, fsync, rename, fsync directory).
    public static func write<T: ColumnElement>(_ values: [T], to url: URL) throws {
        let data = values.withUnsafeBufferPointer { encode($0) }
        try FileIO.writeAtomically(data, to: url)
    }

    /// Maps a column file and checks it. A damaged file is a `StoreError`, never data.
    public static func open<T: ColumnElement>(
        _ url: URL, as type: T.Type, verification: ColumnVerification = .checksum
    ) throws -> Column<T> {
        let (file, rows) = try mapAndVerify(
            url, elementType: T.elementType.rawValue, verification: verification
        ) { rows, _ in
            let (n, overflow) = Int(clamping: rows).multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            return overflow ? nil : n
        }
        return Column(file: file, count: rows)
    }

    /// Shared header checks for every file with this header (columns and string tables).
    /// `payloadLength` computes the payload size the header implies (nil if absurd); it may
    /// read the payload, which is guaranteed to be at least as long as the header claims
    /// only after this function returns, so it must bounds-check what it reads.
    static func mapAndVerify(
        _ url: URL, elementType: UInt32, verification: ColumnVerification,
        payloadLength: (UInt64, UnsafeRawBufferPointer) -> Int?
    ) throws -> (MappedFile, Int) {
        let file = try MappedFile(path: url.path)
        let bytes = file.bytes
        let path = url.path
        guard bytes.count >= headerSize else {
            if bytes.count >= magic.count, !bytes.prefix(magic.count).elementsEqual(magic) {
                throw StoreError.badMagic(path: path)
            }
            throw StoreError.sizeMismatch(path: path, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        guard bytes.prefix(magic.count).elementsEqual(magic) else { throw StoreError.badMagic(path: path) }
        let version = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard version == formatVersion else {
            throw StoreError.unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let rawType = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian
        guard rawType == elementType else {
            throw StoreError.wrongElementType(path: path, found: rawType, expected: elementType)
        }
        let rows = bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian
        let payload = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])
        let length = payloadLength(rows, payload)
        let expected = length.map { $0 > Int.max - headerSize ? Int.max : headerSize + $0 } ?? Int.max
        guard bytes.count == expected else {
            throw StoreError.sizeMismatch(path: path, expectedBytes: expected, actualBytes: bytes.count)
        }
        if verification == .checksum {
            let stored = bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian
            guard stored == FNV1a64.hash(payload) else { throw StoreError.checksumMismatch(path: path) }
        }
        return (file, Int(rows))
    }

    /// Header + payload for any element type (the string table reuses it).
    static func encode(elementType: UInt32, rows: Int, payload: UnsafeRawBufferPointer) -> Data {
        var data = header(elementType: elementType, rows: rows, payload: payload)
        data.append(contentsOf: payload)
        return data
    }

    /// The 32-byte header alone (checksum over `payload`), for writers that write the payload
    /// straight from its buffer instead of copying it into one `Data` first.
    static func header(elementType: UInt32, rows: Int, payload: UnsafeRawBufferPointer) -> Data {
        var data = Data(capacity: headerSize + payload.count)
        data.append(contentsOf: magic)
        appendLE(&data, formatVersion)
        appendLE(&data, elementType)
        appendLE(&data, UInt64(rows))
        appendLE(&data, FNV1a64.hash(payload))
        return data
    }

    static func header<T: ColumnElement>(_ values: UnsafeBufferPointer<T>) -> Data {
        header(elementType: T.elementType.rawValue, rows: values.count, payload: UnsafeRawBufferPointer(values))
    }

    private static func appendLE<I: FixedWidthInteger>(_ data: inout Data, _ value: I) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// A read-only, memory-mapped column of `T`. Copying the struct shares the mapping; the
/// mapping lives until the last copy is gone.
public struct Column<T: ColumnElement>: Sendable {
    let file: MappedFile
    public let count: Int

    /// The elements in place (no copy). Do not let the pointer escape `body`.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        try body(buffer)
    }

    @usableFromInline
    var buffer: UnsafeBufferPointer<T> {
        guard count > 0, let base = file.bytes.baseAddress else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        let typed = (base + ColumnFile.headerSize).bindMemory(to: T.self, capacity: count)
        return UnsafeBufferPointer(start: typed, count: count)
    }

    /// A copy as an array; for tests and small columns, not for hot paths.
    public func toArray() -> [T] { Array(buffer) }

    public subscript(i: Int) -> T { buffer[i] }
}
