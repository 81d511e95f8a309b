import Foundation

/// Cancer cases (unit KRG_KREFTTILFELLE), generated from the skeleton.
///
/// Cases are drawn case-first: the yearly count of each site × sex (scaled, with a 2 %/year
/// trend back from 2024) fixes how many cases exist; each case then draws its diagnosis date,
/// age, stage, ICD-10 code and an excess (cancer) survival time, and only then picks a person of
/// that sex and birth year who was living in Norway on the diagnosis date. That keeps incidence
/// exact by construction and makes every consistency rule a local check on the chosen person.
public struct CancerCases: Sendable {
    /// KRG_TILFELLEID, an 11-digit pseudonym.
    public let caseID: [Int64]
    /// Index of the person (into the skeleton's columns).
    public let person: [Int32]
    /// Index into `CancerTables.allSites`.
    public let site: [UInt8]
    /// Index into `CancerTables.icdCodes`.
    public let icd: [UInt16]
    public let diagnosis: [Int32]
    /// Completed years at diagnosis (= diagnosis date − birth date).
    public let ageAtDiagnosis: [UInt8]
    /// Summary stage 1–4, 9 = unknown.
    public let stage: [UInt8]
    /// Date this cancer would kill the person (`SynthDay.missing` if not before 2026, after
    /// emigration, or after the person's death from other causes).
    public let cancerDeath: [Int32]

    public var count: Int { caseID.count }

    public static let firstYear = 1964
    public static let lastYear = 2025
    /// The first possible diagnosis; every cancer death is at least one day after its diagnosis,
    /// so strictly after this day (SyntheticProducer.personsWithoutCancerDeaths relies on it).
    public static let firstDiagnosisDay = SynthDay.jan1(firstYear)

    /// Generates the cases; `deathDate` returns the person-level death dates after cancer.
    public init(skeleton s: PersonSkeleton) {
        let config = s.config
        let sites = CancerTables.allSites
        let hazard = CancerHazards()
        // Layout: cells (year, site, sex) with exact scaled counts.
        var ends: [Int] = [], cells: [(year: Int, site: Int, female: Bool)] = []
        var total = 0
        for y in CancerCases.firstYear...CancerCases.lastYear {
            for (si, site) in sites.enumerated() {
                for female in [false, true] {
                    let n = config.scaled((female ? site.women2024 : site.men2024) * CancerTables.trend(year: y))
                    if n == 0 { continue }
                    total += n; ends.append(total); cells.append((y, si, female))
                }
            }
        }
        let cellEnds = ends, cellList = cells
        let index = CohortIndex(s, death: s.death)
        let key = config.key(.cancerCase)
        let ref = PersonSkeleton.reference, end = PersonSkeleton.dataEnd
        let icdIndex = sites.map { site in site.icd.map { c in UInt16(CancerTables.icdCodes.firstIndex(of: c.code)!) } }
        let icdTables = sites.map { AliasTable(weights: $0.icd.map(\.weight)) }
        let stageTables = sites.map { AliasTable(weights: $0.stageMix.map { max($0, 1e-12) }) }

        var rawPerson = [Int32](repeating: -1, count: total)
        var rawSite = [UInt8](repeating: 0, count: total), rawIcd = [UInt16](repeating: 0, count: total)
        var rawDiag = [Int32](repeating: 0, count: total), rawStage = [UInt8](repeating: 0, count: total)
        var rawDeath = [Int32](repeating: SynthDay.missing, count: total)
        rawPerson.withUnsafeMutableBufferPointer { pB in rawSite.withUnsafeMutableBufferPointer { sB in
        rawIcd.withUnsafeMutableBufferPointer { iB in rawDiag.withUnsafeMutableBufferPointer { dB in
        rawStage.withUnsafeMutableBufferPointer { stB in rawDeath.withUnsafeMutableBufferPointer { xB in
            let pO = SharedBuffer(base: pB), sO = SharedBuffer(base: sB), iO = SharedBuffer(base: iB)
            let dO = SharedBuffer(base: dB), stO = SharedBuffer(base: stB), xO = SharedBuffer(base: xB)
            Parallel.forChunks(count: total, chunkSize: 1 << 14) { range in
                var cell = 0
                while cellEnds[cell] <= range.lowerBound { cell += 1 }
                for k in range {
                    while cellEnds[cell] <= k { cell += 1 }
                    let (year, si, female) = cellList[cell]
                    let site = sites[si]
                    var r = UnitStream(key: key, unit: UInt64(k))
                    let y0 = SynthDay.jan1(year)
                    let diag = y0 + Int32(r.below(Int(SynthDay.jan1(year + 1) - y0)))
                    let median = female ? site.medianAge.women : site.medianAge.men
                    let age = min(99.5, max(0.2, r.normal(mean: median, sd: site.ageSD)))
                    let stageIdx = stageTables[si].sample(&r)
                    let icd = icdIndex[si][icdTables[si].sample(&r)]
                    let years = hazard.excessYears(site: si, female: female, stage: stageIdx, age: age,
                                                   exp1: r.exponential(mean: 1))
                    let cancerDeath: Int32 = years < 200 ? diag + Int32(years * SynthDay.yearLength) + 1 : SynthDay.missing
                    let dd = cancerDeath < end && cancerDeath != SynthDay.missing ? cancerDeath : SynthDay.missing
                    let birthYear = SynthDay.year(diag - Int32(age * SynthDay.yearLength))
                    let onlyHistory = dd != SynthDay.missing && dd <= ref
                    var death = dd
                    let found = index.pick(&r, female: female, birthYear: birthYear, presentOn: diag,
                                           historyOnly: onlyHistory, attempts: 64) { i in
                        death = dd
                        if death != SynthDay.missing {
                            let em = s.emigration[i]
                            if em != SynthDay.missing { if death < em { return false } else { death = SynthDay.missing } }
                            if s.death[i] != SynthDay.missing && s.death[i] <= death { death = SynthDay.missing }
                        }
                        return true
                    }
                    if found >= 0 {
                        let i = Int(found)
                        pO[k] = Int32(i); sO[k] = UInt8(si); iO[k] = icd; dO[k] = diag
                        stO[k] = stageIdx == 4 ? 9 : UInt8(stageIdx + 1); xO[k] = death
                    }
                }
            }
        }}}}}}
        // A person can be drawn for several cases; keep a later case only if the person is
        // still alive at its diagnosis (counting deaths from the earlier cancers).
        var order: [Int64] = []
        order.reserveCapacity(total)
        let base = Int64(SynthDay.from(year: 1850, month: 1, day: 1))
        for k in 0..<total where rawPerson[k] >= 0 {
            order.append(Int64(rawPerson[k]) << 39 | (Int64(rawDiag[k]) - base) << 23 | Int64(k))
        }
        order.sort()
        var keep = [Bool](repeating: false, count: total)
        var g = 0
        while g < order.count {
            let p = Int(order[g] >> 39)
            var alive = s.death[p]
            var h = g
            while h < order.count && Int(order[h] >> 39) == p {
                let k = Int(order[h] & 0x7F_FFFF)
                if alive == SynthDay.missing || rawDiag[k] < alive {
                    keep[k] = true
                    let d = rawDeath[k]
                    if d != SynthDay.missing && (alive == SynthDay.missing || d < alive) { alive = d }
                }
                h += 1
            }
            g = h
        }
        let kept = (0..<total).filter { keep[$0] }
        let idKey = config.key(.cancerPerson)
        caseID = kept.map { RowGenerator.pseudonym($0, key: idKey) + 10_000_000_000 }
        person = kept.map { rawPerson[$0] }
        site = kept.map { rawSite[$0] }
        icd = kept.map { rawIcd[$0] }
        diagnosis = kept.map { rawDiag[$0] }
        stage = kept.map { rawStage[$0] }
        cancerDeath = kept.map { rawDeath[$0] }
        ageAtDiagnosis = kept.map { UInt8(SynthDay.age(birth: s.birth[Int(rawPerson[$0])], at: rawDiag[$0])) }
    }

    /// Person-level death dates: background death or the earliest registered cancer death.
    public func deathDate(skeleton s: PersonSkeleton) -> [Int32] {
        var d = s.death
        for k in 0..<count where cancerDeath[k] != SynthDay.missing {
            let p = Int(person[k])
            if d[p] == SynthDay.missing || cancerDeath[k] < d[p] { d[p] = cancerDeath[k] }
        }
        return d
    }
}
