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
        }
    }

    @Test func fractionalValuesAreRefused() {
        #expect(DenseGrouping([1, 2.5, 3]) == nil)
        #expect(DenseGrouping([.nan, .nan])?.values == [])
    }
}
