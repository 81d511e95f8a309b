/// Pairwise comparisons of group means after a one-way ANOVA, as Stata's
/// `oneway y g, bonferroni scheffe sidak`: every pair i < j of the k groups, the difference
/// ȳⱼ − ȳᵢ and t = (ȳⱼ − ȳᵢ)/√(MSE·(1/nᵢ + 1/nⱼ)) on the within df N − k, with MSE the
/// pooled within-group mean square. The p-values differ only in the multiplicity adjustment
/// over m = k(k − 1)/2 comparisons:
/// - Bonferroni: min(1, m·p), p the two-sided t p-value;
/// - Šidák: 1 − (1 − p)^m, computed as −expm1(m·log1p(−p)) so small p keep their digits;
/// - Scheffé: P(F(k − 1, N − k) > t²/(k − 1));
/// - Tukey (HSD, Tukey–Kramer for unequal n; Stata's `pwcompare, mcompare(tukey)`, R's
///   `TukeyHSD`): P(Q(k, N − k) > |t|·√2), Q the studentized range (StudentizedRange.swift).
extension ANOVA {
    public struct Comparison: Sendable, Equatable {
        /// Indices of the two groups (i < j, in the oneway's group order).
        public let first: Int
        public let second: Int
        /// ȳ_second − ȳ_first (Stata's "Row Mean − Col Mean" with the later group as the row).
        public let difference: Double
        public let standardError: Double
        public let t: Double
        public let unadjustedPValue: Double
        public let bonferroni: Double
        public let sidak: Double
        public let scheffe: Double
        public let tukey: Double
    }

    public static func pairwiseComparisons(_ a: OneWay) -> [Comparison] {
        let k = a.groupMeans.count
        let dfw = Double(a.withinDegreesOfFreedom)
        let mse = a.withinSumOfSquares / dfw
        let m = Double(k * (k - 1) / 2)
        var out: [Comparison] = []
        for i in 0..<k {
            for j in (i + 1)..<k {
                let d = a.groupMeans[j] - a.groupMeans[i]
                let se = (mse * (1 / Double(a.groupCounts[i]) + 1 / Double(a.groupCounts[j]))).squareRoot()
                let t = d / se
                let p = min(1, 2 * StudentT.survival(abs(t), degreesOfFreedom: dfw))
                out.append(Comparison(first: i, second: j, difference: d, standardError: se, t: t, unadjustedPValue: p,
                                      bonferroni: min(1, m * p), sidak: min(1, -_expm1(m * _log1p(-p))),
                                      scheffe: FDistribution.survival(t * t / Double(k - 1), Double(k - 1), dfw),
                                      tukey: StudentizedRange.survival(abs(t) * 2.0.squareRoot(), groups: k, degreesOfFreedom: dfw)))
            }
        }
        return out
    }
}

/// The multiplicity adjustments of Stata's `oneway` and Tukey's HSD, with their simultaneous
/// intervals: ȳⱼ − ȳᵢ ± c·se, where c is the t (Scheffé, studentized range) value at which the
/// adjusted p equals 1 − level.
public enum PostHocMethod: String, CaseIterable, Sendable {
    case bonferroni, scheffe, sidak, tukey

    public func pValue(_ c: ANOVA.Comparison) -> Double {
        switch self {
        case .bonferroni: return c.bonferroni
        case .scheffe: return c.scheffe
        case .sidak: return c.sidak
        case .tukey: return c.tukey
        }
    }

    /// c for k groups and the within df: Bonferroni t at α/(2m), Šidák t at (1 − level^{1/m})/2,
    /// Scheffé √((k − 1)·F_{level}(k − 1, df)), Tukey q_{level}(k, df)/√2.
    public func criticalValue(groups k: Int, degreesOfFreedom df: Double, level: Double) -> Double {
        let m = Double(k * (k - 1) / 2)
        switch self {
        case .bonferroni:
            return StudentT.quantile(1 - (1 - level) / (2 * m), degreesOfFreedom: df)
        case .sidak:
            let alpha = -_expm1(_log(level) / m)
            return StudentT.quantile(1 - alpha / 2, degreesOfFreedom: df)
        case .scheffe:
            return (Double(k - 1) * FDistribution.quantile(level, Double(k - 1), df)).squareRoot()
        case .tukey:
            return StudentizedRange.quantile(level, groups: k, degreesOfFreedom: df) / 2.0.squareRoot()
        }
    }
}
