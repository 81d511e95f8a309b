import Foundation

/// The functions of microdata.no's reference, as whole-column operations.
enum EngineFunctions {
    typealias C = CompiledExpression

    static func compile(_ name: String, _ a: [C], arguments: [ScriptExpression], at position: ScriptPosition, rows n: Int) throws -> C {
        func numeric(_ i: Int) throws -> C {
            guard !a[i].isString else {
                throw EngineError("function '\(name)' needs a number as argument \(i + 1), not a string", at: arguments[i].position)
            }
            return a[i]
        }
        func string(_ i: Int) throws -> C {
            guard a[i].isString else {
                throw EngineError("function '\(name)' needs a string as argument \(i + 1) (a code in quotes or a string variable)", at: arguments[i].position)
            }
            return a[i]
        }
        /// One numeric argument, element-wise.
        func unary(_ type: C.ResultType = .number, _ f: @escaping (Double) -> Double) throws -> C {
            let x = try numeric(0)
            return C(type: type, position: position) {
                switch try x.evaluate() {
                case .number(let v): return .number(v.isNaN ? .nan : f(v))
                case let v: return .numbers(VectorOps.map(v.numbers(n)) { $0.isNaN ? .nan : f($0) })
                }
            }
        }
        func binaryNumeric(_ f: @escaping (Double, Double) -> Double) throws -> C {
            let x = try numeric(0), y = try numeric(1)
            return C(type: .number, position: position) {
                VectorOps.zip(try x.evaluate(), try y.evaluate(), n) { $0.isNaN || $1.isNaN ? .nan : f($0, $1) }
            }
        }
        func stringToString(_ f: @escaping (String) -> String?) throws -> C {
            let x = try string(0)
            return C(type: .string, position: position) {
                switch try x.evaluate() {
                case .string(let s): return .string(s.flatMap(f))
                case let v: let (c, t) = v.strings(n); let (c2, t2) = VectorOps.mapStrings(c, t, f); return .strings(c2, t2)
                }
            }
        }
        func stringToNumber(_ x: C, _ f: @escaping (String) -> Double) -> C {
            C(type: .number, position: position) {
                switch try x.evaluate() {
                case .string(let s): return .number(s.map(f) ?? .nan)
                case let v: let (c, t) = v.strings(n); return .numbers(VectorOps.stringsToNumbers(c, t, f))
                }
            }
        }
        func constantString(_ i: Int) throws -> String {
            guard case .string(let s) = arguments[i].kind else {
                throw EngineError("function '\(name)' needs a quoted string as argument \(i + 1)", at: arguments[i].position)
            }
            return s
        }
        func constantNumber(_ i: Int) throws -> Double {
            if case .number(let v) = arguments[i].kind { return v }
            if case .unary(.negate, let inner) = arguments[i].kind, case .number(let v) = inner.kind { return -v }
            throw EngineError("function '\(name)' needs a number as argument \(i + 1)", at: arguments[i].position)
        }
        func civil(_ f: @escaping (Int, Int, Int, Int32) -> Double) throws -> C {
            try unary { d in
                // Years 0001…9999 only (EpochDays' range).
                guard d >= -719_162, d < 2_932_896 else { return .nan }
                let days = Int32(d.rounded(.down))
                let (y, m, dd) = EpochDays.civil(days)
                return f(y, m, dd, days)
            }
        }

        switch name {
        case "date":
            let y = try numeric(0), m = try numeric(1), d = try numeric(2)
            return C(type: .date, position: position) {
                let (yv, mv, dv) = (try y.evaluate(), try m.evaluate(), try d.evaluate())
                let ym = VectorOps.zip(yv, mv, n) { $0 * 100 + $1 }
                return VectorOps.zip(ym, dv, n) { ym, d in
                    guard !ym.isNaN, !d.isNaN else { return .nan }
                    guard let y = SafeInt.int(ym / 100), let ymi = SafeInt.int(ym), let di = SafeInt.int(d) else { return .nan }
                    return EpochDays.from(year: y, month: ymi - y * 100, day: di).map(Double.init) ?? .nan
                }
            }
        case "year": return try civil { y, _, _, _ in Double(y) }
        case "month": return try civil { _, m, _, _ in Double(m) }
        case "day": return try civil { _, _, d, _ in Double(d) }
        case "quarter": return try civil { _, m, _, _ in Double((m - 1) / 3 + 1) }
        case "halfyear": return try civil { _, m, _, _ in m <= 6 ? 1 : 2 }
        case "doy": return try civil { y, _, _, days in Double(days - EpochDays.from(year: y, month: 1, day: 1)! + 1) }
        case "week": return try civil { y, _, _, days in Double(min(52, (Int(days - EpochDays.from(year: y, month: 1, day: 1)!)) / 7 + 1)) }
        case "dow": return try unary { d in SafeInt.int(d).map { Double((($0 + 4) % 7 + 7) % 7) } ?? .nan }
        case "isoformatdate":
            let x = try numeric(0)
            return C(type: .string, position: position) {
                let (c, t) = VectorOps.numbersToStrings(try x.evaluate().numbers(n)) { SafeInt.isoDate($0) }
                return .strings(c, t)
            }
        case "sqrt": return try unary { $0 < 0 ? .nan : $0.squareRoot() }
        case "exp": return try unary { let r = Foundation.exp($0); return r.isFinite ? r : .nan }
        case "ln": return try unary { $0 <= 0 ? .nan : Foundation.log($0) }
        case "log10": return try unary { $0 <= 0 ? .nan : Foundation.log10($0) }
        case "abs": return try unary { Swift.abs($0) }
        case "ceil": return try unary { $0.rounded(.up) }
        case "floor": return try unary { $0.rounded(.down) }
        case "int": return try unary { $0.rounded(.towardZero) }
        case "round":
            if a.count == 2 {
                return try binaryNumeric { x, u in u <= 0 ? .nan : (x / u).rounded(.toNearestOrAwayFromZero) * u }
            }
            return try unary { $0.rounded(.toNearestOrAwayFromZero) }
        case "logit": return try unary { $0 <= 0 || $0 >= 1 ? .nan : Foundation.log($0 / (1 - $0)) }
        case "pi": return C(type: .number, position: position) { .number(Double.pi) }
        case "normal": return try unary { Distributions.normalCDF($0) }
        case "ttail": return try binaryNumeric { df, t in df <= 0 ? .nan : Distributions.tTail(df: df, t: t) }
        case "chi2": return try binaryNumeric { df, x in df <= 0 ? .nan : Distributions.chi2CDF(df: df, x: x) }
        case "sysmiss":
            let x = a[0]
            return C(type: .number, position: position) {
                switch try x.evaluate() {
                case .number(let v): return .number(v.isNaN ? 1 : 0)
                case .string(let s): return .number(s == nil ? 1 : 0)
                case .numbers(let v): return .numbers(VectorOps.map(v) { $0.isNaN ? 1 : 0 })
                case .strings(let c, _): return .numbers(c.map { $0 < 0 ? 1 : 0 })
                }
            }
        case "inlist":
            let x = a[0]
            var comparisons: [C] = []
            for i in 1..<a.count {
                let eq = try binaryEqual(x, a[i], at: position, rows: n)
                comparisons.append(eq)
            }
            return C(type: .number, position: position) {
                var acc: Vector = .number(0)
                for c in comparisons {
                    acc = VectorOps.zip(acc, try c.evaluate(), n) { p, q in p == 1 || q == 1 ? 1 : 0 }
                }
                return acc
            }
        case "inrange":
            if a[0].isString {
                let lo = try binary(.greaterEqual, a[0], a[1], position, n), hi = try binary(.lessEqual, a[0], a[2], position, n)
                return C(type: .number, position: position) {
                    VectorOps.zip(try lo.evaluate(), try hi.evaluate(), n) { $0 == 1 && $1 == 1 ? 1 : 0 }
                }
            }
            let x = try numeric(0), lo = try numeric(1), hi = try numeric(2)
            return C(type: .number, position: position) {
                let ge = VectorOps.zip(try x.evaluate(), try lo.evaluate(), n) { !$0.isNaN && ($1.isNaN || $0 >= $1) ? 1 : 0 }
                let le = VectorOps.zip(try x.evaluate(), try hi.evaluate(), n) { !$0.isNaN && ($1.isNaN || $0 <= $1) ? 1 : 0 }
                return VectorOps.zip(ge, le, n) { $0 * $1 }
            }
        case "substr":
            let start = SafeInt.int(try constantNumber(1)) ?? 1
            let length = a.count == 3 ? (SafeInt.int(try constantNumber(2)) ?? 0) : Int.max
            return try stringToString { s in
                let chars = Array(s)
                let lo = max(0, start - 1)
                guard lo < chars.count, length > 0 else { return "" }
                let hi = length == Int.max ? chars.count : min(chars.count, lo + length)
                return String(chars[lo..<hi])
            }
        case "length": return stringToNumber(try string(0)) { Double($0.count) }
        case "lower": return try stringToString { $0.lowercased() }
        case "upper": return try stringToString { $0.uppercased() }
        case "trim": return try stringToString { $0.trimmingCharacters(in: .whitespaces) }
        case "startswith":
            let p = try constantString(1)
            return stringToNumber(try string(0)) { $0.hasPrefix(p) ? 1 : 0 }
        case "endswith":
            let p = try constantString(1)
            return stringToNumber(try string(0)) { $0.hasSuffix(p) ? 1 : 0 }
        case "string", "to_str":
            let x = a[0]
            if x.isString { return x }
            let isDate = x.type == .date
            return C(type: .string, position: position) {
                let (c, t) = VectorOps.numbersToStrings(try x.evaluate().numbers(n)) {
                    isDate ? SafeInt.isoDate($0) : EngineFormat.number($0)
                }
                return .strings(c, t)
            }
        case "to_int":
            let x = a[0]
            if !x.isString { return try unary { $0.rounded(.towardZero) } }
            return stringToNumber(x) { s in
                let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
                return Double(t).map { $0.rounded(.towardZero) } ?? .nan
            }
        case "rowmax", "rowmin", "rowmean", "rowmedian", "rowtotal", "rowstd", "rowmissing", "rowvalid":
            let xs = try (0..<a.count).map(numeric)
            return C(type: .number, position: position) {
                let columns = try xs.map { try $0.evaluate().numbers(n) }
                return .numbers(RowFunctions.apply(name, columns, n))
            }
        case "quantile":
            let x = try numeric(0)
            let groups = SafeInt.int(try constantNumber(1)) ?? 0
            guard groups >= 2, groups <= 1_000_000 else { throw EngineError("quantile() needs at least 2 groups", at: arguments[1].position) }
            return C(type: .number, position: position) {
                .numbers(RowFunctions.quantileGroups(try x.evaluate().numbers(n), groups: groups))
            }
        default:
            throw EngineError.unknown("function", name, candidates: ScriptFunctions.names, at: position)
        }
    }

    static func binary(_ op: ScriptBinaryOperator, _ a: C, _ b: C, _ position: ScriptPosition, _ n: Int) throws -> C {
        try ExpressionCompiler(dataset: Dataset(name: ""), rowCountOverride: n).binary(op, a, b, at: position)
    }

    static func binaryEqual(_ a: C, _ b: C, at position: ScriptPosition, rows n: Int) throws -> C {
        try binary(.equal, a, b, position, n)
    }

    static func concatenate(_ x: Vector, _ y: Vector, _ n: Int) -> Vector {
        let (xc, xt) = x.strings(n), (yc, yt) = y.strings(n)
        // Pair codes → one combined code per distinct pair; the table has at most |x|·|y| entries
        // actually used, found by sorting the pair keys.
        let width = Int64(yt.count + 1)
        let keys: [Double] = (0..<n).map { i in
            xc[i] < 0 || yc[i] < 0 ? .nan : Double(Int64(xc[i]) * width + Int64(yc[i]))
        }
        let (codes, table) = VectorOps.numbersToStrings(keys) { k in
            let key = Int64(k)
            return xt[Int(key / width)] + yt[Int(key % width)]
        }
        return .strings(codes, table)
    }
}

/// Row-wise functions across several variables (Stata's egen row functions): missing
/// values are skipped; `rowtotal` of all-missing is 0, the others give missing.
enum RowFunctions {
    static func apply(_ name: String, _ columns: [[Double]], _ n: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: n)
        let k = columns.count
        var scratch = [Double](repeating: 0, count: k)
        for i in 0..<n {
            var m = 0
            for j in 0..<k { let v = columns[j][i]; if !v.isNaN { scratch[m] = v; m += 1 } }
            switch name {
            case "rowmissing": out[i] = Double(k - m)
            case "rowvalid": out[i] = Double(m)
            case "rowtotal": var s = 0.0; for j in 0..<m { s += scratch[j] }; out[i] = s
            default:
                guard m > 0 else { continue }
                switch name {
                case "rowmax": var r = scratch[0]; for j in 1..<max(1, m) { r = max(r, scratch[j]) }; out[i] = r
                case "rowmin": var r = scratch[0]; for j in 1..<max(1, m) { r = min(r, scratch[j]) }; out[i] = r
                case "rowmean": var s = 0.0; for j in 0..<m { s += scratch[j] }; out[i] = s / Double(m)
                case "rowmedian":
                    let sorted = scratch[0..<m].sorted()
                    out[i] = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2
                case "rowstd":
                    guard m > 1 else { continue }
                    var s = 0.0; for j in 0..<m { s += scratch[j] }
                    let mean = s / Double(m)
                    var ss = 0.0; for j in 0..<m { ss += (scratch[j] - mean) * (scratch[j] - mean) }
                    out[i] = (ss / Double(m - 1)).squareRoot()
                default: break
                }
            }
        }
        return out
    }

    /// `quantile(x, n)`: the group 1…n of each value (Stata's xtile): group k holds the values
    /// above the (k-1)/n and at most the k/n quantile.
    static func quantileGroups(_ x: [Double], groups: Int) -> [Double] {
        var sorted = x.filter { !$0.isNaN }
        guard !sorted.isEmpty else { return x }
        sorted.sort()
        let total = sorted.count
        let cuts: [Double] = (1..<groups).map { k in
            let p = Double(k) / Double(groups) * Double(total)
            let i = Int(p.rounded(.up)) - 1
            return sorted[max(0, min(total - 1, i))]
        }
        return x.map { v in
            if v.isNaN { return .nan }
            // The first cut at or above v (binary search): its index is the group − 1.
            var lo = 0, hi = cuts.count
            while lo < hi { let mid = (lo + hi) / 2; if cuts[mid] < v { lo = mid + 1 } else { hi = mid } }
            return Double(lo + 1)
        }
    }
}

/// Small distribution functions for `normal`, `ttail` and `chi2` (the Statistics module has
/// none yet; these are the textbook series and continued fractions, accurate to ~1e-10).
enum Distributions {
    static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// P(T > t) for Student's t with `df` degrees of freedom.
    static func tTail(df: Double, t: Double) -> Double {
        let x = df / (df + t * t)
        let p = 0.5 * regularizedBeta(x, a: df / 2, b: 0.5)
        return t >= 0 ? p : 1 - p
    }

    /// P(X ≤ x) for a chi-squared variable with `df` degrees of freedom.
    static func chi2CDF(df: Double, x: Double) -> Double {
        x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2)
    }

    static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if x < a + 1 {
            var sum = 1 / a, term = sum, ap = a
            for _ in 0..<500 { ap += 1; term *= x / ap; sum += term; if abs(term) < abs(sum) * 1e-15 { break } }
            return sum * exp(-x + a * log(x) - lgamma(a))
        }
        var b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c; if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return 1 - exp(-x + a * log(x) - lgamma(a)) * h
    }

    static func regularizedBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedBeta(1 - x, a: b, b: a) }
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < 1e-300 { d = 1e-300 }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let m2 = Double(2 * m), md = Double(m)
            let num0: Double = md * (b - md) * x
            let den0: Double = (a + m2 - 1) * (a + m2)
            var aa = num0 / den0
            d = 1 + aa * d; if abs(d) < 1e-300 { d = 1e-300 }
            c = 1 + aa / c; if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d; h *= d * c
            let num: Double = -(a + md) * (a + b + md) * x
            let den: Double = (a + m2) * (a + m2 + 1)
            aa = num / den
            d = 1 + aa * d; if abs(d) < 1e-300 { d = 1e-300 }
            c = 1 + aa / c; if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return front * h / a
    }
}
