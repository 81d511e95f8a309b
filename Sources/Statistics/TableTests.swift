/// Tests of independence for a two-way table of counts (Stata's `tabulate a b, chi2 lrchi2 V`).
/// The engine counts cells (by code, into arrays); this only does the arithmetic.
public enum ContingencyTable {
    public struct Independence: Sendable {
        public let pearsonChiSquared: Double
        public let pearsonPValue: Double
        /// G² = 2 Σ O log(O/E) over non-empty cells.
        public let likelihoodRatioChiSquared: Double
        public let likelihoodRatioPValue: Double
        public let degreesOfFreedom: Int
        /// Cramér's V (signed for 2×2 tables, as Stata).
        public let cramersV: Double
        /// Expected counts under independence.
        public let expected: Matrix
    }

    /// Rows or columns with a zero total are left out (Stata tabulates only observed levels).
    public static func independence(_ counts: Matrix) throws -> Independence {
        let rowTotals = (0..<counts.rows).map { i in (0..<counts.columns).reduce(0.0) { $0 + counts[i, $1] } }
        let colTotals = (0..<counts.columns).map { j in (0..<counts.rows).reduce(0.0) { $0 + counts[$1, j] } }
        guard counts.storage.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("counts must be non-negative") }
        let rows = rowTotals.indices.filter { rowTotals[$0] > 0 }
        let cols = colTotals.indices.filter { colTotals[$0] > 0 }
        guard rows.count >= 2, cols.count >= 2 else {
            throw StatisticsError.invalidArgument("a test of independence needs at least two non-empty rows and columns")
        }
        let n = rowTotals.reduce(0, +)
        var x2 = 0.0, g2 = 0.0
        var e = Matrix(rows: counts.rows, columns: counts.columns)
        for i in rows {
            for j in cols {
                let ex = rowTotals[i] * colTotals[j] / n
                e[i, j] = ex
                let o = counts[i, j]
                x2 += (o - ex) * (o - ex) / ex
                if o > 0 { g2 += 2 * o * _log(o / ex) }
            }
        }
        let df = (rows.count - 1) * (cols.count - 1)
        var v = (x2 / (n * Double(min(rows.count, cols.count) - 1))).squareRoot()
        if rows.count == 2 && cols.count == 2 {
            let (a, b, c, d) = (counts[rows[0], cols[0]], counts[rows[0], cols[1]], counts[rows[1], cols[0]], counts[rows[1], cols[1]])
            if a * d - b * c < 0 { v = -v }
        }
        return Independence(pearsonChiSquared: x2, pearsonPValue: ChiSquared.survival(x2, degreesOfFreedom: Double(df)),
                            likelihoodRatioChiSquared: g2, likelihoodRatioPValue: ChiSquared.survival(g2, degreesOfFreedom: Double(df)),
                            degreesOfFreedom: df, cramersV: v, expected: e)
    }
}

/// One-way analysis of variance with Bartlett's test of equal variances (Stata's `oneway`).
public enum ANOVA {
    public struct OneWay: Sendable {
        public let groupCounts: [Int]
        public let groupMeans: [Double]
        public let betweenSumOfSquares: Double
        public let withinSumOfSquares: Double
        public let betweenDegreesOfFreedom: Int
        public let withinDegreesOfFreedom: Int
        public let fStatistic: Double
        public let pValue: Double
        /// Bartlett's χ² (nil when a group has fewer than two observations or zero variance).
        public let bartlettChiSquared: Double?
        public let bartlettPValue: Double?
    }

    /// `groups` are dense codes 0..<G; every group must be non-empty.
    public static func oneWay(values: [Double], groups: [Int32]) throws -> OneWay {
        let n = values.count
        guard groups.count == n else { throw StatisticsError.dimensionMismatch("values and groups differ in length") }
        guard groups.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("group codes must be ≥ 0") }
        let g = Int(groups.max() ?? -1) + 1
        guard g >= 2 else { throw StatisticsError.invalidArgument("analysis of variance needs at least two groups") }
        var count = [Int](repeating: 0, count: g), sum = [Double](repeating: 0, count: g)
        for i in 0..<n { count[Int(groups[i])] += 1; sum[Int(groups[i])] += values[i] }
        if let empty = count.firstIndex(of: 0) { throw StatisticsError.emptyGroup("group \(empty) has no observations") }
        guard n > g else { throw StatisticsError.tooFewObservations(needed: g + 1, had: n) }
        let means = (0..<g).map { sum[$0] / Double(count[$0]) }
        let grand = sum.reduce(0, +) / Double(n)
        var within = [Double](repeating: 0, count: g)
        for i in 0..<n { let d = values[i] - means[Int(groups[i])]; within[Int(groups[i])] += d * d }
        let ssw = within.reduce(0, +)
        var ssb = 0.0
        for j in 0..<g { ssb += Double(count[j]) * (means[j] - grand) * (means[j] - grand) }
        guard ssw > 0 else { throw StatisticsError.invalidArgument("no variation within groups") }
        let dfb = g - 1, dfw = n - g
        let f = (ssb / Double(dfb)) / (ssw / Double(dfw))
        // Bartlett.
        var bartlett: Double? = nil
        if count.allSatisfy({ $0 >= 2 }) && within.allSatisfy({ $0 > 0 }) {
            let sp = ssw / Double(dfw)
            var s = 0.0, inv = 0.0
            for j in 0..<g { let df = Double(count[j] - 1); s += df * _log(within[j] / df); inv += 1 / df }
            let c = 1 + (inv - 1 / Double(dfw)) / (3 * Double(g - 1))
            bartlett = (Double(dfw) * _log(sp) - s) / c
        }
        return OneWay(groupCounts: count, groupMeans: means, betweenSumOfSquares: ssb, withinSumOfSquares: ssw,
                      betweenDegreesOfFreedom: dfb, withinDegreesOfFreedom: dfw, fStatistic: f,
                      pValue: FDistribution.survival(f, Double(dfb), Double(dfw)),
                      bartlettChiSquared: bartlett,
                      bartlettPValue: bartlett.map { ChiSquared.survival($0, degreesOfFreedom: Double(g - 1)) })
    }
}
