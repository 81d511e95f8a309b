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
    /// The ids of the kept rows, ascending.
    let keptIDs: [Int64]

    static func make(_ commands: [ScriptCommand], _ engine: ScriptEngine) -> DeferredKeep? {
        guard commands.count == 1, let command = commands.first, case .keep(let names) = command.kind, names.isEmpty,
              let condition = command.condition, let d = engine.workspace.current, d.idStrings == nil,
              let mask = try? d.rowMask(condition), mask.count == d.rowCount else { return nil }
        var kept: [Int64] = []
        kept.reserveCapacity(d.rowCount)
        d.ids.withUnsafeBufferPointer { ids in
            mask.withUnsafeBufferPointer { m in for i in 0..<ids.count where m[i] { kept.append(ids[i]) } }
        }
        do {
            try TransformationGate.check(changed: d.rowCount - kept.count, total: d.rowCount, policy: d.policy, command: command.name)
        } catch {
            return nil
        }
        return DeferredKeep(command: command, keptIDs: kept)
    }
}
