import Foundation

/// The one pass over the rows behind `DirectTable`: every row's cell straight from its columns,
/// counted with its record key into one interleaved (count, key sum) table per core.
///
/// Each dimension's slot is its index + 1, and slot 0 holds its missing values, so every row is
/// counted somewhere and no row branches: which values occur anywhere in a column is read off
/// the table afterwards (a row or column of slots with any rows) instead of being stored per
/// row. With an `if` mask the selected rows count and every row marks a `seen` byte, since
/// `Categorical` lists the values that occur in the whole column, selected or not.
///
/// A numeric dimension is counted over a range guessed from a sample of rows. The same pass
/// checks every row against it exactly (inside the range and a whole number; NaN is missing),
/// so a wrong guess is noticed, never counted: the caller counts again over the exact range.
enum DirectTableTally {
    /// Summed over both cores: 2 × slots words (count, key sum), the seen flags (nil without a
    /// mask: a slot with a count was seen), and whether every numeric value fitted its guess.
    struct Total {
        var table: [UInt64]
        var seen: [Bool]?
        var fitted: Bool
    }

    /// The slot of a row in one dimension. Generic, so each pairing of column kinds gets its
    /// own specialised loop (no existential or optional per row).
    protocol Slots: Sendable {
        func slot(_ i: Int, _ misfit: inout UInt8) -> Int
    }

    /// String codes (-1 missing): slot = code + 1.
    struct CodeSlots: Slots, @unchecked Sendable {
        let codes: UnsafePointer<Int32>
        @inline(__always) func slot(_ i: Int, _ misfit: inout UInt8) -> Int { Int(codes[i]) &+ 1 }
    }

    /// Whole numbers from `base` over `span` values: slot = value − base + 1; NaN is slot 0.
    /// A value outside the range or not whole also goes to slot 0 and marks a misfit.
    ///
    /// No `Int(Double)` (whose trap checks branch per row) and no `&&` (which branches): the
    /// index is rounded by adding 1.5·2⁵² (every double in [2⁵², 2⁵³) is an integer, one ulp
    /// apart, so the sum's bit pattern counts integers), and the checks are 0/1 bytes.
    struct NumberSlots: Slots, @unchecked Sendable {
        let numbers: UnsafePointer<Double>
        let base: Double
        /// span − 1: a whole value's largest offset, so a rounded offset never passes it.
        let last: Double
        static let magic: Double = 0x1.8p52
        @inline(__always) func slot(_ i: Int, _ misfit: inout UInt8) -> Int {
            let v = numbers[i]
            let t = v - base
            let inside: UInt8 = (t >= 0 ? 1 : 0) & (t <= last ? 1 : 0)   // 0 for NaN
            let u = inside != 0 ? t : -1
            let m = u + Self.magic
            let k = Int(bitPattern: UInt(m.bitPattern &- Self.magic.bitPattern))   // round(u), u in [-1, span − 1]
            // Exact: (m − magic) + base is an integer sum below 2⁵³, equal to v only when v is that integer.
            let fits: UInt8 = (inside & ((m - Self.magic) + base == v ? 1 : 0)) | (v != v ? 1 : 0)
            misfit |= fits ^ 1
            return k &+ 1
        }
    }

    /// The second dimension of a one-way table: always slot 0 of a width-1 table.
    struct NoSlots: Slots {
        @inline(__always) func slot(_ i: Int, _ misfit: inout UInt8) -> Int { 0 }
    }

    /// One core's half of the rows.
    private struct Part { var table: [UInt64]; var seen: [Bool]; var misfit: UInt8 }

    /// Counts rows into `width0 × width1` slots (row-major), both halves of the rows at once.
    static func count<A: Slots, B: Slots>(_ a: A, _ b: B, width1: Int, slots: Int, keys: [UInt32], mask: [Bool]?) -> Total {
        let n = keys.count
        let parts = withExtendedLifetime((keys, mask)) { () -> [Part] in
            nonisolated(unsafe) let kb = keys.withUnsafeBufferPointer { $0 }, mb = mask?.withUnsafeBufferPointer { $0 }
            return Parallel.chunkSums(count: n, chunkSize: max(1, (n + 1) / 2)) { r -> Part in
                var table = [UInt64](repeating: 0, count: 2 * slots)
                var seen = [Bool](repeating: false, count: mb == nil ? 0 : slots)
                var misfit: UInt8 = 0
                table.withUnsafeMutableBufferPointer { t in
                    if let mb {
                        seen.withUnsafeMutableBufferPointer { s in
                            for i in r {
                                let cell = a.slot(i, &misfit) &* width1 &+ b.slot(i, &misfit)
                                let w: UInt64 = mb[i] ? 1 : 0
                                t[2 &* cell] &+= w
                                t[2 &* cell &+ 1] &+= UInt64(kb[i]) & (0 &- w)
                                s[cell] = true
                            }
                        }
                    } else {
                        for i in r {
                            let cell = a.slot(i, &misfit) &* width1 &+ b.slot(i, &misfit)
                            t[2 &* cell] &+= 1
                            t[2 &* cell &+ 1] &+= UInt64(kb[i])
                        }
                    }
                }
                return Part(table: table, seen: seen, misfit: misfit)
            }
        }
        var total = Total(table: [UInt64](repeating: 0, count: 2 * slots), seen: mask == nil ? nil : [Bool](repeating: false, count: slots), fitted: true)
        for p in parts {
            for k in 0..<2 * slots { total.table[k] &+= p.table[k] }
            if total.seen != nil { for k in 0..<slots where p.seen[k] { total.seen![k] = true } }
            if p.misfit != 0 { total.fitted = false }
        }
        return total
    }
}
