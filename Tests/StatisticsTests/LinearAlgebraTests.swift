import Testing
@testable import Statistics

/// NIST StRD Longley: the classic ill-conditioned OLS problem; certified to 15 digits.
@Suite struct LongleyTests {
    let data: [String: [Double]]
    let cert: [String: Any]
    init() throws {
        data = try Fixture.csv("longley")
        cert = try Fixture.json("longley_certified")
    }
    var xs: [[Double]] { (1...6).map { data["x\($0)"]! } }

    @Test func olsMatchesCertifiedValues() throws {
        let r = try OLS.fit(y: data["y"]!, design: DesignMatrix(columns: xs))
        let b = cert.doubles("coefficients"), se = cert.doubles("standardErrors")
        // Stata order: slopes then _cons; NIST lists the constant first.
        let ours = [r.table.estimates[6]] + Array(r.table.estimates[0..<6])
        let ourSE = [r.table.standardErrors[6]] + Array(r.table.standardErrors[0..<6])
        expectClose(ours, b, rel: 1e-7, "coefficient")
        expectClose(ourSE, se, rel: 1e-7, "standard error")
        #expect(close(r.rootMSE, cert.double("residualStandardDeviation"), rel: 1e-7))
        #expect(close(r.rSquared, cert.double("rSquared"), rel: 1e-7))
        #expect(r.omittedNames.isEmpty)
    }

    @Test func qrMatchesCertifiedValues() throws {
        let ones = [Double](repeating: 1, count: 16)
        let qr = try PivotedQR(columns: [ones] + xs)
        #expect(qr.rank == 7)
        let b = qr.solve(data["y"]!)
        expectClose(b, cert.doubles("coefficients"), rel: 1e-7, "QR coefficient")
        let inv = qr.inverseCrossProduct()
        let fitted = (0..<16).map { i in b[0] + (1...6).reduce(0.0) { $0 + b[$1] * xs[$1 - 1][i] } }
        let rss = zip(data["y"]!, fitted).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let s2 = rss / 9
        let se = (0..<7).map { (s2 * inv[$0, $0]).squareRoot() }
        expectClose(se, cert.doubles("standardErrors"), rel: 1e-7, "QR standard error")
    }
}

@Suite struct DecompositionTests {
    @Test func choleskySolvesAndInverts() throws {
        let a = Matrix([[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]])
        let c = try Cholesky(a)
        #expect(c.rank == 3)
        let x = c.solve([1, 2, 3])
        let back = a * x
        expectClose(back, [1, 2, 3], rel: 1e-14, "A x")
        let prod = a * c.inverse()
        for i in 0..<3 { for j in 0..<3 { #expect(abs(prod[i, j] - (i == j ? 1 : 0)) < 1e-14) } }
    }

    @Test func choleskyDropsTheLaterCollinearColumn() throws {
        // x3 = x1 + x2: Stata omits x3 (the later), not x1.
        let x1: [Double] = [1, 2, 3, 4, 5, 7], x2: [Double] = [2, 1, 0, 3, 1, 1]
        let x3 = zip(x1, x2).map { $0 + $1 }
        let y: [Double] = [1, 3, 2, 5, 4, 6]
        let r = try OLS.fit(y: y, design: DesignMatrix(columns: [x1, x2, x3], names: ["a", "b", "c"]))
        #expect(r.omittedNames == ["c"])
        #expect(r.table.omitted == [false, false, true, false])
        #expect(r.parameters == 3)
        #expect(r.dfResidual == 3)
        // Same fit as without the collinear column.
        let s = try OLS.fit(y: y, design: DesignMatrix(columns: [x1, x2]))
        expectClose(Array(r.table.estimates[0..<2]), Array(s.table.estimates[0..<2]), rel: 1e-10, "b")
    }

    @Test func qrDefersCollinearColumnsInOrder() throws {
        let ones = [Double](repeating: 1, count: 6)
        let x1: [Double] = [1, 2, 3, 4, 5, 7], x2: [Double] = [2, 1, 0, 3, 1, 1]
        let x3 = zip(x1, x2).map { $0 + $1 }
        let twice = x1.map { 2 * $0 }
        let qr = try PivotedQR(columns: [ones, x1, x3, twice, x2])
        #expect(qr.rank == 3)
        #expect(qr.dropped == [3, 4])
    }

    @Test func constantRegressorIsDroppedAndConstantOutcomeRefused() throws {
        let x: [Double] = [1, 2, 3, 4], c: [Double] = [5, 5, 5, 5]
        let r = try OLS.fit(y: [1, 3, 2, 5], design: DesignMatrix(columns: [x, c], names: ["x", "c"]))
        #expect(r.omittedNames == ["c"])
        #expect(throws: StatisticsError.constantOutcome) {
            try OLS.fit(y: [2, 2, 2, 2], design: DesignMatrix(columns: [x]))
        }
        #expect(throws: StatisticsError.perfectFit) {
            try OLS.fit(y: x.map { 2 * $0 + 1 }, design: DesignMatrix(columns: [x]))
        }
        #expect(throws: StatisticsError.tooFewObservations(needed: 3, had: 2)) {
            try OLS.fit(y: [1, 2], design: DesignMatrix(columns: [[1, 3]]))
        }
    }

    @Test func crossProductsAreIdenticalAcrossBlocks() throws {
        // More rows than one block, so the parallel merge path runs; compare with a naive sum.
        let n = 150_000
        let x = (0..<n).map { 1e6 + Double($0 % 977) * 0.37 }
        let z = (0..<n).map { Double(($0 * 31) % 101) - 50 }
        let cp = try CrossProducts.accumulate([x, z])
        let mx = x.reduce(0, +) / Double(n), mz = z.reduce(0, +) / Double(n)
        var sxz = 0.0, sxx = 0.0
        for i in 0..<n { sxz += (x[i] - mx) * (z[i] - mz); sxx += (x[i] - mx) * (x[i] - mx) }
        #expect(cp.count == n)
        #expect(close(cp.means[0], mx, rel: 1e-14))
        #expect(close(cp.centred[0, 1], sxz, rel: 1e-9))
        #expect(close(cp.centred[0, 0], sxx, rel: 1e-11))
    }
}
