import Foundation

/// Draws one skeleton row from its index. Pure: the row's values depend only on the seed, the
/// pool layout and the index, so chunks can be filled in any order on any thread.
struct RowGenerator: Sendable {
    let config: SyntheticConfig
    let pools: (residents: Range<Int>, deceased: Range<Int>, emigrated: Range<Int>, entrants: Range<Int>)
    let deathYearEnds: [Int]
    let emigYearEnds: [Int]
    let entrantEnds: [Int]

    let ageSex = AliasTable(weights: PopulationTables.ageSexWeights)
    let immShare = PopulationTables.immigrantShareByAge
    let countries = PopulationTables.countrySampler
    let geography = Geography.shared
    let ref = PersonSkeleton.reference
    let ukraineStart = SynthDay.from(year: 2022, month: 3, day: 1)
    let arrivalYears = PopulationTables.arrivalYearSampler

    func fill(_ range: Range<Int>, _ out: SkeletonBuffers) {
        let kRes = config.key(.residentCore), kDec = config.key(.deceasedCore)
        let kEmi = config.key(.emigratedCore), kEnt = config.key(.entrantCore)
        let kId = config.key(.personID)
        for i in range {
            out.id[i] = Self.pseudonym(i, key: kId)
            if i < pools.residents.upperBound {
                resident(i, UnitStream(key: kRes, unit: UInt64(i)), out)
            } else if i < pools.deceased.upperBound {
                deceased(i, UnitStream(key: kDec, unit: UInt64(i)), out)
            } else if i < pools.emigrated.upperBound {
                emigrant(i, UnitStream(key: kEmi, unit: UInt64(i)), out)
            } else {
                entrant(i, UnitStream(key: kEnt, unit: UInt64(i)), out)
            }
        }
    }

    /// An 11-digit pseudonym: a 4-round Feistel permutation of the index on 34 bits, keyed by
    /// the seed, so ids are unique, unordered like real pseudonyms, and stable per index.
    @inline(__always)
    static func pseudonym(_ i: Int, key: UInt64) -> Int64 {
        var l = UInt64(i) >> 17, r = UInt64(i) & 0x1FFFF
        for round in 0..<4 as Range<UInt64> {
            let f = CounterRNG.mix(key &+ r &+ (round << 40)) & 0x1FFFF
            (l, r) = (r, l ^ f)
        }
        return 10_000_000_000 + Int64(l << 17 | r)
    }

    @inline(__always)
    private func randomDay(inYear y: Int, _ s: inout UnitStream) -> Int32 {
        let a = SynthDay.jan1(y)
        return a + Int32(s.below(Int(SynthDay.jan1(y + 1) - a)))
    }

    @inline(__always)
    private func yearsToDays(_ years: Double) -> Int32 { Int32((years * SynthDay.yearLength).rounded(.down)) }

    @inline(__always)
    private func firstAbove(_ ends: [Int], _ p: Int) -> Int {
        var lo = 0, hi = ends.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if ends[mid] > p { hi = mid } else { lo = mid + 1 } }
        return lo
    }

    private func resident(_ i: Int, _ stream: UnitStream, _ out: SkeletonBuffers) {
        var s = stream
        let cell = ageSex.sample(&s)
        let female = cell > PopulationTables.maxAge
        let age = cell % (PopulationTables.maxAge + 1)
        let b = randomDay(inYear: 2023 - age, &s)
        out.sex[i] = female ? 2 : 1
        out.birth[i] = b
        let u = s.uniform()
        if u < immShare[age] {
            let c = countries.sample(&s)
            out.country[i] = UInt8(c)
            var imm: Int32
            if UInt8(c) == PopulationTables.ukraineIndex && b < ukraineStart {
                // The 2022–2023 refugee wave: arrivals after the invasion.
                imm = ukraineStart + Int32(s.below(Int(ref - ukraineStart)))
            } else {
                // Arrival year from the yearly inflow still present in 2024; a draw before the
                // person's birth falls back to a uniform time within their life.
                let year = PopulationTables.arrivalYearFirst + arrivalYears.sample(&s)
                let u = s.uniform()
                if year > 2023 - age {
                    imm = SynthDay.jan1(year) + Int32(u * Double(SynthDay.jan1(year + 1) - SynthDay.jan1(year)))
                } else {
                    imm = ref - yearsToDays(Double(age) * u) - 1
                }
            }
            out.immigration[i] = max(imm, b + 1)
        } else {
            _ = s.next(); _ = s.next()
        }
        // Background death in 2024–2025 (Gompertz, calibrated to 2024 deaths minus cancer).
        let x = Double(ref - b) / SynthDay.yearLength
        let hr = female ? PopulationTables.femaleHazardRatio : 1
        let t = PopulationTables.gompertzTime(age: x, hazardRatio: hr, uniform: s.openUniform())
        var death = SynthDay.missing
        if t < 2 { death = ref + yearsToDays(t) + 1; out.death[i] = death }
        let rate = out.immigration[i] == SynthDay.missing ? PopulationTables.emigrationRateNative
                                                     : PopulationTables.emigrationRateImmigrant
        let te = s.exponential(mean: 1 / rate)
        if te < 2 {
            let e = ref + yearsToDays(te) + 1
            if death == SynthDay.missing || e < death { out.emigration[i] = e }
        }
        let table = out.immigration[i] == SynthDay.missing ? geography.nativeSampler : geography.immigrantSampler
        out.municipality[i] = UInt16(table.sample(&s))
    }

    private func deceased(_ i: Int, _ stream: UnitStream, _ out: SkeletonBuffers) {
        var s = stream
        let k = firstAbove(deathYearEnds, i - pools.deceased.lowerBound)
        let year = config.historyStartYear + k
        let dd = randomDay(inYear: year, &s)
        let era = Double(year - 1964) / 60
        var age: Double
        if s.uniform() < 0.03 - 0.025 * era {
            age = 16 * s.uniform()
        } else {
            age = min(106, max(16, s.normal(mean: 77 + 8 * era, sd: 11)))
        }
        let female = s.uniform() < 0.49
        let b = dd - yearsToDays(age) - 1
        out.sex[i] = female ? 2 : 1
        out.birth[i] = b
        out.death[i] = dd
        if s.uniform() < 0.03 + 0.05 * era {
            out.country[i] = UInt8(countries.sample(&s))
            let arrivalAge = min(age * 0.9, 18 + 20 * s.uniform())
            out.immigration[i] = min(dd - 1, b + 1 + yearsToDays(arrivalAge))
        }
        out.municipality[i] = UInt16(geography.sampler.sample(&s))
    }

    private func emigrant(_ i: Int, _ stream: UnitStream, _ out: SkeletonBuffers) {
        var s = stream
        let k = firstAbove(emigYearEnds, i - pools.emigrated.lowerBound)
        let ed = randomDay(inYear: config.historyStartYear + k, &s)
        let age = min(90, max(0, s.normal(mean: 30, sd: 12)))
        let b = ed - yearsToDays(age) - 1
        out.sex[i] = s.uniform() < 0.46 ? 2 : 1
        out.birth[i] = b
        out.emigration[i] = ed
        let immigrant = s.uniform() < 0.6
        let c = countries.sample(&s)
        let imm = ed - yearsToDays(min(age, s.exponential(mean: 4))) - 1
        if immigrant && imm > b {
            out.country[i] = UInt8(c)
            out.immigration[i] = imm
        }
        out.municipality[i] = UInt16(geography.sampler.sample(&s))
    }

    private func entrant(_ i: Int, _ stream: UnitStream, _ out: SkeletonBuffers) {
        var s = stream
        let p = i - pools.entrants.lowerBound
        let k = firstAbove(entrantEnds, p)
        let year = 2024 + (k & 1)
        if k < 2 {
            out.birth[i] = randomDay(inYear: year, &s)
            out.sex[i] = s.uniform() < 0.487 ? 2 : 1
        } else {
            let arrival = randomDay(inYear: year, &s)
            let age = min(85, max(0, s.normal(mean: 28, sd: 13)))
            out.birth[i] = arrival - yearsToDays(age) - 1
            out.sex[i] = s.uniform() < 0.47 ? 2 : 1
            out.country[i] = UInt8(countries.sample(&s))
            out.immigration[i] = arrival
        }
        out.municipality[i] = UInt16(geography.sampler.sample(&s))
    }
}
