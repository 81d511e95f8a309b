import Foundation
@testable import KohortCore
import TestSupport

/// A small datastore with known values, built once per test run through the Store API.
///
/// 2000 persons (ids 1…2000):
/// - BEFOLKNING_KJOENN (FIXED STRING): '1' for odd ids, '2' for even.
/// - BEFOLKNING_FOEDSELS_AAR_MND (FIXED LONG): 1950 + id % 50, month id % 12 + 1 → yyyymm.
/// - BEFOLKNING_FOEDSELSDATO (FIXED DATE): 1950 + id % 50 - 06 - 15.
/// - SIVSTANDFDT_SIVSTAND (EVENT STRING): id % 4 == 1: '2' 2000-01-01…2019-12-31, then '4' from
///   2020-01-01 (ongoing); id % 4 == 0: '2' from 2000-01-01; others '1' from 2000-01-01.
/// - INNTEKT_BRUTTOFORM (ACCUMULATED LONG): 2019 → id·100, 2020 → id·100 + 1.
/// - BEFOLKNING_STATUSKODE (STATUS STRING): on 2015-01-01 '1' for all; on 2021-01-01 '1' for
///   id ≤ 1900, '3' above.
/// - BEFOLKNING_DOEDS_DATO (FIXED LONG, YYYYMMDD): 20220315 for ids divisible by 3.
/// - INNTEKT_WLONN (ACCUMULATED DOUBLE) 2020 only for id ≤ 1500: id · 1.5.
/// Cancer registry no.fhi.krg (unit KRG_KREFTTILFELLE, case ids 1…600): case c belongs to
/// person (c - 1) % 300 + 1 (KRG_KJERNE_PERSONID; two cases each for persons 1…300);
/// KRG_KJERNE_ICD10 'C34' for odd cases, 'C50' for even; KRG_KJERNE_DIAGNOSEDATO 2015-01-01 + c
/// days; KRG_KJERNE_STADIUM '1'…'4' by c % 4; KRG_KJERNE_ALDER_DIAGNOSE 40 + c % 50.
enum EngineFixture {
    static let persons = 2000

    static let directory: URL = {
        // KOHORT_ENGINE_FIXTURE=DIR keeps the stores there (to try `kohort run --datastore` by hand).
        let root = ProcessInfo.processInfo.environment["KOHORT_ENGINE_FIXTURE"].map { URL(fileURLWithPath: $0) }
            ?? TestTemporary.root.appendingPathComponent("kohort-engine-\(UUID().uuidString)")
        try! build(root)
        return root
    }()

    static func day(_ s: String) -> Int32 { EpochDays.parse(s)! }

    static func meta(_ name: String, _ t: Microdata.Temporality, _ type: Microdata.DataType, rows: Int, unit: String = "PERSON") -> VariableMeta {
        VariableMeta(name: name, temporality: t, dataType: type, unitType: unit, rowCount: rows, generator: "test")
    }

    static func strings(_ values: [String]) -> ValueColumn {
        let dict = Array(Set(values)).sorted()
        return .string(codes: values.map { Int32(dict.firstIndex(of: $0)!) }, dictionary: dict)
    }

    static func build(_ root: URL) throws {
        let ids = (1...persons).map(Int64.init)
        let none = [Int32](repeating: EpochDays.missing, count: persons)
        let fixedStop = [Int32](repeating: day("2024-12-31"), count: persons)
        let ssb = try Datastore.openOrNew(root.appendingPathComponent("ssb"), name: "no.ssb.fdb")
        try ssb.publish(releaseNote: "test") { area in
            func add(_ name: String, _ t: Microdata.Temporality, _ cols: VariableColumns, unit: String = "PERSON") throws {
                try area.add(cols, meta: meta(name, t, cols.values.dataType, rows: cols.count, unit: unit))
            }
            try add("BEFOLKNING_KJOENN", .fixed, VariableColumns(ids: ids, starts: none, stops: fixedStop,
                                                               values: strings(ids.map { $0 % 2 == 1 ? "1" : "2" })))
            try add("BEFOLKNING_FOEDSELS_AAR_MND", .fixed, VariableColumns(ids: ids, starts: none, stops: fixedStop,
                                                                          values: .long(ids.map { (1950 + $0 % 50) * 100 + $0 % 12 + 1 })))
            try add("BEFOLKNING_FOEDSELSDATO", .fixed, VariableColumns(ids: ids, starts: none, stops: fixedStop,
                                                                      values: .date(ids.map { EpochDays.from(year: 1950 + Int($0 % 50), month: 6, day: 15)! })))
            var sid: [Int64] = [], ss: [Int32] = [], se: [Int32] = [], sv: [String] = []
            for id in ids {
                if id % 4 == 1 {
                    sid += [id, id]; ss += [day("2000-01-01"), day("2020-01-01")]; se += [day("2019-12-31"), EpochDays.missing]; sv += ["2", "4"]
                } else {
                    sid.append(id); ss.append(day("2000-01-01")); se.append(EpochDays.missing); sv.append(id % 4 == 0 ? "2" : "1")
                }
            }
            try add("SIVSTANDFDT_SIVSTAND", .event, VariableColumns(ids: sid, starts: ss, stops: se, values: strings(sv)))
            var iid: [Int64] = [], istart: [Int32] = [], istop: [Int32] = [], iv: [Int64] = []
            for id in ids {
                iid += [id, id]; istart += [day("2019-01-01"), day("2020-01-01")]; istop += [day("2019-12-31"), day("2020-12-31")]
                iv += [id * 100, id * 100 + 1]
            }
            try add("INNTEKT_BRUTTOFORM", .accumulated, VariableColumns(ids: iid, starts: istart, stops: istop, values: .long(iv)))
            let statusIDs = ids.flatMap { [$0, $0] }
            let statusDays = ids.flatMap { _ in [day("2015-01-01"), day("2021-01-01")] }
            try add("BEFOLKNING_STATUSKODE", .status, VariableColumns(ids: statusIDs, starts: statusDays, stops: statusDays,
                                                                     values: strings(ids.flatMap { ["1", $0 <= 1900 ? "1" : "3"] })))
            let dead = ids.filter { $0 % 3 == 0 }
            try add("BEFOLKNING_DOEDS_DATO", .fixed, VariableColumns(ids: dead, starts: dead.map { _ in EpochDays.missing },
                                                                    stops: dead.map { _ in day("2024-12-31") },
                                                                    values: .long(dead.map { _ in 20220315 })))
            let w = Array(ids.prefix(1500))
            try add("INNTEKT_WLONN", .accumulated, VariableColumns(ids: w, starts: w.map { _ in day("2020-01-01") },
                                                                   stops: w.map { _ in day("2020-12-31") },
                                                                   values: .double(w.map { Double($0) * 1.5 })))
        }
        let cases = (1...600).map(Int64.init)
        let cnone = [Int32](repeating: EpochDays.missing, count: 600)
        let cstop = [Int32](repeating: day("2024-12-31"), count: 600)
        let krg = try Datastore.openOrNew(root.appendingPathComponent("krg"), name: "no.fhi.krg")
        try krg.publish(releaseNote: "test") { area in
            func add(_ name: String, _ values: ValueColumn) throws {
                let cols = VariableColumns(ids: cases, starts: cnone, stops: cstop, values: values)
                try area.add(cols, meta: meta(name, .fixed, values.dataType, rows: 600, unit: "KRG_KREFTTILFELLE"))
            }
            try add("KRG_KJERNE_PERSONID", .long(cases.map { ($0 - 1) % 300 + 1 }))
            try add("KRG_KJERNE_ICD10", strings(cases.map { $0 % 2 == 1 ? "C34" : "C50" }))
            try add("KRG_KJERNE_DIAGNOSEDATO", .date(cases.map { day("2015-01-01") + Int32($0) }))
            try add("KRG_KJERNE_STADIUM", strings(cases.map { String($0 % 4 + 1) }))
            try add("KRG_KJERNE_ALDER_DIAGNOSE", .long(cases.map { 40 + $0 % 50 }))
        }
    }

    /// The fixture stores, offered under versions 1, 23 and 30 (all the same data), so the
    /// scripts of issue 4 that pin :23 and :30 run unchanged.
    struct Source: VariableSource {
        let inner: DatastoreSetSource
        var datastoreNames: [String] { inner.datastoreNames }
        func versions(of datastore: String) throws -> [Int] { _ = try inner.versions(of: datastore); return [1, 23, 30] }
        func variable(_ name: String, datastore: String, version: Int) throws -> StoredVariable {
            try inner.variable(name, datastore: datastore, version: 1)
        }
        func variableNames(datastore: String, version: Int) throws -> [String] {
            try inner.variableNames(datastore: datastore, version: 1)
        }
        func policy(datastore: String) throws -> DisclosurePolicy { .default }
    }

    static func source() throws -> Source {
        Source(inner: DatastoreSetSource(try DatastoreSet(directories: [directory.appendingPathComponent("ssb"), directory.appendingPathComponent("krg")])))
    }

    static func engine() throws -> ScriptEngine { ScriptEngine(source: try source()) }

    /// Runs a script, returning the engine and the results; errors propagate.
    @discardableResult
    static func run(_ script: String, in engine: inout ScriptEngine) throws(ScriptDiagnostic) -> [ReleasedResult] {
        var results: [ReleasedResult] = []
        try engine.run(script: script, fileName: "test.txt") { results.append($0) }
        return results
    }

    static let header = """
    require no.ssb.fdb:30 as db
    require no.fhi.krg as krg

    """
}

extension ScriptEngine {
    /// A numeric column of the current dataset (tests only).
    func numbers(_ name: String) throws -> [Double] {
        try workspace.current!.withNumbers(name) { Array($0) }
    }
    /// A string column of the current dataset as strings, nil = missing (tests only).
    func texts(_ name: String) throws -> [String?] {
        let (codes, table) = try workspace.current!.codes(name)
        return codes.map { $0 < 0 ? nil : table[Int($0)] }
    }
    var rows: Int { workspace.current?.rowCount ?? -1 }
}
