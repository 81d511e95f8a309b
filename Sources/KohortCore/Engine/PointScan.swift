import Foundation

/// The scan behind `import db/VAR DATE` on a STATUS, ACCUMULATED or EVENT variable: for each
/// unit, the first row whose [start, stop] contains the date (a missing start or stop is open).
///
/// A person variable of many years is several rows per person (tens of millions at full
/// size), and this scan reads every row's id, start and stop, so it is split in two at a unit
/// boundary and each half runs on its own core; the halves' results are concatenated, which
/// is exactly what one pass gives (rows are sorted by id, so a unit never straddles the cut).
enum PointScan {
    static func select(ids: UnsafeBufferPointer<Int64>, starts: UnsafeBufferPointer<Int32>, stops: UnsafeBufferPointer<Int32>,
                       date: Int32) -> (ids: [Int64], rows: [Int]) {
        let n = ids.count
        var cut = n / 2
        while cut > 0 && cut < n && ids[cut] == ids[cut - 1] { cut += 1 }
        let ranges = n >= 1 << 18 ? [0..<cut, cut..<n] : [0..<n]
        var parts = [(ids: [Int64], rows: [Int])](repeating: ([], []), count: ranges.count)
        parts.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out, ids = ids, starts = starts, stops = stops
            DispatchQueue.concurrentPerform(iterations: ranges.count) { p in
                out[p] = scan(ids, starts, stops, date, ranges[p])
            }
        }
        if parts.count == 1 { return parts[0] }
        return (parts[0].ids + parts[1].ids, parts[0].rows + parts[1].rows)
    }

    private static func scan(_ ids: UnsafeBufferPointer<Int64>, _ starts: UnsafeBufferPointer<Int32>, _ stops: UnsafeBufferPointer<Int32>,
                             _ date: Int32, _ range: Range<Int>) -> (ids: [Int64], rows: [Int]) {
        var outIDs: [Int64] = [], outRows: [Int] = []
        outIDs.reserveCapacity(range.count)
        outRows.reserveCapacity(range.count)
        let missing = EpochDays.missing
        var last = Int64.min, haveLast = false
        for i in range {
            let s = starts[i], e = stops[i]
            guard s == missing || s <= date, e == missing || date <= e else { continue }
            let id = ids[i]
            if !haveLast || last != id { outIDs.append(id); outRows.append(i); last = id; haveLast = true }
        }
        return (outIDs, outRows)
    }
}
