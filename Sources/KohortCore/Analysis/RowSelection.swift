import Foundation
import Statistics

/// Whole-dataset selections without a row mask.
///
/// Most descriptive commands run without an `if` condition on columns with few or no missing
/// values; at full size a `[Bool]` mask is 9.4 MB to allocate (page faults included) and every
/// pass over it reads it again. These helpers let `summarize`, `tabulate` and `histogram` say
/// "every row" as `nil` and scan the id, key and value columns directly, in chunks on both
/// cores. The answers are the same as with an all-true mask.
extension AnalysisContext {
    /// The rows under the `if` condition with a value in every one of `variables`, or nil when
    /// that is every row (no condition, nothing missing).
    func selection(complete variables: [String]) throws -> [Bool]? {
        if command.condition == nil {
            var missing = false
            for v in variables where !missing {
                guard let c = try requireColumn(v) else { continue }
                missing = c.type == .string ? RowScan.anyNegative(c.codes) : RowScan.anyNaN(c.numbers)
            }
            if !missing { return nil }
        }
        return try mask(complete: variables)
    }

    /// `selection(complete: [name])` for the numeric column `x` of `name`, and, when there is
    /// no condition and the column is large, its bucket profile: the profile's counting pass
    /// is also the missing-value check, so the release selects from it without a pass of
    /// its own (nil profile when a value is missing: the release then works on a copy).
    func selection(profiling name: String, _ x: [Double], moments: Bool) throws -> (selection: [Bool]?, profile: BucketProfile?) {
        guard command.condition == nil, let profile = BucketProfile(x, moments: moments) else {
            return (try selection(complete: [name]), nil)
        }
        return profile.hasNaN ? (try mask(complete: [name]), nil) : (nil, profile)
    }

    /// The population rule on the units selected (nil = every row).
    func checkPopulation(selection: [Bool]?) throws {
        guard selection == nil else { return try checkPopulation(selection!) }
        try TransformationGate.checkPopulation(WholeDatasetFacts.shared.facts(dataset.ids, recordKeys).units, policy: policy)
    }

    /// Σ record keys of the selected rows (nil = every row), wrapping.
    func keySum(selection: [Bool]?) -> UInt64 {
        guard let selection else { return WholeDatasetFacts.shared.facts(dataset.ids, recordKeys).keySum }
        return keySum(selection)
    }
}

/// The number of distinct units of an id column and the sum of its rows' record keys, kept for
/// the last few id columns as `RecordKeyCache` keeps their keys: both are facts of the
/// dataset's rows, not of any variable, and every whole-dataset command needs them (one pass
/// over 9.4 M ids and one over their keys at full size). An entry holds its arrays, so their
/// buffers stay alive and a buffer address names one content.
final class WholeDatasetFacts: @unchecked Sendable {
    static let shared = WholeDatasetFacts()
    private let lock = NSLock()
    private var entries: [(ids: [Int64], keys: [UInt32], units: Int, keySum: UInt64)] = []

    func facts(_ ids: [Int64], _ keys: [UInt32]) -> (units: Int, keySum: UInt64) {
        lock.lock()
        if let hit = entries.first(where: { UnitSample.sameBuffer($0.ids, ids) && Self.sameBuffer($0.keys, keys) }) {
            lock.unlock()
            return (hit.units, hit.keySum)
        }
        lock.unlock()
        let units = RowScan.distinctRuns(ids), sum = RowScan.wrappingSum(keys)
        lock.lock()
        entries.insert((ids, keys, units, sum), at: 0)
        if entries.count > 4 { entries.removeLast() }
        lock.unlock()
        return (units, sum)
    }

    private var samples: [(ids: [Int64], unitType: String, sample: UnitSample)] = []

    /// The audit sample of every row of a dataset with numeric ids (`make` builds it): the same
    /// for every whole-dataset command, and building it packs a bit per row and hashes the
    /// words (~0.7 ms at full size, a twentieth of `summarize`), so it is kept per id column.
    func everyRow(_ ids: [Int64], unitType: String, make: () -> UnitSample) -> UnitSample {
        lock.lock()
        if let hit = samples.first(where: { UnitSample.sameBuffer($0.ids, ids) && $0.unitType == unitType }) {
            lock.unlock()
            return hit.sample
        }
        lock.unlock()
        let sample = make()
        lock.lock()
        samples.insert((ids, unitType, sample), at: 0)
        if samples.count > 4 { samples.removeLast() }
        lock.unlock()
        return sample
    }

    static func sameBuffer(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in p.baseAddress == q.baseAddress } }
    }
}

/// The column scans behind `AnalysisContext.selection`: fixed chunks on both cores, combined
/// in chunk order (all are order-free integer or boolean reductions, so the result does not
/// depend on the split).
enum RowScan {
    static func anyNaN(_ x: [Double]) -> Bool {
        x.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return Parallel.chunkSums(count: b.count) { r in
                // No early exit and no branch (`||` would branch per row): the count vectorises.
                var nan = 0
                for i in r { nan &+= b[i] != b[i] ? 1 : 0 }
                return nan > 0
            }.contains(true)
        }
    }

    static func anyNegative(_ x: [Int32]) -> Bool {
        x.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return Parallel.chunkSums(count: b.count) { r in
                var low: Int32 = 0
                for i in r { low = Swift.min(low, b[i]) }
                return low < 0
            }.contains(true)
        }
    }

    /// Runs of equal ids in an ascending id column: its distinct units.
    static func distinctRuns(_ ids: [Int64]) -> Int {
        ids.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return Parallel.chunkSums(count: b.count) { r in
                var n = 0
                for i in r { n &+= (i == 0 || b[i] != b[i - 1]) ? 1 : 0 }
                return n
            }.reduce(0, +)
        }
    }

    static func wrappingSum(_ keys: [UInt32]) -> UInt64 {
        keys.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b
            return Parallel.chunkSums(count: b.count) { r in
                var s: UInt64 = 0
                for i in r { s &+= UInt64(b[i]) }
                return s
            }.reduce(0, &+)
        }
    }
}
