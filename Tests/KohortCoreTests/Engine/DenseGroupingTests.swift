import Testing
@testable import KohortCore

/// `collapse … by(x)` group numbers: the direct-address table (dense values) and the radix
/// sort (sparse values such as person ids) must number groups exactly as sorting the distinct
/// values does (ascending, missing = -1).
@Suite struct DenseGroupingTests {
    @Test func smallSparseExampleByHand() throws {
        // Distinct values in order: -5, 3, 10 000 000 000 → groups 0, 1, 2.
        let x: [Double] = [1e10, 3, .nan, -5, 3, 1e10]
        let g = try #require(DenseGrouping(x))
        #expect(g.values == [-5, 3, 10_000_000_000])
        #expect(g.groupOf == [2, 1, -1, 0, 1, 2])
        let r = DenseGrouping.radix(x, lo: -5, span: UInt64(1e10 + 6))
        #expect(r.values == g.values && r.groupOf == g.groupOf)
    }

    @Test func radixAndDirectAgreeWithSorting() throws {
        var seed: UInt64 = 20240101
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 20 }
        for (n, spread) in [(1000, UInt64(1) << 34), (100_000, UInt64(1) << 34), (100_000, UInt64(150_000)), (70_000, UInt64(1) << 50)] {
            let base = 10_000_000_000.0
            let x: [Double] = (0..<n).map { i in i % 97 == 0 ? .nan : base + Double(next() % spread) - (i % 5 == 0 ? 2 * base : 0) }
            let reference = DenseGrouping.sorted(x)
            let g = try #require(DenseGrouping(x))
            #expect(g.values == reference.values, "n = \(n), spread = \(spread)")
            #expect(g.groupOf == reference.groupOf, "n = \(n), spread = \(spread)")
            let finite = x.filter { !$0.isNaN }
            let lo = Int64(finite.min()!), hi = Int64(finite.max()!)
            let r = DenseGrouping.radix(x, lo: lo, span: UInt64(hi - lo + 1))
            #expect(r.values == reference.values && r.groupOf == reference.groupOf, "radix, n = \(n)")
            // The packed sort fits while value bits + row bits ≤ 64 (not for the 2^50 spread
            // with a 2·10¹⁰ offset: 51 + 17 bits).
            if let p = PackedRadix.group(x, lo: lo, span: UInt64(hi - lo + 1)) {
                #expect(p.values == reference.values && p.groupOf == reference.groupOf, "packed, n = \(n)")
            } else {
                #expect(spread == UInt64(1) << 50)
            }
        }
    }

    @Test func packedRadixOnBothCores() throws {
        // Above 2^18 rows each pass runs in two halves; ids with many repeats, as contacts.
        var seed: UInt64 = 7
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 20 }
        let ids = (0..<50_000).map { _ in Double(1_000_000 + next() % (UInt64(1) << 34)) }
        let x: [Double] = (0..<600_000).map { i in i % 101 == 0 ? .nan : ids[Int(next() % 50_000)] }
        let reference = DenseGrouping.sorted(x)
        let lo = Int64(x.filter { !$0.isNaN }.min()!), hi = Int64(x.filter { !$0.isNaN }.max()!)
        let p = try #require(PackedRadix.group(x, lo: lo, span: UInt64(hi - lo + 1)))
        #expect(p.values == reference.values)
        #expect(p.groupOf == reference.groupOf)
    }

    @Test func fractionalValuesAreRefused() {
        #expect(DenseGrouping([1, 2.5, 3]) == nil)
        #expect(DenseGrouping([.nan, .nan])?.values == [])
    }
}
