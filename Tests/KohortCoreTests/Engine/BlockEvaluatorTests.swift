import Foundation
import Testing
@testable import KohortCore

/// The block evaluator behind `generate` must agree bit for bit with the column-at-a-time
/// compiler, missing values, division by zero and the three-valued logic included.
@Suite struct BlockEvaluatorTests {
    static func dataset(_ n: Int) -> Dataset {
        var d = Dataset(name: "t")
        d.unitType = "PERSON"
        d.ids = (0..<n).map(Int64.init)
        var state: UInt64 = 7
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 40) / Double(1 << 24) }
        // a: wages with missing values and zeros; b: small integers incl. 0; c: 0/1/missing.
        d.columns = [DataColumn(name: "a", numbers: (0..<n).map { _ in let u = next(); return u < 0.1 ? .nan : (u < 0.15 ? 0 : (u * 1e6).rounded()) }, type: .long),
                     DataColumn(name: "b", numbers: (0..<n).map { _ in (next() * 7).rounded(.down) - 2 }, type: .long),
                     DataColumn(name: "c", numbers: (0..<n).map { _ in let u = next(); return u < 0.2 ? .nan : (u < 0.6 ? 0 : 1) }, type: .long),
                     DataColumn(name: "day", numbers: (0..<n).map { _ in (next() * 20000).rounded() }, type: .date)]
        return d
    }

    static func parse(_ text: String) throws -> ScriptExpression {
        let command = try ScriptParser.parse(source: "generate z = \(text)", fileName: "t")[0]
        guard case .generate(let a) = command.kind else { throw EngineError("not a generate") }
        return a.expression
    }

    static let expressions = [
        "a / 12 + b * 2", "a / b", "b ^ 0.5", "(a - b) * (a + b) - 3", "-a + 1", "!c", "c & b > 0", "c | a >= 500000",
        "a == b", "a != 0", "b < 1 & !(c == 1)", "2 ^ b", "a / 0", ". + a", "day + 30", "day - 10",
        "b * b / 10", "1 - c",
    ]

    @Test func agreesWithTheGeneralPath() throws {
        // Above the parallel threshold, with a tail that is not a whole block.
        for n in [5, 3000, VectorOps.parallelThreshold + 777] {
            let d = Self.dataset(n)
            for text in Self.expressions {
                let e = try Self.parse(text)
                let block = try #require(BlockEvaluator(e, in: d), "\(text)")
                let (fast, whole) = block.evaluate()
                guard case .numbers(let slow) = try ExpressionCompiler.compile(e, in: d).evaluate() else {
                    Issue.record("\(text): not a column"); continue
                }
                #expect(fast.count == slow.count)
                let same = zip(fast, slow).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
                #expect(same, "\(text) at n = \(n)")
                #expect(whole == (ScriptEngine.numericType(slow, date: false) == .long), "\(text)")
            }
        }
    }

    /// `keep if`'s row mask takes the one-loop `column op constant` path with the constant on
    /// either side (`500000 < a` as `a > 500000`); both must keep exactly the rows where the
    /// general compiler's 1/0/missing column is 1, missing values and `.` included.
    @Test func constantOnEitherSideMasksAsTheGeneralPath() throws {
        let d = Self.dataset(VectorOps.parallelThreshold + 777)
        for op in ["<", "<=", ">", ">=", "==", "!="] {
            for c in ["500000", "0", "."] {
                for text in ["a \(op) \(c)", "\(c) \(op) a"] {
                    let e = try Self.parse(text)
                    let mask = try ExpressionCompiler.mask(e, in: d)
                    guard case .numbers(let column) = try ExpressionCompiler.compile(e, in: d).evaluate() else {
                        Issue.record("\(text): not a column"); continue
                    }
                    #expect(mask == column.map { !$0.isNaN && $0 != 0 }, "\(text)")
                }
            }
        }
    }

    /// docs/engine.md: any non-finite result is missing, overflow of + − × included.
    @Test func overflowIsMissingOnBothPaths() throws {
        let d = Self.dataset(3000)
        for text in ["a * 1e308 * 10", "a * 1e308 + 1e308", "-1e308 - a * 1e308"] {
            let e = try Self.parse(text)
            let (fast, _) = try #require(BlockEvaluator(e, in: d), "\(text)").evaluate()
            guard case .numbers(let slow) = try ExpressionCompiler.compile(e, in: d).evaluate() else {
                Issue.record("\(text): not a column"); continue
            }
            let a = d.columns[0].numbers
            for (i, v) in a.enumerated() where v > 0 {
                #expect(fast[i].isNaN && slow[i].isNaN, "\(text) at row \(i): \(fast[i]), \(slow[i])")
            }
            #expect(!fast.contains(where: \.isInfinite) && !slow.contains(where: \.isInfinite), "\(text)")
        }
    }

    @Test func stringsAndFunctionsTakeTheGeneralPath() throws {
        var d = Self.dataset(10)
        d.columns.append(DataColumn(name: "s", codes: Array(repeating: 0, count: 10), strings: ["x"]))
        for text in ["ln(a)", "s == 'x'", "PERSONID_1 * 2", "a", "3"] {
            #expect(BlockEvaluator(try Self.parse(text), in: d) == nil, "\(text)")
        }
    }
}
