import Testing
@testable import Statistics

@Test func moduleVersionIsSemantic() {
    #expect(StatisticsModule.version.split(separator: ".").count == 3)
}
