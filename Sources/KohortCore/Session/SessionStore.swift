import Foundation

/// Where sessions are autosaved: `$XDG_DATA_HOME/kohort/sessions` (default
/// `~/.local/share/kohort/sessions`). A session file is a plain script — `kohort run FILE`
/// replays it and prints the same released results.
public struct SessionStore: Sendable {
    public let directory: URL
    /// The file this run writes (one per run, named by its start time).
    public let file: URL

    public init(directory: URL, started: Date = Date()) {
        self.directory = directory
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        file = directory.appendingPathComponent("session-\(f.string(from: started)).kohort")
    }

    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty, xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("kohort/sessions")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/kohort/sessions")
    }

    public static func text(of script: [String]) -> String {
        "// kohort session: replay with 'kohort run FILE'\n" + script.map { $0 + "\n" }.joined()
    }

    /// Writes the script atomically: a temporary file in the same directory, then rename, so a
    /// crash mid-write leaves the previous save intact.
    public func save(_ script: [String]) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temp = directory.appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).tmp")
        try Data(SessionStore.text(of: script).utf8).write(to: temp)
        if rename(temp.path, file.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path, "errno": code])
        }
    }

    /// The newest saved session other than this run's own file, with its commands.
    public func latestPrevious() -> (url: URL, script: [String])? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        let candidates = names.filter { $0.hasPrefix("session-") && $0.hasSuffix(".kohort") && $0 != file.lastPathComponent }.sorted()
        for name in candidates.reversed() {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let lines = SessionStore.commands(in: text)
            if !lines.isEmpty { return (url, lines) }
        }
        return nil
    }

    static func commands(in text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            .filter { !$0.hasPrefix("// kohort session") }
    }
}
