import Foundation

/// The left join behind `import` and `merge` into a dataset that has units: for each dataset
/// row (ids ascending, may repeat), the value of the unit with the same id on the other side
/// (ids ascending and unique), converted, or the missing value.
///
/// One merge pass writes the new column directly (no row-index array in between, which cost
/// a 75 MB allocation and a second pass at full size). The dataset's rows are cut in two and
/// each half, with its start in the other side's ids found by binary search, runs on its own
/// core. The conversion is a type (`JoinConversion`), not a closure, so the compiler
/// specialises the loop for it (a closure was one indirect call per row in profiles).
enum JoinGather {
    static func column<C: JoinConversion>(left: UnsafeBufferPointer<Int64>, right: UnsafeBufferPointer<Int64>,
                                          rows: UnsafeBufferPointer<Int>?, values: UnsafeBufferPointer<C.Stored>,
                                          _ conversion: C.Type) -> [C.Out] {
        let n = left.count
        return LargeArray.make(n) { (out: UnsafeMutableBufferPointer<C.Out>) in
            nonisolated(unsafe) let out = out, left = left, right = right, rows = rows, values = values
            let parts = n >= 1 << 18 ? 2 : 1, size = (n + parts - 1) / parts
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = p * size, hi = min(n, lo + size)
                guard lo < hi else { return }
                var j = lowerBound(right, left[lo])
                let m = right.count
                for i in lo..<hi {
                    let id = left[i]
                    while j < m && right[j] < id { j += 1 }
                    if j < m && right[j] == id {
                        out[i] = C.convert(values[rows.map { $0[j] } ?? j])
                    } else {
                        out[i] = C.missing
                    }
                }
            }
        }
    }

    /// The first index whose id is ≥ `id`.
    static func lowerBound(_ ids: UnsafeBufferPointer<Int64>, _ id: Int64) -> Int {
        var lo = 0, hi = ids.count
        while lo < hi { let mid = (lo + hi) / 2; if ids[mid] < id { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}

/// How a stored or source value becomes a dataset value, and what missing is.
protocol JoinConversion: SendableMetatype {
    associatedtype Stored
    associatedtype Out: BitwiseCopyable
    static var missing: Out { get }
    static func convert(_ v: Stored) -> Out
}

enum JoinCodes: JoinConversion {
    static var missing: Int32 { -1 }
    @inline(__always) static func convert(_ v: Int32) -> Int32 { v }
}

enum JoinNumbers: JoinConversion {
    static var missing: Double { .nan }
    @inline(__always) static func convert(_ v: Double) -> Double { v }
}

enum JoinLongs: JoinConversion {
    static var missing: Double { .nan }
    @inline(__always) static func convert(_ v: Int64) -> Double { Double(v) }
}

/// Stored days (Int32, `EpochDays.missing` for none) as dataset dates.
enum JoinDays: JoinConversion {
    static var missing: Double { .nan }
    @inline(__always) static func convert(_ v: Int32) -> Double { v == EpochDays.missing ? .nan : Double(v) }
}
