import Testing
@testable import Statistics

/// Shapiro–Wilk against R's shapiro.test (Fixtures/normality.json, normality.R).
@Suite struct NormalityTests {
    @Test func shapiroWilkMatchesR() throws {
        let ref = try Fixture.json("normality")
        for key in ["n3", "n5", "n8", "mpg", "depth", "mag", "faithful"] {
            let e = ref.object(key)
            let r = try ShapiroWilk.test(e.doubles("x"))
            #expect(close(r.w, e.double("w"), rel: 1e-10), "\(key) W")
            #expect(close(r.pValue, e.double("p"), rel: 1e-8), "\(key) p \(r.pValue) vs \(e.double("p"))")
        }
        #expect(throws: StatisticsError.self) { try ShapiroWilk.test([1, 1, 1, 1]) }
        #expect(throws: StatisticsError.self) { try ShapiroWilk.test([1, 2]) }
    }
}
