@testable import KohortCore

/// Small builders of raw inputs from synthetic units (ids 1, 2, 3, …) for the release tests.
enum Units {
    static let policy = DisclosurePolicy.default
    static let key = RecordKey(policy: .default)

    /// A table whose cell i holds `counts[i]` units with fresh ids starting at `firstID`.
    static func table(_ dimensions: [String], _ categories: [[String]], counts: [Int], firstID: Int64 = 1) -> RawTable {
        var acc = CellKeyAccumulator(cells: counts.count)
        var id = firstID
        for (cell, n) in counts.enumerated() { for _ in 0..<n { acc.add(cell: cell, recordKey: key(id)); id += 1 } }
        return RawTable(dimensions: dimensions, categories: categories, accumulator: acc)
    }

    static func keySum(_ ids: some Sequence<Int64>) -> UInt64 { ids.reduce(UInt64(0)) { $0 &+ key($1) } }

    /// Released count of exactly this set of unit ids.
    static func released(_ ids: some Sequence<Int64>) -> Int {
        let list = Array(ids)
        return PerturbationTable.standard.perturb(count: list.count, keySum: keySum(list))
    }

    static func summary(_ name: String, _ values: [Double], firstID: Int64 = 1) -> RawSummaryVariable {
        RawSummaryVariable(name: name, values: values, keySum: keySum(firstID..<(firstID + Int64(values.count))))
    }

    static func keys(_ n: Int, firstID: Int64 = 1) -> [UInt64] { (0..<Int64(n)).map { key(firstID + $0) } }

    /// A deterministic spread of values (a linear congruential sequence), e.g. incomes.
    static func values(_ n: Int, seed: UInt64 = 7, scale: Double = 1000) -> [Double] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Double(s >> 11) / Double(1 << 53) * scale
        }
    }
}
