import Foundation

/// One temporary folder per test process, removed when the process exits, for every file a
/// test writes. Fixtures built once in a `static let` have no teardown of their own, and a
/// failing test skips its cleanup; before this, each `swift test` left a few hundred folders in
/// /tmp. Its own target so every test target shares the one definition.
public enum TestTemporary {
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kohort-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestTemporary.root) }
        return url
    }()
}
