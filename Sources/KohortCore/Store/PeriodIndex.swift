import Foundation

/// A side index for dated point imports: the variable's rows copied out per distinct
/// (start, stop) period, each copy a small variable folder of its own (ids ascending, one row
/// per unit), under `<variable>/by-period/`.
///
/// Why: rows are sorted by (id, start), so `import db/INNTEKT_WLONN 2023-12-31` had to scan
/// all 122 M rows of 1993–2024 (ids, starts and stops: ~2 GB of memory traffic, ~500 ms) to
/// find the 2023 rows. Variables with few distinct periods (yearly ACCUMULATED incomes,
/// STATUS values on measuring dates) get one folder per period; an import whose date lies in
/// exactly one period reads that folder like a FIXED variable. Variables with many periods
/// (spells) are marked unindexed and keep the scan.
///
/// The copy keeps, per unit, the first row of the period in the stored (id, start, stop)
/// order: exactly the row the scan picks when this is the only period containing the date.
/// The index names the parent's row count and generator, so a stale index is ignored.
public enum PeriodIndex {
    public static let folder = "by-period"
    static let file = "periods.json"
    /// Above this many distinct periods the variable is not indexed.
    public static let maxPeriods = 64
    /// Rows copied per pass while building (bounds the builder's memory).
    static let rowsPerPass = 1 << 25

    struct Period: Codable, Equatable {
        var start: Int32
        var stop: Int32
        var rows: Int
        var folder: String
    }

    struct Index: Codable {
        var formatVersion: Int
        var parentRows: Int
        var parentGenerator: String
        /// nil: too many periods, not indexed.
        var periods: [Period]?
    }

    /// The copy of the one period that contains `date`, or nil (not indexed, no such period,
    /// or several: the caller scans). Builds the index first when the variable allows it.
    public static func variable(of v: StoredVariable, on date: Int32) throws -> StoredVariable? {
        guard v.meta.temporality != .fixed else { return nil }
        var index = load(v)
        if index == nil, v.buildsSideIndexes {
            // One builder at a time in this process; the others wait and then read its copy.
            buildLock.lock()
            defer { buildLock.unlock() }
            index = load(v)
            if index == nil {
                try? build(v)
                index = load(v)
            }
        }
        guard let periods = index?.periods else { return nil }
        let missing = EpochDays.missing
        let containing = periods.filter { ($0.start == missing || $0.start <= date) && ($0.stop == missing || date <= $0.stop) }
        guard containing.count == 1 else { return nil }
        let dir = v.directory.appendingPathComponent(folder).appendingPathComponent(containing[0].folder)
        return try StoredVariable(directory: dir, verification: v.verification)
    }

    private static let buildLock = NSLock()

    static func load(_ v: StoredVariable) -> Index? {
        let url = v.directory.appendingPathComponent(folder).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path),
              let index = try? JSONDecoder().decode(Index.self, from: data),
              index.formatVersion == 1, index.parentRows == v.rowCount, index.parentGenerator == v.meta.generator else { return nil }
        return index
    }

    /// Writes `<variable>/by-period/` (into a temporary folder, renamed into place).
    public static func build(_ v: StoredVariable) throws {
        let target = v.directory.appendingPathComponent(folder)
        let tmp = v.directory.appendingPathComponent(".\(folder)-\(UUID().uuidString)")
        try FileIO.createDirectory(tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let periods: [Period]?
        switch v.meta.dataType {
        case .long: periods = try copy(v, Int64.self, into: tmp)
        case .double: periods = try copy(v, Double.self, into: tmp)
        case .date, .string: periods = try copy(v, Int32.self, into: tmp)
        }
        let index = Index(formatVersion: 1, parentRows: v.rowCount, parentGenerator: v.meta.generator, periods: periods)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(index).write(to: tmp.appendingPathComponent(file))
        if FileIO.exists(target) {
            // A valid copy (another process was faster) is never removed: readers may be
            // opening its files. Only an invalid one is moved aside (rename is atomic).
            if load(v) != nil { return }
            let trash = v.directory.appendingPathComponent(".old-\(folder)-\(UUID().uuidString)")
            try? FileIO.rename(target, to: trash)
            try? FileManager.default.removeItem(at: trash)
        }
        do { try FileIO.rename(tmp, to: target) } catch {
            // Another process built it meanwhile: theirs is identical.
            guard FileIO.exists(target.appendingPathComponent(file)) else { throw error }
        }
    }

    /// The distinct periods (sorted by start, stop) with their row counts, or nil if too many.
    private static func copy<T: ColumnElement>(_ v: StoredVariable, _ type: T.Type, into dir: URL) throws -> [Period]? {
        let idColumn = try v.ids(), startColumn = try v.starts(), stopColumn = try v.stops()
        let valueColumn = try v.values(as: T.self)
        let dictionary = v.meta.dataType == .string ? try v.dictionary() : nil
        return try idColumn.withUnsafeBufferPointer { ids in
            try startColumn.withUnsafeBufferPointer { starts in
                try stopColumn.withUnsafeBufferPointer { stops in
                    try valueColumn.withUnsafeBufferPointer { values in
                        // Period of each row (UInt8), found through a tiny cache of the keys.
                        let n = ids.count
                        var keys: [Int64] = []
                        var periodOf = [UInt8](repeating: 0, count: n)
                        var last: Int64 = 0, lastPeriod = -1
                        for i in 0..<n {
                            let key = Int64(starts[i]) << 32 | Int64(UInt32(bitPattern: stops[i]))
                            if key != last || lastPeriod < 0 {
                                // A unit's rows run through the periods in order: try the next first.
                                if lastPeriod + 1 < keys.count && keys[lastPeriod + 1] == key { lastPeriod += 1 }
                                else if let k = keys.firstIndex(of: key) { lastPeriod = k } else {
                                    guard keys.count < maxPeriods else { return nil }
                                    keys.append(key); lastPeriod = keys.count - 1
                                }
                                last = key
                            }
                            periodOf[i] = UInt8(lastPeriod)
                        }
                        // A unit's second row of the same period (adjacent in (id, start, stop)
                        // order) is not copied: the scan takes the first.
                        var take = [Bool](repeating: true, count: n)
                        var counts = [Int](repeating: 0, count: keys.count)
                        for i in 0..<n {
                            if i > 0 && ids[i] == ids[i - 1] && periodOf[i] == periodOf[i - 1] { take[i] = false; continue }
                            counts[Int(periodOf[i])] += 1
                        }
                        let order = keys.indices.sorted { keys[$0] < keys[$1] }
                        var periods = [Period](repeating: Period(start: 0, stop: 0, rows: 0, folder: ""), count: keys.count)
                        for (rank, k) in order.enumerated() {
                            periods[k] = Period(start: Int32(truncatingIfNeeded: keys[k] >> 32), stop: Int32(truncatingIfNeeded: keys[k]),
                                                rows: counts[k], folder: "p\(rank)")
                        }
                        // Copy a few periods per pass over the rows (bounded memory).
                        var pending = Array(order)
                        while !pending.isEmpty {
                            var batch: [Int] = [], budget = 0
                            while let k = pending.first, batch.isEmpty || budget + counts[k] <= rowsPerPass {
                                batch.append(k); budget += counts[k]; pending.removeFirst()
                            }
                            var slot = [Int](repeating: -1, count: keys.count)
                            for (b, k) in batch.enumerated() { slot[k] = b }
                            var outIDs = batch.map { k -> [Int64] in var a = [Int64](); a.reserveCapacity(counts[k]); return a }
                            var outValues = batch.map { k -> [T] in var a = [T](); a.reserveCapacity(counts[k]); return a }
                            for i in 0..<n where take[i] {
                                let b = slot[Int(periodOf[i])]
                                if b >= 0 { outIDs[b].append(ids[i]); outValues[b].append(values[i]) }
                            }
                            for (b, k) in batch.enumerated() {
                                let sub = dir.appendingPathComponent(periods[k].folder)
                                try FileIO.createDirectory(sub)
                                try outIDs[b].withUnsafeBufferPointer { ColumnFile.encode($0) }.write(to: sub.appendingPathComponent(VariableFiles.ids))
                                try outValues[b].withUnsafeBufferPointer { ColumnFile.encode($0) }.write(to: sub.appendingPathComponent(VariableFiles.values))
                                if let dictionary {
                                    try StringTable.encode(dictionary).write(to: sub.appendingPathComponent(VariableFiles.dictionary))
                                }
                                let meta = VariableMeta(name: v.meta.name, temporality: .fixed, dataType: v.meta.dataType, unitType: v.meta.unitType,
                                                        rowCount: counts[k], generator: v.meta.generator + " by-period")
                                try JSONEncoder().encode(meta).write(to: sub.appendingPathComponent(VariableFiles.meta))
                            }
                        }
                        return order.map { periods[$0] }
                    }
                }
            }
        }
    }
}
