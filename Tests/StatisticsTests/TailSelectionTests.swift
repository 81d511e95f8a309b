import Foundation
import Testing
@testable import Statistics

/// The sample behind `TailSelection` decides only whether it answers: its values must be those
/// of a full sort, and where the sample misjudges a tail it must answer nothing.
@Suite struct TailSelectionTests {
    typealias Generator = BucketSelectionTests.Generator

    let n = 150_000

    /// A histogram's ranks (1st and 99th percentile, type 2, second smallest and largest) and
    /// the extremes.
    var ranks: [Int] { [n / 100 - 1, n / 100, n - n / 100 - 1, n - n / 100, 1, n - 2, 0, n - 1] }

    /// Columns whose tails the sample sees well enough: every one must be answered.
    func answered() -> [(String, [Double])] {
        var g = Generator(state: 3)
        let wages = (0..<n).map { _ in g.next() < 0.5 ? 0 : (1e5 * exp(2 * g.next())).rounded() }
        let dates = (0..<n).map { _ in 19_000 + 365 * g.next() }
        let twoValues = (0..<n).map { _ in g.next() < 0.3 ? 1.0 : 0.0 }
        let ties = (0..<n).map { _ in g.next() < 0.6 ? 42.0 : 40 + 10 * g.next() }
        let descending = (0..<n).map { Double(n - $0) * -1e300 }
        var extremes = (0..<n).map { _ in (g.next() - 0.5) * 1e308 }
        extremes[5] = .infinity; extremes[6] = -.infinity; extremes[7] = .infinity
        let allEqual = [Double](repeating: -7.25, count: n)
        // −0 and +0 are one value, as in every comparison of the selection.
        let signedZeros = (0..<n).map { i in g.next() < 0.5 ? (i % 3 == 0 ? -0.0 : 0.0) : g.next() }
        // The 99th percentile in a pile-up: most of the top tail is copies of one value.
        let topPile = (0..<n).map { _ in g.next() < 0.05 ? 1e6 : 1000 * g.next() }
        return [("wages", wages), ("dates", dates), ("two values", twoValues), ("ties", ties), ("descending", descending),
                ("extremes", extremes), ("all equal", allEqual), ("top pile-up", topPile), ("signed zeros", signedZeros)]
    }

    @Test func valuesAreThoseOfASort() throws {
        for (name, x) in answered() {
            let t = try #require(TailSelection(x, ranks: ranks), "\(name)")
            #expect(!t.hasNaN && t.count == n && t.ranks == ranks)
            let values = try #require(t.values, "\(name)")
            let sorted = x.sorted()
            // Bit for bit, but for the sign of a zero.
            let same = zip(values, ranks.map { sorted[$0] }).allSatisfy { $0.bitPattern == $1.bitPattern || $0 == 0 && $1 == 0 }
            #expect(same, "\(name): \(values) vs \(ranks.map { sorted[$0] })")
        }
    }

    /// Columns the sample misjudges on purpose: an answer, if any, is still the sort's.
    @Test func aMisjudgedTailGivesNoAnswerOrTheRightOne() throws {
        var g = Generator(state: 5)
        let stride = n / 256
        // 12 % huge values, all between the sampled runs: the high threshold is far too low,
        // so the values beyond it overflow their buffer (sized for what the sample saw).
        let hidden = (0..<n).map { i in i % stride >= 64 && g.next() < 0.12 ? 1e9 + g.next() : g.next() }
        // The sampled runs hold the largest values: the high threshold is far too high, so too
        // few values lie beyond it.
        let planted = (0..<n).map { i in i % stride < 64 && i % stride >= 58 ? 1e9 + g.next() : g.next() }
        for (name, x) in [("hidden", hidden), ("planted", planted)] {
            let t = try #require(TailSelection(x, ranks: ranks), "\(name)")
            #expect(t.values == nil, "\(name)")
            #expect(!t.hasNaN)
        }
        // Below the sampled minimum, between the runs, but few enough to be collected.
        var below = (0..<n).map { _ in 100 + g.next() }
        for i in Swift.stride(from: 3, to: n, by: 997) { below[i] = -g.next() * 1e6 }
        let t = try #require(TailSelection(below, ranks: ranks))
        let sorted = below.sorted()
        if let v = t.values { #expect(v == ranks.map { sorted[$0] }) }
    }

    /// The bracketed selection among the collected values against a sort: ties, infinities,
    /// a sorted input (every sampled value in order), ranks at both ends and in groups, and a
    /// bracket the sample misjudges (the fallback).
    @Test func bracketedSelectionIsTheSorts() {
        var g = Generator(state: 13)
        let m = 100_000
        let inputs: [(String, [Double])] = [
            ("uniform", (0..<m).map { _ in g.next() }),
            ("ties", (0..<m).map { _ in (10 * g.next()).rounded() }),
            ("ascending with infinities", (0..<m).map { i in i == 0 ? -.infinity : i == m - 1 ? .infinity : Double(i) }),
            ("misjudged", (0..<m).map { i in i % (m / 2048) == 0 ? 0.5 : (i % 2 == 0 ? 0 : 1) }),
            ("small", (0..<5000).map { _ in g.next() }),
        ]
        for (name, a) in inputs {
            let k = a.count
            let ranks = [0, 1, k / 3, k / 3 + 1, k / 3 + 500, k - 2, k - 1, k / 2]
            let sorted = a.sorted()
            #expect(TailSelection.select(a, ranks: ranks) == ranks.map { sorted[$0] }, "\(name)")
            #expect(TailSelection.select(a, ranks: [k - 1]) == [sorted[k - 1]], "\(name)")
        }
    }

    @Test func aMissingValueIsReported() throws {
        var g = Generator(state: 9)
        var x = (0..<n).map { _ in g.next() }
        x[n / 256 * 7 + 100] = .nan          // between the sampled runs: found by the pass
        let t = try #require(TailSelection(x, ranks: ranks))
        #expect(t.hasNaN && t.values == nil)
        x[n / 256 * 7 + 100] = 0.5
        x[n / 256 * 9 + 3] = -.nan           // in a sampled run, sign bit set
        let s = try #require(TailSelection(x, ranks: ranks))
        #expect(s.hasNaN && s.values == nil)
        x[n / 256 * 9 + 3] = 0.5
        #expect(TailSelection(x, ranks: ranks)?.hasNaN == false)
    }

    @Test func ranksAwayFromTheEndsAndSmallColumnsAreDeclined() {
        let x = (0..<n).map(Double.init)
        #expect(TailSelection(x, ranks: [1, n / 2]) == nil)
        #expect(TailSelection(x, ranks: [n / 7]) == nil)
        #expect(TailSelection(Array(x[0..<60_000]), ranks: [1, 59_998]) == nil)
        #expect(TailSelection(x, ranks: [n / 9, n - n / 9])?.values == [Double(n / 9), Double(n - n / 9)])
        // An odd count (the last row outside the pairs), and a NaN in that row.
        var odd = (0...n).map { Double(($0 * 7919) % (n + 1)) }
        #expect(TailSelection(odd, ranks: [0, 1, n - 1, n])?.values == [0, 1, Double(n - 1), Double(n)])
        odd[n] = .nan
        #expect(TailSelection(odd, ranks: [0, 1, n - 1, n])?.hasNaN == true)
    }
}
