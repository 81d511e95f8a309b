import Foundation
import Testing
@testable import KohortCore

/// STATUS variables are spells: a value on any date of the validity, codes valid on that
/// date, consistent with the person skeleton, the residence history and the family links.
@Suite(.serialized) struct SyntheticSpellTests {
    let source = StoreFixture.source
    var norway: SyntheticNorway { source.producer.norway }

    /// Rows valid on `date` (start ≤ date ≤ stop): at most one per id.
    func on(_ v: StoredVariable, _ date: Int32) throws -> [(id: Int64, row: Int)] {
        let (ids, rows) = try ScriptEngine.pointSelection(v, date: date)
        return zip(ids, rows ?? Array(0..<ids.count)).map { ($0, $1) }
    }

    func day(_ text: String) -> Int32 { Day(iso: text)!.value }

    var personIndex: [Int64: Int] {
        let s = norway.skeleton
        var index: [Int64: Int] = [:]
        for i in 0..<s.count { index[s.id[i]] = i }
        return index
    }

    /// Persons living in Norway on `date` by the skeleton and the final death dates.
    func residents(on date: Int32) -> Set<Int64> {
        let s = norway.skeleton, exits = source.producer.exitDate
        return Set((0..<s.count).filter { s.isPresentAlive($0, on: date, exit: exits) }.map { s.id[$0] })
    }

    @Test func municipalityOnAnyDateIsValidThenAndCoversTheResidents() throws {
        let v = try source.variable("BEFOLKNING_KOMMNR_FORMELL", datastore: "no.ssb.fdb", version: 1)
        let list = try #require(source.catalogue.codeLists["kommune"])
        let labels = try v.dictionary(), codes = try v.values(as: Int32.self).toArray()
        for text in ["1970-07-01", "1985-03-17", "2007-06-15", "2019-12-31", "2020-01-01", "2023-06-30", "2024-01-01", "2025-06-15"] {
            let date = day(text)
            let rows = try on(v, date)
            let valid = Set(list.entries(validOn: Day(date)).map(\.code))
            let bad = rows.filter { !valid.contains(labels[Int(codes[$0.row])]) }
            #expect(bad.isEmpty, "\(text): \(bad.count) codes not valid that day, e.g. \(bad.first.map { labels[Int(codes[$0.row])] } ?? "")")
            // Everyone living here that day has exactly one municipality (residence from 1964).
            #expect(Set(rows.map(\.id)) == residents(on: date), "\(text): rows ≠ residents")
            let distinct = Set(rows.map { codes[$0.row] }).count
            #expect(distinct > (date < day("2020-01-01") ? 250 : 300), "\(text): only \(distinct) municipalities")
        }
    }

    @Test func mergedMunicipalitiesMapToTheirPredecessorCounties() throws {
        // A person in the same municipality on 2019-06-01 and 2024-06-01 has, in 2019, the
        // same-named municipality or one in the 2024 county or a county it was made from.
        let v = try source.variable("BEFOLKNING_KOMMNR_FORMELL", datastore: "no.ssb.fdb", version: 1)
        let list = try #require(source.catalogue.codeLists["kommune"])
        let labels = try v.dictionary(), codes = try v.values(as: Int32.self).toArray()
        let before = Dictionary(uniqueKeysWithValues: try on(v, day("2019-06-01")).map { ($0.id, labels[Int(codes[$0.row])]) })
        let after = try on(v, day("2024-06-01"))
        let res = norway.residence, index = personIndex
        let name = Dictionary(list.entries.map { ($0.code, $0.label) }, uniquingKeysWith: { a, _ in a })
        var checked = 0, bad: [String] = [], stayed: [(old: String, new: String)] = []
        for (id, row) in after {
            let p = index[id]!
            guard let old = before[id], res.municipality(person: p, on: day("2019-06-01")) == res.municipality(person: p, on: day("2024-06-01"))
            else { continue }
            let new = labels[Int(codes[row])]
            let county = String(new.prefix(2))
            let allowed = [county] + (CodeHistory.predecessors[county] ?? [])
            checked += 1
            stayed.append((old, new))
            // A namesake is the same municipality (Jevnaker 0532 → 3236 moved county).
            if !allowed.contains(String(old.prefix(2))) && name[old] != name[new] { bad.append("\(new) ← \(old)") }
        }
        #expect(checked > 10_000)
        #expect(bad.isEmpty, "\(bad.count) of \(checked) moved county across the reform: \(bad.prefix(5))")
        // Indre Østfold (3118, formed 2020) had no namesake before: its residents hold old
        // Østfold codes (01xx) in 2019, spread over several predecessors.
        let indre = stayed.filter { $0.new == "3118" }.map(\.old)
        #expect(!indre.isEmpty && indre.allSatisfy { $0.hasPrefix("01") }, "\(Set(indre))")
        #expect(Set(indre).count >= 3)
    }

    @Test func registrationStatusOnADate() throws {
        let v = try source.variable("BEFOLKNING_STATUSKODE", datastore: "no.ssb.fdb", version: 1)
        let labels = try v.dictionary(), codes = try v.values(as: Int32.self).toArray()
        let s = norway.skeleton, d = norway.deathDate, index = personIndex
        for text in ["1990-01-01", "2007-06-15", "2025-12-31"] {
            let date = day(text)
            let rows = try on(v, date)
            let resident = Set(rows.filter { labels[Int(codes[$0.row])] == "1" }.map(\.id))
            #expect(resident == residents(on: date), "\(text): bosatt ≠ residents")
            for (id, row) in rows where labels[Int(codes[row])] != "1" {
                let p = index[id]!
                if labels[Int(codes[row])] == "3" { #expect(d[p] != SynthDay.missing && d[p] <= date) }
                if labels[Int(codes[row])] == "2" { #expect(s.emigration[p] != SynthDay.missing && s.emigration[p] <= date) }
            }
            #expect(rows.contains { labels[Int(codes[$0.row])] == "3" } && rows.contains { labels[Int(codes[$0.row])] == "2" })
        }
    }

    @Test func spouseLinksAreSymmetricOnAnyDate() throws {
        let v = try source.variable("BEFOLKNING_EKT_FNR", datastore: "no.ssb.fdb", version: 1)
        let values = try v.values(as: Int64.self).toArray()
        for text in ["1975-05-01", "2007-06-15", "2024-01-01"] {
            let date = day(text)
            let spouse = Dictionary(uniqueKeysWithValues: try on(v, date).map { ($0.id, values[$0.row]) })
            #expect(spouse.count > 1_000, "\(text): \(spouse.count) married")
            let here = residents(on: date)
            // Both partners living here: each names the other.
            let asymmetric = spouse.filter { here.contains($0.value) && spouse[$0.value] != $0.key }
            #expect(asymmetric.isEmpty, "\(text): \(asymmetric.count) one-sided links")
        }
    }

    @Test func incomeCoversEveryYearOfTheValidity() throws {
        let v = try source.variable("INNTEKT_WLONN", datastore: "no.ssb.fdb", version: 1)
        let starts = try v.starts().toArray(), values = try v.values(as: Int64.self).toArray()
        let years = Set(starts.map { SynthDay.year($0) })
        #expect(years == Set(1993...2024), "\(years.sorted())")
        // A year's rows equal the income panel's column for that year.
        for year in [1993, 2007] {
            let panel = norway.income.wageIncomeValues(year: year).filter { $0 >= 0 }
            let mine = zip(starts, values).filter { SynthDay.year($0.0) == year }.map { Double($0.1) }
            #expect(mine.count == panel.count)
            #expect(mine.reduce(0, +) == panel.reduce(0, +))
        }
    }

    @Test func genericStatusSpellsChangeAndStayInsideLife() throws {
        // A generic STATUS variable with a code list: spells, several per person over the years.
        let v = try source.variable("BEFOLKNING_REGSTAT_FAMTYP", datastore: "no.ssb.fdb", version: 1)
        let ids = try v.ids().toArray(), st = try v.starts().toArray(), sp = try v.stops().toArray()
        let exits = source.producer.exitDate, index = personIndex
        var units = Set<Int64>(), outside = 0
        for k in 0..<ids.count {
            units.insert(ids[k])
            let p = index[ids[k]]!
            if sp[k] >= exits[p] || st[k] < norway.skeleton.birth[p] || st[k] < day("2005-01-01") { outside += 1 }
        }
        #expect(outside == 0)
        #expect(ids.count > units.count, "some values change over time")
        #expect(ids.count < units.count * 21, "spells, not yearly snapshots")
        #expect(try on(v, day("2012-08-08")).count > 10_000)
    }

    @Test func populationIn1970And1986IsPlausible() throws {
        // History before 1964 (docs/synthetic-truth.md): everyone alive from 1964 exists, so
        // residence in 1970 and registration status in 1986 cover the population of the day.
        // Register totals (SSB table 05803): 3 863 221 on 1 Jan 1970, 4 159 187 on 1 Jan 1986;
        // the generator runs high (§5), tolerated up to +12 %.
        let scale = Double(SyntheticConfig.fullResidents) / Double(StoreFixture.persons)
        let kommune = try source.variable("BEFOLKNING_KOMMNR_FORMELL", datastore: "no.ssb.fdb", version: 1)
        let status = try source.variable("BEFOLKNING_STATUSKODE", datastore: "no.ssb.fdb", version: 1)
        let labels = try status.dictionary(), codes = try status.values(as: Int32.self).toArray()
        let n1970 = Double(try on(kommune, day("1970-01-01")).count) * scale
        let n1986 = Double(try on(status, day("1986-01-01")).filter { labels[Int(codes[$0.row])] == "1" }.count) * scale
        print("residents 1970 \(Int(n1970)), 1986 \(Int(n1986))")
        #expect(n1970 > 3_863_221 * 0.95 && n1970 < 3_863_221 * 1.12, "1970: \(n1970)")
        #expect(n1986 > 4_159_187 * 0.95 && n1986 < 4_159_187 * 1.12, "1986: \(n1986)")
        let oldest = norway.skeleton.birth.min()!
        print("oldest birth \(EpochDays.format(oldest))")
    }

    @Test func yearDayShortcutsMatchTheCivilCalendar() {
        for year in 1790...2210 {
            #expect(SynthDay.jan1(year) == SynthDay.from(year: year, month: 1, day: 1))
            #expect(SynthDay.july1(year) == SynthDay.from(year: year, month: 7, day: 1), "\(year)")
            #expect(SynthDay.dec31(year) == SynthDay.from(year: year, month: 12, day: 31), "\(year)")
        }
    }
}
