/// Fuzzy regression discontinuity, local linear with a triangular kernel (`rdd …, fuzzy(t)`).
///
/// On the window |x − c| < h, with weights wᵢ = 1 − |xᵢ − c|/h and z = (x ≥ c), it is the
/// kernel-weighted 2SLS of y on t, (x − c), z·(x − c) and a constant, t instrumented by z.
/// The equation is just identified, so the effect is exactly the ratio of the outcome jump to
/// the treatment jump, each the coefficient of z in a kernel-weighted local linear fit with
/// separate slopes on each side (what rdrobust's conventional fuzzy estimate is, with p = 1).
/// Standard errors are HC1 of that weighted 2SLS, n/(n − K)·B(Σ wᵢ²eᵢ²x̂ᵢx̂ᵢᵀ)B with
/// x̂ = Πᵀz, the convention of the sharp rdd's HC1 of its weighted OLS (and of R's
/// `sandwich::vcovHC(AER::ivreg(…, weights = w), type = "HC1")`, against which it is tested);
/// t on n − K df. Not rdrobust's nearest-neighbour variance or its bias-corrected intervals.
public enum RegressionDiscontinuity {
    public struct Fuzzy: Sendable {
        /// Terms: the treatment (the effect), `<running>_c`, `above#<running>_c`, `_cons`.
        public let table: CoefficientTable
        public let covariance: Matrix
        public let observations: Int
        public let below: Int
        public let above: Int
        /// The jump of y and of t at the cutoff (reduced form and first stage, z's coefficient).
        public let outcomeJump: Double
        public let treatmentJump: Double
        /// The first stage (t on z, x − c, z·(x − c)), kernel-weighted OLS with HC1.
        public let firstStage: OLS.Result
    }

    public static func fuzzy(y: [Double], treatment: [Double], running: [Double], cutoff c: Double, bandwidth h: Double,
                             names: (treatment: String, running: String) = ("t", "x"), level: Double = 0.95) throws -> Fuzzy {
        guard y.count == treatment.count, y.count == running.count else { throw StatisticsError.dimensionMismatch("outcome, treatment and running variable differ in length") }
        guard h > 0, h.isFinite else { throw StatisticsError.invalidArgument("bandwidth must be positive") }
        var yy: [Double] = [], tt: [Double] = [], xc: [Double] = [], zz: [Double] = [], w: [Double] = []
        for i in y.indices where abs(running[i] - c) < h {
            let d = running[i] - c
            yy.append(y[i]); tt.append(treatment[i]); xc.append(d); zz.append(d >= 0 ? 1 : 0); w.append(1 - abs(d) / h)
        }
        let n = yy.count, k = 4
        let above = Int(zz.reduce(0, +)), below = n - above
        guard below >= 2, above >= 2 else { throw StatisticsError.tooFewObservations(needed: 2, had: min(below, above)) }
        guard n > k else { throw StatisticsError.tooFewObservations(needed: k + 1, had: n) }
        let zxc = zip(zz, xc).map { $0 * $1 }
        let xCols = [tt, xc, zxc], zCols = [zz, xc, zxc]   // the constant is column 3 of each
        func value(_ cols: [[Double]], _ j: Int, _ i: Int) -> Double { j == 3 ? 1 : cols[j][i] }
        // ZᵀWZ, ZᵀWX, ZᵀWy.
        var zwz = Matrix(rows: k, columns: k), zwx = Matrix(rows: k, columns: k)
        var zwy = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for r in 0..<k {
                let zr = w[i] * value(zCols, r, i)
                zwy[r] += zr * yy[i]
                for s in 0..<k { zwz[r, s] += zr * value(zCols, s, i); zwx[r, s] += zr * value(xCols, s, i) }
            }
        }
        let zchol = try Cholesky(zwz)
        guard zchol.dropped.isEmpty else { throw StatisticsError.invalidArgument("the window has no variation on one side of the cutoff") }
        // Π = (ZᵀWZ)⁻¹ZᵀWX; XᵀWP_Z X = Πᵀ ZᵀWX, XᵀWP_Z y = Πᵀ ZᵀWy.
        var pi = Matrix(rows: k, columns: k)
        for s in 0..<k {
            let col = zchol.solve((0..<k).map { zwx[$0, s] })
            for r in 0..<k { pi[r, s] = col[r] }
        }
        let xpx = pi.transposed * zwx
        var sym = xpx; sym.symmetrizeFromUpper()
        let xchol = try Cholesky(sym)
        guard xchol.dropped.isEmpty else { throw StatisticsError.invalidArgument("the treatment does not jump at the cutoff (no first stage)") }
        let b = xchol.solve(pi.transposed * zwy)
        let bread = xchol.inverse()
        // Meat Πᵀ(Σ wᵢ²eᵢ² zᵢzᵢᵀ)Π with residuals from the original regressors.
        var mz = Matrix(rows: k, columns: k)
        for i in 0..<n {
            var fit = 0.0
            for j in 0..<k { fit += b[j] * value(xCols, j, i) }
            let s = w[i] * (yy[i] - fit)
            for r in 0..<k { for q in 0..<k { mz[r, q] += s * s * value(zCols, r, i) * value(zCols, q, i) } }
        }
        let meat = pi.transposed * mz * pi
        let cov = (Double(n) / Double(n - k)) * (bread * meat * bread)
        let names = [names.treatment, "\(names.running)_c", "above#\(names.running)_c", "_cons"]
        let table = CoefficientTable(names: names, estimates: b, covariance: cov, omitted: [Bool](repeating: false, count: k),
                                     distribution: .t(degreesOfFreedom: Double(n - k)), level: level)
        let design = try DesignMatrix(columns: [zz, xc, zxc], names: ["above", "\(names[1])", "above#\(names[1])"])
        let first = try OLS.fit(y: tt, design: design, options: .init(variance: .robust, level: level, weights: w))
        let reduced = try OLS.fit(y: yy, design: design, options: .init(weights: w))
        return Fuzzy(table: table, covariance: cov, observations: n, below: below, above: above,
                     outcomeJump: reduced.table.estimates[0], treatmentJump: first.table.estimates[0], firstStage: first)
    }
}
