import Foundation
import Statistics

/// `correlate, covariance`: the complete cases of every variable and their covariance matrix.
public struct RawCovariance: Sendable {
    public var variables: [String]
    /// Covariances with divisor N − 1, exact (Stata's `correlate, covariance`).
    public var matrix: [[Double]]
    public var n: Int
    public var keySum: UInt64
    /// The 0/1 variables' counts at 1 and at 0, checked as a binary model variable's.
    public var categoryCounts: [RawCategoryCount]
    public init(variables: [String], matrix: [[Double]], n: Int, keySum: UInt64, categoryCounts: [RawCategoryCount]) {
        self.variables = variables; self.matrix = matrix; self.n = n; self.keySum = keySum; self.categoryCounts = categoryCounts
    }
}

/// `correlate, pairwise` (Stata's `pwcorr`): each pair's own complete cases (i ≤ j; on the
/// diagonal the variable's non-missing values) and their units' key sum.
public struct RawPairwiseCorrelation: Sendable {
    public struct Pair: Sendable {
        public var i: Int, j: Int
        public var x: [Double], y: [Double]
        public var keySum: UInt64
        public init(i: Int, j: Int, x: [Double], y: [Double], keySum: UInt64) { self.i = i; self.j = j; self.x = x; self.y = y; self.keySum = keySum }
    }
    public var variables: [String]
    public var pairs: [Pair]
    public var observations: Bool
    public var significance: Bool
    public init(variables: [String], pairs: [Pair], observations: Bool, significance: Bool) {
        self.variables = variables; self.pairs = pairs; self.observations = observations; self.significance = significance
    }
}

extension Release {
    /// `correlate, covariance`: exact covariances under the model rules (docs/disclosure.md:
    /// on a sample that passes them, `regress` already releases every one of these numbers).
    public static func covariance(_ raw: RawCovariance, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        precondition(raw.matrix.count == raw.variables.count)
        try checkModel(RawModel(estimator: "correlate, covariance", coefficients: [], n: raw.n, nKeySum: raw.keySum,
                                residualDF: raw.n - 2, categoryCounts: raw.categoryCounts), policy: policy)
        let c = ReleasedCorrelation(variables: raw.variables, n: releasedN(raw.n, keySum: raw.keySum, policy: policy),
                                    matrix: raw.matrix.map { $0.map { Optional($0) } }, statistic: .covariance)
        return ReleasedResult(command: command, line: line, payload: .correlation(c), protections: [.modelRules(policy), .cellKeyNoiseN])
    }

    /// `correlate, pairwise [obs sig]`: each pair's Pearson r on its own complete cases, winsorised
    /// at that sample's cut points exactly as `correlation` does for one sample; each pair needs
    /// minimum_units_statistic units; each pair's N is perturbed as a count, and p comes from the
    /// released r and N, so it carries nothing the matrix does not.
    public static func pairwiseCorrelation(_ raw: RawPairwiseCorrelation, policy: DisclosurePolicy, command: String, line: Int) throws(DisclosureRefusal) -> ReleasedResult {
        let p = raw.variables.count
        var r = [[Double?]](repeating: [Double?](repeating: nil, count: p), count: p)
        var n = [[Int?]](repeating: [Int?](repeating: nil, count: p), count: p)
        var pv = r
        for pair in raw.pairs {
            guard pair.x.count >= policy.minimumUnitsStatistic else { throw .minimumUnitsStatistic(policy) }
            let released = releasedN(pair.x.count, keySum: pair.keySum, policy: policy)
            n[pair.i][pair.j] = released; n[pair.j][pair.i] = released
            guard pair.i != pair.j else { r[pair.i][pair.i] = 1; continue }
            let a = winsorised(pair.x, policy: policy), b = winsorised(pair.y, policy: policy)
            guard let v = ReleaseNumerics.pearson(a, b) else { continue }
            r[pair.i][pair.j] = v; r[pair.j][pair.i] = v
            if let m = released, m > 2 {
                let q = Correlation.significance(r: v, observations: m)
                pv[pair.i][pair.j] = q; pv[pair.j][pair.i] = q
            }
        }
        let c = ReleasedCorrelation(variables: raw.variables, n: nil, matrix: r, statistic: .correlation, pairwise: true,
                                    pairN: raw.observations ? n : nil, pValues: raw.significance ? pv : nil)
        return ReleasedResult(command: command, line: line, payload: .correlation(c), protections: [.winsorised(policy), .cellKeyNoiseN])
    }

    static func winsorised(_ x: [Double], policy: DisclosurePolicy) -> [Double] {
        let cuts = ReleaseNumerics.winsorCuts(x, percent: policy.winsorPercent)
        return x.map { min(max($0, cuts.low), cuts.high) }
    }
}
