import Testing
@testable import KohortCore

/// Renderer tests: released payloads built by hand (the tests are inside the module), rendered
/// text compared with hand-written expected strings.
@Suite struct ResultTextTests {
    func result(_ payload: ReleasedPayload, _ protections: [Protection] = [Protection(rule: "cell_key_noise", detail: "Noise.")]) -> ReleasedResult {
        ReleasedResult(command: "cmd", line: 1, payload: payload, protections: protections)
    }
    func s(_ text: String, _ n: Int) -> String { String(repeating: text, count: n) }

    @Test func oneWayTableWithPercentagesAndThousandsSeparators() throws {
        // Key sums of 0 select column 0 of the perturbation table: −2 for every count ≥ 5.
        let raw = RawTable(dimensions: ["kjønn"], categories: [["1", "2"]], counts: [1002, 2002], keySums: [0, 0])
        let r = try Release.table(raw, options: TableOptions(percentages: [.cell]), policy: .default, command: "tabulate kjønn, cellpct", line: 1)
        #expect(ResultText.render(r) == """
        kjønn  Count  Percent
        ─────────────────────
        1      1,000     33.3
        2      2,000     66.6
        ─────────────────────
        Total  3,002    100.0
        Note: Counts are perturbed by the cell key method (at most ±2), totals
              separately, so cells need not add up to totals. Percentages are computed
              from the perturbed counts.

        """)
    }

    @Test func twoWayTableShowsSuppressedCellsAsDotsInASCII() throws {
        let raw = RawTable(dimensions: ["a", "b"], categories: [["x", "y"], ["u", "v"]], counts: [3, 52, 102, 202], keySums: [0, 0, 0, 0])
        let r = try Release.table(raw, policy: .default, command: "tabulate a b", line: 1)
        #expect(ResultText.render(r, glyphs: .ascii) == """
        a \\ b    u    v  Total
        ----------------------
        x       ..   50     53
        y      100  200    302
        ----------------------
        Total  103  252    357
        Note: Counts are perturbed by the cell key method (at most ±2), totals
              separately, so cells need not add up to totals. Counts below 5 are
              suppressed (..).

        """)
    }

    @Test func summary() {
        let v = ReleasedVariableSummary(name: "x", n: 1234, mean: 12.5, sd: 3.25,
                                        percentiles: zip([1, 5, 10, 25, 50, 75, 90, 95, 99], 1...9).map { ReleasedPercentile(level: $0, value: Double($1)) },
                                        gini: nil, iqr: nil)
        #expect(ResultText.render(result(.summary(ReleasedSummary(variables: [v])))) == """
        Variable      N  Mean    SD
        ───────────────────────────
        x         1,234  12.5  3.25

        Variable  p1  p5  p10  p25  p50  p75  p90  p95  p99
        ───────────────────────────────────────────────────
        x          1   2    3    4    5    6    7    8    9
        Note: Noise.

        """)
    }

    @Test func model() {
        let m = ReleasedModel(estimator: "regress", dependent: "y", n: 1000,
                              coefficients: [ReleasedCoefficient(term: "x", estimate: 2, se: 0.5, statistic: 4, p: 0.0001, ciLow: 1, ciHigh: 3)],
                              logLikelihood: nil, r2: 0.5, iterations: nil, statisticName: "t", level: 0.95)
        #expect(ResultText.render(result(.model(m), [])) == """
        regress: y
        N = 1,000   R² = 0.5000
        Term  Estimate  Std. err.     t  P>|t|  [95% conf.  interval]
        -------------------------------------------------------------
        x       2.0000    0.50000  4.00  0.000      1.0000     3.0000

        """.replacingOccurrences(of: "-", with: "─").replacingOccurrences(of: "[95% conf.", with: "[95% conf."))
    }

    @Test func histogramVerticalBarsInASCII() {
        let h = ReleasedHistogram(variable: "x", n: 70, bins: [
            ReleasedBin(from: 0, to: 10, count: 10), ReleasedBin(from: 10, to: 20, count: 20),
            ReleasedBin(from: 20, to: 30, count: nil), ReleasedBin(from: 30, to: 40, count: 40),
        ])
        let bar = s("#", 8), gap = s(" ", 9)
        let expected = [
            "x   N = 70",
            "40 |" + s(" ", 27) + bar,
            "   |" + s(" ", 27) + bar,
            "   |" + s(" ", 27) + bar,
            "   |" + s(" ", 27) + bar,
            "   |" + s(" ", 27) + bar,
            "20 |" + gap + bar + " " + gap + bar,
            "   |" + gap + bar + " " + gap + bar,
            "   |" + bar + " " + bar + " " + gap + bar,
            "   |" + bar + " " + bar + " " + gap + bar,
            "   |" + bar + " " + bar + " " + s(".", 8) + " " + bar,
            " 0 +" + s("-", 36),
            "    0" + s(" ", 16) + "20" + s(" ", 15) + "40",
            "(. = suppressed bin)",
            "Note: Noise.",
        ].joined(separator: "\n") + "\n"
        #expect(ResultText.render(result(.histogram(h)), glyphs: .ascii, width: 40) == expected)
    }

    @Test func boxplotsShareOneAxis() {
        let b = ReleasedBoxplot(variable: "v", groups: [
            ReleasedBox(label: "a", n: 1000, whiskerLow: 0, q1: 10, median: 20, q3: 30, whiskerHigh: 40),
            ReleasedBox(label: "b", n: nil, whiskerLow: 10, q1: 15, median: 20, q3: 25, whiskerHigh: 30),
        ])
        let expected = [
            "v",
            "a     |-------[        |       ]-------|",
            "b             |---[    |   ]---|",
            "      " + s("-", 34),
            "      0" + s(" ", 15) + "20" + s(" ", 14) + "40",
            "",
            "       N  whisker  q1  median  q3  whisker",
            s("-", 42),
            "a  1,000        0  10      20  30       40",
            "b     ..       10  15      20  25       30",
        ].joined(separator: "\n") + "\n"
        #expect(ResultText.render(result(.boxplot(b), []), glyphs: .ascii, width: 40) == expected)
    }

    @Test func barchartHorizontalBars() {
        let b = ReleasedBarchart(dimensions: ["k"], bars: [
            ReleasedBar(labels: ["a"], count: 100, percent: nil), ReleasedBar(labels: ["bb"], count: nil, percent: nil),
            ReleasedBar(labels: ["c"], count: 50, percent: nil),
        ], statistic: "count")
        let expected = [
            "k",
            "a  " + s("#", 33) + " 100",
            "bb " + s(" ", 33) + "  ..",
            "c  " + s("#", 17) + s(" ", 16) + "  50",
        ].joined(separator: "\n") + "\n"
        #expect(ResultText.render(result(.barchart(b), []), glyphs: .ascii, width: 40) == expected)
    }

    @Test func barchartUnicodeUsesEighthBlocks() {
        let b = ReleasedBarchart(dimensions: ["k"], bars: [
            ReleasedBar(labels: ["a"], count: 64, percent: nil), ReleasedBar(labels: ["b"], count: 9, percent: nil),
        ], statistic: "count")
        // 35 cells × 8 eighths: 64 → 35 cells; 9 → 39.4 → 39 eighths = 4 full + ▉.
        let out = ResultText.render(result(.barchart(b), []), width: 40)
        #expect(out == "k\na " + s("█", 35) + " 64\nb " + s("█", 4) + "▉" + s(" ", 30) + "  9\n")
    }

    @Test func pieAsAShareBar() {
        let p = ReleasedPie(variable: "k", total: 1000, slices: [
            ReleasedSlice(label: "a", count: 250, share: 0.25), ReleasedSlice(label: "b", count: 750, share: 0.75),
        ])
        let expected = "k   N = 1,000\n|" + s("#", 10) + s("*", 28) + "|\n## a  250  25.0 %\n** b  750  75.0 %\n"
        #expect(ResultText.render(result(.pie(p), []), glyphs: .ascii, width: 40) == expected)
    }

    @Test func sankeyFlows() {
        let k = ReleasedSankey(stages: ["t0", "t1"], flows: [
            ReleasedFlow(from: "a", to: "b", count: 100), ReleasedFlow(from: "a", to: "c", count: nil), ReleasedFlow(from: "d", to: "b", count: 50),
        ])
        let expected = "t0 --> t1\na --> b  100 " + s("#", 47) + "\n  --> c   ..\nd --> b   50 " + s("#", 24) + "\n"
        #expect(ResultText.render(result(.sankey(k), []), glyphs: .ascii, width: 60) == expected)
    }

    @Test func coefplotWithZeroLine() {
        let c = ReleasedCoefplot(estimator: "regress", level: 0.95, coefficients: [
            ReleasedCoefficient(term: "x", estimate: 1, se: 0.25, statistic: 4, p: 0, ciLow: 0.5, ciHigh: 1.5),
            ReleasedCoefficient(term: "z", estimate: -1, se: 0.4, statistic: -2.5, p: 0.01, ciLow: -2, ciHigh: -0.5),
        ])
        let expected = [
            "regress: estimates with 95 % confidence intervals",
            "x    " + s(" ", 15) + "|   ---*----  1.0000",
            "z    -------*----   |" + s(" ", 11) + " -1.0000",
            "     -2" + s(" ", 22) + "1.5",
        ].joined(separator: "\n") + "\n"
        #expect(ResultText.render(result(.coefplot(c), []), glyphs: .ascii, width: 40) == expected)
    }

    @Test func kaplanMeierHasStepsAxisAndNumbersAtRisk() {
        let curve = ReleasedSurvivalCurve(label: "C34", steps: [
            ReleasedSurvivalStep(time: 0, survival: 1, atRisk: 1200, events: 0),
            ReleasedSurvivalStep(time: 30, survival: 0.5, atRisk: 1200, events: 600),
            ReleasedSurvivalStep(time: 60, survival: 0.5, atRisk: 600, events: 0),
        ], cutAt: 90)
        let out = ResultText.render(result(.survival(ReleasedSurvival(groups: [curve], gridWidth: 30, timeUnit: "days"))), glyphs: .ascii, width: 50)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Survival (time in days, 30-day grid)")
        #expect(lines[1].hasPrefix(" 1.0 |*"))
        #expect(lines[6].hasPrefix(" 0.5 |") && lines[6].hasSuffix("*"))
        #expect(lines[12] == "     +" + s("-", 44))
        // Numbers at risk only at grid times, where they are known.
        #expect(lines.contains("At risk      0     30   60"))
        #expect(lines.contains("C34      1,200  1,200  600"))
    }

    @Test func hexbinShadesAndLegend() {
        let h = ReleasedHexbin(xVariable: "x", yVariable: "y", gridsize: 2, xRange: 0...2, yRange: 0...1, groups: [
            ReleasedHexGroup(label: "all", cells: [ReleasedHexCell(x: 0, y: 0, count: 40), ReleasedHexCell(x: 1.5, y: 0.5, count: 10)], suppressedCells: 1),
        ])
        // gridsize 2 → 1 row of hexagons: a 5 × 3 character lattice.
        let expected = "y by x\n1 |\n  |   .\n0 |#\n  +-----\n   0   2\nShades: . ≤ 10  + ≤ 20  * ≤ 30  # ≤ 40\n"
        #expect(ResultText.render(result(.hexbin(h), []), glyphs: .ascii) == expected)
    }

    @Test func footnoteWrapsToTheWidth() {
        let r = result(.message(ReleasedMessage(text: "hei")), [Protection(rule: "a", detail: "One two three four five six seven eight nine ten.")])
        #expect(ResultText.render(r, width: 40) == "hei\nNote: One two three four five six seven\n      eight nine ten.\n")
    }

    @Test func thousandsSeparators() {
        #expect(TextFormat.group(0) == "0")
        #expect(TextFormat.group(999) == "999")
        #expect(TextFormat.group(1000) == "1,000")
        #expect(TextFormat.group(-5_500_000) == "-5,500,000")
        #expect(TextFormat.stat(431_270.68) == "431,271")
        #expect(TextFormat.stat(0.0123456) == "0.01235")
    }
}

extension ResultTextTests {
    @Test func percentagesOnlyTables() throws {
        let oneWay = RawTable(dimensions: ["k"], categories: [["a", "b"]], counts: [102, 302], keySums: [0, 0])
        let r1 = try Release.table(oneWay, options: TableOptions(frequencies: false, percentages: [.row]), policy: .default, command: "tabulate k, rowpct", line: 1)
        #expect(ResultText.render(r1, glyphs: .ascii).hasPrefix("""
        k      Percent
        --------------
        a         24.9
        b         74.6
        --------------
        Total    100.0

        """))
        let twoWay = RawTable(dimensions: ["a", "b"], categories: [["x", "y"], ["u", "v"]], counts: [102, 202, 302, 402], keySums: [0, 0, 0, 0])
        let r2 = try Release.table(twoWay, options: TableOptions(frequencies: false, percentages: [.column]), policy: .default, command: "tabulate a b, colpct", line: 1)
        // Released (all −2): cells 100 200 300 400; rows 302 702; columns 402 602; total 1,006.
        #expect(ResultText.render(r2, glyphs: .ascii).hasPrefix("""
        a \\ b      u      v  Total
        --------------------------
        x       24.9   33.2   30.0
        y       74.6   66.4   69.8
        --------------------------
        Total  100.0  100.0  100.0
        Note:
        """))
    }
}
