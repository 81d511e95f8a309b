import Foundation

/// Finds Kohort's `Assets/` directory wherever the binary is started from.
///
/// Order: `KOHORT_ASSETS`; an `Assets` directory beside the executable or in any parent of it
/// (covers `.build/release/kohort` inside a checkout and an installed `share/kohort/Assets`);
/// finally the source checkout the binary was built from (its path is compiled in). The
/// first directory holding `catalogue/registers.tsv` wins.
public enum AssetLocator {
    public static func assetsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        var searched: [String] = []
        func check(_ url: URL) -> URL? {
            searched.append(url.path)
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("catalogue/registers.tsv").path) ? url : nil
        }
        if let explicit = environment["KOHORT_ASSETS"], let hit = check(URL(fileURLWithPath: explicit)) { return hit }
        var dir = executableURL().deletingLastPathComponent()
        for _ in 0..<6 {
            if let hit = check(dir.appendingPathComponent("Assets")) { return hit }
            if let hit = check(dir.appendingPathComponent("share/kohort/Assets")) { return hit }
            dir = dir.deletingLastPathComponent()
        }
        // Sources/KohortCore/Catalogue/AssetLocator.swift → the package root.
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if let hit = check(sourceRoot.appendingPathComponent("Assets")) { return hit }
        throw CatalogueError.assetsNotFound(searched: searched)
    }

    private static func executableURL() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").standardizedFileURL
    }
}
