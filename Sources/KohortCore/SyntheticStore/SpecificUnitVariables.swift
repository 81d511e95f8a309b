import Foundation

/// The specifically modelled variables of the non-person units: cancer cases, jobs
/// (a-ordningen) and NPR episodes and stays. Persons are in SpecificVariables.swift.
extension SyntheticProducer {
    // MARK: cancer cases

    static func form(icd: String, age: Int) -> Set<CancerForm> {
        var out = Set<CancerForm>()
        if age < 18 { out.insert(.barnekreft) }
        let h = String(icd.prefix(3))
        switch h {
        case "C61": out.insert(.prostata)
        case "C18", "C19", "C20", "C21": out.insert(.tykkOgEndetarm)
        case "C33", "C34": out.insert(.lunge)
        case "C50": out.insert(.bryst)
        case "C56", "C57": out.insert(.eggstokk)
        case "C53": out.insert(.livmorhals)
        case "C43": out.insert(.melanom)
        case "C40", "C41", "C46", "C49": out.insert(.sarkom)
        case "C25": out.insert(.pankreas)
        case "C70", "C71", "C72", "D32", "D33", "D42", "D43": out.insert(.hjerneRyggmarg)
        default:
            if h >= "C81" && h <= "C96" { out.insert(.lymfoide) }
        }
        return out
    }

    func cancerVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let c = norway.cancer, s = norway.skeleton, d = norway.deathDate, pop = cases
        // Case index of each population entry (population is in case-id order).
        let byID = Dictionary(uniqueKeysWithValues: c.caseID.enumerated().map { ($1, Int32($0)) })
        let caseIndex = pop.ids.map { byID[$0]! }
        let (from, _) = FrameBuilder.validity(v)
        let forms = Set(v.cancerForms)
        var keep = caseIndex.map { k -> Bool in
            let k = Int(k)
            if c.diagnosis[k] < from { return false }
            if forms.isEmpty { return true }
            return !forms.isDisjoint(with: Self.form(icd: CancerTables.icdCodes[Int(c.icd[k])], age: Int(c.ageAtDiagnosis[k])))
        }
        let deathRows = ["KRG_KJERNE_DODSDATO", "KRG_KJERNE_DODSAAR", "KRG_KJERNE_DOD_AV_KREFT", "KRG_KJERNE_DODSARSAK"]
        if deathRows.contains(v.name) {
            keep = zip(keep, pop.person).map { $0 && d[Int($1)] != SynthDay.missing && d[Int($1)] < SyntheticCalendar.dataEnd }
        }
        // VITALSTATUS is "1" for as long as the case's person lives here: one spell.
        let f = frame(pop, v, keep: keep, meanYears: v.name == "KRG_KJERNE_VITALSTATUS" ? .infinity : nil)
        @Sendable func ck(_ r: Int) -> Int { Int(caseIndex[Int(f.unit[r])]) }
        let person = f.person
        switch v.name {
        case "KRG_KJERNE_PERSONID": return (f, .long(person.map { s.id[Int($0)] }))
        case "KRG_KJERNE_ICD10": return (f, labelled(f, labels: CancerTables.icdCodes) { Int32(c.icd[ck($0)]) })
        case "KRG_KJERNE_DIAGNOSEDATO": return (f, .date((0..<f.count).map { c.diagnosis[ck($0)] }))
        case "KRG_KJERNE_DIAGNOSEAAR": return (f, .long((0..<f.count).map { Int64(SynthDay.year(c.diagnosis[ck($0)])) }))
        case "KRG_KJERNE_ALDER_DIAGNOSE": return (f, .long((0..<f.count).map { Int64(c.ageAtDiagnosis[ck($0)]) }))
        case "KRG_KJERNE_STADIUM":
            // Summary stage: localised (I), regional (II–III), distant (IV), unknown.
            return (f, labelled(f, labels: ["1", "2", "3", "9"]) { r in
                switch c.stage[ck(r)] { case 1: 0; case 2, 3: 1; case 4: 2; default: 3 }
            })
        case "KRG_KJERNE_KJONN": return (f, labelled(f, labels: ["1", "2"]) { Int32(s.sex[Int(person[$0])] - 1) })
        case "KRG_KJERNE_FODSELSAAR": return (f, .long(person.map { Int64(SynthDay.year(s.birth[Int($0)])) }))
        case "KRG_KJERNE_DODSDATO": return (f, .date(person.map { d[Int($0)] }))
        case "KRG_KJERNE_DODSAAR": return (f, .long(person.map { Int64(SynthDay.year(d[Int($0)])) }))
        case "KRG_KJERNE_DOD_AV_KREFT":
            return (f, labelled(f, labels: ["0", "1"]) { r in c.cancerDeath[ck(r)] == d[Int(person[r])] ? 1 : 0 })
        case "KRG_KJERNE_DODSARSAK":
            return (f, labelled(f, labels: CancerTables.icdCodes + ["I21", "J18", "R99"]) { r in
                let k = ck(r)
                return c.cancerDeath[k] == d[Int(person[r])] ? Int32(c.icd[k]) : Int32(CancerTables.icdCodes.count + r % 3)
            })
        case "KRG_KJERNE_OVERLEVELSE_DAGER":
            let exits = exitDate
            return (f, .long((0..<f.count).map { r in Int64(min(exits[Int(person[r])], SyntheticCalendar.dataEnd) - 1 - c.diagnosis[ck(r)]) }))
        case "KRG_KJERNE_KOMMUNE_DIAGNOSE", "KRG_KJERNE_FYLKE_DIAGNOSE", "KRG_KJERNE_HELSEREGION", "KRG_KJERNE_HELSEFORETAK":
            let r = norway.residence
            let muni: [UInt16] = (0..<f.count).map { row in
                let p = Int(person[row]); return r.municipality(person: p, on: c.diagnosis[ck(row)]) ?? s.municipality[p]
            }
            switch v.name {
            case "KRG_KJERNE_KOMMUNE_DIAGNOSE": return (f, municipalityValues(f) { muni[$0] })
            case "KRG_KJERNE_FYLKE_DIAGNOSE": return (f, countyValues(f) { muni[$0] })
            case "KRG_KJERNE_HELSEREGION":
                return (f, labelled(f, labels: HealthTrusts.regionCodes) { Int32(HealthTrusts.byMunicipality.region[Int(muni[$0])]) })
            default:
                return (f, labelled(f, labels: HealthTrusts.trustCodes) { Int32(HealthTrusts.byMunicipality.trust[Int(muni[$0])]) })
            }
        case "KRG_KJERNE_VITALSTATUS":
            return (f, .string(codes: [Int32](repeating: 0, count: f.count), dictionary: ["1"]))
        default:
            return (f, nil)
        }
    }

    // MARK: jobs (a-ordningen)

    static var jobMonths: [(year: Int, month: Int)] {
        SyntheticCalendar.jobYears.flatMap { y in (1...12).map { (y, $0) } }
    }

    /// Bit t set = the person holds a job in month t of `jobMonths` (cached).
    var jobMask: [UInt64] {
        if let m = withLock({ jobMaskSlotValue }) { return m }
        let s = norway.skeleton, jobs = norway.jobs
        var mask = [UInt64](repeating: 0, count: s.count)
        for (t, ym) in Self.jobMonths.enumerated() {
            for p in jobs.month(year: ym.year, month: ym.month).person { mask[Int(p)] |= 1 << UInt64(t) }
        }
        withLock { jobMaskSlotValue = mask }
        return mask
    }

    func jobVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let s = norway.skeleton, all = jobMask
        let (from, to) = FrameBuilder.validity(v)
        let months = Self.jobMonths
        if v.temporality == .fixed {
            // One row per job ever held in the window.
            let pop = persons
            let keep = pop.person.map { all[Int($0)] != 0 }
            let jobPop = UnitPopulation(unitType: "JOBB", ids: pop.ids.map { $0 * 10 + 1 }, entry: pop.entry, exit: pop.exit, person: pop.person)
            let f = FrameBuilder.build(jobPop, perUnit: { keep[$0] ? 1 : 0 }, fill: { u, _, emit in
                guard keep[u] else { return }
                let first = SynthDay.jan1(SyntheticCalendar.jobYears.lowerBound)
                emit(SynthDay.missing, SyntheticCalendar.fixedStop, max(first, jobPop.entry[u]))
            })
            if v.name == "ARBEIDSFORHOLD_PERSON" || v.name == "ARBLONN_ARBEIDSFORHOLD_PERSON" {
                return (f, .long(f.person.map { s.id[Int($0)] }))
            }
            return (f, nil)
        }
        let status = v.temporality == .status
        let times: [(start: Int32, stop: Int32)] = months.map { ym in
            let first = SynthDay.from(year: ym.year, month: ym.month, day: 1)
            let last = (ym.month == 12 ? SynthDay.jan1(ym.year + 1) : SynthDay.from(year: ym.year, month: ym.month + 1, day: 1)) - 1
            let d16 = SynthDay.from(year: ym.year, month: ym.month, day: 16)
            return status ? (d16, d16) : (first, last)
        }
        var validBits: UInt64 = 0
        for (t, tm) in times.enumerated() where tm.start >= from && tm.start < to { validBits |= 1 << UInt64(t) }
        let exits = exitDate, valid = validBits
        // A job row on the 16th needs the holder still in Norway that day.
        let mask: [UInt64] = parallelFill(s.count, UInt64(0)) { r, out in
            for i in r {
                var m = all[i] & valid
                if m != 0 && status { for (t, tm) in times.enumerated() where tm.start >= exits[i] { m &= ~(1 << UInt64(t)) } }
                out[i] = m
            }
        }
        enum Kind { case hours, share, sector, wage, fullTime, fullPart, generic }
        let kind: Kind
        switch v.name {
        case "ARBLONN_ARB_ARBEIDSTID": kind = .hours
        case "ARBLONN_ARB_STILLINGSPST", "ARBLONN_ARB_STILLINGSPST_INNRAPP": kind = .share
        case "ARBLONN_FRTK_SEKTOR_2014": kind = .sector
        case "ARBLONN_LONN_FAST", "ARBLONN_LONN_FAST_INNRAPP", "ARBLONN_LONN_EKV_FMLONN", "ARBLONN_LONN_EKV_IALT",
             "ARBLONN_LONN_KONTANT_INNRAPP", "ARBLONN_LONN_KONTANT_IMP": kind = .wage
        case "ARBLONN_ARB_TIMEANT_FULLTID", "ARBLONN_ARB_TIMEANT_FULLTID_INNRAPP": kind = .fullTime
        case "ARBLONN_ARB_H3LDELTID": kind = .fullPart
        default: kind = .generic
        }
        let jobs = norway.jobs
        let (f, values) = layered(times: times, mask: mask, idOf: { s.id[$0] * 10 + 1 }, valuesAt: { t -> [Double] in
            if case .generic = kind { return [] }
            let rows = jobs.month(year: months[t].year, month: months[t].month)
            var out = [Double](repeating: 0, count: s.count)
            for k in 0..<rows.count {
                let p = Int(rows.person[k])
                switch kind {
                case .hours: out[p] = rows.hours[k]
                case .share: out[p] = rows.positionShare[k]
                case .sector: out[p] = Double(rows.sector[k])
                case .wage: out[p] = rows.wage[k]
                case .fullTime: out[p] = MonthlyJobs.fullTimeHours
                case .fullPart: out[p] = rows.positionShare[k] >= 100 ? 0 : 1
                case .generic: break
                }
            }
            return out
        }, isRow: { _ in true }, zero: 0.0)
        switch kind {
        case .generic: return (f, nil)
        case .sector: return (f, labelled(f, labels: MonthlyJobs.sectorCodes) { Int32(values[$0]) })
        case .fullPart: return (f, labelled(f, labels: ["1", "2"]) { Int32(values[$0]) })
        default: return (f, v.dataType == .long ? .long(values.map { Int64($0.rounded()) }) : .double(values))
        }
    }

    // MARK: NPR

    func nprVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let (from, to) = FrameBuilder.validity(v)
        let years = (NPRActivity.firstYear...NPRActivity.lastYear).filter { SynthDay.jan1($0) < to && SynthDay.jan1($0 + 1) > from }
        let data = years.map { nprYear($0) }
        let s = norway.skeleton
        let stays = v.unitType == "NPR_SYKEHUSOPPHOLD"
        let n = data.reduce(0) { $0 + (stays ? $1.stayCount : $1.episodeCount) }
        var fr = RowFrame(count: n)
        // Per row: (year slot, index inside the year).
        var slotV = [Int32](repeating: 0, count: n), localV = [Int32](repeating: 0, count: n)
        var j = 0
        for (y, yd) in data.enumerated() {
            let count = stays ? yd.stayCount : yd.episodeCount
            for k in 0..<count {
                let first = stays ? Int(yd.stayFirstEpisode[k]) : k
                let last = stays ? first + Int(yd.stayEpisodes[k]) - 1 : k
                fr.ids[j] = stays ? yd.stayID[k] : yd.episodeID[k]
                let inDay = yd.inDate[first], outDay = yd.outDate[last]
                if v.temporality == .event {
                    fr.starts[j] = inDay; fr.stops[j] = outDay
                } else {
                    fr.starts[j] = SynthDay.missing; fr.stops[j] = SyntheticCalendar.fixedStop
                }
                fr.unit[j] = Int32(j)
                fr.person[j] = yd.person[first]
                fr.ref[j] = inDay
                slotV[j] = Int32(y); localV[j] = Int32(first)
                j += 1
            }
        }
        let f = fr, slot = slotV, local = localV
        // Episode-level fields of the row (the stay's first episode for stays).
        func ep<T>(_ field: KeyPath<NPRActivity.Year, [T]>) -> [T] {
            (0..<n).map { data[Int(slot[$0])][keyPath: field][Int(local[$0])] }
        }
        let name = v.name
        let suffix = name.replacingOccurrences(of: "NPR_SYKEHUSOPPHOLD_", with: "").replacingOccurrences(of: "NPR_EPISODE_", with: "")
        switch suffix {
        case "PERSONID": return (f, .long(f.person.map { s.id[Int($0)] }))
        case "HOVEDTILSTAND1", "HOVEDTILSTAND":
            let dx = ep(\.diagnosis)
            return (f, labelled(f, labels: npr.icdLabels) { Int32(dx[$0]) })
        case "INNDATO": return (f, .date(f.ref))
        case "UTDATO":
            return (f, .date((0..<n).map { r in
                let yd = data[Int(slot[r])], first = Int(local[r])
                let last = stays ? first + Int(yd.stayEpisodes[Int(yd.stayIndex[first])]) - 1 : first
                return yd.outDate[last]
            }))
        case "LIGGETID":
            return (f, .long((0..<n).map { r in
                let yd = data[Int(slot[r])], first = Int(local[r])
                let last = stays ? first + Int(yd.stayEpisodes[Int(yd.stayIndex[first])]) - 1 : first
                return Int64(yd.outDate[last] - yd.inDate[first])
            }))
        case "OMSORGSNIVA", "KONTAKT", "OPPHOLD":
            let lv = ep(\.careLevel)
            return (f, labelled(f, labels: ["1", "2", "3"]) { Int32(lv[$0] - 1) })
        case "HASTEGRAD":
            let u = ep(\.urgency)
            return (f, labelled(f, labels: ["1", "4", "5"]) { u[$0] == 1 ? 0 : u[$0] == 4 ? 1 : 2 })
        case "SYKEHUSOPPHOLD", "AGGRSHOPPID":
            return (f, .long((0..<n).map { r in let yd = data[Int(slot[r])]; return yd.stayID[Int(yd.stayIndex[Int(local[r])])] }))
        case "ANTALL_EPISODER":
            return (f, .long((0..<n).map { r in let yd = data[Int(slot[r])]; return Int64(yd.stayEpisodes[Int(yd.stayIndex[Int(local[r])])]) }))
        case "HELSEREGION":
            let m = ep(\.municipality)
            return (f, labelled(f, labels: HealthTrusts.regionCodes) { Int32(HealthTrusts.byMunicipality.region[Int(m[$0])]) })
        case "HELSEFORETAK":
            let m = ep(\.municipality)
            return (f, labelled(f, labels: HealthTrusts.trustCodes) { Int32(HealthTrusts.byMunicipality.trust[Int(m[$0])]) })
        case "BOSTEDSKOMMUNE":
            let m = ep(\.municipality)
            return (f, municipalityValues(f) { m[$0] })
        case "ALDER":
            return (f, .long((0..<n).map { Int64(max(0, SynthDay.age(birth: s.birth[Int(f.person[$0])], at: f.ref[$0]))) }))
        case "KJONN":
            return (f, labelled(f, labels: ["1", "2"]) { Int32(s.sex[Int(f.person[$0])] - 1) })
        case "OVERFORT":
            return (f, labelled(f, labels: ["0", "1"]) { r in let yd = data[Int(slot[r])]; return yd.urgency[Int(local[r])] == 5 ? 1 : 0 })
        default:
            return (f, nil)
        }
    }
}
