/// A small, strict argument parser: the project takes no package dependencies, and the
/// subcommands only need flags, valued options and positionals. Unknown options are errors
/// (exit 2 with usage), never ignored.
struct ArgumentList {
    struct UsageError: Error { let message: String }

    private(set) var positionals: [String] = []
    private var flags: Set<String> = []
    private var values: [String: [String]] = [:]

    /// - Parameters:
    ///   - flagNames: options without a value (`--json`).
    ///   - valueNames: options taking one value (`--register R` or `--register=R`); may repeat.
    init(_ arguments: some Sequence<String>, flags flagNames: Set<String>, values valueNames: Set<String>) throws {
        var iterator = arguments.makeIterator()
        var onlyPositionals = false
        while let arg = iterator.next() {
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" { positionals.append(arg); continue }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "=") { name = String(arg[..<eq]); inlineValue = String(arg[arg.index(after: eq)...]) }
            if flagNames.contains(name) {
                guard inlineValue == nil else { throw UsageError(message: "option \(name) takes no value") }
                flags.insert(name)
            } else if valueNames.contains(name) {
                guard let value = inlineValue ?? iterator.next() else { throw UsageError(message: "option \(name) needs a value") }
                values[name, default: []].append(value)
            } else {
                throw UsageError(message: "unknown option '\(arg)'")
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
}
