/// First-stage diagnostics for 2SLS (Stata's `ivregress …, first` and `estat firststage`):
/// each endogenous regressor on all exogenous variables and instruments, with the partial R²
/// and F of the excluded instruments (classical, on (q, N − L) df).
extension IVRegression {
    public struct FirstStage: Sendable {
        public let name: String
        /// The first-stage regression table (exogenous, instruments, `_cons`).
        public let regression: OLS.Result
        public let partialRSquared: Double
        public let fStatistic: Double
        public let fDegreesOfFreedom: (Int, Int)
        public let fPValue: Double
    }

    public static func firstStage(endogenous: DesignMatrix, exogenous: DesignMatrix, instruments: DesignMatrix) throws -> [FirstStage] {
        let names = exogenous.names + instruments.names
        let full = try DesignMatrix(columns: exogenous.columns + instruments.columns, names: names)
        return try endogenous.columns.enumerated().map { j, x in
            let u = try OLS.fit(y: x, design: full)
            let rssR: Double
            if exogenous.columns.isEmpty {
                let s = try Descriptives.summarize(x)
                rssR = s.variance * Double(s.count - 1)
            } else {
                rssR = try OLS.fit(y: x, design: exogenous).residualSumOfSquares
            }
            let q = instruments.columns.count
            let f = ((rssR - u.residualSumOfSquares) / Double(q)) / (u.residualSumOfSquares / Double(u.dfResidual))
            return FirstStage(name: endogenous.names[j], regression: u, partialRSquared: 1 - u.residualSumOfSquares / rssR,
                              fStatistic: f, fDegreesOfFreedom: (q, u.dfResidual),
                              fPValue: FDistribution.survival(f, Double(q), Double(u.dfResidual)))
        }
    }
}
