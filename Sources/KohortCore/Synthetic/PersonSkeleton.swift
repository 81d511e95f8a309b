import Foundation

/// The person register at the heart of synthetic Norway: one row per person who lived in
/// Norway at some time in the history window, as parallel columns indexed by person index.
///
/// Persons are laid out in four contiguous pools so every quantity can be drawn from the
/// person's own index alone (no global state, no sorting):
/// residents on 1 Jan 2024, then persons who died before 2024, then persons who emigrated for
/// good before 2024, then the 2024–2025 entrants (births and immigrants).
public struct PersonSkeleton: Sendable {
    public let config: SyntheticConfig
    /// Index ranges of the four pools.
    public let residents: Range<Int>
    public let deceased: Range<Int>
    public let emigrated: Range<Int>
    public let entrants: Range<Int>

    /// PERSONID_1: an 11-digit pseudonym, a keyed bijection of the index (unique, stable).
    public let id: [Int64]
    /// 1 = male, 2 = female.
    public let sex: [UInt8]
    public let birth: [Int32]
    /// Background (non-cancer) death date; `SynthDay.missing` if alive at the end of 2025. The
    /// final death date also reflects cancer deaths: see `SyntheticNorway.deathDate`.
    public let death: [Int32]
    /// First immigration date of the foreign-born, else `SynthDay.missing`.
    public let immigration: [Int32]
    /// Country of birth: index into `PopulationTables.countries` (0 = Norway).
    public let country: [UInt8]
    /// Emigration date (permanent), else `SynthDay.missing`.
    public let emigration: [Int32]
    /// Residence on 1 Jan 2024 for residents; the last (or first) municipality for the rest.
    /// Index into `Geography.shared.codes`.
    public let municipality: [UInt16]

    public var count: Int { id.count }

    /// Dates the skeleton refers to.
    public static let reference = SynthDay.jan1(2024)
    public static let dataEnd = SynthDay.jan1(2026)

    public init(config: SyntheticConfig) {
        self.config = config
        let r = config.persons
        var nd = 0, ne = 0
        for y in config.historyStartYear..<2024 {
            nd += config.scaled(PopulationTables.deaths(year: y))
            ne += config.scaled(PopulationTables.permanentEmigrants(year: y))
        }
        let nb24 = config.scaled(PopulationTables.births2024), nb25 = config.scaled(PopulationTables.births2025)
        let ni24 = config.scaled(PopulationTables.immigration2024), ni25 = config.scaled(PopulationTables.immigration2025)
        residents = 0..<r
        deceased = r..<(r + nd)
        emigrated = deceased.upperBound..<(deceased.upperBound + ne)
        entrants = emigrated.upperBound..<(emigrated.upperBound + nb24 + nb25 + ni24 + ni25)
        let n = entrants.upperBound

        // Year tables for the history pools: cumulative counts, so the row's position inside
        // its pool decides its event year (exact yearly counts, no sampling noise).
        var deathYearEnds: [Int] = [], emigYearEnds: [Int] = []
        var accD = 0, accE = 0
        for y in config.historyStartYear..<2024 {
            accD += config.scaled(PopulationTables.deaths(year: y)); deathYearEnds.append(accD)
            accE += config.scaled(PopulationTables.permanentEmigrants(year: y)); emigYearEnds.append(accE)
        }
        let entrantEnds = [nb24, nb24 + nb25, nb24 + nb25 + ni24, nb24 + nb25 + ni24 + ni25]

        var sexOut = [UInt8](repeating: 0, count: n)
        var birthOut = [Int32](repeating: 0, count: n)
        var deathOut = [Int32](repeating: SynthDay.missing, count: n)
        var immOut = [Int32](repeating: SynthDay.missing, count: n)
        var ctryOut = [UInt8](repeating: 0, count: n)
        var emigOut = [Int32](repeating: SynthDay.missing, count: n)
        var muniOut = [UInt16](repeating: 0, count: n)
        var idOut = [Int64](repeating: 0, count: n)

        let rows = RowGenerator(config: config, pools: (residents, deceased, emigrated, entrants),
                                deathYearEnds: deathYearEnds, emigYearEnds: emigYearEnds, entrantEnds: entrantEnds)
        sexOut.withUnsafeMutableBufferPointer { sexB in
        birthOut.withUnsafeMutableBufferPointer { birthB in
        deathOut.withUnsafeMutableBufferPointer { deathB in
        immOut.withUnsafeMutableBufferPointer { immB in
        ctryOut.withUnsafeMutableBufferPointer { ctryB in
        emigOut.withUnsafeMutableBufferPointer { emigB in
        muniOut.withUnsafeMutableBufferPointer { muniB in
        idOut.withUnsafeMutableBufferPointer { idB in
            let out = SkeletonBuffers(sex: sexB, birth: birthB, death: deathB, immigration: immB,
                                      country: ctryB, emigration: emigB, municipality: muniB, id: idB)
            Parallel.forChunks(count: n) { range in rows.fill(range, out) }
        }}}}}}}}
        sex = sexOut; birth = birthOut; death = deathOut; immigration = immOut
        country = ctryOut; emigration = emigOut; municipality = muniOut; id = idOut
    }

    /// Is person `i` resident in Norway on `date` (born, arrived, not dead, not emigrated)?
    /// Uses the background death; callers that need cancer deaths use `SyntheticNorway`.
    @inline(__always)
    public func isPresent(_ i: Int, on date: Int32) -> Bool {
        birth[i] <= date && (immigration[i] == SynthDay.missing || immigration[i] <= date)
            && (death[i] == SynthDay.missing || death[i] > date)
            && (emigration[i] == SynthDay.missing || emigration[i] > date)
    }
}

/// The eight output columns, as raw buffers shared by the parallel chunks.
struct SkeletonBuffers: @unchecked Sendable {
    let sex: UnsafeMutableBufferPointer<UInt8>
    let birth: UnsafeMutableBufferPointer<Int32>
    let death: UnsafeMutableBufferPointer<Int32>
    let immigration: UnsafeMutableBufferPointer<Int32>
    let country: UnsafeMutableBufferPointer<UInt8>
    let emigration: UnsafeMutableBufferPointer<Int32>
    let municipality: UnsafeMutableBufferPointer<UInt16>
    let id: UnsafeMutableBufferPointer<Int64>
}
