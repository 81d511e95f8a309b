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

    /// The given rows (ascending row indices).
    func audit(rows: [Int]) {
        var mask = [Bool](repeating: false, count: dataset.rowCount)
        for r in rows { mask[r] = true }
        audit(mask)
    }
}
