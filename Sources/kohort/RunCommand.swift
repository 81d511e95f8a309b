import Foundation
import KohortCore

/// `kohort run FILE [--json] [--export DIR] [--datastore DIR]… [--persons N] [--seed S] [--quiet]`: runs a script in
/// batch. Results go to standard output (text as the Results pane shows them, or one JSON
/// object per line); the first error goes to standard error as `file:line:col: error: …`
/// (and, with --json, also as an error object on standard output) and ends the run with
/// exit status 1. With --export, every result is also written to DIR (ResultExport: one
/// numbered file per result, named by command, and an index). Generating a synthetic
/// variable for the first time can take seconds at full size: that is reported on standard
/// error unless --quiet.
enum RunCommand {
    struct RunError: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json", "--quiet"], values: ["--datastore", "--persons", "--seed", "--export"])
        guard list.positionals.count == 1 else {
            throw ArgumentList.UsageError(message: list.positionals.isEmpty ? "run needs a script file (or - for standard input)"
                                                                            : "run takes one script file")
        }
        let path = list.positionals[0]
        var persons: Int?
        if let p = list.value("--persons") {
            guard let n = Int(p), n > 0 else { throw ArgumentList.UsageError(message: "--persons needs a positive whole number") }
            persons = n
        }
        var seed: UInt64?
        if let s = list.value("--seed") {
            guard let n = UInt64(s) else { throw ArgumentList.UsageError(message: "--seed needs a non-negative whole number") }
            seed = n
        }
        let text: String
        let fileName: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            fileName = "<stdin>"
        } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw RunError(description: "cannot read '\(path)'") }
            text = String(decoding: data, as: UTF8.self)
            fileName = path
        }
        let directories = list.all("--datastore")
        let source: any VariableSource = directories.isEmpty
            ? try defaultVariableSource(persons: persons, seed: seed, reportProgress: !list.has("--quiet"))
            : DatastoreSetSource(try DatastoreSet(directories: directories.map { URL(fileURLWithPath: $0) }))
        var export: ResultExport?
        if let dir = list.value("--export") {
            do { export = try ResultExport(directory: URL(fileURLWithPath: dir)) } catch {
                throw RunError(description: "cannot create export directory '\(dir)': \(error.localizedDescription)")
            }
        }
        let catalogue = try DatastoreOptions.catalogue(datastores: directories)
        return execute(script: text, fileName: fileName, source: source, json: list.has("--json"), export: export, catalogue: catalogue)
    }

    /// Runs the script; returns the exit status.
    static func execute(script: String, fileName: String, source: any VariableSource, json: Bool, export: ResultExport? = nil,
                        catalogue: Catalogue? = nil) -> Int32 {
        var engine = ScriptEngine(source: source, analysisRunner: StatisticsAnalysisRunner(),
                                  catalogue: catalogue ?? (try? CatalogueLoader.loadDefault()))
        var first = true
        var export = export
        var exportFailure: String?
        defer {
            if let export, exportFailure == nil {
                FileHandle.standardError.write(Data("kohort: exported \(export.entries.count) result(s) to \(export.directory.path)\n".utf8))
            }
        }
        do {
            try engine.run(script: script, fileName: fileName) { result in
                if export != nil, exportFailure == nil {
                    do { try export!.write(result) } catch { exportFailure = "\(error.localizedDescription)" }
                }
                if json {
                    printOut(ResultJSON.line(ResultJSON.object(result)) + "\n")
                } else {
                    printOut((first ? "" : "\n") + ResultText.render(result))
                    first = false
                }
            }
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            if json {
                let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
                let line = error.position.line
                let command = line >= 1 && line <= lines.count ? lines[line - 1].trimmingCharacters(in: .whitespaces) : ""
                var object = ResultJSON.error(line: line, column: error.position.column, message: error.message, command: command)
                if let refusal = engine.lastRefusal { object["rule"] = refusal.rule }
                printOut(ResultJSON.line(object) + "\n")
            }
            return 1
        }
        if let exportFailure {
            FileHandle.standardError.write(Data("kohort: error: export failed: \(exportFailure)\n".utf8))
            return 1
        }
        return 0
    }
}

/// The data `kohort run` and the interface use when no `--datastore` is given: the built-in
/// synthetic Norway (full size unless --persons), generated on first use and cached. With
/// `reportProgress`, a variable whose first generation takes over a second says so on
/// standard error (never in the curses interface, whose screen stderr would garble).
func defaultVariableSource(persons: Int?, seed: UInt64?, reportProgress: Bool = false) throws -> any VariableSource {
    let source = try SyntheticSource.makeDefault(persons: persons, seed: seed)
    if reportProgress { source.progress = { printErr("kohort: " + $0) } }
    return source
}
