import Foundation
import Testing
@testable import KohortCore

/// Every available catalogue variable generates, obeys its temporality's rules, has its
/// declared data type and unit type, and draws codes from its code list valid on the date.
@Suite(.serialized) struct SyntheticEveryVariableTests {
    static let groups: [String] = {
        let served = StoreFixture.source.servedVariables
        return Array(Set(served.map { "\($0.datastore) \($0.unitType)" })).sorted()
    }()

    @Test(arguments: groups)
    func everyVariableGeneratesAndFollowsTheRules(group: String) throws {
        let source = StoreFixture.source, catalogue = StoreFixture.catalogue
        let vars = source.servedVariables.filter { "\($0.datastore) \($0.unitType)" == group }
        var empty: [String] = []
        for cv in vars {
            let v = try source.variable(cv.name, datastore: cv.datastore, version: 1)
            #expect(v.meta.temporality.rawValue == cv.temporality.rawValue, "\(cv.name) temporality")
            #expect(v.meta.dataType.rawValue == cv.dataType.rawValue, "\(cv.name) data type")
            #expect(v.meta.unitType == cv.unitType, "\(cv.name) unit type")
            if v.rowCount == 0 { empty.append(cv.name); continue }
            let t = try temporalProblems(v)
            #expect(t.isEmpty, "\(cv.name): \(t)")
            let c = try codeProblems(v, cv, catalogue: catalogue)
            #expect(c.isEmpty, "\(cv.name): \(c)")
            if let range = cv.valueDomain.describedRange, cv.dataType == .long || cv.dataType == .double {
                let values: [Double] = cv.dataType == .long ? try v.values(as: Int64.self).toArray().map(Double.init)
                    : try v.values(as: Double.self).toArray()
                if let lo = range.lower { #expect(values.allSatisfy { $0 >= lo }, "\(cv.name) below \(lo)") }
                if let hi = range.upper { #expect(values.allSatisfy { $0 <= hi }, "\(cv.name) above \(hi)") }
            }
        }
        // At 20 000 persons a rare quality-register form may have no case; everything else has rows.
        let allowedEmpty = empty.filter { $0.hasPrefix("KRG_") && !$0.hasPrefix("KRG_KJERNE_") }
        #expect(empty == allowedEmpty, "\(group): variables without rows: \(empty)")
    }
}

/// Consistency a researcher would check, and NPR calibration at scale.
@Suite(.serialized) struct SyntheticConsistencyTests {
    let source = StoreFixture.source
    var norway: SyntheticNorway { source.producer.norway }

    func ids(_ name: String, _ store: String) throws -> [Int64] { try source.variable(name, datastore: store, version: 1).ids().toArray() }

    @Test func personRowsStayInsideLife() throws {
        let s = norway.skeleton, d = norway.deathDate
        var index: [Int64: Int] = [:]
        for i in 0..<s.count { index[s.id[i]] = i }
        for (name, store) in [("BEFOLKNING_KOMMNR_FORMELL", "no.ssb.fdb"), ("INNTEKT_WLONN", "no.ssb.fdb"),
                              ("SIVSTANDFDT_SIVSTAND", "no.ssb.fdb"), ("NUDB_BU", "no.ssb.fdb")] {
            let v = try source.variable(name, datastore: store, version: 1)
            let id = try v.ids().toArray(), st = try v.starts().toArray(), sp = try v.stops().toArray()
            var bad = 0
            for k in 0..<id.count {
                let i = index[id[k]]!
                if st[k] < s.birth[i] { bad += 1 }
                if d[i] != SynthDay.missing && (st[k] >= d[i] || (sp[k] != SynthDay.missing && sp[k] >= d[i])) { bad += 1 }
            }
            #expect(bad == 0, "\(name): \(bad) rows before birth or after death")
        }
    }

    @Test func qualityRegisterRowsOnlyForTheirFormAndFromValidFrom() throws {
        let cat = StoreFixture.catalogue
        let c = norway.cancer
        var caseIndex: [Int64: Int] = [:]
        for k in 0..<c.count { caseIndex[c.caseID[k]] = k }
        let checked = source.servedVariables.filter { $0.datastore == "no.fhi.krg" && !$0.cancerForms.isEmpty }.prefix(40)
        #expect(!checked.isEmpty)
        for cv in checked {
            let v = try source.variable(cv.name, datastore: "no.fhi.krg", version: 1)
            let from = cv.validFrom?.value ?? Int32.min
            for id in try v.ids().toArray() {
                let k = caseIndex[id]!
                #expect(c.diagnosis[k] >= from, "\(cv.name): case diagnosed before valid-from")
                let forms = SyntheticProducer.form(icd: CancerTables.icdCodes[Int(c.icd[k])], age: Int(c.ageAtDiagnosis[k]))
                #expect(!forms.isDisjoint(with: Set(cv.cancerForms)), "\(cv.name): case of another cancer form")
            }
        }
        _ = cat
    }

    @Test func cancerCoreMatchesTheGenerator() throws {
        let age = try source.variable("KRG_KJERNE_ALDER_DIAGNOSE", datastore: "no.fhi.krg", version: 1)
        let dx = try source.variable("KRG_KJERNE_DIAGNOSEDATO", datastore: "no.fhi.krg", version: 1)
        let pid = try source.variable("KRG_KJERNE_PERSONID", datastore: "no.fhi.krg", version: 1)
        #expect(age.rowCount == dx.rowCount && dx.rowCount == pid.rowCount && age.rowCount == norway.cancer.count)
        let s = norway.skeleton
        var birth: [Int64: Int32] = [:]
        for i in 0..<s.count { birth[s.id[i]] = s.birth[i] }
        let a = try age.values(as: Int64.self).toArray(), d = try dx.values(as: Int32.self).toArray(), p = try pid.values(as: Int64.self).toArray()
        for k in 0..<a.count { #expect(Int(a[k]) == SynthDay.age(birth: birth[p[k]]!, at: d[k])) }
    }

    @Test func nprStaysHaveOutOnOrAfterIn() throws {
        let inn = try source.variable("NPR_SYKEHUSOPPHOLD_INNDATO", datastore: "no.fhi.npr", version: 1).values(as: Int32.self).toArray()
        let ut = try source.variable("NPR_SYKEHUSOPPHOLD_UTDATO", datastore: "no.fhi.npr", version: 1).values(as: Int32.self).toArray()
        #expect(inn.count == ut.count && !inn.isEmpty)
        #expect(zip(inn, ut).allSatisfy { $0 <= $1 })
        let einn = try source.variable("INNDATO", datastore: "no.fhi.npr", version: 1).values(as: Int32.self).toArray()
        let eut = try source.variable("UTDATO", datastore: "no.fhi.npr", version: 1).values(as: Int32.self).toArray()
        #expect(zip(einn, eut).allSatisfy { $0 <= $1 })
    }

    /// calibration.md §3 scaled to 20 000 persons; tolerances ±12 % (patients, outpatient),
    /// ±20 % (inpatient stays, day treatments: ≈ 3 000 and ≈ 1 200 rows at this size).
    @Test func nprYearMatchesCalibration() {
        let y = source.producer.nprYear(2019)
        let scale = norway.config.scale
        var patients = Set<Int32>(), inpatient = 0, day = 0, outpatient = 0
        for k in 0..<y.stayCount {
            let e = Int(y.stayFirstEpisode[k])
            patients.insert(y.person[e])
            switch y.careLevel[e] { case 1: inpatient += 1; case 2: day += 1; default: outpatient += 1 }
        }
        func close(_ got: Int, _ target: Double, _ tol: Double, _ what: String) {
            #expect(abs(Double(got) / (target * scale) - 1) < tol, "\(what): \(got) vs \(target * scale)")
        }
        close(patients.count, NPRActivity.patientsTarget, 0.12, "patients")
        close(inpatient, NPRActivity.inpatientTarget, 0.2, "inpatient stays")
        close(day, NPRActivity.dayTarget, 0.2, "day treatments")
        close(outpatient, NPRActivity.outpatientTarget, 0.12, "outpatient consultations")
        #expect(zip(y.inDate, y.outDate).allSatisfy { $0 <= $1 })
    }

    /// Cancer patients' contacts concentrate around diagnosis, more for higher stage.
    @Test func cancerPatientsUseHospitalsAroundDiagnosis() {
        let c = norway.cancer
        var perStage = [Double](repeating: 0, count: 5), casesPerStage = [Double](repeating: 0, count: 5)
        let years = (2017...2023).map { source.producer.nprYear($0) }
        var contacts: [Int32: [Int32]] = [:]
        for y in years { for e in 0..<y.episodeCount { contacts[y.person[e], default: []].append(y.inDate[e]) } }
        for k in 0..<c.count where c.diagnosis[k] >= SynthDay.jan1(2018) && c.diagnosis[k] < SynthDay.jan1(2022) {
            let st = Int(c.stage[k]), slot = st >= 1 && st <= 4 ? st - 1 : 4
            let dx = c.diagnosis[k]
            let near = contacts[c.person[k]]?.filter { $0 >= dx - 60 && $0 < dx + 365 }.count ?? 0
            perStage[slot] += Double(near); casesPerStage[slot] += 1
        }
        let mean = (0..<4).map { perStage[$0] / max(1, casesPerStage[$0]) }
        #expect(mean[3] > mean[0], "stage IV \(mean[3]) vs stage I \(mean[0]) contacts in the year after diagnosis")
        #expect(mean[0] > 3, "stage I patients have \(mean[0]) contacts around diagnosis")
    }
}
