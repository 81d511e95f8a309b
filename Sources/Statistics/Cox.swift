/// Cox proportional hazards, as Stata's `stcox` / R's `coxph`.
///
/// Ties: Efron (default, as R; Stata's default is Breslow, so the engine passes `.breslow`
/// when the user asks for Stata's default) or Breslow. Newton–Raphson on the partial
/// likelihood from β = 0 with step-halving. Covariates are centred internally (η shifts by a
/// constant, which cancels in every risk-set ratio) so exp(η) stays in range.
/// Robust variance: Lin–Wei score residuals (Efron-weighted when ties are Efron), D = U·H⁻¹,
/// V = DᵀD times Stata's N/(N−1) (robust) or G/(G−1) (cluster).
public enum Cox {
    public enum Ties: Sendable { case efron, breslow }

    public struct Options: Sendable {
        public var ties: Ties
        public var variance: VarianceEstimator
        public var level: Double
        public var maxIterations: Int
        public init(ties: Ties = .efron, variance: VarianceEstimator = .classical, level: Double = 0.95, maxIterations: Int = 100) {
            self.ties = ties
            self.variance = variance
            self.level = level
            self.maxIterations = maxIterations
        }
    }

    public struct Result: Sendable {
        public let table: CoefficientTable
        public let covariance: Matrix
        /// exp(b), with CI bounds exponentiated (SE by the delta method, as `stcox`).
        public let hazardRatios: [Double]
        public let observations: Int
        public let events: Int
        public let logLikelihood: Double
        /// Partial log-likelihood at β = 0.
        public let nullLogLikelihood: Double
        /// LR χ² (Wald χ² with robust/cluster variance).
        public let chiSquared: Double
        public let chiSquaredDegreesOfFreedom: Int
        public let chiSquaredPValue: Double
        public let iterations: Int
        public let converged: Bool
        public let omittedNames: [String]
        public let clusters: Int?
    }

    /// - Parameter entry: optional delayed-entry (left-truncation) times: row i is at risk on
    ///   (entry[i], time[i]], as `stset …, enter()` / `Surv(start, stop, event)`.
    /// - Parameter strata: optional dense stratum codes (`stcox …, strata()`): a separate
    ///   baseline hazard per stratum, common coefficients.
    public static func fit(time: [Double], event: [Double], design: DesignMatrix, entry: [Double]? = nil,
                           strata: [Int32]? = nil, options: Options = Options()) throws -> Result {
        let n = time.count
        if let entry {
            guard entry.count == n else { throw StatisticsError.dimensionMismatch("entry has \(entry.count) rows, time \(n)") }
            guard zip(entry, time).allSatisfy({ $0 < $1 }) else { throw StatisticsError.invalidArgument("every entry time must precede its exit time") }
        }
        guard event.count == n, design.rows == n else { throw StatisticsError.dimensionMismatch("time, event and design differ in length") }
        guard event.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw StatisticsError.invalidArgument("event must be 0/1") }
        let events = Int(event.reduce(0, +))
        guard events > 0 else { throw StatisticsError.noEvents }
        guard design.columns.count > 0 else { throw StatisticsError.noRegressors }
        let cp = try CrossProducts.accumulate(design.columns)
        let chol = try Cholesky(cp.centred)
        let kept = chol.kept
        guard !kept.isEmpty else { throw StatisticsError.noRegressors }
        let k = kept.count
        guard n > k else { throw StatisticsError.tooFewObservations(needed: k + 1, had: n) }
        if let strata, strata.count != n { throw StatisticsError.dimensionMismatch("strata have \(strata.count) rows, data \(n)") }
        // Sort once by (stratum, time), then lay the centred kept columns out row-major in that
        // order, so every risk-set pass reads memory sequentially (random access cost more than
        // the arithmetic). A stable radix sort by time and then by stratum (RadixOrder) beats a
        // comparison sort; order inside a tie does not matter, every tie group is summed as a whole.
        var order = RadixOrder.stableOrder(time.map(RadixOrder.key))
        if let strata { order = RadixOrder.stableOrder(strata.map { UInt64(UInt32(bitPattern: $0) ^ 0x8000_0000) }, after: order) }
        let stratum = { (p: Int) -> Int32 in strata?[order[p]] ?? 0 }
        var x = [Double](repeating: 0, count: n * k)
        for (a, j) in kept.enumerated() {
            let m = cp.means[j]
            design.columns[j].withUnsafeBufferPointer { c in for p in 0..<n { x[p * k + a] = c[order[p]] - m } }
        }
        // One partial likelihood per stratum (each its own baseline hazard), summed.
        var parts: [PartialLikelihood] = []
        var s0 = 0
        while s0 < n {
            var e = s0 + 1
            while e < n && stratum(e) == stratum(s0) { e += 1 }
            let rows = Array(order[s0..<e])
            parts.append(PartialLikelihood(x: Array(x[(s0 * k)..<(e * k)]), k: k, time: rows.map { time[$0] },
                                           event: rows.map { event[$0] }, efron: options.ties == .efron,
                                           entry: entry.map { en in rows.map { en[$0] } }))
            s0 = e
        }
        let problem = StratifiedLikelihood(parts: parts, k: k)

        var beta = [Double](repeating: 0, count: k)
        var cur = problem.evaluate(beta)
        let ll0 = cur.ll
        var iterations = 0, converged = false
        while iterations < options.maxIterations {
            let hc = try Cholesky(cur.information, tolerance: 1e-14)
            guard hc.rank == k else { throw StatisticsError.notPositiveDefinite }
            let step = hc.solve(cur.gradient)
            var scaled = 0.0
            for j in 0..<k { scaled += step[j] * cur.gradient[j] }
            iterations += 1
            var t = 1.0, cand = beta
            var next = cur
            for _ in 0..<40 {
                for j in 0..<k { cand[j] = beta[j] + t * step[j] }
                next = problem.evaluate(cand)
                if next.ll.isFinite && next.ll >= cur.ll - 1e-12 * abs(cur.ll) { break }
                t /= 2
            }
            guard next.ll.isFinite else { throw StatisticsError.didNotConverge(iterations: iterations) }
            var change = 0.0
            for j in 0..<k { change = max(change, abs(cand[j] - beta[j]) / (abs(beta[j]) + 1)) }
            beta = cand
            cur = next
            if scaled < 1e-14 || change < 1e-11 { converged = true; break }
        }
        guard converged else { throw StatisticsError.didNotConverge(iterations: iterations) }
        let bread = try Cholesky(cur.information, tolerance: 1e-14).inverse()
        var covReduced = bread
        var groups: Int? = nil
        switch options.variance {
        case .classical: break
        case .robust, .cluster:
            let u = problem.scoreResiduals(beta)
            var codes: [Int32]
            var factor: Double
            if case let .cluster(c) = options.variance {
                guard c.count == n else { throw StatisticsError.dimensionMismatch("cluster codes have \(c.count) rows, data \(n)") }
                codes = c
                let g = Set(c).count
                guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }
                groups = g
                factor = Double(g) / Double(g - 1)
            } else {
                codes = (0..<n).map { Int32($0) }
                factor = Double(n) / Double(n - 1)
            }
            let gmax = Int(codes.max()!) + 1
            var sums = [Double](repeating: 0, count: gmax * k)
            // u is in time order; codes are in the caller's row order.
            for p in 0..<n { for a in 0..<k { sums[Int(codes[order[p]]) * k + a] += u[p * k + a] } }
            var meat = Matrix(rows: k, columns: k)
            for g in 0..<gmax { for a in 0..<k where sums[g * k + a] != 0 { for b in 0..<k { meat[a, b] += sums[g * k + a] * sums[g * k + b] } } }
            covReduced = factor * Sandwich.sandwich(bread, meat)
        }
        let full = design.columns.count
        var b = [Double](repeating: 0, count: full)
        var cov = Matrix(rows: full, columns: full)
        var omitted = [Bool](repeating: true, count: full)
        for (a, i) in kept.enumerated() {
            b[i] = beta[a]; omitted[i] = false
            for (c, j) in kept.enumerated() { cov[i, j] = covReduced[a, c] }
        }
        let table = CoefficientTable(names: design.names, estimates: b, covariance: cov, omitted: omitted,
                                     distribution: .normal, level: options.level)
        var chi2 = 2 * (cur.ll - ll0)
        if case .classical = options.variance {} else { chi2 = try OLS.waldF(b: b, cov: cov, terms: kept) * Double(k) }
        return Result(table: table, covariance: cov, hazardRatios: b.map { _exp($0) }, observations: n, events: events,
                      logLikelihood: cur.ll, nullLogLikelihood: ll0, chiSquared: chi2, chiSquaredDegreesOfFreedom: k,
                      chiSquaredPValue: ChiSquared.survival(chi2, degreesOfFreedom: Double(k)), iterations: iterations,
                      converged: converged, omittedNames: chol.dropped.map { design.names[$0] }, clusters: groups)
    }
}

/// Partial likelihoods of independent strata, added together; score residuals concatenated in
/// the (stratum, time) order the parts were built in.
struct StratifiedLikelihood {
    let parts: [PartialLikelihood]
    let k: Int

    func evaluate(_ beta: [Double]) -> PartialLikelihood.Value {
        var total = PartialLikelihood.Value(ll: 0, gradient: [Double](repeating: 0, count: k), information: Matrix(rows: k, columns: k))
        for p in parts {
            let v = p.evaluate(beta)
            total.ll += v.ll
            for a in 0..<k { total.gradient[a] += v.gradient[a] }
            for i in total.information.storage.indices { total.information.storage[i] += v.information.storage[i] }
        }
        return total
    }

    func scoreResiduals(_ beta: [Double]) -> [Double] { parts.flatMap { $0.scoreResiduals(beta) } }
}
