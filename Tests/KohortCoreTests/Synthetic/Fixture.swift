import Foundation
@testable import KohortCore

/// Shared small populations: built once per test process, so each test stays well under 1 s.
enum Fixture {
    static let config = SyntheticConfig(seed: 7, persons: 50_000)
    static let norway = SyntheticNorway(config: config)
    static var skeleton: PersonSkeleton { norway.skeleton }
}
