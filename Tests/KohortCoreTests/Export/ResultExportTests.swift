import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// Issue 9: `kohort run FILE --export DIR` writes every result, numbered and named by command.
@Suite struct ResultExportTests {
    func temporaryDirectory() -> URL {
        TestTemporary.root.appendingPathComponent("kohort-export-\(UUID().uuidString)")
    }

    @Test func everyResultGetsANumberedFileAndTheIndexListsThem() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var export = try ResultExport(directory: dir)
        for r in ExportSamples.all { try export.write(r) }
        let names = export.entries.map(\.fileName)
        #expect(names.prefix(6) == ["001-textblock.txt", "002-tabulate.csv", "003-summarize.csv", "004-regress.csv",
                                    "005-kaplan-meier.vl.json", "006-histogram.vl.json"])
        #expect(names.contains("011-hexbin.vl.json"))
        #expect(names.last == "015-correlate.csv")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(Set(files) == Set(names + ["index.tsv", "index.md"]))

        // CSV files carry a byte-order mark for Excel and parse back to the grid.
        let csvData = try Data(contentsOf: dir.appendingPathComponent("002-tabulate.csv"))
        #expect(Array(csvData.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let grid = try #require(TableExport.grid(ExportSamples.table))
        #expect(TableExport.parseCSV(String(decoding: csvData, as: UTF8.self)).first == grid.header)

        // Charts are Vega-Lite, valid against the schema.
        let validator = try #require(VegaLiteTests.validator)
        let spec = try String(contentsOf: dir.appendingPathComponent("006-histogram.vl.json"), encoding: .utf8)
        #expect(try validator.validate(json: spec).isEmpty)

        let text = try String(contentsOf: dir.appendingPathComponent("001-textblock.txt"), encoding: .utf8)
        #expect(text == "Lungekreft 2015–2020\n")

        let index = try String(contentsOf: dir.appendingPathComponent("index.tsv"), encoding: .utf8)
        let lines = index.split(separator: "\n")
        #expect(lines.count == ExportSamples.all.count + 1)
        #expect(lines[0] == "file\tline\tkind\tcommand\tprotections")
        #expect(lines[2] == "002-tabulate.csv\t7\ttable\ttabulate fylke kjønn, rowpct chi2\tcell_key_noise,small_cell_suppression")
        let md = try String(contentsOf: dir.appendingPathComponent("index.md"), encoding: .utf8)
        #expect(md.contains("[005-kaplan-meier.vl.json](005-kaplan-meier.vl.json)"))
    }

    @Test func commandNamesAreSafeFileNames() {
        #expect(ResultExport.commandName("kaplan-meier dager hendelse") == "kaplan-meier")
        #expect(ResultExport.commandName("tabulate kjønn, rowpct") == "tabulate")
        #expect(ResultExport.commandName("barchart(mean) lønn") == "barchart")
        #expect(ResultExport.commandName("../../etc/passwd x") == "etc-passwd")
        #expect(ResultExport.commandName("") == "result")
        #expect(ResultExport.commandName("Ødelagt/kommando") == "odelagt-kommando")
    }

    @Test func oneResultToAChosenFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = ExportSamples.pie
        #expect(ResultExport.suggestedFileName(r) == "piechart-line20.vl.json")
        let url = dir.appendingPathComponent(ResultExport.suggestedFileName(r))
        try ResultExport.writeOne(r, to: url)
        let validator = try #require(VegaLiteTests.validator)
        #expect(try validator.validate(json: String(contentsOf: url, encoding: .utf8)).isEmpty)
    }
}
