import Foundation

/// Yearly wage income and wealth, and the wage equation behind them and behind the monthly
/// jobs (planted effects 2 and 4 in docs/synthetic-truth.md).
///
/// Nothing here is materialised per person-year: a year's column is computed on demand from
/// pure functions of (person, year), in parallel chunks.
public struct IncomePanel: Sendable {
    // MARK: The wage equation (planted effect 2)
    /// log(monthly full-time-equivalent wage, NOK, 2024 level) =
    ///   intercept + female + age·a1 + age²·a2 + education[level] + marriedEffect·married
    ///   + u_i (person effect, sd 0.25) + e_it (sd 0.10),
    /// deflated by 3 % a year before 2024.
    public static let intercept = 9.25
    public static let femaleEffect = -0.12
    public static let ageEffect = 0.060
    public static let age2Effect = -0.00060
    /// Log-wage effect of the highest completed NUS level, indexed by level 0–9.
    public static let educationEffect: [Double] = [0, 0, 0, 0.08, 0.10, 0.15, 0.30, 0.45, 0.55, 0.05]
    /// Planted effect 4: marriage raises the log wage by 0.06 within person.
    public static let marriedEffect = 0.06
    public static let personEffectSD = 0.25
    public static let noiseSD = 0.10
    public static let wageGrowth = 0.03

    /// The person effect u_i: fixed per person, shared with the marriage model (selection).
    @inline(__always)
    public static func personEffect(_ i: Int, key: UInt64) -> Double {
        var st = UnitStream(key: key, unit: UInt64(i))
        return personEffectSD * st.normal()
    }

    let skeleton: PersonSkeleton
    let deathDate: [Int32]
    let education: Education
    let family: FamilyLinks

    init(skeleton: PersonSkeleton, deathDate: [Int32], education: Education, family: FamilyLinks) {
        self.skeleton = skeleton
        self.deathDate = deathDate
        self.education = education
        self.family = family
    }

    /// Log monthly FTE wage of person `i` in `year` (as of 1 July), before employment.
    @inline(__always)
    public func logWage(_ i: Int, year: Int, noise: Double) -> Double {
        logWage(i, year: year, noise: noise, personEffect: IncomePanel.personEffect(i, key: skeleton.config.key(.personWage)))
    }

    /// As `logWage(_:year:noise:)` with the person effect given (hoisted out of year loops).
    @inline(__always)
    func logWage(_ i: Int, year: Int, noise: Double, personEffect: Double) -> Double {
        let s = skeleton
        let mid = SynthDay.july1(year)
        let age = Double(mid - s.birth[i]) / SynthDay.yearLength
        let lv = Int(education.level(i, on: mid, birth: s.birth[i]))
        let married = family.isMarried(i, on: SynthDay.jan1(year), deathDate: deathDate)
        var x = IncomePanel.intercept + IncomePanel.ageEffect * age + IncomePanel.age2Effect * age * age
        x += IncomePanel.educationEffect[lv] + (s.sex[i] == 2 ? IncomePanel.femaleEffect : 0)
        x += married ? IncomePanel.marriedEffect : 0
        x += personEffect + IncomePanel.noiseSD * noise
        return x - IncomePanel.wageGrowth * Double(2024 - year)
    }

    /// Probability of being employed at some time in a year, by age (16–74).
    @inline(__always)
    static func employmentRate(age: Double, female: Bool, tertiary: Bool) -> Double {
        let base: Double = age < 16 ? 0 : age < 20 ? 0.45 : age < 25 ? 0.72 : age < 62 ? 0.84
            : age < 67 ? 0.58 : age < 71 ? 0.25 : age < 75 ? 0.08 : 0
        return min(0.97, base * (female ? 0.96 : 1) * (tertiary ? 1.07 : 1))
    }

    /// The year's employment draw of person `i` (who must be living in Norway): employed at all,
    /// full-time-equivalent share, months worked, and the year's wage noise. Employment is
    /// persistent: a person latent (weight 0.8) plus a yearly shock (0.6).
    @inline(__always)
    func employment(_ i: Int, year: Int, age: Double) -> (employed: Bool, fte: Double, months: Double, noise: Double) {
        employment(i, year: year, age: age, latent: employmentLatent(i))
    }

    /// The person's persistent employment propensity (standard normal).
    @inline(__always)
    func employmentLatent(_ i: Int) -> Double {
        var per = UnitStream(key: skeleton.config.key(.income), unit: UInt64(i))
        return per.normal()
    }

    @inline(__always)
    func employment(_ i: Int, year: Int, age: Double, latent: Double) -> (employed: Bool, fte: Double, months: Double, noise: Double) {
        let s = skeleton
        var st = UnitStream(key: CounterRNG.mix(s.config.key(.income) ^ UInt64(year)), unit: UInt64(i))
        let p = IncomePanel.employmentRate(age: age, female: s.sex[i] == 2, tertiary: education.level[i] >= 6)
        if p <= 0 || 0.8 * latent + 0.6 * st.normal() > Samplers.inverseNormal(p) { return (false, 0, 0, 0) }
        let fte = min(1, max(0.15, st.normal(mean: s.sex[i] == 2 ? 0.86 : 0.94, sd: 0.15)))
        let months = st.bernoulli(0.85) ? 12.0 : Double(1 + st.below(11))
        return (true, fte, months, st.normal())
    }

    /// INNTEKT_WLONN for one year: rows for everyone living in Norway on 31 Dec aged ≥ 17,
    /// value = yearly wage income (NOK, 0 if not employed). ACCUMULATED: start 1 Jan, stop 31 Dec.
    public func wageIncome(year: Int) -> GeneratedColumn {
        IncomePanel.yearColumn(name: "INNTEKT_WLONN", year: year, ids: skeleton.id, values: wageIncomeValues(year: year))
    }

    /// INNTEKT_WLONN per person index for one year (-1 = no row: not living in Norway on 31 Dec or under 17).
    public func wageIncomeValues(year: Int) -> [Double] {
        parallelFill(skeleton.count, -1.0) { r, out in
            for i in r where self.hasYearRow(i, year: year) { out[i] = self.wageIncome(i, year: year) }
        }
    }

    /// Does person `i` have an income row in `year`: living in Norway on 31 December and 17
    /// or older then (the population of INNTEKT_WLONN and INNTEKT_BRUTTOFORM).
    @inline(__always)
    public func hasYearRow(_ i: Int, year: Int) -> Bool {
        let s = skeleton, d = deathDate
        let dec31 = SynthDay.dec31(year)
        if s.birth[i] > dec31 - Int32(17 * SynthDay.yearLength) { return false }
        if !(s.immigration[i] == SynthDay.missing || s.immigration[i] <= dec31) { return false }
        if d[i] != SynthDay.missing && d[i] <= dec31 { return false }
        if s.emigration[i] != SynthDay.missing && s.emigration[i] <= dec31 { return false }
        return true
    }

    /// Yearly wage income of person `i` (who has a row in `year`): 0 if not employed.
    @inline(__always)
    public func wageIncome(_ i: Int, year: Int) -> Double {
        wageIncome(i, year: year, terms: wageTerms(i))
    }

    /// The per-person draws of the wage model (employment propensity, person effect): the
    /// same for every year, so a loop over one person's years draws them once.
    @inline(__always)
    func wageTerms(_ i: Int) -> (latent: Double, personEffect: Double) {
        (employmentLatent(i), IncomePanel.personEffect(i, key: skeleton.config.key(.personWage)))
    }

    @inline(__always)
    func wageIncome(_ i: Int, year: Int, terms: (latent: Double, personEffect: Double)) -> Double {
        let dec31 = SynthDay.dec31(year)
        let job = employment(i, year: year, age: Double(dec31 - skeleton.birth[i]) / SynthDay.yearLength, latent: terms.latent)
        if !job.employed { return 0 }
        return (PortableMath.exp(logWage(i, year: year, noise: job.noise, personEffect: terms.personEffect)) * job.fte * job.months).rounded()
    }

    /// Gross wealth of person `i` (who has a row in `year`).
    @inline(__always)
    public func wealth(_ i: Int, year: Int) -> Double {
        let dec31 = SynthDay.dec31(year)
        var st = UnitStream(key: skeleton.config.key(.wealth), unit: UInt64(i))
        if st.bernoulli(0.07) { return 0 }
        let age = min(80, Double(dec31 - skeleton.birth[i]) / SynthDay.yearLength)
        let median = 50_000 * PortableMath.exp(min(age - 25, 42) * 0.093) * PortableMath.exp(-0.04 * Double(2024 - year))
        return (median * PortableMath.exp(1.3 * st.normal())).rounded()
    }

    /// Gross wealth (INNTEKT_BRUTTOFORM): lognormal with a median rising with age (50 000 NOK at
    /// 25 → 2.5 M at 67), 7 % zeros, 4 % yearly growth (**unsourced** shape).
    public func wealth(year: Int) -> GeneratedColumn {
        IncomePanel.yearColumn(name: "INNTEKT_BRUTTOFORM", year: year, ids: skeleton.id, values: wealthValues(year: year))
    }

    /// INNTEKT_BRUTTOFORM per person index for one year (-1 = no row).
    public func wealthValues(year: Int) -> [Double] {
        parallelFill(skeleton.count, -1.0) { r, out in
            for i in r where self.hasYearRow(i, year: year) { out[i] = self.wealth(i, year: year) }
        }
    }

    /// Packs the rows with a value (≥ 0) into an ACCUMULATED column for one calendar year.
    static func yearColumn(name: String, year: Int, ids: [Int64], values: [Double]) -> GeneratedColumn {
        var outIds: [Int64] = [], outValues: [Double] = []
        outIds.reserveCapacity(values.count); outValues.reserveCapacity(values.count)
        for i in 0..<values.count where values[i] >= 0 { outIds.append(ids[i]); outValues.append(values[i]) }
        let n = outIds.count
        return GeneratedColumn(name: name, unitType: "PERSON", temporality: .accumulated, ids: outIds,
                               values: .double(outValues),
                               start: [Int32](repeating: SynthDay.jan1(year), count: n),
                               stop: [Int32](repeating: SynthDay.from(year: year, month: 12, day: 31), count: n))
    }
}
