import Statistics

/// Raw inputs to the release functions: what the engine and the estimators compute inside the
/// core. These are public so the engine and statistics code can build them, but nothing outside
/// the Disclosure layer can turn them into output: renderers accept only `ReleasedResult`.
///
/// Counts always come with their **key sum**: the wrapping `UInt64` sum of the record keys
/// (`RecordKey`) of the units counted (`CellKeyAccumulator` keeps both per cell).

/// A one-, two- or three-way frequency table from the engine's group-by.
public struct RawTable: Sendable {
    public var dimensions: [String]
    /// Category labels per dimension (all categories, including empty ones).
    public var categories: [[String]]
    /// Per cell, row-major over `categories` (the last dimension varies fastest).
    public var counts: [Int]
    public var keySums: [UInt64]
    /// For `tabulate …, summarize(var)`: the variable's non-missing values in each cell (same
    /// order as `counts`). The cell's count and key sum must then be those of the units with a value.
    public var summarize: RawTableVolume?

    public init(dimensions: [String], categories: [[String]], counts: [Int], keySums: [UInt64], summarize: RawTableVolume? = nil) {
        self.dimensions = dimensions; self.categories = categories
        self.counts = counts; self.keySums = keySums; self.summarize = summarize
    }

    /// From a group-by accumulator whose cells are indexed row-major over `categories`.
    public init(dimensions: [String], categories: [[String]], accumulator: CellKeyAccumulator, summarize: RawTableVolume? = nil) {
        self.init(dimensions: dimensions, categories: categories, counts: accumulator.counts, keySums: accumulator.keySums, summarize: summarize)
    }
}

public struct RawTableVolume: Sendable {
    public var variable: String
    public var values: [[Double]]
    public init(variable: String, values: [[Double]]) { self.variable = variable; self.values = values }
}

public struct TableOptions: Sendable, Equatable {
    /// Show counts (`freq`); on unless only percentages were asked for.
    public var frequencies: Bool
    public var percentages: [TablePercentage]
    public var chiSquared: Bool
    public init(frequencies: Bool = true, percentages: [TablePercentage] = [], chiSquared: Bool = false) {
        self.frequencies = frequencies; self.percentages = percentages; self.chiSquared = chiSquared
    }
}

/// `summarize`: the non-missing values of each variable.
public struct RawSummary: Sendable {
    public var variables: [RawSummaryVariable]
    public var gini: Bool
    public var iqr: Bool
    public init(variables: [RawSummaryVariable], gini: Bool = false, iqr: Bool = false) {
        self.variables = variables; self.gini = gini; self.iqr = iqr
    }
}

public struct RawSummaryVariable: Sendable {
    public var name: String
    public var values: [Double]
    /// Σ record keys of the units with a value.
    public var keySum: UInt64
    public init(name: String, values: [Double], keySum: UInt64) { self.name = name; self.values = values; self.keySum = keySum }
    /// The bucket profile of `values` when Analysis made one while checking the column for
    /// missing values (whole-dataset summaries), so the release does not count it again.
    var profile: BucketProfile?
}

/// A fitted model, as the estimator returns it.
public struct RawModel: Sendable {
    public var estimator: String
    public var dependent: String?
    public var coefficients: [RawCoefficient]
    /// Observations used, and the key sum of their units.
    public var n: Int
    public var nKeySum: UInt64
    /// Residual degrees of freedom (n − parameters) where the estimator has them.
    public var residualDF: Int?
    /// Units in each category of a binary outcome and of every dummy regressor (both levels).
    public var categoryCounts: [RawCategoryCount]
    public var logLikelihood: Double?
    public var r2: Double?
    public var iterations: Int?
    public var statisticName: String
    public var level: Double

    public init(estimator: String, dependent: String? = nil, coefficients: [RawCoefficient], n: Int, nKeySum: UInt64,
                residualDF: Int?, categoryCounts: [RawCategoryCount] = [], logLikelihood: Double? = nil, r2: Double? = nil,
                iterations: Int? = nil, statisticName: String = "t", level: Double = 0.95) {
        self.estimator = estimator; self.dependent = dependent; self.coefficients = coefficients
        self.n = n; self.nKeySum = nKeySum; self.residualDF = residualDF; self.categoryCounts = categoryCounts
        self.logLikelihood = logLikelihood; self.r2 = r2; self.iterations = iterations
        self.statisticName = statisticName; self.level = level
    }
}

public struct RawCoefficient: Sendable, Equatable {
    public var term: String, estimate: Double, se: Double, statistic: Double, p: Double, ciLow: Double, ciHigh: Double
    public init(term: String, estimate: Double, se: Double, statistic: Double, p: Double, ciLow: Double, ciHigh: Double) {
        self.term = term; self.estimate = estimate; self.se = se; self.statistic = statistic; self.p = p
        self.ciLow = ciLow; self.ciHigh = ciHigh
    }
}

public struct RawCategoryCount: Sendable, Equatable {
    /// The outcome or regressor (`y`, `i.kjønn`, `1.sivstand`).
    public var variable: String
    /// The level (`0`, `1`, `2`).
    public var category: String
    public var count: Int
    public init(variable: String, category: String, count: Int) { self.variable = variable; self.category = category; self.count = count }
}

/// `kaplan-meier`: per group, each unit's time, whether the time is an event (else censored),
/// and its record key.
public struct RawSurvival: Sendable {
    public var groups: [RawSurvivalGroup]
    /// Times are coarsened up to multiples of this (30 days by default).
    public var gridWidth: Double
    public var timeUnit: String
    public init(groups: [RawSurvivalGroup], gridWidth: Double = 30, timeUnit: String = "days") {
        self.groups = groups; self.gridWidth = gridWidth; self.timeUnit = timeUnit
    }
}

public struct RawSurvivalGroup: Sendable {
    public var label: String
    public var times: [Double]
    public var events: [Bool]
    public var recordKeys: [UInt64]
    public init(label: String, times: [Double], events: [Bool], recordKeys: [UInt64]) {
        self.label = label; self.times = times; self.events = events; self.recordKeys = recordKeys
    }
}

public enum HistogramBins: Sendable, Equatable {
    case count(Int)
    case width(Double)
}

/// `histogram`: the non-missing values and each unit's record key.
public struct RawHistogram: Sendable {
    public var variable: String
    public var values: [Double]
    public var recordKeys: [UInt64]
    public var bins: HistogramBins
    /// The y scale; heights are computed from the released counts, never from these values.
    public var scale: HistogramScale
    /// `normal`: overlay a normal density; its mean and sd are released as summarize's are.
    public var normal: Bool
    public init(variable: String, values: [Double], recordKeys: [UInt64], bins: HistogramBins = .count(20), scale: HistogramScale = .frequency,
                normal: Bool = false) {
        self.variable = variable; self.values = values; self.recordKeys = recordKeys; self.bins = bins; self.scale = scale
        self.normal = normal
    }
    /// The record keys as the dataset caches them (UInt32), when `recordKeys` is empty: a
    /// whole column is then released without widening a copy of its keys (75 MB at full size).
    var narrowKeys: [UInt32]?
    init(variable: String, values: [Double], narrowKeys: [UInt32], bins: HistogramBins, scale: HistogramScale, normal: Bool = false) {
        self.init(variable: variable, values: values, recordKeys: [], bins: bins, scale: scale, normal: normal)
        self.narrowKeys = narrowKeys
    }
    /// The bucket profile of `values`, when Analysis made one (see RawSummaryVariable.profile).
    var profile: BucketProfile?
    /// The cut points' order statistics of `values`, when Analysis selected them while
    /// checking for missing values (`WinsorSelection.ranks` with no levels).
    var tails: TailSelection?
}

/// `boxplot`: values (and key sum) per group.
public struct RawBoxplot: Sendable {
    public var variable: String
    public var groups: [RawSummaryVariable]
    /// Each group's `name` is its label.
    public init(variable: String, groups: [RawSummaryVariable]) { self.variable = variable; self.groups = groups }
}

/// `barchart`: a one- or two-way count table (the `over` categories), and optionally
/// statistics of variables per category (`barchart (mean) lønn (median) formue, over(kjønn)`).
public struct RawBarchart: Sendable {
    public var table: RawTable
    /// For count bars: show percentages of the total instead of counts.
    public var percent: Bool
    /// Statistic bars; empty for count bars.
    public var measures: [RawBarMeasure]
    public init(table: RawTable, percent: Bool = false, measures: [RawBarMeasure] = []) {
        self.table = table; self.percent = percent; self.measures = measures
    }
}

/// The statistics a bar may show. There is deliberately no minimum or maximum
/// (`Release.barStatistic(named:)` refuses them).
public enum BarStatistic: String, Sendable, CaseIterable {
    case mean, median, sum, sd
}

public struct RawBarMeasure: Sendable {
    public var statistic: BarStatistic
    public var variable: String
    /// The variable's non-missing values per cell of `table` (same order as its counts).
    public var values: [[Double]]
    public init(statistic: BarStatistic, variable: String, values: [[Double]]) {
        self.statistic = statistic; self.variable = variable; self.values = values
    }
}

/// `hexbin x y [, by(g)]`.
public struct RawHexbin: Sendable {
    public var xVariable: String
    public var yVariable: String
    public var x: [Double]
    public var y: [Double]
    public var recordKeys: [UInt64]
    /// Group index per unit (into `groupLabels`); nil for one group.
    public var groups: [Int]?
    public var groupLabels: [String]
    public var gridsize: Int
    public init(xVariable: String, yVariable: String, x: [Double], y: [Double], recordKeys: [UInt64],
                groups: [Int]? = nil, groupLabels: [String] = ["all"], gridsize: Int = 20) {
        self.xVariable = xVariable; self.yVariable = yVariable; self.x = x; self.y = y; self.recordKeys = recordKeys
        self.groups = groups; self.groupLabels = groupLabels; self.gridsize = gridsize
    }
}

/// `sankey`: transitions between states of consecutive stages.
public struct RawSankey: Sendable {
    public var stages: [String]
    public var flows: [RawFlow]
    public init(stages: [String], flows: [RawFlow]) { self.stages = stages; self.flows = flows }
}

public struct RawFlow: Sendable {
    public var from: String
    public var to: String
    public var count: Int
    public var keySum: UInt64
    public init(from: String, to: String, count: Int, keySum: UInt64) { self.from = from; self.to = to; self.count = count; self.keySum = keySum }
}

/// `piechart var`: a one-way count table.
public struct RawPie: Sendable {
    public var table: RawTable
    public init(table: RawTable) { self.table = table }
}

/// `correlate`: complete cases of each variable (equal lengths) and their units' key sum.
public struct RawCorrelation: Sendable {
    public var variables: [String]
    public var columns: [[Double]]
    public var keySum: UInt64
    public init(variables: [String], columns: [[Double]], keySum: UInt64) { self.variables = variables; self.columns = columns; self.keySum = keySum }
}

/// `coefplot`: a fitted model and the terms to plot (all but the constant by default).
public struct RawCoefplot: Sendable {
    public var model: RawModel
    public var terms: [String]?
    public init(model: RawModel, terms: [String]? = nil) { self.model = model; self.terms = terms }
}
