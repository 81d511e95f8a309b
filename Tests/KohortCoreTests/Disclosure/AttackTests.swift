import Testing
@testable import KohortCore

/// What an intruder would try, at the release level, each shown to fail.
@Suite struct AttackTests {
    let policy = Units.policy

    /// Differencing: two cohorts that differ by exactly one person. If counts were exact (or
    /// the noise cancelled), released(B) − released(A) would always be 1 and reveal that the
    /// person belongs to B's defining group. With the cell key method the two cells have
    /// unrelated keys, so the difference is spread over −3…5 and equals 1 only about 27 % of
    /// the time.
    @Test func differencingTwoCohortsThatDifferByOneUnitDoesNotRevealTheUnit() {
        var differences: [Int: Int] = [:]
        let trials = 2000
        for t in 0..<trials {
            let base = Int64(t * 10_000), n = 100 + t % 500
            let keysA = Units.keySum(base..<(base + Int64(n)))
            let keysB = keysA &+ Units.key(base + Int64(n))          // the same cohort plus one unit
            let a = PerturbationTable.standard.perturb(count: n, keySum: keysA)
            let b = PerturbationTable.standard.perturb(count: n + 1, keySum: keysB)
            #expect(a == Units.released(base..<(base + Int64(n))) || t > 3)
            differences[b - a, default: 0] += 1
        }
        let shareOfOne = Double(differences[1] ?? 0) / Double(trials)
        #expect(shareOfOne < 0.4, "the difference is 1 only by chance (expected 70/256 ≈ 0.27)")
        #expect(differences.keys.count >= 6, "differences spread over many values: \(differences)")
        #expect(differences.keys.allSatisfy { (-3...5).contains($0) })
        // The differences are 0 or negative often enough that "B is bigger" is not even certain.
        #expect(Double(differences.filter { $0.key <= 0 }.values.reduce(0, +)) / Double(trials) > 0.2)
    }

    /// Repeating a query gives byte-identical output, so nothing averages out.
    @Test func repeatingAQueryGivesIdenticalOutput() throws {
        let raw = Units.table(["a", "b"], [["1", "2"], ["1", "2", "3"]], counts: [120, 37, 6, 400, 222, 51])
        let options = TableOptions(percentages: [.row], chiSquared: true)
        let lines = try (0..<20).map { _ in
            ResultJSON.line(ResultJSON.object(try Release.table(raw, options: options, policy: policy, command: "tabulate a b, rowpct", line: 3)))
        }
        #expect(Set(lines).count == 1)
    }

    /// Averaging over many *overlapping* queries that reach the same set of units — other
    /// orders, other splits across threads, as a margin of bigger tables — fails: the set has
    /// one cell key, hence one noise, so the average is the released value, not the truth.
    @Test func averagingOverManyQueriesOfTheSameCellFails() {
        // A set of units whose released count differs from its true count.
        var ids: [Int64] = []
        var start: Int64 = 1
        repeat {
            ids = Array(start..<(start + 777))
            start += 1000
        } while Units.released(ids) == ids.count
        let truth = ids.count
        var releases: [Int] = []
        for q in 0..<50 {
            // The same units as one cell of a two-way table, with a varying set of other units
            // in the other cells, reached in a shuffled order: the released margin is the cell.
            var order = ids
            for i in order.indices.reversed() { order.swapAt(i, (i * 7919 + q * 104_729) % (i + 1)) }
            var acc = CellKeyAccumulator(cells: 2)
            for id in order { acc.add(cell: 0, recordKey: Units.key(id)) }
            for j in 0..<(q + 10) { acc.add(cell: 1, recordKey: Units.key(Int64(5_000_000 + q * 1000 + j))) }
            let raw = RawTable(dimensions: ["x", "y"], categories: [["in"], ["A", "B"]], accumulator: acc)
            let t = try! Release.table(raw, policy: policy, command: "q\(q)", line: 1)
            guard case .table(let table) = t.payload else { continue }
            releases.append(table.cell([0, 0])!.count!)
        }
        #expect(Set(releases).count == 1, "same cell → same noise")
        let average = Double(releases.reduce(0, +)) / Double(releases.count)
        #expect(average != Double(truth), "averaging recovers nothing")
    }

    /// Tracker / margin attack: a small cell suppressed, but its value derived as
    /// total − other cells. Margins are perturbed on their own, so the derived value is off.
    @Test func derivingASuppressedCellFromTheMarginIsUnreliable() throws {
        var exact = 0
        let trials = 400
        for t in 0..<trials {
            let raw = Units.table(["a"], [["small", "big1", "big2"]], counts: [2, 300 + t, 500], firstID: Int64(t) * 10_000 + 1)
            guard case .table(let table) = try Release.table(raw, policy: policy, command: "t", line: 1).payload else { continue }
            #expect(table.cells[0].count == nil)
            let derived = table.cell([nil])!.count! - table.cells[1].count! - table.cells[2].count!
            if derived == 2 { exact += 1 }
        }
        #expect(Double(exact) / Double(trials) < 0.35, "the suppressed cell is recovered only by chance")
    }

    /// Extremes: one very rich person. No summary, histogram or boxplot number shows that
    /// person's value (or the poorest person's).
    @Test func extremesAreNotReadableFromSummariesHistogramsOrBoxplots() throws {
        for n in [40, 150, 2000] {  // below 100 units the 1st percentile *is* the minimum
            var values = Units.values(n - 2, seed: UInt64(n), scale: 500_000).map { $0 + 100_000 }
            let richest = 987_654_321.0, poorest = 3.0
            values += [richest, poorest]
            let keys = Units.keys(n)
            let summary = Release.summary(RawSummary(variables: [RawSummaryVariable(name: "lønn", values: values, keySum: keys.reduce(0, &+))], gini: true, iqr: true),
                                          policy: policy, command: "summarize lønn", line: 1)
            let histogram = try Release.histogram(RawHistogram(variable: "lønn", values: values, recordKeys: keys, bins: .count(5)), policy: policy, command: "histogram lønn", line: 2)
            let boxplot = Release.boxplot(RawBoxplot(variable: "lønn", groups: [RawSummaryVariable(name: "all", values: values, keySum: 0)]), policy: policy, command: "boxplot lønn", line: 3)
            let shown = [summary, histogram, boxplot].flatMap { numbers(in: ResultJSON.object($0)) }
            #expect(!shown.contains { $0 >= 600_000 }, "n=\(n): nothing near the richest person's value: \(shown.filter { $0 >= 600_000 })")
            #expect(!shown.contains(poorest), "n=\(n): the poorest person's value is not shown")
            let sortedValues = values.sorted()
            for r in [summary, histogram, boxplot] {
                let text = ResultText.render(r)
                #expect(!text.contains("987,654,321") && !text.contains("987,654"))
                _ = sortedValues
            }
        }
    }

    /// A regression with a dummy for a single person would reveal that person's outcome.
    @Test func regressionWithADummyForOneUnitIsRefused() {
        let model = RawModel(estimator: "regress", dependent: "lønn",
                             coefficients: [RawCoefficient(term: "1.er_person_42", estimate: 3_400_000, se: 1, statistic: 1, p: 0.3, ciLow: 0, ciHigh: 1)],
                             n: 50_000, nKeySum: 0, residualDF: 49_998,
                             categoryCounts: [RawCategoryCount(variable: "er_person_42", category: "1", count: 1),
                                              RawCategoryCount(variable: "er_person_42", category: "0", count: 49_999)])
        do {
            _ = try Release.model(model, policy: policy, command: "regress lønn er_person_42", line: 1)
            Issue.record("a single-unit dummy must be refused")
        } catch {
            #expect(error.rule == "minimum_category_units")
        }
    }

    /// Singling out a person with generate/replace/keep if is refused before any result exists.
    @Test func singlingOutWithATransformationIsRefused() {
        for changed in [1, 9] {
            #expect(throws: DisclosureRefusal.self) { try TransformationGate.check(changed: changed, total: 5000, policy: policy, command: "replace x = 1 if id == 42") }
            #expect(throws: DisclosureRefusal.self) { try TransformationGate.check(changed: 5000 - changed, total: 5000, policy: policy, command: "keep if id != 42") }
        }
        #expect(throws: Never.self) { try TransformationGate.check(changed: 10, total: 5000, policy: policy, command: "replace x = 1 if ok") }
    }

    /// A Kaplan–Meier curve's last steps would show the death dates of the last few survivors:
    /// the curve stops before fewer than 10 remain at risk and times are on a 30-day grid, so
    /// the late death dates appear nowhere.
    @Test func kaplanMeierLastStepsAreCutAndDeathDatesCoarsened() {
        var times = Units.values(100, seed: 4, scale: 700).map { $0 + 1 }
        let lateDeaths: [Double] = [1_501, 1_777, 1_903, 2_011, 2_222]
        times += lateDeaths
        let events = times.map { _ in true }
        let raw = RawSurvival(groups: [RawSurvivalGroup(label: "alle", times: times, events: events, recordKeys: Units.keys(times.count))])
        let result = Release.survival(raw, policy: policy, command: "kaplan-meier tid død", line: 1)
        guard case .survival(let s) = result.payload else { Issue.record("not survival"); return }
        let steps = s.groups[0].steps
        #expect(steps.last!.time < lateDeaths.min()!, "the curve stops before the last few deaths")
        #expect(steps.allSatisfy { $0.atRisk >= policy.kmMinimumAtRisk - 2 })
        #expect(steps.allSatisfy { $0.time.truncatingRemainder(dividingBy: 30) == 0 })
        let json = ResultJSON.line(ResultJSON.object(result))
        for d in lateDeaths { #expect(!json.contains(String(Int(d)))) }
    }

    func numbers(in object: Any) -> [Double] {
        switch object {
        case let d as [String: Any]: return d.filter { $0.key != "line" && $0.key != "n" }.values.flatMap { numbers(in: $0) }
        case let a as [Any]: return a.flatMap { numbers(in: $0) }
        case let x as Double: return [x]
        case let i as Int: return [Double(i)]
        default: return []
        }
    }
}

extension AttackTests {
    /// In a `summarize(var)` table an exact sum beside the mean would give the exact count
    /// (sum / mean), undoing the noise. The sum is mean × released count instead.
    @Test func volumeTableSumDoesNotRevealTheExactCount() throws {
        var raw = Units.table(["a"], [["x"]], counts: [777])
        raw.summarize = RawTableVolume(variable: "lønn", values: [Units.values(777, scale: 1e6)])
        let r = try Release.table(raw, policy: policy, command: "tabulate a, summarize(lønn)", line: 1)
        guard case .table(let t) = r.payload else { Issue.record("not a table"); return }
        let cell = t.cells[0]
        let mean = try #require(cell.statistics[0]), sum = try #require(cell.statistics[2])
        #expect(abs(sum / mean - Double(cell.count!)) < 1e-6, "sum / mean gives the released count")
        #expect(cell.count != 777 || Units.released(1...777) == 777)
    }
}

extension AttackTests {
    /// Bar charts: (max) and (min) are refused outright; a (mean) or (sum) bar of a category
    /// holding one very rich person does not show that person's value.
    @Test func extremesAreNotReadableFromBarCharts() throws {
        #expect(throws: DisclosureRefusal.self) { try Release.barStatistic(named: "max") }
        #expect(throws: DisclosureRefusal.self) { try Release.barStatistic(named: "MIN") }
        #expect(try Release.barStatistic(named: "Mean") == .mean)
        let rich = Units.values(299, scale: 500_000) + [9_876_543_210]
        let table = Units.table(["kommune"], [["a", "b"]], counts: [300, 200])
        let raw = RawBarchart(table: table, measures: [
            RawBarMeasure(statistic: .mean, variable: "formue", values: [rich, Units.values(200, seed: 3, scale: 500_000)]),
            RawBarMeasure(statistic: .sum, variable: "formue", values: [rich, Units.values(200, seed: 3, scale: 500_000)]),
        ])
        let r = try Release.barchart(raw, policy: policy, command: "barchart (mean) formue (sum) formue, over(kommune)", line: 1)
        guard case .barchart(let b) = r.payload else { Issue.record("not a barchart"); return }
        #expect(b.bars.count == 4)
        #expect(b.bars[0].value! < 600_000, "the mean does not move with the extreme")
        #expect(b.bars[1].value! < 600_000)
        #expect(b.bars[2].value! < 600_000 * 310, "the sum is winsorised too")
        #expect(!ResultText.render(r).contains("9,876"))
    }

    @Test func statisticBarsOfThinCategoriesAreSuppressed() throws {
        let table = Units.table(["k"], [["a", "b", "c"]], counts: [300, 9, 200])
        let raw = RawBarchart(table: table, measures: [RawBarMeasure(statistic: .median, variable: "x",
                                                                     values: [Units.values(300), Units.values(9), Units.values(200)])])
        var lenient = policy
        lenient.maxSmallCellShare = 1
        let r = try Release.barchart(raw, policy: lenient, command: "barchart (median) x, over(k)", line: 1)
        guard case .barchart(let b) = r.payload else { Issue.record("not a barchart"); return }
        #expect(b.bars[1].value == nil && b.bars[0].value != nil)
        #expect(b.bars[0].value == ReleaseNumerics.significant(b.bars[0].value!, 3))
        #expect(r.protections.map(\.rule).contains("minimum_units_statistic"))
        let text = ResultText.render(r, glyphs: .ascii, width: 60)
        #expect(text.contains("b, median x") && text.contains(".."))
    }
}
