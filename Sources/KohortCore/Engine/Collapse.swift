import Foundation

/// `collapse` and `aggregate`: statistics per group of a `by()` variable.
///
/// Groups are dense integers (one per distinct by-value, in ascending order); statistics
/// accumulate into arrays indexed by group in one pass over the rows (count, sum, mean, sd,
/// …); order statistics (median, iqr, percentiles, gini) bucket the values by group with a
/// counting sort and sort each bucket. No hashing per row.
extension ScriptEngine {
    static let collapseStatistics = ["mean", "min", "max", "median", "count", "sum", "semean", "sebinomial",
                                     "sd", "percent", "iqr", "gini"]

    /// Group per row (-1 = missing by-value) and what the groups are.
    struct Grouping {
        var groupOf: [Int32]
        var count: Int
        /// Group → unit id of the collapsed dataset.
        var ids: [Int64]
        var idStrings: [String]?
        /// When rows of a group are consecutive (grouping by the unit id): group k is rows
        /// runs[k]..<runs[k+1], and `groupOf` is empty until asked for.
        var runs: [Int]?

        /// Group per row, made from the runs when needed (aggregate).
        func groupPerRow(_ n: Int) -> [Int32] {
            guard let runs, groupOf.isEmpty else { return groupOf }
            var out = [Int32](repeating: 0, count: n)
            for k in 0..<count { for i in runs[k]..<runs[k + 1] { out[i] = Int32(k) } }
            return out
        }
    }

    static func grouping(_ d: Dataset, by name: String, command: ScriptCommand, engine: ScriptEngine) throws -> Grouping {
        let n = d.rowCount
        if name == d.idName {
            var ids: [Int64] = [], runs: [Int] = []
            d.ids.withUnsafeBufferPointer { idp in
                for i in 0..<n where i == 0 || idp[i] != idp[i - 1] { ids.append(idp[i]); runs.append(i) }
            }
            runs.append(n)
            return Grouping(groupOf: [], count: ids.count, ids: ids, idStrings: d.idStrings, runs: runs)
        }
        guard let c = d.column(named: name) ?? personKey(d, name) else { throw engine.unknownVariable(name, d, command) }
        if c.type == .string {
            let order = c.strings.indices.sorted { c.strings[$0] < c.strings[$1] }
            var rank = [Int32](repeating: -1, count: c.strings.count)
            var sortedStrings: [String] = []
            for k in order {
                if sortedStrings.last != c.strings[k] { sortedStrings.append(c.strings[k]) }
                rank[k] = Int32(sortedStrings.count - 1)
            }
            // Only strings that occur become groups.
            var used = [Bool](repeating: false, count: sortedStrings.count)
            for code in c.codes where code >= 0 { used[Int(rank[Int(code)])] = true }
            var dense = [Int32](repeating: -1, count: sortedStrings.count)
            var strings: [String] = []
            for k in 0..<sortedStrings.count where used[k] { dense[k] = Int32(strings.count); strings.append(sortedStrings[k]) }
            let groupOf = c.codes.map { $0 < 0 ? Int32(-1) : dense[Int(rank[Int($0)])] }
            return Grouping(groupOf: groupOf, count: strings.count, ids: (0..<strings.count).map(Int64.init), idStrings: strings)
        }
        guard let dense = DenseGrouping(c.numbers) else {
            throw EngineError("by() needs whole numbers or codes; '\(name)' has fractional values", at: command.option("by")?.position)
        }
        return Grouping(groupOf: dense.groupOf, count: dense.values.count, ids: dense.values, idStrings: nil)
    }

    /// `by(PERSONID_1)` in a dataset of other units (cancer cases, hospital stays) means its one
    /// variable that holds person ids (KRG_KJERNE_PERSONID imported under any name).
    static func personKey(_ d: Dataset, _ name: String) -> DataColumn? {
        guard name == Dataset.idName(for: "PERSON") else { return nil }
        let keys = d.columns.filter { $0.unitKey == "PERSON" }
        return keys.count == 1 ? keys[0] : nil
    }

    /// One statistic per group of consecutive rows: a scan per run, split across cores.
    static func statistic(_ stat: String, values: [Double], runs: [Int]) -> [Double] {
        let G = runs.count - 1
        var total = 0.0
        if stat == "percent" { for x in values where !x.isNaN { total += 1 } }
        return [Double](unsafeUninitializedCapacity: G) { out, initialized in
            values.withUnsafeBufferPointer { v in
                runs.withUnsafeBufferPointer { r in
                    let o = out
                    VectorOps.chunked(G, minimum: 1 << 14) { range in
                        var scratch: [Double] = []
                        for k in range {
                            let lo = r[k], hi = r[k + 1]
                            var c = 0.0, sum = 0.0, sumsq = 0.0, mn = Double.nan, mx = Double.nan
                            for i in lo..<hi {
                                let x = v[i]
                                if x.isNaN { continue }
                                c += 1; sum += x; sumsq += x * x
                                if mn.isNaN || x < mn { mn = x }
                                if mx.isNaN || x > mx { mx = x }
                            }
                            var result = Double.nan
                            switch stat {
                            case "count": result = c
                            case "sum": result = sum
                            case "percent": result = total > 0 ? 100 * c / total : .nan
                            case "mean": result = c > 0 ? sum / c : .nan
                            case "min": result = mn
                            case "max": result = mx
                            case "sd", "semean", "sebinomial":
                                let mean = sum / c
                                if stat == "sebinomial" { result = c > 0 ? (mean * (1 - mean) / c).squareRoot() : .nan }
                                else if c > 1 {
                                    let variance = max(0, (sumsq - c * mean * mean) / (c - 1))
                                    result = stat == "sd" ? variance.squareRoot() : (variance / c).squareRoot()
                                }
                            default:
                                scratch.removeAll(keepingCapacity: true)
                                for i in lo..<hi where !v[i].isNaN { scratch.append(v[i]) }
                                if !scratch.isEmpty {
                                    scratch.sort()
                                    result = scratch.withUnsafeBufferPointer { orderStatistic(stat, $0) }
                                }
                            }
                            o[k] = result
                        }
                    }
                }
            }
            initialized = G
        }
    }

    /// One statistic per group.
    static func statistic(_ stat: String, values: [Double], grouping g: Grouping) -> [Double] {
        if let runs = g.runs { return statistic(stat, values: values, runs: runs) }
        let G = g.count, n = values.count
        switch stat {
        case "count", "sum", "mean", "sd", "semean", "sebinomial", "percent":
            let need: GroupSums.Need = stat == "count" || stat == "percent" ? .count : (stat == "sum" || stat == "mean" ? .sum : .squares)
            let (count, sum, sumsq) = values.withUnsafeBufferPointer { v in
                g.groupOf.withUnsafeBufferPointer { GroupSums.accumulate(values: v, codes: nil, groupOf: $0, groups: G, need: need) }
            }
            let total = count.reduce(0, +)
            return (0..<G).map { k in
                let c = count[k]
                switch stat {
                case "count": return c
                case "sum": return sum[k]
                case "percent": return total > 0 ? 100 * c / total : .nan
                case "mean": return c > 0 ? sum[k] / c : .nan
                default:
                    let mean = sum[k] / c
                    if stat == "sebinomial" { return c > 0 ? (mean * (1 - mean) / c).squareRoot() : .nan }
                    guard c > 1 else { return .nan }
                    let variance = max(0, (sumsq[k] - c * mean * mean) / (c - 1))
                    return stat == "sd" ? variance.squareRoot() : (variance / c).squareRoot()
                }
            }
        case "min", "max":
            var out = [Double](repeating: .nan, count: G)
            for i in 0..<n {
                let k = Int(g.groupOf[i]), x = values[i]
                if k < 0 || x.isNaN { continue }
                if out[k].isNaN || (stat == "min" ? x < out[k] : x > out[k]) { out[k] = x }
            }
            return out
        default:
            // Order statistics: bucket values by group (counting sort), sort each bucket.
            var start = [Int](repeating: 0, count: G + 1)
            for i in 0..<n where g.groupOf[i] >= 0 && !values[i].isNaN { start[Int(g.groupOf[i]) + 1] += 1 }
            for k in 0..<G { start[k + 1] += start[k] }
            var fill = start
            var bucket = [Double](repeating: 0, count: start[G])
            for i in 0..<n where g.groupOf[i] >= 0 && !values[i].isNaN {
                let k = Int(g.groupOf[i]); bucket[fill[k]] = values[i]; fill[k] += 1
            }
            return (0..<G).map { k in
                let lo = start[k], hi = start[k + 1]
                guard hi > lo else { return .nan }
                bucket[lo..<hi].sort()
                return bucket.withUnsafeBufferPointer { b in orderStatistic(stat, UnsafeBufferPointer(rebasing: b[lo..<hi])) }
            }
        }
    }

    /// median, iqr, pNN or gini of sorted values.
    static func orderStatistic(_ stat: String, _ s: UnsafeBufferPointer<Double>) -> Double {
        func percentile(_ p: Double) -> Double {
            // Stata's default (altdef off): average at exact positions.
            let n = Double(s.count), pos = n * p / 100
            let i = Int(pos.rounded(.down))
            if pos == pos.rounded(.down) && i > 0 { return i >= s.count ? s[s.count - 1] : (s[i - 1] + s[i]) / 2 }
            return s[min(s.count - 1, i)]
        }
        switch stat {
        case "median": return percentile(50)
        case "iqr": return percentile(75) - percentile(25)
        case "gini":
            var total = 0.0, weighted = 0.0
            for (i, x) in s.enumerated() { total += x; weighted += Double(i + 1) * x }
            let n = Double(s.count)
            guard total > 0, n > 0 else { return .nan }
            return (2 * weighted) / (n * total) - (n + 1) / n
        default:
            if stat.hasPrefix("p"), let p = Double(stat.dropFirst()), p > 0, p < 100 { return percentile(p) }
            return .nan
        }
    }

    func collapse(_ spec: ScriptCollapse, aggregate: Bool, ws: inout Workspace, _ command: ScriptCommand) throws {
        guard let byOption = command.option("by") else {
            throw EngineError("'\(command.name)' needs ', by(variable)'", at: command.position)
        }
        let byNames = try byOption.names()
        guard byNames.count == 1 else { throw EngineError("by() takes one variable", at: byOption.position) }
        let by = byNames[0]
        let i = try currentIndex(ws)
        var d = ws.datasets[i]
        let g = try Self.grouping(d, by: by, command: command, engine: self)
        var newColumns: [DataColumn] = []
        for s in spec.specs {
            let stat = s.statistic
            let isPercentile = stat.hasPrefix("p") && Double(stat.dropFirst()).map { $0 > 0 && $0 < 100 } == true
            guard Self.collapseStatistics.contains(stat) || isPercentile else {
                throw EngineError.unknown("statistic", stat, candidates: Self.collapseStatistics, at: s.position)
            }
            let values: [Double]
            var type: VariableType = .double
            if s.variable == d.idName {
                values = d.ids.map(Double.init)
            } else {
                guard let c = d.column(named: s.variable) else { throw unknownVariable(s.variable, d, command, at: s.position) }
                if c.type == .string {
                    guard stat == "count" || stat == "percent" else {
                        throw EngineError("(\(stat)) needs a numeric variable; '\(s.variable)' is a string (destring it first)", at: s.position)
                    }
                    let codes = c.codes
                    values = LargeArray.make(codes.count) { out in
                        codes.withUnsafeBufferPointer { k in for i in 0..<k.count { out[i] = k[i] < 0 ? .nan : 0 } }
                    }
                } else {
                    values = c.numbers
                    type = c.type
                }
            }
            var result = Self.statistic(stat, values: values, grouping: g)
            let target = s.target ?? s.variable
            if newColumns.contains(where: { $0.name == target }) || target == by {
                throw EngineError("'\(target)' would be created twice; name the results with '->'", at: s.position)
            }
            let resultType: VariableType
            switch stat {
            case "min", "max", "median": resultType = type == .date ? .date : Self.numericType(result, date: false)
            case "count": resultType = .long
            case "sum": resultType = Self.numericType(result, date: false)
            default: resultType = .double
            }
            if aggregate {
                try requireNewVariable(target, d, command)
                result = g.groupPerRow(d.rowCount).map { $0 < 0 ? .nan : result[Int($0)] }
            }
            newColumns.append(DataColumn(name: target, numbers: result, type: resultType))
        }
        if aggregate {
            d.columns.append(contentsOf: newColumns)
        } else {
            var out = Dataset(name: d.name, policy: d.policy)
            if by == d.idName {
                out.unitType = d.unitType
                out.idName = d.idName
                out.idStrings = d.idStrings
            } else if let key = (d.column(named: by) ?? Self.personKey(d, by))?.unitKey ?? (by == "PERSONID_1" ? "PERSON" : nil) {
                out.unitType = key
                out.idName = Dataset.idName(for: key)
            } else {
                out.unitType = by.uppercased()
                out.idName = by
                out.idStrings = g.idStrings
            }
            out.ids = g.ids
            out.columns = newColumns
            d = out
        }
        ws.datasets[i] = d
    }
}
