import Foundation
import Testing
@testable import KohortCore

@Suite struct ValidatorExampleTests {
    @Test(arguments: StoreTestSupport.exampleNames)
    func exampleDeliveryValidatesClean(name: String) {
        let problems = MicrodataValidator.validateDelivery(dir: StoreTestSupport.example(name))
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func exampleMetadataIsTyped() {
        let (m, problems) = MetadataReader.read(
            StoreTestSupport.example("BEFOLKNING_SIVILSTAND").appendingPathComponent("BEFOLKNING_SIVILSTAND.json"),
            displayName: "x")
        #expect(problems.isEmpty)
        #expect(m?.temporality == .event && m?.dataType == .string && m?.unitType == "PERSON")
        #expect(m?.codeList.count == 9 && m?.sentinelAndMissingValues == ["0"])
        #expect(m?.codeList.last?.validFrom == EpochDays.parse("1927-07-01"))
    }
}
