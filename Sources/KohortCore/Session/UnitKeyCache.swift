import Foundation

/// The record keys of the cohort entry's units, computed once per entry population.
///
/// A count refresh releases the number of units through the cell key method, which needs the
/// sum of every counted unit's record key (a SipHash of its id). Hashing was the largest part
/// of a refresh at full size (over a million SipHashes per count). Every later step of a
/// cohort keeps a subset of the entry's units, so their keys are looked up here by a merge
/// walk over two ascending id lists instead; a unit not in the cache (a step that added
/// units) is hashed as before, so the cache changes speed, never results.
struct UnitKeyCache: Sendable {
    let key: RecordKey
    /// Ascending, unique.
    let ids: [Int64]
    let keys: [UInt32]

    /// `ids` ascending (repeats allowed, as in an event dataset).
    init(ids: [Int64], key: RecordKey) {
        var unique: [Int64] = []
        unique.reserveCapacity(ids.count)
        for id in ids where unique.last != id { unique.append(id) }
        self.key = key
        self.ids = unique
        keys = key.keys(unique)
    }

    /// The number of distinct units in an ascending id column and the wrapping sum of their
    /// record keys, on all cores. A unit repeated across a chunk boundary is counted once, by
    /// the chunk holding its first row. Keys come from `cache` where it has the unit.
    static func unitKeySum(_ ids: [Int64], _ key: RecordKey, cache: UnitKeyCache? = nil) -> (count: Int, sum: UInt64) {
        let count = ids.count
        guard count > 0 else { return (0, 0) }
        let chunks = max(1, min(count / 65_536, ProcessInfo.processInfo.activeProcessorCount * 4))
        var counts = [Int](repeating: 0, count: chunks), sums = [UInt64](repeating: 0, count: chunks)
        let cachedIDs = cache?.ids ?? [], cachedKeys = cache?.keys ?? []
        ids.withUnsafeBufferPointer { idb in
            cachedIDs.withUnsafeBufferPointer { cib in
                cachedKeys.withUnsafeBufferPointer { ckb in
                    counts.withUnsafeMutableBufferPointer { cb in
                        sums.withUnsafeMutableBufferPointer { sb in
                            nonisolated(unsafe) let p = idb.baseAddress!, cp = cb.baseAddress!, sp = sb.baseAddress!
                            nonisolated(unsafe) let cids = cib, ckeys = ckb
                            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                                var n = 0, sum: UInt64 = 0
                                let m = cids.count
                                var j = lowerBound(cids, p[lo])
                                for i in lo..<hi where i == 0 || p[i] != p[i - 1] {
                                    let id = p[i]
                                    n += 1
                                    while j < m && cids[j] < id { j += 1 }
                                    sum = sum &+ (j < m && cids[j] == id ? UInt64(ckeys[j]) : key(id))
                                }
                                cp[c] = n
                                sp[c] = sum
                            }
                        }
                    }
                }
            }
        }
        return (counts.reduce(0, +), sums.reduce(0, &+))
    }

    /// The record key of every row of `ids`, from the cache where it has the unit (a merge
    /// walk, on all cores), else hashed; nil unless the ids are strictly ascending (one row per
    /// unit), where a row count is a unit count and row keys are unit keys.
    func rowKeys(_ ids: [Int64]) -> [UInt32]? {
        let count = ids.count
        let chunks = max(1, min(count / 65_536, ProcessInfo.processInfo.activeProcessorCount * 4))
        var ascending = [Bool](repeating: true, count: chunks)
        let keys: [UInt32] = LargeArray.make(count) { out in
            guard count > 0 else { return }
            ids.withUnsafeBufferPointer { idb in
                self.ids.withUnsafeBufferPointer { cib in
                    self.keys.withUnsafeBufferPointer { ckb in
                        ascending.withUnsafeMutableBufferPointer { ab in
                            nonisolated(unsafe) let p = idb.baseAddress!, o = out.baseAddress!, a = ab.baseAddress!
                            nonisolated(unsafe) let cids = cib, ckeys = ckb
                            let key = self.key
                            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                                let m = cids.count
                                var j = Self.lowerBound(cids, p[lo])
                                var strict = lo == 0 || p[lo - 1] < p[lo]
                                for i in lo..<hi {
                                    let id = p[i]
                                    if i > lo && p[i - 1] >= id { strict = false }
                                    while j < m && cids[j] < id { j += 1 }
                                    o[i] = j < m && cids[j] == id ? ckeys[j] : UInt32(truncatingIfNeeded: key(id))
                                }
                                a[c] = strict
                            }
                        }
                    }
                }
            }
        }
        return ascending.contains(false) ? nil : keys
    }

    /// The first index whose id is ≥ `id`.
    static func lowerBound(_ ids: UnsafeBufferPointer<Int64>, _ id: Int64) -> Int {
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
