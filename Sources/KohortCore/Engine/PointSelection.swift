import Foundation

/// What a point import (`import db/VAR [DATE]`) takes from a stored variable: one row per
/// unit, ids ascending. Either every stored row in order (`ids` and `rows` nil: a FIXED
/// variable, or a period's copy from `PeriodIndex`), or the chosen ids and their rows.
struct PointSelection {
    /// The variable the rows index: the imported one, or its copy of one period.
    let variable: StoredVariable
    /// The variable's id column (mapped; kept open while the selection lives).
    let idColumn: Column<Int64>
    /// The selected units' ids; nil = every id of `idColumn`.
    let ids: [Int64]?
    /// The stored row of each selected unit; nil = row i for unit i.
    let rows: [Int]?

    func withIDs<R>(_ body: (UnsafeBufferPointer<Int64>) throws -> R) rethrows -> R {
        if let ids { return try ids.withUnsafeBufferPointer(body) }
        return try idColumn.withUnsafeBufferPointer(body)
    }

    /// The ids as an array (for a dataset's first import, which keeps them).
    var idArray: [Int64] { ids ?? idColumn.toArray() }
}
