import Foundation
import Testing
@testable import Statistics

/// The sampled bucket map decides only speed: order statistics must be those of a full sort
/// and the clamped moments those of a direct sum, whatever the sample saw.
@Suite struct BucketSelectionTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Columns the sample misrepresents on purpose, next to wage-like and date-like ones.
    func columns() -> [(String, [Double])] {
        var g = Generator(state: 11)
        let n = 150_000
        var wages = (0..<n).map { _ in g.next() < 0.5 ? 0 : 1e5 * exp(2 * g.next()) }
        wages[77] = 5e8                       // beyond any sample's maximum
        var below = (0..<n).map { _ in 100 + g.next() }
        for i in stride(from: 3, to: n, by: 997) { below[i] = -g.next() * 1e6 }   // below the sampled minimum, between the sampled runs
        var ascending = (0..<n).map { Double($0) }
        ascending[n - 1] = .infinity
        ascending[1000] = -.infinity          // not in a sampled run either
        let twoValues = (0..<n).map { _ in g.next() < 0.3 ? 1.0 : 0.0 }
        let dates = (0..<n).map { _ in 19_000 + 365 * g.next() }
        // Ties of a value other than the minimum, piled up in one bucket.
        let ties = (0..<n).map { _ in g.next() < 0.6 ? 42.0 : 40 + 10 * g.next() }
        var signedZeros = (0..<n).map { _ in g.next() < 0.5 ? 0.0 : g.next() }
        for i in stride(from: 0, to: n, by: 3) where signedZeros[i] == 0 { signedZeros[i] = -0.0 }
        return [("wages", wages), ("below", below), ("ascending", ascending), ("two values", twoValues),
                ("dates", dates), ("ties", ties), ("signed zeros", signedZeros)]
    }

    @Test func orderStatisticsAreThoseOfASort() throws {
        for (name, x) in columns() {
            let made = BucketProfile(x, moments: true)
            try #require(made != nil, "\(name)")
            let profile = made!
            #expect(!profile.hasNaN)
            let n = x.count
            let ranks = [0, 1, 2, n / 100, n / 100 + 1, n / 4, n / 2, n / 2 + 1, 3 * n / 4, n - n / 100, n - 3, n - 2, n - 1]
            let s = BucketSelection(x, profile: profile, ranks: ranks)
            let sorted = x.sorted()
            // == treats −0.0 and 0.0 alike, as every comparison in the selection does.
            let same = s.values == ranks.map { sorted[$0] }
            #expect(same, "\(name)")
            // Only extreme ranks (a histogram's cut points): the gather reads just the rows
            // beyond a threshold, and those below `hot` when the lowest are wanted.
            for extreme in [[n - n / 100, n - n / 100 + 1, n - 2], [0, 1, n - 2, n - 1], [n - 1]] {
                let e = BucketSelection(x, profile: profile, ranks: extreme)
                let same = e.values == extreme.map { sorted[$0] }
                #expect(same, "\(name) \(extreme)")
            }
        }
    }

    @Test func clampedMomentsAreTheDirectSums() throws {
        for (name, x) in columns() where !x.contains(where: { $0.isInfinite }) {
            let profile = try #require(BucketProfile(x, moments: true))
            let sorted = x.sorted()
            let n = x.count
            // Cut points at order statistics (as winsorising makes them) and between two.
            for (a, b) in [(n / 100, n - 1 - n / 100), (1, n - 2), (n / 3, n / 3 + 1)] {
                let low = sorted[a], high = (sorted[b] + sorted[min(n - 1, b + 1)]) / 2
                let s = BucketSelection(x, profile: profile, ranks: [a, b, min(n - 1, b + 1), n / 2])
                // The shift WinsorSelection uses: the winsorised median, inside the cut points.
                let shift = min(max(s.values[3], low), high)
                // Compensated (Neumaier) sums: the reference must be more accurate than both.
                var ds = 0.0, cs = 0.0, dq = 0.0, cq = 0.0
                func add(_ a: inout Double, _ c: inout Double, _ t: Double) {
                    let u = a + t
                    c += abs(a) >= abs(t) ? (a - u) + t : (t - u) + a
                    a = u
                }
                for v in x { let d = min(max(v, low), high) - shift; add(&ds, &cs, d); add(&dq, &cq, d * d) }
                ds += cs; dq += cq
                let m = try #require(s.clampedMoments(low: low, high: high, shift: shift), "\(name) \(a) \(b)")
                // Compensated here, so within a few ulps (a plain sum over the column is ~1e-14).
                #expect(abs(m.sum - ds) <= 1e-14 * max(abs(ds), (dq * Double(n)).squareRoot()), "\(name) \(a) \(b)")
                #expect(abs(m.squares - dq) <= 1e-14 * dq, "\(name) \(a) \(b)")
            }
        }
    }

    @Test func momentsDeclineWhenTheBucketTermsWouldCancel() throws {
        // 98 % of the values in a cluster far narrower than a bucket (an outlier stretches the
        // bucket map), 1 % a few buckets below and above it at the cut points. Unless the
        // cluster's bucket is gathered, its terms (offsets of most of a bucket width, squared)
        // would cancel down to its tiny spread, well beyond what the rest of Σd² absorbs.
        var g = Generator(state: 3)
        var x = (0..<100_000).map { i in i % 100 == 7 ? 6e8 : i % 100 == 8 ? 8e8 : 7e8 + 1e-6 * g.next() }
        x[9000] = 1e12
        let profile = try #require(BucketProfile(x, moments: true))
        let s = BucketSelection(x, profile: profile, ranks: [500, 99_000])
        #expect(s.values == [6e8, 8e8])
        #expect(s.clampedMoments(low: 6e8, high: 8e8, shift: 7e8) == nil)
        // With a rank inside the cluster its bucket is gathered and the moments are exact.
        let t = BucketSelection(x, profile: profile, ranks: [500, 50_000, 99_000])
        let m = try #require(t.clampedMoments(low: 6e8, high: 8e8, shift: 7e8))
        var q = 0.0
        for v in x { let d = min(max(v, 6e8), 8e8) - 7e8; q += d * d }
        #expect(abs(m.squares - q) <= 1e-14 * q)
    }

    @Test func nanIsReportedAndSmallColumnsGetNoProfile() {
        var x = (0..<100_000).map(Double.init)
        x[12_345] = .nan
        #expect(BucketProfile(x, moments: false)?.hasNaN == true)
        #expect(BucketProfile(x, moments: true)?.hasNaN == true)
        #expect(BucketProfile(Array(x.prefix(1000)), moments: false) == nil)
    }

    @Test func aSampleWithoutSpreadStillSelectsExactly() throws {
        // Every sampled value is 3; the few others lie far off on both sides.
        var x = [Double](repeating: 3, count: 100_000)
        // Rows 200 … 263 of every 390 are between the sampled runs (256 runs of 64, 390 apart).
        for r in stride(from: 0, to: 256, by: 13) { x[390 * r + 200] = r % 2 == 0 ? 1e9 * Double(r + 1) : -1e-3 * Double(r) }
        #expect(BucketProfile.sampleRange(x) == (3, 3))
        let sorted = x.sorted(), n = x.count
        let ranks = [0, 1, 2, 10, n / 2, n - 12, n - 3, n - 2, n - 1]
        let profile = try #require(BucketProfile(x, moments: true))
        let s = BucketSelection(x, profile: profile, ranks: ranks)
        let same = s.values == ranks.map { sorted[$0] }
        #expect(same)
        #expect(Percentiles.orderStatistics(x, ranks: ranks) == ranks.map { sorted[$0] })
    }
}
