import Statistics

/// The complete-case mask and the cross-products of a classical `regress`, from one pass.
///
/// Why: on the person dataset the command read its dozen full columns twice, once for
/// `AnalysisContext.mask(complete:)` and once for the cross-products (together ~80 % of its
/// time). Nothing is released before the disclosure checks, so the cross-products may be formed
/// before them; the mask they yield then serves the population rule, N, the key sum and the
/// audit sample exactly as the separately computed mask did (same rows, same bits).
struct FusedCrossProducts {
    let mask: [Bool]
    /// Of the design's columns (in `DesignBuilder`'s order) and then the outcome.
    let crossProducts: CrossProducts

    /// Nil when any variable is not a stored numeric column (the id, a string, an unknown name)
    /// or a term is not a single continuous factor: the ordinary path then raises its errors in
    /// its own order.
    init?(_ c: AnalysisContext, outcome: String, terms: [ScriptTerm]) throws {
        for v in c.analysis.variables {
            guard v != c.dataset.idName, let column = c.dataset.column(named: v), column.type.isNumeric else { return nil }
        }
        guard terms.allSatisfy({ $0.factors.count == 1 }) else { return nil }
        // The design `DesignBuilder.add` makes of single continuous factors, without its
        // placeholder rows (a count of a full-length mask): the full columns, a repeated name
        // once, in order.
        var names: [String] = [], columns: [[Double]] = []
        for term in terms {
            try Cancellation.check()
            let name = DesignBuilder.continuousName(term.factors[0])
            guard !names.contains(name) else { continue }
            names.append(name)
            columns.append(try c.numbers(term.factors[0].name))
        }
        // No `if`: no all-true condition of the dataset's length to allocate and read.
        let condition = try c.command.condition.map { try c.dataset.rowMask($0) }
        (crossProducts, mask) = try CrossProducts.accumulate(columns + [try c.numbers(outcome)], completeWithin: condition)
    }
}
