/// The numbers behind histograms and box plots. Counts here are exact; the disclosure layer
/// perturbs and suppresses them before anything is drawn.
public enum Histogram {
    public struct Bins: Sendable {
        /// k + 1 edges; bin i is [edges[i], edges[i+1]), the last also closed on the right.
        public let edges: [Double]
        public let counts: [Int]
        public let total: Int
        public var width: Double { edges[1] - edges[0] }
        /// Heights as Stata's `density` (integrates to 1), `fraction` and `percent`.
        public var density: [Double] { counts.map { Double($0) / (Double(total) * width) } }
        public var fraction: [Double] { counts.map { Double($0) / Double(total) } }
        public var percent: [Double] { counts.map { 100 * Double($0) / Double(total) } }
    }

    /// Stata's default number of bins: min(√N, 10·log₁₀N), rounded down, at least 1.
    public static func defaultBinCount(_ n: Int) -> Int {
        guard n > 1 else { return 1 }
        let nd = Double(n)
        // log10, not log/log(10): 10·ln(1000)/ln(10) is 29.999…, and Stata gives 30 bins.
        return max(1, Int(min(nd.squareRoot(), 10 * _log10(nd))))
    }

    /// Equal-width bins from `start` (default the minimum) with either a bin count or a width.
    public static func bins(_ x: [Double], count: Int? = nil, width: Double? = nil, start: Double? = nil) throws -> Bins {
        guard !x.isEmpty else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        var lo = Double.infinity, hi = -Double.infinity
        for v in x { lo = min(lo, v); hi = max(hi, v) }
        let s = start ?? lo
        guard s <= lo else { throw StatisticsError.invalidArgument("start \(s) lies above the minimum \(lo)") }
        var k: Int, w: Double
        if let width {
            guard width > 0 else { throw StatisticsError.invalidArgument("bin width must be positive") }
            w = width
            k = max(1, Int(((hi - s) / w).rounded(.up)))
            if s + Double(k) * w <= hi && hi > s { k += 1 }
        } else {
            k = count ?? defaultBinCount(x.count)
            guard k >= 1 else { throw StatisticsError.invalidArgument("need at least one bin") }
            w = hi > s ? (hi - s) / Double(k) : 1
        }
        var counts = [Int](repeating: 0, count: k)
        x.withUnsafeBufferPointer { b in
            for v in b {
                var i = Int((v - s) / w)
                if i >= k { i = k - 1 }
                if i < 0 { i = 0 }
                counts[i] += 1
            }
        }
        return Bins(edges: (0...k).map { s + Double($0) * w }, counts: counts, total: x.count)
    }
}

/// The y scale of a histogram, as Stata's `histogram …, frequency | density | fraction | percent`.
/// Heights are computed from whatever counts are shown (after disclosure, the released ones),
/// with N the sum of the shown counts: density = count/(N·width), so the shown bars integrate to
/// 1 over their widths; fraction = count/N (sums to 1); percent = 100·count/N. A bin without a
/// count (suppressed) has no height.
public enum HistogramScale: String, CaseIterable, Sendable {
    case frequency, density, fraction, percent

    public func heights(counts: [Int?], widths: [Double]) -> [Double?] {
        precondition(counts.count == widths.count)
        let total = Double(counts.reduce(0) { $0 + ($1 ?? 0) })
        return zip(counts, widths).map { c, w -> Double? in
            guard let c else { return nil }
            switch self {
            case .frequency: return Double(c)
            case .density: return total > 0 && w > 0 ? Double(c) / (total * w) : 0
            case .fraction: return total > 0 ? Double(c) / total : 0
            case .percent: return total > 0 ? 100 * Double(c) / total : 0
            }
        }
    }

    /// The y-axis title (Stata's).
    public var axisTitle: String {
        switch self {
        case .frequency: return "Frequency"
        case .density: return "Density"
        case .fraction: return "Fraction"
        case .percent: return "Percent"
        }
    }
}

extension HistogramScale {
    /// Stata's `histogram …, normal`: the normal density with the plotted sample's mean and sd,
    /// put on the bars' y scale so it overlays them: density as is; fraction × the bin width;
    /// frequency × N × the bin width; percent × 100 × the bin width (N = the bars' total, the
    /// same N `heights` divides by, so curve and bars share one scale).
    public func normalHeight(at x: Double, mean: Double, sd: Double, total: Double, binWidth: Double) -> Double {
        let density = Normal.density((x - mean) / sd) / sd
        switch self {
        case .density: return density
        case .fraction: return density * binWidth
        case .frequency: return density * binWidth * total
        case .percent: return 100 * density * binWidth
        }
    }
}

public enum BoxPlot {
    public struct Summary: Sendable, Equatable {
        public let lowerQuartile: Double
        public let median: Double
        public let upperQuartile: Double
        /// Tukey's adjacent values: the most extreme observations within 1.5·IQR of the box.
        public let lowerWhisker: Double
        public let upperWhisker: Double
        /// Observations beyond the whiskers (counted only; Kohort never draws outlier points).
        public let outsideCount: Int
    }

    /// Quartiles use the `summarize` percentile definition (see `Percentiles`).
    public static func summary(_ x: [Double]) throws -> Summary {
        let q = try Percentiles.compute(x, at: [25, 50, 75])
        let iqr = q[2] - q[0]
        let lf = q[0] - 1.5 * iqr, uf = q[2] + 1.5 * iqr
        var lw = Double.infinity, uw = -Double.infinity, outside = 0
        for v in x {
            if v < lf || v > uf { outside += 1; continue }
            lw = min(lw, v); uw = max(uw, v)
        }
        return Summary(lowerQuartile: q[0], median: q[1], upperQuartile: q[2], lowerWhisker: min(lw, q[0]),
                       upperWhisker: max(uw, q[2]), outsideCount: outside)
    }
}
