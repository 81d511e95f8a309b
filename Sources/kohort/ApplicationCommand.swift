import Foundation
import KohortCore

/// `kohort application COHORT.json [--purpose TEXT] [--out FILE] [--datastore DIR]… [--persons N] [--seed S]`:
/// a machine-readable data application (docs/application.md) from a cohort definition in the
/// Cohort pane's `kohort.cohort/1` format (docs/cohort-format.md: the file `w` saves). The
/// cohort is run on the given datastores (default: the built-in synthetic data) for the
/// released population size; when it cannot be run the size is null with the reason.
enum ApplicationCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: [], values: ["--purpose", "--out", "--datastore", "--persons", "--seed"])
        guard list.positionals.count == 1 else {
            throw ArgumentList.UsageError(message: list.positionals.isEmpty ? "application needs a cohort file (kohort.cohort/1 JSON, docs/cohort-format.md)"
                                                                            : "application takes one cohort file")
        }
        let path = list.positionals[0]
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else { throw RunCommand.RunError(description: "cannot read '\(path)'") }
            data = d
        }
        let cohort = try DataApplication.decodeCohort(data)
        let catalogue = try CatalogueLoader.loadDefault()
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
        var source: (any VariableSource)?
        var unavailable: String?
        let directories = list.all("--datastore")
        do {
            source = directories.isEmpty
                ? try defaultVariableSource(persons: persons, seed: seed)
                : DatastoreSetSource(try DatastoreSet(directories: directories.map { URL(fileURLWithPath: $0) }))
        } catch {
            unavailable = "no data to run the cohort on: \(error)"
        }
        let document = try DataApplication.document(cohort: cohort, catalogue: catalogue, source: source,
                                                    sourceUnavailableReason: unavailable, purpose: list.value("--purpose"))
        let text = DataApplication.json(document)
        if let out = list.value("--out") {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            FileHandle.standardError.write(Data("kohort: wrote the data application to \(out)\n".utf8))
        } else {
            printOut(text)
        }
        return 0
    }
}
