import Foundation

/// Writes released results to a directory, one file each, numbered in script order and named
/// by command: `003-tabulate.csv`, `004-histogram.vl.json`, `005-textblock.txt`, plus an
/// `index.tsv` and an `index.md` that list them (docs/export.md).
///
/// Format per kind: tables, summaries, models and correlations → CSV (UTF-8 with a byte-order
/// mark so Excel reads æ ø å); every chart, Kaplan–Meier included → Vega-Lite JSON; messages
/// → plain text. Only `ReleasedResult`s are accepted, so nothing unreleased can be written.
public struct ResultExport: Sendable {
    public enum Format: String, Sendable {
        case csv, tsv, vegaLite = "vl.json", text = "txt"
    }

    /// One written file.
    public struct Entry: Sendable, Equatable {
        public let number: Int
        public let fileName: String
        public let format: Format
        public let command: String
        public let line: Int
        public let kind: String
        public let protections: [String]
    }

    public let directory: URL
    /// Whether CSV files start with a UTF-8 byte-order mark (default: yes, for Excel).
    public var byteOrderMark: Bool
    public private(set) var entries: [Entry] = []

    /// Creates the directory if needed. Files already there are overwritten only where the
    /// names coincide; the index always lists exactly this run's files.
    public init(directory: URL, byteOrderMark: Bool = true) throws {
        self.directory = directory
        self.byteOrderMark = byteOrderMark
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The format a result is written in.
    public static func format(for result: ReleasedResult) -> Format {
        switch result.payload {
        case .table, .summary, .model, .correlation: .csv
        case .survival, .histogram, .boxplot, .barchart, .hexbin, .sankey, .pie, .coefplot: .vegaLite
        case .message: .text
        }
    }

    /// The payload kind as in docs/json-output.md (`table`, `histogram`, …).
    public static func kind(of result: ReleasedResult) -> String {
        switch result.payload {
        case .message: "message"
        case .table: "table"
        case .summary: "summary"
        case .model: "model"
        case .survival: "survival"
        case .histogram: "histogram"
        case .boxplot: "boxplot"
        case .barchart: "barchart"
        case .hexbin: "hexbin"
        case .sankey: "sankey"
        case .pie: "pie"
        case .correlation: "correlation"
        case .coefplot: "coefplot"
        }
    }

    /// The command word of a source line, made safe for a file name: `kaplan-meier`, `tabulate`.
    public static func commandName(_ command: String) -> String {
        let word = command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "(" }).first.map(String.init) ?? ""
        let folded = SearchText.fold(word)
        let safe = String(folded.unicodeScalars.map { s -> Character in
            (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "-" ? Character(s) : "-"
        })
        let trimmed = safe.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "result" : String(trimmed.prefix(40))
    }

    /// The file's content as written.
    public func content(_ result: ReleasedResult, format: Format) -> String {
        switch format {
        case .csv: return (byteOrderMark ? "\u{FEFF}" : "") + (TableExport.csv(result) ?? "")
        case .tsv: return TableExport.tsv(result) ?? ""
        case .vegaLite: return VegaLite.json(result) ?? "{}\n"
        case .text: return ResultText.render(result, glyphs: .unicode, width: 100)
        }
    }

    /// Writes one result as the next numbered file; returns its entry.
    @discardableResult
    public mutating func write(_ result: ReleasedResult) throws -> Entry {
        let number = entries.count + 1
        let format = Self.format(for: result)
        let name = String(format: "%03d", number) + "-" + Self.commandName(result.command) + "." + format.rawValue
        try Data(content(result, format: format).utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        let entry = Entry(number: number, fileName: name, format: format, command: result.command, line: result.line,
                          kind: Self.kind(of: result), protections: result.protections.map(\.rule))
        entries.append(entry)
        try writeIndex()
        return entry
    }

    /// Writes a single result to `url` (the Results pane's export key): the format follows
    /// the result's kind, whatever the extension.
    public static func writeOne(_ result: ReleasedResult, to url: URL) throws {
        let export = try ResultExport(directory: url.deletingLastPathComponent())
        try Data(export.content(result, format: format(for: result)).utf8).write(to: url, options: .atomic)
    }

    /// The file name `writeOne` would suggest for a result (no number).
    public static func suggestedFileName(_ result: ReleasedResult) -> String {
        commandName(result.command) + "-line\(result.line)." + format(for: result).rawValue
    }

    /// `index.tsv` (file, line, kind, command, protections) and `index.md` (a readable list).
    func writeIndex() throws {
        var tsv = "file\tline\tkind\tcommand\tprotections\n"
        var md = "# Kohort export\n\nResults in script order. Every number is a released (anonymised) value.\n\n"
        md += "| # | file | line | command | protections |\n|---|---|---|---|---|\n"
        func clean(_ s: String) -> String { s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
        func cell(_ s: String) -> String { clean(s).replacingOccurrences(of: "|", with: "\\|") }
        for e in entries {
            tsv += "\(e.fileName)\t\(e.line)\t\(e.kind)\t\(clean(e.command))\t\(e.protections.joined(separator: ","))\n"
            md += "| \(e.number) | [\(e.fileName)](\(e.fileName)) | \(e.line) | `\(cell(e.command))` | \(e.protections.joined(separator: ", ")) |\n"
        }
        md += "\nCSV: UTF-8 with byte-order mark, comma-separated, empty = suppressed, last row = protections.\n"
        md += "Charts (.vl.json): Vega-Lite v5; open in https://vega.github.io/editor.\n"
        try Data(tsv.utf8).write(to: directory.appendingPathComponent("index.tsv"), options: .atomic)
        try Data(md.utf8).write(to: directory.appendingPathComponent("index.md"), options: .atomic)
    }
}
