import Foundation
import Testing
@testable import KohortCore
@testable import Statistics

/// `correlate, pairwise obs sig` (Stata's pwcorr) and `correlate, covariance` through the real
/// engine on the 2000-person fixture. The numerics are checked against R in StatisticsTests
/// (DescriptivesTests: cor(use = "pairwise.complete.obs"), cov, cor.test on airquality and
/// mtcars); these tests check each pair's sample, the release rules and the rendering.
@Suite struct CorrelateTests {
    static func correlation(_ r: ReleasedResult) throws -> ReleasedCorrelation {
        guard case .correlation(let c) = r.payload else { throw CocoaError(.featureUnsupported) }
        return c
    }

    /// w is missing for persons 1…300: the pairs with w rest on 1700 units, the others on 2000.
    /// Each pair equals listwise `correlate` of those two variables (the same sample, the same
    /// winsorising), as pwcorr's pairs equal correlate's; p comes from the released r and N.
    @Test func eachPairOnItsOwnCompleteCases() throws {
        let (_, results) = try AnalysisFixture.run("""
        generate w = y + 4 * u * v if PERSONID_1 > 300
        correlate x y w, pairwise obs sig
        correlate x w
        correlate y x
        """)
        let pw = try Self.correlation(results[0])
        #expect(pw.pairwise && pw.n == nil)
        let n = try #require(pw.pairN), p = try #require(pw.pValues)
        #expect(abs(n[0][1]! - 2000) <= 2 && abs(n[0][2]! - 1700) <= 2 && abs(n[1][2]! - 1700) <= 2 && abs(n[2][2]! - 1700) <= 2)
        #expect(n[0][2] == n[2][0] && n[0][0] != nil)
        let xw = try Self.correlation(results[1]), yx = try Self.correlation(results[2])
        #expect(pw.matrix[0][2] == xw.matrix[0][1] && pw.matrix[2][0] == xw.matrix[1][0])
        #expect(pw.matrix[1][0] == yx.matrix[0][1])
        #expect(pw.matrix[1][2] != nil && pw.matrix[2][2] == 1)
        let r = try #require(pw.matrix[0][2])
        #expect(p[0][2] == Correlation.significance(r: r, observations: n[0][2]!))
        #expect(p[0][0] == nil)
        let text = ResultText.render(results[0], width: 100)
        #expect(text.contains("Pairwise") && text.contains("  p") && text.contains("  N"))
        let json = ResultJSON.object(results[0])
        #expect(json["pairwise"] as? Bool == true && json["pair_n"] != nil && json["p"] != nil)
        #expect(results[0].protections.map(\.rule).contains("minimum_sample_difference"))
    }

    /// Without obs and sig only the matrix is released, like correlate.
    @Test func pairwiseWithoutOptionsShowsOnlyTheMatrix() throws {
        let (_, results) = try AnalysisFixture.run("correlate x y, pairwise")
        let c = try Self.correlation(results[0])
        #expect(c.pairN == nil && c.pValues == nil && results.count == 1)
    }

    /// The covariance matrix is exact (divisor N − 1), and it is what `regress` already releases
    /// on the same sample: cov(x, y) = b · var(x) with b the slope of `regress y x`.
    @Test func covarianceIsExactAndWhatRegressReleases() throws {
        let (engine, results) = try AnalysisFixture.run("correlate x y, covariance\nregress y x")
        let c = try Self.correlation(results[0])
        #expect(c.statistic == .covariance && !c.pairwise)
        let x = try engine.numbers("x"), y = try engine.numbers("y")
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in x.indices { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); syy += (y[i] - my) * (y[i] - my) }
        let d = Double(x.count - 1)
        #expect(abs(c.matrix[0][0]! / (sxx / d) - 1) < 1e-12)
        #expect(abs(c.matrix[1][0]! / (sxy / d) - 1) < 1e-12 && c.matrix[0][1] == c.matrix[1][0])
        #expect(abs(c.matrix[1][1]! / (syy / d) - 1) < 1e-12)
        let b = try #require(results.compactMap(AnalysisFixture.model).first?.coefficients.first { $0.term == "x" }?.estimate)
        #expect(abs(b * c.matrix[0][0]! / c.matrix[1][0]! - 1) < 1e-10)
        #expect(results[0].protections.map(\.rule).contains("model_rules"))
        #expect(ResultText.render(results[0], width: 100).contains("Covariances, N = "))
        #expect(ResultJSON.object(results[0])["statistic"] as? String == "covariance")
    }

    /// A 0/1 variable with seven 1s in the sample (15 in the data, 8 left out by `if`): its
    /// covariance with y gives seven persons' mean of y, as a dummy's coefficient would, so the
    /// model's category rule refuses it.
    @Test func covarianceOfARareBinaryIsRefused() throws {
        var engine = try AnalysisFixture.engine()
        try EngineFixture.run(AnalysisFixture.setup + "generate b = PERSONID_1 <= 15", in: &engine)
        #expect(throws: (any Error).self) { try EngineFixture.run("correlate b y if PERSONID_1 > 8, covariance", in: &engine) }
        #expect(engine.lastRefusal?.rule == "minimum_category_units")
    }

    @Test func covarianceIsListwiseOnly() {
        #expect { try AnalysisFixture.run("correlate x y, covariance pairwise") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("listwise") == true
        }
    }
}
