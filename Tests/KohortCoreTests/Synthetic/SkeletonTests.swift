import Foundation
import Testing
@testable import KohortCore


@Suite struct SkeletonTests {
    @Test func sameSeedGivesIdenticalColumns() {
        let again = PersonSkeleton(config: Fixture.config)
        let s = Fixture.skeleton
        #expect(again.id == s.id && again.birth == s.birth && again.sex == s.sex)
        #expect(again.death == s.death && again.immigration == s.immigration)
        #expect(again.emigration == s.emigration && again.municipality == s.municipality)
    }

    @Test func differentSeedGivesDifferentColumns() {
        let other = PersonSkeleton(config: SyntheticConfig(seed: 8, persons: 50_000))
        #expect(other.birth != Fixture.skeleton.birth)
        #expect(other.id != Fixture.skeleton.id)
    }

    @Test func idsAreUniqueElevenDigitPseudonyms() {
        let ids = Fixture.skeleton.id
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0 >= 10_000_000_000 && $0 < 100_000_000_000 })
    }

    @Test func residentsArePresentOnReferenceDate() {
        let s = Fixture.skeleton
        let ref = PersonSkeleton.reference
        var present = 0
        for i in 0..<s.count where s.isPresent(i, on: ref) { present += 1 }
        #expect(present == s.residents.count)
    }

    @Test func ageAndSexStructure() {
        let s = Fixture.skeleton
        var bands = [Double](repeating: 0, count: 5), men = 0.0
        for i in s.residents {
            let a = SynthDay.age(birth: s.birth[i], at: PersonSkeleton.reference)
            bands[a < 20 ? 0 : a < 40 ? 1 : a < 60 ? 2 : a < 80 ? 3 : 4] += 1
            if s.sex[i] == 1 { men += 1 }
        }
        let n = Double(s.residents.count)
        // 1 Jan 2024 reconstruction: 22 / 26.5 / 26.5 / 20 / 4.7 %; ±1.5 points.
        for (b, target) in zip(bands, [0.221, 0.265, 0.264, 0.202, 0.047]) {
            #expect(abs(b / n - target) < 0.015)
        }
        #expect(abs(men / n - 0.503) < 0.01)
    }

    @Test func immigrantShareAndLargestCountry() {
        let s = Fixture.skeleton
        var imm = 0, poles = 0
        for i in s.residents where s.immigration[i] != SynthDay.missing {
            imm += 1
            if s.country[i] == 1 { poles += 1 }
        }
        let n = Double(s.residents.count)
        #expect(abs(Double(imm) / n - 0.168) < 0.006)
        #expect(abs(Double(poles) / Double(imm) - 109_654.0 / 931_081.0) < 0.02)
    }

    @Test func flowsIn2024MatchScaledCounts() {
        let s = Fixture.skeleton
        let y0 = SynthDay.jan1(2024), y1 = SynthDay.jan1(2025)
        var births = 0, deaths = 0, emig = 0, imm = 0
        for i in 0..<s.count {
            if s.birth[i] >= y0 && s.birth[i] < y1 && s.immigration[i] == SynthDay.missing { births += 1 }
            if s.death[i] >= y0 && s.death[i] < y1 { deaths += 1 }
            if s.emigration[i] >= y0 && s.emigration[i] < y1 { emig += 1 }
            if s.immigration[i] >= y0 && s.immigration[i] < y1 { imm += 1 }
        }
        let c = Fixture.config
        #expect(births == c.scaled(PopulationTables.births2024))
        #expect(imm == c.scaled(PopulationTables.immigration2024))
        let bg = PopulationTables.deaths2024 - PopulationTables.cancerDeathsPerYear
        #expect(abs(Double(deaths) / (bg * c.scale) - 1) < 0.15)
        #expect(abs(Double(emig) / (PopulationTables.emigration2024 * c.scale) - 1) < 0.15)
    }

    @Test func noEventBeforeBirthOrAfterDeath() {
        let s = Fixture.skeleton
        for i in 0..<s.count {
            let b = s.birth[i], d = s.death[i]
            #expect(b >= SynthDay.from(year: 1850, month: 1, day: 1))
            if s.immigration[i] != SynthDay.missing {
                #expect(s.immigration[i] > b)
                if d != SynthDay.missing { #expect(s.immigration[i] < d) }
            }
            if s.emigration[i] != SynthDay.missing {
                #expect(s.emigration[i] > b)
                if d != SynthDay.missing { #expect(s.emigration[i] < d) }
                if s.immigration[i] != SynthDay.missing { #expect(s.immigration[i] < s.emigration[i]) }
            }
            if d != SynthDay.missing { #expect(d > b) }
        }
    }

    @Test func municipalitiesAre357WithOsloLargest() {
        let g = Geography.shared
        #expect(g.count == 357)
        #expect(Set(g.codes).count == 357)
        let oslo = g.index(ofCode: "0301")!
        #expect(g.population.max() == g.population[oslo])
        let s = Fixture.skeleton
        var inOslo = 0
        for i in s.residents where Int(s.municipality[i]) == oslo { inOslo += 1 }
        #expect(abs(Double(inOslo) / Double(s.residents.count) - 717_710.0 / 5_550_203.0) < 0.01)
    }
}

/// Full-size timing: run with `KOHORT_BENCH=1 swift test -c release --filter SyntheticBench`.
@Suite struct SyntheticBench {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KOHORT_BENCH"] != nil))
    func fullSize() {
        func time<T>(_ label: String, _ f: () -> T) -> T {
            let t0 = Date(), c0 = clock()
            let v = f()
            let cpu = Double(clock() - c0) / Double(CLOCKS_PER_SEC)
            print("BENCH \(label) seconds=\(String(format: "%.3f", Date().timeIntervalSince(t0))) cpu=\(String(format: "%.3f", cpu))")
            return v
        }
        let n = time("skeleton") { SyntheticNorway(config: SyntheticConfig()) }
        print("BENCH persons=\(n.skeleton.count) residents=\(n.skeleton.residents.count)")
        _ = time("cohortIndex") { CohortIndex(n.skeleton, death: n.skeleton.death) }
        let c = time("cancer") { n.cancer }
        print("BENCH cancer cases=\(c.count)")
        _ = time("deathDate") { n.deathDate }
        _ = time("education") { n.education }
        _ = time("family") { n.family }
        let r = time("residence") { n.residence }
        print("BENCH residence spells=\(r.count)")
        _ = time("wageIncome 2024") { n.income.wageIncome(year: 2024) }
        _ = time("wealth 2024") { n.income.wealth(year: 2024) }
        let jobs = time("jobs 2025-06") { n.jobs.month(year: 2025, month: 6) }
        print("BENCH jobs rows=\(jobs.count)")
        _ = time("status KOMMNR 2024") { n.statusColumn("BEFOLKNING_KOMMNR_FORMELL", on: SynthDay.jan1(2024)) }
        let y0 = SynthDay.jan1(2024), y1 = SynthDay.jan1(2025), d = n.deathDate
        print("BENCH deaths2024=\(d.filter { $0 >= y0 && $0 < y1 }.count) cases2024=\(c.diagnosis.filter { $0 >= y0 && $0 < y1 }.count)")
    }
}

@Suite struct OsloTests {
    @Test func immigrantsConcentrateInOsloWithoutChangingItsSize() {
        let s = Fixture.skeleton
        let oslo = UInt16(Geography.shared.index(ofCode: "0301")!)
        var imm = 0.0, immOslo = 0.0, all = 0.0
        for i in s.residents where s.municipality[i] == oslo {
            all += 1
            if s.immigration[i] != SynthDay.missing { immOslo += 1 }
        }
        for i in s.residents where s.immigration[i] != SynthDay.missing { imm += 1 }
        #expect(abs(immOslo / imm - Geography.osloShareOfImmigrants) < 0.015)
        #expect(abs(all / Double(s.residents.count) - 717_710.0 / 5_550_203.0) < 0.01)
    }
}

@Suite struct MortalityTests {
    /// Background (non-cancer) deaths in 2024 come at register-like ages (life expectancy 83–84).
    @Test func medianAgeAtDeath() {
        let s = Fixture.skeleton
        let y0 = SynthDay.jan1(2024), y1 = SynthDay.jan1(2025)
        let ages = (0..<s.count).filter { s.death[$0] >= y0 && s.death[$0] < y1 }
            .map { SynthDay.age(birth: s.birth[$0], at: s.death[$0]) }.sorted()
        #expect(abs(Double(ages[ages.count / 2]) - 84) <= 3, "median age at death \(ages[ages.count / 2])")
    }
}
