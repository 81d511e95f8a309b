import Testing
@testable import Statistics

/// Histogram bins and box-plot statistics (Fixtures/charts.json, charts.R)
/// (Fixtures/panel.json, panel.R: plm's phtest of fe against re on Grunfeld).
@Suite struct ChartStatisticsTests {
    @Test func histogramMatchesR() throws {
        let ref = try Fixture.json("charts")
        let depth = try Fixture.csv("quakes")["depth"]!
        #expect(Double(Histogram.defaultBinCount(depth.count)) == ref.double("depth_bins"))
        let h = try Histogram.bins(depth)
        #expect(h.counts.map(Double.init) == ref.doubles("depth_counts"))
        expectClose(h.edges, ref.doubles("depth_breaks"), rel: 1e-12, "edges")
        expectClose(h.density, ref.doubles("depth_density"), rel: 1e-12, "density")
        #expect(h.counts.reduce(0, +) == depth.count)
        let w = try Histogram.bins([0, 1, 2, 3, 4, 5], width: 2)
        #expect(w.counts == [2, 2, 2])
    }

    @Test func boxPlotMatchesR() throws {
        let ref = try Fixture.json("charts")
        for (name, col, file) in [("hp_box", "hp", "mtcars"), ("mag_box", "mag", "quakes")] {
            let e = ref.object(name)
            let b = try BoxPlot.summary(try Fixture.csv(file)[col]!)
            #expect([b.lowerQuartile, b.median, b.upperQuartile] == e.doubles("q"))
            #expect(b.lowerWhisker == e.double("lw") && b.upperWhisker == e.double("uw"))
            #expect(Double(b.outsideCount) == e.double("outside"))
        }
    }
}

/// Histogram scales by hand: counts 2, 6, nil (suppressed), 2 on widths 0.5, 0.5, 0.5, 1.
/// Shown N = 10. Density: 2/(10·0.5) = 0.4, 6/5 = 1.2, –, 2/(10·1) = 0.2, and
/// 0.4·0.5 + 1.2·0.5 + 0.2·1 = 1 (the shown bars integrate to 1). Fraction 0.2, 0.6, –, 0.2;
/// percent 20, 60, –, 20; frequency the counts.
@Suite struct HistogramScaleTests {
    let counts: [Int?] = [2, 6, nil, 2]
    let widths = [0.5, 0.5, 0.5, 1]

    @Test func handCalculated() {
        #expect(HistogramScale.frequency.heights(counts: counts, widths: widths) == [2, 6, nil, 2])
        #expect(HistogramScale.density.heights(counts: counts, widths: widths) == [0.4, 1.2, nil, 0.2])
        #expect(HistogramScale.fraction.heights(counts: counts, widths: widths) == [0.2, 0.6, nil, 0.2])
        #expect(HistogramScale.percent.heights(counts: counts, widths: widths) == [20, 60, nil, 20])
        let d = HistogramScale.density.heights(counts: counts, widths: widths)
        let area = zip(d, widths).reduce(0.0) { $0 + ($1.0 ?? 0) * $1.1 }
        #expect(abs(area - 1) < 1e-15)
        #expect(HistogramScale.density.axisTitle == "Density")
    }

    /// On exact bins the density scale agrees with Bins.density (Stata's definition).
    @Test func agreesWithExactBins() throws {
        let x = (0..<1000).map { Double(($0 * 7919) % 1000) / 37 }
        let b = try Histogram.bins(x, count: 12)
        let h = HistogramScale.density.heights(counts: b.counts.map { $0 }, widths: [Double](repeating: b.width, count: 12))
        for (a, e) in zip(h, b.density) { #expect(abs(a! - e) <= 1e-15 * e) }
    }
}

/// `histogram, normal`: the overlay's heights on each y scale against R's dnorm at the bin
/// midpoints of quakes$depth (charts.json, charts.R).
@Suite struct NormalOverlayTests {
    @Test(arguments: HistogramScale.allCases) func normalHeightsMatchR(scale: HistogramScale) throws {
        let ref = try Fixture.json("charts").object("depth_normal")
        let depth = try Fixture.csv("quakes")["depth"]!
        let h = try Histogram.bins(depth)
        let mean = ref.double("mean"), sd = ref.double("sd")
        let got = ref.doubles("x").map {
            scale.normalHeight(at: $0, mean: mean, sd: sd, total: Double(h.total), binWidth: h.width)
        }
        expectClose(got, ref.doubles(scale.rawValue), rel: 1e-10, "normal \(scale)")
    }
}
