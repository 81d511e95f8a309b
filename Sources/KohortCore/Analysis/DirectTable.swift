import Foundation

/// A one- or two-way count table straight from the columns, for plain `tabulate a [b]`.
///
/// The general path builds a `Categorical` per variable — a pass to find which values occur,
/// then a new 9.4 M-row array of dense codes in label order — and counts over those. Here each
/// row's cell is read from the column itself (a string code, or a whole number minus a base) in
/// one pass (`DirectTableTally`) that also tells which values occur anywhere in the column; the
/// counted table is then folded into label order. Same labels, same cells, same counts, no code
/// arrays. A numeric column's range is not found by a pass of its own: it is guessed from a
/// sample of rows, and the count checks every row against the guess (a miss counts again over
/// the exact range). Anything else (`missing`, `top()`, `summarize()`, three variables, numbers
/// that are not whole or span too much, the id variable) takes the general path.
enum DirectTable {
    /// A column read as cell indices 0..<span (negative or NaN = missing).
    struct Dimension {
        let name: String
        let codes: [Int32]?
        let numbers: [Double]?
        let base: Int
        let span: Int
        let strings: [String]
        /// Whether `base` and `span` are the column's exact range (else a guess to be checked).
        let exact: Bool
    }

    /// Whole-number columns index a table only below this span (`Categorical.numeric`'s rule).
    static let maximumSpan = 2_000_000
    /// Rows read to guess a numeric column's range.
    static let sampleRows = 4096

    static func dimension(_ c: AnalysisContext, _ name: String) throws -> Dimension? {
        guard let column = try c.requireColumn(name) else { return nil }
        if column.type == .string {
            return Dimension(name: name, codes: column.codes, numbers: nil, base: 0, span: column.strings.count, strings: column.strings, exact: true)
        }
        return guessed(name, column.numbers)
    }

    /// A numeric dimension over a range guessed from evenly spaced rows, widened by the sample's
    /// own width on each side (not below 0 when the sample is not negative): small whole-number
    /// categories are counted in one pass. Nil when the sample already shows a fraction.
    static func guessed(_ name: String, _ values: [Double]) -> Dimension? {
        let step = max(1, values.count / sampleRows)
        var lo = Double.infinity, hi = -Double.infinity
        for i in stride(from: 0, to: values.count, by: step) {
            let v = values[i]
            if v.isNaN { continue }
            guard Categorical.indexable(v) else { return nil }
            lo = min(lo, v); hi = max(hi, v)
        }
        guard lo <= hi else { return exact(name, values) }
        let pad = max(8, hi - lo + 1)
        let base = lo >= 0 ? max(0, lo - pad) : lo - pad
        let span = hi + pad - base + 1
        guard span < Double(maximumSpan), Categorical.indexable(base), Categorical.indexable(base + span) else { return exact(name, values) }
        return Dimension(name: name, codes: nil, numbers: values, base: Int(base), span: Int(span), strings: [], exact: false)
    }

    /// A numeric dimension over the column's exact range, or nil when the column is not
    /// whole numbers within `maximumSpan`.
    static func exact(_ name: String, _ values: [Double]) -> Dimension? {
        let (lo, hi, whole) = Categorical.rangeAndWhole(values)
        guard lo <= hi, whole, Categorical.indexable(lo), Categorical.indexable(hi), hi - lo < Double(maximumSpan) else { return nil }
        return Dimension(name: name, codes: nil, numbers: values, base: Int(lo), span: Int(hi - lo) + 1, strings: [], exact: true)
    }

    /// Labels (in Categorical's order) and the accumulator of the table, or nil when the
    /// columns' ranges are too large to count over directly.
    static func count(_ c: AnalysisContext, _ dims: [Dimension], mask: [Bool]?) throws -> (labels: [[String]], accumulator: CellKeyAccumulator)? {
        precondition((1...2).contains(dims.count))
        var dims = dims
        var total = tally(dims, keys: c.recordKeys, mask: mask)
        if total == nil || !total!.fitted {
            // The guess missed (or made too many cells): count again over the exact ranges.
            var refined: [Dimension] = []
            for d in dims {
                guard d.exact else {
                    guard let e = exact(d.name, d.numbers!) else { return nil }
                    refined.append(e)
                    continue
                }
                refined.append(d)
            }
            dims = refined
            total = tally(dims, keys: c.recordKeys, mask: mask)
        }
        guard let total else { return nil }
        return try fold(c, dims, total)
    }

    /// The pass over the rows, specialised for the dimensions' kinds; nil over 4 M cells.
    static func tally(_ dims: [Dimension], keys: [UInt32], mask: [Bool]?) -> DirectTableTally.Total? {
        let widths = dims.map { $0.span + 1 }
        let slots = widths.reduce(1, *)
        guard slots <= 4_000_000 else { return nil }
        let width1 = dims.count == 2 ? widths[1] : 1
        return withExtendedLifetime(dims) {
            func first<B: DirectTableTally.Slots>(_ b: B) -> DirectTableTally.Total {
                let d = dims[0]
                if let codes = d.codes {
                    return codes.withUnsafeBufferPointer { p in
                        DirectTableTally.count(DirectTableTally.CodeSlots(codes: p.baseAddress!), b, width1: width1, slots: slots, keys: keys, mask: mask)
                    }
                }
                return d.numbers!.withUnsafeBufferPointer { p in
                    DirectTableTally.count(DirectTableTally.NumberSlots(numbers: p.baseAddress!, base: Double(d.base), last: Double(d.span - 1)),
                                           b, width1: width1, slots: slots, keys: keys, mask: mask)
                }
            }
            guard dims.count == 2 else { return first(DirectTableTally.NoSlots()) }
            let d = dims[1]
            if let codes = d.codes {
                return codes.withUnsafeBufferPointer { p in first(DirectTableTally.CodeSlots(codes: p.baseAddress!)) }
            }
            return d.numbers!.withUnsafeBufferPointer { p in
                first(DirectTableTally.NumberSlots(numbers: p.baseAddress!, base: Double(d.base), last: Double(d.span - 1)))
            }
        }
    }

    /// The counted slots in `Categorical`'s order: strings in natural order, numbers ascending;
    /// only values that occur (anywhere in the column: in any slot of their row or column).
    static func fold(_ c: AnalysisContext, _ dims: [Dimension], _ total: DirectTableTally.Total) throws -> (labels: [[String]], accumulator: CellKeyAccumulator) {
        let width0 = dims[0].span + 1, width1 = dims.count == 2 ? dims[1].span + 1 : 1
        var used0 = [Bool](repeating: false, count: width0), used1 = [Bool](repeating: false, count: width1)
        for s0 in 0..<width0 {
            for s1 in 0..<width1 {
                let cell = s0 * width1 + s1
                if total.seen?[cell] ?? (total.table[2 * cell] != 0) { used0[s0] = true; used1[s1] = true }
            }
        }
        func order(_ d: Dimension, _ used: [Bool]) -> (slots: [Int], labels: [String]) {
            if d.codes != nil {
                let o = d.strings.indices.filter { used[$0 + 1] }.sorted { Categorical.less(d.strings[$0], d.strings[$1]) }
                return (o.map { $0 + 1 }, o.map { d.strings[$0] })
            }
            let o = (0..<d.span).filter { used[$0 + 1] }
            return (o.map { $0 + 1 }, o.map { String(d.base + $0) })
        }
        let first = order(dims[0], used0)
        let other = dims.count == 2 ? order(dims[1], used1) : (slots: [0], labels: [])
        if first.slots.isEmpty { throw c.error("'\(dims[0].name)' has no values to tabulate") }
        if dims.count == 2 && other.slots.isEmpty { throw c.error("'\(dims[1].name)' has no values to tabulate") }
        if first.slots.count * other.slots.count > 1_000_000 { throw c.error("the table would have more than a million cells; use broader categories") }
        var acc = CellKeyAccumulator(cells: first.slots.count * other.slots.count)
        for (k0, a) in first.slots.enumerated() {
            for (k1, b) in other.slots.enumerated() {
                let cell = a * width1 + b
                acc.counts[k0 * other.slots.count + k1] = Int(total.table[2 * cell])
                acc.keySums[k0 * other.slots.count + k1] = total.table[2 * cell + 1]
            }
        }
        let labels = dims.count == 2 ? [first.labels, other.labels] : [first.labels]
        return (labels, acc)
    }
}
