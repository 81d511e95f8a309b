import Foundation

/// The left join behind `import` into a dataset that has units already: for each dataset row
/// (ids ascending, may repeat), the stored value of the unit with the same id (stored ids
/// ascending and unique), converted, or the missing value.
///
/// One merge pass writes the new column directly (no row-index array in between, which cost
/// a 75 MB allocation and a second pass at full size). The dataset's rows are cut in two and
/// each half, with its start in the stored ids found by binary search, runs on its own core.
enum JoinGather {
    static func column<T, U: BitwiseCopyable>(left: UnsafeBufferPointer<Int64>, right: UnsafeBufferPointer<Int64>,
                                              rows: UnsafeBufferPointer<Int>?, values: UnsafeBufferPointer<T>,
                                              missing: U, _ convert: (T) -> U) -> [U] {
        let n = left.count
        return LargeArray.make(n) { (out: UnsafeMutableBufferPointer<U>) in
            nonisolated(unsafe) let out = out, left = left, right = right, rows = rows, values = values, missing = missing
            withoutActuallyEscaping(convert) { convert in
                nonisolated(unsafe) let convert = convert
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
                            out[i] = convert(values[rows.map { $0[j] } ?? j])
                        } else {
                            out[i] = missing
                        }
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
