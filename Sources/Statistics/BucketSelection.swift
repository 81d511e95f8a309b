import Dispatch

/// Order statistics of a column from its `BucketProfile`: the buckets holding a wanted rank
/// are gathered in one pass (both halves of the rows at once, each into its own part of one
/// scratch buffer) and selected inside; ranks among the copies of the profile's `hot` value
/// need no gather. The gathered values stay, so `clampedMoments` can treat the buckets that
/// hold a cut point value by value.
public struct BucketSelection: Sendable {
    /// The values at the requested ranks, in request order.
    public let values: [Double]
    let profile: BucketProfile
    /// Values in the column selected on.
    public var count: Int { profile.count }
    /// The wanted buckets' values, bucket after bucket (each selected in place).
    let gathered: [Double]
    /// Gathered virtual buckets (ascending) with their slice of `gathered`.
    let spans: [(bucket: Int, start: Int, count: Int)]

    /// `x` must be the column the profile was made of, without NaN.
    public init(_ x: [Double], profile: BucketProfile, ranks: [Int]) {
        precondition(x.count == profile.count && !profile.hasNaN)
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < x.count }, "order statistic rank out of range")
        let buckets = BucketProfile.buckets
        let virtual = profile.virtualCounts
        var start = [Int](repeating: 0, count: virtual.count + 1)
        for j in virtual.indices { start[j + 1] = start[j] + virtual[j] }
        // The virtual bucket of each rank: the last one starting at or before it.
        func bucketOf(_ r: Int) -> Int {
            var a = 0, b = virtual.count - 1
            while a < b { let m = (a + b + 1) / 2; if start[m] <= r { a = m } else { b = m - 1 } }
            return a
        }
        let rankBuckets = ranks.map(bucketOf)
        let wanted = Set(rankBuckets.filter { $0 != 1 }).sorted()
        // Real bucket k of virtual j: 0 → 0, j ≥ 2 → j − 1. Per half, the next free slot of
        // each wanted bucket (-1: not wanted; the sink slot `buckets` is never wanted).
        var fill = [Int](repeating: -1, count: 2 * (buckets + 1))
        var spans: [(bucket: Int, start: Int, count: Int)] = []
        var total = 0
        for j in wanted {
            let k = j == 0 ? 0 : j - 1
            fill[k] = total; fill[buckets + 1 + k] = total + profile.halves[k]
            spans.append((j, total, virtual[j]))
            total += virtual[j]
        }
        let hot = profile.hot, scale = profile.scale, hotBits = hot.bitPattern
        let (threshold, below) = Self.prefilter(wanted, virtual: virtual, profile: profile)
        // Per slot, whether it is wanted (a byte: the whole map stays in the core's L1).
        var flags = [UInt8](repeating: 0, count: buckets + 1)
        for j in wanted { flags[j == 0 ? 0 : j - 1] = 1 }
        // Without bucket 0 or 1 among the wanted, the gather may fold `hot`, the values below
        // it and bucket 1 into slot 1 (never wanted) and skip the tests that keep them apart.
        let plain = flags[0] == 0 && flags[1] == 0
        var gathered = [Double](unsafeUninitializedCapacity: total) { out, initialized in
            guard total > 0 else { initialized = 0; return }
            x.withUnsafeBufferPointer { b in
                fill.withUnsafeMutableBufferPointer { f in
                    flags.withUnsafeBufferPointer { fb in
                        nonisolated(unsafe) let b = b, f = f, out = out, fb = fb
                        let size = (b.count + 1) / 2
                        DispatchQueue.concurrentPerform(iterations: 2) { p in
                            let next = f.baseAddress! + p * (buckets + 1), wants = fb.baseAddress!
                            // Taken for the few thousand values of wanted buckets only.
                            @inline(__always) func put(_ v: Double, _ k: Int) {
                                if wants[k] != 0 { let at = next[k]; out[at] = v; next[k] = at &+ 1 }
                            }
                            let rows = (p * size)..<Swift.min(b.count, (p + 1) * size)
                            if let threshold {
                                // Only the rare rows that can be in a wanted bucket map to one.
                                for i in rows {
                                    let v = b[i]
                                    if (v >= threshold ? 1 : 0) | (below && v < hot ? 1 : 0) != 0 {
                                        put(v, BucketProfile.slot(v, hot: hot, hotBits: hotBits, scale: scale, sink: buckets))
                                    }
                                }
                            } else if plain {
                                // The slot map alone (no NaN here): slot 1 + round(clamp((v − hot)·scale, 0, top)).
                                let top = Double(buckets - 2)
                                @inline(__always) func map(_ v: Double) -> Int {
                                    let t = (v - hot) * scale
                                    let c = t < top ? t : top
                                    let z = c > 0 ? c : 0
                                    return 1 &+ Int(truncatingIfNeeded: (z + 0x1p52).bitPattern & UInt64(buckets - 1))
                                }
                                // Two rows a step, one test for both (the compiler maps them
                                // side by side in one vector register).
                                var i = rows.lowerBound
                                while i + 1 < rows.upperBound {
                                    let v0 = b[i], v1 = b[i + 1]
                                    let k0 = map(v0), k1 = map(v1)
                                    if (wants[k0] | wants[k1]) != 0 { put(v0, k0); put(v1, k1) }
                                    i &+= 2
                                }
                                if i < rows.upperBound { put(b[i], map(b[i])) }
                            } else {
                                for i in rows {
                                    let v = b[i]
                                    put(v, BucketProfile.slot(v, hot: hot, hotBits: hotBits, scale: scale, sink: buckets))
                                }
                            }
                        }
                    }
                }
            }
            initialized = total
        }
        var values = [Double](repeating: hot, count: ranks.count)
        for s in spans {
            let inside = ranks.indices.filter { rankBuckets[$0] == s.bucket }
            let first = start[s.bucket]
            gathered.withUnsafeMutableBufferPointer { g in
                let slice = UnsafeMutableBufferPointer(rebasing: g[s.start..<s.start + s.count])
                Selection.select(slice, ranks: inside.map { ranks[$0] - first })
                for i in inside { values[i] = slice[ranks[i] - first] }
            }
        }
        self.values = values
        self.profile = profile
        self.gathered = gathered
        self.spans = spans
    }

    /// When every wanted bucket above `hot` lies high up (the winsorising cut point p99 and
    /// the second largest value: a histogram's whole selection), a value below `threshold`
    /// cannot be in one: the gather then maps only the rows at or above it (and below `hot`
    /// when bucket 0 is wanted) instead of every row. Used when those rows are at most 1/16
    /// of the column, so the branch on them is rarely taken. `threshold` sits a whole bucket
    /// below the lowest wanted bucket's values, far beyond the slot map's rounding.
    static func prefilter(_ wanted: [Int], virtual: [Int], profile p: BucketProfile) -> (threshold: Double?, below: Bool) {
        let below = wanted.first == 0
        guard let lowest = wanted.first(where: { $0 >= 2 }) else { return (.infinity, below) }
        // Virtual bucket j ≥ 2 is bucket k = j − 1, holding 1 + round((v − hot)·scale) = k;
        // below hot + (k − 2)/scale the slot is at most k − 1.
        guard lowest >= 4 else { return (nil, below) }
        let threshold = p.hot + Double(lowest - 3) / p.scale
        var candidates = below ? virtual[0] : 0
        for j in (lowest - 1)..<virtual.count { candidates += virtual[j] }
        return candidates * 16 <= p.count && threshold > p.hot ? (threshold, below) : (nil, below)
    }

    /// Σ d and Σ d² of d = clamp(x, low, high) − shift over the whole column, from the
    /// profile's per-bucket sums and the gathered buckets; nil when a bucket holding a cut
    /// point was not gathered, when the profile has no sums, or when the per-bucket terms
    /// cancel (their magnitudes exceed 4 × Σ d²: a spread far below the bucket width), so the
    /// caller sums over the column instead and the result keeps the direct sum's accuracy.
    public func clampedMoments(low: Double, high: Double, shift: Double) -> (sum: Double, squares: Double)? {
        let p = profile
        guard !p.sums.isEmpty, low <= high else { return nil }
        let jLow = p.virtualBucket(low), jHigh = p.virtualBucket(high)
        // Compensated (Neumaier) sums over the 4 097 buckets: a plain running sum would add
        // ~√4 097 ε of relative error, where a direct sum over the column has ~ε.
        var s = CompensatedSum(), q = CompensatedSum(), magnitude = 0.0
        func add(_ d: Double, times n: Int) {
            let m = Double(n)
            s.add(m * d); q.add(m * d * d); magnitude += m * d * d
        }
        // The copies of `hot`.
        if p.hotCount > 0 { add(Swift.min(Swift.max(p.hot, low), high) - shift, times: p.hotCount) }
        var next = 0   // index into spans
        for j in 0..<(BucketProfile.buckets + 1) where j != 1 {
            if next < spans.count && spans[next].bucket == j {
                let span = spans[next]
                next += 1
                // Compensated too: a sample that misjudged the range can leave most of the
                // column in one gathered bucket.
                var q0 = CompensatedSum()
                for i in span.start..<(span.start + span.count) {
                    let v = gathered[i]
                    let d = (v < low ? low : (v > high ? high : v)) - shift
                    s.add(d); q0.add(d * d)
                }
                q.add(q0.value); magnitude += q0.value
                continue
            }
            let k = j == 0 ? 0 : j - 1
            let n = p.counts[k]
            if n == 0 { continue }
            if j < jLow { add(low - shift, times: n); continue }
            if j > jHigh { add(high - shift, times: n); continue }
            // A bucket holding a cut point must have been gathered (its values straddle it).
            guard j != jLow && j != jHigh else { return nil }
            // Every value inside: Σ(x − shift) = S1 + n·c, Σ(x − shift)² = S2 + 2c·S1 + n·c²
            // with c = edge − shift.
            let c = p.edges[k] - shift, m = Double(n), s1 = p.sums[k], s2 = p.squares[k]
            s.add(s1); s.add(m * c)
            q.add(s2); q.add(2 * c * s1); q.add(m * c * c)
            magnitude += s2 + 2 * Swift.abs(c * s1) + m * c * c
        }
        guard magnitude.isFinite, magnitude <= 4 * q.value else { return nil }
        return (s.value, q.value)
    }
}

/// Neumaier's compensated sum: the rounding error of each addition is carried along.
struct CompensatedSum {
    private var sum = 0.0, carry = 0.0
    var value: Double { sum + carry }
    mutating func add(_ t: Double) {
        let u = sum + t
        carry += Swift.abs(sum) >= Swift.abs(t) ? (sum - u) + t : (t - u) + sum
        sum = u
    }
}
