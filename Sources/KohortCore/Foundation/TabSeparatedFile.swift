import Foundation

/// A parsed tab-separated file with one header row, as the catalogue assets are written.
/// Kept deliberately simple (no quoting) so that a data owner can review assets in a diff;
/// errors carry the file and line so a broken asset is fixed in one look.
struct TabSeparatedFile {
    struct Row {
        let line: Int
        let fields: [Substring]
    }

    let path: String
    let header: [String]
    let rows: [Row]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw CatalogueError.unreadable(path: path)
        }
        try self.init(path: path, text: text)
    }

    init(path: String, text: String) throws {
        self.path = path
        var header: [String]?
        var rows: [Row] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if header == nil {
                header = fields.map { String($0).trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard fields.count == header!.count else {
                throw CatalogueError.malformed(path: path, line: lineNumber,
                    message: "expected \(header!.count) tab-separated fields, found \(fields.count)")
            }
            rows.append(Row(line: lineNumber, fields: fields))
        }
        guard let header else { throw CatalogueError.malformed(path: path, line: 1, message: "the file has no header row") }
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
