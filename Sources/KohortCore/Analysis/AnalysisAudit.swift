/// How analysis code names the estimation sample of each statistic it computes, for the
/// query-set audit (Disclosure/QueryAudit.swift). Call it with the rows the statistic really
/// uses: after the `if` condition, missing values and complete cases.
extension AnalysisContext {
    /// The rows where `mask` holds (and, with `values`, the value is not missing).
    func audit(_ mask: [Bool], values: [Double]? = nil) {
        mask.withUnsafeBufferPointer { audit(rows: $0, values: values) }
    }

    /// The selected rows (nil = every row) with a value, if `values` are given.
    func audit(selection: [Bool]?, values: [Double]? = nil) {
        guard let selection else { return audit(rows: nil as UnsafeBufferPointer<Bool>?, values: values) }
        audit(selection, values: values)
    }

    private func audit(rows mask: UnsafeBufferPointer<Bool>?, values: [Double]?) {
        let unitType = dataset.unitType ?? dataset.idName
        let universe = dataset.idStrings == nil ? dataset.ids : nil
        func make() -> UnitSample {
            dataset.ids.withUnsafeBufferPointer { ids in
                guard let values else { return UnitSample(unitType: unitType, ids: ids, idStrings: dataset.idStrings, rows: mask, values: nil, universe: universe) }
                return values.withUnsafeBufferPointer { UnitSample(unitType: unitType, ids: ids, idStrings: dataset.idStrings, rows: mask, values: $0, universe: universe) }
            }
        }
        // Every row of a dataset with numeric ids: one sample per id column, kept.
        let whole = mask == nil && values == nil && dataset.idStrings == nil
        auditLog.add(whole ? WholeDatasetFacts.shared.everyRow(dataset.ids, unitType: unitType, make: make) : make())
    }

    /// The given rows (ascending row indices): built from the rows alone, without a mask over
    /// the dataset, so a table of 356 municipalities costs O(rows), not 356 full scans.
    func audit(rows: [Int]) {
        let unitType = dataset.unitType ?? dataset.idName
        if dataset.idStrings == nil { auditLog.add(UnitSample(unitType: unitType, universe: dataset.ids, rows: rows)); return }
        var ids = dataset.ids.withUnsafeBufferPointer { b in rows.map { b[$0] } }
        if let strings = dataset.idStrings { ids = ids.map { UnitSample.stableID(strings[Int($0)]) }.sorted() }
        let repeats = zip(ids, ids.dropFirst()).contains { $0 == $1 }
        auditLog.add(UnitSample(unitType: unitType, sorted: ids, repeats: repeats))
    }

    /// One sample per group: `codes` (0..<k, -1 = none) over the rows selected by `mask`, in
    /// order. One pass over the dataset; a factor's levels in a model are audited this way,
    /// so two models whose samples differ by many units overall cannot differ by one unit
    /// inside one dummy's group.
    func audit(groups codes: [Int32], of mask: [Bool]) {
        let k = Int(codes.max() ?? -1) + 1
        guard k > 0 else { return }
        var buckets = [[Int]](repeating: [], count: k)
        var j = 0
        for i in 0..<mask.count where mask[i] {
            let c = Int(codes[j]); j += 1
            if c >= 0 { buckets[c].append(i) }
        }
        let unitType = dataset.unitType ?? dataset.idName
        for rows in buckets where rows.count >= policy.minimumCategoryUnits {
            if dataset.idStrings == nil { auditLog.add(UnitSample(unitType: unitType, universe: dataset.ids, rows: rows)); continue }
            var ids = dataset.ids.withUnsafeBufferPointer { b in rows.map { b[$0] } }
            if let strings = dataset.idStrings { ids = ids.map { UnitSample.stableID(strings[Int($0)]) }.sorted() }
            let repeats = zip(ids, ids.dropFirst()).contains { $0 == $1 }
            auditLog.add(UnitSample(unitType: unitType, sorted: ids, repeats: repeats))
        }
    }
}
