import Foundation
import Statistics

/// Regression commands: regress, logit, probit, poisson, negative-binomial, mlogit, ivregress,
/// regress-panel (fe/re/be/pooled), hausman, regress-panel-diff, rdd, cox, weibull; coefplot
/// wraps any of them; the -predict commands add workspace variables.
enum Models {
    /// A fitted model before release: the raw model and the fit statistics for the footer.
    struct Fit {
        var raw: RawModel
        var footer: [String] = []
        var omitted: [String] = []
        var extra: [RawModel] = []
    }

    /// The selected rows, the outcome and the design of a model command.
    struct Prepared {
        var mask: [Bool]
        var n: Int
        var keySum: UInt64
        var builder: DesignBuilder
        var design: DesignBuilder.Design
        var variance: VarianceEstimator
        var clusterCount: Int?
    }

    static func run(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let fit = try self.fit(c, command: c.name)
        return try release(c, fit)
    }

    static func release(_ c: AnalysisContext, _ fit: Fit) throws -> [ReleasedResult] {
        var out = [try Release.model(fit.raw, policy: c.policy, command: c.source, line: c.line)]
        for e in fit.extra { out.append(try Release.model(e, policy: c.policy, command: c.source, line: c.line)) }
        var notes = fit.footer
        for o in fit.omitted { notes.append("note: \(o) omitted because of collinearity") }
        if !notes.isEmpty { out.append(c.message(notes.joined(separator: "\n"))) }
        return out
    }

    static func coefplot(_ c: AnalysisContext) throws -> [ReleasedResult] {
        guard let sub = c.analysis.subcommand else { throw c.error("coefplot wraps a regression command: coefplot regress y x1 x2") }
        let fit = try self.fit(c, command: sub)
        return [try Release.coefplot(RawCoefplot(model: fit.raw), policy: c.policy, command: c.source, line: c.line)]
    }

    // MARK: Preparation

    static func prepare(_ c: AnalysisContext, variables: [String], terms: [ScriptTerm], outcomeCategories: [RawCategoryCount] = [],
                        extraResidual: Int = 0, gather: Bool = true, completeCases: [Bool]? = nil) throws -> Prepared {
        var vars = variables
        let clusterName = try c.names("cluster")
        if let cl = clusterName { guard cl.count == 1 else { throw c.error("cluster() takes one variable") }; vars += cl }
        let mask = try completeCases ?? c.mask(complete: vars)
        // One pass over the mask gives the population count, N and the key sum.
        let rows = ModelRows(mask, keys: c.recordKeys)
        try c.checkPopulation(mask, selected: rows.count)
        var builder = DesignBuilder(c, rows: rows)
        builder.gathers = gather
        var design = DesignBuilder.Design()
        design.rows = builder.n
        try builder.add(terms, to: &design)
        // The model rules before fitting, so that no estimator message reveals a small count.
        let pre = RawModel(estimator: c.name, coefficients: [], n: builder.n, nKeySum: 0,
                           residualDF: builder.n - design.columns.count - 1 - extraResidual, categoryCounts: design.categoryCounts + outcomeCategories)
        try Release.checkModel(pre, policy: c.policy)
        c.audit(mask)
        var variance: VarianceEstimator = c.has("robust") ? .robust : .classical
        var clusters: Int?
        if let cl = clusterName {
            let codes = try builder.clusters(cl[0])
            clusters = Int((codes.max() ?? -1) + 1)
            guard clusters! >= 2 else { throw c.error("cluster() needs at least two clusters") }
            variance = .cluster(codes)
        }
        return Prepared(mask: mask, n: builder.n, keySum: rows.keySum, builder: builder, design: design, variance: variance, clusterCount: clusters)
    }

    static func coefficients(_ t: CoefficientTable, exponentiate: Bool = false) -> [RawCoefficient] {
        t.names.indices.filter { !t.omitted[$0] }.map { j in
            let b = t.estimates[j], se = t.standardErrors[j]
            if exponentiate {
                let e = exp(b)
                return RawCoefficient(term: t.names[j], estimate: e, se: e * se, statistic: t.statistics[j], p: t.pValues[j],
                                      ciLow: exp(t.lower[j]), ciHigh: exp(t.upper[j]))
            }
            return RawCoefficient(term: t.names[j], estimate: b, se: se, statistic: t.statistics[j], p: t.pValues[j],
                                  ciLow: t.lower[j], ciHigh: t.upper[j])
        }
    }

    static func statisticName(_ t: CoefficientTable) -> String {
        if case .t = t.distribution { return "t" }
        return "z"
    }

    static func binaryCounts(_ name: String, _ y: [Double]) -> [RawCategoryCount] {
        let ones = y.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        return [RawCategoryCount(variable: name, category: "1", count: ones), RawCategoryCount(variable: name, category: "0", count: y.count - ones)]
    }

    /// A binary outcome over the model's rows (non-zero = 1), checked under the category rule
    /// (both outcomes need minimum_category_units units) before any fit.
    static func binaryOutcome(_ c: AnalysisContext, _ p: Prepared, _ name: String) throws -> [Double] {
        let y = try p.builder.column(name).map { $0 != 0 ? 1.0 : 0.0 }
        try Release.checkModel(RawModel(estimator: c.name, coefficients: [], n: p.n, nKeySum: 0, residualDF: nil,
                                        categoryCounts: binaryCounts(name, y)), policy: c.policy)
        return y
    }

    static func split(_ c: AnalysisContext, outcomes: Int) throws -> (outcomes: [String], terms: [ScriptTerm]) {
        let terms = c.analysis.terms
        guard terms.count >= outcomes, terms.prefix(outcomes).allSatisfy({ $0.factors.count == 1 && $0.interaction == .none }) else {
            throw c.error("'\(c.name)' needs \(outcomes == 1 ? "an outcome variable" : "\(outcomes) variables") first")
        }
        return (terms.prefix(outcomes).map { $0.factors[0].name }, Array(terms.dropFirst(outcomes)))
    }

    // MARK: Fitting

    static func fit(_ c: AnalysisContext, command: String) throws -> Fit {
        let level = try c.level()
        switch command {
        case "regress": return try regress(c, level: level)
        case "logit", "probit": return try binary(c, link: command == "logit" ? .logit : .probit, level: level)
        case "poisson", "negative-binomial": return try count(c, negativeBinomial: command == "negative-binomial", level: level)
        case "mlogit": return try mlogit(c, level: level)
        case "ivregress": return try ivregress(c, level: level)
        case "regress-panel": return try panel(c, level: level)
        case "hausman": return try hausman(c, level: level)
        case "regress-panel-diff": return try difference(c, level: level)
        case "rdd": return try rdd(c, level: level)
        case "cox": return try Survival.cox(c, level: level)
        case "weibull": return try Survival.weibull(c, level: level)
        default: throw c.error("coefplot cannot wrap '\(command)'")
        }
    }

    static func regress(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (outcome, terms) = try split(c, outcomes: 1)
        // A classical fit of continuous regressors needs only the cross-products: it reads the
        // full columns with the complete-case mask instead of copies (the copies cost more than
        // the fit on the person dataset). Everything else fits on gathered rows.
        let plain = !terms.isEmpty && terms.allSatisfy { t in
            t.interaction == .none && t.factors.allSatisfy { if case .categorical = $0.role { return false }; return true }
        }
        let clustered = try c.names("cluster") != nil
        let masked = plain && !clustered && !c.has("robust") && !c.has("standardize") && !c.has("vif")
        let fused = masked ? try FusedCrossProducts(c, outcome: outcome[0], terms: terms) : nil
        let p = try prepare(c, variables: c.analysis.variables, terms: terms, gather: !masked, completeCases: fused?.mask)
        let y = try p.builder.column(outcome[0])
        let dm = try p.design.matrix()
        let r = try OLS.fit(y: y, design: dm, options: OLS.Options(constant: !c.has("noconstant"), variance: p.variance, level: level,
                                                                    rowMask: masked ? p.mask : nil, crossProducts: fused?.crossProducts))
        var fit = Fit(raw: RawModel(estimator: "regress", dependent: outcome[0], coefficients: coefficients(r.table), n: r.observations,
                                    nKeySum: p.keySum, residualDF: r.dfResidual, categoryCounts: p.design.categoryCounts,
                                    r2: r.rSquared, statisticName: "t", level: level))
        if let f = r.fStatistic, let fp = r.fPValue {
            // The denominator df (N − K or G − 1) is not printed: it would give the exact N.
            fit.footer.append(String(format: "F(%.0f, ·) = %.2f   Prob > F = %.4f", r.fDegreesOfFreedom.0, f, fp))
        }
        fit.footer.append(String(format: "R-squared = %.4f   Adj R-squared = %.4f   Root MSE = %.6g", r.rSquared, r.adjustedRSquared, r.rootMSE))
        if r.clusters != nil { fit.footer.append("Standard errors adjusted for clustering (the number of clusters is not shown)") }
        else if c.has("robust") { fit.footer.append("Robust (HC1) standard errors") }
        fit.omitted = r.omittedNames
        if c.has("standardize") {
            let beta = try OLS.standardizedCoefficients(y: y, design: dm, fit: r)
            fit.footer.append("Standardized (beta) coefficients: " + zip(dm.names, beta).compactMap { n, b in b.map { String(format: "%@ %.4f", n, $0) } }.joined(separator: ", "))
        }
        if c.has("vif") {
            let vif = try OLS.varianceInflationFactors(design: dm)
            fit.footer.append("Variance inflation factors: " + zip(dm.names, vif).compactMap { n, v in v.map { String(format: "%@ %.2f", n, $0) } }.joined(separator: ", "))
        }
        return fit
    }

    static func binary(_ c: AnalysisContext, link: BinaryLink, level: Double) throws -> Fit {
        let (outcome, terms) = try split(c, outcomes: 1)
        let p = try prepare(c, variables: c.analysis.variables, terms: terms)
        let y = try binaryOutcome(c, p, outcome[0])
        let dm = try p.design.matrix()
        let r = try BinaryRegression.fit(y: y, design: dm, link: link,
                                         options: BinaryRegression.Options(constant: !c.has("noconstant"), variance: p.variance, level: level))
        let name = link == .logit ? "logit" : "probit"
        let odds = c.has("or") && link == .logit
        var fit = Fit(raw: RawModel(estimator: odds ? "logit (odds ratios)" : name, dependent: outcome[0],
                                    coefficients: coefficients(r.table, exponentiate: odds), n: r.observations, nKeySum: p.keySum,
                                    residualDF: r.observations - dm.columns.count - 1,
                                    categoryCounts: p.design.categoryCounts + binaryCounts(outcome[0], y),
                                    logLikelihood: r.logLikelihood, r2: r.pseudoRSquared, iterations: r.iterations,
                                    statisticName: "z", level: level))
        fit.footer.append(String(format: "%@ chi2(%d) = %.2f   Prob > chi2 = %.4f   Pseudo R2 = %.4f   Log likelihood = %.4f   iterations = %d",
                                 p.clusterCount == nil && !c.has("robust") ? "LR" : "Wald", r.chiSquaredDegreesOfFreedom, r.chiSquared,
                                 r.chiSquaredPValue, r.pseudoRSquared, r.logLikelihood, r.iterations))
        if !r.converged { fit.footer.append("warning: convergence not achieved") }
        fit.omitted = r.omittedNames
        if c.has("mfx") {
            let m = try BinaryRegression.averageMarginalEffects(r, design: dm, discrete: p.design.dummies)
            let coefs = m.names.indices.map { RawCoefficient(term: m.names[$0], estimate: m.effects[$0], se: m.standardErrors[$0],
                                                             statistic: m.statistics[$0], p: m.pValues[$0], ciLow: m.lower[$0], ciHigh: m.upper[$0]) }
            var e = fit.raw
            e.estimator = "\(name) (average marginal effects)"
            e.coefficients = coefs
            fit.extra.append(e)
        }
        return fit
    }

    static func count(_ c: AnalysisContext, negativeBinomial: Bool, level: Double) throws -> Fit {
        let (outcome, terms) = try split(c, outcomes: 1)
        var vars = c.analysis.variables
        var exposureExpr: ScriptExpression?
        if let e = c.command.option("exposure") {
            exposureExpr = try e.expression()
            if let names = try? e.names(), names.count == 1 { vars.append(names[0]) }
        }
        let p = try prepare(c, variables: vars, terms: terms)
        let y = try p.builder.column(outcome[0])
        guard y.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) else { throw c.error("\(outcome[0]) must be a count (whole numbers ≥ 0)") }
        var exposure: [Double]?
        if let exposureExpr {
            let e = try c.dataset.numbers(of: exposureExpr).selected(p.mask, count: p.n)
            guard e.allSatisfy({ $0 > 0 }) else { throw c.error("exposure() must be positive on every observation used") }
            exposure = e
        }
        let dm = try p.design.matrix()
        let options = CountRegression.Options(constant: !c.has("noconstant"), variance: p.variance, level: level, exposure: exposure)
        let r = negativeBinomial ? try CountRegression.negativeBinomial(y: y, design: dm, options: options)
                                 : try CountRegression.poisson(y: y, design: dm, options: options)
        let name = negativeBinomial ? "negative-binomial" : "poisson"
        let irr = c.has("irr")
        var fit = Fit(raw: RawModel(estimator: irr ? "\(name) (incidence-rate ratios)" : name, dependent: outcome[0],
                                    coefficients: coefficients(r.table, exponentiate: irr), n: r.observations, nKeySum: p.keySum,
                                    residualDF: r.observations - dm.columns.count - 1, categoryCounts: p.design.categoryCounts,
                                    logLikelihood: r.logLikelihood, r2: r.pseudoRSquared, iterations: r.iterations,
                                    statisticName: "z", level: level))
        fit.footer.append(String(format: "chi2(%d) = %.2f   Prob > chi2 = %.4f   Pseudo R2 = %.4f   Log likelihood = %.4f",
                                 r.chiSquaredDegreesOfFreedom, r.chiSquared, r.chiSquaredPValue, r.pseudoRSquared, r.logLikelihood))
        if let a = r.alpha, let se = r.alphaStandardError { fit.footer.append(String(format: "alpha = %.6g (SE %.6g)", a, se)) }
        fit.omitted = r.omittedNames
        return fit
    }

    static func mlogit(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (outcome, terms) = try split(c, outcomes: 1)
        let p0 = try prepare(c, variables: c.analysis.variables, terms: terms)
        let cat = try c.categorical(outcome[0])
        let codes0 = cat.codes.selected(p0.mask, count: p0.n)
        var size = [Int](repeating: 0, count: cat.count)
        for k in codes0 { size[Int(k)] += 1 }
        let used = size.indices.filter { size[$0] > 0 }
        guard used.count >= 2 else { throw c.error("\(outcome[0]) takes only one value; mlogit needs at least two outcomes") }
        guard used.count <= 20 else { throw c.error("mlogit allows at most 20 outcomes") }
        let counts = used.map { RawCategoryCount(variable: outcome[0], category: cat.labels[$0], count: size[$0]) }
        let p = p0
        try Release.checkModel(RawModel(estimator: "mlogit", coefficients: [], n: p.n, nKeySum: 0,
                                        residualDF: p.n - (used.count - 1) * (p.design.columns.count + 1),
                                        categoryCounts: counts), policy: c.policy)
        var remap = [Int32](repeating: -1, count: cat.count)
        for (k, u) in used.enumerated() { remap[u] = Int32(k) }
        let y = codes0.map { remap[Int($0)] }
        let dm = try p.design.matrix()
        let r = try MultinomialLogit.fit(outcome: y, design: dm, options: MultinomialLogit.Options(variance: p.variance, level: level))
        // Outcome codes in names ("1:x") → the outcome's values.
        var coefs = coefficients(r.table)
        for i in coefs.indices {
            if let colon = coefs[i].term.firstIndex(of: ":"), let k = Int(coefs[i].term[..<colon]), k < used.count {
                coefs[i].term = cat.labels[used[k]] + coefs[i].term[colon...]
            }
        }
        var fit = Fit(raw: RawModel(estimator: "mlogit", dependent: outcome[0], coefficients: coefs, n: r.observations, nKeySum: p.keySum,
                                    residualDF: r.observations - coefs.count, categoryCounts: p.design.categoryCounts + counts,
                                    logLikelihood: r.logLikelihood, r2: r.pseudoRSquared, iterations: r.iterations, statisticName: "z", level: level))
        fit.footer.append("Base outcome: \(outcome[0]) = \(cat.labels[used[r.base]])")
        fit.footer.append(String(format: "chi2(%d) = %.2f   Prob > chi2 = %.4f   Pseudo R2 = %.4f   Log likelihood = %.4f",
                                 r.chiSquaredDegreesOfFreedom, r.chiSquared, r.chiSquaredPValue, r.pseudoRSquared, r.logLikelihood))
        return fit
    }

    static func ivregress(_ c: AnalysisContext, level: Double) throws -> Fit {
        let (outcome, exogenous) = try split(c, outcomes: 1)
        var endogenous: [ScriptTerm] = [], instruments: [ScriptTerm] = []
        for a in c.analysis.arguments { if case .instrumented(let e, let z) = a { endogenous += e; instruments += z } }
        guard !endogenous.isEmpty else { throw c.error("ivregress needs (endogenous = instruments), e.g. ivregress y x1 (x2 = z1 z2)") }
        let p = try prepare(c, variables: c.analysis.variables, terms: exogenous)
        var b = p.builder
        var en = DesignBuilder.Design(), zn = DesignBuilder.Design()
        try b.add(endogenous, to: &en)
        try b.add(instruments, to: &zn)
        let y = try b.column(outcome[0])
        let endogenousMatrix = try en.matrix(), exogenousMatrix = try p.design.matrix(), instrumentMatrix = try zn.matrix()
        let r = try IVRegression.fit(y: y, endogenous: endogenousMatrix, exogenous: exogenousMatrix, instruments: instrumentMatrix,
                                     options: IVRegression.Options(variance: p.variance, level: level, small: c.has("small")))
        var fit = Fit(raw: RawModel(estimator: "ivregress 2sls", dependent: outcome[0], coefficients: coefficients(r.table), n: r.observations,
                                    nKeySum: p.keySum, residualDF: r.observations - r.table.names.count,
                                    categoryCounts: p.design.categoryCounts + en.categoryCounts + zn.categoryCounts,
                                    r2: r.rSquared, statisticName: statisticName(r.table), level: level))
        fit.footer.append(String(format: "Wald test = %.2f   Prob = %.4f   R-squared = %.4f   Root MSE = %.6g", r.modelTest, r.modelTestPValue, r.rSquared, r.rootMSE))
        fit.footer.append("Instrumented: " + en.names.joined(separator: " ") + "   Instruments: " + (p.design.names + zn.names).joined(separator: " "))
        if c.has("first") {
            // Stata's `first` / `estat firststage`: each endogenous regressor on the exogenous
            // variables and the instruments (classical OLS), with the partial R² and F of the
            // excluded instruments. The F's denominator df (N − L) would give N exactly, so only
            // the numerator df is printed, as for anova.
            let stages = try IVRegression.firstStage(endogenous: endogenousMatrix, exogenous: exogenousMatrix, instruments: instrumentMatrix)
            for s in stages {
                fit.extra.append(RawModel(estimator: "ivregress first stage", dependent: s.name, coefficients: coefficients(s.regression.table),
                                          n: s.regression.observations, nKeySum: p.keySum, residualDF: s.regression.dfResidual,
                                          categoryCounts: p.design.categoryCounts + zn.categoryCounts, r2: s.regression.rSquared,
                                          statisticName: "t", level: level))
                fit.footer.append(String(format: "First stage %@: partial R-sq = %.4f   F(%d, ·) of excluded instruments = %.2f   Prob > F = %.4f",
                                         s.name, s.partialRSquared, s.fDegreesOfFreedom.0, s.fStatistic, s.fPValue))
            }
        }
        return fit
    }


    // MARK: Predictions

    /// `regress-predict y x…, predicted(name) residuals(name) cooksd(name)` and
    /// `logit-predict`/`probit-predict …, predicted(name)`: new workspace variables (missing
    /// outside the estimation sample); nothing is printed but a note of what was created.
    static func predict(_ c: AnalysisContext, workspace: inout Workspace) throws -> [ReleasedResult] {
        let (outcome, terms) = try split(c, outcomes: 1)
        var wanted: [(String, String)] = []
        for o in ["predicted", "residuals", "cooksd"] {
            if let n = try c.names(o) { guard n.count == 1 else { throw c.error("\(o)() takes one new variable name") }; wanted.append((o, n[0])) }
        }
        if wanted.isEmpty { wanted = [("predicted", "predicted")] }
        for (_, n) in wanted where c.dataset.column(named: n) != nil || n == c.dataset.idName {
            throw c.error("variable '\(n)' already exists")
        }
        let isLinear = c.name == "regress-predict"
        if !isLinear, let bad = wanted.first(where: { $0.0 != "predicted" }) { throw c.error("\(c.name) supports predicted() only, not \(bad.0)()") }
        var values: [String: [Double]] = [:]
        let p: Prepared
        if isLinear {
            p = try prepare(c, variables: c.analysis.variables, terms: terms)
            let y = try p.builder.column(outcome[0]), dm = try p.design.matrix()
            let r = try OLS.fit(y: y, design: dm, options: OLS.Options(constant: !c.has("noconstant")))
            let pr = try OLS.predictions(y: y, design: dm, fit: r)
            values = ["predicted": pr.fitted, "residuals": pr.residuals, "cooksd": pr.cooksDistance]
        } else {
            p = try prepare(c, variables: c.analysis.variables, terms: terms)
            let y = try binaryOutcome(c, p, outcome[0])
            let link: BinaryLink = c.name == "logit-predict" ? .logit : .probit
            let dm = try p.design.matrix()
            let r = try BinaryRegression.fit(y: y, design: dm, link: link, options: BinaryRegression.Options(constant: !c.has("noconstant")))
            let k = dm.columns.count
            let b = r.table.estimates
            let eta = dm.linearPredictor(Array(b[0..<k]), constant: r.constant ? b[k] : 0)
            values = ["predicted": eta.map { link.probability($0) }]
        }
        guard let di = workspace.datasets.firstIndex(where: { $0.name == c.dataset.name }) else { throw c.error("no current dataset") }
        for (kind, name) in wanted {
            let v = values[kind]!
            var full = [Double](repeating: .nan, count: c.dataset.rowCount)
            var j = 0
            for i in p.mask.indices where p.mask[i] { full[i] = v[j]; j += 1 }
            workspace.datasets[di].columns.append(DataColumn(name: name, numbers: full, type: .double))
        }
        return [c.message("Created " + wanted.map { "\($0.1) (\($0.0))" }.joined(separator: ", ") +
                          ". Predictions are workspace variables: see them only through summarize, tabulate and charts.")]
    }
}
