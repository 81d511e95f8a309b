import Foundation
import Testing
@testable import KohortCore

/// Issue 9: released tables to CSV/TSV for spreadsheets.
@Suite struct TableExportTests {
    @Test func csvRoundTripsLabelsNumbersSuppressionAndTheProtectionRow() throws {
        let r = ExportSamples.table
        let grid = try #require(TableExport.grid(r))
        let text = try #require(TableExport.csv(r))
        let parsed = TableExport.parseCSV(text)
        // Header, data and notes come back field for field.
        #expect(parsed == [grid.header] + grid.rows + grid.notes.map { ["# " + $0] })
        #expect(parsed[0] == ["fylke", "kjønn", "count", "rowpct"])
        #expect(parsed[1] == ["Oslo", "kvinne", "103", String(103.0 / 7.0)])
        // The label with a comma and quotes is quoted per RFC 4180 and survives.
        #expect(text.contains("\"Møre, \"\"Romsdal\"\"\",mann,603,"))
        #expect(parsed[5] == ["Møre, \"Romsdal\"", "kvinne", "", ""])
        // Margins: collapsed dimensions are "Total".
        #expect(parsed[7] == ["Total", "Total", "2104", "100"])
        // CRLF line ends, and the last row is the protections comment.
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let last = try #require(parsed.last)
        #expect(last.count == 1)
        #expect(last[0].hasPrefix("# Protections: cell_key_noise, small_cell_suppression. "))
        #expect(parsed.contains(["# Pearson chi2 = 12.5, df = 2, p = 0.0019"]))
        #expect(parsed.contains(["# Source: tabulate fylke kjønn, rowpct chi2 (line 7)"]))
    }

    @Test func parserHandlesByteOrderMarkEmbeddedLineBreaksAndLFOnly() {
        #expect(TableExport.parseCSV("\u{FEFF}a,b\n\"x\ny\",\"\"\"\"\n,\n") == [["a", "b"], ["x\ny", "\""], ["", ""]])
        let table = ExportTable(header: ["a,b", "c"], rows: [["line\nbreak", "\"q\""], ["", "ø"]], notes: ["note, with comma"])
        #expect(TableExport.parseCSV(TableExport.csv(table)) == [["a,b", "c"], ["line\nbreak", "\"q\""], ["", "ø"], ["# note, with comma"]])
    }

    @Test func tsvHasTabsAndNoQuoting() throws {
        let text = try #require(TableExport.tsv(ExportSamples.table))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "fylke\tkjønn\tcount\trowpct")
        #expect(lines[5] == "Møre, \"Romsdal\"\tkvinne\t\t")
        #expect(text.hasSuffix("\n"))
        let table = ExportTable(header: ["a\tb"], rows: [["x\ny"]], notes: [])
        #expect(TableExport.tsv(table) == "a b\nx y\n")
    }

    @Test func numbersAreUnformatted() {
        #expect(TableExport.number(1234567.0) == "1234567")
        #expect(TableExport.number(-0.25) == "-0.25")
        #expect(TableExport.number(Double?.none) == "")
        #expect(TableExport.number(Double.nan) == "")
        #expect(TableExport.number(1e20) == "1e+20")
        #expect(TableExport.number(Int?.none) == "")
    }

    @Test func summaryModelCorrelationAndSurvivalGrids() throws {
        let s = try #require(TableExport.grid(ExportSamples.summary))
        #expect(s.header == ["variable", "n", "mean", "sd", "p25", "p50", "iqr", "gini"])
        #expect(s.rows == [["lønn", "1234", "512345.25", "100000", "400000", "500000", "200000", "0.31"],
                           ["alder", "", "", "", "", "", "", ""]])
        let m = try #require(TableExport.grid(ExportSamples.model))
        #expect(m.header == ["term", "estimate", "se", "t", "p", "ci95_low", "ci95_high"])
        #expect(m.rows[0][0] == "utdanning")
        #expect(m.notes.contains("regress of loglønn: n = 40210, R2 = 0.27"))
        #expect(m.notes.last == "Protections: none")
        let c = try #require(TableExport.grid(ExportSamples.correlation))
        #expect(c.header == ["variable", "lønn", "alder"])
        #expect(c.rows == [["lønn", "1", "0.3"], ["alder", "0.3", "1"]])
        let k = try #require(TableExport.grid(ExportSamples.survival))
        #expect(k.header == ["group", "time", "survival", "at_risk", "events"])
        #expect(k.rows.count == 14)
        #expect(k.rows[3] == ["I", "90", String(pow(0.98, 3.0)), "280", ""])
        #expect(TableExport.grid(ExportSamples.histogram) == nil)
        #expect(TableExport.grid(ExportSamples.message) == nil)
    }

    @Test func aReleasedTableFromTheDisclosureLayerExports() throws {
        let raw = RawTable(dimensions: ["a", "b"], categories: [["x", "y"], ["u", "v"]], counts: [3, 52, 102, 202], keySums: [0, 0, 0, 0])
        let r = try Release.table(raw, options: TableOptions(percentages: [.row]), policy: .default, command: "tabulate a b, rowpct", line: 4)
        let parsed = TableExport.parseCSV(try #require(TableExport.csv(r)))
        #expect(parsed[0] == ["a", "b", "count", "rowpct"])
        #expect(parsed[1] == ["x", "u", "", ""])
        #expect(parsed.last?.first?.hasPrefix("# Protections: cell_key_noise, small_cell_suppression") == true)
    }
}
