import Foundation
import Testing
@testable import Statistics

/// summarize / percentiles / Gini / winsorising / correlate against R
/// (Fixtures/descriptives.json, made by Tests/reference/statistics/descriptives.R).
@Suite struct DescriptivesTests {
    let ref: [String: Any]
    let mtcars: [String: [Double]]
    let quakes: [String: [Double]]
    init() throws {
        ref = try Fixture.json("descriptives")
        mtcars = try Fixture.csv("mtcars")
        quakes = try Fixture.csv("quakes")
    }

    func check(_ x: [Double], weights: [Double]? = nil, _ key: String) throws {
        let r = ref.object(key)
        let s = try Descriptives.summarize(x, weights: weights)
        #expect(s.sumOfWeights == r.double("n"), "\(key) n")
        #expect(close(s.mean, r.double("mean"), rel: 1e-12), "\(key) mean")
        #expect(close(s.standardDeviation, r.double("sd"), rel: 1e-12), "\(key) sd")
        #expect(s.minimum == r.double("min") && s.maximum == r.double("max"), "\(key) min/max")
        #expect(close(s.sum, r.double("sum"), rel: 1e-12), "\(key) sum")
        #expect(close(s.skewness!, r.double("skewness"), rel: 1e-10), "\(key) skewness")
        #expect(close(s.kurtosis!, r.double("kurtosis"), rel: 1e-10), "\(key) kurtosis")
        let p = try Percentiles.compute(x, at: Percentiles.summarizeLevels, weights: weights)
        expectClose(p, r.doubles("percentiles"), rel: 1e-14, "\(key) percentiles")
        #expect(close(try Percentiles.interquartileRange(x, weights: weights), r.double("iqr"), rel: 1e-12), "\(key) iqr")
        #expect(close(try Descriptives.gini(x, weights: weights), r.double("gini"), rel: 1e-12), "\(key) gini")
    }

    @Test func summarizeMatchesR() throws {
        try check(mtcars["mpg"]!, "mtcars_mpg")
        try check(mtcars["hp"]!, "mtcars_hp")
        try check(quakes["mag"]!, "quakes_mag")
        try check(quakes["depth"]!, "quakes_depth")
    }

    @Test func frequencyWeightsEqualExpandedData() throws {
        try check(mtcars["mpg"]!, weights: mtcars["carb"]!, "mtcars_mpg_weighted_by_carb")
    }

    @Test func percentileDefinitionIsStataSummarize() throws {
        // n = 4: P = 4·0.5 = 2 is an exact hit, so the median averages x₂ and x₃.
        #expect(try Percentiles.compute([4, 1, 3, 2], at: [50]) == [2.5])
        // n = 5: P = 2.5, not a hit: x₃. p25: P = 1.25 → x₂.
        #expect(try Percentiles.compute([5, 1, 4, 2, 3], at: [25, 50, 100, 0]) == [2, 3, 5, 1])
        #expect(throws: StatisticsError.self) { try Percentiles.compute([], at: [50]) }
    }

    @Test func winsorizingClampsAtP1P99() throws {
        let depth = quakes["depth"]!
        let w = try Percentiles.winsorize(depth, lower: 1, upper: 99)
        let s = try Descriptives.summarize(w.values)
        #expect(close(s.mean, ref.double("quakes_depth_winsorized_mean"), rel: 1e-12))
        #expect(close(s.standardDeviation, ref.double("quakes_depth_winsorized_sd"), rel: 1e-12))
        #expect(w.values.allSatisfy { $0 >= w.low && $0 <= w.high })
    }

    @Test func correlateMatchesR() throws {
        let cols = ["mpg", "hp", "wt", "qsec"].map { mtcars[$0]! }
        let c = try Correlation.listwise(cols)
        let rr = (ref["mtcars_cor"] as! [[Double]]), rc = (ref["mtcars_cov"] as! [[Double]])
        for i in 0..<4 { for j in 0..<4 {
            #expect(close(c.correlation[i, j], rr[i][j], rel: 1e-12))
            #expect(close(c.covariance[i, j], rc[i][j], rel: 1e-12))
        } }
        #expect(close(Correlation.significance(r: c.correlation[0, 3], observations: 32),
                      ref.double("mtcars_cor_p_mpg_qsec"), rel: 1e-10))
    }

    @Test func pairwiseMatchesR() throws {
        let air = try Fixture.csv("airquality")
        let pw = try Correlation.pairwise(["Ozone", "Solar.R", "Wind"].map { air[$0]! })
        let rr = ref["airquality_pairwise_cor"] as! [[Double]], nn = ref["airquality_pairwise_n"] as! [[Double]]
        for i in 0..<3 { for j in 0..<3 {
            #expect(close(pw.correlation[i][j]!, rr[i][j], rel: 1e-12))
            #expect(Double(pw.observations[i][j]) == nn[i][j])
        } }
        #expect(close(pw.pValues[0][1]!, ref.double("airquality_p_ozone_solar"), rel: 1e-10))
        // pwcorr, sig: every pair's p (cor.test on the pair's complete cases).
        let pp = ref["airquality_pairwise_p"] as! [[Any]]
        for i in 0..<3 { for j in 0..<3 where i != j {
            #expect(close(pw.pValues[i][j]!, (pp[i][j] as! NSNumber).doubleValue, rel: 1e-9))
        } }
    }

    /// correlate, covariance on the rows complete in all three (R: cov(use = "complete.obs")).
    @Test func listwiseCovarianceWithMissingValuesMatchesR() throws {
        let air = try Fixture.csv("airquality")
        let cols = ["Ozone", "Solar.R", "Wind"].map { air[$0]! }
        let keep = cols[0].indices.filter { k in cols.allSatisfy { !$0[k].isNaN } }
        let c = try Correlation.listwise(cols.map { col in keep.map { col[$0] } })
        #expect(Double(c.observations) == ref.double("airquality_listwise_n"))
        let rc = ref["airquality_listwise_cov"] as! [[Double]]
        for i in 0..<3 { for j in 0..<3 { #expect(close(c.covariance[i, j], rc[i][j], rel: 1e-12)) } }
    }

    @Test func meanConfidenceIntervalMatchesTTest() throws {
        let ci = try Descriptives.meanConfidenceInterval(quakes["mag"]!, level: 0.9)
        expectClose([ci.lower, ci.upper], ref.doubles("quakes_mag_ci"), rel: 1e-12, "ci")
    }

    @Test func edgeCasesThrow() {
        #expect(throws: StatisticsError.self) { try Descriptives.summarize([]) }
        #expect(throws: StatisticsError.self) { try Descriptives.gini([-1, 2]) }
        #expect(throws: StatisticsError.self) { try Correlation.listwise([[1, 2, 3], [4, 4, 4]]) }
    }
}

@Suite struct SelectionTests {
    @Test func selectionAgreesWithSorting() throws {
        var seed: UInt64 = 7
        func next() -> Double { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Double(seed >> 40) }
        for n in [1, 2, 3, 10, 33, 100, 1000, 5001, 70_000, 200_001] {
            // Many ties (values 0..<50) and distinct values both.
            for ties in [true, false] {
                var x = (0..<n).map { _ in ties ? Double(Int(next()) % 50) : next() }
                // One huge outlier squeezes everything else into the first bucket.
                if n > 100 { x[n / 2] = 1e300 }
                let levels: [Double] = [0, 1, 5, 10, 25, 50, 75, 90, 95, 99, 100, 33.3]
                let viaSelect = try Percentiles.compute(x, at: levels)
                let viaSort = try Percentiles.ofSorted(x.sorted(), at: levels)
                #expect(viaSelect == viaSort, "n = \(n) ties = \(ties)")
            }
        }
    }
}

@Suite struct GroupedSummariesTests {
    @Test func matchesPerGroupSummarize() throws {
        let q = try Fixture.csv("quakes")
        let depth = q["depth"]!, stations = q["stations"]!
        // Groups: stations bucketed into 0..<5, with one empty group (code 5) and code −1 left out.
        let codes: [Int32] = stations.map { $0 > 100 ? -1 : Int32(min(4, Int($0) / 20)) }
        let g = try GroupedSummaries.compute(values: depth, codes: codes, groups: 6)
        for c in 0..<5 {
            let xs = zip(depth, codes).filter { $0.1 == Int32(c) }.map(\.0)
            guard !xs.isEmpty else { #expect(g[c].count == 0); continue }
            let s = try Descriptives.summarize(xs)
            #expect(g[c].count == s.count)
            #expect(close(g[c].mean!, s.mean, rel: 1e-13))
            if s.count > 1 { #expect(close(g[c].standardDeviation!, s.standardDeviation, rel: 1e-12)) }
        }
        #expect(g[5] == GroupedSummaries.Group(count: 0, sum: 0, mean: nil, standardDeviation: nil))
        #expect(throws: StatisticsError.self) { try GroupedSummaries.compute(values: [1], codes: [3], groups: 2) }
    }
}
