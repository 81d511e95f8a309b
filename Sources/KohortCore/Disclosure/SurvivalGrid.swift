import Foundation

/// The time grid Kaplan–Meier curves are released on, in the time variable's own unit.
///
/// Why a grid at all: released curves step only at grid times, and every count is the number
/// of units whose time falls in a grid interval, so no single unit's event or censoring time is
/// released. The grid must be as coarse on a month or year scale as on a day scale, so its
/// width is a policy floor in days (`km_grid_days`, 30) converted to the unit: 30 days, 5 weeks,
/// 1 month, 0.1 year (a width below one unit is rounded up to 1, 2, 2.5 or 5 × 10ᵏ of it, a
/// width above to whole units, so grid times stay readable and never narrower than the floor).
/// A time without a known unit (a score, a count of visits) cannot be tied to days: its grid
/// has at most `km_grid_steps` (60) steps across the winsorised range [0, p99] (the range
/// `summarize` would release), rounded up to the same readable widths.
public enum SurvivalTimeUnit: String, CaseIterable, Sendable {
    case days, weeks, months, years
    /// No known unit ("units" in labels).
    case units

    /// Days in one unit (a month is 365.25/12 days); nil for unitless times.
    var days: Double? {
        switch self {
        case .days: 1
        case .weeks: 7
        case .months: 365.25 / 12
        case .years: 365.25
        case .units: nil
        }
    }

    /// The unit a variable's name implies, by its words (`dager`, `overlevelse_mnd`,
    /// `tid_aar`, `days`, …); `.units` when none does. `unit()` on the command overrides it.
    static func guess(from names: [String]) -> SurvivalTimeUnit {
        let words: [(SurvivalTimeUnit, Set<String>)] = [
            (.days, ["dager", "dag", "dgn", "dogn", "døgn", "days", "day"]),
            (.weeks, ["uker", "uke", "weeks", "week"]),
            (.months, ["maaneder", "måneder", "maned", "måned", "mnd", "months", "month"]),
            (.years, ["aar", "år", "years", "year"]),
        ]
        for name in names {
            let tokens = Set(name.lowercased().split { !$0.isLetter }.map(String.init))
            if let hit = words.first(where: { !$0.1.isDisjoint(with: tokens) }) { return hit.0 }
        }
        return .units
    }
}

extension Release {
    /// The grid width for `unit` under `policy`; `times` (non-negative) are read only for a
    /// unitless variable, through its winsorised upper cut.
    static func survivalGrid(unit: SurvivalTimeUnit, times: [Double], policy: DisclosurePolicy) -> Double {
        if let days = unit.days {
            let width = max(policy.kmGridDays, 1) / days
            return width >= 1 ? width.rounded(.up) : readableCeiling(width)
        }
        guard !times.isEmpty else { return 1 }
        let high = WinsorSelection(times, percent: policy.winsorPercent, levels: []).high
        guard high > 0, high.isFinite else { return 1 }
        return readableCeiling(high / Double(max(1, policy.kmGridSteps)))
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ᵏ that is ≥ x (x > 0).
    static func readableCeiling(_ x: Double) -> Double {
        let magnitude = pow(10, floor(log10(x)))
        for f in [1, 2, 2.5, 5, 10] where f * magnitude >= x * (1 - 1e-12) { return f * magnitude }
        return 10 * magnitude
    }
}
