import Foundation
import Testing
@testable import KohortCore

/// `keep` gathers each column on first read; every reader must see exactly the eagerly
/// filtered values, and writes after a keep must not leak into copies.
@Suite struct PendingRowsTests {
    static func dataset(_ n: Int) -> Dataset {
        var d = Dataset(name: "t")
        d.unitType = "PERSON"
        d.ids = (0..<n).map { Int64($0) * 3 }
        d.columns = [DataColumn(name: "x", numbers: (0..<n).map { Double($0 % 97) }, type: .long),
                     DataColumn(name: "s", codes: (0..<n).map { Int32($0 % 5) - 1 }, strings: ["a", "b", "c", "d"])]
        return d
    }

    @Test func selectionFromAMaskMatchesAFilter() {
        // Above 1 << 20 rows the two halves run on both cores.
        for n in [0, 1, 17, (1 << 20) + 12_345] {
            let mask = (0..<n).map { ($0 * 7919) % 13 < 4 }
            let s = mask.withUnsafeBufferPointer { RowSelection.from(mask: $0) }
            #expect(s.rows == (0..<n).filter { mask[$0] }.map(Int32.init), "n = \(n)")
        }
    }

    @Test func twoKeepsThenWritesSeeTheFilteredValues() {
        let n = 5000
        let original = Self.dataset(n)
        var d = original
        let mask = (0..<n).map { $0 % 3 != 0 }
        d.keepRows(mask: mask)
        let first = (0..<n).filter { mask[$0] }
        // A second filter composes with the pending one.
        let second = stride(from: 0, to: first.count, by: 4).map { $0 }
        d.keepRows(second)
        let rows = second.map { first[$0] }
        #expect(d.ids == rows.map { Int64($0) * 3 })
        #expect(d.columns[0].count == rows.count && d.columns[1].count == rows.count)
        var copy = d
        #expect(d.columns[0].numbers == rows.map { Double($0 % 97) })
        #expect(d.columns[1].codes == rows.map { Int32($0 % 5) - 1 })
        // Writing one copy changes neither the other copy nor the dataset before the keeps.
        copy.columns[0].numbers[0] = -1
        copy.columns[1].codes[1] = 3
        #expect(copy.columns[0].numbers[0] == -1 && d.columns[0].numbers[0] == Double(rows[0] % 97))
        #expect(copy.columns[1].codes[1] == 3 && d.columns[1].codes[1] == Int32(rows[1] % 5) - 1)
        #expect(original.columns[0].numbers == (0..<n).map { Double($0 % 97) })
        // Replacing a pending column outright never gathers the old values.
        copy.columns[0].numbers = [1, 2]
        #expect(copy.columns[0].numbers == [1, 2])
    }

    @Test func keepIfThroughTheEngineIsAsEager() throws {
        let n = 3000
        var e = ScriptEngine(source: DatastoreSetSource(try DatastoreSet(directories: [])))
        var ws = Workspace()
        ws.datasets = [Self.dataset(n)]
        ws.currentName = "t"
        e.workspace = ws
        try e.run(script: "keep if x > 10\ngenerate y = x * 2\ndrop if s == 'b'\nreplace x = 0 if y > 150", fileName: "t") { _ in }
        let kept = (0..<n).filter { $0 % 97 > 10 && $0 % 5 - 1 != 1 }
        let d = try #require(e.workspace.current)
        #expect(d.ids == kept.map { Int64($0) * 3 })
        #expect(d.column(named: "y")?.numbers == kept.map { Double($0 % 97 * 2) })
        #expect(d.column(named: "x")?.numbers == kept.map { $0 % 97 * 2 > 150 ? 0 : Double($0 % 97) })
    }
}
