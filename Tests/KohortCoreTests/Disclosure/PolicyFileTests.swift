import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// policy.json: the data owner's setting. Missing keys take defaults; unknown keys are errors.
@Suite struct PolicyFileTests {
    func write(_ text: String) throws -> URL {
        let url = TestTemporary.root.appendingPathComponent("kohort-policy-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func missingFileMeansDefaults() throws {
        let p = try DisclosurePolicy.load(from: URL(fileURLWithPath: "/nonexistent/policy.json"))
        #expect(p == .default)
        #expect(p.smallCell == 5 && p.minimumPopulation == 1000 && p.maxSmallCellShare == 0.5 && p.kmMinimumAtRisk == 10)
    }

    @Test func givenKeysOverrideAndTheRestKeepDefaults() throws {
        let url = try write(#"{ "small_cell": 10, "cell_key_secret": "s3cret", "hexbin_max_gridsize": 15 }"#)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = try DisclosurePolicy.load(from: url)
        #expect(p.smallCell == 10 && p.cellKeySecret == "s3cret" && p.hexbinMaxGridsize == 15)
        #expect(p.minimumUnitsStatistic == 10 && p.winsorPercent == 1)
        // The secret changes every record key.
        #expect(RecordKey(policy: p)(42) != RecordKey(policy: .default)(42))
    }

    @Test func aMisspeltRuleIsAnError() throws {
        let url = try write(#"{ "smal_cell": 1 }"#)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: DisclosurePolicyError.self) { try DisclosurePolicy.load(from: url) }
    }
}
