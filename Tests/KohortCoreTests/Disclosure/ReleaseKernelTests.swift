import Foundation
import Testing
@testable import KohortCore
import Statistics

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

    /// Counts and key sums of each bin by the division, for keys of any width (a NaN counts
    /// in the last bin: it fails every compare of the clamp).
    func divisionBins<Key: FixedWidthInteger & UnsignedInteger>(_ x: [Double], _ keys: [Key], low: Double, high: Double, width: Double, bins: Int) -> CellKeyAccumulator {
        var acc = CellKeyAccumulator(cells: bins)
        for (v, k) in zip(x, keys) {
            let b = v.isNaN ? bins - 1 : min(bins - 1, max(0, Int((min(max(v, low), high) - low) / width)))
            acc.add(cell: b, recordKey: UInt64(k))
        }
        return acc
    }

    /// Per-bin key sums (not only counts) on adversarial columns: keys up to UInt32.max, long
    /// runs of one value in one bin (more rows than a packed slot holds between two flushes),
    /// a pile-up at the lower cut point, values far beyond both ends, NaN, ±0, and 64-bit keys
    /// (the unpacked path).
    @Test func binKeySumsAreTheDivisionsOnAdversarialColumns() {
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        let n = 300_000
        let columns: [(name: String, x: [Double], low: Double, high: Double, bins: Int)] = [
            ("wage-like", (0..<n).map { _ in uniform() < 0.5 ? 0 : (400_000 * exp(uniform())).rounded() }, 0, 1_100_000, 50),
            ("one value in a middle bin", [Double](repeating: 512_345, count: n), 0, 1_000_000, 50),
            ("all below low", [Double](repeating: -3, count: n), 0, 1, 20),
            ("all above high", [Double](repeating: 1e300, count: n), -1e6, 1e6, 199),
            ("negative, huge and special", (0..<n).map { i in
                switch i % 7 { case 0: -.infinity; case 1: .infinity; case 2: .nan; case 3: -0.0; case 4: -1e308; default: -50 + 100 * uniform() } }, -40, 40, 16),
            ("tiny range", (0..<n).map { _ in 1e-9 + 2e-9 * uniform() }, 1e-9, 3e-9, 200),
            ("one bin", (0..<n).map { _ in uniform() }, 0, 1, 1),
        ]
        for c in columns {
            let width = (c.high - c.low) / Double(c.bins)
            // Largest keys, and random ones.
            let narrow = (0..<c.x.count).map { i in i % 3 == 0 ? UInt32.max : UInt32(truncatingIfNeeded: next()) }
            let acc = ReleaseNumerics.binCounts(c.x, recordKeys: narrow, low: c.low, high: c.high, width: width, bins: c.bins)
            #expect(acc == divisionBins(c.x, narrow, low: c.low, high: c.high, width: width, bins: c.bins), "\(c.name)")
            let wide = (0..<c.x.count).map { _ in next() }
            let accWide = ReleaseNumerics.binCounts(c.x, recordKeys: wide, low: c.low, high: c.high, width: width, bins: c.bins)
            #expect(accWide == divisionBins(c.x, wide, low: c.low, high: c.high, width: width, bins: c.bins), "\(c.name), 64-bit keys")
        }
        // A small column (one part) and an odd count (the last unpaired row).
        let x = [0, 5, 9.99, 10, 10.01, 3, .infinity], keys: [UInt32] = [1, 2, 3, 4, 5, 6, UInt32.max]
        #expect(ReleaseNumerics.binCounts(x, recordKeys: keys, low: 0, high: 10, width: 2.5, bins: 4) == divisionBins(x, keys, low: 0, high: 10, width: 2.5, bins: 4))
    }

    /// The histogram's cut points from `TailSelection` (no profile, no moments: the path a
    /// histogram without `normal` takes) against the bucketed selection and a sort, and the
    /// released bins of both paths.
    @Test func cutPointsFromTheTailsAreTheBucketSelections() throws {
        var state: UInt64 = 21
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        let n = 200_000
        let columns: [(String, [Double])] = [
            ("wage-like", (0..<n).map { _ in next() < 0.5 ? 0 : (3e5 * exp(next())).rounded() }),
            ("negative", (0..<n).map { _ in -1e4 * exp(3 * next()) }),
            ("huge and infinite", (0..<n).map { i in i == 17 ? .infinity : i == 18 ? -.infinity : (next() - 0.5) * 1e300 }),
            ("one value", [Double](repeating: 3, count: n)),
            ("signed zeros", (0..<n).map { i in next() < 0.6 ? (i % 2 == 0 ? -0.0 : 0.0) : next() }),
        ]
        for (name, x) in columns {
            for percent in [1.0, 5.0] {
                let tails = TailSelection(x, ranks: WinsorSelection.ranks(count: n, percent: percent, levels: []))
                #expect(tails?.values != nil, "\(name): the tails path is taken")
                let viaTails = WinsorSelection(x, percent: percent, levels: [], moments: false)
                let viaProfile = WinsorSelection(x, percent: percent, levels: [], profile: BucketProfile(x, moments: false))
                let viaSort = ReleaseNumerics.winsorCuts(sorted: x.sorted(), percent: percent)
                #expect(viaTails.low == viaProfile.low && viaTails.high == viaProfile.high, "\(name) \(percent)")
                #expect(viaTails.low == viaSort.low && viaTails.high == viaSort.high, "\(name) \(percent)")
            }
            let keys = (0..<n).map { UInt32(truncatingIfNeeded: $0 &* 2654435761) }
            var a = RawHistogram(variable: "x", values: x, narrowKeys: keys, bins: .count(50), scale: .frequency)
            a.tails = TailSelection(x, ranks: WinsorSelection.ranks(count: n, percent: DisclosurePolicy.default.winsorPercent, levels: []))
            var b = RawHistogram(variable: "x", values: x, narrowKeys: keys, bins: .count(50), scale: .frequency)
            b.profile = BucketProfile(x, moments: false)
            let ra = try? Release.histogram(a, policy: .default, command: "histogram x", line: 1)
            let rb = try? Release.histogram(b, policy: .default, command: "histogram x", line: 1)
            guard case .histogram(let ha)? = ra?.payload, case .histogram(let hb)? = rb?.payload else {
                #expect(ra == nil && rb == nil, "\(name): both refused or neither"); continue
            }
            #expect(ha.bins == hb.bins && ha.n == hb.n, "\(name)")
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
