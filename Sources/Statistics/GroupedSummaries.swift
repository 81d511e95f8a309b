/// Per-group count, sum, mean and sd in two passes over contiguous arrays, counting into
/// arrays indexed by the group code (no dictionaries): the numbers behind
/// `tabulate a b, summarize(x)`, `collapse` and bar charts of means.
public enum GroupedSummaries {
    public struct Group: Sendable, Equatable {
        public let count: Int
        public let sum: Double
        /// nil for an empty group.
        public let mean: Double?
        /// Sample SD (N − 1); nil with fewer than two observations.
        public let standardDeviation: Double?
    }

    /// `codes[i]` in 0..<groups; a negative code leaves the row out (e.g. a missing category).
    public static func compute(values: [Double], codes: [Int32], groups: Int) throws -> [Group] {
        guard values.count == codes.count else { throw StatisticsError.dimensionMismatch("values and codes differ in length") }
        var count = [Int](repeating: 0, count: groups)
        var sum = [Double](repeating: 0, count: groups)
        var ss = [Double](repeating: 0, count: groups)
        var bad = false
        values.withUnsafeBufferPointer { v in
            codes.withUnsafeBufferPointer { c in
                count.withUnsafeMutableBufferPointer { cnt in
                    sum.withUnsafeMutableBufferPointer { s in
                        for i in 0..<v.count {
                            let g = Int(c[i])
                            if g < 0 { continue }
                            if g >= groups { bad = true; break }
                            cnt[g] += 1; s[g] += v[i]
                        }
                    }
                }
                guard !bad else { return }
                var mean = [Double](repeating: 0, count: groups)
                for g in 0..<groups where count[g] > 0 { mean[g] = sum[g] / Double(count[g]) }
                ss.withUnsafeMutableBufferPointer { q in
                    for i in 0..<v.count {
                        let g = Int(c[i])
                        if g < 0 { continue }
                        let d = v[i] - mean[g]
                        q[g] += d * d
                    }
                }
            }
        }
        if bad { throw StatisticsError.invalidArgument("a group code is ≥ the number of groups (\(groups))") }
        return (0..<groups).map { g in
            Group(count: count[g], sum: sum[g], mean: count[g] > 0 ? sum[g] / Double(count[g]) : nil,
                  standardDeviation: count[g] > 1 ? (ss[g] / Double(count[g] - 1)).squareRoot() : nil)
        }
    }
}
