import Foundation
import Testing
@testable import KohortCore

/// The fused count behind the cohort builder's refresh must keep exactly the rows the engine's
/// row mask keeps (`ExpressionCompiler.mask`), and sum exactly their keys: missing values,
/// NaN from arithmetic, `&`/`|`/`!`, string codes and the chunk and block edges included.
@Suite struct ConditionTallyTests {
    /// BlockEvaluatorTests' columns plus a code variable with missing codes.
    static func dataset(_ n: Int) -> Dataset {
        var d = BlockEvaluatorTests.dataset(n)
        let table = ["1", "2", "b", "x"]
        d.columns.append(DataColumn(name: "s", codes: (0..<n).map { Int32(($0 * 7919) % 6) - 1 }.map { $0 >= 4 ? -1 : $0 },
                                    strings: table))
        return d
    }

    static func condition(_ text: String) throws -> ScriptExpression {
        let command = try ScriptParser.parse(source: "keep if \(text)", fileName: "t")[0]
        return try #require(command.condition)
    }

    static let covered = [
        "a > 500000", "500000 < a", "a >= 0", "a <= 250000", "a < 1", "a == 0", "a != 0", "0 != a", "a == .", "a != .", "a > .",
        "c", "!c", "b", "1", "0", "c & b > 0", "c | a >= 500000", "a / b > 3", "a / 0 > 1", "a * 1e308 * 10 > 0",
        "b < 1 & !(c == 1)", "day > 10000 | c == 1", "a > -5", "s == '2'", "s != '2'", "s < 'b'", "s >= '2'", "s == 'nope'",
        "s == '2' & a > 100000", "(s == 'x' | b == 1) & !(c == 1)", "c | (s == '1' & (b > 2 | a == .))",
    ]

    @Test func keepsTheRowsOfTheEngineMask() throws {
        // One block, a partial block, and above the size where the rows are split into chunks.
        for n in [5, 2049, 300_001] {
            let d = Self.dataset(n)
            var state: UInt64 = 99
            let keys: [UInt32] = (0..<n).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt32(truncatingIfNeeded: state >> 29)
            }
            for text in Self.covered {
                let e = try Self.condition(text)
                let tally = try #require(ConditionTally(e, in: d), "\(text) is covered")
                let (rows, sum) = keys.withUnsafeBufferPointer { tally.tally(keys: $0) }
                let mask = try ExpressionCompiler.mask(e, in: d)
                var expectedRows = 0, expectedSum: UInt64 = 0
                for i in 0..<n where mask[i] { expectedRows += 1; expectedSum &+= UInt64(keys[i]) }
                #expect(rows == expectedRows, "\(text) at n = \(n)")
                #expect(sum == expectedSum, "\(text) at n = \(n)")
            }
        }
    }

    /// The Float copy decides every row whose Float differs from the constant's and looks the
    /// rest up in the Double column: values a Float step either side of the constant, signed
    /// zeros, values beyond Float's range and missing values, for every operator.
    @Test func theFloatCopyCountsExactly() throws {
        let constants: [Double] = [500000, 500000.01, 0.1, 0, -0.0, 1e300, -3.5e38, 3.4028234663852886e38, 16777217]
        var values: [Double] = [.nan, 0, -0.0, 1e300, -1e300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        for c in constants where c.isFinite {
            values += [c, c.nextUp, c.nextDown, c + 0.001, c - 0.001, Double(Float(c)), Double(Float(c).nextUp), Double(Float(c).nextDown)]
        }
        var state: UInt64 = 5
        let n = 300_001
        let column: [Double] = (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return i % 3 == 0 ? values[Int(state >> 33) % values.count] : Double(state >> 43) - 100_000
        }
        var d = Dataset(name: "t")
        d.unitType = "PERSON"
        d.ids = (0..<n).map(Int64.init)
        d.columns = [DataColumn(name: "w", numbers: column, type: .double)]
        let keys: [UInt32] = (0..<n).map { UInt32(truncatingIfNeeded: $0 &* 2654435761) }
        let shadow = FloatShadow(column)
        for c in constants {
            for op in [">", ">=", "<", "<=", "==", "!="] {
                let text = "w \(op) \(c)"
                let e = try Self.condition(text)
                let tally = try #require(ConditionTally(e, in: d))
                #expect(tally.comparedColumn != nil && shadow.belongs(to: tally.comparedColumn!), "\(text)")
                let (rows, sum) = keys.withUnsafeBufferPointer { tally.tally(keys: $0, shadow: shadow) }
                let mask = try ExpressionCompiler.mask(e, in: d)
                var expectedRows = 0, expectedSum: UInt64 = 0
                for i in 0..<n where mask[i] { expectedRows += 1; expectedSum &+= UInt64(keys[i]) }
                #expect(rows == expectedRows && sum == expectedSum, "\(text)")
            }
        }
    }

    /// Shapes outside the fused path are left to the general one, which knows their rules
    /// (functions, the unit id, a number against a quoted code, a code against a number).
    @Test func leavesOtherShapesToTheGeneralPath() throws {
        let d = Self.dataset(100)
        for text in ["substr(s, 1, 1) == '2'", "PERSONID_1 > 3", "a > '5'", "s == 2", "'2' == s", "s", "s == '2' + 1", "nosuch > 1",
                     "sysmiss(a)", "c & s"] {
            #expect(ConditionTally(try Self.condition(text), in: d) == nil, "\(text)")
        }
    }
}
