import Foundation

/// A one- or two-way count table straight from the columns, for plain `tabulate a [b]`.
///
/// The general path builds a `Categorical` per variable — a pass to find which values occur,
/// then a new 9.4 M-row array of dense codes in label order — and counts over those. Here each
/// row's cell is read from the column itself (a string code, or a whole number minus the
/// smallest), counted over the columns' full ranges while the same pass notes which values
/// occur anywhere in the column; the counted table is then folded into label order. Same
/// labels, same cells, same counts, no code arrays. Anything else (`missing`, `top()`,
/// `summarize()`, three variables, numbers that are not whole or span too much, the id
/// variable) takes the general path.
enum DirectTable {
    /// A column read as cell indices 0..<span (negative or NaN = missing).
    struct Dimension {
        let name: String
        let codes: [Int32]?
        let numbers: [Double]?
        let base: Int
        let span: Int
        let strings: [String]
    }

    static func dimension(_ c: AnalysisContext, _ name: String) throws -> Dimension? {
        guard let column = try c.requireColumn(name) else { return nil }
        if column.type == .string {
            return Dimension(name: name, codes: column.codes, numbers: nil, base: 0, span: column.strings.count, strings: column.strings)
        }
        // Categorical.numeric's rule for a value-indexed table.
        let (lo, hi, whole) = Categorical.rangeAndWhole(column.numbers)
        guard lo <= hi, whole, hi - lo < 2_000_000 else { return nil }
        return Dimension(name: name, codes: nil, numbers: column.numbers, base: Int(lo), span: Int(hi - lo) + 1, strings: [])
    }

    /// Labels (in Categorical's order) and the accumulator of the table, or nil when the
    /// columns' ranges are too large to count over directly.
    static func count(_ c: AnalysisContext, _ dims: [Dimension], mask: [Bool]?) throws -> (labels: [[String]], accumulator: CellKeyAccumulator)? {
        precondition((1...2).contains(dims.count))
        let spans = dims.map(\.span)
        let cells = spans.reduce(1, *)
        guard cells <= 4_000_000 else { return nil }
        let keys = c.recordKeys
        let n = keys.count
        let second = dims.count == 2 ? dims[1] : dims[0]
        let span1 = dims.count == 2 ? spans[1] : 1
        struct Part { var counts: [Int]; var sums: [UInt64]; var used0: [Bool]; var used1: [Bool] }
        // Each column as a raw buffer: no array or optional is touched per row.
        func buffers(_ d: Dimension) -> (codes: UnsafeBufferPointer<Int32>?, numbers: UnsafeBufferPointer<Double>?) {
            (d.codes?.withUnsafeBufferPointer { $0 }, d.numbers?.withUnsafeBufferPointer { $0 })
        }
        let parts = withExtendedLifetime((dims, keys, mask)) { () -> [Part] in
            nonisolated(unsafe) let b0 = buffers(dims[0]), b1 = buffers(second)
            nonisolated(unsafe) let kb = keys.withUnsafeBufferPointer { $0 }, mb = mask?.withUnsafeBufferPointer { $0 }
            let base0 = dims[0].base, base1 = second.base, two = dims.count == 2
            return Parallel.chunkSums(count: n, chunkSize: max(1, (n + 1) / 2)) { r -> Part in
                var counts = [Int](repeating: 0, count: cells), sums = [UInt64](repeating: 0, count: cells)
                var used0 = [Bool](repeating: false, count: spans[0]), used1 = [Bool](repeating: false, count: span1)
                @inline(__always) func index(_ b: (codes: UnsafeBufferPointer<Int32>?, numbers: UnsafeBufferPointer<Double>?), _ base: Int, _ i: Int) -> Int {
                    if let codes = b.codes { return Int(codes[i]) }
                    let v = b.numbers![i]
                    return v.isNaN ? -1 : Int(v) - base
                }
                counts.withUnsafeMutableBufferPointer { cb in
                    sums.withUnsafeMutableBufferPointer { sb in
                        used0.withUnsafeMutableBufferPointer { u0 in
                            used1.withUnsafeMutableBufferPointer { u1 in
                                for i in r {
                                    let a = index(b0, base0, i)
                                    if a >= 0 { u0[a] = true }
                                    var b = 0
                                    if two { b = index(b1, base1, i); if b >= 0 { u1[b] = true } }
                                    guard a >= 0, b >= 0, mb?[i] ?? true else { continue }
                                    let cell = a * span1 + b
                                    cb[cell] &+= 1
                                    sb[cell] = sb[cell] &+ UInt64(kb[i])
                                }
                            }
                        }
                    }
                }
                return Part(counts: counts, sums: sums, used0: used0, used1: used1)
            }
        }
        var total = parts[0]
        for p in parts.dropFirst() {
            for k in 0..<cells { total.counts[k] += p.counts[k]; total.sums[k] = total.sums[k] &+ p.sums[k] }
            for k in 0..<spans[0] where p.used0[k] { total.used0[k] = true }
            for k in 0..<span1 where p.used1[k] { total.used1[k] = true }
        }
        // Categorical's order: strings in natural order, numbers ascending; only values that occur.
        func order(_ d: Dimension, _ used: [Bool]) -> (indices: [Int], labels: [String]) {
            if d.codes != nil {
                let o = d.strings.indices.filter { used[$0] }.sorted { Categorical.less(d.strings[$0], d.strings[$1]) }
                return (o, o.map { d.strings[$0] })
            }
            let o = (0..<d.span).filter { used[$0] }
            return (o, o.map { String(d.base + $0) })
        }
        let first = order(dims[0], total.used0)
        let other = dims.count == 2 ? order(second, total.used1) : (indices: [0], labels: [])
        if first.indices.isEmpty { throw c.error("'\(dims[0].name)' has no values to tabulate") }
        if dims.count == 2 && other.indices.isEmpty { throw c.error("'\(second.name)' has no values to tabulate") }
        if first.indices.count * other.indices.count > 1_000_000 { throw c.error("the table would have more than a million cells; use broader categories") }
        var acc = CellKeyAccumulator(cells: first.indices.count * other.indices.count)
        for (k0, a) in first.indices.enumerated() {
            for (k1, b) in other.indices.enumerated() {
                acc.counts[k0 * other.indices.count + k1] = total.counts[a * span1 + b]
                acc.keySums[k0 * other.indices.count + k1] = total.sums[a * span1 + b]
            }
        }
        let labels = dims.count == 2 ? [first.labels, other.labels] : [first.labels]
        return (labels, acc)
    }
}
