import Foundation
import Testing
@testable import KohortCore

/// RadixSort against the standard library's sort: the same permutation for unique keys of
/// several spans (negative ones too, and more than one chunk so the parallel scatter is used),
/// and nil where the keys cannot be packed.
@Suite struct RadixSortTests {
    static func keys(_ n: Int, span: UInt64, seed: UInt64, offset: Int64) -> [Int64] {
        var seen = Set<Int64>(), out: [Int64] = []
        var x = seed
        while out.count < n {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let k = offset &+ Int64(bitPattern: (x >> 11) % span)
            if seen.insert(k).inserted { out.append(k) }
        }
        return out
    }

    static let cases: [(Int, UInt64, Int64)] = [(1, 10, 0), (1000, 5000, -2500), (200_000, 1 << 34, 10_000_000_000),
                                                (150_000, (1 << 40) - 1, -(1 << 39))]

    @Test(arguments: Self.cases)
    func sameOrderAsSort(n: Int, span: UInt64, offset: Int64) throws {
        let k = Self.keys(n, span: span, seed: UInt64(n), offset: offset)
        let want = k.indices.sorted { k[$0] < k[$1] }.map { Int32($0) }
        #expect(try #require(RadixSort.order(ofUniqueKeys: k)) == want)
    }

    @Test func refusesWhatItCannotPack() {
        #expect(RadixSort.order(ofUniqueKeys: [0, 1 << 41]) == nil)
        #expect(RadixSort.order(ofUniqueKeys: [Int64.min, Int64.max]) == nil)
        #expect(RadixSort.order(ofUniqueKeys: []) == [])
    }

    /// The synthetic person population is in PERSONID_1 order (what the sort is for).
    @Test func personsAreInIdOrder() throws {
        let producer = SyntheticProducer(norway: SyntheticNorway(config: SyntheticConfig(seed: 3, persons: 3000)),
                                         catalogue: try CatalogueLoader.loadDefault())
        let p = producer.persons
        #expect(zip(p.ids, p.ids.dropFirst()).allSatisfy { $0 < $1 })
        let s = producer.norway.skeleton
        #expect(zip(p.ids, p.person).allSatisfy { $0 == s.id[Int($1)] })
    }
}
