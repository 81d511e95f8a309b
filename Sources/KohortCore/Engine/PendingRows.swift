import Foundation

/// Rows picked from a dataset by `keep if`/`drop if`/`sample`, ascending, shared by every
/// column of the filtered dataset.
final class RowSelection: Sendable {
    let rows: [Int32]
    init(_ rows: [Int32]) { self.rows = rows }

    /// The rows where `mask` is true, in order: each half of the mask is counted, then
    /// written, on its own core (the second half starts after the first half's rows).
    static func from(mask: UnsafeBufferPointer<Bool>) -> RowSelection {
        let n = mask.count
        let parts = n >= 1 << 20 ? 2 : 1, size = (n + parts - 1) / parts
        var counts = [Int](repeating: 0, count: parts)
        counts.withUnsafeMutableBufferPointer { c in
            nonisolated(unsafe) let c = c, mask = mask
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                mask.withMemoryRebound(to: UInt8.self) { m in
                    var k = 0
                    for i in (p * size)..<min(n, (p + 1) * size) { k &+= Int(m[i]) }
                    c[p] = k
                }
            }
        }
        let kept = counts.reduce(0, +), firstKept = counts[0]
        let rows: [Int32] = LargeArray.make(kept) { out in
            nonisolated(unsafe) let out = out, mask = mask
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = p * size, hi = min(n, lo + size)
                mask.withMemoryRebound(to: UInt8.self) { m in
                    var k = p == 0 ? 0 : firstKept
                    let end = p == 0 ? firstKept : kept
                    // Write every row, advance only past kept ones (no unpredictable branch);
                    // the write after a part's last kept row would land in the next part.
                    for i in lo..<hi {
                        if k < end { out[k] = Int32(truncatingIfNeeded: i) }
                        k &+= Int(m[i])
                    }
                }
            }
        }
        return RowSelection(rows)
    }

    /// These rows of `base` (a selection of a selection: `base.rows[rows[i]]`).
    func composed(after base: RowSelection) -> RowSelection {
        base.rows.withUnsafeBufferPointer { b in RowSelection(rows.map { b[Int($0)] }) }
    }
}

/// A column whose `keep` has not been applied yet: the unfiltered values and the selection.
///
/// `keep if` on a wide dataset would otherwise read every column in full (27 × 75 MB at
/// full size, memory-bandwidth bound at ~130 ms) although later commands touch a few of
/// them. The values are gathered the first time the column is read, once (the result is
/// cached here and the unfiltered values are released), so every reader sees exactly the
/// filtered column. Copies of the dataset share the box; the lock makes the first read safe
/// from any thread.
final class PendingRows<T: BitwiseCopyable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var base: [T]?
    private var selection: RowSelection?
    private var result: [T]?
    let count: Int

    init(base: [T], selection: RowSelection) {
        self.base = base
        self.selection = selection
        self.count = selection.rows.count
    }

    /// The filtered values (gathered on first use).
    func values() -> [T] {
        lock.lock(); defer { lock.unlock() }
        if let result { return result }
        let r = Self.gather(base!, selection!.rows)
        result = r
        base = nil
        selection = nil
        return r
    }

    /// A further selection of this column's rows: composes with the pending one while the
    /// values are not gathered yet (so two filters in a row gather once).
    func selecting(_ next: RowSelection, composedSelections: inout [ObjectIdentifier: RowSelection]) -> PendingRows<T> {
        lock.lock()
        if let result { lock.unlock(); return PendingRows(base: result, selection: next) }
        let base = self.base!, mine = self.selection!
        lock.unlock()
        let key = ObjectIdentifier(mine)
        let composed = composedSelections[key] ?? next.composed(after: mine)
        composedSelections[key] = composed
        return PendingRows(base: base, selection: composed)
    }

    /// `values[rows[i]]` for every i, split over both cores when large.
    static func gather(_ values: [T], _ rows: [Int32]) -> [T] {
        let n = rows.count
        return LargeArray.make(n) { (out: UnsafeMutableBufferPointer<T>) in
            values.withUnsafeBufferPointer { v in
                rows.withUnsafeBufferPointer { r in
                    nonisolated(unsafe) let out = out, v = v, r = r
                    VectorOps.chunked(n) { range in for i in range { out[i] = v[Int(r[i])] } }
                }
            }
        }
    }
}

/// A column's values, either stored or still pending behind a `keep` (gathered on first read).
/// Reading a pending value gathers it each time; writing or modifying gathers once and stores,
/// so a column written after a `keep` never sees the unfiltered rows again.
struct DeferredValues<T: BitwiseCopyable & Sendable>: Sendable {
    private var stored: [T]
    private var pending: PendingRows<T>?

    init(_ values: [T]) { stored = values }

    var values: [T] {
        get { pending?.values() ?? stored }
        set { pending = nil; stored = newValue }
        _modify {
            if let p = pending { stored = p.values(); pending = nil }
            yield &stored
        }
    }

    var count: Int { pending?.count ?? stored.count }

    /// The rows of `selection`, deferred; a selection of a pending selection composes with it.
    func selecting(_ selection: RowSelection, composed: inout [ObjectIdentifier: RowSelection]) -> DeferredValues {
        var copy = DeferredValues([])
        copy.pending = pending?.selecting(selection, composedSelections: &composed) ?? PendingRows(base: stored, selection: selection)
        return copy
    }
}
