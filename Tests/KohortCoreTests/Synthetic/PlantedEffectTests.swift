import Foundation
import Testing
@testable import KohortCore

/// The planted effects can be recovered by the estimator a researcher would use.
@Suite struct PlantedEffectTests {
    var n: SyntheticNorway { Fixture.norway }

    /// Solves the normal equations X'X b = X'y (small k, Gaussian elimination).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, v = b
        let k = v.count
        for c in 0..<k {
            let p = (c..<k).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p); v.swapAt(c, p)
            for r in 0..<k where r != c {
                let f = m[r][c] / m[c][c]
                for j in 0..<k { m[r][j] -= f * m[c][j] }
                v[r] -= f * v[c]
            }
        }
        return (0..<k).map { v[$0] / m[$0][$0] }
    }

    /// Effect 4: marriage raises the log wage by 0.06 within person. Pooled OLS overstates it
    /// (men with a high person effect marry more); person fixed effects recover it.
    @Test func marriageEffectNeedsFixedEffects() {
        let s = n.skeleton, inc = n.income, fam = n.family, d = n.deathDate
        var xtxFE = [[Double]](repeating: [0, 0, 0], count: 3), xtyFE = [0.0, 0, 0]
        var xtxOLS = [[Double]](repeating: [0, 0, 0, 0], count: 4), xtyOLS = [0.0, 0, 0, 0]
        var rows: [(y: Double, x: [Double])] = []
        for i in 0..<s.count where s.sex[i] == 1 {
            rows.removeAll(keepingCapacity: true)
            var st = UnitStream(key: 99, unit: UInt64(i))
            for year in stride(from: 1996, through: 2024, by: 2) {
                let date = SynthDay.from(year: year, month: 7, day: 1)
                let age = Double(date - s.birth[i]) / SynthDay.yearLength
                guard age >= 25 && age < 60 && n.isPresent(i, on: date, deathDate: d) else { continue }
                let y = inc.logWage(i, year: year, noise: st.normal()) + IncomePanel.wageGrowth * Double(2024 - year)
                let married = fam.isMarried(i, on: SynthDay.jan1(year), deathDate: d) ? 1.0 : 0
                rows.append((y, [married, age / 10, age * age / 100]))
            }
            guard rows.count >= 3 else { continue }
            let my = rows.reduce(0) { $0 + $1.y } / Double(rows.count)
            let mx = (0..<3).map { j in rows.reduce(0) { $0 + $1.x[j] } / Double(rows.count) }
            for r in rows {
                let dx = (0..<3).map { r.x[$0] - mx[$0] }, full = [1] + r.x
                for a in 0..<3 { xtyFE[a] += dx[a] * (r.y - my); for b in 0..<3 { xtxFE[a][b] += dx[a] * dx[b] } }
                for a in 0..<4 { xtyOLS[a] += full[a] * r.y; for b in 0..<4 { xtxOLS[a][b] += full[a] * full[b] } }
            }
        }
        let fe = PlantedEffectTests.solve(xtxFE, xtyFE)[0]
        let ols = PlantedEffectTests.solve(xtxOLS, xtyOLS)[1]
        #expect(abs(fe - IncomePanel.marriedEffect) < 0.015, "FE married effect \(fe)")
        #expect(ols > fe + 0.03, "pooled OLS \(ols) should be biased upward vs FE \(fe)")
    }
}

/// Effect 1 as a researcher would estimate it: within-person change at the month of turning
/// 62, 1963 cohort (2025) minus 1962 cohort (2024), public-sector employees.
@Suite struct ReformEstimateTests {
    @Test func differenceInDifferencesRecoversTheReform() {
        let n = Fixture.norway, s = n.skeleton, jobs = n.jobs
        var effect = [Double](repeating: 0, count: 4) // hours 1962, hours 1963, wage 1962, wage 1963
        var persons = [Double](repeating: 0, count: 2)
        for (c, cohort) in [1962, 1963].enumerated() {
            let year = cohort + 62
            var pre = [Int32: (h: Double, w: Double, k: Double)](), post = pre
            for month in 1...12 {
                let rows = jobs.month(year: year, month: month, birthYears: cohort...cohort)
                for k in 0..<rows.count where rows.sector[k] > 0 {
                    let p = rows.person[k]
                    let born = SynthDay.civil(s.birth[Int(p)]).month
                    if born < 2 { continue }
                    if month < born {
                        let e = pre[p] ?? (0, 0, 0); pre[p] = (e.h + rows.hours[k], e.w + rows.wage[k], e.k + 1)
                    } else {
                        let e = post[p] ?? (0, 0, 0); post[p] = (e.h + rows.hours[k], e.w + rows.wage[k], e.k + 1)
                    }
                }
            }
            for (p, a) in pre {
                guard let b = post[p] else { continue }
                effect[c] += b.h / b.k - a.h / a.k
                effect[2 + c] += b.w / b.k - a.w / a.k
                persons[c] += 1
            }
        }
        #expect(persons[0] > 20 && persons[1] > 20)
        let hours = effect[1] / persons[1] - effect[0] / persons[0]
        let wage = effect[3] / persons[1] - effect[2] / persons[0]
        #expect(abs(hours - MonthlyJobs.reformHours) < 0.25, "DiD hours \(hours)")
        #expect(abs(wage - MonthlyJobs.reformWage) < 400, "DiD wage \(wage)")
    }
}
