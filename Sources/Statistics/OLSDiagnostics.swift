/// What `regress-predict` and `regress, beta` add to a fit: per-row predictions and
/// diagnostics (kept inside the workspace; disclosure decides what may be shown), and
/// standardised coefficients.
extension OLS {
    public struct Predictions: Sendable {
        public let fitted: [Double]
        public let residuals: [Double]
        /// Leverage hᵢ = xᵢᵀ(XᵀX)⁻¹xᵢ.
        public let leverage: [Double]
        /// Cook's distance eᵢ²hᵢ / (K·s²·(1 − hᵢ)²), K the estimated parameters (Stata's cooksd).
        public let cooksDistance: [Double]
    }

    /// Recomputes from the fit's coefficients and (XᵀX)⁻¹ = covariance/s², so it must be given
    /// the classical fit of the same y and design.
    public static func predictions(y: [Double], design: DesignMatrix, fit: Result) throws -> Predictions {
        guard case .t = fit.table.distribution, fit.clusters == nil else {
            throw StatisticsError.invalidArgument("predictions need the classical fit")
        }
        let n = design.rows
        let k0 = design.columns.count
        let constant = fit.table.names.last == "_cons" && fit.table.estimates.count == k0 + 1
        let b = fit.table.estimates
        let fitted = design.linearPredictor(Array(b[0..<k0]), constant: constant ? b[k0] : 0)
        let s2 = fit.rootMSE * fit.rootMSE
        let inv = (1 / s2) * fit.covariance
        let kk = b.count
        var h = [Double](repeating: 0, count: n)
        var row = [Double](repeating: 0, count: kk)
        for i in 0..<n {
            for j in 0..<k0 { row[j] = design.columns[j][i] }
            if constant { row[k0] = 1 }
            var s = 0.0
            for a in 0..<kk where !fit.table.omitted[a] {
                var t = 0.0
                for c in 0..<kk where !fit.table.omitted[c] { t += inv[a, c] * row[c] }
                s += row[a] * t
            }
            h[i] = s
        }
        var e = y, cook = [Double](repeating: 0, count: n)
        let kp = Double(fit.parameters)
        for i in 0..<n {
            e[i] -= fitted[i]
            let d = 1 - h[i]
            cook[i] = d > 0 ? e[i] * e[i] * h[i] / (kp * s2 * d * d) : 0
        }
        return Predictions(fitted: fitted, residuals: e, leverage: h, cooksDistance: cook)
    }

    /// Standardised ("beta") coefficients bⱼ·sd(xⱼ)/sd(y), as `regress, beta`; nil for
    /// omitted terms and the constant.
    public static func standardizedCoefficients(y: [Double], design: DesignMatrix, fit: Result) throws -> [Double?] {
        let sy = try Descriptives.summarize(y).standardDeviation
        return try design.columns.indices.map { j in
            fit.table.omitted[j] ? nil : fit.table.estimates[j] * (try Descriptives.summarize(design.columns[j]).standardDeviation) / sy
        }
    }
}
