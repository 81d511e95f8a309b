import Foundation
import Testing
@testable import KohortCore

@Suite struct PersonVariableTests {
    var n: SyntheticNorway { Fixture.norway }

    @Test func parentsAreOlderAndAliveAtBirthAndSpousesSymmetric() {
        let s = n.skeleton, f = n.family, d = n.deathDate
        var linked = 0
        for i in 0..<s.count {
            for (parent, female) in [(f.mother[i], true), (f.father[i], false)] where parent >= 0 {
                let p = Int(parent)
                linked += 1
                #expect(s.sex[p] == (female ? 2 : 1))
                let age = SynthDay.age(birth: s.birth[p], at: s.birth[i])
                #expect(age >= 16 && age <= 66)
                if female { #expect(d[p] == SynthDay.missing || d[p] > s.birth[i]) }
            }
            if f.spouse[i] >= 0 {
                let sp = Int(f.spouse[i])
                #expect(f.spouse[sp] == Int32(i) && s.sex[sp] != s.sex[i])
                #expect(f.marriage[i] > s.birth[i] && (d[i] == SynthDay.missing || f.marriage[i] < d[i]))
            }
        }
        #expect(linked > s.residents.count)
    }

    @Test func maritalStatusShares() {
        let ref = PersonSkeleton.reference
        let status = n.family.maritalStatus(on: ref, deathDate: n.deathDate)
        var counts = [Double](repeating: 0, count: 5), adults = 0.0
        for i in n.skeleton.residents where SynthDay.age(birth: n.skeleton.birth[i], at: ref) >= 18 {
            counts[Int(status[i])] += 1; adults += 1
        }
        #expect(counts[2] / adults > 0.28 && counts[2] / adults < 0.50) // married
        #expect(counts[1] / adults > 0.35 && counts[1] / adults < 0.60) // unmarried
    }

    /// Highest completed education of persons 16+ in 2011 vs SSB's 2011 table (±4 points).
    @Test func educationMatches2011Attainment() {
        let s = n.skeleton, e = n.education, d = n.deathDate
        let date = SynthDay.from(year: 2011, month: 10, day: 1)
        var c = [Double](repeating: 0, count: 4), total = 0.0
        for i in 0..<s.count where n.isPresent(i, on: date, deathDate: d) && SynthDay.age(birth: s.birth[i], at: date) >= 16 {
            let l = e.level(i, on: date, birth: s.birth[i])
            if l == 9 { continue }
            total += 1
            c[l <= 2 ? 0 : l <= 5 ? 1 : l == 6 ? 2 : 3] += 1
        }
        for (k, target) in [0.286, 0.423, 0.217, 0.074].enumerated() {
            #expect(abs(c[k] / total - target) < 0.04, "education group \(k): \(c[k] / total)")
        }
    }

    @Test func wageIncomeHasZerosAndRealisticMean() {
        let col = n.income.wageIncome(year: 2024)
        guard case .double(let v) = col.values else { Issue.record("not double"); return }
        let positive = v.filter { $0 > 0 }
        let zeroShare = Double(v.count - positive.count) / Double(v.count)
        #expect(zeroShare > 0.2 && zeroShare < 0.5)
        let mean = positive.reduce(0, +) / Double(positive.count)
        #expect(mean > 380_000 && mean < 620_000, "mean wage income \(mean)")
        #expect(col.start.allSatisfy { $0 == SynthDay.jan1(2024) })
    }

    @Test func wealthIsNonNegativeWithZeros() {
        guard case .double(let v) = n.income.wealth(year: 2023).values else { return }
        #expect(v.allSatisfy { $0 >= 0 })
        let zeros = Double(v.filter { $0 == 0 }.count) / Double(v.count)
        #expect(abs(zeros - 0.07) < 0.02)
    }

    /// Planted effect 1, exactly: against the counterfactual the reform adds 1.75 h and 3 183
    /// NOK to public-sector 1963-born rows from the month they turn 62, and nothing else.
    @Test func pensionReformIsPlantedOnlyWhereItShouldBe() {
        let jobs = MonthlyJobs(norway: n)
        var treatedRows = 0
        for (y, m) in [(2024, 6), (2025, 3), (2025, 9)] {
            let with = jobs.month(year: y, month: m, birthYears: 1961...1964)
            let without = jobs.month(year: y, month: m, birthYears: 1961...1964, plantReform: false)
            #expect(with.person == without.person)
            for k in 0..<with.count {
                let b = SynthDay.civil(n.skeleton.birth[Int(with.person[k])])
                let turned62 = (y - b.year - 62) * 12 + (m - b.month) >= 0
                let treated = b.year == 1963 && with.sector[k] > 0 && turned62
                if treated { treatedRows += 1 }
                #expect(abs(with.hours[k] - without.hours[k] - (treated ? 1.75 : 0)) < 0.011)
                #expect(abs(with.wage[k] - without.wage[k] - (treated ? 3_183 : 0)) < 1.01)
            }
        }
        #expect(treatedRows > 10)
    }

    @Test func monthlyJobsCoverWorkingAgesOnly() {
        let rows = MonthlyJobs(norway: n).month(year: 2020, month: 1)
        let s = n.skeleton
        let employed = Double(rows.count) / Double(s.residents.count)
        #expect(employed > 0.4 && employed < 0.6)
        for k in 0..<rows.count {
            let a = SynthDay.age(birth: s.birth[Int(rows.person[k])], at: rows.date)
            #expect(a >= 16 && a <= 74)
            #expect(rows.hours[k] > 5 && rows.hours[k] < 45)
        }
    }
}

@Suite struct ImmigrantCategoryTests {
    /// BEFOLKNING_INVKAT among 1 Jan 2024 residents: B (immigrants) 16.8 %; C (Norwegian-born
    /// to two immigrant parents) 4.0 % in the register, here 2–5 %; F (one foreign-born parent)
    /// a few per cent.
    @Test func categoryShares() {
        let n = Fixture.norway
        guard case .codes(let v, let labels) = n.fixedColumn("BEFOLKNING_INVKAT")!.values else { return }
        var c = [Double](repeating: 0, count: labels.count)
        for i in n.skeleton.residents { c[Int(v[i])] += 1 }
        let total = Double(n.skeleton.residents.count)
        #expect(abs(c[1] / total - 0.168) < 0.006)
        #expect(c[2] / total > 0.02 && c[2] / total < 0.05, "C share \(c[2] / total)")
        #expect(c[3] / total > 0.02 && c[3] / total < 0.08, "F share \(c[3] / total)")
    }
}
