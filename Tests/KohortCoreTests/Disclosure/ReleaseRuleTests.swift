import Testing
@testable import KohortCore

/// One test (or more) per policy rule: a raw input that hits the rule, and the expected
/// refusal or perturbation.
@Suite struct ReleaseRuleTests {
    let policy = Units.policy

    func refusal(_ body: () throws(DisclosureRefusal) -> ReleasedResult) -> String? {
        do { _ = try body(); return nil } catch { return error.rule }
    }

    func table(_ r: ReleasedResult) -> ReleasedTable {
        guard case .table(let t) = r.payload else { fatalError("not a table") }
        return t
    }

    // MARK: counts

    @Test func cellsBelowSmallCellAreSuppressedAndMarginsArePerturbedAsCells() throws {
        // Cell (1,1) holds 2 units: released as 1 or 3, so suppressed.
        let raw = Units.table(["a", "b"], [["1", "2"], ["1", "2"]], counts: [2, 300, 400, 500])
        let result = try Release.table(raw, policy: policy, command: "tabulate a b", line: 1)
        let t = table(result)
        #expect(t.cell([0, 0])?.count == nil)
        #expect(t.cells.filter { $0.count == nil }.count == 1)
        // The grand total is the perturbed count of all 1 202 units, not the sum of released cells.
        #expect(t.cell([nil, nil])?.count == Units.released(1...1202))
        // A margin: column 1 = units 1–2 (cell 1,1) and 303–702 (cell 2,1).
        #expect(t.cell([nil, 0])?.count == Units.released(Array(1...2) + Array(303...702)))
        #expect(result.protections.map(\.rule).contains("small_cell_suppression"))
        #expect(result.protections.map(\.rule).contains("cell_key_noise"))
    }

    @Test func everyReleasedCountIsWithinTheBoundAndNonNegative() throws {
        let counts = (0..<60).map { $0 * 7 % 53 + 5 }
        let raw = Units.table(["a"], [(0..<60).map(String.init)], counts: counts)
        let t = table(try Release.table(raw, policy: policy, command: "tabulate a", line: 1))
        for (i, c) in t.cells.enumerated() {
            let released = try #require(c.count)
            #expect(released >= 0 && abs(released - counts[i]) <= 2)
        }
    }

    @Test func tableWithTooManySmallCellsIsRefused() {
        let raw = Units.table(["a"], [["1", "2", "3"]], counts: [2, 3, 1000])
        #expect(refusal { () throws(DisclosureRefusal) in try Release.table(raw, policy: policy, command: "tabulate a", line: 1) } == "max_small_cell_share")
        var lenient = policy
        lenient.maxSmallCellShare = 0.9
        #expect(refusal { () throws(DisclosureRefusal) in try Release.table(raw, policy: lenient, command: "tabulate a", line: 1) } == nil)
    }

    @Test func smallCellThresholdComesFromThePolicy() throws {
        var strict = policy
        strict.smallCell = 20
        let raw = Units.table(["a"], [["1", "2", "3"]], counts: [15, 400, 500])
        #expect(table(try Release.table(raw, policy: policy, command: "t", line: 1)).cells[0].count != nil)
        #expect(table(try Release.table(raw, policy: strict, command: "t", line: 1)).cells[0].count == nil)
    }

    @Test func percentagesUseReleasedCounts() throws {
        let raw = Units.table(["a", "b"], [["1", "2"], ["1", "2"]], counts: [120, 300, 400, 510])
        let t = table(try Release.table(raw, options: TableOptions(percentages: [.row, .column, .cell]), policy: policy, command: "t", line: 1))
        let cell = try #require(t.cell([0, 1])), row = try #require(t.cell([0, nil])), column = try #require(t.cell([nil, 1]))
        let total = try #require(t.cell([nil, nil]))
        #expect(cell.rowPercent == 100 * Double(cell.count!) / Double(row.count!))
        #expect(cell.columnPercent == 100 * Double(cell.count!) / Double(column.count!))
        #expect(cell.cellPercent == 100 * Double(cell.count!) / Double(total.count!))
    }

    @Test func chiSquaredFromReleasedCountsOnlyWithoutSuppression() throws {
        let raw = Units.table(["a", "b"], [["1", "2"], ["1", "2"]], counts: [120, 300, 400, 510])
        let result = try Release.table(raw, options: TableOptions(chiSquared: true), policy: policy, command: "t", line: 1)
        let t = table(result)
        let chi = try #require(t.chiSquared)
        let o = t.cells.map { Double($0.count!) }
        let n = o.reduce(0, +), r = [o[0] + o[1], o[2] + o[3]], c = [o[0] + o[2], o[1] + o[3]]
        var expected = 0.0
        for i in 0..<2 { for j in 0..<2 { let e = r[i] * c[j] / n; expected += (o[i * 2 + j] - e) * (o[i * 2 + j] - e) / e } }
        #expect(abs(chi.statistic - expected) < 1e-9)
        #expect(chi.degreesOfFreedom == 1)
        #expect(chi.p > 0 && chi.p < 1)
        let withSmall = Units.table(["a", "b"], [["1", "2"], ["1", "2"]], counts: [2, 300, 400, 510])
        let refused = try Release.table(withSmall, options: TableOptions(chiSquared: true), policy: policy, command: "t", line: 1)
        #expect(table(refused).chiSquared == nil)
        #expect(refused.protections.map(\.rule).contains("chi2_withheld"))
    }

    @Test func chiSquaredTailMatchesKnownValues() {
        #expect(abs(ReleaseNumerics.chiSquaredTail(3.841459, df: 1) - 0.05) < 1e-6)
        #expect(abs(ReleaseNumerics.chiSquaredTail(18.307038, df: 10) - 0.05) < 1e-6)
        #expect(abs(ReleaseNumerics.chiSquaredTail(2, df: 2) - 0.36787944) < 1e-7)
    }

    @Test func volumeTableSuppressesThinCellsAndWinsorises() throws {
        var raw = Units.table(["a"], [["1", "2"]], counts: [200, 8])
        raw.summarize = RawTableVolume(variable: "x", values: [Units.values(199) + [1e9], Units.values(8)])
        var lenient = policy
        lenient.maxSmallCellShare = 1
        let t = table(try Release.table(raw, policy: lenient, command: "tabulate a, summarize(x)", line: 1))
        #expect(t.statisticNames == ["mean", "sd", "sum", "p25", "p50", "p75"])
        #expect(t.cells[1].statistics.allSatisfy { $0 == nil })
        let mean = try #require(t.cells[0].statistics[0])
        #expect(mean < 1000, "the 1e9 outlier is winsorised away")
    }

    // MARK: magnitudes

    @Test func summaryWinsorisesRoundsAndHidesExtremes() throws {
        let values = (1...500).map(Double.init) + [1_000_000]
        let result = Release.summary(RawSummary(variables: [Units.summary("x", values)], gini: true, iqr: true),
                                     policy: policy, command: "summarize x", line: 1)
        guard case .summary(let s) = result.payload else { Issue.record("not a summary"); return }
        let v = s.variables[0]
        let mean = try #require(v.mean)
        #expect(mean < 260, "mean of winsorised values, not pulled up by the extreme")
        #expect(v.percentiles.map(\.level) == [1, 5, 10, 25, 50, 75, 90, 95, 99])
        for p in v.percentiles { #expect(p.value == ReleaseNumerics.significant(p.value, 3)) }
        #expect(!v.percentiles.contains { $0.value == 1 || $0.value == 1_000_000 })
        #expect(v.gini != nil && v.iqr != nil)
        #expect(abs((v.n ?? 0) - 501) <= 2)
        #expect(Set(result.protections.map(\.rule)).isSuperset(of: ["winsorised", "significant_digits", "no_extremes", "cell_key_noise"]))
    }

    @Test func summaryOfTooFewUnitsIsSuppressed() {
        let result = Release.summary(RawSummary(variables: [Units.summary("x", [1, 2, 3, 4, 5, 6, 7, 8, 9])]), policy: policy, command: "summarize x", line: 1)
        guard case .summary(let s) = result.payload else { Issue.record("not a summary"); return }
        #expect(s.variables[0].isSuppressed && s.variables[0].percentiles.isEmpty)
        #expect(result.protections.map(\.rule).contains("minimum_units_statistic"))
    }

    @Test func significantDigitRounding() {
        #expect(ReleaseNumerics.significant(123_456, 3) == 123_000)
        #expect(ReleaseNumerics.significant(0.0012345, 3) == 0.00123)
        #expect(ReleaseNumerics.significant(-98.76, 2) == -99)
    }

    // MARK: models

    func model(n: Int = 5000, df: Int? = 4990, categories: [RawCategoryCount] = []) -> RawModel {
        RawModel(estimator: "logit", dependent: "død",
                 coefficients: [RawCoefficient(term: "alder", estimate: 0.0312345678, se: 0.002, statistic: 15.6, p: 1e-10, ciLow: 0.027, ciHigh: 0.035)],
                 n: n, nKeySum: Units.keySum(1...Int64(n)), residualDF: df, categoryCounts: categories, statisticName: "z")
    }

    @Test func modelRulesEachRefuseByName() {
        func rule(_ m: RawModel) -> String? { refusal { () throws(DisclosureRefusal) in try Release.model(m, policy: policy, command: "logit", line: 1) } }
        #expect(rule(model(n: 999)) == "minimum_population")
        #expect(rule(model(df: 9)) == "minimum_residual_df")
        #expect(rule(model(categories: [RawCategoryCount(variable: "død", category: "1", count: 9),
                                        RawCategoryCount(variable: "død", category: "0", count: 4991)])) == "minimum_category_units")
        #expect(rule(model()) == nil)
    }

    @Test func modelCoefficientsAreExactAndNIsPerturbed() throws {
        let result = try Release.model(model(), policy: policy, command: "logit død alder", line: 1)
        guard case .model(let m) = result.payload else { Issue.record("not a model"); return }
        #expect(m.coefficients[0].estimate == 0.0312345678)
        #expect(m.n == Units.released(1...5000))
        #expect(result.protections.map(\.rule) == ["model_rules", "cell_key_noise"])
    }

    @Test func refusalMessagesNeverGiveTheExactSmallNumber() {
        do {
            _ = try Release.model(model(categories: [RawCategoryCount(variable: "i.sykehus", category: "7", count: 3)]), policy: policy, command: "regress", line: 1)
            Issue.record("should refuse")
        } catch {
            #expect(error.message.contains("fewer than 10"))
            #expect(!error.message.contains(" 3 "))
        }
    }

    // MARK: survival

    func survivalGroup(_ n: Int, firstID: Int64 = 1, spread: Double = 900) -> RawSurvivalGroup {
        let times = Units.values(n, seed: 11, scale: spread)
        return RawSurvivalGroup(label: "g", times: times, events: times.indices.map { $0 % 4 != 0 }, recordKeys: Units.keys(n, firstID: firstID))
    }

    @Test func survivalTimesAreOnTheGridAndAtRiskIsPerturbed() {
        let g = survivalGroup(300)
        let result = Release.survival(RawSurvival(groups: [g], gridWidth: 30), policy: policy, command: "kaplan-meier", line: 1)
        guard case .survival(let s) = result.payload else { Issue.record("not survival"); return }
        let steps = s.groups[0].steps
        #expect(steps.allSatisfy { $0.time.truncatingRemainder(dividingBy: 30) == 0 })
        #expect(steps[0].atRisk == Units.released(1...300))
        // Survival never increases and stays in [0, 1].
        for (a, b) in zip(steps, steps.dropFirst()) { #expect(b.survival <= a.survival && b.survival >= 0) }
        #expect(Set(result.protections.map(\.rule)).isSuperset(of: ["km_time_grid", "cell_key_noise"]))
    }

    @Test func survivalIsCutWhereFewerThanTheMinimumRemainAtRisk() {
        let g = survivalGroup(200)
        let result = Release.survival(RawSurvival(groups: [g], gridWidth: 30), policy: policy, command: "kaplan-meier", line: 1)
        guard case .survival(let s) = result.payload else { Issue.record("not survival"); return }
        let curve = s.groups[0]
        let cut = curve.cutAt
        #expect(cut != nil)
        let lastShown = curve.steps.last!.time
        let trulyAtRisk = g.times.filter { max(1, ($0 / 30).rounded(.up)) * 30 >= lastShown }.count
        #expect(trulyAtRisk >= policy.kmMinimumAtRisk)
        let atCut = g.times.filter { max(1, ($0 / 30).rounded(.up)) * 30 >= cut! }.count
        #expect(atCut < policy.kmMinimumAtRisk)
        #expect(result.protections.map(\.rule).contains("km_minimum_at_risk"))
    }

    @Test func survivalOfATinyGroupShowsNothing() {
        let result = Release.survival(RawSurvival(groups: [survivalGroup(9)]), policy: policy, command: "kaplan-meier", line: 1)
        guard case .survival(let s) = result.payload else { Issue.record("not survival"); return }
        #expect(s.groups[0].steps.isEmpty)
    }

    // MARK: charts

    @Test func histogramRules() throws {
        #expect(refusal { () throws(DisclosureRefusal) in
            try Release.histogram(RawHistogram(variable: "x", values: [1, 2, 3], recordKeys: Units.keys(3)), policy: policy, command: "histogram x", line: 1)
        } == "minimum_units_statistic")
        // 2 000 values in 200 bins: most bins small → refused; 10 bins → fine.
        let values = Units.values(300)
        #expect(refusal { () throws(DisclosureRefusal) in
            try Release.histogram(RawHistogram(variable: "x", values: values, recordKeys: Units.keys(300), bins: .count(200)), policy: policy, command: "h", line: 1)
        } == "max_small_cell_share")
        let ok = try Release.histogram(RawHistogram(variable: "x", values: values, recordKeys: Units.keys(300), bins: .width(100)), policy: policy, command: "h", line: 1)
        guard case .histogram(let h) = ok.payload else { Issue.record("not a histogram"); return }
        #expect(h.bins.count == 10)
        #expect(zip(h.bins, h.bins.dropFirst()).allSatisfy { abs($0.to - $1.from) < 1e-9 })
    }

    @Test func hexbinLimitsComeFromThePolicy() {
        let x = Units.values(500), y = Units.values(500, seed: 3)
        func rule(_ raw: RawHexbin) -> String? { refusal { () throws(DisclosureRefusal) in try Release.hexbin(raw, policy: policy, command: "hexbin", line: 1) } }
        #expect(rule(RawHexbin(xVariable: "x", yVariable: "y", x: x, y: y, recordKeys: Units.keys(500), gridsize: 26)) == "hexbin_max_gridsize")
        #expect(rule(RawHexbin(xVariable: "x", yVariable: "y", x: x, y: y, recordKeys: Units.keys(500), groups: (0..<500).map { $0 % 11 },
                               groupLabels: (0..<11).map(String.init), gridsize: 10)) == "hexbin_max_groups")
        #expect(rule(RawHexbin(xVariable: "x", yVariable: "y", x: x, y: y, recordKeys: Units.keys(500), gridsize: 25)) == nil)
    }

    @Test func hexbinDrawsOnlyCellsAtOrAboveTheThreshold() throws {
        let x = Units.values(2000), y = Units.values(2000, seed: 3)
        let r = try Release.hexbin(RawHexbin(xVariable: "x", yVariable: "y", x: x, y: y, recordKeys: Units.keys(2000), gridsize: 20), policy: policy, command: "hexbin", line: 1)
        guard case .hexbin(let h) = r.payload else { Issue.record("not a hexbin"); return }
        #expect(h.groups[0].cells.allSatisfy { $0.count >= policy.smallCell })
        #expect(h.xRange.lowerBound > x.min()! && h.xRange.upperBound < x.max()!)
    }

    @Test func boxplotRules() {
        let r = Release.boxplot(RawBoxplot(variable: "x", groups: [Units.summary("a", Units.values(400)), Units.summary("b", [1, 2, 3], firstID: 1000)]),
                                policy: policy, command: "boxplot x", line: 1)
        guard case .boxplot(let b) = r.payload else { Issue.record("not a boxplot"); return }
        let a = b.groups[0]
        #expect(a.whiskerLow! <= a.q1! && a.q1! <= a.median! && a.median! <= a.q3! && a.q3! <= a.whiskerHigh!)
        #expect(b.groups[1].median == nil)
        #expect(r.protections.map(\.rule).contains("no_outliers"))
    }

    @Test func pieSharesAreOfTheReleasedTotalAndSankeyFlowsFollowCountRules() throws {
        let pie = try Release.pie(RawPie(table: Units.table(["k"], [["a", "b", "c"]], counts: [300, 500, 200])), policy: policy, command: "piechart k", line: 1)
        guard case .pie(let p) = pie.payload else { Issue.record("not a pie"); return }
        for s in p.slices { #expect(s.share == Double(s.count!) / Double(p.total!)) }
        let flows = [RawFlow(from: "a", to: "b", count: 3, keySum: Units.keySum(1...3)), RawFlow(from: "a", to: "c", count: 500, keySum: Units.keySum(4...503))]
        let sankey = try Release.sankey(RawSankey(stages: ["t0", "t1"], flows: flows), policy: policy, command: "sankey", line: 1)
        guard case .sankey(let s) = sankey.payload else { Issue.record("not a sankey"); return }
        #expect(s.flows[0].count == nil && s.flows[1].count == Units.released(4...503))
    }

    @Test func correlationNeedsEnoughUnitsAndWinsorises() throws {
        #expect(refusal { () throws(DisclosureRefusal) in
            try Release.correlation(RawCorrelation(variables: ["x", "y"], columns: [[1, 2], [2, 1]], keySum: 0), policy: policy, command: "correlate", line: 1)
        } == "minimum_units_statistic")
        // One huge pair would dominate a raw correlation; winsorised it does not.
        var x = Units.values(200), y = Units.values(200, seed: 9)
        x.append(1e9); y.append(1e9)
        let r = try Release.correlation(RawCorrelation(variables: ["x", "y"], columns: [x, y], keySum: Units.keySum(1...201)), policy: policy, command: "correlate", line: 1)
        guard case .correlation(let c) = r.payload else { Issue.record("not a correlation"); return }
        #expect(abs(c.matrix[1][0]!) < 0.5)
    }

    @Test func coefplotFollowsModelRulesAndDropsTheConstant() throws {
        var m = model()
        m.coefficients.append(RawCoefficient(term: "_cons", estimate: 1, se: 0.1, statistic: 10, p: 0, ciLow: 0.8, ciHigh: 1.2))
        let r = try Release.coefplot(RawCoefplot(model: m), policy: policy, command: "coefplot", line: 1)
        guard case .coefplot(let c) = r.payload else { Issue.record("not a coefplot"); return }
        #expect(c.coefficients.map(\.term) == ["alder"])
        #expect(refusal { () throws(DisclosureRefusal) in try Release.coefplot(RawCoefplot(model: model(n: 10)), policy: policy, command: "coefplot", line: 1) } == "minimum_population")
    }
}

extension ReleaseRuleTests {
    @Test func kaplanMeierNeverReleasesAtRiskBelowSmallCellEvenUnderALaxPolicy() {
        var lax = policy
        lax.kmMinimumAtRisk = 2
        let result = Release.survival(RawSurvival(groups: [survivalGroup(200)]), policy: lax, command: "kaplan-meier", line: 1)
        guard case .survival(let s) = result.payload else { Issue.record("not survival"); return }
        #expect(s.groups[0].steps.allSatisfy { $0.atRisk >= lax.smallCell })
    }

    @Test func histogramWithANonsenseWidthFallsBackToTwentyBins() throws {
        let r = try Release.histogram(RawHistogram(variable: "x", values: Units.values(4000), recordKeys: Units.keys(4000), bins: .width(0)), policy: policy, command: "h", line: 1)
        guard case .histogram(let h) = r.payload else { Issue.record("not a histogram"); return }
        #expect(h.bins.count == 20)
    }
}

extension ReleaseRuleTests {
    /// A true 0 stays 0 in the perturbation table, but is shown suppressed like 1–4, so an
    /// intruder cannot tell "nobody" from "one person perturbed down".
    @Test func emptyCellsAreShownSuppressedLikeSmallOnes() throws {
        let raw = Units.table(["a"], [["empty", "one", "many", "more"]], counts: [0, 1, 400, 500])
        let t = table(try Release.table(raw, policy: policy, command: "tabulate a", line: 1))
        #expect(t.cells[0].count == nil && t.cells[1].count == nil)
        #expect(t.cells[2].count != nil)
    }
}
