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

/// FIXED person frames valid from 1964 or earlier are built on exits without cancer deaths (so a
/// cold start's first import needs no cancer cases); they must equal the frames on the true
/// exits, for every such catalogue variable.
@Suite struct EarlyFixedFrameTests {
    @Test func framesEqualThoseOnTrueExits() throws {
        let catalogue = try CatalogueLoader.loadDefault()
        let producer = SyntheticProducer(norway: SyntheticNorway(config: SyntheticConfig(seed: 5, persons: 4000)), catalogue: catalogue)
        let fixed = catalogue.variables.filter { $0.unitType == "PERSON" && $0.temporality == .fixed && $0.availability == .available }
        let early = fixed.filter { FrameBuilder.validity($0).0 <= CancerCases.firstDiagnosisDay }
        #expect(early.count >= 3 && early.contains { $0.name == "BEFOLKNING_KJOENN" })
        // Exits do differ (cancer deaths), so the test compares something real.
        #expect(producer.persons.exit != producer.personsWithoutCancerDeaths.exit)
        for v in early {
            let a = producer.frame(producer.persons, v), b = producer.frame(producer.fixedPersons(v), v)
            #expect(a.ids == b.ids && a.starts == b.starts && a.stops == b.stops && a.person == b.person, "\(v.name)")
        }
    }
}
