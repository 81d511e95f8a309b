import Foundation
import Testing
@testable import KohortCore

@Suite struct ColumnTests {
    var n: SyntheticNorway { Fixture.norway }

    enum Group: String, CaseIterable, Sendable { case fixed, status, accumulated, cancer, residenceAndJobs }

    /// Every listed variable, in groups so each test stays short.
    @Test(arguments: Group.allCases)
    func everyListedVariableGeneratesAValidColumn(_ group: Group) {
        let date = SynthDay.jan1(2020)
        var columns: [GeneratedColumn] = []
        let expected: Int
        switch group {
        case .fixed:
            columns = SyntheticNorway.fixedPersonVariables.compactMap { n.fixedColumn($0) }
            expected = SyntheticNorway.fixedPersonVariables.count
        case .status:
            columns = SyntheticNorway.statusPersonVariables.compactMap { n.statusColumn($0, on: date) }
            expected = SyntheticNorway.statusPersonVariables.count
        case .accumulated:
            columns = SyntheticNorway.accumulatedPersonVariables.compactMap { n.accumulatedColumn($0, year: 2019) }
            expected = SyntheticNorway.accumulatedPersonVariables.count
        case .cancer:
            columns = SyntheticNorway.cancerVariables.compactMap { n.cancerColumn($0) }
            expected = SyntheticNorway.cancerVariables.count
        case .residenceAndJobs:
            columns = [n.residenceColumn()] + n.jobColumns(year: 2025, month: 1)
            expected = 1 + SyntheticNorway.jobVariables.count
        }
        #expect(columns.count == expected)
        for c in columns {
            #expect(c.rowCount > 0, "\(c.name) is empty")
            switch c.temporality {
            case .fixed:
                #expect(Set(c.ids).count == c.rowCount, "\(c.name): FIXED ids must be unique")
                #expect(c.start.allSatisfy { $0 == SynthDay.missing })
            case .status:
                #expect(zip(c.start, c.stop).allSatisfy { $0 == $1 && $0 != SynthDay.missing })
            case .accumulated:
                #expect(zip(c.start, c.stop).allSatisfy { $0 < $1 })
            case .event:
                #expect(zip(c.start, c.stop).allSatisfy { $1 == SynthDay.missing || $1 >= $0 })
            }
            if case .codes(let v, let labels) = c.values {
                #expect(v.allSatisfy { Int($0) < labels.count }, "\(c.name): code out of range")
                #expect(zip(labels, labels.dropFirst()).allSatisfy { $0 < $1 }, "\(c.name): labels not sorted")
            }
        }
    }

    @Test func residenceSpellsDoNotOverlapAndPinTheReferenceDate() {
        let r = n.residence, s = n.skeleton
        var last = [Int32](repeating: SynthDay.missing, count: s.count)
        for k in 0..<r.count {
            let p = Int(r.person[k])
            if last[p] != SynthDay.missing { #expect(r.start[k] >= last[p]) }
            last[p] = r.stop[k] == SynthDay.missing ? Int32.max : r.stop[k]
            #expect(r.start[k] >= s.birth[p])
        }
        let m = r.municipality(on: PersonSkeleton.reference, persons: s.count)
        for i in s.residents { #expect(m[i] == s.municipality[i]) }
    }

    @Test func columnsAreByteIdenticalForTheSameSeed() {
        let other = SyntheticNorway(config: Fixture.config)
        guard case .codes(let a, _) = n.cancerColumn("KRG_KJERNE_ICD10")!.values,
              case .codes(let b, _) = other.cancerColumn("KRG_KJERNE_ICD10")!.values else { return }
        #expect(a == b)
        guard case .double(let x) = n.accumulatedColumn("INNTEKT_WLONN", year: 2015)!.values,
              case .double(let y) = other.accumulatedColumn("INNTEKT_WLONN", year: 2015)!.values else { return }
        #expect(x == y)
        #expect(n.residenceColumn().start == other.residenceColumn().start)
    }
}

@Suite struct HealthTrustTests {
    @Test func regionSharesAndEveryTrustHasACatchment() {
        let geo = Geography.shared, map = HealthTrusts.byMunicipality
        var region = [Double](repeating: 0, count: 4)
        for m in 0..<geo.count { region[Int(map.region[m])] += geo.population[m] }
        let total = region.reduce(0, +)
        #expect(abs(region[0] / total - 0.56) < 0.03) // Helse Sør-Øst
        #expect(abs(region[1] / total - 0.20) < 0.03) // Helse Vest
        #expect(Set(map.trust).count == HealthTrusts.trustCodes.count)
    }

    @Test func cancerResidenceAtDiagnosisMatchesSpells() {
        let n = Fixture.norway
        guard case .codes(let muni, let labels) = n.cancerColumn("KRG_KJERNE_KOMMUNE_DIAGNOSE")!.values,
              case .codes(let county, let countyLabels) = n.cancerColumn("KRG_KJERNE_FYLKE_DIAGNOSE")!.values
        else { Issue.record("not codes"); return }
        for k in 0..<muni.count {
            #expect(labels[Int(muni[k])].prefix(2) == countyLabels[Int(county[k])])
        }
    }
}

@Suite struct GeneratedColumnTests {
    @Test func codeLabelsAreSortedAndUniqueWithRowsPreserved() {
        let col = GeneratedColumn(name: "X", unitType: "PERSON", temporality: .fixed, ids: [1, 2, 3, 4],
                                  values: .codes([0, 1, 2, 3], labels: ["C34", "C18", "C34", "A"]),
                                  start: [SynthDay.missing, SynthDay.missing, SynthDay.missing, SynthDay.missing],
                                  stop: [0, 0, 0, 0])
        guard case .codes(let codes, let labels) = col.values else { Issue.record("codes expected"); return }
        #expect(labels == ["A", "C18", "C34"])
        #expect(codes.map { labels[Int($0)] } == ["C34", "C18", "C34", "A"])
    }
}
