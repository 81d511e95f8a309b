/// Multinomial logit, as Stata's `mlogit`: outcome codes 0..<J, a base outcome whose
/// coefficients are zero (default: the most frequent, as Stata), Newton–Raphson with
/// step-halving on the exact information, whose (j, l) block Σᵢ pᵢⱼ(δⱼₗ − pᵢₗ)xᵢxᵢᵀ is one
/// weighted `CrossProducts` pass per block.
public enum MultinomialLogit {
    public struct Options: Sendable {
        public var base: Int?
        public var variance: VarianceEstimator
        public var level: Double
        public var maxIterations: Int
        public init(base: Int? = nil, variance: VarianceEstimator = .classical, level: Double = 0.95, maxIterations: Int = 100) {
            self.base = base
            self.variance = variance
            self.level = level
            self.maxIterations = maxIterations
        }
    }

    public struct Result: Sendable {
        /// Outcome codes with equations, in table order (every code but the base).
        public let outcomes: [Int]
        public let base: Int
        /// One block per outcome: the regressors then `_cons`; names are "outcome:term".
        public let table: CoefficientTable
        public let covariance: Matrix
        public let observations: Int
        public let logLikelihood: Double
        public let nullLogLikelihood: Double
        public let pseudoRSquared: Double
        /// LR χ² (Wald with robust/cluster) on (J − 1)·K df.
        public let chiSquared: Double
        public let chiSquaredDegreesOfFreedom: Int
        public let chiSquaredPValue: Double
        public let iterations: Int
        public let converged: Bool
        public let clusters: Int?
    }

    public static func fit(outcome: [Int32], design: DesignMatrix, options: Options = Options()) throws -> Result {
        let n = outcome.count
        guard design.rows == n || design.columns.isEmpty else { throw StatisticsError.dimensionMismatch("outcome and design differ in length") }
        guard outcome.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("outcome codes must be ≥ 0") }
        let j = Int(outcome.max() ?? -1) + 1
        var counts = [Int](repeating: 0, count: j)
        for y in outcome { counts[Int(y)] += 1 }
        if let empty = counts.firstIndex(of: 0) { throw StatisticsError.emptyGroup("outcome \(empty) never occurs") }
        guard j >= 2 else { throw StatisticsError.constantOutcome }
        let base = options.base ?? counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        guard base < j else { throw StatisticsError.invalidArgument("base outcome \(base) does not occur") }
        let cp = try CrossProducts.accumulate(design.columns)
        let chol = try Cholesky(cp.centred)
        guard chol.dropped.isEmpty else {
            throw StatisticsError.invalidArgument("collinear regressors: \(chol.dropped.map { design.names[$0] }.joined(separator: ", ")); drop them first")
        }
        let k0 = design.columns.count, k = k0 + 1
        let eqs = (0..<j).filter { $0 != base }
        let m = eqs.count
        guard n > m * k else { throw StatisticsError.tooFewObservations(needed: m * k + 1, had: n) }

        var theta = [Double](repeating: 0, count: m * k)
        for (e, o) in eqs.enumerated() { theta[e * k + k0] = _log(Double(counts[o]) / Double(counts[base])) }
        var cur = try evaluate(theta, outcome: outcome, design: design, eqs: eqs)
        var iterations = 0, converged = false
        while iterations < options.maxIterations {
            let hc = try Cholesky(cur.information, tolerance: 1e-14)
            guard hc.rank == theta.count else { throw StatisticsError.notPositiveDefinite }
            let step = hc.solve(cur.gradient)
            var scaled = 0.0
            for i in step.indices { scaled += step[i] * cur.gradient[i] }
            iterations += 1
            var t = 1.0, cand = theta, next = cur
            for _ in 0..<40 {
                for i in theta.indices { cand[i] = theta[i] + t * step[i] }
                next = try evaluate(cand, outcome: outcome, design: design, eqs: eqs)
                if next.ll.isFinite && next.ll >= cur.ll - 1e-12 * abs(cur.ll) { break }
                t /= 2
            }
            var change = 0.0
            for i in theta.indices { change = max(change, abs(cand[i] - theta[i]) / (abs(theta[i]) + 1)) }
            theta = cand
            cur = next
            if scaled < 1e-12 || change < 1e-10 { converged = true; break }
        }
        if !converged && cur.ll > -1e-6 * Double(n) {
            throw StatisticsError.perfectSeparation(column: -1, description: "the regressors predict the outcome perfectly")
        }
        guard converged else { throw StatisticsError.didNotConverge(iterations: iterations) }
        let bread = try Cholesky(cur.information, tolerance: 1e-14).inverse()
        var cov = bread
        var groups: Int? = nil
        switch options.variance {
        case .classical: break
        case .robust, .cluster:
            var cols: [[Double]] = []
            for e in 0..<m {
                let r = cur.residuals[e]
                for c in 0..<k0 { cols.append(zip(r, design.columns[c]).map { $0 * $1 }) }
                cols.append(r)
            }
            var codes: [Int32]? = nil
            if case let .cluster(c) = options.variance { codes = c }
            let (meat, g) = try Sandwich.meat(scoreColumns: cols, clusters: codes)
            let factor: Double
            if let g { guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }; factor = Double(g) / Double(g - 1); groups = g }
            else { factor = Double(n) / Double(n - 1) }
            cov = factor * Sandwich.sandwich(bread, meat)
        }
        var names: [String] = []
        for o in eqs { names += (design.names + ["_cons"]).map { "\(o):\($0)" } }
        let table = CoefficientTable(names: names, estimates: theta, covariance: cov,
                                     omitted: [Bool](repeating: false, count: theta.count), distribution: .normal, level: options.level)
        var ll0 = 0.0
        for c in counts { ll0 += Double(c) * _log(Double(c) / Double(n)) }
        let df = m * k0
        var chi2 = 2 * (cur.ll - ll0)
        if case .classical = options.variance {} else if df > 0 {
            let slopes = (0..<m).flatMap { e in (0..<k0).map { e * k + $0 } }
            chi2 = try OLS.waldF(b: theta, cov: cov, terms: slopes) * Double(df)
        }
        return Result(outcomes: eqs, base: base, table: table, covariance: cov, observations: n, logLikelihood: cur.ll,
                      nullLogLikelihood: ll0, pseudoRSquared: 1 - cur.ll / ll0, chiSquared: chi2, chiSquaredDegreesOfFreedom: df,
                      chiSquaredPValue: df > 0 ? ChiSquared.survival(chi2, degreesOfFreedom: Double(df)) : 1,
                      iterations: iterations, converged: converged, clusters: groups)
    }

    struct Value {
        var ll: Double
        var gradient: [Double]
        var information: Matrix
        /// 1{y = j} − p_ij per equation.
        var residuals: [[Double]]
    }

    static func evaluate(_ theta: [Double], outcome: [Int32], design: DesignMatrix, eqs: [Int]) throws -> Value {
        let n = outcome.count, k0 = design.columns.count, k = k0 + 1, m = eqs.count
        let etas: [[Double]] = (0..<m).map { e in
            design.columns.isEmpty ? [Double](repeating: theta[e * k + k0], count: n)
                : design.linearPredictor(Array(theta[(e * k)..<(e * k + k0)]), constant: theta[e * k + k0])
        }
        var prob = [[Double]](repeating: [Double](repeating: 0, count: n), count: m)
        var ll = 0.0
        var eqOf = [Int](repeating: -1, count: eqs.max()! + 2)
        for (e, o) in eqs.enumerated() { eqOf[o] = e }
        for i in 0..<n {
            var mx = 0.0
            for e in 0..<m { mx = max(mx, etas[e][i]) }
            var s = _exp(-mx)
            for e in 0..<m { s += _exp(etas[e][i] - mx) }
            let lse = mx + _log(s)
            for e in 0..<m { prob[e][i] = _exp(etas[e][i] - lse) }
            let y = Int(outcome[i])
            let e = y < eqOf.count ? eqOf[y] : -1
            ll += (e >= 0 ? etas[e][i] : 0) - lse
        }
        var resid = prob
        var grad = [Double](repeating: 0, count: m * k)
        for e in 0..<m {
            let o = eqs[e]
            for i in 0..<n { resid[e][i] = (Int(outcome[i]) == o ? 1 : 0) - prob[e][i] }
            for c in 0..<k0 {
                var s = 0.0
                let col = design.columns[c]
                for i in 0..<n { s += resid[e][i] * col[i] }
                grad[e * k + c] = s
            }
            grad[e * k + k0] = resid[e].reduce(0, +)
        }
        var info = Matrix(rows: m * k, columns: m * k)
        for a in 0..<m {
            for b in a..<m {
                let w: [Double] = a == b ? prob[a].map { $0 * (1 - $0) } : zip(prob[a], prob[b]).map { $0 * $1 }
                let sign = a == b ? 1.0 : -1.0
                let block = try CrossProducts.accumulate(design.columns, weights: w).uncentredWithConstant
                for r in 0..<k { for c in 0..<k {
                    info[a * k + r, b * k + c] = sign * block[r, c]
                    info[b * k + c, a * k + r] = sign * block[r, c]
                } }
            }
        }
        return Value(ll: ll, gradient: grad, information: info, residuals: resid)
    }
}
