import Foundation

/// How many rows an `if` condition keeps, and the wrapping sum of their record keys, in one
/// pass over the condition's columns and a row-aligned key column: no row mask of the whole
/// dataset, no list of kept rows.
///
/// The cohort builder's count refresh (`keep if lonn > t`, value edited) needs only these two
/// numbers. Building a `[Bool]` of every row, gathering the kept ids and merge-walking them
/// against the entry's keys read and wrote several times what the condition itself reads;
/// here each core takes a range of rows, and the condition goes block by block through a
/// small scratch buffer that stays in L1 (the common `column op constant` without even that).
///
/// Which rows count is exactly `ExpressionCompiler.mask`'s answer: a comparison with a missing
/// side is false (`!=` too), `&`/`|` combine truth values (what the three-valued rules give
/// once missing counts as false), and any other numeric expression is true when neither 0
/// nor missing, evaluated by `BlockEvaluator`, which agrees with the general path bit for
/// bit. Shapes it does not cover (functions, the unit id, strings other than a code variable
/// against a quoted code, string against number) make `init` fail, and the caller takes the
/// general path.
struct ConditionTally: Sendable {
    indirect enum Test: Sendable {
        /// A numeric column against a constant (the constant on the right).
        case compare([Double], ScriptBinaryOperator, Double)
        /// A code variable against a quoted code: whether each string-table entry matches.
        case codes([Int32], hits: [Bool])
        /// A numeric column: true when neither 0 nor missing.
        case column([Double])
        /// Any other numeric expression, true when neither 0 nor missing.
        case truth(BlockEvaluator)
        case and(Test, Test)
        case or(Test, Test)
    }

    static let block = 2048
    let test: Test
    let rows: Int

    init?(_ e: ScriptExpression, in d: Dataset) {
        guard let t = Self.test(e, d) else { return nil }
        test = t
        rows = d.rowCount
    }

    private static func test(_ e: ScriptExpression, _ d: Dataset) -> Test? {
        if case .binary(let op, let a, let b) = e.kind {
            switch op {
            case .and, .or:
                guard let x = test(a, d), let y = test(b, d) else { return nil }
                return op == .and ? .and(x, y) : .or(x, y)
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                if case .variable(let name) = a.kind, case .string(let s) = b.kind {
                    guard name != d.idName, let c = d.column(named: name), c.type == .string else { return nil }
                    return .codes(c.codes, hits: ExpressionCompiler.codeHits(c.strings, op, s))
                }
                if let x = BlockEvaluator.node(a, d), let y = BlockEvaluator.node(b, d) {
                    switch (x, y) {
                    case (.column(let v), .constant(let c)): return .compare(v, op, c)
                    case (.constant(let c), .column(let v)): return .compare(v, op.withOperandsSwapped, c)
                    default: break
                    }
                }
            default: break
            }
        }
        guard let node = BlockEvaluator.node(e, d) else { return nil }
        if case .column(let v) = node { return .column(v) }
        return .truth(BlockEvaluator(root: node, rows: d.rowCount))
    }

    /// Bytes of mask scratch a block needs: one block per `&`/`|` on the deepest path, plus one.
    private static func maskDepth(_ t: Test) -> Int {
        switch t {
        case .and(let a, let b), .or(let a, let b): return max(maskDepth(a), 1 + maskDepth(b))
        default: return 1
        }
    }

    /// Doubles of scratch the deepest `BlockEvaluator` needs (its result block included).
    private static func valueDepth(_ t: Test) -> Int {
        switch t {
        case .and(let a, let b), .or(let a, let b): return max(valueDepth(a), valueDepth(b))
        case .truth(let e): return 1 + e.depth
        default: return 0
        }
    }

    /// The column of a `column op constant` condition, whose `FloatShadow` the count can read.
    var comparedColumn: [Double]? {
        if case .compare(let v, _, let c) = test, !c.isNaN { return v }
        return nil
    }

    /// The number of rows the condition keeps and the wrapping sum of `keys` over them
    /// (`keys` aligned with the dataset's rows), on all cores. `shadow`, when it is the Float
    /// copy of `comparedColumn`, is read instead of the Double values.
    func tally(keys: UnsafeBufferPointer<UInt32>, shadow: FloatShadow? = nil) -> (rows: Int, keySum: UInt64) {
        precondition(keys.count == rows, "one key per row")
        let n = rows
        guard n > 0 else { return (0, 0) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // A few chunks per core, so a core slowed by other work hands some of its share on.
        let chunks = n >= 1 << 18 ? cores * 4 : 1
        let size = ((n + chunks - 1) / chunks + Self.block - 1) / Self.block * Self.block
        var counts = [Int](repeating: 0, count: chunks), sums = [UInt64](repeating: 0, count: chunks)
        counts.withUnsafeMutableBufferPointer { cb in
            sums.withUnsafeMutableBufferPointer { sb in
                nonisolated(unsafe) let cp = cb.baseAddress!, sp = sb.baseAddress!, k = keys.baseAddress!
                let me = self
                let narrow = comparedColumn.flatMap { v in shadow?.belongs(to: v) == true ? shadow : nil }
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = min(n, c * size), hi = min(n, lo + size)
                    guard lo < hi else { return }
                    let (rows, sum): (Int, UInt64)
                    if let narrow, case .compare(_, let op, let constant) = me.test {
                        (rows, sum) = narrow.compareRange(op, constant, lo, hi, k)
                    } else {
                        (rows, sum) = me.range(lo, hi, k)
                    }
                    cp[c] = rows
                    sp[c] = sum
                }
            }
        }
        return (counts.reduce(0, +), sums.reduce(0, &+))
    }

    private func range(_ lo: Int, _ hi: Int, _ k: UnsafePointer<UInt32>) -> (Int, UInt64) {
        if case .compare(let v, let op, let c) = test {
            return v.withUnsafeBufferPointer { x in Self.compareRange(x.baseAddress!, op, c, lo, hi, k) }
        }
        let masks = Self.maskDepth(test), values = Self.valueDepth(test)
        let mask = UnsafeMutablePointer<UInt8>.allocate(capacity: masks * Self.block)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, values) * Self.block)
        defer { mask.deallocate(); scratch.deallocate() }
        var rows = 0, sum: UInt64 = 0
        var start = lo
        while start < hi {
            let m = min(Self.block, hi - start)
            evaluate(test, start, m, into: mask, scratch: scratch)
            for i in 0..<m {
                let t = mask[i]
                rows &+= Int(t)
                sum &+= UInt64(k[start + i]) & (0 &- UInt64(t))
            }
            start += m
        }
        return (rows, sum)
    }

    /// `column op constant` with the count and key sum fused into the comparison's loop.
    private static func compareRange(_ x: UnsafePointer<Double>, _ op: ScriptBinaryOperator, _ c: Double, _ lo: Int, _ hi: Int,
                                     _ k: UnsafePointer<UInt32>) -> (Int, UInt64) {
        switch op {
        case .equal: return fused(x, lo, hi, k) { $0 == c }
        case .notEqual: return c.isNaN ? (0, 0) : fused(x, lo, hi, k) { !$0.isNaN && $0 != c }
        case .less: return fused(x, lo, hi, k) { $0 < c }
        case .lessEqual: return fused(x, lo, hi, k) { $0 <= c }
        case .greater: return fused(x, lo, hi, k) { $0 > c }
        default: return fused(x, lo, hi, k) { $0 >= c }
        }
    }

    @inline(__always)
    private static func fused(_ x: UnsafePointer<Double>, _ lo: Int, _ hi: Int, _ k: UnsafePointer<UInt32>,
                              _ holds: (Double) -> Bool) -> (Int, UInt64) {
        var rows = 0, sum: UInt64 = 0
        for i in lo..<hi {
            let t: UInt64 = holds(x[i]) ? 1 : 0
            rows &+= Int(t)
            sum &+= UInt64(k[i]) & (0 &- t)
        }
        return (rows, sum)
    }

    /// The condition's truth (1/0) for rows start..<start+m into `o`; the buffer after `o`
    /// is scratch for the right-hand side of `&`/`|`.
    private func evaluate(_ t: Test, _ start: Int, _ m: Int, into o: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Double>) {
        switch t {
        case .compare(let v, let op, let c):
            v.withUnsafeBufferPointer { b in
                let x = b.baseAddress! + start
                switch op {
                case .equal: for i in 0..<m { o[i] = x[i] == c ? 1 : 0 }
                case .notEqual: for i in 0..<m { o[i] = !x[i].isNaN && !c.isNaN && x[i] != c ? 1 : 0 }
                case .less: for i in 0..<m { o[i] = x[i] < c ? 1 : 0 }
                case .lessEqual: for i in 0..<m { o[i] = x[i] <= c ? 1 : 0 }
                case .greater: for i in 0..<m { o[i] = x[i] > c ? 1 : 0 }
                default: for i in 0..<m { o[i] = x[i] >= c ? 1 : 0 }
                }
            }
        case .codes(let codes, let hits):
            codes.withUnsafeBufferPointer { cb in
                hits.withUnsafeBufferPointer { h in
                    for i in 0..<m { let code = cb[start + i]; o[i] = code >= 0 && h[Int(code)] ? 1 : 0 }
                }
            }
        case .column(let v):
            v.withUnsafeBufferPointer { b in for i in 0..<m { let x = b[start + i]; o[i] = !x.isNaN && x != 0 ? 1 : 0 } }
        case .truth(let e):
            e.block(start, m, into: scratch, scratch: scratch + Self.block)
            for i in 0..<m { let x = scratch[i]; o[i] = !x.isNaN && x != 0 ? 1 : 0 }
        case .and(let a, let b):
            evaluate(a, start, m, into: o, scratch: scratch)
            let y = o + Self.block
            evaluate(b, start, m, into: y, scratch: scratch)
            for i in 0..<m { o[i] &= y[i] }
        case .or(let a, let b):
            evaluate(a, start, m, into: o, scratch: scratch)
            let y = o + Self.block
            evaluate(b, start, m, into: y, scratch: scratch)
            for i in 0..<m { o[i] |= y[i] }
        }
    }
}
