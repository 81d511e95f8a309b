import Foundation

/// The demographic figures the skeleton is calibrated to, kept apart from the sampling code so
/// a reviewer can check them against calibration.md in one place.
public enum PopulationTables {
    // MARK: Sourced totals (calibration.md §1)
    public static let births2024 = 54_013.0
    public static let deaths2024 = 44_242.0
    public static let immigration2024 = 66_082.0
    public static let emigration2024 = 31_999.0
    public static let immigrantShare2024 = 931_081.0 / 5_550_203.0 // 16.8 %
    /// 2025 flows are not in calibration.md: recalled approximations (**unsourced**).
    public static let births2025 = 53_500.0
    public static let immigration2025 = 60_000.0

    /// Deaths per year that the cancer module adds on top of background mortality. Measured on
    /// the generated data (full size, default seed: ≈ 13 200 excess deaths in 2024; Norway
    /// records ≈ 11 000 cancer deaths a year, **unsourced**). Background deaths are calibrated
    /// to the rest so the 2024 total stays near the sourced 44 242.
    public static let cancerDeathsPerYear = 13_200.0

    /// Residents 1 Jan 2024 by 5-year age group (0–4 … 95–99, 100+), thousands, both sexes.
    /// A recalled reconstruction (**unsourced**) checked against the sourced 2021 shares
    /// (0–19 23 %, 20–39 27 %, 40–59 27 %, 60–79 19 %, 80+ 4 %) and FoB2011.
    static let ageGroups: [Double] = [276, 300, 325, 330, 345, 370, 385, 375, 365, 370, 375,
                                      360, 330, 295, 275, 225, 140, 78, 35, 9, 1.2]
    /// Share male in each 5-year group (boys outnumber girls at birth; labour immigration adds
    /// men at working ages; women outlive men).
    static let maleShare: [Double] = [0.513, 0.513, 0.513, 0.515, 0.517, 0.518, 0.518, 0.516, 0.514,
                                      0.512, 0.510, 0.506, 0.502, 0.497, 0.487, 0.472, 0.447,
                                      0.410, 0.350, 0.290, 0.200]
    public static let maxAge = 105

    /// Weights over `sex × age` cells, index `sexIndex * (maxAge+1) + age` (sex 0 male, 1 female).
    public static let ageSexWeights: [Double] = {
        var w = [Double](repeating: 0, count: 2 * (maxAge + 1))
        for age in 0...maxAge {
            let g = min(age / 5, ageGroups.count - 1)
            let span = g == ageGroups.count - 1 ? Double(maxAge - 100 + 1) : 5
            // Smooth the top open group downward so centenarians are rare.
            let taper = age >= 100 ? PortableMath.pow(0.6, Double(age - 100)) * 2.0 : 1
            let perYear = ageGroups[g] / span * taper
            w[age] = perYear * maleShare[g]
            w[maxAge + 1 + age] = perYear * (1 - maleShare[g])
        }
        return w
    }()

    /// Share foreign-born by age on 1 Jan 2024 before rescaling (shape **unsourced**; the
    /// level is rescaled so the total is exactly the sourced 16.8 %).
    static let immigrantShapeByDecade: [Double] = [0.05, 0.10, 0.24, 0.32, 0.27, 0.18, 0.10, 0.06, 0.04, 0.03, 0.03]

    public static let immigrantShareByAge: [Double] = {
        let w = ageSexWeights
        var raw = [Double](repeating: 0, count: maxAge + 1)
        var num = 0.0, den = 0.0
        for age in 0...maxAge {
            raw[age] = immigrantShapeByDecade[min(age / 10, immigrantShapeByDecade.count - 1)]
            let n = w[age] + w[maxAge + 1 + age]
            num += n * raw[age]; den += n
        }
        let k = immigrantShare2024 / (num / den)
        return raw.map { min(0.95, $0 * k) }
    }()

    // MARK: Countries of birth
    /// Largest countries of birth of immigrants, 2024 (the first six sourced, calibration.md
    /// §1; the next fourteen recalled, **unsourced**), with SSB 3-digit country codes from the
    /// catalogue's land.tsv. Index 0 is Norway (000). Everyone else (≈ 374 000) is spread
    /// evenly over the remaining codes of the list (`CodeListData.otherCountries`).
    static let listedCountries: [(code: String, name: String, count: Double)] = [
        ("000", "Norge", 0), ("131", "Polen", 109_654), ("148", "Ukraina", 65_566), ("136", "Litauen", 42_733),
        ("564", "Syria", 38_708), ("106", "Sverige", 36_612), ("346", "Somalia", 27_665),
        ("144", "Tyskland", 26_000), ("241", "Eritrea", 25_000), ("428", "Filippinene", 24_000),
        ("452", "Irak", 22_000), ("101", "Danmark", 21_000), ("404", "Afghanistan", 20_000),
        ("534", "Pakistan", 20_000), ("568", "Thailand", 19_000), ("456", "Iran", 18_000),
        ("133", "Romania", 17_000), ("444", "India", 15_000), ("140", "Russland", 15_000),
        ("575", "Vietnam", 14_000), ("124", "Latvia", 13_000),
    ]
    /// All country codes by dense index (the `country` column's values).
    public static let countryCodes: [String] = listedCountries.map(\.code) + CodeListData.otherCountries.map(\.0)
    public static let countryNames: [String] = listedCountries.map(\.name) + CodeListData.otherCountries.map(\.1)
    public static let ukraineIndex: UInt8 = 2
    public static let countrySampler: AliasTable = {
        let listed = listedCountries.reduce(0) { $0 + $1.count }
        let others = CodeListData.otherCountries.count
        let each = (931_081 - listed) / Double(others)
        return AliasTable(weights: listedCountries.map(\.count) + [Double](repeating: each, count: others))
    }()

    // MARK: Arrival years of 1 Jan 2024's immigrants
    /// Gross immigration per year excluding the 2022–23 Ukrainian refugees (anchors recalled,
    /// **unsourced**: the 2006–2016 labour-migration wave peaks at ≈ 79 000 in 2011), times a
    /// retention of exp(−years/25) for still living in Norway on 1 Jan 2024.
    static let immigrationAnchors: [(Int, Double)] = [(1950, 3_000), (1960, 5_000), (1970, 12_000), (1980, 15_000),
                                                      (1990, 15_000), (2000, 27_000), (2005, 40_000), (2008, 66_000),
                                                      (2011, 79_000), (2015, 67_000), (2017, 58_000), (2019, 52_000),
                                                      (2020, 38_000), (2021, 53_000), (2022, 60_000), (2023, 50_000)]
    public static let arrivalYearFirst = 1950
    public static let arrivalYearSampler: AliasTable = AliasTable(weights: (arrivalYearFirst...2023).map { y in
        interpolate(immigrationAnchors, y) * PortableMath.exp(-Double(2023 - y) / 25)
    })

    // MARK: History 1964–2023 (anchors interpolated linearly; **unsourced** except 2024)
    static let deathAnchors: [(Int, Double)] = [(1964, 36_000), (1970, 40_000), (1980, 43_000), (1990, 46_000),
                                                (2000, 44_000), (2010, 41_500), (2020, 40_600), (2022, 45_800),
                                                (2023, 43_800), (2024, deaths2024)]
    /// Emigrants who did not return (≈80 % of gross emigration).
    static let emigrationAnchors: [(Int, Double)] = [(1964, 12_000), (1980, 12_000), (1990, 12_000), (2000, 21_000),
                                                     (2010, 25_000), (2015, 30_000), (2020, 21_000), (2023, 25_000)]

    static func interpolate(_ anchors: [(Int, Double)], _ year: Int) -> Double {
        if year <= anchors[0].0 { return anchors[0].1 }
        for i in 1..<anchors.count where year <= anchors[i].0 {
            let (y0, v0) = anchors[i - 1], (y1, v1) = anchors[i]
            return v0 + (v1 - v0) * Double(year - y0) / Double(y1 - y0)
        }
        return anchors[anchors.count - 1].1
    }

    public static func deaths(year: Int) -> Double { interpolate(deathAnchors, year) }
    public static func permanentEmigrants(year: Int) -> Double { interpolate(emigrationAnchors, year) }

    // MARK: Mortality
    /// Gompertz slope of the background hazard `a·exp(b·age)` per year of age.
    public static let gompertzB = 0.13
    /// Women's hazard relative to men's at the same age.
    public static let femaleHazardRatio = 0.62

    /// Male Gompertz level `a`, solved so that expected background deaths in 2024 among the
    /// 1 Jan 2024 residents equal `deaths2024 − cancerDeathsPerYear`.
    public static let gompertzA: Double = {
        let w = ageSexWeights
        let total = w.reduce(0, +)
        let n = Double(SyntheticConfig.fullResidents)
        let target = deaths2024 - cancerDeathsPerYear
        func expected(_ a: Double) -> Double {
            var d = 0.0
            for s in 0..<2 {
                let hr = s == 0 ? 1.0 : femaleHazardRatio
                for age in 0...maxAge {
                    let x = Double(age) + 0.5
                    let cum = a * hr * PortableMath.exp(gompertzB * x) * (PortableMath.exp(gompertzB) - 1) / gompertzB
                    d += w[s * (maxAge + 1) + age] / total * n * (1 - PortableMath.exp(-cum))
                }
            }
            return d
        }
        var lo = 1e-8, hi = 1e-2
        for _ in 0..<100 {
            let mid = (lo * hi).squareRoot()
            if expected(mid) < target { lo = mid } else { hi = mid }
        }
        return (lo * hi).squareRoot()
    }()

    /// Years until death from Gompertz hazard `a·hr·exp(b·(x+t))`, given alive at age `x`.
    @inline(__always)
    public static func gompertzTime(age x: Double, hazardRatio hr: Double, uniform u: Double) -> Double {
        let a = gompertzA * hr * PortableMath.exp(gompertzB * x)
        return PortableMath.log(1 - gompertzB * PortableMath.log(u) / a) / gompertzB
    }

    /// Yearly emigration probability of 1 Jan 2024 residents: immigrants leave ten times as
    /// often as the Norwegian-born; the level is solved to give 31 999 emigrants in 2024.
    public static let emigrationRateNative: Double = {
        let imm = immigrantShare2024
        return emigration2024 / Double(SyntheticConfig.fullResidents) / (imm * 10 + (1 - imm))
    }()
    public static var emigrationRateImmigrant: Double { emigrationRateNative * 10 }
}
