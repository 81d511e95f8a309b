import Foundation

/// The person variables the synthetic Norway models over time, as spells (STATUS) and as
/// every income year of the validity (ACCUMULATED): residence municipality, registration
/// status, spouse, wage income and wealth. Marital status and education (EVENT) are in
/// SpecificVariables.swift.
extension SyntheticProducer {
    /// Presence of person-population unit `u` inside the validity: `[lo, hi)`.
    @inline(__always)
    private static func presence(_ pop: UnitPopulation, _ u: Int, _ from: Int32, _ to: Int32) -> (Int32, Int32) {
        (max(pop.entry[u], from), min(pop.exit[u], to))
    }

    /// BEFOLKNING_KOMMNR_FORMELL: the residence history's spells (moves are its change dates),
    /// cut at the municipality code list's changes so each piece carries the code valid then.
    func residenceSpellsVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let pop = persons, res = norway.residence
        let (from, to) = FrameBuilder.validity(v)
        let cuts = FrameBuilder.codeListCuts(catalogue.codeLists["kommune"])
        @Sendable func pieces(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
            let (lo, hi) = Self.presence(pop, u, from, to)
            guard lo < hi else { return }
            let i = Int(pop.person[u])
            var st = UnitStream(key: 0, unit: 0)  // unused: no random change times
            for k in Int(res.personStart[i])..<Int(res.personStart[i + 1]) {
                let a = max(res.start[k], lo)
                let b = min(res.stop[k] == SynthDay.missing ? SyntheticCalendar.dataEnd : res.stop[k], hi)
                if a < b { FrameBuilder.spells(lo: a, hi: b, meanYears: .infinity, cuts: cuts, &st, emit) }
            }
        }
        let f = FrameBuilder.buildSpells(pop, perUnit: { u in var n = 0; pieces(u) { _, _, _ in n += 1 }; return n },
                                         fill: { u, emit in pieces(u, emit) })
        let pinned = norway.skeleton.municipality
        return (f, municipalityValues(f) { r in
            let p = Int(f.person[r])
            return res.municipality(person: p, on: f.starts[r]) ?? pinned[p]
        })
    }

    /// BEFOLKNING_STATUSKODE: "1" (bosatt) while resident, then "2" (utvandret) or "3" (død)
    /// to the end of data, for everyone who ever had a national id, inside the validity.
    func registrationStatusVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let pop = persons, s = norway.skeleton
        let (from, to) = FrameBuilder.validity(v)
        @Sendable func pieces(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
            let (lo, hi) = Self.presence(pop, u, from, to)
            if lo < hi { emit(lo, hi - 1, lo) }
            let gone = max(pop.exit[u], from)
            if pop.exit[u] < SyntheticCalendar.dataEnd && gone < to { emit(gone, to - 1, gone) }
        }
        let f = FrameBuilder.buildSpells(pop, perUnit: { u in var n = 0; pieces(u) { _, _, _ in n += 1 }; return n },
                                         fill: { u, emit in pieces(u, emit) })
        return (f, labelled(f, labels: ["1", "2", "3"]) { r in
            let u = Int(f.unit[r]), p = Int(f.person[r])
            if f.starts[r] < pop.exit[u] { return 0 }
            return s.emigration[p] == pop.exit[u] ? 1 : 2
        })
    }

    /// BEFOLKNING_EKT_FNR: the spouse from the wedding to divorce or the spouse's death, while
    /// the person lives here.
    func spouseVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let pop = persons, s = norway.skeleton, fam = norway.family, d = norway.deathDate
        let (from, to) = FrameBuilder.validity(v)
        @Sendable func pieces(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
            let i = Int(pop.person[u])
            let sp = fam.spouse[i]
            guard sp >= 0 else { return }
            var end = fam.divorce[i] == SynthDay.missing ? Int32.max : fam.divorce[i]
            if d[Int(sp)] != SynthDay.missing { end = min(end, d[Int(sp)]) }
            let (lo0, hi0) = Self.presence(pop, u, from, to)
            let lo = max(lo0, fam.marriage[i]), hi = min(hi0, end)
            if lo < hi { emit(lo, hi - 1, lo) }
        }
        let f = FrameBuilder.buildSpells(pop, perUnit: { u in var n = 0; pieces(u) { _, _, _ in n += 1 }; return n },
                                         fill: { u, emit in pieces(u, emit) })
        return (f, .long(f.person.map { s.id[Int(fam.spouse[Int($0)])] }))
    }

    /// INNTEKT_WLONN / INNTEKT_BRUTTOFORM: every income year of the validity (from 1993 in
    /// the catalogue) in which the person lives here on 31 December aged 17 or more. Built
    /// person by person in one pass (no per-year arrays of all persons).
    func incomeVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let pop = persons, income = norway.income
        let years = FrameBuilder.accumulatedYears(v)
        let wage = v.name == "INNTEKT_WLONN"
        let n = pop.count
        var offsets = [Int](repeating: 0, count: n + 1)
        offsets.withUnsafeMutableBufferPointer { o in
            let b = SharedBuffer(base: o)
            Parallel.forChunks(count: n) { r in
                for u in r {
                    let i = Int(pop.person[u])
                    var k = 0
                    for y in years where income.hasYearRow(i, year: y) { k += 1 }
                    b[u + 1] = k
                }
            }
        }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        let off = offsets
        var f = RowFrame(count: off[n])
        var values = [Int64](repeating: 0, count: off[n])
        values.withUnsafeMutableBufferPointer { vb in
            let out = SharedBuffer(base: vb)
            f.withBuffers { b in
                Parallel.forChunks(count: n) { r in
                    for u in r {
                        let i = Int(pop.person[u])
                        var k = off[u]
                        guard k < off[u + 1] else { continue }
                        let terms = income.wageTerms(i)
                        for y in years where income.hasYearRow(i, year: y) {
                            let start = SynthDay.jan1(y)
                            b.ids[k] = pop.ids[u]; b.starts[k] = start; b.stops[k] = SynthDay.dec31(y)
                            b.unit[k] = Int32(u); b.person[k] = Int32(i); b.ref[k] = start
                            out[k] = Int64(wage ? income.wageIncome(i, year: y, terms: terms) : income.wealth(i, year: y))
                            k += 1
                        }
                    }
                }
            }
        }
        return (f, .long(values))
    }
}
