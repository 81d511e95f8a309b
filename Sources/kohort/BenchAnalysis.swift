import KohortCore

/// The analysis runner the benchmark gives its engines: the same one `kohort run` installs.
/// Until the analysis branch is merged (StatisticsAnalysisRunner), analysis commands answer
/// "not available yet" and their cases are reported as unavailable.
func benchAnalysisRunner() -> any AnalysisRunner { UnavailableAnalysisRunner() }
