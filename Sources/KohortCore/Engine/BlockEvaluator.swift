import Foundation

/// Numeric expressions of columns, constants, arithmetic, comparisons and `&`/`|`/`!`,
/// evaluated block by block straight into the result column.
///
/// The general path (`ExpressionCompiler`) makes a whole column per operator:
/// `lonn / 12 + alder * 2` at full size allocated two 75 MB temporaries and streamed them
/// through memory three times. Here each block of 2048 rows goes through the whole tree in
/// small scratch buffers that stay in the cache, and only the result column is written; the
/// rows are split over both cores. Each operator is one tight loop per block (the switch on
/// the operator runs per block, not per row). The per-value rules are exactly those of
/// `ExpressionCompiler.binary` (x / 0 and a non-finite power are missing, comparisons and
/// `&`/`|` follow the three-valued rules), so both paths agree bit for bit; shapes it does not
/// know (strings, functions) return nil and take the general path.
struct BlockEvaluator: Sendable {
    indirect enum Node: Sendable {
        case column([Double])
        case constant(Double)
        case unary(ScriptUnaryOperator, Node)
        case binary(ScriptBinaryOperator, Node, Node)
    }

    static let block = 2048
    let root: Node
    let rows: Int
    /// Scratch buffers a block needs: one per operator node.
    let depth: Int

    /// nil when the expression has a part this evaluator does not cover.
    init?(_ e: ScriptExpression, in d: Dataset) {
        guard let node = Self.node(e, d) else { return nil }
        if case .constant = node { return nil }
        if case .column = node { return nil }
        self.init(root: node, rows: d.rowCount)
    }

    /// Any tree, a bare column or constant too (`ConditionTally` evaluates a condition's
    /// blocks with it and needs no result column).
    init(root: Node, rows: Int) {
        self.root = root
        self.rows = rows
        depth = Self.operators(root)
    }

    /// The tree of `e`, nil when a part is not covered (strings, functions, the unit id).
    static func node(_ e: ScriptExpression, _ d: Dataset) -> Node? {
        switch e.kind {
        case .number(let v): return .constant(v)
        case .date(let day): return .constant(Double(day.daysSinceEpoch))
        case .missing: return .constant(.nan)
        case .variable(let name):
            if name == d.idName { return nil }
            guard let c = d.column(named: name), c.type != .string else { return nil }
            return .column(c.numbers)
        case .unary(let op, let a):
            return node(a, d).map { .unary(op, $0) }
        case .binary(let op, let a, let b):
            guard let x = node(a, d), let y = node(b, d) else { return nil }
            return .binary(op, x, y)
        case .string, .call:
            return nil
        }
    }

    private static func operators(_ n: Node) -> Int {
        switch n {
        case .column, .constant: return 0
        case .unary(_, let a): return 1 + operators(a)
        case .binary(_, let a, let b): return 1 + operators(a) + operators(b)
        }
    }

    /// The values, and whether every one is a whole number (NaN and huge values do not count),
    /// which decides LONG or DOUBLE as `ScriptEngine.numericType` does.
    func evaluate() -> (values: [Double], whole: Bool) {
        let n = rows
        let parts = n >= VectorOps.parallelThreshold ? max(2, ProcessInfo.processInfo.activeProcessorCount) : 1
        let size = ((n + parts - 1) / parts + Self.block - 1) / Self.block * Self.block
        var whole = [Bool](repeating: true, count: parts)
        let values: [Double] = LargeArray.make(n) { out in
            whole.withUnsafeMutableBufferPointer { w in
                nonisolated(unsafe) let out = out, w = w
                let me = self
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    let lo = min(n, p * size), hi = min(n, lo + size)
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, me.depth) * Self.block)
                    defer { scratch.deallocate() }
                    var allWhole = true
                    var start = lo
                    while start < hi {
                        let m = min(Self.block, hi - start)
                        let o = out.baseAddress! + start
                        var next = scratch
                        me.run(me.root, start, m, into: o, scratch: &next)
                        if allWhole {
                            for i in 0..<m { let x = o[i]; if abs(x) < 9e15 && x != Double(Int64(x)) { allWhole = false; break } }
                        }
                        start += m
                    }
                    w[p] = allWhole
                }
            }
        }
        return (values, !whole.contains(false))
    }

    /// Rows start..<start+m of the value into `o`; `scratch` holds `depth` blocks.
    func block(_ start: Int, _ m: Int, into o: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        var next = scratch
        run(root, start, m, into: o, scratch: &next)
    }

    private enum Operand {
        case values(UnsafePointer<Double>)
        case constant(Double)
    }

    /// The operand for rows start..<start+m: a column slice in place, a constant, or an
    /// operator's block computed into the next scratch buffer.
    private func operand(_ n: Node, _ start: Int, _ m: Int, scratch: inout UnsafeMutablePointer<Double>) -> Operand {
        switch n {
        case .constant(let c): return .constant(c)
        case .column(let v): return v.withUnsafeBufferPointer { .values($0.baseAddress! + start) }
        default:
            let o = scratch
            scratch += Self.block
            run(n, start, m, into: o, scratch: &scratch)
            return .values(UnsafePointer(o))
        }
    }

    private func run(_ n: Node, _ start: Int, _ m: Int, into o: UnsafeMutablePointer<Double>, scratch: inout UnsafeMutablePointer<Double>) {
        switch n {
        case .constant(let c): for i in 0..<m { o[i] = c }
        case .column(let v): v.withUnsafeBufferPointer { b in for i in 0..<m { o[i] = b[start + i] } }
        case .unary(let op, let a):
            let x = operand(a, start, m, scratch: &scratch)
            switch op {
            case .negate: Self.map(x, m, o) { -$0 }
            case .not: Self.map(x, m, o) { $0.isNaN ? .nan : ($0 == 0 ? 1 : 0) }
            }
        case .binary(let op, let a, let b):
            let x = operand(a, start, m, scratch: &scratch), y = operand(b, start, m, scratch: &scratch)
            switch op {
            case .add: Self.zip(x, y, m, o) { let r = $0 + $1; return r.isFinite ? r : .nan }
            case .subtract: Self.zip(x, y, m, o) { let r = $0 - $1; return r.isFinite ? r : .nan }
            case .multiply: Self.zip(x, y, m, o) { let r = $0 * $1; return r.isFinite ? r : .nan }
            case .divide: Self.zip(x, y, m, o) { $1 == 0 ? .nan : $0 / $1 }
            case .power: Self.zip(x, y, m, o) { let r = pow($0, $1); return r.isFinite ? r : .nan }
            case .and: Self.zip(x, y, m, o) { p, q in p == 0 || q == 0 ? 0 : (p.isNaN || q.isNaN ? .nan : 1) }
            case .or: Self.zip(x, y, m, o) { p, q in (!p.isNaN && p != 0) || (!q.isNaN && q != 0) ? 1 : (p.isNaN || q.isNaN ? .nan : 0) }
            case .equal: Self.zip(x, y, m, o) { $0.isNaN || $1.isNaN ? .nan : ($0 == $1 ? 1 : 0) }
            case .notEqual: Self.zip(x, y, m, o) { $0.isNaN || $1.isNaN ? .nan : ($0 != $1 ? 1 : 0) }
            case .less: Self.zip(x, y, m, o) { $0.isNaN || $1.isNaN ? .nan : ($0 < $1 ? 1 : 0) }
            case .lessEqual: Self.zip(x, y, m, o) { $0.isNaN || $1.isNaN ? .nan : ($0 <= $1 ? 1 : 0) }
            case .greater: Self.zip(x, y, m, o) { $0.isNaN || $1.isNaN ? .nan : ($0 > $1 ? 1 : 0) }
            case .greaterEqual: Self.zip(x, y, m, o) { $0.isNaN || $1.isNaN ? .nan : ($0 >= $1 ? 1 : 0) }
            }
        }
    }

    @inline(__always)
    private static func map(_ x: Operand, _ m: Int, _ o: UnsafeMutablePointer<Double>, _ f: (Double) -> Double) {
        switch x {
        case .constant(let c): let v = f(c); for i in 0..<m { o[i] = v }
        case .values(let a): for i in 0..<m { o[i] = f(a[i]) }
        }
    }

    @inline(__always)
    private static func zip(_ x: Operand, _ y: Operand, _ m: Int, _ o: UnsafeMutablePointer<Double>, _ f: (Double, Double) -> Double) {
        switch (x, y) {
        case (.values(let a), .values(let b)): for i in 0..<m { o[i] = f(a[i], b[i]) }
        case (.values(let a), .constant(let c)): for i in 0..<m { o[i] = f(a[i], c) }
        case (.constant(let c), .values(let b)): for i in 0..<m { o[i] = f(c, b[i]) }
        case (.constant(let c), .constant(let d)): let v = f(c, d); for i in 0..<m { o[i] = v }
        }
    }
}
