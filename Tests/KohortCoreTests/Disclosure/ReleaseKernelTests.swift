import Foundation
import Testing
@testable import KohortCore

/// The fast kernels behind `summarize` and `histogram` against the plain formulas they
/// replace: bins by division, moments by two passes over a clamped copy, and whole-dataset
/// audit samples against samples built from an all-true mask.
@Suite struct ReleaseKernelTests {
    /// The bin of each value by the division the histogram is defined by.
    func divisionCounts(_ x: [Double], low: Double, high: Double, width: Double, bins: Int) -> [Int] {
        var c = [Int](repeating: 0, count: bins)
        for v in x { c[min(bins - 1, max(0, Int((min(max(v, low), high) - low) / width)))] += 1 }
        return c
    }

    @Test func binCountsAreTheDivisionsBinsAlsoOnTheEdges() {
        var state: UInt64 = 99
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        // Ranges and bin counts as Release.histogram makes them (rounded cut points, awkward widths).
        let cases: [(low: Double, high: Double, bins: Int)] = [(0, 1_000_000, 50), (-3.7, 12.1, 7), (0.1, 0.7, 3), (1e-9, 3e-9, 200),
                                                               (1990, 2024, 34), (0, 1, 1), (-5e6, 5e6, 199)]
        for c in cases {
            let width = (c.high - c.low) / Double(c.bins)
            // Random values in and beyond the range, every bin edge, and the doubles next to it.
            var x = (0..<150_000).map { _ in c.low - 0.2 * (c.high - c.low) + 1.4 * (c.high - c.low) * next() }
            for b in 0...c.bins {
                let edge = c.low + Double(b) * width
                x += [edge, edge.nextUp, edge.nextDown, edge.nextUp.nextUp, edge.nextDown.nextDown]
            }
            x += [c.low, c.high, -.infinity, .infinity, -0.0, 0.0]
            let keys = [UInt32](repeating: 1, count: x.count)
            let acc = ReleaseNumerics.binCounts(x, recordKeys: keys, low: c.low, high: c.high, width: width, bins: c.bins)
            #expect(acc.counts == divisionCounts(x, low: c.low, high: c.high, width: width, bins: c.bins), "\(c)")
            #expect(acc.keySums.reduce(0, &+) == UInt64(x.count))
        }
    }

    @Test func oneSweepMomentsAgreeWithTwoPassesOverAClampedCopy() {
        var state: UInt64 = 5
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        // Wage-like (many zeros, a long tail), a large offset with a small spread (dates), tiny n.
        let samples: [[Double]] = [
            (0..<300_000).map { _ in next() < 0.4 ? 0 : 1e5 * exp(2 * next()) + (next() < 0.001 ? 1e8 : 0) },
            (0..<200_001).map { _ in 19_000 + 365 * next() },
            [3, 1, 2], [7, 7],
        ]
        for x in samples {
            let s = WinsorSelection(x, percent: 1, levels: [1, 5, 10, 25, 50, 75, 90, 95, 99])
            let clamped = s.clamped(x)
            let m = s.moments(x)
            let mean = ReleaseNumerics.mean(clamped), sd = ReleaseNumerics.sd(clamped)
            #expect(abs(m.mean - mean) <= 1e-13 * max(1, abs(mean)), "n = \(x.count)")
            #expect(abs(m.sd - sd) <= 1e-12 * max(1e-300, sd) || sd == 0 && m.sd == 0, "n = \(x.count)")
        }
    }

    @Test func wholeDatasetSamplesEqualAllTrueMaskSamples() {
        // Sparse ids (row bits) and dense ids (a bitset), with and without missing values.
        for spread in [Int64(1), 1_000_003] {
            let ids = (1...5000).map { Int64($0) * spread }
            let values = (0..<5000).map { $0 % 17 == 0 ? Double.nan : Double($0) }
            let all = [Bool](repeating: true, count: ids.count)
            for v in [nil, values] {
                let viaMask = ids.withUnsafeBufferPointer { p in all.withUnsafeBufferPointer { m in
                    v.map { vv in vv.withUnsafeBufferPointer { UnitSample(unitType: "PERSON", ids: p, idStrings: nil, mask: m, values: $0, universe: ids) } }
                        ?? UnitSample(unitType: "PERSON", ids: p, idStrings: nil, mask: m, values: nil, universe: ids) } }
                let whole = ids.withUnsafeBufferPointer { p in
                    v.map { vv in vv.withUnsafeBufferPointer { UnitSample(unitType: "PERSON", ids: p, idStrings: nil, rows: nil, values: $0, universe: ids) } }
                        ?? UnitSample(unitType: "PERSON", ids: p, idStrings: nil, rows: nil, values: nil, universe: ids) }
                #expect(whole.count == (v == nil ? 5000 : 5000 - 295))
                #expect(whole.count == viaMask.count && whole.fingerprint == viaMask.fingerprint)
                #expect(whole.difference(viaMask, limit: 10) == 0)
                // One unit less is a difference of one, whatever the storage.
                let dropOne = all.indices.map { $0 != 1 }
                let fewer = ids.withUnsafeBufferPointer { p in dropOne.withUnsafeBufferPointer { m in
                    v.map { vv in vv.withUnsafeBufferPointer { UnitSample(unitType: "PERSON", ids: p, idStrings: nil, mask: m, values: $0, universe: ids) } }
                        ?? UnitSample(unitType: "PERSON", ids: p, idStrings: nil, mask: m, values: nil, universe: ids) } }
                #expect(whole.difference(fewer, limit: 10) == 1)
            }
        }
    }
}
