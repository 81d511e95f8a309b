import Foundation
import Testing
@testable import KohortCore

/// `tabulate a [b]` counts straight from the columns (DirectTable); the general path builds a
/// `Categorical` per variable and counts its codes. Both must give the same labels, counts
/// and key sums — with string and whole-number variables, missing values, values that occur
/// only where the other variable is missing, and an `if` condition.
@Suite struct DirectTableTests {
    func context(_ engine: ScriptEngine, _ line: String) throws -> AnalysisContext {
        let command = try ScriptParser.parse(source: line)[0]
        guard case .analysis(let analysis) = command.kind, let dataset = engine.workspace.current else {
            throw EngineError("not an analysis command")
        }
        return AnalysisContext(analysis: analysis, command: command, dataset: dataset, workspace: engine.workspace)
    }

    @Test func directCountsEqualTheCategoricalPath() throws {
        let (engine, _) = try AnalysisFixture.run("""
        generate g = int(7 * u) + 3
        replace g = . if v > 0.8
        generate h = 100 + int(3 * v)
        replace h = 999 if g == . & u < 0.2
        generate s = sivstand
        """)
        for line in ["tabulate sivstand g", "tabulate g h", "tabulate h", "tabulate kjønn s if u < 0.5", "tabulate g sivstand if v > 0.3"] {
            let c = try context(engine, line)
            let names = c.analysis.variables
            let mask = try c.selection(complete: [])
            let dims = try names.compactMap { try DirectTable.dimension(c, $0) }
            try #require(dims.count == names.count, "\(line): every variable counts directly")
            let direct = try #require(try DirectTable.count(c, dims, mask: mask))
            let categoricals = try names.map { try c.categorical($0) }
            let general = Tables.count(c, categoricals, mask: mask)
            #expect(direct.labels == categoricals.map(\.labels), "\(line)")
            #expect(direct.accumulator == general, "\(line)")
            #expect(general.counts.reduce(0, +) > 100, "\(line): a real table")
        }
    }
}
