import Foundation

/// The record keys of one dataset's rows, for the fused count of a cohort step's closing keep
/// (`ConditionTally`).
///
/// The dataset a rule's keep runs on is the cached prefix, the same on every refresh while
/// only the rule's value is edited, so its row-aligned keys are worked out once (from the
/// entry's `UnitKeyCache`) and each refresh reads them as a plain UInt32 column beside the
/// condition's columns. They belong to the id column they were made for: `ids` is held, so
/// its buffer stays alive and an equal base address means the very same ids.
struct RowKeys: Sendable {
    let ids: [Int64]
    let key: RecordKey
    /// nil when the ids repeat (an event dataset or a panel): rows are not units there, and the
    /// count takes the general path.
    let keys: [UInt32]?

    init(ids: [Int64], cache: UnitKeyCache) {
        self.ids = ids
        key = cache.key
        keys = cache.rowKeys(ids)
    }

    func belongs(to ids: [Int64], key: RecordKey) -> Bool {
        guard key == self.key, ids.count == self.ids.count else { return false }
        return ids.withUnsafeBufferPointer { a in self.ids.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
