import Foundation
import Statistics

/// The statistics engine behind every analysis command: reads the current dataset through the
/// engine's read API, computes with the Statistics module, and hands the raw results to the
/// Disclosure layer (`Release.*`), which alone makes `ReleasedResult`s. docs/analysis.md maps
/// each command to its estimator and release function.
public struct StatisticsAnalysisRunner: AnalysisRunner {
    /// The session's query-set audit, shared by every copy of the engine that holds this runner.
    public let audit: QueryAudit

    public init(audit: QueryAudit = QueryAudit()) { self.audit = audit }

    public func run(_ analysis: ScriptAnalysis, command: ScriptCommand, workspace: inout Workspace) throws -> [ReleasedResult] {
        guard let dataset = workspace.current else { throw EngineError("there is no current dataset") }
        let c = AnalysisContext(analysis: analysis, command: command, dataset: dataset, workspace: workspace)
        do {
            try Cancellation.check()
            let results = try dispatch(c, workspace: &workspace)
            // -predict commands release no statistic (only a note of the variables made).
            if c.name.hasSuffix("-predict") { return results }
            return try Release.audited(results, samples: c.auditLog.samples, audit: audit, policy: c.policy)
        } catch let e as StatisticsError {
            throw e.engineError(c)
        }
    }

    func dispatch(_ c: AnalysisContext, workspace: inout Workspace) throws -> [ReleasedResult] {
        switch c.name {
        case "summarize": return try Summaries.summarize(c)
        case "summarize-panel": return try Summaries.summarizePanel(c)
        case "ci": return try Summaries.ci(c)
        case "correlate": return try Summaries.correlate(c)
        case "normaltest": return try Summaries.normaltest(c)
        case "anova": return try Summaries.anova(c)
        case "tabulate": return try Tables.tabulate(c)
        case "tabulate-panel": return try Tables.tabulatePanel(c)
        case "transitions-panel": return try Tables.transitionsPanel(c)
        case "histogram": return try Charts.histogram(c)
        case "barchart": return try Charts.barchart(c)
        case "boxplot": return try Charts.boxplot(c)
        case "hexbin": return try Charts.hexbin(c)
        case "sankey": return try Charts.sankey(c)
        case "piechart": return try Charts.piechart(c)
        case "regress", "logit", "probit", "poisson", "negative-binomial", "mlogit", "ivregress",
             "regress-panel", "regress-panel-diff", "rdd", "cox", "weibull", "hausman":
            return try Models.run(c)
        case "coefplot": return try Models.coefplot(c)
        case "regress-predict", "logit-predict", "probit-predict":
            return try Models.predict(c, workspace: &workspace)
        case "kaplan-meier": return try Survival.kaplanMeier(c)
        default: throw c.error("'\(c.name)' is not available")
        }
    }
}
