import Foundation
import Testing
@testable import Statistics

/// `rdd` against the rdrobust Python package (2.1.1) on its own U.S. Senate data
/// (Fixtures/senate.csv and rdrobust.json, made by Tests/reference/statistics/rdrobust.py; the
/// fuzzy treatment there is constructed, see the script): MSE-optimal bandwidths, conventional,
/// bias-corrected and robust rows, sample sizes.
@Suite struct RegressionDiscontinuityTests {
    /// The complete rows of the Senate data (rdrobust drops a missing vote the same way).
    static func senate() throws -> (vote: [Double], margin: [Double], t: [Double]) {
        let d = try Fixture.csv("senate")
        let keep = d["vote"]!.indices.filter { !d["vote"]![$0].isNaN }
        return (keep.map { d["vote"]![$0] }, keep.map { d["margin"]![$0] }, keep.map { d["t"]![$0] })
    }

    func expectMatches(_ r: RegressionDiscontinuity.Result, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ref = try Fixture.json("rdrobust").object(name)
        #expect(close(r.h, ref.double("h"), rel: 1e-6), "h \(r.h) vs \(ref.double("h"))", sourceLocation: sourceLocation)
        #expect(close(r.b, ref.double("b"), rel: 1e-6), "b \(r.b) vs \(ref.double("b"))", sourceLocation: sourceLocation)
        let rows = [r.conventional, r.biasCorrected, r.robust]
        expectClose(rows.map(\.estimate), ref.doubles("coef"), rel: 1e-6, "\(name) coef", sourceLocation: sourceLocation)
        expectClose(rows.map(\.standardError), ref.doubles("se"), rel: 1e-5, "\(name) se", sourceLocation: sourceLocation)
        expectClose(rows.map(\.z), ref.doubles("z"), rel: 1e-5, "\(name) z", sourceLocation: sourceLocation)
        expectClose(rows.map(\.p), ref.doubles("pv"), rel: 1e-4, floor: 1e-12, "\(name) p", sourceLocation: sourceLocation)
        expectClose(rows.map(\.lower), ref.doubles("ci_lower"), rel: 1e-5, "\(name) ci lower", sourceLocation: sourceLocation)
        expectClose(rows.map(\.upper), ref.doubles("ci_upper"), rel: 1e-5, "\(name) ci upper", sourceLocation: sourceLocation)
        #expect([r.observations.left, r.observations.right] == ref.doubles("N").map { Int($0) }, sourceLocation: sourceLocation)
        #expect([r.effective.left, r.effective.right] == ref.doubles("N_h").map { Int($0) }, sourceLocation: sourceLocation)
        #expect([r.biasObservations.left, r.biasObservations.right] == ref.doubles("N_b").map { Int($0) }, sourceLocation: sourceLocation)
    }

    /// Sharp p = 1 (rdrobust's default) and p = 0, 2, 3, 4, a given bandwidth with level(90), and a
    /// cutoff away from zero.
    static let senateCases: [(String, RegressionDiscontinuity.Options)] = [
        ("sharp_p1", .init()), ("sharp_p2", .init(polynomial: 2)), ("sharp_p0", .init(polynomial: 0)), ("sharp_p3", .init(polynomial: 3)), ("sharp_p4", .init(polynomial: 4)),
        ("bandwidth10_level90", .init(bandwidth: 10, level: 0.90)), ("cutoff10", .init(cutoff: 10)),
    ]

    @Test(arguments: senateCases)
    func senateAgainstRdrobust(_ name: String, _ options: RegressionDiscontinuity.Options) throws {
        let d = try Self.senate()
        try expectMatches(RegressionDiscontinuity.estimate(outcome: d.vote, running: d.margin, options: options), name)
    }

    @Test func selectionIsReported() throws {
        let d = try Self.senate()
        let selected = try RegressionDiscontinuity.estimate(outcome: d.vote, running: d.margin)
        #expect(selected.selection == .mseOptimal && selected.polynomial == 1 && selected.firstStage == nil)
        let given = try RegressionDiscontinuity.estimate(outcome: d.vote, running: d.margin, options: .init(bandwidth: 10))
        #expect(given.selection == .manual && given.h == 10 && given.b == 10)
        let small = try RegressionDiscontinuity.estimate(outcome: Array(d.vote.prefix(19)), running: Array(d.margin.prefix(19)))
        #expect(small.selection == .wholeRange)
    }

    @Test func fuzzyIsTheRatioOfJumpsWithItsDeltaMethodVariance() throws {
        let d = try Self.senate()
        let r = try RegressionDiscontinuity.estimate(outcome: d.vote, running: d.margin, treatment: d.t)
        try expectMatches(r, "fuzzy_p1")
        let ref = try Fixture.json("rdrobust").object("fuzzy_p1")
        let first = try #require(r.firstStage)
        expectClose(first.map(\.estimate), ref.doubles("tau_T"), rel: 1e-6, "first stage")
        expectClose(first.map(\.standardError), ref.doubles("se_T"), rel: 1e-5, "first stage se")
    }

    /// A whole-number running variable: mass points make the pilot bandwidth cover 10 distinct
    /// values per side, and the nearest-neighbour residuals take tied values together.
    @Test func massPointsInTheRunningVariable() throws {
        let d = try Self.senate()
        let r = try RegressionDiscontinuity.estimate(outcome: d.vote, running: d.margin.map { $0.rounded(.toNearestOrEven) })
        try expectMatches(r, "masspoints")
    }

    /// 20 000 rows on 101 integer values (about 200 ties each), rebuilt by the same arithmetic as
    /// rdrobust.py: the nearest-neighbour residuals of whole runs, sharp and fuzzy.
    @Test func heavilyTiedRunningVariable() throws {
        var x: [Double] = [], y: [Double] = [], t: [Double] = []
        for i in 0..<20_000 {
            let xi = Double((7919 * i) % 101 - 50)
            let noise = Double((37 * i) % 97) / 10
            let jump: Double = xi >= 0 ? 3 : 0
            x.append(xi)
            y.append(0.5 * xi + jump + noise + 0.01 * xi * xi)
            t.append((xi >= 0 ? i % 10 < 8 : i % 10 < 2) ? 1 : 0)
        }
        try expectMatches(RegressionDiscontinuity.estimate(outcome: y, running: x), "ties_sharp")
        try expectMatches(RegressionDiscontinuity.estimate(outcome: y, running: x, treatment: t), "ties_fuzzy")
    }

    /// Row order does not matter: the estimator sorts once by the running variable.
    @Test func orderOfRowsDoesNotMatter() throws {
        let d = try Self.senate()
        let perm = d.vote.indices.reversed().map { $0 }
        let a = try RegressionDiscontinuity.estimate(outcome: d.vote, running: d.margin)
        let b = try RegressionDiscontinuity.estimate(outcome: perm.map { d.vote[$0] }, running: perm.map { d.margin[$0] })
        #expect(close(a.h, b.h, rel: 1e-12) && close(a.robust.estimate, b.robust.estimate, rel: 1e-10))
    }

    // MARK: edge cases: one sentence each, never NaN.

    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as StatisticsError { return e.description } catch { return "\(error)" }
    }

    @Test func tooFewObservationsOnASide() throws {
        let x = (0..<60).map { Double($0) }, y = x.map { 1 + 0.5 * $0 + sin($0) }
        // Cutoff 58: only x = 58 and 59 are at or above it (two values; p = 1 needs three).
        let m = Self.message { _ = try RegressionDiscontinuity.estimate(outcome: y, running: x, options: .init(cutoff: 58)) }
        #expect(m?.contains("2 distinct values at or above the cutoff") == true, "\(m ?? "no error")")
        let outside = Self.message { _ = try RegressionDiscontinuity.estimate(outcome: y, running: x, options: .init(cutoff: 100)) }
        #expect(outside?.contains("strictly inside the range") == true)
    }

    @Test func runningVariableWithoutVariationOnASide() throws {
        // Below the cutoff every x is −1: one distinct value.
        let x = (0..<80).map { $0 < 40 ? -1.0 : Double($0 - 39) }, y = x.map { 2 + $0 + cos($0 * 7) }
        let m = Self.message { _ = try RegressionDiscontinuity.estimate(outcome: y, running: x) }
        #expect(m?.contains("1 distinct value below the cutoff") == true, "\(m ?? "no error")")
    }

    /// Three values a side are enough for the fit (p = 1, q = 2) but not for the bandwidth's
    /// pilot fits of order 4: rdrobust's "not enough variability", not an order nobody asked for.
    @Test func tooFewValuesForTheBandwidth() throws {
        let x = (0..<120).map { Double($0 % 6) - 3 }, y = (0..<120).map { Double($0 % 7) + Double($0 % 6) }
        let m = Self.message { _ = try RegressionDiscontinuity.estimate(outcome: y, running: x) }
        #expect(m?.contains("not enough variability in the running variable to compute the bandwidth") == true, "\(m ?? "no error")")
        // With a bandwidth given there is no pilot: the estimate runs.
        #expect(throws: Never.self) { try RegressionDiscontinuity.estimate(outcome: y, running: x, options: .init(bandwidth: 4)) }
    }

    @Test func fuzzyTreatmentThatDoesNotJump() throws {
        let x = (0..<80).map { Double($0) - 40 }, y = x.map { 2 + $0 + cos($0 * 7) }
        let m = Self.message {
            _ = try RegressionDiscontinuity.estimate(outcome: y, running: x, treatment: [Double](repeating: 1, count: 80))
        }
        #expect(m?.contains("does not jump") == true, "\(m ?? "no error")")
    }

    @Test func constantOutcome() {
        let x = (0..<80).map { Double($0) - 40 }
        let m = Self.message { _ = try RegressionDiscontinuity.estimate(outcome: [Double](repeating: 2, count: 80), running: x) }
        #expect(m == StatisticsError.constantOutcome.description)
    }

    @Test func polynomialOutOfRange() {
        let m = Self.message { _ = try RegressionDiscontinuity.estimate(outcome: [1, 2], running: [-1, 1], options: .init(polynomial: 7)) }
        #expect(m?.contains("polynomial()") == true)
    }
}
