import Foundation

/// The 15 counties and 357 municipalities of Norway in 2024, with realistic sizes.
///
/// The county list and the municipality count (357) are sourced (calibration.md §1); the codes
/// and names are the catalogue's own code list (KLASS 131, valid 1 Jan 2024). County
/// populations and the sizes of the ~45 named municipalities are recalled approximations
/// (**unsourced**, see docs/synthetic-truth.md); the other municipalities share their county's
/// remainder with Zipf-like sizes.
public struct Geography: Sendable {
    public struct County: Sendable {
        public let code: Int
        public let name: String
        public let population2024: Double
        public let municipalityCount: Int
    }

    public static let counties: [County] = [
        County(code: 3, name: "Oslo", population2024: 717_710, municipalityCount: 1),
        County(code: 11, name: "Rogaland", population2024: 499_417, municipalityCount: 23),
        County(code: 15, name: "Møre og Romsdal", population2024: 270_624, municipalityCount: 27),
        County(code: 18, name: "Nordland", population2024: 243_335, municipalityCount: 41),
        County(code: 31, name: "Østfold", population2024: 304_000, municipalityCount: 12),
        County(code: 32, name: "Akershus", population2024: 728_000, municipalityCount: 21),
        County(code: 33, name: "Buskerud", population2024: 270_000, municipalityCount: 18),
        County(code: 34, name: "Innlandet", population2024: 373_000, municipalityCount: 46),
        County(code: 39, name: "Vestfold", population2024: 256_000, municipalityCount: 6),
        County(code: 40, name: "Telemark", population2024: 177_000, municipalityCount: 17),
        County(code: 42, name: "Agder", population2024: 318_000, municipalityCount: 25),
        County(code: 46, name: "Vestland", population2024: 646_000, municipalityCount: 43),
        County(code: 50, name: "Trøndelag", population2024: 478_000, municipalityCount: 38),
        County(code: 55, name: "Troms", population2024: 169_000, municipalityCount: 21),
        County(code: 56, name: "Finnmark", population2024: 75_000, municipalityCount: 18),
    ]

    /// Named municipalities: (2024 code, name, approximate population 1 Jan 2024).
    static let named: [(Int, String, Double)] = [
        (301, "Oslo", 717_710), (4601, "Bergen", 291_000), (5001, "Trondheim", 214_000),
        (1103, "Stavanger", 149_000), (3201, "Bærum", 131_000), (4204, "Kristiansand", 116_000),
        (3301, "Drammen", 103_000), (3203, "Asker", 98_000), (3205, "Lillestrøm", 90_000),
        (3107, "Fredrikstad", 84_000), (1108, "Sandnes", 83_000), (5501, "Tromsø", 78_000),
        (3907, "Sandefjord", 65_000), (3207, "Nordre Follo", 62_000), (3105, "Sarpsborg", 59_000),
        (3905, "Tønsberg", 58_000), (4003, "Skien", 56_000), (1804, "Bodø", 53_000),
        (1508, "Ålesund", 58_000), (3103, "Moss", 50_000), (3909, "Larvik", 48_000),
        (4203, "Arendal", 46_000), (1149, "Karmøy", 43_000), (3209, "Ullensaker", 42_000),
        (1106, "Haugesund", 38_000), (4001, "Porsgrunn", 37_000), (3411, "Ringsaker", 35_000),
        (1506, "Molde", 32_000), (3403, "Hamar", 32_000), (3407, "Gjøvik", 31_000),
        (3101, "Halden", 31_000), (3305, "Ringerike", 31_000), (3405, "Lillehammer", 29_000),
        (3303, "Kongsberg", 28_000), (4627, "Askøy", 30_000), (4626, "Øygarden", 39_000),
        (1124, "Sola", 28_000), (5601, "Alta", 21_000), (5503, "Harstad", 25_000),
        (1833, "Rana", 26_000), (1806, "Narvik", 21_000), (5006, "Steinkjer", 24_000),
        (5035, "Stjørdal", 25_000), (5037, "Levanger", 20_000), (1505, "Kristiansund", 24_000),
    ]

    /// Municipality codes as 4-digit strings ("0301"), by dense index.
    public let codes: [String]
    public let names: [String]
    /// County dense index (into `counties`) of each municipality.
    public let countyIndex: [UInt8]
    /// Expected residents 1 Jan 2024 at full size (sums to SyntheticConfig.fullResidents).
    public let population: [Double]
    /// Draws a municipality index with probability proportional to its population.
    public let sampler: AliasTable
    /// Residents born abroad / in Norway: immigrants live more often in Oslo (Oslo holds ≈ 28 %
    /// immigrants vs 16.8 % nationally, **unsourced**, so ≈ 21.6 % of immigrants and ≈ 11.2 % of
    /// the Norwegian-born live there); the two tables keep Oslo's total size.
    public let immigrantSampler: AliasTable
    public let nativeSampler: AliasTable
    public static let osloShareOfImmigrants = 0.216

    public static let shared = Geography()

    public var count: Int { codes.count }

    init() {
        var codes: [String] = [], names: [String] = [], county: [UInt8] = [], pop: [Double] = []
        let countyTotal = Geography.counties.reduce(0) { $0 + $1.population2024 }
        let norm = Double(SyntheticConfig.fullResidents) / countyTotal
        let sizes = Dictionary(uniqueKeysWithValues: Geography.named.map { (String(format: "%04d", $0.0), $0.2) })
        for (ci, c) in Geography.counties.enumerated() {
            let prefix = String(format: "%02d", c.code)
            let mine = CodeListData.municipalities2024.filter { $0.0.hasPrefix(prefix) }
            precondition(mine.count == c.municipalityCount, "municipality count of county \(prefix)")
            let namedTotal = mine.reduce(0.0) { $0 + (sizes[$1.0] ?? 0) }
            let unnamed = mine.filter { sizes[$0.0] == nil }.count
            let remaining = max(c.population2024 - namedTotal, Double(unnamed) * 800)
            // Unnamed municipalities: Zipf-like sizes (rank^-0.9) in code order, so most are
            // small and a few mid-sized, as in the real distribution.
            let zipf = (0..<max(unnamed, 1)).map { PortableMath.pow(Double($0 + 1), -0.9) }
            let zipfSum = zipf.reduce(0, +)
            var rank = 0
            for (code, name) in mine {
                codes.append(code); names.append(name); county.append(UInt8(ci))
                if let size = sizes[code] {
                    pop.append(size * norm)
                } else {
                    pop.append(remaining * zipf[rank] / zipfSum * norm); rank += 1
                }
            }
        }
        let total = pop.reduce(0, +)
        let fix = Double(SyntheticConfig.fullResidents) / total
        self.codes = codes
        self.names = names
        self.countyIndex = county
        self.population = pop.map { $0 * fix }
        self.sampler = AliasTable(weights: pop)
        let oslo = codes.firstIndex(of: "0301")!
        let rest = total - pop[oslo]
        let immShare = PopulationTables.immigrantShare2024
        let osloImm = Geography.osloShareOfImmigrants
        let osloNative = (pop[oslo] / total - immShare * osloImm) / (1 - immShare)
        func table(osloShare: Double) -> AliasTable {
            var w = pop.map { $0 / rest * (1 - osloShare) }
            w[oslo] = osloShare
            return AliasTable(weights: w)
        }
        self.immigrantSampler = table(osloShare: osloImm)
        self.nativeSampler = table(osloShare: osloNative)
    }

    /// Index of a municipality code ("0301"), for tests and lookups outside hot loops.
    public func index(ofCode code: String) -> Int? { codes.firstIndex(of: code) }
}
