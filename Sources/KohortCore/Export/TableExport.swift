import Foundation

/// A released result laid out as a plain grid for spreadsheets: a header row, data rows of
/// unformatted numbers, and trailing comment rows (the last one lists the protections).
///
/// A suppressed or missing value is the empty string, so Excel, R and pandas all read it as
/// missing; the comment row says which protection made it empty (docs/export.md).
public struct ExportTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Comment lines written after the data, each as one row whose only field starts with `# `.
    public var notes: [String]

    public init(header: [String], rows: [[String]], notes: [String]) {
        self.header = header
        self.rows = rows
        self.notes = notes
    }
}

/// Tables (and the other tabular results: summaries, models, correlations, survival curves)
/// to CSV and TSV. Charts go to Vega-Lite instead (`VegaLite`).
public enum TableExport {
    /// The label of a collapsed dimension in a margin or grand-total row.
    public static let totalLabel = "Total"

    /// The grid of a tabular result; nil for charts and messages.
    public static func grid(_ result: ReleasedResult) -> ExportTable? {
        var notes: [String] = []
        let grid: ExportTable
        switch result.payload {
        case .table(let t): grid = table(t, notes: &notes)
        case .summary(let s): grid = summary(s)
        case .model(let m): grid = model(m, notes: &notes)
        case .correlation(let c): grid = correlation(c, notes: &notes)
        case .survival(let s): grid = survival(s, notes: &notes)
        case .message, .histogram, .boxplot, .barchart, .hexbin, .sankey, .pie, .coefplot: return nil
        }
        notes.insert("Source: \(result.command) (line \(result.line))", at: 0)
        notes.append(protectionNote(result.protections))
        return ExportTable(header: grid.header, rows: grid.rows, notes: notes)
    }

    /// The trailing comment: rule names (machine-readable) and their sentences.
    public static func protectionNote(_ protections: [Protection]) -> String {
        if protections.isEmpty { return "Protections: none" }
        return "Protections: " + protections.map(\.rule).joined(separator: ", ") + ". "
            + protections.map(\.detail).joined(separator: " ")
    }

    /// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma,
    /// quote, CR or LF (quotes doubled). No byte-order mark; `ResultExport` adds one to files.
    public static func csv(_ table: ExportTable) -> String {
        var out = ""
        func row(_ fields: [String]) { out += fields.map(quoteCSV).joined(separator: ",") + "\r\n" }
        row(table.header)
        for r in table.rows { row(r) }
        for n in table.notes { row(["# " + n]) }
        return out
    }

    public static func csv(_ result: ReleasedResult) -> String? { grid(result).map(csv) }

    /// Tab-separated values (LF line ends, no quoting): a tab, CR or LF inside a field becomes
    /// a space, as TSV has no escape. Pastes straight into a spreadsheet.
    public static func tsv(_ table: ExportTable) -> String {
        var out = ""
        func clean(_ s: String) -> String {
            String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        }
        func row(_ fields: [String]) { out += fields.map(clean).joined(separator: "\t") + "\n" }
        row(table.header)
        for r in table.rows { row(r) }
        for n in table.notes { row(["# " + n]) }
        return out
    }

    public static func tsv(_ result: ReleasedResult) -> String? { grid(result).map(tsv) }

    static func quoteCSV(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks; CRLF or LF
    /// line ends; a leading byte-order mark is skipped). Returns every row, comment rows included.
    public static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var fieldStarted = false
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRow() {
            row.append(field); rows.append(row); row = []; field = ""; fieldStarted = false
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"" where field.isEmpty: inQuotes = true; fieldStarted = true
                case ",": row.append(field); field = ""; fieldStarted = true
                case "\r":
                    if i + 1 < chars.count && chars[i + 1] == "\n" { i += 1 }
                    endRow()
                case "\n": endRow()
                default: field.unicodeScalars.append(c); fieldStarted = true
                }
            }
            i += 1
        }
        if fieldStarted || !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }

    // MARK: Numbers

    /// Unformatted: no thousands separators, a point for decimals, integers without `.0`,
    /// shortest round-tripping digits otherwise; nil and non-finite values are empty.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    public static func number(_ value: Int?) -> String { value.map(String.init) ?? "" }

    // MARK: Payloads

    static func table(_ t: ReleasedTable, notes: inout [String]) -> ExportTable {
        var header = t.dimensions
        header.append("count")
        for p in t.percentages { header.append(p.rawValue) }
        for s in t.statisticNames { header.append(t.summaryVariable.map { "\(s)(\($0))" } ?? s) }
        func row(_ c: ReleasedTableCell) -> [String] {
            var r = c.labels.map { $0 ?? totalLabel }
            r.append(number(c.count))
            for p in t.percentages {
                switch p {
                case .row: r.append(number(c.rowPercent))
                case .column: r.append(number(c.columnPercent))
                case .cell: r.append(number(c.cellPercent))
                }
            }
            for (k, _) in t.statisticNames.enumerated() { r.append(number(k < c.statistics.count ? c.statistics[k] : nil)) }
            return r
        }
        if let chi = t.chiSquared {
            notes.append("Pearson chi2 = \(number(chi.statistic)), df = \(chi.degreesOfFreedom), p = \(number(chi.p))")
        }
        if t.cells.contains(where: { $0.count == nil }) || t.totals.contains(where: { $0.count == nil }) {
            notes.append("Empty cells are suppressed (fewer than \(t.smallCell) units).")
        }
        return ExportTable(header: header, rows: t.cells.map(row) + t.totals.map(row), notes: [])
    }

    static func summary(_ s: ReleasedSummary) -> ExportTable {
        let levels = Array(Set(s.variables.flatMap { $0.percentiles.map(\.level) })).sorted()
        let header = ["variable", "n", "mean", "sd"] + levels.map { "p\($0)" } + ["iqr", "gini"]
        let rows = s.variables.map { v -> [String] in
            var r = [v.name, number(v.n), number(v.mean), number(v.sd)]
            for l in levels { r.append(number(v.percentiles.first { $0.level == l }?.value)) }
            r.append(number(v.iqr))
            r.append(number(v.gini))
            return r
        }
        return ExportTable(header: header, rows: rows, notes: [])
    }

    static func model(_ m: ReleasedModel, notes: inout [String]) -> ExportTable {
        var about = m.estimator + (m.dependent.map { " of \($0)" } ?? "") + ": n = \(number(m.n))"
        if let r2 = m.r2 { about += ", R2 = \(number(r2))" }
        if let l = m.logLikelihood { about += ", log likelihood = \(number(l))" }
        notes.append(about)
        let level = number(m.level * 100)
        let header = ["term", "estimate", "se", m.statisticName, "p", "ci\(level)_low", "ci\(level)_high"]
        let rows = m.coefficients.map { c in
            [c.term, number(c.estimate), number(c.se), number(c.statistic), number(c.p), number(c.ciLow), number(c.ciHigh)]
        }
        return ExportTable(header: header, rows: rows, notes: [])
    }

    static func correlation(_ c: ReleasedCorrelation, notes: inout [String]) -> ExportTable {
        switch (c.statistic, c.pairwise) {
        case (.covariance, _): notes.append("Covariances (exact), n = \(number(c.n))")
        case (.correlation, true): notes.append("Pearson correlations on winsorised values, each pair on its own complete cases")
        case (.correlation, false): notes.append("Pearson correlations on winsorised values, n = \(number(c.n))")
        }
        var rows = c.variables.enumerated().map { (i, name) in
            [name] + c.variables.indices.map { j in number(i < c.matrix.count && j < c.matrix[i].count ? c.matrix[i][j] : nil) }
        }
        // pwcorr's p and N: one block of rows each, named "variable (p)" and "variable (N)".
        if let p = c.pValues { rows += c.variables.enumerated().map { (i, name) in ["\(name) (p)"] + p[i].map { number($0) } } }
        if let n = c.pairN { rows += c.variables.enumerated().map { (i, name) in ["\(name) (N)"] + n[i].map { number($0) } } }
        return ExportTable(header: ["variable"] + c.variables, rows: rows, notes: [])
    }

    static func survival(_ s: ReleasedSurvival, notes: inout [String]) -> ExportTable {
        notes.append("Kaplan-Meier on a grid of \(number(s.gridWidth)) \(s.timeUnit)")
        for g in s.groups { if let cut = g.cutAt { notes.append("\(g.label): cut at \(number(cut)) \(s.timeUnit) (too few at risk)") } }
        let rows = s.groups.flatMap { g in
            g.steps.map { [g.label, number($0.time), number($0.survival), number($0.atRisk), number($0.events)] }
        }
        return ExportTable(header: ["group", "time", "survival", "at_risk", "events"], rows: rows, notes: [])
    }
}
