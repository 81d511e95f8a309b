import Foundation

/// a-ordningen-style monthly jobs 2015–2025 (unit JOBB) for persons aged 16–74, carrying the
/// planted 2025 public-sector pension (AFP) reform effect.
///
/// One main job per employed person and year (employment from `IncomePanel.employment`), with
/// a fixed sector and position share per person. Public-sector employees face the old AFP's
/// early-retirement exit from the month they turn 62 (the same for every cohort, so it is the
/// counterfactual; once gone, a person does not come back). Planted effect 1: public-sector employees born in 1963 work
/// `reformHours` more per week and earn `reformWage` NOK more per month than they otherwise
/// would, from the month they turn 62; nothing changes before, and nothing for other cohorts.
public struct MonthlyJobs: Sendable {
    public static let reformHours = 1.75
    public static let reformWage = 3_183.0
    public static let fullTimeHours = 37.5
    public static let firstYear = 2015, lastYear = 2025
    /// FRTK_SEKTOR_2014 codes by sector index: private, central government, municipal.
    public static let sectorCodes = ["2100", "6100", "6500"]

    let income: IncomePanel

    public init(norway: SyntheticNorway) { income = norway.income }

    /// Rows of one month: employed persons aged 16–74 living in Norway on the 1st. Restrict to
    /// some birth years with `birthYears` (a study cohort) to skip everyone else cheaply.
    ///
    /// `plantReform: false` gives the counterfactual (same draws, no reform effect), which is
    /// how tests check the planted effect exactly.
    public func month(year: Int, month: Int, birthYears: ClosedRange<Int>? = nil,
                      plantReform: Bool = true) -> MonthlyJobRows {
        let s = income.skeleton, d = income.deathDate
        let first = SynthDay.from(year: year, month: month, day: 1)
        let key = s.config.key(.jobs)
        let index = Double((year - 2024) * 12 + month - 1) / 12
        let growth = PortableMath.exp(IncomePanel.wageGrowth * index)
        let income = self.income
        // Packed per person: hours ×100 (bits 0–15), position share ×1000 (16–31), wage (32–62),
        // sector (62–63 are unused: sector goes in a second pass from the same stream).
        let packed: [Int64] = parallelFill(s.count, Int64(-1)) { r, out in
            for i in r {
                let b = s.birth[i]
                if let ys = birthYears, !ys.contains(SynthDay.year(b)) { continue }
                let age = Double(first - b) / SynthDay.yearLength
                if age < 16 || age >= 75 { continue }
                if !(s.immigration[i] == SynthDay.missing || s.immigration[i] <= first) { continue }
                if d[i] != SynthDay.missing && d[i] <= first { continue }
                if s.emigration[i] != SynthDay.missing && s.emigration[i] <= first { continue }
                let job = income.employment(i, year: year, age: age)
                if !job.employed { continue }
                let p = MonthlyJobs.person(i, key: key, female: s.sex[i] == 2)
                let c = SynthDay.civil(b)
                let monthsSince62 = (year - c.year - 62) * 12 + (month - c.month)
                var st = UnitStream(key: CounterRNG.mix(key ^ UInt64(year * 12 + month)), unit: UInt64(i))
                // Old-AFP early retirement: a public employee leaves for good `retireAfter`
                // months after turning 62 (a constant 2.5 % monthly hazard, drawn once).
                if p.sector > 0 && monthsSince62 >= p.retireAfter { continue }
                var hours = MonthlyJobs.fullTimeHours * p.share + 0.4 * st.normal()
                var wage = PortableMath.exp(income.logWage(i, year: 2024, noise: job.noise)) * growth * p.share
                if plantReform && p.sector > 0 && c.year == 1963 && monthsSince62 >= 0 {
                    hours += MonthlyJobs.reformHours
                    wage += MonthlyJobs.reformWage
                }
                out[i] = Int64(max(0, min(65_000, (hours * 100).rounded())))
                    | Int64((p.share * 1000).rounded()) << 16 | Int64(max(0, wage.rounded())) << 32
            }
        }
        var rows = MonthlyJobRows()
        for i in 0..<packed.count where packed[i] >= 0 {
            let v = packed[i]
            rows.person.append(Int32(i))
            rows.jobID.append(s.id[i] * 10 + 1)
            rows.sector.append(MonthlyJobs.person(i, key: key, female: s.sex[i] == 2).sector)
            rows.hours.append(Double(v & 0xFFFF) / 100)
            rows.positionShare.append(Double((v >> 16) & 0xFFFF) / 10)
            rows.wage.append(Double(v >> 32))
        }
        rows.date = first
        return rows
    }

    /// The person's fixed job traits: sector (0 private, 1 central government, 2 municipal;
    /// 45 % of women and 22 % of men work in the public sector) and position share.
    @inline(__always)
    static func person(_ i: Int, key: UInt64, female: Bool) -> (sector: UInt8, share: Double, retireAfter: Int) {
        var st = UnitStream(key: key, unit: UInt64(i))
        let u = st.uniform()
        let pub = female ? 0.45 : 0.22
        let sector: UInt8 = u < pub * 0.35 ? 1 : u < pub ? 2 : 0
        let full = st.bernoulli(female ? 0.62 : 0.82)
        let share = full ? 1 : 0.3 + 0.6 * st.uniform()
        return (sector, share, Int(st.exponential(mean: 40)))
    }
}

/// One month of jobs, columnar. `positionShare` is in percent (ARB_STILLINGSPST), `hours` the
/// agreed weekly hours (ARB_ARBEIDSTID), `wage` the month's wage in NOK.
public struct MonthlyJobRows: Sendable {
    public var date: Int32 = 0
    public var person: [Int32] = []
    public var jobID: [Int64] = []
    public var sector: [UInt8] = []
    public var hours: [Double] = []
    public var positionShare: [Double] = []
    public var wage: [Double] = []
    public var count: Int { person.count }
}
