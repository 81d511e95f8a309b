import Foundation
import Statistics
import Testing
@testable import KohortCore

/// Opt-in speed check of the analysis commands against the statistics issue's targets (a
/// benchmark, not a timed test). Run with
/// `KOHORT_ANALYSIS_BENCH=1 swift test -c release --filter AnalysisBenchmark`; it builds a
/// 5.5 M-person dataset in memory (and 1.2 M cancer cases for Cox) and prints timings through
/// the whole path: script → runner → Statistics → Release.
@Suite struct AnalysisBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["KOHORT_ANALYSIS_BENCH"] != nil

    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func normal() -> Double {
            let u = max(next(), 1e-300), v = next()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    static func dataset(_ name: String, rows n: Int, seed: UInt64, _ columns: (inout Random, Int) -> [DataColumn]) -> Dataset {
        var d = Dataset(name: name)
        d.unitType = "PERSON"
        d.ids = (1...n).map(Int64.init)
        var r = Random(state: seed)
        d.columns = columns(&r, n)
        return d
    }

    static func time(_ label: String, target: Double, _ body: () throws -> Void) rethrows {
        _ = try? body()   // warm (record keys, page faults)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        print(String(format: "analysis bench: %-44@ %9.1f ms (target ≤ %.0f)", label as NSString, best, target))
    }

    @Test(.enabled(if: enabled)) func fullSize() throws {
        let persons = Self.dataset("personer", rows: 5_500_000, seed: 1) { r, n in
            var cols: [DataColumn] = []
            let kommuner = (0..<356).map { String(format: "%04d", 301 + $0 * 13) }
            cols.append(DataColumn(name: "kommune", codes: (0..<n).map { _ in Int32(min(355, Int(pow(r.next(), 2) * 356))) }, strings: kommuner))
            cols.append(DataColumn(name: "utdanning", codes: (0..<n).map { _ in Int32(r.next() * 9) }, strings: (1...9).map(String.init)))
            var xs: [[Double]] = []
            for j in 1...12 {
                let x = (0..<n).map { _ in r.normal() }
                xs.append(x)
                cols.append(DataColumn(name: "x\(j)", numbers: x))
            }
            var y = [Double](repeating: 0, count: n), yb = y, lønn = y
            for i in 0..<n {
                var eta = 0.0
                for j in 0..<12 { eta += Double(j % 3 - 1) * 0.2 * xs[j][i] }
                y[i] = 1 + eta + r.normal()
                yb[i] = r.next() < 1 / (1 + exp(-eta)) ? 1 : 0
                lønn[i] = exp(12.5 + 0.6 * r.normal())
            }
            cols += [DataColumn(name: "y", numbers: y), DataColumn(name: "yb", numbers: yb), DataColumn(name: "lønn", numbers: lønn)]
            return cols
        }
        let cases = Self.dataset("tilfeller", rows: 1_200_000, seed: 2) { r, n in
            let z = (1...3).map { _ in (0..<n).map { _ in r.normal() } }
            var t = [Double](repeating: 0, count: n), e = t
            for i in 0..<n {
                let h = exp(0.3 * z[0][i] - 0.2 * z[1][i] + 0.1 * z[2][i])
                t[i] = max(1, (-log(max(r.next(), 1e-300)) / h * 1000).rounded())   // days, many ties
                e[i] = t[i] < 3000 ? 1 : 0
                t[i] = min(t[i], 3000)
            }
            return [DataColumn(name: "dager", numbers: t), DataColumn(name: "hendelse", numbers: e)] +
                z.enumerated().map { DataColumn(name: "z\($0.offset + 1)", numbers: $0.element) }
        }
        var ws = Workspace()
        ws.datasets = [persons, cases]
        ws.currentName = "personer"
        var engine = ScriptEngine(source: try EngineFixture.source(), analysisRunner: StatisticsAnalysisRunner(), workspace: ws)
        func run(_ s: String) throws { _ = try EngineFixture.run(s, in: &engine) }
        let xs = (1...12).map { "x\($0)" }.joined(separator: " ")
        try Self.time("summarize lønn (5.5 M)", target: 15) { try run("summarize lønn") }
        try Self.time("tabulate kommune utdanning (5.5 M)", target: 20) { try run("tabulate kommune utdanning") }
        try Self.time("histogram lønn, bin(50) (5.5 M)", target: 20) { try run("histogram lønn, bin(50)") }
        try Self.time("regress y x1…x12 (5.5 M)", target: 300) { try run("regress y \(xs)") }
        try Self.time("logit yb x1…x12 (5.5 M)", target: 2000) { try run("logit yb \(xs)") }
        // The estimators alone on the same arrays: the difference is the runner's and Release's share.
        let p = engine.workspace.dataset(named: "personer")!
        let design = try DesignMatrix(columns: (1...12).map { p.column(named: "x\($0)")!.numbers }, names: (1...12).map { "x\($0)" })
        try Self.time("  OLS.fit alone", target: 300) { _ = try OLS.fit(y: p.column(named: "y")!.numbers, design: design) }
        try Self.time("  BinaryRegression.fit alone", target: 2000) {
            _ = try BinaryRegression.fit(y: p.column(named: "yb")!.numbers, design: design, link: .logit)
        }
        let t = engine.workspace.dataset(named: "tilfeller")!
        let zs = try DesignMatrix(columns: (1...3).map { t.column(named: "z\($0)")!.numbers }, names: ["z1", "z2", "z3"])
        try Self.time("  Cox.fit alone", target: 600) {
            _ = try Cox.fit(time: t.column(named: "dager")!.numbers, event: t.column(named: "hendelse")!.numbers, design: zs)
        }
        try run("use tilfeller")
        try Self.time("cox dager hendelse z1 z2 z3 (1.2 M)", target: 600) { try run("cox dager hendelse z1 z2 z3") }
    }
}
