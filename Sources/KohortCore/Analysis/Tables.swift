import Foundation
import Statistics

/// tabulate (one-, two-, three-way), tabulate-panel, transitions-panel.
///
/// Group-bys count into arrays indexed by the row-major cell number (one `CellKeyAccumulator`
/// per core, merged), never a dictionary per row.
enum Tables {
    /// Counts (and record-key sums) of the rows in `mask` (nil = every row) over the cells of `dims`.
    static func count(_ c: AnalysisContext, _ dims: [Categorical], mask: [Bool]?) -> CellKeyAccumulator {
        let shape = dims.map(\.count)
        let cells = shape.reduce(1, *)
        var strides = Array(repeating: 1, count: dims.count)
        for i in stride(from: dims.count - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * shape[i + 1] }
        let strideList = strides
        let keys = c.recordKeys
        let n = keys.count
        let parts = n >= 200_000 ? 2 : 1
        var partials = [CellKeyAccumulator](repeating: CellKeyAccumulator(cells: cells), count: parts)
        partials.withUnsafeMutableBufferPointer { pb in
            nonisolated(unsafe) let out = pb.baseAddress!
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                var counts = [Int](repeating: 0, count: cells), sums = [UInt64](repeating: 0, count: cells)
                let lo = n * p / parts, hi = n * (p + 1) / parts
                counts.withUnsafeMutableBufferPointer { cb in
                    sums.withUnsafeMutableBufferPointer { sb in
                        keys.withUnsafeBufferPointer { kb in
                            // A missing code (-1) or an unselected row adds to no cell.
                            @inline(__always) func add(_ i: Int, _ cell: Int) {
                                cb[cell] &+= 1; sb[cell] = sb[cell] &+ UInt64(kb[i])
                            }
                            switch dims.count {
                            case 1:
                                dims[0].codes.withUnsafeBufferPointer { a in
                                    if let mask {
                                        mask.withUnsafeBufferPointer { mb in
                                            for i in lo..<hi where mb[i] && a[i] >= 0 { add(i, Int(a[i])) }
                                        }
                                    } else {
                                        for i in lo..<hi where a[i] >= 0 { add(i, Int(a[i])) }
                                    }
                                }
                            case 2:
                                dims[0].codes.withUnsafeBufferPointer { a in
                                    dims[1].codes.withUnsafeBufferPointer { b in
                                        let s0 = strideList[0]
                                        if let mask {
                                            mask.withUnsafeBufferPointer { mb in
                                                for i in lo..<hi where mb[i] && a[i] >= 0 && b[i] >= 0 { add(i, Int(a[i]) * s0 + Int(b[i])) }
                                            }
                                        } else {
                                            for i in lo..<hi where a[i] >= 0 && b[i] >= 0 { add(i, Int(a[i]) * s0 + Int(b[i])) }
                                        }
                                    }
                                }
                            default:
                                for i in lo..<hi where mask?[i] ?? true {
                                    var cell = 0, ok = true
                                    for (d, dim) in dims.enumerated() {
                                        let x = Int(dim.codes[i]); if x < 0 { ok = false; break }
                                        cell += x * strideList[d]
                                    }
                                    if ok { add(i, cell) }
                                }
                            }
                        }
                    }
                }
                out[p].counts = counts
                out[p].keySums = sums
            }
        }
        var total = partials[0]
        for p in partials.dropFirst() { total.merge(p) }
        return total
    }

    static func tabulate(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = c.analysis.variables
        guard (1...3).contains(names.count) else { throw c.error("tabulate takes one, two or three variables") }
        let includeMissing = c.has("missing")
        var volume: String?
        if let o = c.command.option("summarize") {
            let n = try o.names()
            guard n.count == 1 else { throw c.error("summarize() takes one variable") }
            volume = n[0]
        }
        // Rows with a missing category are skipped by the count itself (code -1), so only the
        // volume variable needs a complete-case pass.
        let selected = try c.selection(complete: [])
        try c.checkPopulation(selection: selected)
        var mask = volume == nil ? selected : try c.selection(complete: [volume!])
        if names.count <= 2, !includeMissing, volume == nil, c.command.option("top") == nil, c.command.option("bottom") == nil,
           case let direct = try names.compactMap({ try DirectTable.dimension(c, $0) }), direct.count == names.count,
           let table = try DirectTable.count(c, direct, mask: mask) {
            // Value labels as `AnalysisContext.categorical` shows them.
            let display = zip(names, table.labels).map { name, labels in
                labels.map { c.dataset.label(of: $0, variable: name, in: c.workspace).map { l in "\(l)" } ?? $0 }
            }
            return [try Release.table(RawTable(dimensions: names, categories: display, accumulator: table.accumulator),
                                      options: options(c), policy: c.policy, command: c.source, line: c.line)]
        }
        var dims = try names.map { try c.categorical($0, includeMissing: includeMissing) }
        if let bad = dims.first(where: { $0.count == 0 }) { throw c.error("'\(bad.name)' has no values to tabulate") }
        if dims.reduce(1, { $0 * $1.count }) > 1_000_000 { throw c.error("the table would have more than a million cells; use broader categories") }

        // top(n) / bottom(n): the n most (least) frequent categories of the first variable,
        // ranked by their *released* one-way counts.
        let top = try c.number("top"), bottom = try c.number("bottom")
        if let n = top ?? bottom {
            guard n >= 1 else { throw c.error("top() and bottom() need a positive number") }
            let margin = count(c, [dims[0]], mask: mask)
            let released = margin.counts.indices.map { PerturbationTable.standard.perturb(count: margin.counts[$0], keySum: margin.keySums[$0]) }
            var order = released.indices.sorted { top != nil ? released[$0] > released[$1] : released[$0] < released[$1] }
            order = Array(order.prefix(Int(n)))
            var remap = [Int32](repeating: -1, count: dims[0].count)
            for (k, old) in order.enumerated() { remap[old] = Int32(k) }
            var d = dims[0]
            d.codes = d.codes.map { $0 < 0 ? -1 : remap[Int($0)] }
            d.labels = order.map { d.labels[$0] }
            d.display = order.map { dims[0].display[$0] }
            dims[0] = d
            var m = mask ?? [Bool](repeating: true, count: d.codes.count)
            for i in m.indices where m[i] && d.codes[i] < 0 { m[i] = false }
            mask = m
        }

        let acc = count(c, dims, mask: mask)
        var raw = RawTable(dimensions: names, categories: dims.map(\.display), accumulator: acc)
        if let volume {
            let x = try c.numbers(volume)
            var values = [[Double]](repeating: [], count: acc.counts.count)
            var rows = [[Int]](repeating: [], count: acc.counts.count)
            let shape = dims.map(\.count)
            for i in x.indices where mask?[i] ?? true {
                var cell = 0, ok = true
                for (d, dim) in dims.enumerated() {
                    let k = Int(dim.codes[i]); if k < 0 { ok = false; break }
                    cell = cell * shape[d] + k
                }
                if ok { values[cell].append(x[i]); rows[cell].append(i) }
            }
            // Each cell's statistics have their own sample (below minimum_units_statistic none is shown).
            for r in rows where r.count >= c.policy.minimumUnitsStatistic { c.audit(rows: r) }
            raw.summarize = RawTableVolume(variable: volume, values: values)
        }
        return [try Release.table(raw, options: options(c), policy: c.policy, command: c.source, line: c.line)]
    }

    /// tabulate's display options: freq, rowpct, colpct, cellpct, nofreq, chi2.
    static func options(_ c: AnalysisContext) -> TableOptions {
        var percentages: [TablePercentage] = []
        if c.has("rowpct") { percentages.append(.row) }
        if c.has("colpct") { percentages.append(.column) }
        if c.has("cellpct") { percentages.append(.cell) }
        return TableOptions(frequencies: !c.has("nofreq") && (c.has("freq") || percentages.isEmpty),
                            percentages: percentages, chiSquared: c.has("chi2"))
    }

    static func panelDates(_ c: AnalysisContext) throws -> Categorical {
        guard c.dataset.isPanel, c.dataset.column(named: "date@panel") != nil else {
            throw c.error("'\(c.dataset.name)' is not a panel (import-panel or reshape-to-panel first)")
        }
        var d = try c.categorical("date@panel")
        d.display = d.labels.map { Double($0).map { Day(Int32($0)).description } ?? $0 }
        return d
    }

    /// `tabulate-panel x`: x by panel date.
    static func tabulatePanel(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = c.analysis.variables
        guard names.count == 1 || names.count == 2 else { throw c.error("tabulate-panel takes one or two variables") }
        let dates = try panelDates(c)
        let mask = try c.mask(complete: names)
        try c.checkPopulation(mask)
        let dims = try names.map { try c.categorical($0) } + [dates]
        let acc = count(c, dims, mask: mask)
        var percentages: [TablePercentage] = []
        if c.has("rowpct") { percentages.append(.row) }
        if c.has("colpct") { percentages.append(.column) }
        if c.has("cellpct") { percentages.append(.cell) }
        let raw = RawTable(dimensions: names + ["date@panel"], categories: dims.map(\.display), accumulator: acc)
        return [try Release.table(raw, options: TableOptions(percentages: percentages), policy: c.policy, command: c.source, line: c.line)]
    }

    /// `transitions-panel x`: a two-way table of a unit's state at one panel date (rows) against
    /// its state at the next (columns), over all consecutive pairs.
    static func transitionsPanel(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let names = c.analysis.variables
        guard names.count == 1 else { throw c.error("transitions-panel takes one variable") }
        _ = try panelDates(c)
        let time = try c.numbers("date@panel")
        let mask = try c.mask(complete: names)
        try c.checkPopulation(mask)
        let state = try c.categorical(names[0])
        let k = state.count
        var acc = CellKeyAccumulator(cells: k * k)
        let ids = c.dataset.ids, keys = c.recordKeys
        // Rows are sorted by unit; within a unit by date.
        var i = 0
        while i < ids.count {
            var j = i
            while j + 1 < ids.count && ids[j + 1] == ids[i] { j += 1 }
            let rows = (i...j).filter { mask[$0] }.sorted { time[$0] < time[$1] }
            for p in rows.indices.dropLast() {
                let a = Int(state.codes[rows[p]]), b = Int(state.codes[rows[p + 1]])
                acc.add(cell: a * k + b, recordKey: UInt64(keys[rows[p]]))
            }
            i = j + 1
        }
        let raw = RawTable(dimensions: [names[0] + " (from)", names[0] + " (to)"], categories: [state.display, state.display], accumulator: acc)
        return [try Release.table(raw, options: TableOptions(percentages: [.row]), policy: c.policy, command: c.source, line: c.line)]
    }
}
