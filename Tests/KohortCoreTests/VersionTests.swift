import Testing
@testable import KohortCore

@Test func versionIsSet() { #expect(!Kohort.version.isEmpty) }
