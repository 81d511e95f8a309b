import Foundation
import KohortCore
import KohortTUI

/// `kohort [--ascii] [--datastore DIR]… [--persons N] [--seed S]`: the full-screen interface.
/// Without a data source (no --datastore and the synthetic default not available) it still
/// opens on the catalogue and says why commands cannot run.
enum InterfaceCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--ascii"], values: ["--datastore", "--persons", "--seed"])
        guard list.positionals.isEmpty else { throw ArgumentList.UsageError(message: "unexpected argument '\(list.positionals[0])'") }
        let catalogue = try DatastoreOptions.catalogue(datastores: list.all("--datastore"))
        let persons = list.value("--persons").flatMap(Int.init)
        let seed = list.value("--seed").flatMap(UInt64.init)
        let directories = list.all("--datastore")
        let session: SessionCore
        do {
            let source: any VariableSource = directories.isEmpty
                ? try defaultVariableSource(persons: persons, seed: seed)
                : DatastoreSetSource(try DatastoreSet(directories: directories.map { URL(fileURLWithPath: $0) }))
            session = SessionCore(source: source, catalogue: catalogue)
        } catch {
            session = SessionCore(source: nil, catalogue: catalogue, unavailableReason: "\(error)")
        }
        let store = SessionStore(directory: SessionStore.defaultDirectory())
        try TerminalApp.run(catalogue: catalogue, forceASCII: list.has("--ascii"), session: session, store: store)
        return 0
    }
}
