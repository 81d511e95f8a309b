import Foundation
import Testing
@testable import KohortCore

@Suite struct PortableMathTests {
    @Test func agreesWithLibmToNearFullPrecision() {
        var st = UnitStream(key: 1, unit: 2)
        for _ in 0..<20_000 {
            let x = (st.uniform() - 0.5) * 80
            #expect(abs(PortableMath.exp(x) / Foundation.exp(x) - 1) < 4e-15)
            let y = PortableMath.exp((st.uniform() - 0.5) * 1_000)
            #expect(abs(PortableMath.log(y) - Foundation.log(y)) <= 4e-15 * max(1, abs(Foundation.log(y))))
        }
        #expect(PortableMath.log(1) == 0 && PortableMath.exp(0) == 1)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(abs(PortableMath.pow(2, 0.5) - 2.0.squareRoot()) < 1e-15)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["KOHORT_BENCH"] != nil))
    func speed() {
        var acc = 0.0
        var t0 = Date()
        for i in 0..<10_000_000 { acc += PortableMath.exp(Double(i) * 1e-7) + PortableMath.log(Double(i) + 1) }
        let portable = Date().timeIntervalSince(t0)
        t0 = Date()
        for i in 0..<10_000_000 { acc += Foundation.exp(Double(i) * 1e-7) + Foundation.log(Double(i) + 1) }
        print("BENCH math portable=\(portable) libm=\(Date().timeIntervalSince(t0)) \(acc > 0)")
    }
}
