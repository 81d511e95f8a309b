/// Weibull proportional-hazards regression, as Stata's `streg, distribution(weibull)`:
/// h(t|x) = p·t^{p−1}·exp(xβ), reported in the PH metric (coefficients are log hazard ratios)
/// with the shape p and ln p. Joint Newton–Raphson over (β, ln p) on the observed
/// information, started from the exponential model (p = 1), with step-halving.
public enum Weibull {
    public struct Options: Sendable {
        public var level: Double
        public var variance: VarianceEstimator
        public var maxIterations: Int
        public init(level: Double = 0.95, variance: VarianceEstimator = .classical, maxIterations: Int = 100) {
            self.level = level
            self.variance = variance
            self.maxIterations = maxIterations
        }
    }

    public struct Result: Sendable {
        /// Regressors then `_cons`.
        public let table: CoefficientTable
        public let covariance: Matrix
        public let hazardRatios: [Double]
        public let lnShape: Double
        public let lnShapeStandardError: Double
        /// p = exp(ln p).
        public let shape: Double
        public let observations: Int
        public let events: Int
        public let logLikelihood: Double
        public let iterations: Int
    }

    public static func fit(time: [Double], event: [Double], design: DesignMatrix, options: Options = Options()) throws -> Result {
        let n = time.count
        guard event.count == n, design.rows == n || design.columns.isEmpty else { throw StatisticsError.dimensionMismatch("time, event and design differ in length") }
        guard time.allSatisfy({ $0 > 0 }) else { throw StatisticsError.invalidArgument("survival times must be positive") }
        guard event.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw StatisticsError.invalidArgument("event must be 0/1") }
        let d = event.reduce(0, +)
        guard d > 0 else { throw StatisticsError.noEvents }
        let cp = try CrossProducts.accumulate(design.columns, weights: design.columns.isEmpty ? [Double](repeating: 1, count: n) : nil)
        let chol = try Cholesky(cp.centred)
        guard chol.dropped.isEmpty else {
            throw StatisticsError.invalidArgument("collinear regressors: \(chol.dropped.map { design.names[$0] }.joined(separator: ", ")); drop them first")
        }
        let k0 = design.columns.count, k = k0 + 1
        let logt = time.map { _log($0) }
        var theta = [Double](repeating: 0, count: k + 1)
        theta[k0] = _log(d / time.reduce(0, +))
        var cur = evaluate(theta, time: time, logt: logt, event: event, design: design)
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
                next = evaluate(cand, time: time, logt: logt, event: event, design: design)
                if next.ll.isFinite && next.ll >= cur.ll - 1e-12 * abs(cur.ll) { break }
                t /= 2
            }
            var change = 0.0
            for i in theta.indices { change = max(change, abs(cand[i] - theta[i]) / (abs(theta[i]) + 1)) }
            theta = cand
            cur = next
            if scaled < 1e-12 || change < 1e-10 { converged = true; break }
        }
        guard converged else { throw StatisticsError.didNotConverge(iterations: iterations) }
        var inv = try Cholesky(cur.information, tolerance: 1e-14).inverse()
        switch options.variance {
        case .classical: break
        case .robust, .cluster:
            // Per-row scores in (β…, _cons, ln p), Stata's N/(N−1) or G/(G−1).
            var cols: [[Double]] = design.columns.map { c in zip(c, cur.sEta).map { $0 * $1 } }
            cols.append(cur.sEta)
            cols.append(cur.sA)
            var codes: [Int32]? = nil
            if case let .cluster(c) = options.variance { codes = c }
            let (meat, g) = try Sandwich.meat(scoreColumns: cols, clusters: codes)
            let factor: Double
            if let g { guard g >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: g) }; factor = Double(g) / Double(g - 1) }
            else { factor = Double(n) / Double(n - 1) }
            inv = factor * Sandwich.sandwich(inv, meat)
        }
        var cov = Matrix(rows: k, columns: k)
        for i in 0..<k { for j in 0..<k { cov[i, j] = inv[i, j] } }
        let b = Array(theta[0..<k])
        let table = CoefficientTable(names: design.names + ["_cons"], estimates: b, covariance: cov,
                                     omitted: [Bool](repeating: false, count: k), distribution: .normal, level: options.level)
        return Result(table: table, covariance: cov, hazardRatios: b.map { _exp($0) }, lnShape: theta[k],
                      lnShapeStandardError: max(0, inv[k, k]).squareRoot(), shape: _exp(theta[k]), observations: n,
                      events: Int(d), logLikelihood: cur.ll, iterations: iterations)
    }

    struct Value {
        var ll: Double
        var gradient: [Double]
        var information: Matrix
        /// Per-row ∂ℓ/∂η and ∂ℓ/∂ln p, for sandwich covariances.
        var sEta: [Double]
        var sA: [Double]
    }

    /// ℓᵢ = δ(ln p + (p−1) ln t + η) − e^η t^p, with its derivatives in (η, ln p).
    static func evaluate(_ theta: [Double], time: [Double], logt: [Double], event: [Double], design: DesignMatrix) -> Value {
        let n = time.count, k0 = design.columns.count, k = k0 + 1
        let a = theta[k], p = _exp(a)
        let eta = design.columns.isEmpty ? [Double](repeating: theta[k0], count: n)
            : design.linearPredictor(Array(theta[0..<k0]), constant: theta[k0])
        var ll = 0.0, ga = 0.0, haa = 0.0
        var sEta = [Double](repeating: 0, count: n), wEta = sEta, hEtaA = sEta, sA = sEta
        for i in 0..<n {
            let lt = logt[i], dl = event[i]
            let u = _exp(eta[i] + p * lt)
            ll += dl * (a + (p - 1) * lt + eta[i]) - u
            sEta[i] = dl - u
            wEta[i] = u
            let plt = p * lt
            sA[i] = dl * (1 + plt) - u * plt
            ga += sA[i]
            haa += u * plt * (1 + plt) - dl * plt
            hEtaA[i] = u * plt
        }
        var g = [Double](repeating: 0, count: k + 1)
        var info = Matrix(rows: k + 1, columns: k + 1)
        let xwx = (try? CrossProducts.accumulate(design.columns, weights: wEta).uncentredWithConstant) ?? Matrix(rows: k, columns: k)
        for r in 0..<k { for c in 0..<k { info[r, c] = xwx[r, c] } }
        for j in 0..<k0 {
            let col = design.columns[j]
            var s = 0.0, h = 0.0
            for i in 0..<n { s += sEta[i] * col[i]; h += hEtaA[i] * col[i] }
            g[j] = s; info[j, k] = h; info[k, j] = h
        }
        g[k0] = sEta.reduce(0, +)
        let hc = hEtaA.reduce(0, +)
        info[k0, k] = hc; info[k, k0] = hc
        g[k] = ga
        info[k, k] = haa
        return Value(ll: ll, gradient: g, information: info, sEta: sEta, sA: sA)
    }
}
