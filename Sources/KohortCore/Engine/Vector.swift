import Foundation

/// The value of an expression over all rows of a dataset: a whole column, or a constant that
/// stands for one. Every operation works on whole columns (one allocation per node of the
/// expression, none per row).
enum Vector {
    case numbers([Double])
    /// Codes into a string table; -1 is missing.
    case strings([Int32], [String])
    case number(Double)
    /// A string constant; nil is the missing string.
    case string(String?)

    var isString: Bool {
        switch self {
        case .strings, .string: return true
        default: return false
        }
    }

    /// The values as a column of `n` numbers.
    func numbers(_ n: Int) -> [Double] {
        switch self {
        case .numbers(let v): return v
        case .number(let c): return Array(repeating: c, count: n)
        case .strings, .string: return Array(repeating: .nan, count: n)
        }
    }

    /// The values as codes and a table (`n` rows).
    func strings(_ n: Int) -> (codes: [Int32], table: [String]) {
        switch self {
        case .strings(let c, let t): return (c, t)
        case .string(let s?): return (Array(repeating: 0, count: n), [s])
        case .string(nil): return (Array(repeating: -1, count: n), [])
        case .number(let v):
            return v.isNaN ? (Array(repeating: -1, count: n), []) : (Array(repeating: 0, count: n), [EngineFormat.number(v)])
        case .numbers(let v): return VectorOps.numbersToStrings(v) { EngineFormat.number($0) }
        }
    }
}

/// Whole-column loops. Big loops are split over the cores with `concurrentPerform`.
enum VectorOps {
    /// Rows above which a loop is split across cores.
    static let parallelThreshold = 1 << 20

    /// Runs `body` over `0..<n` in chunks, in parallel when `n` is large.
    @inline(__always)
    static func chunked(_ n: Int, minimum: Int = parallelThreshold, _ body: (Range<Int>) -> Void) {
        if n < minimum { body(0..<n); return }
        let parts = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let size = (n + parts - 1) / parts
        withoutActuallyEscaping(body) { escaping in
            nonisolated(unsafe) let run = escaping
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = p * size, hi = min(n, lo + size)
                if lo < hi { run(lo..<hi) }
            }
        }
    }

    @inline(__always)
    static func map(_ a: [Double], _ f: (Double) -> Double) -> [Double] {
        let n = a.count
        return LargeArray.make(n) { (out: UnsafeMutableBufferPointer<Double>) in
            a.withUnsafeBufferPointer { x in
                let o = out
                chunked(n) { r in for i in r { o[i] = f(x[i]) } }
            }
        }
    }

    @inline(__always)
    static func zip(_ a: Vector, _ b: Vector, _ n: Int, _ f: (Double, Double) -> Double) -> Vector {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(f(x, y))
        case (.numbers(let x), .number(let y)): return .numbers(map(x) { f($0, y) })
        case (.number(let x), .numbers(let y)): return .numbers(map(y) { f(x, $0) })
        default:
            let x = a.numbers(n), y = b.numbers(n)
            return .numbers(LargeArray.make(n) { (out: UnsafeMutableBufferPointer<Double>) in
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeBufferPointer { yp in
                        let o = out
                        chunked(n) { r in for i in r { o[i] = f(xp[i], yp[i]) } }
                    }
                }
            })
        }
    }

    /// `zip` that writes into an operand's buffer when that operand is a temporary (the value
    /// of an inner operator or function, referenced by nothing else): `lonn / 12 + alder * 2`
    /// then allocates one column instead of three, and each fresh 44 MB column costs page
    /// faults and kernel zeroing at full size. Variables are never reused (their buffers are
    /// the dataset's columns); if a buffer turns out to be shared anyway, Swift's copy on
    /// write copies it, so reuse is an optimisation and never a correctness question.
    @inline(__always)
    static func zip(_ a: consuming Vector, _ b: consuming Vector, _ n: Int, reuseFirst: Bool, reuseSecond: Bool,
                    _ f: (Double, Double) -> Double) -> Vector {
        if reuseFirst, case .numbers(var x) = a, x.count == n {
            a = .number(0)
            switch b {
            case .number(let c):
                x.withUnsafeMutableBufferPointer { xp in let o = xp; chunked(n) { r in for i in r { o[i] = f(o[i], c) } } }
                return .numbers(x)
            case .numbers(let y) where y.count == n:
                y.withUnsafeBufferPointer { yp in
                    x.withUnsafeMutableBufferPointer { xp in let o = xp; chunked(n) { r in for i in r { o[i] = f(o[i], yp[i]) } } }
                }
                return .numbers(x)
            default:
                return zip(.numbers(x), b, n, f)
            }
        }
        if reuseSecond, case .numbers = b {
            // The mirror of the case above: reuse b's storage by swapping the operands.
            return zip(b, a, n, reuseFirst: true, reuseSecond: false) { f($1, $0) }
        }
        return zip(a, b, n, f)
    }

    /// Applies a string → string function to each entry of the table (not each row) and
    /// re-codes the rows.
    static func mapStrings(_ codes: [Int32], _ table: [String], _ f: (String) -> String?) -> ([Int32], [String]) {
        var newTable: [String] = []
        var index: [String: Int32] = [:]
        var remap = [Int32](repeating: -1, count: table.count)
        for (i, s) in table.enumerated() {
            guard let t = f(s) else { continue }
            if let j = index[t] { remap[i] = j } else {
                index[t] = Int32(newTable.count); remap[i] = Int32(newTable.count); newTable.append(t)
            }
        }
        let out = codes.map { $0 < 0 ? -1 : remap[Int($0)] }
        return (out, newTable)
    }

    /// Applies a string → number function per table entry and looks the rows up.
    static func stringsToNumbers(_ codes: [Int32], _ table: [String], _ f: (String) -> Double) -> [Double] {
        let values = table.map(f)
        return values.withUnsafeBufferPointer { v in codes.map { $0 < 0 ? .nan : v[Int($0)] } }
    }

    /// Formats each distinct number once (found by sorting, not hashing) and codes the rows.
    static func numbersToStrings(_ values: [Double], _ format: (Double) -> String) -> ([Int32], [String]) {
        let (codes, unique) = DistinctValues.code(values)
        return (codes, unique.map(format))
    }

    /// Ranks of two string tables in one common sort order, so codes of different tables
    /// compare (`<`, `==`) as integers.
    static func commonRanks(_ a: [String], _ b: [String]) -> ([Int32], [Int32]) {
        let all = Array(Set(a).union(b)).sorted()
        func rank(_ s: String) -> Int32 {
            var lo = 0, hi = all.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if all[mid] < s { lo = mid + 1 } else { hi = mid } }
            return Int32(lo)
        }
        return (a.map(rank), b.map(rank))
    }
}
