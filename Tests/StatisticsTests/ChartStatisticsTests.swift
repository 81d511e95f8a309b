import Testing
@testable import Statistics

/// Histogram bins, box-plot statistics (Fixtures/charts.json, charts.R) and the Hausman test
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

    @Test func hausmanMatchesPhtest() throws {
        let e = try Fixture.json("panel").object("hausman")
        let g = try Fixture.csv("grunfeld")
        let x = try DesignMatrix(columns: [g["value"]!, g["capital"]!])
        let panel = g["firm"]!.map { Int32($0) }
        let fe = try PanelRegression.fit(y: g["inv"]!, design: x, panel: panel, options: .init(estimator: .fixed))
        let re = try PanelRegression.fit(y: g["inv"]!, design: x, panel: panel, options: .init(estimator: .random))
        let idx = [0, 1]
        let h = try Hausman.test(consistent: idx.map { fe.table.estimates[$0] }, fe.covariance.submatrix(idx),
                                 efficient: idx.map { re.table.estimates[$0] }, re.covariance.submatrix(idx))
        #expect(close(h.chiSquared, e.double("chi2"), rel: 1e-6))
        #expect(Double(h.degreesOfFreedom) == e.double("df"))
        #expect(close(h.pValue, e.double("p"), rel: 1e-5))
    }
}
