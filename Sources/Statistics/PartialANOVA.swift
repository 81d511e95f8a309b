/// n-way analysis of variance by partial (marginal) sums of squares: each term's SS is the
/// rise in RSS when its columns are dropped from the full model, as Stata's `anova` reports
/// for models without interactions (with interactions the engine should test the interaction
/// terms, whose partial SS this also gives). Terms arrive already expanded to dummy columns.
extension ANOVA {
    public struct Term: Sendable {
        public let name: String
        public let columns: [[Double]]
        public init(name: String, columns: [[Double]]) {
            self.name = name
            self.columns = columns
        }
    }

    public struct TermTest: Sendable {
        public let name: String
        public let partialSumOfSquares: Double
        public let degreesOfFreedom: Int
        public let meanSquare: Double
        public let fStatistic: Double
        public let pValue: Double
    }

    public struct Table: Sendable {
        /// The full model: its F, R², RSS and residual df are the table's "Model" and "Residual" rows.
        public let model: OLS.Result
        public let terms: [TermTest]
    }

    public static func partial(y: [Double], terms: [Term]) throws -> Table {
        guard !terms.isEmpty else { throw StatisticsError.noRegressors }
        let all = terms.flatMap(\.columns)
        let full = try OLS.fit(y: y, design: DesignMatrix(columns: all))
        let mse = full.residualSumOfSquares / Double(full.dfResidual)
        var tests: [TermTest] = []
        for (t, term) in terms.enumerated() {
            let others = terms.enumerated().filter { $0.offset != t }.flatMap(\.element.columns)
            let reducedRSS: Double, reducedParams: Int
            if others.isEmpty {
                let s = try Descriptives.summarize(y)
                reducedRSS = s.variance * Double(s.count - 1)
                reducedParams = 1
            } else {
                let r = try OLS.fit(y: y, design: DesignMatrix(columns: others))
                reducedRSS = r.residualSumOfSquares
                reducedParams = r.parameters
            }
            let df = full.parameters - reducedParams
            guard df > 0 else {
                throw StatisticsError.invalidArgument("term \(term.name) is collinear with the other terms")
            }
            let ss = max(0, reducedRSS - full.residualSumOfSquares)
            let f = (ss / Double(df)) / mse
            tests.append(TermTest(name: term.name, partialSumOfSquares: ss, degreesOfFreedom: df, meanSquare: ss / Double(df),
                                  fStatistic: f, pValue: FDistribution.survival(f, Double(df), Double(full.dfResidual))))
        }
        return Table(model: full, terms: tests)
    }
}
