import Statistics

extension AnalysisContext {
    /// The post-hoc adjustments `anova` was asked for, in `PostHocMethod` order, or nil for none.
    /// Stata spells them two ways and both are accepted: `oneway`'s flags (`bonferroni scheffe
    /// sidak`, and `tukey` alongside them) and `pwcompare`'s `mcompare(tukey)`, here
    /// `posthoc(tukey)` or `posthoc(bonferroni tukey)`. A bare `posthoc` means every method.
    func postHocMethods() throws -> [PostHocMethod]? {
        var chosen = Set(PostHocMethod.allCases.filter { has($0.rawValue) })
        if let option = command.option("posthoc") {
            if option.arguments == nil {
                chosen.formUnion(PostHocMethod.allCases)
            } else {
                for name in try option.names() {
                    guard let m = PostHocMethod(rawValue: name.lowercased()) else {
                        throw EngineError("unknown post-hoc method '\(name)' (use \(PostHocMethod.allCases.map(\.rawValue).joined(separator: ", ")))",
                                          at: option.position)
                    }
                    chosen.insert(m)
                }
            }
        }
        return chosen.isEmpty ? nil : PostHocMethod.allCases.filter(chosen.contains)
    }
}
