import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// The sample representation behind the audit: both storages give the multiset symmetric
/// difference a plain dictionary count gives, and the policy key reads as documented.
@Suite struct UnitSampleTests {
    func sample(_ ids: [Int64], strings: [String]? = nil) -> UnitSample {
        let sorted = ids.sorted()
        let mask = [Bool](repeating: true, count: sorted.count)
        return sorted.withUnsafeBufferPointer { p in mask.withUnsafeBufferPointer { UnitSample(unitType: "PERSON", ids: p, idStrings: strings, mask: $0, values: nil) } }
    }

    /// Σ |count_a(id) − count_b(id)| by dictionaries.
    func reference(_ a: [Int64], _ b: [Int64]) -> Int {
        var d: [Int64: Int] = [:]
        for x in a { d[x, default: 0] += 1 }
        for x in b { d[x, default: 0] -= 1 }
        return d.values.reduce(0) { $0 + abs($1) }
    }

    @Test func differencesMatchADictionaryCountForBothStorages() {
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        var kinds = Set<String>()
        for trial in 0..<300 {
            // Dense sets (bitsets) at various offsets, sparse ones (sorted), some with repeats.
            let base = Int64(next(1000)), size = 50 + next(400)
            let spread: Int64 = trial % 3 == 0 ? 1_000_000 : 1
            var a = Set((0..<size).map { base + Int64($0) * spread }).map { $0 }
            var b = a
            for _ in 0..<next(12) { if !b.isEmpty { b.remove(at: next(b.count)) } }
            for _ in 0..<next(12) { b.append(base + Int64(next(size + 200)) * spread) }
            if trial % 5 == 0 { a.append(a[0]) }                    // a repeated unit (event data)
            b = Array(Set(b)) + (trial % 7 == 0 ? [b[0]] : [])
            let sa = sample(a), sb = sample(b)
            for s in [sa, sb] { if case .bitset = s.storage { kinds.insert("bitset") } else { kinds.insert("sorted") } }
            let truth = reference(a, b)
            for limit in [1, 5, 10, 1000] {
                #expect(sa.difference(sb, limit: limit) == min(truth, limit), "trial \(trial) limit \(limit)")
                #expect(sb.difference(sa, limit: limit) == min(truth, limit))
            }
        }
        #expect(kinds == ["bitset", "sorted"], "both storages were exercised")
    }

    /// Large samples of a sparse id column keep row bits over that column (1 bit per row instead
    /// of 64 per unit); they compare with each other, and with sorted or bitset samples of the
    /// same units, exactly as a dictionary count says — also when the column repeats units.
    @Test func rowStorageMatchesADictionaryCount() {
        var state: UInt64 = 777
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        for trial in 0..<60 {
            var universe = (0..<3000).map { Int64($0) * 1_000_003 + Int64(next(1000)) }
            if trial % 3 == 0 { for _ in 0..<50 { universe.append(universe[next(universe.count)]) } }   // panel-like repeats
            universe.sort()
            let rowsA = (0..<universe.count).filter { _ in next(4) != 0 }
            var setB = Set(rowsA)
            for _ in 0..<next(12) { setB.remove(rowsA[next(rowsA.count)]) }
            for _ in 0..<next(12) { setB.insert(next(universe.count)) }
            let rowsB = setB.sorted()
            let a = UnitSample(unitType: "PERSON", universe: universe, rows: rowsA)
            let b = UnitSample(unitType: "PERSON", universe: universe, rows: rowsB)
            guard case .rows = a.storage, case .rows = b.storage else { Issue.record("row storage not used"); return }
            let idsA = rowsA.map { universe[$0] }, idsB = rowsB.map { universe[$0] }
            let truth = reference(idsA, idsB)
            let sortedB = UnitSample(unitType: "PERSON", sorted: idsB, repeats: zip(idsB, idsB.dropFirst()).contains { $0 == $1 })
            for limit in [1, 5, 10, 1000] {
                #expect(a.difference(b, limit: limit) == min(truth, limit), "trial \(trial) limit \(limit)")
                #expect(a.difference(sortedB, limit: limit) == min(truth, limit))
                #expect(sortedB.difference(a, limit: limit) == min(truth, limit))
            }
            #expect(a.bytes < idsA.count * 8 / 8, "row bits are far smaller than the ids")
        }
    }

    /// A sample built from a row mask and one built from row indices are the same value, so
    /// a table cell and a summary of the same units compare as equal.
    @Test func maskAndRowBuildersAgree() {
        for (ids, spread) in [(Array(Int64(1)...3000), "dense"), ((1...3000).map { Int64($0) * 1_000_003 }, "sparse")] {
            let mask = ids.indices.map { $0 % 3 != 0 }
            let fromMask = ids.withUnsafeBufferPointer { p in mask.withUnsafeBufferPointer { UnitSample(unitType: "PERSON", ids: p, idStrings: nil, mask: $0, values: nil) } }
            let fromRows = UnitSample(unitType: "PERSON", sorted: ids.indices.filter { $0 % 3 != 0 }.map { ids[$0] }, repeats: false)
            #expect(fromMask.count == 2000 && fromMask.fingerprint == fromRows.fingerprint, "\(spread)")
            #expect(fromMask.difference(fromRows, limit: 10) == 0)
        }
    }

    @Test func equalSetsAreEqualAndStringUnitsAgreeAcrossDatasets() {
        #expect(sample([5, 3, 9]).difference(sample([9, 5, 3]), limit: 10) == 0)
        // Two collapsed datasets index their strings differently; the units are the strings.
        let x = sample([0, 1, 2], strings: ["0301", "1103", "4601"])
        let y = sample([2, 0, 1], strings: ["4601", "0301", "1103", "5001"])
        #expect(x.difference(y, limit: 10) == 0)
        let z = sample([0, 1], strings: ["0301", "1103"])
        #expect(x.difference(z, limit: 10) == 1)
    }

    @Test func theAuditRefusesSmallDifferencesAndForgetsNothingWhenItRefuses() throws {
        let audit = QueryAudit()
        let all = sample(Array(1...2000))
        try audit.admit([all], limit: 10)
        #expect(throws: DisclosureRefusal.self) { try audit.admit([self.sample(Array(2...2000))], limit: 10) }
        #expect(throws: DisclosureRefusal.self) { try audit.admit([self.sample(Array(1...2009))], limit: 10) }
        try audit.admit([sample(Array(1...2010)), all], limit: 10)   // 10 more, and the same again
        #expect(audit.footprint.samples == 2)
        // A limit of 1 (or less) switches the audit off.
        try audit.admit([sample(Array(2...2000))], limit: 1)
        // Different unit types never compare.
        let jobs = UnitSample(unitType: "JOB", sorted: Array(2...2000), repeats: false)
        try audit.admit([jobs], limit: 10)
    }

    @Test func thePolicyKeyFollowsMinimumUnitsChangedUnlessGiven() throws {
        #expect(DisclosurePolicy.default.minimumSampleDifference == 10)
        let dir = TestTemporary.root.appendingPathComponent("kohort-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("policy.json")
        try #"{ "minimum_units_changed": 20 }"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(try DisclosurePolicy.load(from: url).minimumSampleDifference == 20)
        try #"{ "minimum_units_changed": 20, "minimum_sample_difference": 50 }"#.write(to: url, atomically: true, encoding: .utf8)
        let p = try DisclosurePolicy.load(from: url)
        #expect(p.minimumSampleDifference == 50 && p.minimumUnitsChanged == 20)
    }
}
