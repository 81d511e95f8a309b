import Foundation

/// The generated variables as `GeneratedColumn`s: the only thing a store writer needs.
///
/// Names follow microdata.no where the catalogue has them (KRG_KJERNE_*, INNTEKT_*, NUDB_BU,
/// BEFOLKNING_*); a store maps any others. Each call generates the column from the cached
/// components (first use builds the component), so importing a variable costs only that variable.
public extension SyntheticNorway {
    static let fixedPersonVariables = ["BEFOLKNING_KJOENN", "BEFOLKNING_FOEDSELS_AAR_MND", "BEFOLKNING_FOEDSELSDATO",
                                       "BEFOLKNING_DOEDS_DATO", "BEFOLKNING_FODELAND", "BEFOLKNING_INVKAT",
                                       "BEFOLKNING_MOR_FNR", "BEFOLKNING_FAR_FNR", "INNVANDRING_DATO", "UTVANDRING_DATO"]
    static let statusPersonVariables = ["BEFOLKNING_KOMMNR_FORMELL", "BEFOLKNING_SIVSTAND", "BEFOLKNING_EKTEFELLE_FNR", "NUDB_BU"]
    static let accumulatedPersonVariables = ["INNTEKT_WLONN", "INNTEKT_BRUTTOFORM"]
    static let cancerVariables = ["KRG_KJERNE_PERSONID", "KRG_KJERNE_ICD10", "KRG_KJERNE_DIAGNOSEDATO",
                                  "KRG_KJERNE_DIAGNOSEAAR", "KRG_KJERNE_ALDER_DIAGNOSE", "KRG_KJERNE_STADIUM",
                                  "KRG_KJERNE_KJONN", "KRG_KJERNE_FODSELSAAR", "KRG_KJERNE_DODSDATO", "KRG_KJERNE_DOD_AV_KREFT",
                                  "KRG_KJERNE_OVERLEVELSE_DAGER", "KRG_KJERNE_KOMMUNE_DIAGNOSE", "KRG_KJERNE_FYLKE_DIAGNOSE",
                                  "KRG_KJERNE_HELSEREGION", "KRG_KJERNE_HELSEFORETAK"]
    static let jobVariables = ["ARBLONN_ARBEIDSFORHOLD_PERSON", "ARBLONN_ARB_ARBEIDSTID", "ARBLONN_ARB_STILLINGSPST",
                               "ARBLONN_LONN_KONTANT", "ARBLONN_FRTK_SEKTOR_2014"]
    /// Residence spells (EVENT).
    static let residenceVariable = "BEFOLKNING_BOSTEDSKOMMUNE_SPELL"

    /// FIXED values are stamped with the end of data as their stop date.
    static let fixedStop = SynthDay.from(year: 2025, month: 12, day: 31)

    /// A FIXED person variable for every person ever registered (rows only where defined).
    func fixedColumn(_ name: String) -> GeneratedColumn? {
        let s = skeleton
        func column(_ rows: [Int], _ values: GeneratedValues) -> GeneratedColumn {
            GeneratedColumn(name: name, unitType: "PERSON", temporality: .fixed, ids: rows.map { s.id[$0] },
                            values: values, start: [Int32](repeating: SynthDay.missing, count: rows.count),
                            stop: [Int32](repeating: SyntheticNorway.fixedStop, count: rows.count))
        }
        let all = Array(0..<s.count)
        switch name {
        case "BEFOLKNING_KJOENN":
            return column(all, .codes(s.sex.map { UInt16($0 - 1) }, labels: ["1", "2"]))
        case "BEFOLKNING_FOEDSELS_AAR_MND":
            return column(all, .int64(s.birth.map { let c = SynthDay.civil($0); return Int64(c.year * 100 + c.month) }))
        case "BEFOLKNING_FOEDSELSDATO":
            return column(all, .date(s.birth))
        case "BEFOLKNING_DOEDS_DATO":
            let d = deathDate
            let rows = all.filter { d[$0] != SynthDay.missing }
            return column(rows, .date(rows.map { d[$0] }))
        case "BEFOLKNING_FODELAND":
            return column(all, .codes(s.country.map { UInt16($0) }, labels: PopulationTables.countryCodes))
        case "BEFOLKNING_INVKAT":
            let f = family
            let codes: [UInt16] = all.map { i in
                if s.immigration[i] != SynthDay.missing { return 1 }
                let m = f.mother[i], fa = f.father[i]
                let mi = m >= 0 && s.immigration[Int(m)] != SynthDay.missing
                let fi = fa >= 0 && s.immigration[Int(fa)] != SynthDay.missing
                return mi && fi ? 2 : (mi || fi) ? 3 : 0
            }
            return column(all, .codes(codes, labels: ["A", "B", "C", "F"]))
        case "BEFOLKNING_MOR_FNR", "BEFOLKNING_FAR_FNR":
            let links = name == "BEFOLKNING_MOR_FNR" ? family.mother : family.father
            let rows = all.filter { links[$0] >= 0 }
            return column(rows, .int64(rows.map { s.id[Int(links[$0])] }))
        case "INNVANDRING_DATO":
            let rows = all.filter { s.immigration[$0] != SynthDay.missing }
            return column(rows, .date(rows.map { s.immigration[$0] }))
        case "UTVANDRING_DATO":
            let rows = all.filter { s.emigration[$0] != SynthDay.missing }
            return column(rows, .date(rows.map { s.emigration[$0] }))
        default:
            return nil
        }
    }

    /// A STATUS person variable on `date`, for everyone living in Norway that day.
    func statusColumn(_ name: String, on date: Int32) -> GeneratedColumn? {
        let s = skeleton, d = deathDate
        let rows = (0..<s.count).filter { isPresent($0, on: date, deathDate: d) }
        func column(_ rows: [Int], _ values: GeneratedValues) -> GeneratedColumn {
            GeneratedColumn(name: name, unitType: "PERSON", temporality: .status, ids: rows.map { s.id[$0] },
                            values: values, start: [Int32](repeating: date, count: rows.count),
                            stop: [Int32](repeating: date, count: rows.count))
        }
        switch name {
        case "BEFOLKNING_KOMMNR_FORMELL":
            let m = residence.municipality(on: date, persons: s.count)
            let kept = rows.filter { m[$0] != .max }
            return column(kept, .codes(kept.map { m[$0] }, labels: Geography.shared.codes))
        case "BEFOLKNING_SIVSTAND":
            let st = family.maritalStatus(on: date, deathDate: d)
            return column(rows, .codes(rows.map { UInt16(st[$0] - 1) }, labels: ["1", "2", "3", "4"]))
        case "BEFOLKNING_EKTEFELLE_FNR":
            let f = family
            let kept = rows.filter { f.isMarried($0, on: date, deathDate: d) }
            return column(kept, .int64(kept.map { s.id[Int(f.spouse[$0])] }))
        case "NUDB_BU":
            let e = education
            let kept = rows.filter { SynthDay.age(birth: s.birth[$0], at: date) >= 16 }
            let labels = (0..<100).map { Education.nusCode(level: UInt8($0 / 10), field: UInt8($0 % 10)) }
            return column(kept, .codes(kept.map {
                UInt16(Int(e.level($0, on: date, birth: s.birth[$0])) * 10 + Int(e.field[$0]))
            }, labels: labels))
        default:
            return nil
        }
    }

    /// An ACCUMULATED person variable for one calendar year.
    func accumulatedColumn(_ name: String, year: Int) -> GeneratedColumn? {
        switch name {
        case "INNTEKT_WLONN": income.wageIncome(year: year)
        case "INNTEKT_BRUTTOFORM": income.wealth(year: year)
        default: nil
        }
    }

    /// A FIXED variable of the cancer cases (unit KRG_KREFTTILFELLE, id = KRG_TILFELLEID).
    func cancerColumn(_ name: String) -> GeneratedColumn? {
        let c = cancer, s = skeleton, d = deathDate
        let persons = c.person.map { Int($0) }
        let values: GeneratedValues
        switch name {
        case "KRG_KJERNE_PERSONID": values = .int64(persons.map { s.id[$0] })
        case "KRG_KJERNE_ICD10": values = .codes(c.icd, labels: CancerTables.icdCodes)
        case "KRG_KJERNE_DIAGNOSEDATO": values = .date(c.diagnosis)
        case "KRG_KJERNE_DIAGNOSEAAR": values = .int64(c.diagnosis.map { Int64(SynthDay.year($0)) })
        case "KRG_KJERNE_ALDER_DIAGNOSE": values = .int64(c.ageAtDiagnosis.map { Int64($0) })
        case "KRG_KJERNE_STADIUM":
            values = .codes(c.stage.map { $0 == 9 ? 4 : UInt16($0 - 1) }, labels: CancerTables.stageCodes)
        case "KRG_KJERNE_KJONN": values = .codes(persons.map { UInt16(s.sex[$0] - 1) }, labels: ["1", "2"])
        case "KRG_KJERNE_FODSELSAAR": values = .int64(persons.map { Int64(SynthDay.year(s.birth[$0])) })
        case "KRG_KJERNE_OVERLEVELSE_DAGER":
            // Days from diagnosis to death, emigration or the end of follow-up (31 Dec 2025).
            values = .int64((0..<c.count).map { k in
                var end = PersonSkeleton.dataEnd - 1
                let p = persons[k]
                if d[p] != SynthDay.missing { end = min(end, d[p]) }
                if s.emigration[p] != SynthDay.missing { end = min(end, s.emigration[p]) }
                return Int64(end - c.diagnosis[k])
            })
        case "KRG_KJERNE_KOMMUNE_DIAGNOSE", "KRG_KJERNE_FYLKE_DIAGNOSE", "KRG_KJERNE_HELSEREGION", "KRG_KJERNE_HELSEFORETAK":
            // Residence on the diagnosis date (2024 municipality codes throughout).
            let r = residence, geo = Geography.shared
            let muni = (0..<c.count).map { r.municipality(person: persons[$0], on: c.diagnosis[$0]) ?? s.municipality[persons[$0]] }
            switch name {
            case "KRG_KJERNE_KOMMUNE_DIAGNOSE": values = .codes(muni, labels: geo.codes)
            case "KRG_KJERNE_FYLKE_DIAGNOSE":
                values = .codes(muni.map { UInt16(geo.countyIndex[Int($0)]) },
                                labels: Geography.counties.map { String(format: "%02d", $0.code) })
            case "KRG_KJERNE_HELSEREGION":
                values = .codes(muni.map { HealthTrusts.byMunicipality.region[Int($0)] }, labels: HealthTrusts.regionCodes)
            default:
                values = .codes(muni.map { HealthTrusts.byMunicipality.trust[Int($0)] }, labels: HealthTrusts.trustCodes)
            }
        case "KRG_KJERNE_DODSDATO", "KRG_KJERNE_DOD_AV_KREFT":
            let rows = (0..<c.count).filter { d[persons[$0]] != SynthDay.missing }
            let v: GeneratedValues = name == "KRG_KJERNE_DODSDATO"
                ? .date(rows.map { d[persons[$0]] })
                : .codes(rows.map { c.cancerDeath[$0] == d[persons[$0]] ? 0 : 1 }, labels: ["1", "0"])
            return GeneratedColumn(name: name, unitType: "KRG_KREFTTILFELLE", temporality: .fixed,
                                   ids: rows.map { c.caseID[$0] }, values: v,
                                   start: [Int32](repeating: SynthDay.missing, count: rows.count),
                                   stop: [Int32](repeating: SyntheticNorway.fixedStop, count: rows.count))
        default: return nil
        }
        return GeneratedColumn(name: name, unitType: "KRG_KREFTTILFELLE", temporality: .fixed, ids: c.caseID,
                               values: values, start: [Int32](repeating: SynthDay.missing, count: c.count),
                               stop: [Int32](repeating: SyntheticNorway.fixedStop, count: c.count))
    }

    /// Residence spells as an EVENT column (stop missing = ongoing).
    func residenceColumn() -> GeneratedColumn {
        let r = residence, s = skeleton
        return GeneratedColumn(name: SyntheticNorway.residenceVariable, unitType: "PERSON", temporality: .event,
                               ids: r.person.map { s.id[Int($0)] },
                               values: .codes(r.municipality, labels: Geography.shared.codes),
                               start: r.start, stop: r.stop)
    }

    /// The job variables of one month (unit JOBB), start = 1st, stop = last day of the month.
    func jobColumns(year: Int, month: Int) -> [GeneratedColumn] {
        let rows = jobs.month(year: year, month: month)
        let s = skeleton
        let first = rows.date
        let last = (month == 12 ? SynthDay.jan1(year + 1) : SynthDay.from(year: year, month: month + 1, day: 1)) - 1
        func column(_ name: String, _ v: GeneratedValues) -> GeneratedColumn {
            GeneratedColumn(name: name, unitType: "JOBB", temporality: .accumulated, ids: rows.jobID, values: v,
                            start: [Int32](repeating: first, count: rows.count),
                            stop: [Int32](repeating: last, count: rows.count))
        }
        return [
            column("ARBLONN_ARBEIDSFORHOLD_PERSON", .int64(rows.person.map { s.id[Int($0)] })),
            column("ARBLONN_ARB_ARBEIDSTID", .double(rows.hours)),
            column("ARBLONN_ARB_STILLINGSPST", .double(rows.positionShare)),
            column("ARBLONN_LONN_KONTANT", .double(rows.wage)),
            column("ARBLONN_FRTK_SEKTOR_2014", .codes(rows.sector.map { UInt16($0) }, labels: MonthlyJobs.sectorCodes)),
        ]
    }
}
