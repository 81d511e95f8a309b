import Foundation
import KohortCore

/// `kohort datastore export-columns DIR [--persons N] [--seed S] [--datastore STORE…]`: runs the
/// benchmark's set-up scripts (BenchScripts) and writes their columns as raw little-endian
/// arrays — int64 ids, float64 values, int32 dates (days since 1970-01-01) — plus
/// manifest.json ([{name, dtype, length, file}]), so Tests/bench/compare.py can time DuckDB,
/// Polars, numpy and statsmodels on exactly the rows Kohort works on. Missing values are NaN
/// (float64) and Int32.min (dates).
enum ExportColumnsCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--quiet"], values: ["--persons", "--seed", "--datastore"])
        guard list.positionals.count == 1 else { throw ArgumentList.UsageError(message: "datastore export-columns needs one output folder") }
        let out = URL(fileURLWithPath: list.positionals[0])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let directories = list.all("--datastore")
        let source: any VariableSource = directories.isEmpty
            ? try defaultVariableSource(persons: list.value("--persons").flatMap(Int.init), seed: list.value("--seed").flatMap(UInt64.init),
                                        reportProgress: !list.has("--quiet"))
            : DatastoreSetSource(try DatastoreSet(directories: directories.map { URL(fileURLWithPath: $0) }))
        var engine = ScriptEngine(source: source, analysisRunner: benchAnalysisRunner())
        for script in [BenchScripts.persons, BenchScripts.contacts, BenchScripts.cases] {
            try engine.run(script: script, fileName: "bench-setup") { _ in }
        }
        var manifest: [ColumnExport.Entry] = []
        for (datasetName, variables) in BenchScripts.exported {
            guard let d = engine.workspace.datasets.first(where: { $0.name == datasetName }) else { continue }
            manifest += try ColumnExport.write(d, variables: variables, to: out)
        }
        try Data(CatalogueJSON.encode(manifest).utf8).write(to: out.appendingPathComponent("manifest.json"))
        if !list.has("--quiet") { printErr("kohort: wrote \(manifest.count) columns to \(out.path)") }
        return 0
    }
}
