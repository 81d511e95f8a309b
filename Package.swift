// swift-tools-version: 6.0
// Kohort: a terminal data explorer for Norwegian register data.
// No package dependencies by design: Foundation, Dispatch and the system's ncursesw only.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Kohort",
    products: [
        .executable(name: "kohort", targets: ["kohort"]),
    ],
    targets: [
        // System library: the wide-character curses, wrapped by a small shim header so that
        // Swift 6 strict concurrency never sees curses' mutable C globals.
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Pure numerics: knows nothing of datasets.
        .target(name: "Statistics", swiftSettings: strict),
        // Catalogue, store, synthetic data, script, engine, disclosure, output.
        .target(name: "KohortCore", dependencies: ["Statistics"], swiftSettings: strict),
        // The ncurses front end: state + update + view, and the thin terminal driver.
        .target(name: "KohortTUI", dependencies: ["KohortCore", "CNcursesw"], swiftSettings: strict),
        .executableTarget(name: "kohort", dependencies: ["KohortCore", "KohortTUI"], swiftSettings: strict),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"], resources: [.copy("Fixtures")], swiftSettings: strict),
        // Shared by the test targets only (one temporary folder per test process).
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "KohortCoreTests", dependencies: ["KohortCore", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "KohortTUITests", dependencies: ["KohortTUI", "KohortCore", "TestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
