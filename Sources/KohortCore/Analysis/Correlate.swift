import Foundation
import Statistics

/// `correlate x y … [, covariance pairwise obs sig]`: Stata's `correlate` (listwise; with
/// `covariance` the covariance matrix) and `pwcorr` (`pairwise`: each pair on its own complete
/// cases, `obs` each pair's N, `sig` each pair's p). Every sample a number rests on — the
/// complete cases, or each pair's — passes the population rule and is named to the query audit.
extension Summaries {
    static func correlate(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = try variables(c)
        guard names.count >= 2 else { throw c.error("correlate needs at least two variables") }
        if c.has("covariance") {
            if c.has("pairwise") { throw c.error("correlate, covariance is listwise (as Stata's correlate); pairwise is for correlations") }
            if c.has("sig") { throw c.error("correlate, covariance has no sig: significance is for correlations") }
            return [try covariance(c, names)]
        }
        if c.has("pairwise") { return [try pairwise(c, names)] }
        let mask = try c.mask(complete: names)
        try c.checkPopulation(mask)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        c.audit(mask)
        let columns = try names.map { try c.numbers($0).selected(mask, count: n) }
        var results = [try Release.correlation(RawCorrelation(variables: names, columns: columns, keySum: c.keySum(mask)),
                                               policy: c.policy, command: c.source, line: c.line)]
        // sig: p-values from the *released* correlations and the released N, so they carry
        // nothing the table does not. (`obs` adds nothing listwise: N is shown.)
        if c.has("sig"), case .correlation(let rc) = results[0].payload, let n = rc.n {
            var lines = ["Significance (two-sided p of each correlation, from the released r and N):"]
            for i in names.indices {
                for j in names.indices where j < i {
                    guard let r = rc.matrix[i][j] else { continue }
                    lines.append(String(format: "%@ – %@: p = %.4f", names[i], names[j], Correlation.significance(r: r, observations: n)))
                }
            }
            results.append(c.message(lines.joined(separator: "\n")))
        }
        return results
    }

    /// Exact covariances of the complete cases, under the model rules (Release.covariance).
    static func covariance(_ c: AnalysisContext, _ names: [String]) throws -> ReleasedResult {
        let mask = try c.mask(complete: names)
        try c.checkPopulation(mask)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let columns = try names.map { try c.numbers($0).selected(mask, count: n) }
        // A 0/1 variable's covariances give its small group's mean, as a dummy's coefficient
        // would: both values need minimum_category_units units, as in a model.
        let counts = zip(names, columns).flatMap { name, x in
            x.allSatisfy { $0 == 0 || $0 == 1 } ? Models.binaryCounts(name, x) : []
        }
        let cov = try Correlation.listwise(columns).covariance
        let raw = RawCovariance(variables: names, matrix: names.indices.map { i in names.indices.map { cov[i, $0] } },
                                n: n, keySum: c.keySum(mask), categoryCounts: counts)
        let released = try Release.covariance(raw, policy: c.policy, command: c.source, line: c.line)
        c.audit(mask)
        return released
    }

    /// Each pair on the rows (after the `if` condition) where both are non-missing; the
    /// diagonal on the variable's own non-missing rows (its N, with `obs`). Every pair's sample
    /// is audited, so two pairs — or a pair and an earlier statistic — whose samples differ by
    /// 1 … minimum_sample_difference − 1 units are refused like any two statistics.
    static func pairwise(_ c: AnalysisContext, _ names: [String]) throws -> ReleasedResult {
        let base = try c.mask(complete: [])
        let columns = try names.map { try c.numbers($0) }
        var pairs: [RawPairwiseCorrelation.Pair] = []
        for i in names.indices {
            for j in i..<names.count {
                let x = columns[i], y = columns[j]
                var mask = base
                for k in mask.indices where mask[k] && (x[k].isNaN || y[k].isNaN) { mask[k] = false }
                try c.checkPopulation(mask)
                let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
                pairs.append(.init(i: i, j: j, x: x.selected(mask, count: n), y: y.selected(mask, count: n), keySum: c.keySum(mask)))
                if i != j { c.audit(mask) }
            }
        }
        return try Release.pairwiseCorrelation(RawPairwiseCorrelation(variables: names, pairs: pairs, observations: c.has("obs"),
                                                                      significance: c.has("sig")),
                                               policy: c.policy, command: c.source, line: c.line)
    }
}
