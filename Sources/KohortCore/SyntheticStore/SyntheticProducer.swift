import Foundation

/// Turns a catalogue variable into columns: the specific generators where the synthetic
/// Norway models the quantity (persons, families, residence, education, income, jobs, cancer
/// cases, NPR), and the type-driven `GenericValues` everywhere else. Every STRING value ends
/// up as a code of the variable's code list valid on the row's date (`conform`).
///
/// Thread-safe: the lazy populations sit behind a lock; generation itself runs on both cores.
public final class SyntheticProducer: @unchecked Sendable {
    public let norway: SyntheticNorway
    public let catalogue: Catalogue
    private let lock = NSRecursiveLock()
    private var personSlot: UnitPopulation?
    private var earlyPersonSlot: UnitPopulation?
    private var personOrderSlot: (order: [Int32], ids: [Int64], entry: [Int32])?
    private var exitSlot: [Int32]?
    private var caseSlot: UnitPopulation?
    var jobMaskSlotValue: [UInt64]?
    private var nprYears: [Int: NPRActivity.Year] = [:]
    private var otherSlots: [String: UnitPopulation] = [:]
    private var nprSlot: NPRActivity?

    public init(norway: SyntheticNorway, catalogue: Catalogue) {
        self.norway = norway
        self.catalogue = catalogue
    }

    var config: SyntheticConfig { norway.config }

    func withLock<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

    /// The RNG key of one catalogue variable.
    func key(_ name: String) -> UInt64 { CounterRNG.mix(config.key(.generic) ^ FNV1a64.hashString(name)) }

    // MARK: populations

    /// First day not in Norway (death, emigration or the end of data), per person index.
    var exitDate: [Int32] {
        withLock {
            if let e = exitSlot { return e }
            let s = norway.skeleton, d = norway.deathDate
            let e: [Int32] = parallelFill(s.count, SyntheticCalendar.dataEnd) { r, out in
                for i in r {
                    var x = SyntheticCalendar.dataEnd
                    if d[i] != SynthDay.missing { x = min(x, d[i]) }
                    if s.emigration[i] != SynthDay.missing { x = min(x, s.emigration[i]) }
                    out[i] = x
                }
            }
            exitSlot = e
            return e
        }
    }

    /// Every person ever registered, in PERSONID_1 order.
    var persons: UnitPopulation {
        withLock {
            if let p = personSlot { return p }
            let exits = exitDate
            let pop = personsOrdered(exit: { exits[$0] })
            personSlot = pop
            return pop
        }
    }

    /// The same persons with exits from the skeleton alone (background death, emigration, end
    /// of data), without cancer deaths. A cancer death falls at least a day after a diagnosis
    /// on or after 1 Jan 1964, so for any `from` ≤ that day the FIXED frame's presence test
    /// `exit > from` answers the same with either exit, and the frame is byte for byte the
    /// same. FIXED person variables valid from then on (BEFOLKNING_KJOENN, …) use this one and
    /// need no cancer cases: that is most of a cold start's first import.
    var personsWithoutCancerDeaths: UnitPopulation {
        withLock {
            if let p = earlyPersonSlot { return p }
            let s = norway.skeleton
            let pop = personsOrdered(exit: { i in
                var x = SyntheticCalendar.dataEnd
                if s.death[i] != SynthDay.missing { x = min(x, s.death[i]) }
                if s.emigration[i] != SynthDay.missing { x = min(x, s.emigration[i]) }
                return x
            })
            earlyPersonSlot = pop
            return pop
        }
    }

    /// The population a FIXED person frame of `v` may use (see `personsWithoutCancerDeaths`).
    func fixedPersons(_ v: CatalogueVariable) -> UnitPopulation {
        FrameBuilder.validity(v).0 <= CancerCases.firstDiagnosisDay ? personsWithoutCancerDeaths : persons
    }

    /// PERSONID_1 order by a parallel radix sort (RadixSort.swift: the comparison sort was the
    /// largest item of a cold start); ids are unique, so the order is the same. Computed once.
    private var personOrder: (order: [Int32], ids: [Int64], entry: [Int32]) {
        withLock {
            if let o = personOrderSlot { return o }
            let s = norway.skeleton
            let order = RadixSort.order(ofUniqueKeys: s.id) ?? {
                var pairs = s.id.enumerated().map { (id: $1, index: Int32($0)) }
                pairs.sort { $0.id < $1.id }
                return pairs.map(\.index)
            }()
            let ids: [Int64] = parallelFill(order.count, 0) { r, out in for k in r { out[k] = s.id[Int(order[k])] } }
            let entry: [Int32] = parallelFill(order.count, 0) { r, out in
                for k in r {
                    let i = Int(order[k])
                    out[k] = s.immigration[i] == SynthDay.missing ? s.birth[i] : max(s.birth[i], s.immigration[i])
                }
            }
            personOrderSlot = (order, ids, entry)
            return (order, ids, entry)
        }
    }

    private func personsOrdered(exit exitOf: @Sendable (Int) -> Int32) -> UnitPopulation {
        let o = personOrder
        let order = o.order
        let exit: [Int32] = parallelFill(order.count, 0) { r, out in for k in r { out[k] = exitOf(Int(order[k])) } }
        return UnitPopulation(unitType: "PERSON", ids: o.ids, entry: o.entry, exit: exit, person: order)
    }

    /// Cancer cases in KRG_TILFELLEID order; a case exists from its diagnosis.
    var cases: UnitPopulation {
        withLock {
            if let p = caseSlot { return p }
            let c = norway.cancer, exits = exitDate
            var order = (0..<Int32(c.count)).map { $0 }
            order.sort { c.caseID[Int($0)] < c.caseID[Int($1)] }
            let pop = UnitPopulation(unitType: "KRG_KREFTTILFELLE", ids: order.map { c.caseID[Int($0)] },
                                     entry: order.map { c.diagnosis[Int($0)] },
                                     exit: order.map { max(c.diagnosis[Int($0)] + 1, exits[Int(c.person[Int($0)])]) },
                                     person: order.map { c.person[Int($0)] })
            caseSlot = pop
            return pop
        }
    }

    /// The NPR generator (diagnoses index into the catalogue's ICD-10 list).
    public var npr: NPRActivity {
        withLock {
            if let n = nprSlot { return n }
            let labels = CodeSampler(list: catalogue.codeLists["icd10"] ?? CodeList(name: "icd10", title: "", source: "", entries: []),
                                     key: 0).labels
            let n = NPRActivity(norway: norway, icdLabels: labels)
            nprSlot = n
            return n
        }
    }

    /// One NPR year, generated on first use and kept in memory for the other NPR variables.
    public func nprYear(_ year: Int) -> NPRActivity.Year {
        if let y = withLock({ nprYears[year] }) { return y }
        let y = npr.year(year)
        withLock { nprYears[year] = y }
        return y
    }

    /// Modest populations for the unit types the synthetic Norway does not model, each unit
    /// owned by (linked to) a resident: vehicles, courses, traffic accidents and their
    /// persons, electricity metering points, and municipalities.
    func otherPopulation(_ unitType: String) -> UnitPopulation {
        withLock {
            if let p = otherSlots[unitType] { return p }
            let pop = makeOther(unitType)
            otherSlots[unitType] = pop
            return pop
        }
    }

    static let otherSizes: [String: (full: Double, base: Int64, years: Double)] = [
        "KJORETOY": (3_200_000, 3_000_000_000, 12), "KURS": (1_500_000, 4_000_000_000, 8),
        "TRAFIKKULYKKE": (50_000, 5_000_000_000, 0), "PERSON_I_TRAFIKKULYKKE": (80_000, 6_000_000_000, 0),
        "MAALEPUNKT": (3_000_000, 7_000_000_000, 15),
    ]

    private func makeOther(_ unitType: String) -> UnitPopulation {
        let s = norway.skeleton, exits = exitDate
        if unitType == "KOMMUNE" {
            // Every municipality code of the catalogue, existing while its code is valid.
            let list = catalogue.codeLists["kommune"]?.entries ?? []
            var rows: [(Int64, Int32, Int32)] = []
            for e in list where Int64(e.code) != nil {
                let from = e.validFrom?.value ?? SynthDay.jan1(1900)
                let to = e.validTo.map { $0.value + 1 } ?? SyntheticCalendar.dataEnd
                rows.append((Int64(e.code)!, from, min(to, SyntheticCalendar.dataEnd)))
            }
            rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            // A code reused in two periods keeps its first period (ids must be unique).
            var seen = Set<Int64>()
            rows = rows.filter { seen.insert($0.0).inserted }
            return UnitPopulation(unitType: unitType, ids: rows.map(\.0), entry: rows.map(\.1), exit: rows.map(\.2),
                                  person: [Int32](repeating: -1, count: rows.count))
        }
        let size = Self.otherSizes[unitType] ?? (500_000, 8_000_000_000 + Int64(FNV1a64.hashString(unitType) % 1000) * 10_000_000, 5)
        let n = max(50, config.scaled(size.full))
        let key = self.key("unit:" + unitType)
        let residents = s.residents.count
        var entry = [Int32](repeating: 0, count: n), exit = entry, person = [Int32](repeating: 0, count: n)
        for u in 0..<n {
            var st = UnitStream(key: key, unit: UInt64(u))
            let p = st.below(residents)
            let pEntry = max(s.birth[p] + Int32(18 * 365), s.immigration[p] == SynthDay.missing ? s.birth[p] : s.immigration[p])
            let lo = max(pEntry, SynthDay.jan1(2010)), hi = exits[p]
            person[u] = Int32(p)
            guard lo < hi else { entry[u] = hi - 1; exit[u] = hi; continue }
            if size.years == 0 {
                // A one-day unit (an accident) on a day inside the owner's presence.
                let day = lo + Int32(st.below(Int(hi - lo)))
                entry[u] = day; exit[u] = day + 1
            } else {
                let start = lo + Int32(st.below(Int(hi - lo)))
                entry[u] = start
                exit[u] = min(hi, start + Int32(st.exponential(mean: size.years * 365)) + 1)
            }
        }
        return UnitPopulation(unitType: unitType, ids: (0..<n).map { size.base + Int64($0) }, entry: entry, exit: exit, person: person)
    }

    // MARK: columns

    /// The whole variable as columns in store order. Errors only for variables that are not
    /// available (planned) or of a data type the store cannot hold.
    public func columns(for v: CatalogueVariable) -> VariableColumns {
        let (frame, specific) = makeFrameAndValues(v)
        var values = specific ?? generic(v, frame)
        // Generic codes are drawn from the codes valid on the row's date already.
        if specific != nil, case .string(let codes, let dictionary) = values, let list = catalogue.codeList(for: v) {
            values = conform(v, list: list, frame: frame, codes: codes, dictionary: dictionary)
        }
        return VariableColumns(ids: frame.ids, starts: frame.starts, stops: frame.stops, values: values)
    }

    func generic(_ v: CatalogueVariable, _ frame: RowFrame) -> ValueColumn {
        GenericValues(variable: v, key: key(v.name), skeleton: norway.skeleton, exitDate: exitDate, catalogue: catalogue).values(frame)
    }

    /// Rewrites codes so each is a code of `list` valid on the row's date: labels of a
    /// specific generator that the list lacks (or that are not valid then) become the valid
    /// code sharing the longest prefix, else a generic draw. Table per (label, epoch), so the
    /// row loop is two lookups.
    func conform(_ v: CatalogueVariable, list: CodeList, frame: RowFrame, codes: [Int32], dictionary: [String]) -> ValueColumn {
        let sampler = CodeSampler(list: list, key: key(v.name))
        let epochs = sampler.bounds.count
        var table = [Int32](repeating: -1, count: max(1, dictionary.count * epochs))
        // Per epoch: the valid codes as a set, and every prefix of a valid label → the first
        // valid code (in code order) with that prefix. A linear search per (label, epoch) cost
        // ~0.25 s per variable for the municipality list (callgrind: 9 % of KOMMNR in hasPrefix).
        let codeOf = dictionary.map { sampler.code(of: $0) }
        for e in 0..<epochs {
            let valid = sampler.members[e]
            let validSet = Set(valid)
            var firstWithPrefix: [String: Int32] = [:]
            for c in valid {
                let label = sampler.labels[Int(c)]
                var n = 1
                while n <= label.count {
                    let p = String(label.prefix(n))
                    if firstWithPrefix[p] == nil { firstWithPrefix[p] = c }
                    n += 1
                }
            }
            for (li, label) in dictionary.enumerated() {
                if let c = codeOf[li], validSet.contains(c) { table[li * epochs + e] = c; continue }
                var prefix = label
                while !prefix.isEmpty {
                    prefix.removeLast()
                    if !prefix.isEmpty, let hit = firstWithPrefix[prefix] { table[li * epochs + e] = hit; break }
                }
            }
        }
        let k = key(v.name), tbl = table
        let out: [Int32] = parallelFill(codes.count, 0) { r, out in
            for i in r {
                let e = sampler.epoch(frame.ref[i])
                let c = tbl[Int(codes[i]) * epochs + e]
                if c >= 0 { out[i] = c; continue }
                var st = UnitStream(key: k ^ 0xC0DE, unit: UInt64(i))
                out[i] = sampler.sample(on: frame.ref[i], st.next())
            }
        }
        return .string(codes: out, dictionary: sampler.labels)
    }

    /// Codes from labels: `labels` need not be sorted; the result's dictionary is.
    static func codes(_ idx: [Int32], labels: [String]) -> ValueColumn {
        let sorted = Array(Set(labels)).sorted()
        let pos = Dictionary(sorted.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let remap = labels.map { pos[$0]! }
        return .string(codes: idx.map { remap[Int($0)] }, dictionary: sorted)
    }

    /// The generic frame of `v` over `pop`; STATUS spells are cut where the variable's code
    /// list changes, so every row's code is valid on all its days.
    func frame(_ pop: UnitPopulation, _ v: CatalogueVariable, keep: [Bool]? = nil, meanYears: Double? = nil) -> RowFrame {
        let cuts = v.dataType == .string ? FrameBuilder.codeListCuts(catalogue.codeList(for: v)) : []
        return FrameBuilder.frame(pop, v, key: key(v.name), keep: keep, cuts: cuts, meanYears: meanYears)
    }

    func makeFrameAndValues(_ v: CatalogueVariable) -> (RowFrame, ValueColumn?) {
        switch v.unitType {
        case "PERSON": return personVariable(v)
        case "KRG_KREFTTILFELLE": return cancerVariable(v)
        case "JOBB": return jobVariable(v)
        case "NPR_EPISODE", "NPR_SYKEHUSOPPHOLD": return nprVariable(v)
        default: return (frame(otherPopulation(v.unitType), v), nil)
        }
    }
}

extension SyntheticProducer {
    /// Rows of a layered (time-indexed) person variable: for each time t a per-person value,
    /// `missing` = no row. Rows come out in (PERSONID_1, t) order. `valuesAt` may be called once
    /// per t in order; `mask` (bit t set = row) must agree with it.
    func layered<T: BitwiseCopyable & Sendable>(times: [(start: Int32, stop: Int32)], mask: [UInt64], idOf: @Sendable (Int) -> Int64,
                                     valuesAt: (Int) -> [T], isRow: @Sendable (T) -> Bool, zero: T) -> (RowFrame, [T]) {
        let pop = persons
        let n = pop.count
        var offsets = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { offsets[k + 1] = offsets[k] + mask[Int(pop.person[k])].nonzeroBitCount }
        let off = offsets
        var frame = RowFrame(count: off[n])
        var values = [T](repeating: zero, count: off[n])
        let ranks = pop.person
        frame.withBuffers { b in
            Parallel.forChunks(count: n) { r in
                for k in r {
                    var j = off[k]
                    let p = Int(ranks[k]), m = mask[p]
                    for t in 0..<times.count where m & (1 << UInt64(t)) != 0 {
                        b.ids[j] = idOf(p); b.starts[j] = times[t].start; b.stops[j] = times[t].stop
                        b.unit[j] = Int32(k); b.person[j] = Int32(p); b.ref[j] = times[t].start
                        j += 1
                    }
                }
            }
        }
        // Rank of each person (inverse of the id order), to place values.
        var rank = [Int32](repeating: 0, count: n)
        for k in 0..<n { rank[Int(ranks[k])] = Int32(k) }
        let rk = rank
        values.withUnsafeMutableBufferPointer { vb in
            let out = SharedBuffer(base: vb)
            for t in 0..<times.count {
                let vals = valuesAt(t)
                if vals.isEmpty { continue }  // rows only; values come from elsewhere
                let below: UInt64 = (1 << UInt64(t)) - 1
                Parallel.forChunks(count: n) { r in
                    for p in r where mask[p] & (1 << UInt64(t)) != 0 {
                        out[off[Int(rk[p])] + (mask[p] & below).nonzeroBitCount] = vals[p]
                    }
                }
            }
        }
        _ = isRow
        return (frame, values)
    }

    /// A person frame with per-row labels from `label` (nil = generic draw for that row).
    func labelled(_ frame: RowFrame, labels: [String], _ pick: @Sendable (Int) -> Int32) -> ValueColumn {
        let idx: [Int32] = parallelFill(frame.count, 0) { r, out in for i in r { out[i] = pick(i) } }
        return Self.codes(idx, labels: labels)
    }
}
