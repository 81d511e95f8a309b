/// What the parser knows about command names: which exist, which take `if`, which options.
///
/// One table, so that adding a command (or an option microdata.no grows) is a one-line change,
/// and so that "unknown command 'tabluate' (did you mean 'tabulate'?)" knows every name.
public enum ScriptCommandNames {
    /// Commands with their own typed form (data management and the session).
    public static let dataCommands: [String] = [
        "require", "create-dataset", "use", "delete-dataset", "clone-dataset", "rename-dataset",
        "clone-units", "import", "import-event", "import-panel", "generate", "replace", "recode",
        "rename", "clone-variables", "drop", "keep", "destring", "define-labels", "assign-labels",
        "drop-labels", "list-labels", "collapse", "aggregate", "merge", "reshape-to-panel",
        "reshape-from-panel", "sample", "variables", "history", "help", "clear", "textblock",
        // Consumed by the macro layer; listed so that a misspelling gets a suggestion.
        "let", "for", "end", "endblock",
    ]

    /// Statistics and chart commands, parsed as `ScriptAnalysis`.
    public static let analysisCommands: [String] = [
        "summarize", "tabulate", "tabulate-panel", "summarize-panel", "transitions-panel",
        "correlate", "ci", "anova", "normaltest",
        "regress", "regress-predict", "logit", "probit", "logit-predict", "probit-predict",
        "poisson", "negative-binomial", "mlogit", "ivregress", "regress-panel", "regress-panel-diff",
        "hausman", "rdd", "cox", "kaplan-meier", "weibull",
        "histogram", "barchart", "boxplot", "hexbin", "sankey", "piechart", "coefplot",
    ]

    public static let all: [String] = dataCommands + analysisCommands

    public static func isKnown(_ name: String) -> Bool { all.contains(name) }
    public static func isAnalysis(_ name: String) -> Bool { analysisCommands.contains(name) }

    /// Data commands that accept an `if` qualifier (all analysis commands do).
    static let takesCondition: Set<String> = ["generate", "replace", "recode", "drop", "keep", "collapse", "aggregate"]

    static func acceptsCondition(_ name: String) -> Bool {
        isAnalysis(name) || takesCondition.contains(name)
    }

    /// Known options per command. A command absent from this table accepts any option: the
    /// engine is the judge there, and refusing a valid microdata.no option would be worse
    /// than letting an unknown one through to a clear runtime error.
    public static let options: [String: Set<String>] = [
        "require": [], "create-dataset": [], "use": [], "delete-dataset": [], "clone-dataset": [],
        "rename-dataset": [], "generate": [], "replace": [], "rename": [], "drop": [], "keep": [],
        "define-labels": [], "assign-labels": [], "drop-labels": [], "list-labels": [],
        "variables": [], "history": [], "clear": [],
        "import": ["outer_join"],
        "import-event": ["outer_join"],
        "import-panel": ["outer_join"],
        "recode": ["prefix", "generate", "labels"],
        "clone-variables": ["prefix", "suffix"],
        "destring": ["prefix", "ignore", "force", "dpcomma"],
        "collapse": ["by"],
        "aggregate": ["by"],
        "summarize": ["gini", "iqr"],
        "tabulate": ["freq", "rowpct", "colpct", "cellpct", "missing", "chi2", "top", "bottom", "summarize",
                     "nofreq", "nolabels"],
        "regress": ["robust", "cluster", "noconstant", "level", "standardize", "vif"],
        "logit": ["or", "mfx", "robust", "cluster", "noconstant", "level"],
        "probit": ["mfx", "robust", "cluster", "noconstant", "level"],
        "poisson": ["irr", "exposure", "robust", "cluster", "noconstant", "level"],
        "negative-binomial": ["irr", "exposure", "robust", "cluster", "noconstant", "level"],
        "ci": ["level"],
        "correlate": ["pearson", "covariance", "pairwise", "obs", "sig"],
        "anova": ["posthoc", "bonferroni", "scheffe", "sidak", "tukey", "level"],
        "histogram": ["bin", "width", "discrete", "density", "freq", "frequency", "fraction", "percent", "by", "normal"],
        "boxplot": ["over"],
        "barchart": ["over", "by"],
        "hexbin": ["gridsize"],
        "kaplan-meier": ["by", "unit"],
        "cox": ["efron", "breslow", "robust", "hr", "level"],
    ]

    /// Statistics allowed in `collapse`/`aggregate`.
    public static let collapseStatistics: [String] = [
        "mean", "min", "max", "median", "count", "sum", "semean", "sebinomial", "sd", "percent", "iqr", "gini",
    ]
}
