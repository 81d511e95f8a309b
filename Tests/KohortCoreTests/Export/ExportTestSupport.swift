import Foundation
@testable import KohortCore

/// Released results of every kind, built directly (the initialisers are internal; tests may).
enum ExportSamples {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/Export")
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let noise = Protection(rule: "cell_key_noise", detail: "Counts have noise added (cell key method).")
    static let suppression = Protection(rule: "small_cell_suppression", detail: "Cells with fewer than 5 units are suppressed.")

    static func result(_ command: String, line: Int, _ payload: ReleasedPayload, _ protections: [Protection] = [noise]) -> ReleasedResult {
        ReleasedResult(command: command, line: line, payload: payload, protections: protections)
    }

    static func coefficient(_ term: String, _ b: Double, _ se: Double) -> ReleasedCoefficient {
        ReleasedCoefficient(term: term, estimate: b, se: se, statistic: b / se, p: 0.01, ciLow: b - 1.96 * se, ciHigh: b + 1.96 * se)
    }

    /// A two-way table whose labels need quoting, with a suppressed cell.
    static var table: ReleasedResult {
        let cats = [["Oslo", "Vestfold og Telemark", "Møre, \"Romsdal\""], ["kvinne", "mann"]]
        var cells: [ReleasedTableCell] = []
        var n = 0
        for (i, a) in cats[0].enumerated() {
            for (j, b) in cats[1].enumerated() {
                n += 1
                let count: Int? = n == 5 ? nil : 100 * n + 3
                cells.append(ReleasedTableCell(index: [i, j], labels: [a, b], count: count, rowPercent: count.map { Double($0) / 7.0 },
                                               columnPercent: nil, cellPercent: nil, statistics: []))
            }
        }
        let totals = [ReleasedTableCell(index: [nil, nil], labels: [nil, nil], count: 2104, rowPercent: 100, columnPercent: nil,
                                        cellPercent: nil, statistics: [])]
        let t = ReleasedTable(dimensions: ["fylke", "kjønn"], categories: cats, cells: cells, totals: totals, percentages: [.row],
                              showsCounts: true, summaryVariable: nil, statisticNames: [],
                              chiSquared: ReleasedChiSquared(statistic: 12.5, degreesOfFreedom: 2, p: 0.0019), smallCell: 5)
        return result("tabulate fylke kjønn, rowpct chi2", line: 7, .table(t), [noise, suppression])
    }

    static var summary: ReleasedResult {
        result("summarize lønn alder", line: 3, .summary(ReleasedSummary(variables: [
            ReleasedVariableSummary(name: "lønn", n: 1234, mean: 512345.25, sd: 1e5,
                                    percentiles: [ReleasedPercentile(level: 25, value: 400000), ReleasedPercentile(level: 50, value: 500000)],
                                    gini: 0.31, iqr: 200000),
            ReleasedVariableSummary(name: "alder", n: nil, mean: nil, sd: nil, percentiles: [], gini: nil, iqr: nil),
        ])))
    }

    static var model: ReleasedResult {
        result("regress loglønn utdanning alder", line: 9, .model(ReleasedModel(
            estimator: "regress", dependent: "loglønn", n: 40210,
            coefficients: [coefficient("utdanning", 0.05, 0.004), coefficient("alder", 0.06, 0.001), coefficient("_cons", 9.25, 0.05)],
            logLikelihood: nil, r2: 0.27, iterations: nil, statisticName: "t", level: 0.95)), [])
    }

    static var correlation: ReleasedResult {
        result("correlate lønn alder", line: 10, .correlation(ReleasedCorrelation(variables: ["lønn", "alder"], n: 900,
                                                                                   matrix: [[1, 0.3], [0.3, 1]])),
               [Protection(rule: "winsorised", detail: "Values are winsorised.")])
    }

    static var survival: ReleasedResult {
        func steps(_ rate: Double) -> [ReleasedSurvivalStep] {
            (0...6).map { k in ReleasedSurvivalStep(time: Double(k * 30), survival: pow(1 - rate, Double(k)), atRisk: 400 - 40 * k,
                                                  events: k == 0 ? 0 : (k == 3 ? nil : 12)) }
        }
        return result("kaplan-meier dager hendelse, by(stadium)", line: 12, .survival(ReleasedSurvival(groups: [
            ReleasedSurvivalCurve(label: "I", steps: steps(0.02), cutAt: nil),
            ReleasedSurvivalCurve(label: "IV", steps: steps(0.2), cutAt: 180),
        ], gridWidth: 30, timeUnit: "days")))
    }

    static var histogram: ReleasedResult {
        result("histogram alder_diag", line: 13, .histogram(ReleasedHistogram(variable: "alder_diag", n: 812, bins: [
            ReleasedBin(from: 40, to: 50, count: 43), ReleasedBin(from: 50, to: 60, count: 150),
            ReleasedBin(from: 60, to: 70, count: 300), ReleasedBin(from: 70, to: 80, count: 316), ReleasedBin(from: 80, to: 90, count: nil),
        ])), [noise, suppression])
    }

    static var boxplot: ReleasedResult {
        result("boxplot lønn, over(kjønn)", line: 14, .boxplot(ReleasedBoxplot(variable: "lønn", groups: [
            ReleasedBox(label: "kvinne", n: 400, whiskerLow: 100000, q1: 350000, median: 450000, q3: 560000, whiskerHigh: 900000),
            ReleasedBox(label: "mann", n: 420, whiskerLow: 120000, q1: 400000, median: 510000, q3: 640000, whiskerHigh: 1000000),
            ReleasedBox(label: "ukjent", n: nil, whiskerLow: nil, q1: nil, median: nil, q3: nil, whiskerHigh: nil),
        ])))
    }

    static var barchartOneWay: ReleasedResult {
        result("barchart stadium", line: 15, .barchart(ReleasedBarchart(dimensions: ["stadium"], bars: [
            ReleasedBar(labels: ["I"], count: 280, percent: nil), ReleasedBar(labels: ["II"], count: 80, percent: nil),
            ReleasedBar(labels: ["III"], count: nil, percent: nil),
        ], statistic: "count")))
    }

    static var barchartTwoWay: ReleasedResult {
        result("barchart stadium kjønn, percent", line: 16, .barchart(ReleasedBarchart(dimensions: ["stadium", "kjønn"], bars: [
            ReleasedBar(labels: ["I", "kvinne"], count: 150, percent: 30), ReleasedBar(labels: ["I", "mann"], count: 130, percent: 26),
            ReleasedBar(labels: ["IV", "kvinne"], count: 200, percent: 40), ReleasedBar(labels: ["IV", "mann"], count: 20, percent: 4),
        ], statistic: "percent")))
    }

    static var barchartStatistic: ReleasedResult {
        result("barchart (mean) lønn, over(utdanning)", line: 17, .barchart(ReleasedBarchart(dimensions: ["utdanning"], bars: [
            ReleasedBar(labels: ["grunnskole"], count: 300, percent: nil, measure: "mean lønn", value: 410000),
            ReleasedBar(labels: ["høyere"], count: 310, percent: nil, measure: "mean lønn", value: 620000.5),
        ], statistic: "statistic")))
    }

    static var hexbin: ReleasedResult {
        result("hexbin alder lønn, gridsize(10) by(kjønn)", line: 18, .hexbin(ReleasedHexbin(
            xVariable: "alder", yVariable: "lønn", gridsize: 10, xRange: 20...70, yRange: 0...1_000_000, groups: [
                ReleasedHexGroup(label: "kvinne", cells: [ReleasedHexCell(x: 20, y: 0, count: 12), ReleasedHexCell(x: 25, y: 83333.3, count: 40)],
                                 suppressedCells: 2),
                ReleasedHexGroup(label: "mann", cells: [ReleasedHexCell(x: 45, y: 500000, count: 77)], suppressedCells: 0),
            ])), [Protection(rule: "winsorised", detail: "Axes stop at the 1st and 99th percentiles."), noise])
    }

    static var sankey: ReleasedResult {
        result("sankey stadium2015 stadium2020", line: 19, .sankey(ReleasedSankey(stages: ["stadium2015", "stadium2020"], flows: [
            ReleasedFlow(from: "I", to: "I", count: 200), ReleasedFlow(from: "I", to: "død", count: 40),
            ReleasedFlow(from: "IV", to: "død", count: 300), ReleasedFlow(from: "IV", to: "IV", count: nil),
        ])))
    }

    static var pie: ReleasedResult {
        result("piechart sivstand", line: 20, .pie(ReleasedPie(variable: "sivstand", total: 1000, slices: [
            ReleasedSlice(label: "gift", count: 450, share: 0.45), ReleasedSlice(label: "ugift", count: 550, share: 0.55),
            ReleasedSlice(label: "skilt", count: nil, share: nil),
        ])))
    }

    static var coefplot: ReleasedResult {
        result("coefplot", line: 21, .coefplot(ReleasedCoefplot(estimator: "cox", level: 0.95, coefficients: [
            coefficient("stadium_II", 0.5, 0.2), coefficient("stadium_IV", 2.1, 0.1), coefficient("alder", 0.03, 0.01),
        ])), [])
    }

    static var message: ReleasedResult {
        result("textblock", line: 1, .message(ReleasedMessage(text: "Lungekreft 2015–2020")), [])
    }

    static var charts: [ReleasedResult] {
        [survival, histogram, boxplot, barchartOneWay, barchartTwoWay, barchartStatistic, hexbin, sankey, pie, coefplot, correlation]
    }

    static var all: [ReleasedResult] { [message, table, summary, model] + charts }
}
