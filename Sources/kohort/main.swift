import Foundation
import KohortCore

/// Entry point: argument parsing and wiring only; every capability lives in KohortCore/KohortTUI.
let arguments = Array(CommandLine.arguments.dropFirst())
let exitCode: Int32
do {
    exitCode = try dispatch(arguments)
} catch let error as ArgumentList.UsageError {
    FileHandle.standardError.write(Data("kohort: \(error.message)\n\n\(Usage.text)\n".utf8))
    exitCode = 2
} catch {
    FileHandle.standardError.write(Data("kohort: error: \(error)\n".utf8))
    exitCode = 1
}
exit(exitCode)

func dispatch(_ arguments: [String]) throws -> Int32 {
    guard let first = arguments.first else { return try InterfaceCommand.run([]) }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "--help", "-h", "help": print(Usage.text); return 0
    case "--version": print("kohort \(Kohort.version)"); return 0
    case "search": return try SearchCommand.run(rest)
    case "catalogue", "catalog": return try CatalogueCommand.run(rest)
    case "describe": return try DescribeCommand.run(rest)
    case "bench": return try BenchCommand.run(rest)
    case "run": return try RunCommand.run(rest)
    case "datastore": return try DatastoreCommand.run(rest)
    case "snippets", "snippet": return try SnippetsCommand.run(rest)
    case "application": return try ApplicationCommand.run(rest)
    default:
        if first.hasPrefix("-") { return try InterfaceCommand.run(arguments) }
        throw ArgumentList.UsageError(message: "unknown command '\(first)'")
    }
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
