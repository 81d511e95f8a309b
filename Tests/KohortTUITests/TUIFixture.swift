import Foundation
@testable import KohortCore
import TestSupport

/// A small datastore for the workspace tests, built once through the Store API.
/// 300 persons (ids 1…300): BEFOLKNING_STATUSKODE '1' on 2020-01-01 for ids ≤ 280, '3' above;
/// BEFOLKNING_KJOENN '1' odd / '2' even; INNTEKT_WLONN (ACCUMULATED DOUBLE) 2020: id · 100.
enum TUIFixture {
    static let directory: URL = {
        let root = TestTemporary.root.appendingPathComponent("kohort-tui-\(UUID().uuidString)")
        try! build(root)
        return root
    }()

    static func build(_ root: URL) throws {
        let n = 300
        let ids = (1...n).map(Int64.init)
        let none = [Int32](repeating: EpochDays.missing, count: n)
        let stop = [Int32](repeating: EpochDays.parse("2024-12-31")!, count: n)
        let day = EpochDays.parse("2020-01-01")!
        func strings(_ values: [String]) -> ValueColumn {
            let dict = Array(Set(values)).sorted()
            return .string(codes: values.map { Int32(dict.firstIndex(of: $0)!) }, dictionary: dict)
        }
        let ssb = try Datastore.openOrNew(root.appendingPathComponent("ssb"), name: "no.ssb.fdb")
        try ssb.publish(releaseNote: "test") { area in
            func add(_ name: String, _ t: Microdata.Temporality, _ cols: VariableColumns) throws {
                try area.add(cols, meta: VariableMeta(name: name, temporality: t, dataType: cols.values.dataType, unitType: "PERSON",
                                                      rowCount: cols.count, generator: "test"))
            }
            try add("BEFOLKNING_KJOENN", .fixed, VariableColumns(ids: ids, starts: none, stops: stop, values: strings(ids.map { $0 % 2 == 1 ? "1" : "2" })))
            try add("BEFOLKNING_STATUSKODE", .status, VariableColumns(ids: ids, starts: ids.map { _ in day }, stops: ids.map { _ in day },
                                                                     values: strings(ids.map { $0 <= 280 ? "1" : "3" })))
            try add("INNTEKT_WLONN", .accumulated, VariableColumns(ids: ids, starts: ids.map { _ in day }, stops: ids.map { _ in EpochDays.parse("2020-12-31")! },
                                                                  values: .double(ids.map { Double($0) * 100 })))
        }
    }

    static func session() throws -> SessionCore {
        SessionCore(source: DatastoreSetSource(try DatastoreSet(directories: [directory.appendingPathComponent("ssb")])))
    }
}

/// Released results of every kind, made through the Disclosure layer as the engine would.
enum SampleResults {
    static let policy = DisclosurePolicy.default
    static let key = RecordKey(policy: .default)
    static func keys(_ n: Int, from first: Int64 = 1) -> [UInt64] { (0..<Int64(n)).map { key(first + $0) } }
    static func keySum(_ ids: ClosedRange<Int64>) -> UInt64 { ids.reduce(UInt64(0)) { $0 &+ key($1) } }
    static func values(_ n: Int, seed: UInt64 = 7, scale: Double = 1000) -> [Double] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) / Double(1 << 53) * scale
        }
    }
    static func table(_ dims: [String], _ cats: [[String]], _ counts: [Int]) -> RawTable {
        var acc = CellKeyAccumulator(cells: counts.count)
        var id: Int64 = 1
        for (cell, n) in counts.enumerated() { for _ in 0..<n { acc.add(cell: cell, recordKey: key(id)); id += 1 } }
        return RawTable(dimensions: dims, categories: cats, accumulator: acc)
    }

    static func all() throws -> [String: ReleasedResult] {
        var out: [String: ReleasedResult] = [:]
        out["table"] = try Release.table(table(["kommune"], [["Oslo", "Bergen", "Tromsø"]], [123_456, 45_678, 900]), policy: policy, command: "tabulate kommune", line: 1)
        out["histogram"] = try Release.histogram(RawHistogram(variable: "lønn", values: values(4000), recordKeys: keys(4000), bins: .count(8)),
                                                 policy: policy, command: "histogram lønn", line: 1)
        out["boxplot"] = Release.boxplot(RawBoxplot(variable: "lønn", groups: [RawSummaryVariable(name: "menn", values: values(400), keySum: keySum(1...400)),
                                                                               RawSummaryVariable(name: "kvinner", values: values(300, seed: 3), keySum: keySum(401...700))]),
                                         policy: policy, command: "boxplot lønn, over(kjønn)", line: 1)
        let times = values(400, seed: 11, scale: 900)
        out["kaplan-meier"] = Release.survival(RawSurvival(groups: [RawSurvivalGroup(label: "alle", times: times, events: times.indices.map { $0 % 4 != 0 }, recordKeys: keys(400))], gridWidth: 30),
                                               policy: policy, command: "kaplan-meier dager hendelse", line: 1)
        let model = RawModel(estimator: "regress", dependent: "lønn",
                             coefficients: [RawCoefficient(term: "alder", estimate: 0.0312, se: 0.002, statistic: 15.6, p: 1e-10, ciLow: 0.027, ciHigh: 0.035),
                                            RawCoefficient(term: "kjønn", estimate: -0.2, se: 0.05, statistic: -4, p: 1e-4, ciLow: -0.3, ciHigh: -0.1)],
                             n: 5000, nKeySum: keySum(1...5000), residualDF: 4990, categoryCounts: [], statisticName: "t")
        out["coefplot"] = try Release.coefplot(RawCoefplot(model: model), policy: policy, command: "coefplot regress lønn alder kjønn", line: 1)
        out["hexbin"] = try Release.hexbin(RawHexbin(xVariable: "x", yVariable: "y", x: values(2000), y: values(2000, seed: 5), recordKeys: keys(2000), gridsize: 10),
                                           policy: policy, command: "hexbin x y", line: 1)
        out["pie"] = try Release.pie(RawPie(table: table(["k"], [["a", "b", "c"]], [300, 500, 200])), policy: policy, command: "piechart k", line: 1)
        out["sankey"] = try Release.sankey(RawSankey(stages: ["t0", "t1"], flows: [RawFlow(from: "a", to: "b", count: 300, keySum: keySum(1...300)),
                                                                                   RawFlow(from: "a", to: "c", count: 500, keySum: keySum(301...800))]),
                                           policy: policy, command: "sankey", line: 1)
        out["barchart"] = try Release.barchart(RawBarchart(table: table(["kommune"], [["a", "b"]], [300, 200]),
                                                           measures: [RawBarMeasure(statistic: .mean, variable: "formue", values: [values(300), values(200, seed: 3)])]),
                                               policy: policy, command: "barchart (mean) formue, over(kommune)", line: 1)
        return out
    }
}
