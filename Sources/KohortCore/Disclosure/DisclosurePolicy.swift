import Foundation

/// The anonymisation rules of one datastore: a data owner's setting (`policy.json` beside the
/// datastore manifest), never a user's. Any key left out takes the built-in default, which
/// follows microdata.no's published practice and the output-checking literature (README,
/// "Privacy and disclosure control").
public struct DisclosurePolicy: Sendable, Equatable, Codable {
    /// An analysis dataset must hold at least this many units.
    public var minimumPopulation: Int = 1000
    /// A transformation that changes 1…(n-1) units, or all but 1…(n-1), is refused.
    public var minimumUnitsChanged: Int = 10
    /// Query-set audit: a statistic (summary, percentile, model, correlation, chart statistic,
    /// Kaplan–Meier curve) whose exact sample differs from the sample of an earlier released
    /// statistic of the session by 1…(n-1) units is refused (`QueryAudit`). Defaults to
    /// minimum_units_changed, the same "how many units may a difference single out" judgement;
    /// 1 or less switches the audit off.
    public var minimumSampleDifference: Int = 10
    /// Cells below this (after perturbation) are shown as suppressed.
    public var smallCell: Int = 5
    /// A table with a larger share of small cells is refused.
    public var maxSmallCellShare: Double = 0.5
    /// Every statistic needs at least this many units behind it.
    public var minimumUnitsStatistic: Int = 10
    /// Mean, sd, Gini and chart extents use values winsorised at this percentile (and 100 − it).
    public var winsorPercent: Double = 1
    /// Percentiles are rounded to this many significant digits.
    public var significantDigits: Int = 3
    /// Models need at least this many residual degrees of freedom.
    public var minimumResidualDF: Int = 10
    /// Each category of a binary outcome or dummy regressor needs this many units.
    public var minimumCategoryUnits: Int = 10
    /// Kaplan–Meier curves stop where fewer than this many remain at risk.
    public var kmMinimumAtRisk: Int = 10
    /// Kaplan–Meier times are coarsened to a grid at least this many days wide, in the time
    /// variable's own unit (30 days = 5 weeks, 1 month or 0.1 year): SurvivalGrid.swift.
    public var kmGridDays: Double = 30
    /// A time variable without a known unit gets a grid of at most this many steps across its
    /// winsorised range.
    public var kmGridSteps: Int = 60
    public var hexbinMaxGridsize: Int = 25
    public var hexbinMaxGroups: Int = 10
    /// Secret mixed into every unit's record key for the cell key method. Known to the data
    /// owner only; changing it changes every perturbation.
    public var cellKeySecret: String = "kohort-synthetic-default"

    public init() {}

    public static let `default` = DisclosurePolicy()

    /// The policy file's keys: also the list `load` checks a file against.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case minimumPopulation = "minimum_population"
        case minimumUnitsChanged = "minimum_units_changed"
        case minimumSampleDifference = "minimum_sample_difference"
        case smallCell = "small_cell"
        case maxSmallCellShare = "max_small_cell_share"
        case minimumUnitsStatistic = "minimum_units_statistic"
        case winsorPercent = "winsor_percent"
        case significantDigits = "significant_digits"
        case minimumResidualDF = "minimum_residual_df"
        case minimumCategoryUnits = "minimum_category_units"
        case kmMinimumAtRisk = "km_minimum_at_risk"
        case kmGridDays = "km_grid_days"
        case kmGridSteps = "km_grid_steps"
        case hexbinMaxGridsize = "hexbin_max_gridsize"
        case hexbinMaxGroups = "hexbin_max_groups"
        case cellKeySecret = "cell_key_secret"
    }

    /// Reads `policy.json`: unknown keys are an error (a misspelt rule must not silently fall
    /// back to a weaker default); missing keys take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DisclosurePolicy.default
        minimumPopulation = try c.decodeIfPresent(Int.self, forKey: .minimumPopulation) ?? d.minimumPopulation
        minimumUnitsChanged = try c.decodeIfPresent(Int.self, forKey: .minimumUnitsChanged) ?? d.minimumUnitsChanged
        // Left out, it follows the file's minimum_units_changed (not the built-in 10).
        minimumSampleDifference = try c.decodeIfPresent(Int.self, forKey: .minimumSampleDifference) ?? minimumUnitsChanged
        smallCell = try c.decodeIfPresent(Int.self, forKey: .smallCell) ?? d.smallCell
        maxSmallCellShare = try c.decodeIfPresent(Double.self, forKey: .maxSmallCellShare) ?? d.maxSmallCellShare
        minimumUnitsStatistic = try c.decodeIfPresent(Int.self, forKey: .minimumUnitsStatistic) ?? d.minimumUnitsStatistic
        winsorPercent = try c.decodeIfPresent(Double.self, forKey: .winsorPercent) ?? d.winsorPercent
        significantDigits = try c.decodeIfPresent(Int.self, forKey: .significantDigits) ?? d.significantDigits
        minimumResidualDF = try c.decodeIfPresent(Int.self, forKey: .minimumResidualDF) ?? d.minimumResidualDF
        minimumCategoryUnits = try c.decodeIfPresent(Int.self, forKey: .minimumCategoryUnits) ?? d.minimumCategoryUnits
        kmMinimumAtRisk = try c.decodeIfPresent(Int.self, forKey: .kmMinimumAtRisk) ?? d.kmMinimumAtRisk
        kmGridDays = try c.decodeIfPresent(Double.self, forKey: .kmGridDays) ?? d.kmGridDays
        kmGridSteps = try c.decodeIfPresent(Int.self, forKey: .kmGridSteps) ?? d.kmGridSteps
        hexbinMaxGridsize = try c.decodeIfPresent(Int.self, forKey: .hexbinMaxGridsize) ?? d.hexbinMaxGridsize
        hexbinMaxGroups = try c.decodeIfPresent(Int.self, forKey: .hexbinMaxGroups) ?? d.hexbinMaxGroups
        cellKeySecret = try c.decodeIfPresent(String.self, forKey: .cellKeySecret) ?? d.cellKeySecret
    }

    /// Loads a policy file; a missing file means the defaults.
    public static func load(from url: URL) throws -> DisclosurePolicy {
        guard FileManager.default.fileExists(atPath: url.path) else { return .default }
        let data = try Data(contentsOf: url)
        if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = Set(CodingKeys.allCases.map(\.rawValue))
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw DisclosurePolicyError.unknownKey(path: url.path, key: unknown)
            }
        }
        return try JSONDecoder().decode(DisclosurePolicy.self, from: data)
    }
}

public enum DisclosurePolicyError: Error, CustomStringConvertible, Equatable {
    case unknownKey(path: String, key: String)
    public var description: String {
        switch self {
        case .unknownKey(let path, let key): "\(path): unknown disclosure rule '\(key)' (see README, Privacy and disclosure control)"
        }
    }
}
