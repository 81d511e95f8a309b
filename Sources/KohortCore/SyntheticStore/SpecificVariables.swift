import Foundation

/// The catalogue names the synthetic Norway models directly (docs/synthetic-store.md lists
/// them); every other variable of a unit type gets the generic frame and values.
extension SyntheticProducer {
    // MARK: geography over time

    /// Per (2024 municipality index, code-list epoch): the code valid in that epoch with the
    /// same code or name (Halden 3101 → 3001 in 2020–23 → 0101 before), else -1; and for the
    /// -1 entries the predecessor candidates (CodeHistory).
    func geographyTable(list name: String, names: [String], codes: [String]) -> (CodeSampler, [Int32], [[Int32]]) {
        let list = catalogue.codeLists[name] ?? CodeList(name: name, title: "", source: "", entries: [])
        let sampler = CodeSampler(list: list, key: key(name))
        let epochs = sampler.bounds.count
        var table = [Int32](repeating: -1, count: max(1, names.count * epochs))
        for e in 0..<epochs {
            let day = Day(sampler.bounds[e] == Int32.min ? SynthDay.jan1(1800) : sampler.bounds[e])
            let valid = list.entries(validOn: day)
            var byName: [String: String] = [:], byCode = Set<String>()
            for entry in valid { byName[entry.label] = byName[entry.label] ?? entry.code; byCode.insert(entry.code) }
            for g in 0..<names.count {
                let code = byCode.contains(codes[g]) ? codes[g] : byName[names[g]]
                if let code, let c = sampler.code(of: code) { table[g * epochs + e] = c }
            }
        }
        return (sampler, table, CodeHistory.fallbacks(sampler: sampler, direct: table, codes: codes))
    }

    /// Municipality codes (indices into `Geography.shared.codes`) as codes valid on each row's date.
    func municipalityValues(_ frame: RowFrame, listName: String = "kommune", _ geo: @Sendable (Int) -> UInt16) -> ValueColumn {
        let g = Geography.shared
        let (sampler, table, fallback) = geographyTable(list: listName, names: g.names, codes: g.codes)
        return translated(frame, sampler, table, fallback) { Int(geo($0)) }
    }

    func countyValues(_ frame: RowFrame, _ geo: @Sendable (Int) -> UInt16) -> ValueColumn {
        let counties = Geography.counties
        let (sampler, table, fallback) = geographyTable(list: "fylke", names: counties.map(\.name),
                                                        codes: counties.map { String(format: "%02d", $0.code) })
        let countyOf = Geography.shared.countyIndex
        return translated(frame, sampler, table, fallback) { Int(countyOf[Int(geo($0))]) }
    }

    private func translated(_ frame: RowFrame, _ sampler: CodeSampler, _ table: [Int32], _ fallback: [[Int32]],
                            _ index: @Sendable (Int) -> Int) -> ValueColumn {
        let epochs = sampler.bounds.count
        let k = key("geo")
        let codes: [Int32] = parallelFill(frame.count, 0) { r, out in
            for i in r {
                let g = index(i), slot = g * epochs + sampler.epoch(frame.ref[i])
                let c = table[slot]
                if c >= 0 { out[i] = c; continue }
                let p = frame.person[i] >= 0 ? frame.person[i] : Int32(truncatingIfNeeded: i)
                if let old = CodeHistory.pick(fallback[slot], person: p, unit: g, key: k) { out[i] = old; continue }
                var st = UnitStream(key: k, unit: UInt64(i))
                out[i] = sampler.sample(on: frame.ref[i], st.next())
            }
        }
        return .string(codes: codes, dictionary: sampler.labels)
    }

    // MARK: persons

    func personVariable(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let s = norway.skeleton
        // Not `persons` up front: a FIXED variable valid from 1964 needs no cancer deaths.
        func fixed(keep: [Bool]? = nil) -> RowFrame { frame(fixedPersons(v), v, keep: keep) }
        switch v.name {
        case "BEFOLKNING_KJOENN":
            let f = fixed()
            return (f, labelled(f, labels: ["1", "2"]) { Int32(s.sex[Int(f.person[$0])] - 1) })
        case "BEFOLKNING_FOEDSELS_AAR_MND":
            let f = fixed()
            return (f, .long(f.person.map { let c = SynthDay.civil(s.birth[Int($0)]); return Int64(c.year * 100 + c.month) }))
        case "BEFOLKNING_DOEDS_DATO":
            let d = norway.deathDate
            let f = fixed(keep: fixedPersons(v).person.map { d[Int($0)] != SynthDay.missing && d[Int($0)] < SyntheticCalendar.dataEnd })
            return (f, .long(f.person.map { let c = SynthDay.civil(d[Int($0)]); return Int64(c.year * 10_000 + c.month * 100 + c.day) }))
        case "BEFOLKNING_FODELAND":
            let f = fixed()
            return (f, labelled(f, labels: PopulationTables.countryCodes) { Int32(s.country[Int(f.person[$0])]) })
        case "BEFOLKNING_INVKAT":
            let f = fixed(), fam = norway.family
            return (f, labelled(f, labels: ["A", "B", "C", "F"]) { r in
                let i = Int(f.person[r])
                if s.immigration[i] != SynthDay.missing { return 1 }
                let m = fam.mother[i], fa = fam.father[i]
                let mi = m >= 0 && s.immigration[Int(m)] != SynthDay.missing
                let fi = fa >= 0 && s.immigration[Int(fa)] != SynthDay.missing
                return mi && fi ? 2 : (mi || fi) ? 3 : 0
            })
        case "BEFOLKNING_MOR_FNR", "BEFOLKNING_FAR_FNR", "BEFOLKNING_MORMOR_FNR", "BEFOLKNING_MORFAR_FNR",
             "BEFOLKNING_FARMOR_FNR", "BEFOLKNING_FARFAR_FNR":
            let fam = norway.family
            let path: [Bool] = {  // true = mother
                switch v.name {
                case "BEFOLKNING_MOR_FNR": [true]
                case "BEFOLKNING_FAR_FNR": [false]
                case "BEFOLKNING_MORMOR_FNR": [true, true]
                case "BEFOLKNING_MORFAR_FNR": [true, false]
                case "BEFOLKNING_FARMOR_FNR": [false, true]
                default: [false, false]
                }
            }()
            let link: [Int32] = parallelFill(s.count, Int32(-1)) { r, out in
                for i in r {
                    var p = Int32(i)
                    for m in path where p >= 0 { p = m ? fam.mother[Int(p)] : fam.father[Int(p)] }
                    out[i] = p
                }
            }
            let f = fixed(keep: fixedPersons(v).person.map { link[Int($0)] >= 0 })
            return (f, .long(f.person.map { s.id[Int(link[Int($0)])] }))
        case "BEFOLKNING_KOMMNR_FORMELL": return residenceSpellsVariable(v)
        case "BEFOLKNING_STATUSKODE": return registrationStatusVariable(v)
        case "BEFOLKNING_EKT_FNR": return spouseVariable(v)
        case "INNTEKT_WLONN", "INNTEKT_BRUTTOFORM": return incomeVariable(v)
        case "SIVSTANDFDT_SIVSTAND":
            return maritalSpells(v)
        case "NUDB_BU":
            return educationSpells(v)
        default:
            return (frame(v.temporality == .fixed ? fixedPersons(v) : persons, v), nil)
        }
    }

    /// Marital status spells: unmarried → married → divorced or widowed (codes 1, 2, 4, 3).
    func maritalSpells(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let pop = persons, fam = norway.family, d = norway.deathDate
        let (from, to) = FrameBuilder.validity(v)
        @Sendable func spells(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
            let i = Int(pop.person[u])
            let lo = max(pop.entry[u], from), hi = min(pop.exit[u], to)
            guard lo < hi else { return }
            var cuts: [Int32] = []
            if fam.spouse[i] >= 0 {
                cuts.append(fam.marriage[i])
                var end = fam.divorce[i]
                let ds = d[Int(fam.spouse[i])]
                if ds != SynthDay.missing && (end == SynthDay.missing || ds < end) { end = ds }
                if end != SynthDay.missing { cuts.append(end) }
            }
            var t = lo
            for c in cuts where c > t && c < hi {
                emit(t, c - 1, t)
                t = c
            }
            emit(t, hi == SyntheticCalendar.dataEnd ? SynthDay.missing : hi - 1, t)
        }
        let f = FrameBuilder.build(pop, perUnit: { u in var n = 0; spells(u) { _, _, _ in n += 1 }; return n }, fill: { u, _, e in spells(u, e) })
        return (f, labelled(f, labels: ["1", "2", "3", "4"]) { r in
            let i = Int(f.person[r]), date = f.starts[r]
            if fam.spouse[i] < 0 || fam.marriage[i] > date { return 0 }
            let div = fam.divorce[i], ds = d[Int(fam.spouse[i])]
            let widowed = ds != SynthDay.missing && ds <= date
            let divorced = div != SynthDay.missing && div <= date
            if divorced && (!widowed || div <= ds) { return 3 }
            return widowed ? 2 : 1
        })
    }

    /// Highest completed education (NUS2000 two-digit codes) as spells from age 16.
    func educationSpells(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        let pop = persons, e = norway.education, s = norway.skeleton
        let (from, to) = FrameBuilder.validity(v)
        @Sendable func spells(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
            let i = Int(pop.person[u])
            let b = s.birth[i]
            func at(_ years: Double) -> Int32 { b + Int32(years * SynthDay.yearLength) }
            let lo = max(pop.entry[u], from, at(16)), hi = min(pop.exit[u], to)
            guard lo < hi else { return }
            var cuts: [Int32] = [at(19), at(Double(e.completionAge[i]))]
            if cuts[0] > cuts[1] { cuts.swapAt(0, 1) }
            var t = lo
            var level = e.level(i, on: t, birth: b)
            for c in cuts where c > t && c < hi {
                let next = e.level(i, on: c, birth: b)
                if next == level { continue }
                emit(t, c - 1, t)
                t = c; level = next
            }
            emit(t, hi == SyntheticCalendar.dataEnd ? SynthDay.missing : hi - 1, t)
        }
        let f = FrameBuilder.build(pop, perUnit: { u in var n = 0; spells(u) { _, _, _ in n += 1 }; return n }, fill: { u, _, em in spells(u, em) })
        let labels = (0..<100).map { String(format: "%02d", $0) }
        return (f, labelled(f, labels: labels) { r in
            let i = Int(f.person[r])
            let lv = Int(e.level(i, on: f.starts[r], birth: s.birth[i]))
            return Int32(lv * 10 + (lv >= 3 && lv <= 8 ? Int(e.field[i]) % 10 : 0))
        })
    }

}

extension PersonSkeleton {
    /// Living in Norway on `date`, given the final exit dates (cancer deaths included).
    @inline(__always)
    func isPresentAlive(_ i: Int, on date: Int32, exit: [Int32]) -> Bool {
        birth[i] <= date && (immigration[i] == SynthDay.missing || immigration[i] <= date) && exit[i] > date
    }
}
