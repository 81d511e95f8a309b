import Foundation
import TestSupport

/// Helpers shared by the store tests: fresh temporary directories and the fixture folder,
/// found through `#filePath` because the test target declares no resources.
enum StoreTestSupport {
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()          // Store/
        .deletingLastPathComponent()          // KohortCoreTests/
        .appendingPathComponent("Fixtures/Store", isDirectory: true)

    static let exampleNames = ["BEFOLKNING_BOSTED", "BEFOLKNING_INNTEKT", "BEFOLKNING_KJOENN", "BEFOLKNING_SIVILSTAND"]

    static func example(_ name: String) -> URL { fixtures.appendingPathComponent(name, isDirectory: true) }

    /// A new empty directory under the test process's temp folder; removed by the caller's `defer`.
    static func temporaryDirectory(_ label: String = #function) throws -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = TestTemporary.root
            .appendingPathComponent("kohort-store-\(safe)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    /// Rewrites one byte of a file (to simulate bit rot).
    static func flipByte(in url: URL, at offset: Int) throws {
        var data = try Data(contentsOf: url)
        data[offset] ^= 0xFF
        try data.write(to: url)
    }
}
