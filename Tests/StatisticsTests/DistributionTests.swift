import Foundation
import Testing
@testable import Statistics

/// Every distribution function against R at many points (Fixtures/distributions.csv, made by
/// Tests/reference/statistics/distributions.R). Relative tolerance with a tiny absolute floor,
/// so that tails are checked to relative precision too.
@Suite struct DistributionTests {
    struct Row { let fn: String; let x, a, b, value: Double }

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: Fixture.url("distributions", "csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let c = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            return Row(fn: c[0], x: Double(c[1])!, a: Double(c[2]) ?? .nan, b: Double(c[3]) ?? .nan, value: Double(c[4])!)
        }
    }

    static func evaluate(_ r: Row) -> Double {
        switch r.fn {
        case "pnorm": return Normal.cdf(r.x)
        case "pnorm_upper": return Normal.survival(r.x)
        case "qnorm": return Normal.quantile(r.x)
        case "pt": return StudentT.cdf(r.x, degreesOfFreedom: r.a)
        case "pt_upper": return StudentT.survival(r.x, degreesOfFreedom: r.a)
        case "qt": return StudentT.quantile(r.x, degreesOfFreedom: r.a)
        case "pchisq": return ChiSquared.cdf(r.x, degreesOfFreedom: r.a)
        case "pchisq_upper": return ChiSquared.survival(r.x, degreesOfFreedom: r.a)
        case "qchisq": return ChiSquared.quantile(r.x, degreesOfFreedom: r.a)
        case "pf": return FDistribution.cdf(r.x, r.a, r.b)
        case "pf_upper": return FDistribution.survival(r.x, r.a, r.b)
        case "qf": return FDistribution.quantile(r.x, r.a, r.b)
        case "pbeta": return SpecialFunctions.betaI(r.x, 1 - r.x, r.a, r.b)
        case "pgamma": return SpecialFunctions.gammaP(r.a, r.x)
        case "lgamma": return SpecialFunctions.logGamma(r.x)
        default: Issue.record("unknown function \(r.fn)"); return .nan
        }
    }

    @Test func matchesR() throws {
        let rows = try Self.rows()
        #expect(rows.count > 1000)
        var worst: [String: Double] = [:]
        for r in rows {
            let v = Self.evaluate(r)
            let err = abs(v - r.value) / max(abs(r.value), 1e-290)
            worst[r.fn] = max(worst[r.fn] ?? 0, err)
            // The fixture holds 15 significant digits; 1e-11 leaves room for R's own last bits.
            #expect(err <= 1e-11, "\(r.fn)(\(r.x), \(r.a), \(r.b)) = \(v), R: \(r.value)")
        }
        if ProcessInfo.processInfo.environment["STATS_VERBOSE"] != nil { print(worst.sorted { $0.key < $1.key }) }
    }

    @Test func quantilesInvertTheirCdfs() {
        for p in [1e-12, 0.01, 0.3, 0.5, 0.77, 0.999] {
            #expect(close(Normal.cdf(Normal.quantile(p)), p, rel: 1e-13))
            #expect(close(StudentT.cdf(StudentT.quantile(p, degreesOfFreedom: 7), degreesOfFreedom: 7), p, rel: 1e-12))
            #expect(close(ChiSquared.cdf(ChiSquared.quantile(p, degreesOfFreedom: 4), degreesOfFreedom: 4), p, rel: 1e-12))
            #expect(close(FDistribution.cdf(FDistribution.quantile(p, 3, 40), 3, 40), p, rel: 1e-12))
        }
    }
}
