import Foundation

/// A parsed tab-separated file with one header row, as the catalogue assets are written.
/// Kept deliberately simple (no quoting) so that a data owner can review assets in a diff;
/// errors carry the file and line so a broken asset is fixed in one look. Parsing works on
/// UTF-8 bytes: start-up reads a few thousand lines and must stay in the low milliseconds.
struct TabSeparatedFile {
    struct Row {
        let line: Int
        let fields: [Substring]
    }

    let path: String
    let header: [String]
    let rows: [Row]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CatalogueError.unreadable(path: path) }
        try self.init(path: path, bytes: [UInt8](data))
    }

    init(path: String, text: String) throws {
        try self.init(path: path, bytes: Array(text.utf8))
    }

    init(path: String, bytes: [UInt8]) throws {
        self.path = path
        var header: [String]?
        var rows: [Row] = []
        var lineNumber = 0
        var fields: [Substring] = []
        var valid = true
        bytes.withUnsafeBufferPointer { buffer in
            var lineStart = 0
            let n = buffer.count
            while lineStart < n {
                var lineEnd = lineStart
                while lineEnd < n && buffer[lineEnd] != 10 { lineEnd += 1 }
                lineNumber += 1
                var end = lineEnd
                if end > lineStart && buffer[end - 1] == 13 { end -= 1 }
                if end > lineStart && buffer[lineStart] != 35 { // skip empty lines and # comments
                    fields.removeAll(keepingCapacity: true)
                    var fieldStart = lineStart
                    for i in lineStart...end where i == end || buffer[i] == 9 {
                        guard let text = String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: buffer[fieldStart..<i])) else { valid = false; return }
                        fields.append(Substring(text))
                        fieldStart = i + 1
                    }
                    if header == nil {
                        header = fields.map { $0.trimmedSpaces }
                    } else {
                        rows.append(Row(line: lineNumber, fields: fields))
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        guard valid else { throw CatalogueError.malformed(path: path, line: lineNumber, message: "the line is not valid UTF-8") }
        guard let header else { throw CatalogueError.malformed(path: path, line: 1, message: "the file has no header row") }
        for row in rows where row.fields.count != header.count {
            throw CatalogueError.malformed(path: path, line: row.line,
                message: "expected \(header.count) tab-separated fields, found \(row.fields.count)")
        }
        self.header = header
        self.rows = rows
    }

    /// Column index by header name; a missing column is an asset error, not a crash.
    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw CatalogueError.malformed(path: path, line: 1, message: "missing column '\(name)'")
        }
        return i
    }
}

extension String {
    /// Decodes UTF-8, failing (instead of repairing) on invalid bytes.
    init?(validatingUTF8Bytes bytes: UnsafeBufferPointer<UInt8>) {
        var ascii = true
        for b in bytes where b >= 128 { ascii = false; break }
        if ascii { self = String(decoding: bytes, as: UTF8.self); return }
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}

extension StringProtocol {
    /// Drops leading and trailing ASCII spaces. Foundation's `trimmingCharacters` bridges
    /// through NSString and dominated catalogue start-up; asset fields only ever need this.
    var trimmedSpaces: String {
        var bytes = Array(utf8)[...]
        while bytes.first == 32 { bytes.removeFirst() }
        while bytes.last == 32 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
