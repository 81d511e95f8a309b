import Foundation
import KohortCore
import KohortTUI

/// `kohort` with no subcommand: the full-screen interface.
enum InterfaceCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--ascii"], values: [])
        guard list.positionals.isEmpty else { throw ArgumentList.UsageError(message: "unexpected argument '\(list.positionals[0])'") }
        let catalogue = try CatalogueLoader.loadDefault()
        try TerminalApp.run(catalogue: catalogue, forceASCII: list.has("--ascii"))
        return 0
    }
}
