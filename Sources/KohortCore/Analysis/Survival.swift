import Foundation
import Statistics

/// cox, weibull, kaplan-meier. Each takes the time variable and the event indicator (0/1)
/// first: `cox dager hendelse alder i.kjønn, hr`.
enum Survival {
    static func prepared(_ c: AnalysisContext) throws -> (Models.Prepared, time: [Double], event: [Double], names: [String]) {
        let (vars, terms) = try Models.split(c, outcomes: 2)
        var p = try Models.prepare(c, variables: c.analysis.variables, terms: terms)
        let time = try p.builder.column(vars[0]), event = try p.builder.column(vars[1]).map { $0 != 0 ? 1.0 : 0.0 }
        guard time.allSatisfy({ $0 > 0 }) else { throw c.error("\(vars[0]) must be positive (time from origin to event or censoring)") }
        let events = event.reduce(0, +)
        // 0 events and 1–9 events get the same answer, as a table shows 0 and 1–4 alike.
        guard Int(events) >= c.policy.minimumCategoryUnits else {
            throw DisclosureRefusal(rule: "minimum_category_units",
                message: "there are no events or too few (fewer than \(c.policy.minimumCategoryUnits)) in \(vars[1]); a survival model needs at least that many events")
        }
        p.design.categoryCounts += [RawCategoryCount(variable: vars[1], category: "event", count: Int(events)),
                                    RawCategoryCount(variable: vars[1], category: "censored", count: time.count - Int(events))]
        try Release.checkModel(RawModel(estimator: c.name, coefficients: [], n: p.n, nKeySum: 0, residualDF: Int(events) - p.design.columns.count,
                                        categoryCounts: p.design.categoryCounts), policy: c.policy)
        return (p, time, event, vars)
    }

    static func cox(_ c: AnalysisContext, level: Double) throws -> Models.Fit {
        let (p, time, event, vars) = try prepared(c)
        let options = Cox.Options(ties: c.has("breslow") ? .breslow : .efron, variance: p.variance, level: level)
        let r = try Cox.fit(time: time, event: event, design: try p.design.matrix(), options: options)
        let hr = c.has("hr")
        var fit = Models.Fit(raw: RawModel(estimator: hr ? "cox (hazard ratios)" : "cox", dependent: "\(vars[0]), \(vars[1])",
                                           coefficients: Models.coefficients(r.table, exponentiate: hr), n: r.observations, nKeySum: p.keySum,
                                           residualDF: r.events - r.table.names.count, categoryCounts: p.design.categoryCounts,
                                           logLikelihood: r.logLikelihood, iterations: r.iterations, statisticName: "z", level: level))
        fit.footer.append(String(format: "%@ ties   chi2(%d) = %.2f   Prob > chi2 = %.4f   Log likelihood = %.4f",
                                 c.has("breslow") ? "Breslow" : "Efron", r.chiSquaredDegreesOfFreedom, r.chiSquared, r.chiSquaredPValue, r.logLikelihood))
        if !r.converged { fit.footer.append("warning: convergence not achieved") }
        fit.omitted = r.omittedNames
        return fit
    }

    static func weibull(_ c: AnalysisContext, level: Double) throws -> Models.Fit {
        let (p, time, event, vars) = try prepared(c)
        let r = try Weibull.fit(time: time, event: event, design: try p.design.matrix(), options: Weibull.Options(level: level, variance: p.variance))
        let hr = c.has("hr")
        var fit = Models.Fit(raw: RawModel(estimator: hr ? "weibull (hazard ratios)" : "weibull", dependent: "\(vars[0]), \(vars[1])",
                                           coefficients: Models.coefficients(r.table, exponentiate: hr), n: r.observations, nKeySum: p.keySum,
                                           residualDF: r.events - r.table.names.count, categoryCounts: p.design.categoryCounts,
                                           logLikelihood: r.logLikelihood, iterations: r.iterations, statisticName: "z", level: level))
        fit.footer.append(String(format: "ln p = %.6g (SE %.6g)   p = %.6g   Log likelihood = %.4f", r.lnShape, r.lnShapeStandardError, r.shape, r.logLikelihood))
        return fit
    }

    /// The time variable's unit: `unit(days|weeks|months|years|none)`, else the unit its name
    /// or the register variable it came from implies (`dager`, `OVERLEVELSE_DAGER`), else none.
    static func timeUnit(_ c: AnalysisContext, time: String) throws -> SurvivalTimeUnit {
        if let given = try c.names("unit") {
            let word = given.joined(separator: " ").lowercased()
            if word == "none" { return .units }
            guard given.count == 1, let u = SurvivalTimeUnit(rawValue: word), u != .units else {
                throw c.error("unit() takes one of days, weeks, months, years, none")
            }
            return u
        }
        let source = try c.requireColumn(time)?.source
        return SurvivalTimeUnit.guess(from: [time] + (source.map { [$0] } ?? []))
    }

    /// `kaplan-meier time event [, by(g) unit(…)]`: the curve from coarsened, perturbed counts
    /// on the unit's grid (Release.survival, SurvivalGrid); the log-rank test and medians read
    /// off the *released* curves.
    static func kaplanMeier(_ c: AnalysisContext) throws -> [ReleasedResult] {
        let v = c.analysis.variables
        guard v.count == 2 else { throw c.error("kaplan-meier takes a time and an event variable: kaplan-meier dager hendelse, by(kjønn)") }
        var vars = v
        let by = try c.names("by")
        if let by { guard by.count == 1 else { throw c.error("by() takes one variable") }; vars += by }
        let mask = try c.mask(complete: vars)
        try c.checkPopulation(mask)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        let time = try c.numbers(v[0]).selected(mask, count: n)
        let event = try c.numbers(v[1]).selected(mask, count: n).map { $0 != 0 }
        guard time.allSatisfy({ $0 >= 0 }) else { throw c.error("\(v[0]) must not be negative") }
        let keys = c.recordKeys.enumerated().compactMap { mask[$0.offset] ? UInt64($0.element) : nil }
        c.audit(mask)
        var groups: [RawSurvivalGroup] = []
        var codes: [Int32] = []
        if let by {
            let g = try c.categorical(by[0])
            guard g.count <= c.policy.hexbinMaxGroups else { throw c.error("kaplan-meier, by() draws at most \(c.policy.hexbinMaxGroups) groups") }
            codes = g.codes.selected(mask, count: n)
            for k in 0..<g.count {
                c.audit(zip(mask, g.codes).map { $0 && $1 == Int32(k) })
                let rows = codes.indices.filter { codes[$0] == Int32(k) }
                groups.append(RawSurvivalGroup(label: "\(by[0]) = \(g.display[k])", times: rows.map { time[$0] }, events: rows.map { event[$0] },
                                               recordKeys: rows.map { keys[$0] }))
            }
        } else {
            groups = [RawSurvivalGroup(label: "all", times: time, events: event, recordKeys: keys)]
        }
        let unit = try timeUnit(c, time: v[0])
        let grid = Release.survivalGrid(unit: unit, times: time, policy: c.policy)
        let released = Release.survival(RawSurvival(groups: groups, gridWidth: grid, timeUnit: unit.rawValue), policy: c.policy,
                                        command: c.source, line: c.line)
        var notes: [String] = []
        if case .survival(let s) = released.payload {
            for curve in s.groups {
                let median = curve.steps.first { $0.survival <= 0.5 }?.time
                notes.append("\(curve.label): median survival " + (median.map { "≈ \(Release.compact($0)) \(s.timeUnit) (on the released grid)" } ?? "not reached"))
            }
        }
        if by != nil, Set(codes).count >= 2 {
            var remap = [Int32: Int32]()
            let dense = codes.map { k -> Int32 in if let d = remap[k] { return d }; let d = Int32(remap.count); remap[k] = d; return d }
            if let lr = try? KaplanMeier.logRank(time: time, event: event.map { $0 ? 1 : 0 }, group: dense) {
                notes.append(String(format: "Log-rank test of equality: chi2(%d) = %.2f   Prob > chi2 = %.4f", lr.degreesOfFreedom, lr.chiSquared, lr.pValue))
            }
        }
        return [released, c.message(notes.joined(separator: "\n"))]
    }
}
