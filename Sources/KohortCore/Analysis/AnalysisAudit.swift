/// How analysis code names the estimation sample of each statistic it computes, for the
/// query-set audit (Disclosure/QueryAudit.swift). Call it with the rows the statistic really
/// uses: after the `if` condition, missing values and complete cases.
extension AnalysisContext {
    /// The rows where `mask` holds (and, with `values`, the value is not missing).
    func audit(_ mask: [Bool], values: [Double]? = nil) {
        let unitType = dataset.unitType ?? dataset.idName
        let sample = dataset.ids.withUnsafeBufferPointer { ids in
            mask.withUnsafeBufferPointer { m in
                guard let values else { return UnitSample(unitType: unitType, ids: ids, idStrings: dataset.idStrings, mask: m, values: nil) }
                return values.withUnsafeBufferPointer { UnitSample(unitType: unitType, ids: ids, idStrings: dataset.idStrings, mask: m, values: $0) }
            }
        }
        auditLog.add(sample)
    }

    /// The given rows (ascending row indices): built from the rows alone, without a mask over
    /// the dataset, so a table of 356 municipalities costs O(rows), not 356 full scans.
    func audit(rows: [Int]) {
        let unitType = dataset.unitType ?? dataset.idName
        var ids = dataset.ids.withUnsafeBufferPointer { b in rows.map { b[$0] } }
        if let strings = dataset.idStrings { ids = ids.map { UnitSample.stableID(strings[Int($0)]) }.sorted() }
        let repeats = zip(ids, ids.dropFirst()).contains { $0 == $1 }
        auditLog.add(UnitSample(unitType: unitType, sorted: ids, repeats: repeats))
    }
}
