import Foundation

/// A cohort step's closing `keep if …`, counted without rebuilding the dataset.
///
/// The count after a rule needs only which units the condition keeps, not the filtered
/// dataset: rebuilding the ids and every column (millions of rows at full size) was most of
/// a refresh once the imports were cached. So the last line of a step, when it is a plain
/// `keep if`, is evaluated as a row mask over the dataset before it, gated like the engine's
/// keep, and kept pending; the engine runs it for real only when a later line needs the
/// filtered dataset. Anything else (another command, a condition the engine would reject, a
/// keep the disclosure gate refuses) runs through the engine as usual, so errors and refusals
/// are the engine's own.
struct DeferredKeep: Sendable {
    let command: ScriptCommand
    /// The ids of the kept rows, ascending; nil when `tally` holds the count instead.
    let keptIDs: [Int64]?
    /// The kept units and the wrapping sum of their record keys, from the fused pass.
    let tally: (units: Int, keySum: UInt64)?

    /// `rowKeys` gives the record keys aligned with a dataset's rows (nil where its rows are not
    /// one per unit, or the fused count is not wanted), `shadow` the Float copy of a compared
    /// column; with them, a condition `ConditionTally` covers is counted in one fused pass
    /// without a row mask or kept ids. Either way the gate and every refusal are the same.
    static func make(_ commands: [ScriptCommand], _ engine: ScriptEngine,
                     rowKeys: (Dataset) -> [UInt32]? = { _ in nil },
                     shadow: ([Double]) -> FloatShadow? = { _ in nil }) -> DeferredKeep? {
        guard commands.count == 1, let command = commands.first, case .keep(let names) = command.kind, names.isEmpty,
              let condition = command.condition, let d = engine.workspace.current, d.idStrings == nil else { return nil }
        if let fused = ConditionTally(condition, in: d), let keys = rowKeys(d), keys.count == d.rowCount {
            let narrow = fused.comparedColumn.flatMap(shadow)
            let (kept, sum) = keys.withUnsafeBufferPointer { fused.tally(keys: $0, shadow: narrow) }
            guard gated(kept: kept, d, command) else { return nil }
            return DeferredKeep(command: command, keptIDs: nil, tally: (kept, sum))
        }
        guard let mask = try? d.rowMask(condition), mask.count == d.rowCount else { return nil }
        var kept: [Int64] = []
        kept.reserveCapacity(d.rowCount)
        d.ids.withUnsafeBufferPointer { ids in
            mask.withUnsafeBufferPointer { m in for i in 0..<ids.count where m[i] { kept.append(ids[i]) } }
        }
        guard gated(kept: kept.count, d, command) else { return nil }
        return DeferredKeep(command: command, keptIDs: kept, tally: nil)
    }

    /// The engine's keep gate; a refused keep is not deferred, so the engine refuses it itself.
    private static func gated(kept: Int, _ d: Dataset, _ command: ScriptCommand) -> Bool {
        do {
            try TransformationGate.check(changed: d.rowCount - kept, total: d.rowCount, policy: d.policy, command: command.name)
            return true
        } catch {
            return false
        }
    }
}
