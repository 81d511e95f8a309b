import Foundation
import Testing
@testable import Statistics

/// Fuzzy RDD (kernel-weighted 2SLS on the window) against R's AER::ivreg with
/// sandwich::vcovHC(type = "HC1") on the Mroz wage sample (Fixtures/rdd.json, made by
/// Tests/reference/statistics/rdd.R; the treatment there is constructed, see the script).
@Suite struct RegressionDiscontinuityTests {
    @Test func fuzzyMatchesWeightedTwoStageLeastSquares() throws {
        let ref = try Fixture.json("rdd")
        let d = try Fixture.csv("mroz")
        let exper = d["exper"]!, mother = d["motheduc"]!
        let cutoff = ref.double("cutoff"), h = ref.double("bandwidth")
        let t = zip(exper, mother).map { x, m in (x >= cutoff ? m >= 8 : m >= 14) ? 1.0 : 0.0 }
        let r = try RegressionDiscontinuity.fuzzy(y: d["lwage"]!, treatment: t, running: exper, cutoff: cutoff, bandwidth: h,
                                                  names: ("t", "exper"))
        #expect(r.observations == Int(ref.double("n")))
        #expect(r.below == Int(ref.double("n_below")) && r.above == Int(ref.double("n_above")))
        #expect(r.table.names == ["t", "exper_c", "above#exper_c", "_cons"])
        expectClose(r.table.estimates, ref.doubles("b"), rel: 1e-6, "b")
        expectClose(r.table.standardErrors, ref.doubles("se_hc1"), rel: 1e-5, "se")
        #expect(close(r.outcomeJump, ref.double("outcome_jump"), rel: 1e-8))
        #expect(close(r.treatmentJump, ref.double("treatment_jump"), rel: 1e-8))
        #expect(close(r.firstStage.table.standardErrors[0], ref.double("treatment_jump_se_hc1"), rel: 1e-5))
        // The effect is the ratio of the two jumps.
        #expect(close(r.table.estimates[0], r.outcomeJump / r.treatmentJump, rel: 1e-10))
    }

    /// A treatment that never varies has no first stage: refused, not a division by zero.
    @Test func constantTreatmentIsRefused() throws {
        let x = (0..<40).map { Double($0) / 4 }
        let y = x.map { $0 * 2 + sin($0) }
        let constant = [Double](repeating: 1, count: x.count)
        #expect(throws: StatisticsError.self) {
            try RegressionDiscontinuity.fuzzy(y: y, treatment: constant, running: x, cutoff: 5, bandwidth: 3)
        }
    }
}
