/// Regression discontinuity as rdrobust computes it by default (`rdd y x [, cutoff(c) fuzzy(t)
/// polynomial(p) bandwidth(h) level(#)]`): Calonico, Cattaneo & Titiunik (2014), "Robust
/// nonparametric confidence intervals for regression-discontinuity designs", Econometrica 82;
/// Calonico, Cattaneo, Farrell & Titiunik (2019), "Regression discontinuity designs using
/// covariates", REStat 101 (for the bandwidth selector as implemented); checked against the
/// rdrobust Python package 2.1.1.
///
/// On each side of the cutoff a local polynomial of order p (default 1) with triangular kernel
/// weights estimates the regression function at c; the jump is the difference. The bias of
/// that estimate is estimated with a local polynomial of order q = p + 1 at bandwidth b and
/// subtracted (bias-corrected estimate), and the robust standard error accounts for the
/// variability of that correction. Variances use nearest-neighbour residuals (3 neighbours).
/// Fuzzy (`treatment`): the jump in the outcome over the jump in the treatment, its variance
/// by the delta method. Bandwidths: the MSE-optimal common h and b (`mseBandwidths`), or h = b
/// = the given bandwidth (rdrobust's h with rho = 1).
public enum RegressionDiscontinuity {
    public struct Options: Sendable {
        public var cutoff: Double
        /// Order p of the local polynomial (0–4); the bias correction uses p + 1.
        public var polynomial: Int
        /// h = b; nil selects both (MSE-optimal).
        public var bandwidth: Double?
        public var level: Double
        public var nearestNeighbours: Int

        public init(cutoff: Double = 0, polynomial: Int = 1, bandwidth: Double? = nil, level: Double = 0.95, nearestNeighbours: Int = 3) {
            self.cutoff = cutoff
            self.polynomial = polynomial
            self.bandwidth = bandwidth
            self.level = level
            self.nearestNeighbours = nearestNeighbours
        }
    }

    /// One line of rdrobust's table: the estimate with its standard error, z, p and interval.
    public struct Row: Sendable, Equatable {
        public let estimate: Double
        public let standardError: Double
        public let z: Double
        public let p: Double
        public let lower: Double
        public let upper: Double

        init(estimate: Double, standardError: Double, level: Double) {
            self.estimate = estimate
            self.standardError = standardError
            z = estimate / standardError
            p = 2 * Normal.survival(abs(z))
            let q = Normal.quantile(1 - (1 - level) / 2)
            lower = estimate - q * standardError
            upper = estimate + q * standardError
        }
    }

    /// How the bandwidths were chosen.
    public enum BandwidthSelection: String, Sendable {
        /// rdrobust's "mserd".
        case mseOptimal = "mserd"
        /// Given by the user (h = b).
        case manual = "manual"
        /// Fewer than 20 observations: the largest distance from the cutoff, as rdrobust does.
        case wholeRange = "range"
    }

    public struct Result: Sendable {
        /// The local polynomial estimate with its conventional standard error.
        public let conventional: Row
        /// The bias-corrected estimate with the conventional standard error.
        public let biasCorrected: Row
        /// The bias-corrected estimate with the robust standard error (the row to report).
        public let robust: Row
        /// Fuzzy: the same three rows for the jump in the treatment (the first stage).
        public let firstStage: [Row]?
        /// Observations below / at-or-above the cutoff, all and inside h (effective) and inside b.
        public let observations: (left: Int, right: Int)
        public let effective: (left: Int, right: Int)
        public let biasObservations: (left: Int, right: Int)
        public let cutoff: Double
        public let h: Double
        public let b: Double
        public let polynomial: Int
        public let selection: BandwidthSelection
        public let level: Double

        /// Whether a unit with running value x entered the estimate (it lies inside the larger of
        /// h and b): the same floating-point test as the fit's windows, so callers can mark
        /// exactly the rows used (the sample that disclosure control audits).
        public func uses(running x: Double) -> Bool {
            let u = (x - cutoff) / h
            return RegressionDiscontinuitySide.weight(u, h > b ? 1 : b / h) > 0
        }

        /// Whether x lies inside h (the effective observations rdrobust reports).
        public func isEffective(running x: Double) -> Bool {
            RegressionDiscontinuitySide.weight((x - cutoff) / h, 1) > 0
        }
    }

    /// The estimate. Rows with a missing (non-finite) outcome, running variable or treatment are
    /// left out, as rdrobust does.
    public static func estimate(outcome y: [Double], running x: [Double], treatment t: [Double]? = nil,
                                options o: Options = Options()) throws -> Result {
        guard y.count == x.count, t == nil || t!.count == x.count else {
            throw StatisticsError.dimensionMismatch("outcome, running variable and treatment differ in length")
        }
        let p = o.polynomial, q = p + 1, c = o.cutoff
        guard (0...4).contains(p) else { throw StatisticsError.invalidArgument("polynomial() must be 0, 1, 2, 3 or 4") }
        guard c.isFinite else { throw StatisticsError.invalidArgument("the cutoff must be a finite number") }
        guard o.level > 0, o.level < 1 else { throw StatisticsError.invalidArgument("level() must be between 0 and 100") }
        if let h = o.bandwidth { guard h > 0, h.isFinite else { throw StatisticsError.invalidArgument("bandwidth() must be positive") } }

        let (left, right, sortedX, sortedY) = try split(y: y, x: x, t: t, cutoff: c)
        for (side, name) in [(left, "below"), (right, "at or above")] where side.distinctCount < q + 1 {
            throw StatisticsError.invalidArgument("the running variable has \(side.distinctCount) distinct value\(side.distinctCount == 1 ? "" : "s") \(name) the cutoff; polynomial(\(p)) with its order-\(q) bias correction needs at least \(q + 1) on each side")
        }
        guard variance(sortedY) > 0 else { throw StatisticsError.constantOutcome }
        if t != nil, variance(left.treatment) == 0, variance(right.treatment) == 0,
           abs(left.treatment[0] - right.treatment[0]) < Double.ulpOfOne.squareRoot() {
            throw StatisticsError.invalidArgument("the treatment does not jump at the cutoff (it has the same constant value on both sides): the fuzzy effect is not identified")
        }

        var bandwidths: Bandwidths
        var selection: BandwidthSelection
        if let h = o.bandwidth {
            bandwidths = Bandwidths(h: h, b: h); selection = .manual
        } else if sortedX.count < 20 {
            let h = max(c - sortedX[0], sortedX[sortedX.count - 1] - c)
            bandwidths = Bandwidths(h: h, b: h); selection = .wholeRange
        } else {
            bandwidths = try mseBandwidths(left: left, right: right, running: sortedX, outcomeSD: standardDeviation(sortedY),
                                           p: p, matches: o.nearestNeighbours)
            selection = .mseOptimal
        }
        return try localEstimate(left: left, right: right, cutoff: c, h: bandwidths.h, b: bandwidths.b, p: p,
                                 matches: o.nearestNeighbours, level: o.level, selection: selection)
    }

    /// Sorts the complete rows by the running variable once (radix order, O(n)) and splits them
    /// at the cutoff: below is x < c, above x ≥ c. Also returns all x sorted and the outcomes.
    private static func split(y: [Double], x: [Double], t: [Double]?, cutoff c: Double) throws
        -> (RegressionDiscontinuitySide, RegressionDiscontinuitySide, [Double], [Double]) {
        var keep: [Int] = []
        keep.reserveCapacity(x.count)
        for i in x.indices where x[i].isFinite && y[i].isFinite && (t == nil || t![i].isFinite) { keep.append(i) }
        let keys = keep.map { RadixOrder.key(x[$0]) }
        let order = RadixOrder.stableOrder(keys).map { keep[$0] }
        let sx = order.map { x[$0] }, sy = order.map { y[$0] }
        let st = t.map { tt in order.map { tt[$0] } } ?? []
        guard let lo = sx.first, let hi = sx.last, lo < c, c < hi else {
            throw StatisticsError.invalidArgument("the cutoff must lie strictly inside the range of the running variable (there must be observations on both sides)")
        }
        var n0 = 0
        while n0 < sx.count && sx[n0] < c { n0 += 1 }
        let left = RegressionDiscontinuitySide(distance: sx[..<n0].map { $0 - c }, outcome: Array(sy[..<n0]),
                                               treatment: st.isEmpty ? [] : Array(st[..<n0]))
        let right = RegressionDiscontinuitySide(distance: sx[n0...].map { $0 - c }, outcome: Array(sy[n0...]),
                                                treatment: st.isEmpty ? [] : Array(st[n0...]))
        return (left, right, sx, sy)
    }
}
