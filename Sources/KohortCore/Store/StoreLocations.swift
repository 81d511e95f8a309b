import Foundation

/// Where Kohort keeps what it can rebuild (the synthetic default store).
public enum StoreLocations {
    /// `$XDG_CACHE_HOME/kohort`, else `$HOME/.cache/kohort`.
    ///
    /// Takes the environment as a parameter so tests (and `--cache-dir` style overrides) do
    /// not have to mutate the process environment. Following the XDG base directory spec, an
    /// empty or relative `XDG_CACHE_HOME` is ignored.
    public static func cacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("kohort", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".cache", isDirectory: true)
            .appendingPathComponent("kohort", isDirectory: true)
    }
}
