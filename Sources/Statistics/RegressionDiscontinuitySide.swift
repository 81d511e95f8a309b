/// One side of the cutoff, sorted by the running variable: what every local polynomial fit of
/// `RegressionDiscontinuity` works on.
///
/// Why sorted: a kernel window |x − c| < h is then a contiguous range found by binary search,
/// and the nearest-neighbour variance (`RegressionDiscontinuity.nearestNeighbourResiduals`)
/// finds each unit's neighbours by walking outwards from it: one O(n log n) sort for the
/// whole estimate, O(n) passes after it. Ties (mass points) are runs of equal distance; a
/// window always holds whole runs, because the kernel weight depends on x only.
struct RegressionDiscontinuitySide: Sendable {
    /// x − c in the side's units (raw, or divided by a scale), ascending.
    var distance: [Double]
    var outcome: [Double]
    /// The fuzzy treatment; empty for a sharp design.
    var treatment: [Double]
    /// Start of each run of equal distances, ascending, and `distance.count` as the last entry.
    var runStarts: [Int]

    var count: Int { distance.count }
    var isFuzzy: Bool { !treatment.isEmpty }
    var distinctCount: Int { runStarts.count - 1 }

    init(distance: [Double], outcome: [Double], treatment: [Double]) {
        self.distance = distance
        self.outcome = outcome
        self.treatment = treatment
        var starts: [Int] = []
        starts.reserveCapacity(16)
        for i in distance.indices where i == 0 || distance[i] != distance[i - 1] { starts.append(i) }
        starts.append(distance.count)
        self.runStarts = starts
    }

    private init(distance: [Double], outcome: [Double], treatment: [Double], runStarts: [Int]) {
        self.distance = distance
        self.outcome = outcome
        self.treatment = treatment
        self.runStarts = runStarts
    }

    /// The same side with distances divided by `x` and outcomes by `y` (the runs are unchanged:
    /// division by a positive number keeps equal values equal and order intact).
    func scaled(x: Double, y: Double) -> RegressionDiscontinuitySide {
        RegressionDiscontinuitySide(distance: distance.map { $0 / x }, outcome: y == 1 ? outcome : outcome.map { $0 / y },
                                    treatment: treatment, runStarts: runStarts)
    }

    /// The triangular kernel weight rdrobust uses, (1 − |u|)/h on |u| ≤ 1 with u = d/h: the 1/h
    /// factor matters for the bandwidth constants, which compare fits at different h.
    @inline(__always)
    static func weight(_ d: Double, _ h: Double) -> Double {
        let u = d / h
        return abs(u) <= 1 ? (1 - abs(u)) / h : 0
    }

    /// The rows with positive kernel weight at bandwidth h (|d| < h), a contiguous range.
    func window(_ h: Double) -> Range<Int> {
        // Positive weight is monotone in |d|: on the left side (d < 0, ascending) it holds on a
        // suffix, on the right side (d ≥ 0) on a prefix.
        func inside(_ i: Int) -> Bool { Self.weight(distance[i], h) > 0 }
        let n = count
        guard n > 0 else { return 0..<0 }
        if distance[n - 1] < 0 {
            var lo = 0, hi = n   // first index inside
            while lo < hi { let m = (lo + hi) / 2; if inside(m) { hi = m } else { lo = m + 1 } }
            return lo..<n
        }
        var lo = 0, hi = n       // first index outside
        while lo < hi { let m = (lo + hi) / 2; if inside(m) { lo = m + 1 } else { hi = m } }
        return 0..<lo
    }

    /// The index into `runStarts` of the run that starts at row `i` (a window boundary).
    func run(startingAt i: Int) -> Int {
        var lo = 0, hi = runStarts.count - 1
        while lo < hi { let m = (lo + hi) / 2; if runStarts[m] < i { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// How many distinct running-variable values lie in `rows`.
    func distinct(in rows: Range<Int>) -> Int {
        rows.isEmpty ? 0 : run(startingAt: rows.upperBound) - run(startingAt: rows.lowerBound)
    }

    /// The distance of the k-th distinct value from the cutoff, nearest first (k from 1).
    func distinctDistance(nearest k: Int) -> Double {
        let runs = distinctCount
        let r = distance[runs > 0 && distance[count - 1] < 0 ? runStarts[runs - k] : runStarts[k - 1]]
        return abs(r)
    }
}
