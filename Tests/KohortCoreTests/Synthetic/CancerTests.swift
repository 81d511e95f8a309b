import Foundation
import Testing
@testable import KohortCore

@Suite struct CancerTests {
    static var norway: SyntheticNorway { Fixture.norway }
    var cases: CancerCases { CancerTests.norway.cancer }
    var skeleton: PersonSkeleton { CancerTests.norway.skeleton }
    static let lung = CancerTables.allSites.firstIndex { $0.name == "Lung" }!

    @Test func casesPerYearMatchScaledIncidence() {
        let y0 = SynthDay.jan1(2024), y1 = SynthDay.jan1(2025)
        let n = (0..<cases.count).filter { cases.diagnosis[$0] >= y0 && cases.diagnosis[$0] < y1 }.count
        let expected = 38_811 * CancerTests.norway.config.scale
        #expect(abs(Double(n) / expected - 1) < 0.08, "2024 cases \(n) vs \(expected)")
    }

    @Test func lungStageMix() {
        var counts = [Double](repeating: 0, count: 10)
        for k in 0..<cases.count where Int(cases.site[k]) == CancerTests.lung { counts[Int(cases.stage[k])] += 1 }
        let total = counts.reduce(0, +)
        for (stage, share) in [(1, 0.28), (2, 0.08), (3, 0.20), (4, 0.44)] {
            #expect(abs(counts[stage] / total - share) < 0.04, "stage \(stage): \(counts[stage] / total)")
        }
    }

    @Test func medianAgeAtDiagnosis() {
        for (name, median) in [("Lung", 74.0), ("Cervix", 47.0), ("Pancreas", 73.0), ("Melanoma", 67.0)] {
            let site = CancerTables.allSites.firstIndex { $0.name == name }!
            let ages = (0..<cases.count).filter { Int(cases.site[$0]) == site }.map { Double(cases.ageAtDiagnosis[$0]) }.sorted()
            let m = ages[ages.count / 2] + 0.5 // completed years → midpoint
            #expect(abs(m - median) < 2.5, "\(name) median \(m)")
        }
    }

    @Test func ageAtDiagnosisIsDiagnosisMinusBirth() {
        for k in 0..<cases.count {
            let p = Int(cases.person[k])
            #expect(Int(cases.ageAtDiagnosis[k]) == SynthDay.age(birth: skeleton.birth[p], at: cases.diagnosis[k]))
        }
    }

    @Test func nothingAfterDeathOrBeforeBirthOrAbroad() {
        let death = CancerTests.norway.deathDate
        for k in 0..<cases.count {
            let p = Int(cases.person[k]), dx = cases.diagnosis[k]
            #expect(dx >= skeleton.birth[p])
            #expect(death[p] == SynthDay.missing || dx < death[p])
            #expect(skeleton.immigration[p] == SynthDay.missing || skeleton.immigration[p] <= dx)
            #expect(skeleton.emigration[p] == SynthDay.missing || skeleton.emigration[p] > dx)
            if cases.cancerDeath[k] != SynthDay.missing { #expect(cases.cancerDeath[k] >= dx) }
        }
        // Residents on 1 Jan 2024 are still alive then, cancer or not.
        for i in skeleton.residents { #expect(death[i] == SynthDay.missing || death[i] > PersonSkeleton.reference) }
    }

    /// Net 5-year survival (Kaplan–Meier of cancer deaths, censoring other deaths, emigration
    /// and the end of data) against the registry's relative survival.
    @Test func lungFiveYearNetSurvivalByStage() {
        let death = CancerTests.norway.deathDate
        let targets: [UInt8: Double] = [1: 0.708, 2: 0.493, 3: 0.229, 4: 0.03]
        for (stage, target) in targets {
            var times: [(Double, Bool)] = []
            for k in 0..<cases.count where Int(cases.site[k]) == CancerTests.lung && cases.stage[k] == stage {
                let p = Int(cases.person[k]), dx = cases.diagnosis[k]
                var end = PersonSkeleton.dataEnd
                if death[p] != SynthDay.missing { end = min(end, death[p]) }
                if skeleton.emigration[p] != SynthDay.missing { end = min(end, skeleton.emigration[p]) }
                let event = cases.cancerDeath[k] != SynthDay.missing && cases.cancerDeath[k] == death[p]
                times.append((Double(end - dx) / SynthDay.yearLength, event))
            }
            times.sort { $0.0 < $1.0 }
            var s = 1.0, atRisk = Double(times.count)
            for (t, e) in times where t <= 5 {
                if e { s *= (atRisk - 1) / atRisk }
                atRisk -= 1
            }
            #expect(abs(s - target) < 0.08, "lung stage \(stage): \(s) vs \(target)")
        }
    }

    @Test func deterministicAcrossRuns() {
        let again = CancerCases(skeleton: skeleton)
        #expect(again.caseID == cases.caseID && again.person == cases.person)
        #expect(again.diagnosis == cases.diagnosis && again.stage == cases.stage && again.cancerDeath == cases.cancerDeath)
    }
}
