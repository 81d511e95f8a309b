/// Kaplan–Meier survival curves and the log-rank test (Stata's `sts list` / `sts test`,
/// R's `survfit` / `survdiff`).
public enum KaplanMeier {
    public struct Curve: Sendable {
        /// Every distinct observed time (event or censoring), ascending.
        public let times: [Double]
        public let atRisk: [Int]
        public let events: [Int]
        public let censored: [Int]
        public let survival: [Double]
        /// Greenwood SE of S(t): S·√Σ d/(n(n−d)); nil where S = 0 (the sum diverges).
        public let standardError: [Double?]
        /// Log–log interval S^{exp(±z·σ/|log S|)} (Stata's and R's `log-log`); nil where S is 0 or 1.
        public let lower: [Double?]
        public let upper: [Double?]
        /// Smallest time with S(t) ≤ ½; when S equals ½ exactly on an interval, the midpoint of
        /// that interval (R's convention). nil when the curve never reaches ½.
        public let median: Double?
    }

    /// - Parameter entry: optional delayed-entry times; row i is at risk on (entry[i], time[i]],
    ///   so the number at risk at t is #{exit ≥ t} − #{entry ≥ t}.
    public static func estimate(time: [Double], event: [Double], entry: [Double]? = nil, level: Double = 0.95) throws -> Curve {
        let n = time.count
        guard event.count == n else { throw StatisticsError.dimensionMismatch("time and event differ in length") }
        if let entry {
            guard entry.count == n else { throw StatisticsError.dimensionMismatch("entry has \(entry.count) rows, time \(n)") }
            guard zip(entry, time).allSatisfy({ $0 < $1 }) else { throw StatisticsError.invalidArgument("every entry time must precede its exit time") }
        }
        let entries = entry?.sorted() ?? []
        var entered = 0   // entries strictly before the current time
        guard n > 0 else { throw StatisticsError.tooFewObservations(needed: 1, had: 0) }
        guard event.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw StatisticsError.invalidArgument("event must be 0/1") }
        let order = time.indices.sorted { time[$0] < time[$1] }
        let z = Normal.quantile(0.5 + level / 2)
        var times: [Double] = [], risk: [Int] = [], ev: [Int] = [], cens: [Int] = []
        var surv: [Double] = [], se: [Double?] = [], lo: [Double?] = [], hi: [Double?] = []
        var s = 1.0, greenwood = 0.0, atRisk = n, p = 0
        while p < n {
            let t = time[order[p]]
            var d = 0, c = 0
            if entry != nil {
                while entered < entries.count && entries[entered] < t { entered += 1 }
                // Exits at or after t (not yet passed) minus those not yet entered.
                atRisk = (n - p) - (entries.count - entered)
            }
            while p < n && time[order[p]] == t { if event[order[p]] == 1 { d += 1 } else { c += 1 }; p += 1 }
            if d > 0 {
                s *= 1 - Double(d) / Double(atRisk)
                greenwood += d < atRisk ? Double(d) / (Double(atRisk) * Double(atRisk - d)) : .infinity
            }
            times.append(t); risk.append(atRisk); ev.append(d); cens.append(c); surv.append(s)
            if s > 0 && greenwood.isFinite {
                se.append(s * greenwood.squareRoot())
                if s < 1 {
                    let v = greenwood.squareRoot() / abs(_log(s))
                    lo.append(_pow(s, _exp(z * v))); hi.append(_pow(s, _exp(-z * v)))
                } else { lo.append(nil); hi.append(nil) }
            } else { se.append(nil); lo.append(nil); hi.append(nil) }
            atRisk -= d + c
        }
        // Median.
        var median: Double? = nil
        for (i, v) in surv.enumerated() where v <= 0.5 {
            if abs(v - 0.5) < 1e-12, let j = (i + 1..<surv.count).first(where: { ev[$0] > 0 }) {
                median = (times[i] + times[j]) / 2
            } else {
                median = times[i]
            }
            break
        }
        return Curve(times: times, atRisk: risk, events: ev, censored: cens, survival: surv, standardError: se,
                     lower: lo, upper: hi, median: median)
    }

    public struct LogRank: Sendable {
        public let observed: [Double]
        public let expected: [Double]
        public let chiSquared: Double
        public let degreesOfFreedom: Int
        public let pValue: Double
    }

    /// The log-rank test of equal survival across groups (dense codes 0..<G).
    public static func logRank(time: [Double], event: [Double], group: [Int32]) throws -> LogRank {
        let n = time.count
        guard event.count == n, group.count == n else { throw StatisticsError.dimensionMismatch("time, event and group differ in length") }
        guard group.allSatisfy({ $0 >= 0 }) else { throw StatisticsError.invalidArgument("group codes must be ≥ 0") }
        let g = Int(group.max() ?? -1) + 1
        var size = [Int](repeating: 0, count: g)
        for c in group { size[Int(c)] += 1 }
        if let empty = size.firstIndex(of: 0) { throw StatisticsError.emptyGroup("group \(empty) has no observations") }
        guard g >= 2 else { throw StatisticsError.invalidArgument("the log-rank test needs at least two groups") }
        guard event.contains(1) else { throw StatisticsError.noEvents }
        let order = time.indices.sorted { time[$0] < time[$1] }
        var atRisk = size.map(Double.init)
        var o = [Double](repeating: 0, count: g), e = o
        var v = Matrix(rows: g, columns: g)
        var p = 0
        var dg = [Double](repeating: 0, count: g), leave = dg
        while p < n {
            let t = time[order[p]]
            for j in 0..<g { dg[j] = 0; leave[j] = 0 }
            while p < n && time[order[p]] == t {
                let i = order[p], c = Int(group[i])
                if event[i] == 1 { dg[c] += 1 }
                leave[c] += 1
                p += 1
            }
            let d = dg.reduce(0, +), nt = atRisk.reduce(0, +)
            if d > 0 {
                for j in 0..<g { o[j] += dg[j]; e[j] += d * atRisk[j] / nt }
                if nt > 1 {
                    let f = d * (nt - d) / (nt - 1)
                    for a in 0..<g { for b in 0..<g {
                        v[a, b] += f * (atRisk[a] / nt) * ((a == b ? 1 : 0) - atRisk[b] / nt)
                    } }
                }
            }
            for j in 0..<g { atRisk[j] -= leave[j] }
        }
        // Drop the first group: the G differences sum to zero.
        let idx = Array(1..<g)
        let chol = try Cholesky(v.submatrix(idx), tolerance: 1e-12)
        let diff = idx.map { o[$0] - e[$0] }
        let sol = chol.solve(diff)
        var chi2 = 0.0
        for i in diff.indices { chi2 += diff[i] * sol[i] }
        let df = chol.rank
        return LogRank(observed: o, expected: e, chiSquared: chi2, degreesOfFreedom: df,
                       pValue: ChiSquared.survival(chi2, degreesOfFreedom: Double(df)))
    }
}
