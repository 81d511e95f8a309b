import Foundation
import Statistics

/// Panel and design-based estimators: regress-panel (fe/re/be/pooled), hausman and
/// regress-panel-diff (difference-in-differences); rdd is in Discontinuity.swift. Split from Models.swift, which keeps
/// the command dispatch, preparation and the cross-section models.
extension Models {
    /// Panel codes (dense) of the selected rows: the unit ids, which are sorted.
    static func panelCodes(_ c: AnalysisContext, mask: [Bool]) -> [Int32] {
        var out: [Int32] = [], last: Int64? = nil, k: Int32 = -1
        for (i, id) in c.dataset.ids.enumerated() where mask[i] {
            if id != last { k += 1; last = id }
            out.append(k)
        }
        return out
    }

    static func panelEstimator(_ c: AnalysisContext) -> PanelRegression.Estimator {
        if c.has("re") { return .random }
        if c.has("be") { return .between }
        if c.has("pooled") { return .pooled }
        return .fixed
    }

    /// `sa`: Swamy–Arora components (Stata's `xtreg, re sa`); otherwise Stata's default.
    static func randomEffectsMethod(_ c: AnalysisContext) -> PanelRegression.RandomEffectsMethod {
        c.has("sa") ? .swamyArora : .stata
    }

    static func panel(_ c: AnalysisContext, level: Double, estimator: PanelRegression.Estimator? = nil) throws -> Fit {
        let (outcome, terms) = try split(c, outcomes: 1)
        let p = try prepare(c, variables: c.analysis.variables, terms: terms)
        let y = try p.builder.column(outcome[0])
        let est = estimator ?? panelEstimator(c)
        if c.has("sa"), est != .random { throw c.error("sa (Swamy–Arora variance components) goes with re: regress-panel y x, re sa") }
        let method = randomEffectsMethod(c)
        let r = try PanelRegression.fit(y: y, design: try p.design.matrix(), panel: panelCodes(c, mask: p.mask),
                                        options: PanelRegression.Options(estimator: est, variance: p.variance, level: level,
                                                                         randomEffects: method))
        let label: String
        switch est {
        case .fixed: label = "regress-panel fe"
        case .random: label = method == .swamyArora ? "regress-panel re sa" : "regress-panel re"
        case .between: label = "regress-panel be"
        case .pooled: label = "regress-panel pooled"
        }
        if r.panels < c.policy.minimumCategoryUnits {
            throw DisclosureRefusal(rule: "minimum_category_units", message: "the panel has fewer than \(c.policy.minimumCategoryUnits) units; a panel model needs at least that many")
        }
        var fit = Fit(raw: RawModel(estimator: label, dependent: outcome[0], coefficients: coefficients(r.table), n: r.observations, nKeySum: p.keySum,
                                    residualDF: est == .between ? r.panels - r.table.names.count : r.observations - r.table.names.count,
                                    categoryCounts: p.design.categoryCounts, r2: est == .random ? r.rSquaredOverall : (r.rSquaredWithin ?? r.rSquaredOverall),
                                    statisticName: statisticName(r.table), level: level))
        var stats: [String] = []
        if let w = r.rSquaredWithin { stats.append(String(format: "R-sq within = %.4f", w)) }
        if let b = r.rSquaredBetween { stats.append(String(format: "between = %.4f", b)) }
        if let o = r.rSquaredOverall { stats.append(String(format: "overall = %.4f", o)) }
        if let su = r.sigmaU { stats.append(String(format: "sigma_u = %.6g", su)) }
        if let se = r.sigmaE { stats.append(String(format: "sigma_e = %.6g", se)) }
        if let th = r.theta { stats.append(String(format: "theta = %.4f", th)) } else if !r.thetas.isEmpty {
            // Unbalanced: θᵢ varies with the panel length (both variance methods). Its min and
            // max with σ_u and σ_e would give the shortest and longest panel — a unit's own count
            // of periods — so only the fact is shown, as no minimum or maximum is released.
            stats.append("theta varies by panel length (unbalanced panel)")
        }
        fit.footer.append(stats.joined(separator: "   "))
        // df1 = panels − 1 and df2 would give exact counts; only the statistic and p are shown.
        if let f = r.effectsF { fit.footer.append(String(format: "F test that all u_i = 0: F = %.2f   Prob > F = %.4f", f.statistic, f.pValue)) }
        fit.omitted = r.omittedNames
        return fit
    }

    /// `hausman y x…`: fixed against random effects on the common slopes; released as the
    /// random-effects model (after the model rules) and the test in the footer.
    static func hausman(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (outcome, terms) = try split(c, outcomes: 1)
        let p = try prepare(c, variables: c.analysis.variables, terms: terms)
        let y = try p.builder.column(outcome[0])
        let dm = try p.design.matrix(), panels = panelCodes(c, mask: p.mask)
        let fe = try PanelRegression.fit(y: y, design: dm, panel: panels, options: PanelRegression.Options(estimator: .fixed, level: level))
        let re = try PanelRegression.fit(y: y, design: dm, panel: panels,
                                         options: PanelRegression.Options(estimator: .random, level: level, randomEffects: randomEffectsMethod(c)))
        let common = fe.table.names.indices.filter { fe.table.names[$0] != "_cons" && !fe.table.omitted[$0] }
            .compactMap { i -> (Int, Int)? in re.table.names.firstIndex(of: fe.table.names[i]).map { (i, $0) } }
        guard !common.isEmpty else { throw c.error("hausman: no coefficient is estimated by both fixed and random effects") }
        var vf = Matrix(rows: common.count, columns: common.count), vr = vf
        for (a, (fi, ri)) in common.enumerated() {
            for (b, (fj, rj)) in common.enumerated() { vf[a, b] = fe.covariance[fi, fj]; vr[a, b] = re.covariance[ri, rj] }
        }
        let h = try Hausman.test(consistent: common.map { fe.table.estimates[$0.0] }, vf, efficient: common.map { re.table.estimates[$0.1] }, vr)
        var fit = Fit(raw: RawModel(estimator: "hausman (fe vs re)", dependent: outcome[0],
                                    coefficients: common.map { (fi, ri) in
                                        let d = fe.table.estimates[fi] - re.table.estimates[ri]
                                        let v = max(0, fe.covariance[fi, fi] - re.covariance[ri, ri]).squareRoot()
                                        let z = v > 0 ? d / v : 0, crit = Normal.quantile(0.5 + level / 2)
                                        return RawCoefficient(term: fe.table.names[fi], estimate: d, se: v, statistic: z,
                                                              p: v > 0 ? 2 * Normal.survival(abs(z)) : 1, ciLow: d - crit * v, ciHigh: d + crit * v)
                                    },
                                    n: fe.observations, nKeySum: p.keySum, residualDF: fe.observations - fe.table.names.count,
                                    categoryCounts: p.design.categoryCounts, statisticName: "z", level: level))
        fit.footer.append("Differences b(fe) − b(re) with sqrt(diag(V_fe − V_re)).")
        // As Stata: the statistic is reported even when V_fe − V_re is not positive definite
        // (generalized inverse, Hausman.swift), with its notes; a negative one has no p-value.
        if let pValue = h.pValue {
            fit.footer.append(String(format: "Hausman test: chi2(%d) = %.2f   Prob > chi2 = %.4f", h.degreesOfFreedom, h.chiSquared, pValue))
        } else {
            fit.footer.append(String(format: "Hausman test: chi2(%d) = %.2f   chi2 < 0: the model fitted on these data fails to meet the asymptotic assumptions of the Hausman test", h.degreesOfFreedom, h.chiSquared))
        }
        if !h.positiveDefinite { fit.footer.append("(V_fe − V_re is not positive definite; a generalized inverse was used)") }
        if h.degreesOfFreedom < h.compared {
            fit.footer.append("Note: the rank of the differenced variance matrix (\(h.degreesOfFreedom)) does not equal the number of coefficients being tested (\(h.compared)).")
        }
        return fit
    }

    /// `regress-panel-diff y treated post [controls]`: difference-in-differences as OLS of y on
    /// treated, post and treated×post (the DiD effect), standard errors clustered on the unit.
    static func difference(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (vars, controls) = try split(c, outcomes: 3)
        let pos = c.command.position
        let did = ScriptTerm(factors: [ScriptFactor(name: vars[1], role: .continuous), ScriptFactor(name: vars[2], role: .continuous)],
                             interaction: .interaction, position: pos)
        let terms = [ScriptTerm(factors: [ScriptFactor(name: vars[1])], position: pos), ScriptTerm(factors: [ScriptFactor(name: vars[2])], position: pos), did] + controls
        var p = try prepare(c, variables: c.analysis.variables, terms: terms)
        if p.clusterCount == nil {
            let codes = panelCodes(c, mask: p.mask)
            p.variance = .cluster(codes)
        }
        let y = try p.builder.column(vars[0])
        for v in [vars[1], vars[2]] {
            let col = try p.builder.column(v)
            guard col.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw c.error("regress-panel-diff: \(v) must be 0/1") }
            p.design.categoryCounts += binaryCounts(v, col)
        }
        try Release.checkModel(RawModel(estimator: "did", coefficients: [], n: p.n, nKeySum: 0, residualDF: p.n - p.design.columns.count - 1,
                                        categoryCounts: p.design.categoryCounts), policy: c.policy)
        let r = try OLS.fit(y: y, design: try p.design.matrix(), options: OLS.Options(variance: p.variance, level: level))
        var fit = Fit(raw: RawModel(estimator: "regress-panel-diff (difference-in-differences)", dependent: vars[0], coefficients: coefficients(r.table),
                                    n: r.observations, nKeySum: p.keySum, residualDF: r.dfResidual, categoryCounts: p.design.categoryCounts,
                                    r2: r.rSquared, statisticName: "t", level: level))
        fit.footer.append("The effect is the coefficient of c.\(vars[1])#c.\(vars[2]); standard errors clustered" +
                          (p.clusterCount == nil ? " on \(c.dataset.idName)" : ""))
        fit.omitted = r.omittedNames
        return fit
    }
}
