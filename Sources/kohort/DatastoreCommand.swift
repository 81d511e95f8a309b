import Foundation
import KohortCore

/// `kohort datastore …`: validating and importing microdata-tools deliveries, and describing
/// stores. Long work reports progress on stderr unless `--quiet`.
enum DatastoreCommand {
    static let usage = "datastore validate DIR… | datastore import DIR… --into STORE --name NAME [--release-note TEXT] | datastore info --datastore STORE… [--json]"

    static func run(_ args: [String]) throws -> Int32 {
        guard let sub = args.first else { throw ArgumentList.UsageError(message: "datastore needs a subcommand: \(usage)") }
        let rest = Array(args.dropFirst())
        switch sub {
        case "validate": return try validate(rest)
        case "import": return try importDeliveries(rest)
        case "info": return try info(rest)
        case "export-columns": return try ExportColumnsCommand.run(rest)
        default: throw ArgumentList.UsageError(message: "unknown datastore subcommand '\(sub)'")
        }
    }

    /// Every problem with file, line and a plain sentence; exit 1 if any.
    static func validate(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--quiet"], values: [])
        guard !list.positionals.isEmpty else { throw ArgumentList.UsageError(message: "datastore validate needs one or more delivery folders") }
        var problems = 0
        for dir in list.positionals {
            let found = MicrodataValidator.validateDelivery(dir: URL(fileURLWithPath: dir))
            for problem in found { printErr(problem.description) }
            problems += found.count
            if !list.has("--quiet") { printErr("\(dir): " + (found.isEmpty ? "valid" : "\(found.count) problem\(found.count == 1 ? "" : "s")")) }
        }
        return problems == 0 ? 0 : 1
    }

    static func importDeliveries(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--quiet"], values: ["--into", "--name", "--release-note"])
        guard !list.positionals.isEmpty else { throw ArgumentList.UsageError(message: "datastore import needs one or more delivery folders") }
        guard let into = list.value("--into") else { throw ArgumentList.UsageError(message: "datastore import needs --into STORE") }
        guard let name = list.value("--name") else { throw ArgumentList.UsageError(message: "datastore import needs --name NAME (e.g. no.example.store)") }
        let started = Date()
        if !list.has("--quiet") { printErr("validating and importing \(list.positionals.count) deliver\(list.positionals.count == 1 ? "y" : "ies") into \(into) …") }
        do {
            let summary = try MicrodataImporter.importDeliveries(
                dirs: list.positionals.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: into), name: name,
                releaseNote: list.value("--release-note") ?? "Import of \(list.positionals.count) deliveries")
            printOut("\(summary.store) version \(summary.version) published\n")
            for change in summary.changes {
                printOut("  \(change.kind.rawValue)  \(change.variable)  (\(summary.rows[change.variable].map(String.init) ?? "?") rows)\n")
            }
            if !list.has("--quiet") { printErr(String(format: "done in %.1f s", Date().timeIntervalSince(started))) }
            return 0
        } catch let error as StoreError {
            if case .validationFailed(let problems) = error {
                for problem in problems { printErr(problem.description) }
                printErr("nothing was imported: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
                return 1
            }
            throw error
        }
    }

    static func info(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json"], values: ["--datastore"])
        let dirs = list.all("--datastore") + list.positionals
        guard !dirs.isEmpty else { throw ArgumentList.UsageError(message: "datastore info needs --datastore STORE (the built-in synthetic store is described once it is wired)") }
        var entries: [[String: Any]] = []
        for dir in dirs {
            let store = try Datastore.open(URL(fileURLWithPath: dir))
            let latest = try store.resolve()
            var rows = 0
            for name in latest.variableNames { rows += (try? latest.variable(name, verification: .header).rowCount) ?? 0 }
            entries.append(["datastore": store.name, "directory": dir, "versions": store.versionNumbers,
                            "variables": latest.variableNames.count, "rows": rows, "bytes": directorySize(URL(fileURLWithPath: dir))])
        }
        if list.has("--json") {
            printOut(ResultJSON.line(["datastores": entries]) + "\n")
        } else {
            let rows = entries.map { e in
                [e["datastore"] as! String, (e["versions"] as! [Int]).map(String.init).joined(separator: ","), String(e["variables"] as! Int),
                 String(e["rows"] as! Int), String(format: "%.1f MB", Double(e["bytes"] as! Int) / 1e6)]
            }
            printOut(TextTable.render(header: ["datastore", "versions", "variables", "rows", "size"], rows: rows, rightAligned: [2, 3, 4]))
        }
        return 0
    }

    static func directorySize(_ url: URL) -> Int {
        var total = 0
        if let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey]) {
            for case let file as URL in e { total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
        }
        return total
    }
}

func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
