import Foundation

/// The dictionary of a STRING variable: its distinct values, sorted and unique, stored once;
/// the value column holds Int32 codes into it.
///
/// Why sorted: code order is then string order, so comparisons and range filters on codes
/// agree with comparisons on the strings, and two imports of the same values give the same
/// codes (byte-identical files). The order is Swift's `String` `<` (Unicode scalar order,
/// the same as byte order for the ASCII codes registers use); the reader checks it.
///
/// On disk it uses the column header with element type 4; the payload is `rowCount + 1`
/// little-endian UInt64 offsets into the bytes that follow, then the UTF-8 bytes of all
/// strings concatenated (string i is bytes[offsets[i] ..< offsets[i+1]]).
public enum StringTable {
    public static let elementType: UInt32 = 4

    public static func encode(_ strings: [String]) -> Data {
        var payload = Data()
        var offsets: [UInt64] = [0]
        var blob = Data()
        for s in strings {
            blob.append(contentsOf: s.utf8)
            offsets.append(UInt64(blob.count))
        }
        for o in offsets { withUnsafeBytes(of: o.littleEndian) { payload.append(contentsOf: $0) } }
        payload.append(blob)
        return payload.withUnsafeBytes {
            ColumnFile.encode(elementType: elementType, rows: strings.count, payload: $0)
        }
    }

    public static func write(_ strings: [String], to url: URL) throws {
        try FileIO.writeAtomically(encode(strings), to: url)
    }

    /// Reads and checks a table (header, size, checksum, offsets, sorted and unique).
    public static func read(_ url: URL, verification: ColumnVerification = .checksum) throws -> [String] {
        let (file, rows) = try ColumnFile.mapAndVerify(
            url, elementType: elementType, verification: verification
        ) { rows, payload in
            let (offsetBytes, overflow) = Int(clamping: rows).addingReportingOverflow(1)
            guard !overflow, offsetBytes <= payload.count / 8 else { return nil }
            let last = payload.loadUnaligned(fromByteOffset: Int(rows) * 8, as: UInt64.self).littleEndian
            let (total, o2) = (offsetBytes * 8).addingReportingOverflow(Int(clamping: last))
            return o2 ? nil : total
        }
        let payload = UnsafeRawBufferPointer(rebasing: file.bytes[ColumnFile.headerSize...])
        let blobStart = (rows + 1) * 8
        var strings: [String] = []
        strings.reserveCapacity(rows)
        var previous = 0
        for i in 0..<rows {
            let a = Int(payload.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self).littleEndian)
            let b = Int(payload.loadUnaligned(fromByteOffset: (i + 1) * 8, as: UInt64.self).littleEndian)
            guard a == previous, b >= a, blobStart + b <= payload.count else {
                throw StoreError.malformed(path: url.path, reason: "string table offset \(i) is out of order.")
            }
            previous = b
            let s = String(decoding: payload[(blobStart + a)..<(blobStart + b)], as: UTF8.self)
            if let last = strings.last, !(last < s) {
                throw StoreError.malformed(path: url.path, reason: "string table is not sorted and unique at entry \(i).")
            }
            strings.append(s)
        }
        return strings
    }
}
