/// Refuses transformations that single out a few units: `generate`, `replace`, `recode`,
/// `keep if` and `drop if` may not change 1 to (minimum − 1) units, nor all but that many,
/// because comparing results before and after would reveal those units' values.
public enum TransformationGate {
    /// Throws when changing `changed` of `total` units would single some out.
    public static func check(changed: Int, total: Int, policy: DisclosurePolicy, command: String) throws(DisclosureRefusal) {
        let m = policy.minimumUnitsChanged
        if changed > 0 && changed < m {
            throw DisclosureRefusal(rule: "minimum_units_changed",
                message: "\(command) would affect fewer than \(m) units; such a change could single out individuals and is refused")
        }
        let unchanged = total - changed
        if changed > 0 && unchanged > 0 && unchanged < m {
            throw DisclosureRefusal(rule: "minimum_units_changed",
                message: "\(command) would affect all but fewer than \(m) units; such a change could single out individuals and is refused")
        }
    }

    /// Throws when a dataset is too small to analyse.
    public static func checkPopulation(_ units: Int, policy: DisclosurePolicy) throws(DisclosureRefusal) {
        if units < policy.minimumPopulation {
            throw DisclosureRefusal(rule: "minimum_population",
                message: "the dataset has fewer than \(policy.minimumPopulation) units; analyses need at least that many")
        }
    }
}

/// A refusal by the disclosure layer: which rule, and a plain sentence for the user. The
/// message never contains the exact number of units involved below a threshold.
public struct DisclosureRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let rule: String
    public let message: String
    public var description: String { message }
}
