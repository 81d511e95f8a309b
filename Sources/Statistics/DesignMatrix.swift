/// Regressors as the engine already holds them: one contiguous `[Double]` per column.
///
/// Arrays are copy-on-write, so wrapping the engine's columns here copies nothing; estimators
/// read them chunk by chunk. The constant is never stored: models add it implicitly (and put
/// `_cons` last, as Stata does).
public struct DesignMatrix: Sendable {
    public let columns: [[Double]]
    public let names: [String]
    public let rows: Int

    /// - Parameter rows: needed only for a design with no columns (a constant-only model).
    public init(columns: [[Double]], names: [String]? = nil, rows: Int? = nil) throws {
        let n = columns.first?.count ?? rows ?? 0
        guard columns.allSatisfy({ $0.count == n }) else {
            throw StatisticsError.dimensionMismatch("design columns differ in length")
        }
        if let names, names.count != columns.count {
            throw StatisticsError.dimensionMismatch("\(names.count) names for \(columns.count) columns")
        }
        self.columns = columns
        self.names = names ?? columns.indices.map { "x\($0 + 1)" }
        self.rows = n
    }

    /// x_i'b (+ constant) for every row: fitted values / linear predictors. Row blocks run on
    /// all cores, and each block's output stays in cache while every column is added to it.
    public func linearPredictor(_ beta: [Double], constant: Double = 0) -> [Double] {
        var eta = [Double](repeating: constant, count: rows)
        let columns = self.columns
        eta.withUnsafeMutableBufferPointer { out in
            let shared = SharedBuffer(base: out.baseAddress!)
            Parallel.forEachBlock(rows) { _, start, end in
                for (j, col) in columns.enumerated() where beta[j] != 0 {
                    let b = beta[j]
                    col.withUnsafeBufferPointer { x in
                        for i in start..<end { shared.base[i] += b * x[i] }
                    }
                }
            }
        }
        return eta
    }

    /// Σ_i s_i x_i (and Σ s_i for the constant) per cluster: the "meat" pieces for sandwich
    /// estimators. Returns a G×(K+1) flat array (constant last when `constant`).
    func clusterScores(_ scores: [Double], clusters: [Int32], groups: Int, constant: Bool) -> [Double] {
        let k = columns.count + (constant ? 1 : 0)
        var out = [Double](repeating: 0, count: groups * k)
        out.withUnsafeMutableBufferPointer { o in
            scores.withUnsafeBufferPointer { s in
                clusters.withUnsafeBufferPointer { g in
                    for (j, col) in columns.enumerated() {
                        col.withUnsafeBufferPointer { x in
                            for i in 0..<rows { o[Int(g[i]) * k + j] += s[i] * x[i] }
                        }
                    }
                    if constant { for i in 0..<rows { o[Int(g[i]) * k + k - 1] += s[i] } }
                }
            }
        }
        return out
    }
}

/// The sandwich pieces shared by linear and ML models.
enum Sandwich {
    /// Σ_i s_i² x_i x_iᵀ with the constant appended last when `constant` (HC0 meat).
    static func heteroskedasticMeat(_ design: DesignMatrix, scores: [Double], constant: Bool) throws -> Matrix {
        let w = scores.map { $0 * $0 }
        let cp = try CrossProducts.accumulate(design.columns, weights: w)
        if constant { return cp.uncentredWithConstant }
        return cp.uncentred
    }

    /// Σ_g u_g u_gᵀ with u_g = Σ_{i∈g} s_i x_i, and the number of non-empty clusters.
    static func clusterMeat(_ design: DesignMatrix, scores: [Double], clusters: [Int32], constant: Bool) throws -> (Matrix, Int) {
        guard clusters.count == design.rows else { throw StatisticsError.dimensionMismatch("cluster codes have \(clusters.count) rows, data \(design.rows)") }
        let groups = Int(clusters.max() ?? -1) + 1
        guard clusters.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("cluster codes must be ≥ 0") }
        var seen = [Bool](repeating: false, count: groups)
        for g in clusters { seen[Int(g)] = true }
        let g = seen.filter { $0 }.count
        let u = design.clusterScores(scores, clusters: clusters, groups: groups, constant: constant)
        let k = design.columns.count + (constant ? 1 : 0)
        var m = Matrix(rows: k, columns: k)
        for c in 0..<groups {
            let o = c * k
            for a in 0..<k where u[o + a] != 0 { for b in 0..<k { m[a, b] += u[o + a] * u[o + b] } }
        }
        return (m, g)
    }

    /// Meat from explicit per-row score columns (one array per parameter): Σ_i g_i g_iᵀ, or
    /// Σ_g (Σ_{i∈g} g_i)(…)ᵀ with the number of non-empty clusters. For models with ancillary
    /// parameters (NB2's α) whose scores are not s_i·x_i.
    static func meat(scoreColumns: [[Double]], clusters: [Int32]?) throws -> (Matrix, Int?) {
        let k = scoreColumns.count
        let n = scoreColumns.first?.count ?? 0
        guard let codes = clusters else { return (try CrossProducts.accumulate(scoreColumns).uncentred, nil) }
        guard codes.count == n else { throw StatisticsError.dimensionMismatch("cluster codes have \(codes.count) rows, data \(n)") }
        let groups = Int(codes.max() ?? -1) + 1
        var sums = [Double](repeating: 0, count: groups * k)
        var seen = [Bool](repeating: false, count: groups)
        for i in 0..<n { seen[Int(codes[i])] = true }
        for (a, col) in scoreColumns.enumerated() { for i in 0..<n { sums[Int(codes[i]) * k + a] += col[i] } }
        var m = Matrix(rows: k, columns: k)
        for g in 0..<groups { for a in 0..<k { for b in 0..<k { m[a, b] += sums[g * k + a] * sums[g * k + b] } } }
        return (m, seen.filter { $0 }.count)
    }

    /// B M B for symmetric B (the bread) and M (the meat).
    static func sandwich(_ bread: Matrix, _ meat: Matrix) -> Matrix { bread * meat * bread }
}
