import Foundation
import KohortCore

/// `kohort datastore export-columns DIR [--persons N] [--seed S] [--datastore STORE…]`: runs the
/// benchmark's set-up scripts (BenchScripts) and writes their columns as raw little-endian
/// arrays — int64 ids, float64 values, int32 dates (days since 1970-01-01) — plus
/// manifest.json ([{name, dtype, length, file}]), so Tests/bench/compare.py can time DuckDB,
/// Polars, numpy and statsmodels on exactly the rows Kohort works on. Missing values are NaN
/// (float64) and Int32.min (dates).
enum ExportColumnsCommand {
    struct Entry: Encodable { let name: String; let dtype: String; let length: Int; let file: String }

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
        var manifest: [Entry] = []
        for (datasetName, variables) in BenchScripts.exported {
            guard let d = engine.workspace.datasets.first(where: { $0.name == datasetName }) else { continue }
            let idFile = "\(datasetName).id.i64"
            try write(d.ids.map { $0.littleEndian }, to: out.appendingPathComponent(idFile))
            manifest.append(Entry(name: "\(datasetName).id", dtype: "int64", length: d.ids.count, file: idFile))
            for v in variables {
                guard let c = d.column(named: v) else {
                    throw RunCommand.RunError(description: "dataset \(datasetName) has no variable \(v)")
                }
                let safe = v.replacingOccurrences(of: "@", with: "_at_")
                if c.type == .date {
                    let file = "\(datasetName).\(safe).i32"
                    try write(c.numbers.map { $0.isNaN ? Int32.min.littleEndian : Int32($0).littleEndian }, to: out.appendingPathComponent(file))
                    manifest.append(Entry(name: "\(datasetName).\(v)", dtype: "int32", length: c.count, file: file))
                } else if c.type == .string {
                    let file = "\(datasetName).\(safe).f64"
                    try write(c.codes.map { code in (code >= 0 ? Double(c.strings[Int(code)]) : nil).map { $0.bitPattern.littleEndian } ?? Double.nan.bitPattern }, to: out.appendingPathComponent(file))
                    manifest.append(Entry(name: "\(datasetName).\(v)", dtype: "float64", length: c.count, file: file))
                } else {
                    let file = "\(datasetName).\(safe).f64"
                    try write(c.numbers.map { $0.bitPattern.littleEndian }, to: out.appendingPathComponent(file))
                    manifest.append(Entry(name: "\(datasetName).\(v)", dtype: "float64", length: c.count, file: file))
                }
            }
        }
        try Data(CatalogueJSON.encode(manifest).utf8).write(to: out.appendingPathComponent("manifest.json"))
        if !list.has("--quiet") { printErr("kohort: wrote \(manifest.count) columns to \(out.path)") }
        return 0
    }

    static func write<T>(_ values: [T], to url: URL) throws {
        try values.withUnsafeBytes { try Data($0).write(to: url) }
    }
}
