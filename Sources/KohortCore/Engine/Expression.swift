import Foundation

/// A compiled expression: the type is known before any row is touched, and evaluation runs
/// whole-column operations (one closure call and one allocation per node, not per row).
struct CompiledExpression {
    enum ResultType: Equatable { case number, date, string }
    let type: ResultType
    let position: ScriptPosition
    /// True when `evaluate` returns a temporary column nothing else references (an operator's
    /// or function's result), which an enclosing operator may overwrite in place.
    var fresh: Bool = false
    let evaluate: () throws -> Vector

    var isString: Bool { type == .string }
}

/// Turns a `ScriptExpression` into whole-column operations over one dataset.
struct ExpressionCompiler {
    let dataset: Dataset
    /// For operators built outside a dataset (inside function helpers): the row count.
    var rowCountOverride: Int? = nil

    var rows: Int { rowCountOverride ?? dataset.rowCount }

    static func compile(_ e: ScriptExpression, in dataset: Dataset) throws -> CompiledExpression {
        try ExpressionCompiler(dataset: dataset).compile(e)
    }

    /// An `if` condition as a row mask: true where the value is neither 0 nor missing.
    static func mask(_ e: ScriptExpression, in dataset: Dataset) throws -> [Bool] {
        let compiler = ExpressionCompiler(dataset: dataset)
        if let fast = try compiler.fastMask(e) { return fast }
        let c = try compiler.compile(e)
        guard !c.isString else { throw EngineError("a condition must be a comparison or a number, not a string", at: e.position) }
        let n = dataset.rowCount
        switch try c.evaluate() {
        case .number(let v): return Array(repeating: !v.isNaN && v != 0, count: n)
        case .numbers(let v): return v.map { !$0.isNaN && $0 != 0 }
        default: return Array(repeating: false, count: n)
        }
    }

    /// Numeric comparisons joined by `&` and `|` straight into a row mask (no intermediate
    /// column of 1/0/missing). Exact for `if`: a missing comparison is false, and `&`/`|` of
    /// truth values agree with the three-valued rules once missing counts as false. Other
    /// shapes (`!`, strings, functions at the top) return nil and take the general path.
    func fastMask(_ e: ScriptExpression) throws -> [Bool]? {
        let n = rows
        guard case .binary(let op, let a, let b) = e.kind else { return nil }
        switch op {
        case .and, .or:
            guard let x = try fastMask(a), let y = try fastMask(b) else { return nil }
            return [Bool](unsafeUninitializedCapacity: n) { out, count in
                for i in 0..<n { out[i] = op == .and ? (x[i] && y[i]) : (x[i] || y[i]) }
                count = n
            }
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let ca = try compile(a), cb = try compile(b)
            if ca.isString && cb.isString {
                // A code variable against a quoted code (`sivstand == '2'`): the comparison runs
                // once per string-table entry, then each row looks its code up.
                guard case .string(let constant?) = try cb.evaluate() else { return nil }
                guard case .strings(let codes, let table) = try ca.evaluate() else { return nil }
                let hit = Self.codeHits(table, op, constant)
                return [Bool](unsafeUninitializedCapacity: n) { out, count in
                    codes.withUnsafeBufferPointer { c in
                        hit.withUnsafeBufferPointer { h in for i in 0..<n { let k = c[i]; out[i] = k >= 0 && h[Int(k)] } }
                    }
                    count = n
                }
            }
            guard !ca.isString, !cb.isString else { return nil }
            let va = try ca.evaluate(), vb = try cb.evaluate()
            @inline(__always) func run(_ f: (Double, Double) -> Bool) -> [Bool] {
                switch (va, vb) {
                case (.numbers(let x), .number(let c)):
                    return Self.compare(x, op, c)
                case (.number(let c), .numbers(let x)):
                    return Self.compare(x, op.withOperandsSwapped, c)
                default:
                    let x = va.numbers(n), y = vb.numbers(n)
                    return [Bool](unsafeUninitializedCapacity: n) { out, count in
                        x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { yp in for i in 0..<n { out[i] = f(xp[i], yp[i]) } } }
                        count = n
                    }
                }
            }
            // Every comparison with NaN is false in IEEE arithmetic, except !=, hence the test.
            switch op {
            case .equal: return run { $0 == $1 }
            case .notEqual: return run { !$0.isNaN && !$1.isNaN && $0 != $1 }
            case .less: return run { $0 < $1 }
            case .lessEqual: return run { $0 <= $1 }
            case .greater: return run { $0 > $1 }
            default: return run { $0 >= $1 }
            }
        default:
            return nil
        }
    }

    /// Whether each string-table entry satisfies `entry op constant` (a code's row then looks
    /// its code up): shared with `ConditionTally`, so both paths compare strings alike.
    static func codeHits(_ table: [String], _ op: ScriptBinaryOperator, _ constant: String) -> [Bool] {
        table.map { t in
            switch op {
            case .equal: return t == constant
            case .notEqual: return t != constant
            case .less: return t < constant
            case .lessEqual: return t <= constant
            case .greater: return t > constant
            default: return t >= constant
            }
        }
    }

    /// `lonn > 500000`, the common filter, as a mask: one plain loop per operator (a closure
    /// per row cost an indirect call each), split over both cores. NaN compares false, and
    /// `!=` with a missing side is false too, as in `fastMask`.
    static func compare(_ x: [Double], _ op: ScriptBinaryOperator, _ c: Double) -> [Bool] {
        LargeArray.make(x.count) { (out: UnsafeMutableBufferPointer<Bool>) in
            x.withUnsafeBufferPointer { xp in
                nonisolated(unsafe) let out = out, xp = xp
                VectorOps.chunked(x.count) { r in
                    switch op {
                    case .equal: for i in r { out[i] = xp[i] == c }
                    case .notEqual: for i in r { out[i] = !xp[i].isNaN && !c.isNaN && xp[i] != c }
                    case .less: for i in r { out[i] = xp[i] < c }
                    case .lessEqual: for i in r { out[i] = xp[i] <= c }
                    case .greater: for i in r { out[i] = xp[i] > c }
                    default: for i in r { out[i] = xp[i] >= c }
                    }
                }
            }
        }
    }

    func compile(_ e: ScriptExpression) throws -> CompiledExpression {
        let n = rows
        switch e.kind {
        case .number(let v):
            return CompiledExpression(type: .number, position: e.position) { .number(v) }
        case .string(let s):
            return CompiledExpression(type: .string, position: e.position) { .string(s) }
        case .date(let d):
            let v = Double(d.daysSinceEpoch)
            return CompiledExpression(type: .date, position: e.position) { .number(v) }
        case .missing:
            return CompiledExpression(type: .number, position: e.position) { .number(.nan) }
        case .variable(let name):
            if name == dataset.idName {
                let ids = dataset.ids
                return CompiledExpression(type: .number, position: e.position) { .numbers(ids.map { Double($0) }) }
            }
            guard let column = dataset.column(named: name) else {
                throw EngineError.unknown("variable", name, candidates: dataset.variableNames + [dataset.idName], at: e.position)
            }
            switch column.type {
            case .string:
                return CompiledExpression(type: .string, position: e.position) { .strings(column.codes, column.strings) }
            case .date:
                return CompiledExpression(type: .date, position: e.position) { .numbers(column.numbers) }
            case .long, .double:
                return CompiledExpression(type: .number, position: e.position) { .numbers(column.numbers) }
            }
        case .unary(let op, let a):
            let x = try compile(a)
            guard !x.isString else { throw EngineError("'\(op.rawValue)' needs a number, not a string", at: e.position) }
            switch op {
            case .negate:
                return CompiledExpression(type: .number, position: e.position) {
                    switch try x.evaluate() {
                    case .number(let v): return .number(-v)
                    case let v: return .numbers(VectorOps.map(v.numbers(n)) { -$0 })
                    }
                }
            case .not:
                return CompiledExpression(type: .number, position: e.position) {
                    switch try x.evaluate() {
                    case .number(let v): return .number(v.isNaN ? .nan : (v == 0 ? 1 : 0))
                    case let v: return .numbers(VectorOps.map(v.numbers(n)) { $0.isNaN ? .nan : ($0 == 0 ? 1 : 0) })
                    }
                }
            }
        case .binary(let op, let a, let b):
            return try binary(op, try compile(a), try compile(b), at: e.position)
        case .call(let name, let args):
            return try EngineFunctions.compile(name, try args.map(compile), arguments: args, at: e.position, rows: n)
        }
    }

    func binary(_ op: ScriptBinaryOperator, _ a: CompiledExpression, _ b: CompiledExpression,
                at position: ScriptPosition) throws -> CompiledExpression {
        let n = rows
        switch op {
        case .add, .subtract, .multiply, .divide, .power:
            if op == .add && a.isString && b.isString {
                return CompiledExpression(type: .string, position: position) {
                    let (x, y) = (try a.evaluate(), try b.evaluate())
                    return EngineFunctions.concatenate(x, y, n)
                }
            }
            guard !a.isString, !b.isString else {
                throw EngineError("'\(op.rawValue)' needs numbers; a string cannot be used in arithmetic (use to_int() to convert)", at: position)
            }
            // Date arithmetic keeps the date type for date ± days.
            let type: CompiledExpression.ResultType =
                (a.type == .date && b.type == .number && (op == .add || op == .subtract)) || (a.type == .number && b.type == .date && op == .add) ? .date : .number
            let (ra, rb) = (a.fresh, b.fresh)
            return CompiledExpression(type: type, position: position, fresh: true) {
                let x = try a.evaluate(), y = try b.evaluate()
                switch op {
                case .add: return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { let r = $0 + $1; return r.isFinite ? r : .nan }
                case .subtract: return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { let r = $0 - $1; return r.isFinite ? r : .nan }
                case .multiply: return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { let r = $0 * $1; return r.isFinite ? r : .nan }
                case .divide: return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { $1 == 0 ? .nan : $0 / $1 }
                default: return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { let r = pow($0, $1); return r.isFinite ? r : .nan }
                }
            }
        case .and, .or:
            guard !a.isString, !b.isString else { throw EngineError("'\(op.rawValue)' needs conditions, not strings", at: position) }
            let (ra, rb) = (a.fresh, b.fresh)
            return CompiledExpression(type: .number, position: position, fresh: true) {
                let x = try a.evaluate(), y = try b.evaluate()
                if op == .and {
                    return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { p, q in
                        if p == 0 || q == 0 { return 0 }
                        return p.isNaN || q.isNaN ? .nan : 1
                    }
                }
                return VectorOps.zip(x, y, n, reuseFirst: ra, reuseSecond: rb) { p, q in
                    if (!p.isNaN && p != 0) || (!q.isNaN && q != 0) { return 1 }
                    return p.isNaN || q.isNaN ? .nan : 0
                }
            }
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let compare: (Double, Double) -> Double
            switch op {
            case .equal: compare = { $0.isNaN || $1.isNaN ? .nan : ($0 == $1 ? 1 : 0) }
            case .notEqual: compare = { $0.isNaN || $1.isNaN ? .nan : ($0 != $1 ? 1 : 0) }
            case .less: compare = { $0.isNaN || $1.isNaN ? .nan : ($0 < $1 ? 1 : 0) }
            case .lessEqual: compare = { $0.isNaN || $1.isNaN ? .nan : ($0 <= $1 ? 1 : 0) }
            case .greater: compare = { $0.isNaN || $1.isNaN ? .nan : ($0 > $1 ? 1 : 0) }
            default: compare = { $0.isNaN || $1.isNaN ? .nan : ($0 >= $1 ? 1 : 0) }
            }
            if a.isString || b.isString {
                return CompiledExpression(type: .number, position: position) {
                    let (x, y) = (try a.evaluate(), try b.evaluate())
                    // A numeric column against a quoted code ('2'): compare as numbers.
                    if case .string(let s) = y, !x.isString {
                        return VectorOps.zip(x, .number(Self.numericValue(of: s)), n, compare)
                    }
                    if case .string(let s) = x, !y.isString {
                        return VectorOps.zip(.number(Self.numericValue(of: s)), y, n, compare)
                    }
                    return Self.compareStrings(x, y, n, compare)
                }
            }
            let (ra, rb) = (a.fresh, b.fresh)
            return CompiledExpression(type: .number, position: position, fresh: true) {
                VectorOps.zip(try a.evaluate(), try b.evaluate(), n, reuseFirst: ra, reuseSecond: rb, compare)
            }
        }
    }

    /// A quoted constant compared with a number: a number ('2') or a date ('2015-01-01', as a
    /// `let` binding leaves it), else missing.
    static func numericValue(of s: String?) -> Double {
        guard let s else { return .nan }
        if let v = Double(s) { return v }
        if let d = ScriptDate(s) { return Double(d.daysSinceEpoch) }
        return .nan
    }

    /// Compares two string vectors through ranks in a common order; -1 (missing) gives missing.
    static func compareStrings(_ x: Vector, _ y: Vector, _ n: Int, _ compare: (Double, Double) -> Double) -> Vector {
        func parts(_ v: Vector) -> (codes: [Int32]?, constant: String??, table: [String]) {
            switch v {
            case .string(let s): return (nil, .some(s), s.map { [$0] } ?? [])
            case .number(let d): return (nil, .some(d.isNaN ? nil : EngineFormat.number(d)), d.isNaN ? [] : [EngineFormat.number(d)])
            default: let (c, t) = v.strings(n); return (c, nil, t)
            }
        }
        let (xc, xk, xt) = parts(x), (yc, yk, yt) = parts(y)
        let (xr, yr) = VectorOps.commonRanks(xt, yt)
        func rankVector(_ codes: [Int32]?, _ constant: String??, _ ranks: [Int32]) -> Vector {
            if let codes { return .numbers(ranks.withUnsafeBufferPointer { r in codes.map { $0 < 0 ? .nan : Double(r[Int($0)]) } }) }
            if case .some(.some) = constant { return .number(Double(ranks[0])) }
            return .number(.nan)
        }
        return VectorOps.zip(rankVector(xc, xk, xr), rankVector(yc, yk, yr), n, compare)
    }
}
