import Foundation

/// The distinct non-missing values of a column, ascending, and each row's index among them
/// (-1 for NaN): found by sorting once and binary-searching each row, not by hashing.
///
/// Shared by number → string conversions (each distinct number is formatted once) and by
/// `DenseGrouping`'s fallback for values too spread out for its table or radix sort.
enum DistinctValues {
    static func code(_ values: [Double]) -> (codes: [Int32], unique: [Double]) {
        var distinct = values.filter { !$0.isNaN }
        distinct.sort()
        var unique: [Double] = []
        unique.reserveCapacity(min(distinct.count, 1024))
        for v in distinct where unique.last != v { unique.append(v) }
        let codes: [Int32] = unique.withUnsafeBufferPointer { u in
            values.map { v -> Int32 in
                if v.isNaN { return -1 }
                var lo = 0, hi = u.count - 1
                while lo < hi { let mid = (lo + hi) / 2; if u[mid] < v { lo = mid + 1 } else { hi = mid } }
                return Int32(lo)
            }
        }
        return (codes, unique)
    }
}
