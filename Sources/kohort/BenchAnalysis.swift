import KohortCore

/// The analysis runner the benchmark gives its engines: the same one `kohort run` installs.
func benchAnalysisRunner() -> any AnalysisRunner { StatisticsAnalysisRunner() }
