import Foundation
import KohortCore

/// `kohort snippets [QUERY] [--show NAME] [--json]`: the snippet library (Assets/snippets/).
/// Without --show it lists the snippets matching QUERY (all without one); --show prints one
/// snippet's script, ready for `kohort run -` or the Script pane.
enum SnippetsCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json"], values: ["--show"])
        let library = try SnippetLibrary.loadDefault()
        if let name = list.value("--show") {
            guard list.positionals.isEmpty else { throw ArgumentList.UsageError(message: "snippets --show takes no query") }
            guard let snippet = library.snippet(named: name) else {
                let names = library.snippets.map(\.name)
                let hint = nearestName(to: name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                FileHandle.standardError.write(Data("kohort: no snippet named '\(name)'\(hint)\n".utf8))
                return 1
            }
            printOut(snippet.script.hasSuffix("\n") ? snippet.script : snippet.script + "\n")
            return 0
        }
        let hits = library.search(list.positionals.joined(separator: " "))
        if list.has("--json") {
            let data = try JSONSerialization.data(withJSONObject: ["snippets": hits.map(SnippetLibrary.object)],
                                                  options: [.sortedKeys, .withoutEscapingSlashes])
            printOut(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            printOut(SnippetLibrary.listing(hits))
        }
        return hits.isEmpty ? 1 : 0
    }
}
