import Foundation
import Statistics
import Testing
@testable import KohortCore

/// `histogram …, normal` and the Kaplan–Meier grid in the time variable's unit, through the
/// engine: what is released, and that it goes through the same disclosure treatment as
/// `summarize` (normal curve) and the policy's grid floor (survival).
@Suite struct ChartOverlayAndGridTests {
    static func histograms(_ results: [ReleasedResult]) -> [ReleasedHistogram] {
        results.compactMap { r -> ReleasedHistogram? in if case .histogram(let h) = r.payload { return h }; return nil }
    }

    @Test func normalCurveUsesSummarizesMeanAndSd() throws {
        let (_, results) = try AnalysisFixture.run("""
        summarize inntekt
        histogram inntekt, bin(10) normal
        histogram inntekt, bin(10) density normal
        histogram inntekt, bin(10)
        """)
        guard case .summary(let s) = results[0].payload else { Issue.record("no summary"); return }
        let hs = Self.histograms(results)
        #expect(hs.count == 3)
        // The released mean and sd are bit for bit summarize's (winsorised), not raw moments.
        let n = try #require(hs[0].normal)
        #expect(n.mean == s.variables[0].mean && n.sd == s.variables[0].sd)
        #expect(hs[1].normal == n && hs[2].normal == nil)
        #expect(results[1].protections.contains { $0.rule == "normal_curve_winsorised" })
        // On the frequency scale the curve is N·width·φ((x − mean)/sd)/sd, N the shown total.
        let shown = Double(hs[0].bins.compactMap(\.count).reduce(0, +)), width = hs[0].bins[0].to - hs[0].bins[0].from
        for p in hs[0].normalCurve(points: 7) {
            let z = (p.x - n.mean) / n.sd
            let want = shown * width * exp(-z * z / 2) / (2 * Double.pi).squareRoot() / n.sd
            #expect(abs(p.y - want) <= 1e-9 * want)
        }
        // Density scale: the same curve divided by N·width.
        let a = hs[0].normalCurve(points: 5), b = hs[1].normalCurve(points: 5)
        for (f, d) in zip(a, b) { #expect(abs(f.y / (shown * width) - d.y) <= 1e-12 * d.y) }
        // Every output carries it: text, JSON, Vega-Lite.
        let text = ResultText.render(results[1], width: 80)
        #expect(text.contains("*") && text.contains("normal density"))
        #expect(!ResultText.render(results[3], width: 80).contains("normal density"))
        let json = try #require(ResultJSON.object(results[1])["normal"] as? [String: Any])
        #expect((json["x"] as? [Double])?.count == ReleasedHistogram.curvePoints && json["mean"] as? Double == n.mean)
        let spec = try #require(VegaLite.spec(results[1]))
        #expect((spec["layer"] as? [[String: Any]])?.count == 2)
    }

    static func survival(_ r: ReleasedResult) -> ReleasedSurvival? {
        if case .survival(let s) = r.payload { return s }
        return nil
    }

    /// The grid follows the unit: 30 days, 5 weeks, 1 month, 0.1 year (the 30-day floor in
    /// each unit); a name says days; a unitless time gets ≤ 60 steps over its winsorised range.
    @Test func kaplanMeierGridFollowsTheTimeUnit() throws {
        let (_, results) = try AnalysisFixture.run("""
        generate tid = dager
        generate maaneder = dager / 30.4375
        generate aar = dager / 365.25
        kaplan-meier dager hendelse
        kaplan-meier tid hendelse, unit(weeks)
        kaplan-meier maaneder hendelse
        kaplan-meier aar hendelse
        kaplan-meier tid hendelse
        kaplan-meier aar hendelse, unit(none)
        """)
        let curves = results.compactMap(Self.survival)
        #expect(curves.map(\.timeUnit) == ["days", "weeks", "months", "years", "units", "units"])
        #expect(curves.map(\.gridWidth) == [30, 5, 1, 0.1, 20, 0.05])
        for c in curves {
            #expect(c.groups.allSatisfy { $0.steps.allSatisfy { s in
                let k = s.time / c.gridWidth
                return abs(k - k.rounded()) < 1e-9
            } })
        }
        #expect(results.contains { r in r.protections.contains { $0.detail.contains("0.1-year grid") } })
    }

    @Test func unknownUnitIsRefused() {
        #expect { try AnalysisFixture.run("kaplan-meier dager hendelse, unit(fortnights)") } throws: { e in
            (e as? ScriptDiagnostic)?.message.contains("unit() takes one of") == true
        }
    }

    /// The floor comes from the policy: a stricter km_grid_days widens every unit's grid.
    @Test func gridFloorIsPolicy() {
        var policy = DisclosurePolicy.default
        policy.kmGridDays = 90
        #expect(Release.survivalGrid(unit: .days, times: [], policy: policy) == 90)
        #expect(Release.survivalGrid(unit: .weeks, times: [], policy: policy) == 13)
        #expect(Release.survivalGrid(unit: .months, times: [], policy: policy) == 3)
        #expect(Release.survivalGrid(unit: .years, times: [], policy: policy) == 0.25)
        policy.kmGridSteps = 10
        #expect(Release.survivalGrid(unit: .units, times: (0..<1000).map(Double.init), policy: policy) == 100)
        #expect(SurvivalTimeUnit.guess(from: ["t", "OVERLEVELSE_DAGER"]) == .days)
        #expect(SurvivalTimeUnit.guess(from: ["alder_aar"]) == .years)
        #expect(SurvivalTimeUnit.guess(from: ["score"]) == .units)
    }
}
