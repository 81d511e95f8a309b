import Foundation

/// The excess (cancer-specific) hazard of death after diagnosis: a Weibull proportional-hazards
/// model, `h(t | stage, age, sex) = h0_site,sex(t) · HR_stage · HR_age^((age − median)/10) · HR_sex`.
///
/// The baseline level of each site and sex is solved once so that the population's 5-year
/// relative survival (= exp(−excess cumulative hazard), averaged over the stage mix and the age
/// distribution) equals the registry figure. Background mortality comes from the skeleton, so
/// relative survival is what the excess hazard alone implies.
struct CancerHazards: Sendable {
    /// Cumulative excess hazard at 5 years for stage I at the site's median age, by site and sex.
    let base5y: [[Double]]

    init() {
        let quantiles = (0..<15).map { Samplers.inverseNormal((Double($0) + 0.5) / 15) }
        var base: [[Double]] = []
        for site in CancerTables.allSites {
            func survival(_ h: Double, female: Bool, sexHR: Double) -> Double {
                let median = female ? site.medianAge.women : site.medianAge.men
                var total = 0.0
                for (s, p) in site.stageMix.enumerated() where p > 0 {
                    var acc = 0.0
                    for z in quantiles {
                        let age = min(99.5, max(0.2, median + site.ageSD * z))
                        acc += PortableMath.exp(-h * site.stageHR[s] * PortableMath.pow(site.ageHRPer10y, (age - median) / 10) * sexHR)
                    }
                    total += p * acc / Double(quantiles.count)
                }
                return total / site.stageMix.reduce(0, +)
            }
            func solve(target: Double, female: Bool, sexHR: Double) -> Double {
                var lo = 1e-6, hi = 50.0
                for _ in 0..<80 {
                    let mid = (lo * hi).squareRoot()
                    if survival(mid, female: female, sexHR: sexHR) > target { lo = mid } else { hi = mid }
                }
                return (lo * hi).squareRoot()
            }
            let men = solve(target: site.survival5y.men, female: false, sexHR: 1)
            let women = site.femaleHR.map { men * $0 }
                ?? solve(target: site.survival5y.women, female: true, sexHR: 1)
            base.append([men, women])
        }
        base5y = base
    }

    /// Years from diagnosis to death from the cancer, given an Exp(1) draw (∞-like if cured).
    @inline(__always)
    func excessYears(site: Int, female: Bool, stage: Int, age: Double, exp1: Double) -> Double {
        let s = CancerTables.allSites[site]
        let median = female ? s.medianAge.women : s.medianAge.men
        let h = base5y[site][female ? 1 : 0] * s.stageHR[stage] * PortableMath.pow(s.ageHRPer10y, (age - median) / 10)
        // Λ(t) = h · (t/5)^k  ⇒  t = 5 · (E/h)^(1/k)
        return 5 * PortableMath.pow(exp1 / h, 1 / CancerTables.weibullShape)
    }
}
