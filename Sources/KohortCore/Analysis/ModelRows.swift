import Dispatch

/// The rows a model uses (its complete-case mask), prepared so that every column of the
/// design is gathered onto both cores without branches.
///
/// Why: a model on the person dataset reads a dozen columns of ~9 M rows and keeps ~5.5 M of
/// them; a per-row `append` behind a mask test costs a mispredicted branch per dropped row and
/// runs on one core. Here the mask is counted once per part, and each part then copies every
/// row and advances its output position by the mask bit, so parts write disjoint slices.
struct ModelRows: @unchecked Sendable {
    let mask: [Bool]
    /// Rows selected.
    let count: Int
    /// Σ record keys of the selected rows (wrapping), when the keys were given: the model's
    /// `nKeySum`, from the same pass as the count instead of another one over mask and keys.
    let keySum: UInt64
    /// Row ranges of the parts, the output position of each part's first row, and each part's
    /// last selected row (−1 when it has none): a branch-free copy stops there, so it never
    /// writes past its own slice.
    private let parts: [Range<Int>]
    private let offsets: [Int]
    private let lastSelected: [Int]

    /// Below this many rows a single part does the work.
    static let parallelRows = 1 << 18

    /// - Parameter keys: the record key of every row, or nil (then `keySum` is 0).
    init(_ mask: [Bool], keys: [UInt32]? = nil) {
        precondition(keys.map { $0.count == mask.count } ?? true, "keys and mask differ in length")
        self.mask = mask
        let n = mask.count
        let partCount = n < Self.parallelRows ? 1 : 16
        let size = (n + partCount - 1) / max(1, partCount)
        let ranges = (0..<partCount).map { p in min(n, p * size)..<min(n, (p + 1) * size) }
        var counts = [Int](repeating: 0, count: partCount), last = [Int](repeating: -1, count: partCount)
        var sums = [UInt64](repeating: 0, count: partCount)
        counts.withUnsafeMutableBufferPointer { cb in
            last.withUnsafeMutableBufferPointer { lb in
                sums.withUnsafeMutableBufferPointer { sb in
                    mask.withUnsafeBufferPointer { m in
                        let c = cb, l = lb, ks = sb
                        // Branch-free (a model's mask drops rows at random, so a branch per row
                        // mispredicts often): the bit is added, the last row kept by a select.
                        Self.perform(partCount) { p in
                            var k = 0, lastRow = -1
                            m.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: n) { bits in
                                if let keys {
                                    var sum: UInt64 = 0
                                    keys.withUnsafeBufferPointer { kb in
                                        for i in ranges[p] {
                                            let b = Int(bits[i] & 1)
                                            k &+= b
                                            sum &+= UInt64(kb[i]) &* UInt64(b)
                                            lastRow = b != 0 ? i : lastRow
                                        }
                                    }
                                    ks[p] = sum
                                } else {
                                    for i in ranges[p] {
                                        let b = Int(bits[i] & 1)
                                        k &+= b
                                        lastRow = b != 0 ? i : lastRow
                                    }
                                }
                            }
                            c[p] = k
                            l[p] = lastRow
                        }
                    }
                }
            }
        }
        var offsets = [Int](), total = 0
        for k in counts { offsets.append(total); total += k }
        self.count = total
        self.keySum = sums.reduce(0, &+)
        self.parts = ranges
        self.offsets = offsets
        self.lastSelected = last
    }

    /// The selected rows of a column (the column itself, uncopied, when every row is used).
    func gather<T: BitwiseCopyable>(_ values: [T]) -> [T] {
        precondition(values.count == mask.count, "column and mask differ in length")
        if count == values.count { return values }
        return [T](unsafeUninitializedCapacity: count) { out, written in
            values.withUnsafeBufferPointer { v in
                mask.withUnsafeBufferPointer { m in
                    let o = out
                    Self.perform(parts.count) { p in
                        var at = offsets[p]
                        let end = lastSelected[p]
                        guard end >= 0 else { return }
                        for i in parts[p].lowerBound...end {
                            (o.baseAddress! + at).initialize(to: v[i])
                            at &+= m[i] ? 1 : 0
                        }
                    }
                }
            }
            written = count
        }
    }

    private static func perform(_ parts: Int, _ body: (Int) -> Void) {
        if parts == 1 { body(0); return }
        withoutActuallyEscaping(body) { escaping in
            nonisolated(unsafe) let run = escaping
            DispatchQueue.concurrentPerform(iterations: parts) { run($0) }
        }
    }
}
