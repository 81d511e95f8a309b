import Foundation
import Testing
@testable import KohortCore
import TestSupport

/// The by-period copies must give a dated import exactly what the scan over every row gives.
@Suite struct PeriodIndexTests {
    /// A variable folder in a fresh temporary directory (removed by the caller's defer).
    static func write(_ columns: VariableColumns, _ t: Microdata.Temporality, in root: URL, name: String) throws -> StoredVariable {
        let dir = root.appendingPathComponent(name)
        let meta = VariableMeta(name: name, temporality: t, dataType: columns.values.dataType, unitType: "PERSON",
                                rowCount: columns.count, generator: "test")
        try SyntheticSource.writeFolder(columns, meta: meta, to: dir)
        var v = try StoredVariable(directory: dir)
        v.buildsSideIndexes = true
        return v
    }

    static func day(_ s: String) -> Int32 { EpochDays.parse(s)! }

    /// Yearly periods 2018–2022 for units with gaps, a unit with two rows for one year (the
    /// first wins), and a unit whose 2020 row is open-ended (so 2021 dates lie in two periods).
    static func yearly() -> VariableColumns {
        var ids: [Int64] = [], starts: [Int32] = [], stops: [Int32] = [], values: [Int64] = []
        var state: UInt64 = 42
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        for id in Int64(1)...400 {
            for year in 2018...2022 where next() % 5 != 0 {
                ids.append(id * 7); starts.append(day("\(year)-01-01")); stops.append(day("\(year)-12-31"))
                values.append(Int64(next() % 1000))
                if id == 3 && year == 2019 {
                    ids.append(id * 7); starts.append(day("2019-01-01")); stops.append(day("2019-12-31")); values.append(-5)
                }
            }
        }
        return VariableColumns(ids: ids, starts: starts, stops: stops, values: .long(values))
    }

    /// The joined column for every unit 1…3000, through the index or through the scan.
    static func imported(_ v: StoredVariable, on date: Int32, periodIndex: Bool) throws -> [Double] {
        let s = try ScriptEngine.point(v, date: date, periodIndex: periodIndex)
        return try ScriptEngine.joinedColumn(s, into: (1...3000).map(Int64.init), name: "x").numbers
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    @Test func periodCopiesAgreeWithTheScan() throws {
        let root = TestTemporary.root.appendingPathComponent("period-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let v = try Self.write(Self.yearly(), .accumulated, in: root, name: "INNTEKT_TEST")
        for date in ["2017-06-01", "2018-01-01", "2019-07-01", "2020-12-31", "2022-12-31", "2023-01-01"] {
            let d = Self.day(date)
            let viaIndex = try Self.imported(v, on: d, periodIndex: true)
            let viaScan = try Self.imported(v, on: d, periodIndex: false)
            #expect(Self.same(viaIndex, viaScan), "date \(date)")
        }
        // Built on first use, with the five years; the duplicate 2019 row of unit 21 is not copied.
        let index = try #require(PeriodIndex.load(v))
        let periods = try #require(index.periods)
        #expect(periods.map(\.start) == (2018...2022).map { Self.day("\($0)-01-01") })
        let p2019 = try #require(try PeriodIndex.variable(of: v, on: Self.day("2019-03-03")))
        let ids2019 = try p2019.ids().toArray()
        #expect(ids2019 == Array(Set(ids2019)).sorted())
        // Unit 21's 2019 value is its first row's, not -5 (if unit 21 has 2019 at all).
        let joined = try Self.imported(v, on: Self.day("2019-03-03"), periodIndex: true)
        #expect(joined[20] != -5)
    }

    @Test func overlappingPeriodsAndSpellsFallBackToTheScan() throws {
        let root = TestTemporary.root.appendingPathComponent("period-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // Two periods contain 2021-06-01: no single copy serves it, the scan does.
        var c = Self.yearly()
        c.ids.append(5000); c.starts.append(Self.day("2020-06-01")); c.stops.append(EpochDays.missing); c.values = .long({
            guard case .long(let v) = c.values else { return [] }; return v + [77] }())
        let v = try Self.write(c, .accumulated, in: root, name: "OPEN_TEST")
        #expect(try PeriodIndex.variable(of: v, on: Self.day("2021-06-01")) == nil)
        #expect(try PeriodIndex.variable(of: v, on: Self.day("2019-06-01")) != nil)
        // Spells starting on 100 different days: more periods than indexed.
        let ids = (1...100).map(Int64.init)
        let spells = VariableColumns(ids: ids, starts: ids.map { Int32($0) * 3 }, stops: ids.map { Int32($0) * 3 + 400 },
                                     values: .double(ids.map { Double($0) / 2 }))
        let e = try Self.write(spells, .event, in: root, name: "SPELL_TEST")
        #expect(try PeriodIndex.variable(of: e, on: 200) == nil)
        #expect(try #require(PeriodIndex.load(e)).periods == nil)
        #expect(Self.same(try Self.imported(e, on: 200, periodIndex: true), try Self.imported(e, on: 200, periodIndex: false)))
    }

    @Test func concurrentFirstImportsAllSucceed() throws {
        // Shipped-script suites import the same variable from several threads at once; a
        // second builder once removed the first's folder while it was being read.
        let root = TestTemporary.root.appendingPathComponent("period-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let v = try Self.write(Self.yearly(), .accumulated, in: root, name: "RACE_TEST")
        let expected = try Self.imported(v, on: Self.day("2020-05-05"), periodIndex: false)
        let failures = NSLock()
        nonisolated(unsafe) var bad = 0
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let ok = (try? Self.imported(v, on: Self.day("2020-05-05"), periodIndex: true)).map { Self.same($0, expected) } ?? false
            if !ok { failures.lock(); bad += 1; failures.unlock() }
        }
        #expect(bad == 0)
        #expect(try PeriodIndex.variable(of: v, on: Self.day("2020-05-05")) != nil)
    }

    @Test func publishedStoresAreNotWrittenTo() throws {
        let root = TestTemporary.root.appendingPathComponent("period-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var v = try Self.write(Self.yearly(), .accumulated, in: root, name: "READONLY_TEST")
        v.buildsSideIndexes = false
        #expect(try PeriodIndex.variable(of: v, on: Self.day("2019-06-01")) == nil)
        #expect(!FileManager.default.fileExists(atPath: v.directory.appendingPathComponent(PeriodIndex.folder).path))
    }
}
