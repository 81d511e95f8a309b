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
            let dims = try c.analysis.variables.compactMap { try DirectTable.dimension(c, $0) }
            try #require(dims.count == c.analysis.variables.count, "\(line): every variable counts directly")
            try expectSameAsGeneral(c, dims, line)
        }
    }

    /// Counts `dims` directly and through `Categorical`; both must agree.
    func expectSameAsGeneral(_ c: AnalysisContext, _ dims: [DirectTable.Dimension], _ line: String) throws {
        let names = c.analysis.variables
        let mask = try c.selection(complete: [])
        let direct = try #require(try DirectTable.count(c, dims, mask: mask))
        let categoricals = try names.map { try c.categorical($0) }
        let general = Tables.count(c, categoricals, mask: mask)
        #expect(direct.labels == categoricals.map(\.labels), "\(line)")
        #expect(direct.accumulator == general, "\(line)")
        #expect(general.counts.reduce(0, +) > 100, "\(line): a real table")
    }

    /// A numeric column's range is guessed from a sample; a guess that misses values (below,
    /// above, or both, with and without an `if`) must be noticed by the count and counted again
    /// over the exact range, never counted wrong.
    @Test func aGuessThatMissesIsCountedAgainExactly() throws {
        let (engine, _) = try AnalysisFixture.run("""
        generate g = int(7 * u) + 3
        replace g = . if v > 0.8
        replace g = 40 if u < 0.01
        replace g = -5 if u > 0.995
        """)
        for line in ["tabulate sivstand g", "tabulate g", "tabulate g kjønn if v < 0.5"] {
            let c = try context(engine, line)
            let values = try c.numbers("g")
            // Guesses of the real values 3…9 only, and of one value inside them.
            for (base, span) in [(3, 7), (5, 1), (-5, 20)] {
                let guess = DirectTable.Dimension(name: "g", codes: nil, numbers: values, base: base, span: span, strings: [], exact: false)
                let dims = try c.analysis.variables.map { name in
                    name == "g" ? guess : try #require(try DirectTable.dimension(c, name))
                }
                try expectSameAsGeneral(c, dims, "\(line) guessing \(base)+\(span)")
            }
        }
    }

    /// Fractions, and whole numbers too large for a value-indexed table (or for an `Int`),
    /// are not counted directly; `tabulate` still answers through the general path.
    @Test func fractionsAndHugeNumbersTakeTheGeneralPath() throws {
        let (engine, results) = try AnalysisFixture.run("""
        generate f = int(3 * u) + 0.5
        generate w = int(3 * u)
        replace w = 2.75 if v > 0.99
        generate e = 1e300 + 0 * u
        tabulate e
        """)
        let c = try context(engine, "tabulate w")
        let values = try c.numbers("w")
        #expect(try DirectTable.dimension(c, "f") == nil, "the sample shows a fraction")
        let guess = DirectTable.Dimension(name: "w", codes: nil, numbers: values, base: 0, span: 3, strings: [], exact: false)
        #expect(try DirectTable.count(c, [guess], mask: nil) == nil, "a fraction outside the sample, just below the end of the guessed range (it would round past it)")
        #expect(DirectTable.exact("e", try c.numbers("e")) == nil, "1e300 is beyond Int")
        let table = try #require(results.compactMap(AnalysisFixture.table).first)
        #expect(table.categories == [["1e+300"]], "one whole value, but no Int: once a trap")
    }
}
