import Foundation
import KohortCore

/// `kohort datastore …`: validating and importing microdata-tools deliveries, and describing
/// stores. Long work reports progress on stderr unless `--quiet`.
enum DatastoreCommand {
    static let usage = "datastore validate DIR… | datastore import DIR… --into STORE --name NAME [--release-note TEXT] | datastore info [--datastore STORE…] [--persons N] [--seed S] [--json] | datastore build [--persons N] [--seed S] [--out DIR] [--quiet]"

    static func run(_ args: [String]) throws -> Int32 {
        guard let sub = args.first else { throw ArgumentList.UsageError(message: "datastore needs a subcommand: \(usage)") }
        let rest = Array(args.dropFirst())
        switch sub {
        case "validate": return try validate(rest)
        case "import": return try importDeliveries(rest)
        case "info": return try info(rest)
        case "build": return try build(rest)
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

    /// The built-in synthetic source for `--persons N --seed S [--out DIR]` (DIR replaces the cache root).
    static func syntheticSource(_ list: ArgumentList) throws -> SyntheticSource {
        let persons = try list.value("--persons").map { text -> Int in
            guard let n = Int(text), n > 0, n <= 8_000_000 else { throw ArgumentList.UsageError(message: "--persons must be a number in 1…8000000") }
            return n
        }
        let seed = try list.value("--seed").map { text -> UInt64 in
            guard let s = UInt64(text) else { throw ArgumentList.UsageError(message: "--seed must be a non-negative integer") }
            return s
        }
        if let out = list.value("--out") {
            let config = SyntheticConfig(seed: seed ?? SyntheticConfig.defaultSeed, persons: persons ?? SyntheticConfig.fullResidents)
            return SyntheticSource(config: config, catalogue: try CatalogueLoader.loadDefault(), cacheRoot: URL(fileURLWithPath: out))
        }
        return try SyntheticSource.makeDefault(persons: persons, seed: seed)
    }

    /// Materialises every served variable of the synthetic default (cache hits are verified).
    static func build(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--quiet"], values: ["--persons", "--seed", "--out"])
        let source = try syntheticSource(list)
        let quiet = list.has("--quiet")
        let variables = source.servedVariables
        let started = Date()
        if !quiet {
            printErr("building \(variables.count) variables for \(source.config.persons) persons (seed \(source.config.seed)) in \(source.directory.path) …")
            source.progress = { printErr("  " + $0) }
        }
        var rows = 0
        for (k, v) in variables.enumerated() {
            let stored = try source.variable(v.name, datastore: v.datastore, version: try source.versions(of: v.datastore).last!)
            rows += stored.rowCount
            if !quiet && (k % 50 == 49 || k == variables.count - 1) {
                printErr(String(format: "[%d/%d] %.0f s, %d rows so far", k + 1, variables.count, Date().timeIntervalSince(started), rows))
            }
        }
        printOut("\(variables.count) variables, \(rows) rows, \(String(format: "%.1f MB", Double(directorySize(source.directory)) / 1e6)) in \(source.directory.path)\n")
        return 0
    }

    /// `datastore info` without `--datastore`: the synthetic default, generated variables only.
    static func syntheticInfo(_ list: ArgumentList) throws -> Int32 {
        let source = try syntheticSource(list)
        var entries: [[String: Any]] = []
        for store in source.datastoreNames {
            let served = source.servedVariables.filter { $0.datastore == store }
            var generated = 0, rows = 0, bytes = 0
            var units = Set<String>()
            for v in served { units.insert(v.unitType) }
            for v in served where source.isGenerated(v) {
                generated += 1
                rows += (try? StoredVariable(directory: source.folder(of: v), verification: .header).rowCount) ?? 0
                bytes += directorySize(source.folder(of: v))
            }
            let versions = try source.versions(of: store)
            entries.append(["datastore": store, "versions": "\(versions.first!)–\(versions.last!)", "variables": served.count,
                            "generated": generated, "not_generated": served.count - generated, "units": units.sorted(),
                            "rows": rows, "bytes": bytes])
        }
        if list.has("--json") {
            printOut(ResultJSON.line(["synthetic": ["directory": source.directory.path, "persons": source.config.persons,
                                                    "seed": Int(source.config.seed), "generator": source.generatorStamp],
                                      "datastores": entries]) + "\n")
        } else {
            printOut("synthetic Norway: \(source.config.persons) persons, seed \(source.config.seed) (\(source.generatorStamp))\n")
            printOut("cache: \(source.directory.path)\n")
            let rows = entries.map { e in
                [e["datastore"] as! String, e["versions"] as! String, String(e["variables"] as! Int), String(e["generated"] as! Int),
                 String(e["not_generated"] as! Int), (e["units"] as! [String]).joined(separator: ","), String(e["rows"] as! Int),
                 String(format: "%.1f MB", Double(e["bytes"] as! Int) / 1e6)]
            }
            printOut(TextTable.render(header: ["datastore", "versions", "variables", "generated", "not yet", "units", "rows", "size"],
                                      rows: rows, rightAligned: [2, 3, 4, 6, 7]))
            printOut("rows and size count generated variables only; the rest are generated on first import or by 'kohort datastore build'.\n")
        }
        return 0
    }

    static func info(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json"], values: ["--datastore", "--persons", "--seed", "--out"])
        let dirs = list.all("--datastore") + list.positionals
        if dirs.isEmpty { return try syntheticInfo(list) }
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
