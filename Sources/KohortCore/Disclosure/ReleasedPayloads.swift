import Statistics

/// The released value types. Every stored property is public and read-only; the (implicit,
/// memberwise) initialisers are internal, so only the Disclosure layer inside KohortCore can
/// make one. A suppressed count or statistic is `nil`.

// MARK: Tables

public enum TablePercentage: String, Sendable, CaseIterable, Equatable {
    case row = "rowpct", column = "colpct", cell = "cellpct"
}

public struct ReleasedTable: Sendable {
    /// Variable names, one per dimension.
    public let dimensions: [String]
    /// Category labels per dimension.
    public let categories: [[String]]
    /// The inner cells, row-major over `categories` (the last dimension varies fastest).
    public let cells: [ReleasedTableCell]
    /// Margins and the grand total: every cell with one or more dimensions collapsed
    /// (a `nil` category means "all"), each perturbed as a cell in its own right.
    public let totals: [ReleasedTableCell]
    /// Percentages requested (computed from released counts).
    public let percentages: [TablePercentage]
    /// Whether the text shows counts (off for `nofreq`-style tables of percentages only; JSON
    /// always carries them).
    public let showsCounts: Bool
    /// The summarised variable of a `summarize(var)` volume table, and its statistic names.
    public let summaryVariable: String?
    public let statisticNames: [String]
    /// Pearson χ² from released counts; nil when not asked or withheld.
    public let chiSquared: ReleasedChiSquared?
    /// The small-cell threshold in force (for the footnote).
    public let smallCell: Int

    /// The released cell (inner or margin) with these category indices (nil = all).
    public func cell(_ index: [Int?]) -> ReleasedTableCell? {
        guard index.count == dimensions.count else { return nil }
        if index.contains(nil) { return totals.first { $0.index == index } }
        var flat = 0
        for (dim, k) in index.enumerated() {
            guard let k, k >= 0, k < categories[dim].count else { return nil }
            flat = flat * categories[dim].count + k
        }
        return flat < cells.count ? cells[flat] : nil
    }
}

public struct ReleasedTableCell: Sendable, Equatable {
    /// Category index per dimension; nil where the dimension is collapsed (a margin).
    public let index: [Int?]
    /// Category labels per dimension; nil where collapsed.
    public let labels: [String?]
    /// The perturbed count; nil when below the small-cell threshold (suppressed).
    public let count: Int?
    public let rowPercent: Double?
    public let columnPercent: Double?
    public let cellPercent: Double?
    /// Volume tables: statistics aligned with `ReleasedTable.statisticNames`; nil entries suppressed.
    public let statistics: [Double?]
}

public struct ReleasedChiSquared: Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let p: Double
}

// MARK: Summaries

public struct ReleasedSummary: Sendable {
    public let variables: [ReleasedVariableSummary]
}

public struct ReleasedVariableSummary: Sendable, Equatable {
    public let name: String
    /// Perturbed number of units with a value; nil when suppressed.
    public let n: Int?
    /// Nil when fewer than `minimum_units_statistic` units.
    public let mean: Double?
    public let sd: Double?
    /// (level, value) for p1, p5, p10, p25, p50, p75, p90, p95, p99; empty when suppressed.
    public let percentiles: [ReleasedPercentile]
    public let gini: Double?
    public let iqr: Double?
    public var isSuppressed: Bool { mean == nil }
}

public struct ReleasedPercentile: Sendable, Equatable {
    public let level: Int
    public let value: Double
}

// MARK: Models

public struct ReleasedModel: Sendable {
    public let estimator: String
    public let dependent: String?
    /// Perturbed number of observations used.
    public let n: Int?
    public let coefficients: [ReleasedCoefficient]
    public let logLikelihood: Double?
    public let r2: Double?
    public let iterations: Int?
    /// "t" or "z".
    public let statisticName: String
    public let level: Double
}

public struct ReleasedCoefficient: Sendable, Equatable {
    public let term: String
    public let estimate: Double
    public let se: Double
    public let statistic: Double
    public let p: Double
    public let ciLow: Double
    public let ciHigh: Double
}

// MARK: Survival

public struct ReleasedSurvival: Sendable {
    public let groups: [ReleasedSurvivalCurve]
    /// Width of the time grid steps are coarsened to.
    public let gridWidth: Double
    public let timeUnit: String
}

public struct ReleasedSurvivalCurve: Sendable, Equatable {
    public let label: String
    public let steps: [ReleasedSurvivalStep]
    /// The grid time where the curve was cut (fewer than km_minimum_at_risk remained); nil if never.
    public let cutAt: Double?
}

public struct ReleasedSurvivalStep: Sendable, Equatable {
    public let time: Double
    public let survival: Double
    /// Perturbed number at risk at `time`.
    public let atRisk: Int
    /// Perturbed events in the interval ending at `time`; nil when below the small-cell threshold.
    public let events: Int?
}

// MARK: Charts

public struct ReleasedHistogram: Sendable {
    public let variable: String
    public let n: Int?
    public let bins: [ReleasedBin]
    /// The y scale (`density`, `fraction`, `percent`; frequency by default).
    public let scale: HistogramScale
    /// `histogram …, normal`: the overlaid normal density's released mean and sd.
    public let normal: ReleasedNormalCurve?

    init(variable: String, n: Int?, bins: [ReleasedBin], scale: HistogramScale = .frequency, normal: ReleasedNormalCurve? = nil) {
        self.variable = variable; self.n = n; self.bins = bins; self.scale = scale; self.normal = normal
    }

    /// Bar heights on `scale`, from the released counts only (suppressed bins have none).
    public var heights: [Double?] { scale.heights(counts: bins.map(\.count), widths: bins.map { $0.to - $0.from }) }

    /// How many points JSON and Vega-Lite sample the normal curve at (smooth at any chart width).
    public static let curvePoints = 101

    /// The normal curve on the bars' scale at `points` evenly spaced x across the bins, from the
    /// released mean, sd and counts only; empty without `normal`.
    public func normalCurve(points: Int) -> [(x: Double, y: Double)] {
        guard let normal, let first = bins.first, let last = bins.last, points >= 2 else { return [] }
        let total = Double(bins.reduce(0) { $0 + ($1.count ?? 0) })
        let binWidth = first.to - first.from
        return (0..<points).map { i in
            let x = first.from + (last.to - first.from) * Double(i) / Double(points - 1)
            return (x, scale.normalHeight(at: x, mean: normal.mean, sd: normal.sd, total: total, binWidth: binWidth))
        }
    }
}

/// The mean and sd behind a histogram's normal curve, released as `summarize` releases them.
public struct ReleasedNormalCurve: Sendable, Equatable {
    public let mean: Double
    public let sd: Double
}

public struct ReleasedBin: Sendable, Equatable {
    public let from: Double
    public let to: Double
    /// Nil when suppressed.
    public let count: Int?
}

public struct ReleasedBoxplot: Sendable {
    public let variable: String
    public let groups: [ReleasedBox]
}

public struct ReleasedBox: Sendable, Equatable {
    public let label: String
    public let n: Int?
    /// All nil when the group has too few units.
    public let whiskerLow: Double?
    public let q1: Double?
    public let median: Double?
    public let q3: Double?
    public let whiskerHigh: Double?
}

public struct ReleasedBarchart: Sendable {
    public let dimensions: [String]
    public let bars: [ReleasedBar]
    /// "count", "percent", or "statistic" (bars of `measure`s).
    public let statistic: String
}

public struct ReleasedBar: Sendable, Equatable {
    public let labels: [String]
    /// The released count of the category (perturbed; nil when suppressed).
    public let count: Int?
    public let percent: Double?
    /// Statistic bars: what the bar shows ("mean lønn") and its value (nil when suppressed).
    public let measure: String?
    public let value: Double?

    init(labels: [String], count: Int?, percent: Double?, measure: String? = nil, value: Double? = nil) {
        self.labels = labels; self.count = count; self.percent = percent; self.measure = measure; self.value = value
    }
}

public struct ReleasedHexbin: Sendable {
    public let xVariable: String
    public let yVariable: String
    public let gridsize: Int
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    public let groups: [ReleasedHexGroup]
}

public struct ReleasedHexGroup: Sendable, Equatable {
    public let label: String
    /// Only cells whose released count reaches the small-cell threshold.
    public let cells: [ReleasedHexCell]
    public let suppressedCells: Int
}

public struct ReleasedHexCell: Sendable, Equatable {
    public let x: Double
    public let y: Double
    public let count: Int
}

public struct ReleasedSankey: Sendable {
    public let stages: [String]
    public let flows: [ReleasedFlow]
}

public struct ReleasedFlow: Sendable, Equatable {
    public let from: String
    public let to: String
    public let count: Int?
}

public struct ReleasedPie: Sendable {
    public let variable: String
    public let total: Int?
    public let slices: [ReleasedSlice]
}

public struct ReleasedSlice: Sendable, Equatable {
    public let label: String
    public let count: Int?
    /// Share of the released total, 0…1; nil when suppressed.
    public let share: Double?
}

public struct ReleasedCorrelation: Sendable {
    public let variables: [String]
    /// The one sample's N (listwise); nil for pairwise, where each pair has its own (`pairN`).
    public let n: Int?
    /// Pearson correlations on winsorised values, or exact covariances (`statistic`); nil where
    /// undefined (a constant variable).
    public let matrix: [[Double?]]
    public var statistic: CorrelationStatistic = .correlation
    /// Each pair on its own complete cases (Stata's `pwcorr`).
    public var pairwise = false
    /// `pairwise, obs`: each pair's N, perturbed by the cell key method like any N.
    public var pairN: [[Int?]]? = nil
    /// `pairwise, sig`: two-sided p of each pair, from the released r and the released N.
    public var pValues: [[Double?]]? = nil
}

public enum CorrelationStatistic: String, Sendable { case correlation, covariance }

public struct ReleasedCoefplot: Sendable {
    public let estimator: String
    public let level: Double
    public let coefficients: [ReleasedCoefficient]
}
