import Foundation

/// Draws codes of a code list that are valid on a date, with skewed frequencies fixed per
/// variable (a code's weight is a pure function of the variable key and the code).
struct CodeSampler: Sendable {
    /// Sorted unique codes of the list: the store dictionary.
    let labels: [String]
    /// Epoch boundaries (ascending); epoch e covers [bounds[e], bounds[e+1]).
    let bounds: [Int32]
    let members: [[Int32]]
    let tables: [AliasTable?]

    init(list: CodeList, key: UInt64, skew: Double = 2.5) {
        let labels = Array(Set(list.entries.map(\.code))).sorted()
        self.labels = labels
        let index = Dictionary(labels.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var cuts = Set<Int32>([Int32.min])
        for e in list.entries {
            if let f = e.validFrom { cuts.insert(f.value) }
            if let t = e.validTo { cuts.insert(t.value + 1) }
        }
        bounds = cuts.sorted()
        var members: [[Int32]] = [], tables: [AliasTable?] = []
        for b in cuts.sorted() {
            let day = Day(b == Int32.min ? SynthDay.jan1(1800) : b)
            let valid = list.entries(validOn: day)
            let regular = valid.filter { !$0.isMissing }
            let use = regular.isEmpty ? valid : regular
            let ids = Array(Set(use.compactMap { index[$0.code] })).sorted()
            members.append(ids)
            tables.append(ids.isEmpty ? nil : AliasTable(weights: ids.map { id in
                let h = FNV1a64.hashString(labels[Int(id)])
                return PortableMath.exp(-skew * CounterRNG.unit(CounterRNG.mix(key ^ h)))
            }))
        }
        self.members = members
        self.tables = tables
    }

    @inline(__always)
    func epoch(_ day: Int32) -> Int {
        var lo = 0, hi = bounds.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if bounds[mid] <= day { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// A code valid on `day` (or, if none is, the nearest later epoch that has codes).
    @inline(__always)
    func sample(on day: Int32, _ bits: UInt64) -> Int32 {
        var e = epoch(day)
        while tables[e] == nil && e + 1 < tables.count { e += 1 }
        while tables[e] == nil && e > 0 { e -= 1 }
        guard let t = tables[e] else { return 0 }
        return members[e][t.sample(bits)]
    }

    /// Is the code (a dictionary index) valid on `day`?
    @inline(__always)
    func isValid(_ code: Int32, on day: Int32) -> Bool {
        members[epoch(day)].contains(code)
    }

    func code(of label: String) -> Int32? {
        var lo = 0, hi = labels.count
        while lo < hi { let m = (lo + hi) / 2; if labels[m] < label { lo = m + 1 } else { hi = m } }
        return lo < labels.count && labels[lo] == label ? Int32(lo) : nil
    }
}

extension FNV1a64 {
    static func hashString(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}

/// The type-driven generator: values for any catalogue variable on a frame, from its data
/// type and value domain (code list, or described unit and range), deterministic per
/// (seed, variable name, unit). Values of one unit are sticky over time (85 % of rows reuse the
/// unit's draw) so panels look like panels.
struct GenericValues {
    let variable: CatalogueVariable
    let key: UInt64
    let skeleton: PersonSkeleton
    let exitDate: [Int32]
    let codeList: CodeList?
    let residentCount: Int

    init(variable: CatalogueVariable, key: UInt64, skeleton: PersonSkeleton, exitDate: [Int32], catalogue: Catalogue) {
        self.variable = variable
        self.key = key
        self.skeleton = skeleton
        self.exitDate = exitDate
        self.codeList = catalogue.codeList(for: variable)
        self.residentCount = skeleton.residents.count
    }

    /// Per-variable constants in [0, 1).
    func knob(_ k: UInt64) -> Double { CounterRNG.unit(CounterRNG.mix(key ^ (k &* 0x9E37_79B9))) }

    func values(_ f: RowFrame) -> ValueColumn {
        let n = f.count
        let key = self.key
        let sticky = 0.85
        // Two streams per row: the unit's (shared by all its rows) and the row's own. STATUS
        // spells are keyed by the spell's origin, so the pieces of a spell cut at a code-list
        // change share a draw; only a unit's first spell may reuse the unit's draw, since a new
        // spell means the value changed.
        let spells = !f.origin.isEmpty
        @Sendable @inline(__always) func streams(_ r: Int) -> (UnitStream, UnitStream, Bool) {
            var u = UnitStream(key: key, unit: UInt64(UInt32(bitPattern: f.unit[r])))
            let rowKey = spells ? f.origin[r] : f.ref[r]
            let row = UnitStream(key: key ^ 0xA5A5, unit: UInt64(UInt32(bitPattern: f.unit[r])) << 32 | UInt64(UInt32(bitPattern: rowKey)))
            var keep = u.uniform() < sticky
            if spells && keep {
                var j = r
                while j > 0 && f.unit[j - 1] == f.unit[r] { j -= 1 }
                keep = f.origin[j] == f.origin[r]
            }
            return (u, row, keep)
        }
        if variable.dataType == .string {
            if let list = codeList {
                let sampler = CodeSampler(list: list, key: key)
                let codes: [Int32] = parallelFill(n, 0) { r, out in
                    for i in r {
                        var (u, row, keep) = streams(i)
                        let bits = keep ? u.next() : row.next()
                        var c = sampler.sample(on: f.ref[i], bits)
                        if keep && !sampler.isValid(c, on: f.ref[i]) { c = sampler.sample(on: f.ref[i], row.next()) }
                        out[i] = c
                    }
                }
                return .string(codes: codes, dictionary: sampler.labels)
            }
            let pool = Self.freeTextPool(variable.name)
            let table = AliasTable(weights: pool.indices.map { PortableMath.exp(-2 * CounterRNG.unit(CounterRNG.mix(key ^ UInt64($0)))) })
            let codes: [Int32] = parallelFill(n, 0) { r, out in
                for i in r { var (u, row, keep) = streams(i); out[i] = Int32(table.sample(keep ? u.next() : row.next())) }
            }
            return .string(codes: codes, dictionary: pool)
        }
        let unit = (variable.valueDomain.describedUnit ?? "").lowercased()
        let range = variable.valueDomain.describedRange
        let lower = range?.lower, upper = range?.upper
        let name = variable.name.uppercased()
        let s = skeleton, exits = exitDate

        // Dates (DATE, or LONG "dato" as YYYYMMDD): inside [ref, end of the unit's life).
        if variable.dataType == .date || unit == "dato" {
            let asLong = variable.dataType == .long
            let meanDays = 30 + 700 * knob(3)
            let days: [Int32] = parallelFill(n, 0) { r, out in
                for i in r {
                    var (u, _, _) = streams(i)
                    let ref = f.ref[i]
                    var end = SyntheticCalendar.dataEnd
                    let p = Int(f.person[i])
                    if p >= 0 { end = min(end, exits[p]) }
                    if f.stops[i] != SynthDay.missing && f.starts[i] != SynthDay.missing { end = min(end, f.stops[i] + 1) }
                    let span = max(1, Int(end - ref))
                    out[i] = ref + Int32(min(Double(span - 1), u.exponential(mean: meanDays)))
                }
            }
            if asLong {
                return .long(days.map { d in let c = SynthDay.civil(d); return Int64(c.year * 10_000 + c.month * 100 + c.day) })
            }
            return .date(days)
        }

        enum Shape { case money(scale: Double), count(Double), age, year, yearMonth, percent, hours, personLink, idNumber, measure }
        let shape: Shape
        switch unit {
        case "kroner": shape = .money(scale: 1)
        case "1 000 kroner": shape = .money(scale: 1000)
        case "antall", "antall semestre", "antall måneder", "måneder", "uker", "dager", "dagsverk", "pakkeår", "løpenummer":
            shape = .count(0.5 + 6 * knob(4))
        case "år":
            if name.contains("ALDER") { shape = .age } else if (lower ?? 0) >= 1800 { shape = .year } else { shape = .count(1 + 8 * knob(4)) }
        case "åååamm", "ååååmm": shape = .yearMonth
        case "prosent": shape = .percent
        case "timer": shape = .hours
        case "id":
            shape = name.contains("FNR") || name.contains("PERS") ? .personLink : .idNumber
        case "": shape = (variable.dataType == .long && (lower == nil && upper == nil)) ? .idNumber : .measure
        default: shape = .measure
        }
        let zeroShare = 0.05 + 0.6 * knob(5)
        let median = PortableMath.exp(9.2 + 3.5 * knob(6))  // ≈ 10 000 – 330 000
        let mid: Double = {
            if let lo = lower, let hi = upper { return (lo + hi) / 2 }
            if let lo = lower { return max(1, lo) * 3 + 10 * knob(7) }
            return 10 + 90 * knob(7)
        }()
        let residents = residentCount
        let idBase = Int64(100_000_000 + Int(knob(8) * 800_000_000))
        let raw: [Double] = parallelFill(n, 0) { r, out in
            for i in r {
                var (u, row, keep) = streams(i)
                let p = Int(f.person[i])
                var v: Double
                switch shape {
                case .money(let scale):
                    let isZero = (keep ? u.uniform() : row.uniform()) < zeroShare
                    if isZero { v = 0; break }
                    v = median * PortableMath.exp(0.9 * u.normal() + 0.15 * row.normal()) / scale
                case .count(let mean):
                    v = Double(keep ? NPRActivity.poisson(mean, &u) : NPRActivity.poisson(mean, &row))
                case .age:
                    v = p >= 0 ? Double(max(0, SynthDay.age(birth: s.birth[p], at: f.ref[i]))) : Double(NPRActivity.poisson(40, &u))
                case .year:
                    v = Double(SynthDay.year(f.ref[i]))
                case .yearMonth:
                    let c = SynthDay.civil(f.ref[i]); v = Double(c.year * 100 + c.month)
                case .percent:
                    v = (100 * (keep ? u.uniform() : row.uniform()).squareRoot()).rounded()
                case .hours:
                    v = max(0, (33 + 8 * u.normal() + row.normal()) * 10).rounded() / 10
                case .personLink:
                    v = Double(s.id[keep ? u.below(residents) : row.below(residents)])
                case .idNumber:
                    v = Double(idBase + Int64(f.unit[i]) * (keep ? 1 : 7))
                case .measure:
                    v = mid * PortableMath.exp(0.5 * u.normal() + 0.1 * row.normal())
                }
                if let lo = lower { v = max(lo, v) }
                if let hi = upper { v = min(hi, v) }
                out[i] = v
            }
        }
        if case .personLink = shape {
            // Exact ids (a Double holds < 2^53 exactly; pseudonyms are well below that).
            return .long(raw.map { Int64($0) })
        }
        switch variable.dataType {
        case .long: return .long(raw.map { Int64($0.rounded()) })
        case .double:
            if case .money = shape { return .double(raw.map { $0.rounded() }) }
            return .double(raw.map { ($0 * 100).rounded() / 100 })
        default: return .long(raw.map { Int64($0.rounded()) })
        }
    }

    /// Labels for STRING variables without a code list (clock times, DRG groups, free codes).
    static func freeTextPool(_ name: String) -> [String] {
        let upper = name.uppercased()
        if upper.hasSuffix("TID") {
            return (0..<96).map { String(format: "%02d:%02d", $0 / 4, ($0 % 4) * 15) }
        }
        if upper.contains("DRG") {
            return (1..<500).map { String(format: "%03d%@", $0, $0 % 3 == 0 ? "A" : $0 % 3 == 1 ? "B" : "O") }.sorted()
        }
        return (1...200).map { String(format: "K%03d", $0) }
    }
}

extension ValueDomain {
    var describedUnit: String? { if case .described(let unit, _) = self { return unit } else { return nil } }
    var describedRange: ClosedRangeBounds? { if case .described(_, let range) = self { return range } else { return nil } }
}
