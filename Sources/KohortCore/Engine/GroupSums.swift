import Foundation

/// Per-group count, sum and sum of squares of the non-missing values, as `collapse`'s
/// moment statistics need them, accumulating only what the statistic uses.
///
/// Rows come in unit order, not group order (contacts sorted by contact id, grouped by
/// person), so each row updates a random slot of arrays as long as the groups: a cache miss
/// per row and per array. `count` touches one array instead of three, and its rows are split
/// in two halves counted on both cores into separate arrays, added at the end.
enum GroupSums {
    enum Need { case count, sum, squares }

    static func accumulate(values: UnsafeBufferPointer<Double>?, codes: UnsafeBufferPointer<Int32>?, groupOf: UnsafeBufferPointer<Int32>,
                           groups G: Int, need: Need) -> (count: [Double], sum: [Double], sumsq: [Double]) {
        let n = groupOf.count
        // Only counts are split: they are exact whatever the order; sums keep the one-pass order.
        let parts = need == .count && n >= 1 << 20 ? 2 : 1
        let size = (n + parts - 1) / parts
        var results = [(count: [Double], sum: [Double], sumsq: [Double])](repeating: ([], [], []), count: parts)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out, values = values, codes = codes, groupOf = groupOf
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                var count: [Double] = LargeArray.make(G) { $0.initialize(repeating: 0) }
                var sum: [Double] = LargeArray.make(need == .count ? 0 : G) { $0.initialize(repeating: 0) }
                var sumsq: [Double] = LargeArray.make(need == .squares ? G : 0) { $0.initialize(repeating: 0) }
                let lo = p * size, hi = min(n, lo + size)
                count.withUnsafeMutableBufferPointer { c in
                    sum.withUnsafeMutableBufferPointer { s in
                        sumsq.withUnsafeMutableBufferPointer { q in
                            if let codes {
                                for i in lo..<hi { let k = Int(groupOf[i]); if k >= 0 && codes[i] >= 0 { c[k] += 1 } }
                            } else if let v = values {
                                switch need {
                                case .count:
                                    for i in lo..<hi { let k = Int(groupOf[i]); if k >= 0 && !v[i].isNaN { c[k] += 1 } }
                                case .sum:
                                    for i in lo..<hi { let k = Int(groupOf[i]), x = v[i]; if k >= 0 && !x.isNaN { c[k] += 1; s[k] += x } }
                                case .squares:
                                    for i in lo..<hi {
                                        let k = Int(groupOf[i]), x = v[i]
                                        if k >= 0 && !x.isNaN { c[k] += 1; s[k] += x; q[k] += x * x }
                                    }
                                }
                            }
                        }
                    }
                }
                out[p] = (count, sum, sumsq)
            }
        }
        guard parts == 2 else { return results[0] }
        var (count, sum, sumsq) = results[0]
        let second = results[1]
        for k in 0..<G { count[k] += second.count[k] }
        for k in 0..<sum.count { sum[k] += second.sum[k] }
        for k in 0..<sumsq.count { sumsq[k] += second.sumsq[k] }
        return (count, sum, sumsq)
    }
}
