import Foundation
import Testing
@testable import KohortCore

@Suite struct UnitKeyCacheTests {
    /// The parallel count and key sum equal the one-by-one loop, with units repeated across
    /// every chunk boundary (an event dataset's ids) and without (a person dataset's).
    @Test func parallelSumEqualsTheSequentialOne() {
        let key = RecordKey(policy: .default)
        func sequential(_ ids: [Int64]) -> (Int, UInt64) {
            var n = 0, sum: UInt64 = 0, last: Int64? = nil
            for id in ids where id != last { n += 1; sum = sum &+ key(id); last = id }
            return (n, sum)
        }
        let unique = (0..<300_000).map { Int64($0) * 7 + 3 }
        let repeated = (0..<300_001).map { Int64($0 / 3) }
        // A cache of part of the units (every other one of 0…150 000, as an entry population
        // that lacks some units of a later step): cached and hashed keys mix to the same sum.
        let cache = UnitKeyCache(ids: (0..<150_000).filter { $0 % 2 == 0 }.map(Int64.init), key: key)
        #expect(cache.keys.count == 75_000 && cache.keys[3] == UInt32(key(6)))
        for ids in [unique, repeated, [42], []] {
            let (en, esum) = sequential(ids)
            for c in [nil, cache] {
                let (n, sum) = UnitKeyCache.unitKeySum(ids, key, cache: c)
                #expect(n == en)
                #expect(sum == esum)
            }
        }
        #expect(UnitKeyCache.unitKeySum(repeated, key).count == 100_001)
    }
}

@Suite struct RowKeysTests {
    /// Row keys are the cached key where the cache has the unit and the hash elsewhere; ids that
    /// are not strictly ascending (a repeat anywhere, a chunk boundary included) give none.
    @Test func rowKeysFollowTheCacheAndNeedOneRowPerUnit() {
        let key = RecordKey(policy: .default)
        let cache = UnitKeyCache(ids: (0..<150_000).filter { $0 % 2 == 0 }.map(Int64.init), key: key)
        let ids = (0..<300_000).map { Int64($0) * 3 }
        let keys = cache.rowKeys(ids)
        #expect(keys == ids.map { UInt32(truncatingIfNeeded: key($0)) })
        let chunks = min(ids.count / 65_536, ProcessInfo.processInfo.activeProcessorCount * 4)
        for at in [1, ids.count / max(1, chunks), ids.count - 1] {
            var repeated = ids
            repeated[at] = repeated[at - 1]
            #expect(cache.rowKeys(repeated) == nil, "repeat at \(at)")
        }
        #expect(cache.rowKeys([]) == [])
    }
}
