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

    /// Nil when any variable is not a stored numeric column (the id, a string, an unknown name):
    /// the ordinary path then raises its errors in its own order.
    init?(_ c: AnalysisContext, outcome: String, terms: [ScriptTerm]) throws {
        for v in c.analysis.variables {
            guard v != c.dataset.idName, let column = c.dataset.column(named: v), column.type.isNumeric else { return nil }
        }
        let condition = try c.dataset.rowMask(c.command.condition)
        // Continuous terms over full columns do not depend on the rows, so the builder's mask
        // is only a placeholder; every variable named is the outcome or one of these columns.
        var builder = DesignBuilder(c, mask: condition)
        builder.gathers = false
        var design = DesignBuilder.Design()
        try builder.add(terms, to: &design)
        (crossProducts, mask) = try CrossProducts.accumulate(design.columns + [try c.numbers(outcome)], completeWithin: condition)
    }
}
