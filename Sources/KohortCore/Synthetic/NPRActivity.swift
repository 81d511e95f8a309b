import Foundation

/// Somatic hospital activity (Norsk pasientregister), 2016–2025, one calendar year at a time.
///
/// Calibrated to calibration.md §3 (2019, full size): ≈ 2.0 M patients, ≈ 0.80 M inpatient
/// stays, ≈ 0.34 M day treatments and ≈ 6.36 M outpatient consultations a year. The age/sex
/// shape of hospital use is an assumption (**unsourced**: rising with age, a bump for women of
/// child-bearing age, infants); each year the shape is normalised so the expected totals hit
/// the targets for the persons present that year. Cancer patients get extra contacts around
/// their diagnosis date (20 % in the 60 days before, the rest after it with a mean of 120
/// days), more for higher stages; their main diagnosis is the case's ICD-10 code.
///
/// Units: an **episode** (NPR_EPISODE: an outpatient contact or a ward stay) belongs to one
/// **hospital stay** (NPR_SYKEHUSOPPHOLD). Outpatient contacts and day treatments are stays of
/// one episode; 15 % of inpatient stays have a second episode after a ward transfer that
/// starts on the first episode's out-date. Episode ids are `(year − 2000) · 10⁹ + n` and stay
/// ids `(year − 2000) · 10⁹ + 5·10⁸ + n`, with `n` counting in person order, so both are
/// ascending in generation order.
///
/// Work is split over both cores in fixed person chunks (count pass, prefix sum, fill pass);
/// every draw is keyed by (seed, year, person), so the output does not depend on timing.
public struct NPRActivity: Sendable {
    public static let firstYear = 2016, lastYear = 2025
    /// Yearly targets at full size (calibration.md §3, 2019).
    public static let patientsTarget = 1_987_263.0
    public static let inpatientTarget = 798_390.0
    public static let dayTarget = 342_432.0
    public static let outpatientTarget = 6_356_168.0
    /// Mean inpatient length of stay (2012: 4.1 days).
    public static let meanLengthOfStay = 4.1
    /// Extra contacts of a cancer patient by stage 1, 2, 3, 4, unknown.
    public static let cancerExtraContacts: [Double] = [5, 8, 12, 18, 7]

    /// ICD-10 chapters (index into `chapterLetters`) and their share of main diagnoses of
    /// inpatient stays (calibration.md §3, 1999 mix; the "other 48.6 %" split is **unsourced**).
    public static let chapters: [(first: String, last: String, inpatient: Double, outpatient: Double)] = [
        ("A00", "B99", 2.0, 1.5), ("C00", "D48", 9.0, 7.0), ("D50", "D89", 1.0, 1.5), ("E00", "E90", 2.0, 4.0),
        ("F00", "F99", 1.0, 1.0), ("G00", "G99", 4.5, 5.0), ("H00", "H59", 0.8, 6.0), ("H60", "H95", 0.7, 3.5),
        ("I00", "I99", 15.3, 8.0), ("J00", "J99", 8.8, 4.0), ("K00", "K93", 9.0, 6.0), ("L00", "L99", 1.5, 3.0),
        ("M00", "M99", 7.0, 12.0), ("N00", "N99", 5.0, 6.0), ("O00", "O99", 6.0, 3.0), ("P00", "P96", 1.2, 0.3),
        ("Q00", "Q99", 0.5, 0.7), ("R00", "R99", 9.0, 9.0), ("S00", "T98", 10.7, 8.0), ("Z00", "Z99", 5.0, 9.5),
    ]

    /// One year of episodes and stays, columns in episode (resp. stay) id order.
    public struct Year: Sendable {
        public let year: Int
        // Episodes.
        public var episodeID: [Int64] = []
        public var person: [Int32] = []
        public var stayIndex: [Int32] = []
        public var inDate: [Int32] = []
        public var outDate: [Int32] = []
        /// 1 inpatient, 2 day treatment, 3 outpatient (omsorgsnivå).
        public var careLevel: [UInt8] = []
        /// 1 emergency, 4 planned, 5 returned from another hospital (hastegrad).
        public var urgency: [UInt8] = []
        /// Index into the ICD label list given at init.
        public var diagnosis: [UInt16] = []
        /// Index into `Geography.shared.codes` (residence at the in-date).
        public var municipality: [UInt16] = []
        // Stays.
        public var stayID: [Int64] = []
        public var stayFirstEpisode: [Int32] = []
        public var stayEpisodes: [UInt8] = []

        public var episodeCount: Int { episodeID.count }
        public var stayCount: Int { stayID.count }
    }

    let norway: SyntheticNorway
    /// ICD-10 labels the diagnoses index into, and per chapter the indices of its codes.
    public let icdLabels: [String]
    let chapterCodes: [[UInt16]]
    let cancerCode: [UInt16]
    let inpatientChapters: AliasTable, outpatientChapters: AliasTable, womenOnlyChapter: Int

    /// `icdLabels`: the ICD-10 codes diagnoses may take (the catalogue's code list).
    public init(norway: SyntheticNorway, icdLabels: [String]) {
        self.norway = norway
        self.icdLabels = icdLabels
        var perChapter = [[UInt16]](repeating: [], count: Self.chapters.count)
        for (k, code) in icdLabels.enumerated() {
            let head = String(code.prefix(3))
            if let c = Self.chapters.firstIndex(where: { head >= $0.first && head <= $0.last }) { perChapter[c].append(UInt16(k)) }
        }
        // An empty chapter (not in the list) borrows the whole list.
        let all = (0..<icdLabels.count).map { UInt16($0) }
        chapterCodes = perChapter.map { $0.isEmpty ? all : $0 }
        inpatientChapters = AliasTable(weights: Self.chapters.map(\.inpatient))
        outpatientChapters = AliasTable(weights: Self.chapters.map(\.outpatient))
        womenOnlyChapter = 14
        // Each cancer case's ICD code in this label list (its chapter II fallback otherwise).
        let index = Dictionary(icdLabels.enumerated().map { ($1, UInt16($0)) }, uniquingKeysWith: { a, _ in a })
        let neoplasm = chapterCodes[1]
        cancerCode = CancerTables.icdCodes.enumerated().map { k, code in
            index[code] ?? index[String(code.prefix(3))] ?? neoplasm[k % neoplasm.count]
        }
    }

    /// Relative hospital use by age and sex (unsourced shape).
    @inline(__always)
    static func useWeight(age: Double, female: Bool) -> (patient: Double, inpatient: Double, day: Double, outpatient: Double) {
        let a = max(0, age)
        var p = 0.25 + 0.0075 * max(0, a - 30)
        if a < 2 { p += 0.35 }
        if female && a >= 18 && a < 45 { p += 0.12 }
        let inp = (a < 1 ? 2.0 : 0.3) + (a > 50 ? 0.03 * (a - 50) : 0) + (female && a >= 20 && a < 42 ? 0.35 : 0)
        let day = 0.5 + 0.012 * a
        let out = 0.7 + 0.02 * a
        return (min(p, 0.95), inp, day, out)
    }

    /// Case ranges per person (cases sorted by person), built once per year call.
    struct CaseIndex: Sendable {
        let offsets: [Int32]
        let cases: [Int32]
    }

    func caseIndex() -> CaseIndex {
        let c = norway.cancer, n = norway.skeleton.count
        var counts = [Int32](repeating: 0, count: n + 1)
        for p in c.person { counts[Int(p) + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var fill = counts
        var cases = [Int32](repeating: 0, count: c.count)
        for k in 0..<c.count { let p = Int(c.person[k]); cases[Int(fill[p])] = Int32(k); fill[p] += 1 }
        return CaseIndex(offsets: counts, cases: cases)
    }

    /// One person's plan for the year: how many stays of each kind (drawn, not yet dated).
    struct Plan {
        var outpatient = 0, day = 0, inpatient = 0, cancer = 0
        var cancerCases: (Int32, Int32) = (0, 0)
    }

    /// Generates one year. Deterministic in (seed, year).
    public func year(_ year: Int) -> Year {
        precondition(year >= Self.firstYear && year <= Self.lastYear, "NPR covers \(Self.firstYear)–\(Self.lastYear)")
        let s = norway.skeleton, d = norway.deathDate, residence = norway.residence
        let cancer = norway.cancer, index = caseIndex()
        let n = s.count
        let jan1 = SynthDay.jan1(year), nextJan1 = SynthDay.jan1(year + 1), mid = SynthDay.from(year: year, month: 7, day: 1)
        let key = CounterRNG.mix(norway.config.key(.npr) ^ UInt64(year))

        // Presence window per person this year: [from, to).
        @Sendable @inline(__always) func window(_ i: Int) -> (Int32, Int32)? {
            var from = max(jan1, s.birth[i]), to = nextJan1
            if s.immigration[i] != SynthDay.missing { from = max(from, s.immigration[i]) }
            if d[i] != SynthDay.missing { to = min(to, d[i]) }
            if s.emigration[i] != SynthDay.missing { to = min(to, s.emigration[i]) }
            return from < to ? (from, to) : nil
        }

        // Normalisation: expected totals of the shape over persons present this year.
        let chunkSums = Parallel.chunkSums(count: n) { r -> (Double, Double, Double, Double) in
            var acc = (0.0, 0.0, 0.0, 0.0)
            for i in r {
                guard let (from, to) = window(i) else { continue }
                let share = Double(to - from) / Double(nextJan1 - jan1)
                let w = Self.useWeight(age: Double(mid - s.birth[i]) / SynthDay.yearLength, female: s.sex[i] == 2)
                acc.0 += w.patient * share
                acc.1 += w.patient * w.inpatient * share
                acc.2 += w.patient * w.day * share
                acc.3 += w.patient * w.outpatient * share
            }
            return acc
        }
        let sums = chunkSums.reduce((0.0, 0.0, 0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1, $0.2 + $1.2, $0.3 + $1.3) }
        let cfg = norway.config
        // Cancer contacts are on top of the base activity, so the base targets leave room for them
        // (≈ 9 extra contacts × ≈ 38 000 new cases a year, split 25/20/55 %).
        let extra = 9.0 * 38_000.0
        let patientFactor = min(1.0 / 0.95, Double(cfg.scaled(Self.patientsTarget)) / max(sums.0, 1))
        let inFactor = (Double(cfg.scaled(Self.inpatientTarget)) - cfg.scale * 0.25 * extra) / max(sums.1 * patientFactor, 1)
        let dayFactor = (Double(cfg.scaled(Self.dayTarget)) - cfg.scale * 0.20 * extra) / max(sums.2 * patientFactor, 1)
        // Every patient has at least one contact: outpatient counts are 1 + Poisson.
        let outFactor = max(0, Double(cfg.scaled(Self.outpatientTarget)) - cfg.scale * 0.55 * extra
                            - Double(cfg.scaled(Self.patientsTarget))) / max(sums.3 * patientFactor, 1)

        @Sendable @inline(__always) func plan(_ i: Int) -> Plan? {
            guard let (from, to) = window(i) else { return nil }
            var p = Plan()
            let lo = index.offsets[i], hi = index.offsets[i + 1]
            var st = UnitStream(key: key, unit: UInt64(i))
            // Cancer patients: extra contacts when this year meets their diagnosis window.
            if lo < hi {
                for k in lo..<hi {
                    let c = Int(index.cases[Int(k)])
                    let dx = cancer.diagnosis[c]
                    if dx + 730 < jan1 || dx - 60 >= nextJan1 { continue }
                    p.cancer += 1
                }
                p.cancerCases = (lo, hi)
            }
            let share = Double(to - from) / Double(nextJan1 - jan1)
            let w = Self.useWeight(age: Double(mid - s.birth[i]) / SynthDay.yearLength, female: s.sex[i] == 2)
            guard st.uniform() < w.patient * patientFactor * share || p.cancer > 0 else {
                return p.cancer > 0 ? p : nil
            }
            p.inpatient = Self.poisson(w.inpatient * inFactor, &st)
            p.day = Self.poisson(w.day * dayFactor, &st)
            p.outpatient = 1 + Self.poisson(w.outpatient * outFactor, &st)
            return p
        }

        // Cancer contacts of one person in this year: (date, level) pairs drawn per case.
        // Counted and generated from the same stream so the two passes agree.
        @Sendable @inline(__always) func cancerContacts(_ i: Int, _ p: Plan, _ emit: (Int32, UInt8, UInt16) -> Void) {
            guard p.cancer > 0 else { return }
            let (from, to) = window(i)!
            for k in p.cancerCases.0..<p.cancerCases.1 {
                let c = Int(index.cases[Int(k)])
                let dx = cancer.diagnosis[c]
                var st = UnitStream(key: key ^ 0x5bd1_e995, unit: UInt64(c))
                let stage = Int(cancer.stage[c])
                let mean = Self.cancerExtraContacts[stage >= 1 && stage <= 4 ? stage - 1 : 4]
                let total = Self.poisson(mean, &st)
                for _ in 0..<total {
                    let before = st.bernoulli(0.2)
                    let offset = before ? -Int32(st.below(60)) : Int32(min(729, st.exponential(mean: stage == 4 ? 70 : 120)))
                    let day = dx + offset
                    let u = st.uniform()
                    let level: UInt8 = u < (stage == 4 ? 0.35 : 0.22) ? 1 : u < 0.45 ? 2 : 3
                    if day >= from && day < to { emit(day, level, cancerCode[Int(cancer.icd[c])]) }
                }
            }
        }

        // Pass 1: stays and episodes per person.
        var stayCounts = [Int32](repeating: 0, count: n + 1)
        var episodeCounts = [Int32](repeating: 0, count: n + 1)
        stayCounts.withUnsafeMutableBufferPointer { sc in
            episodeCounts.withUnsafeMutableBufferPointer { ec in
                let sb = SharedBuffer(base: sc), eb = SharedBuffer(base: ec)
                Parallel.forChunks(count: n) { r in
                    for i in r {
                        guard let p = plan(i) else { continue }
                        var stays = p.outpatient + p.day + p.inpatient, episodes = stays
                        var tr = UnitStream(key: key ^ 0x7f4a_7c15, unit: UInt64(i))
                        for _ in 0..<p.inpatient where tr.bernoulli(0.15) { episodes += 1 }
                        var extraStays = 0, extraEpisodes = 0
                        cancerContacts(i, p) { _, _, _ in extraStays += 1; extraEpisodes += 1 }
                        stays += extraStays; episodes += extraEpisodes
                        sb[i + 1] = Int32(stays); eb[i + 1] = Int32(episodes)
                    }
                }
            }
        }
        for i in 0..<n { stayCounts[i + 1] += stayCounts[i]; episodeCounts[i + 1] += episodeCounts[i] }
        let nStays = Int(stayCounts[n]), nEpisodes = Int(episodeCounts[n])
        let stayOffsets = stayCounts, episodeOffsets = episodeCounts

        var out = Year(year: year)
        out.episodeID = [Int64](repeating: 0, count: nEpisodes)
        out.person = [Int32](repeating: 0, count: nEpisodes)
        out.stayIndex = [Int32](repeating: 0, count: nEpisodes)
        out.inDate = [Int32](repeating: 0, count: nEpisodes)
        out.outDate = [Int32](repeating: 0, count: nEpisodes)
        out.careLevel = [UInt8](repeating: 0, count: nEpisodes)
        out.urgency = [UInt8](repeating: 0, count: nEpisodes)
        out.diagnosis = [UInt16](repeating: 0, count: nEpisodes)
        out.municipality = [UInt16](repeating: 0, count: nEpisodes)
        out.stayID = [Int64](repeating: 0, count: nStays)
        out.stayFirstEpisode = [Int32](repeating: 0, count: nStays)
        out.stayEpisodes = [UInt8](repeating: 0, count: nStays)
        let base = Int64(year - 2000) * 1_000_000_000
        let inpatientChapters = self.inpatientChapters, outpatientChapters = self.outpatientChapters
        let chapterCodes = self.chapterCodes, womenOnly = womenOnlyChapter

        // Pass 2: dated stays, sorted by in-date within the person, expanded to episodes.
        withBuffers(&out) { b in
            Parallel.forChunks(count: n) { r in
                // Per-chunk scratch for one person's stays: (in, level, diagnosis); reused.
                var scratch: [(Int32, UInt8, UInt16, UInt8)] = []
                scratch.reserveCapacity(64)
                for i in r {
                    let s0 = Int(stayOffsets[i]), s1 = Int(stayOffsets[i + 1])
                    if s0 == s1 { continue }
                    let p = plan(i)!
                    let (from, to) = window(i)!
                    let female = s.sex[i] == 2
                    let age = Double(mid - s.birth[i]) / SynthDay.yearLength
                    var st = UnitStream(key: key ^ 0x2545_f491, unit: UInt64(i))
                    var tr = UnitStream(key: key ^ 0x7f4a_7c15, unit: UInt64(i))
                    scratch.removeAll(keepingCapacity: true)
                    func diagnosisCode(inpatient: Bool) -> UInt16 {
                        var ch = inpatient ? inpatientChapters.sample(&st) : outpatientChapters.sample(&st)
                        if ch == womenOnly && !(female && age >= 15 && age < 50) { ch = 17 }
                        if ch == 15 && age >= 1 { ch = 17 }
                        let codes = chapterCodes[ch]
                        return codes[st.below(codes.count)]
                    }
                    let span = Int(to - from)
                    for _ in 0..<p.inpatient {
                        let transfer: UInt8 = tr.bernoulli(0.15) ? 2 : 1
                        scratch.append((from + Int32(st.below(span)), 1, diagnosisCode(inpatient: true), transfer))
                    }
                    for _ in 0..<p.day { scratch.append((from + Int32(st.below(span)), 2, diagnosisCode(inpatient: false), 1)) }
                    for _ in 0..<p.outpatient { scratch.append((from + Int32(st.below(span)), 3, diagnosisCode(inpatient: false), 1)) }
                    cancerContacts(i, p) { day, level, icd in scratch.append((day, level, icd, 1)) }
                    // Insertion sort by in-date (a person has few stays).
                    if scratch.count > 1 {
                        for a in 1..<scratch.count {
                            let v = scratch[a]
                            var j = a - 1
                            while j >= 0 && scratch[j].0 > v.0 { scratch[j + 1] = scratch[j]; j -= 1 }
                            scratch[j + 1] = v
                        }
                    }
                    var e = Int(episodeOffsets[i])
                    for (k, stay) in scratch.enumerated() {
                        let si = s0 + k
                        b.stayID[si] = base + 500_000_000 + Int64(si)
                        b.stayFirstEpisode[si] = Int32(e)
                        b.stayEpisodes[si] = stay.3
                        let muni = residence.municipality(person: i, on: stay.0) ?? s.municipality[i]
                        var inDay = stay.0
                        let urgency: UInt8
                        if stay.1 == 1 {
                            let u = st.uniform()
                            urgency = u < 0.729 ? 1 : u < 0.994 ? 4 : 5
                        } else {
                            urgency = st.bernoulli(0.1) ? 1 : 4
                        }
                        for part in 0..<Int(stay.3) {
                            var outDay = inDay
                            if stay.1 == 1 {
                                // Nights: geometric with mean 4.1 split over the episodes of the stay.
                                let mean = Self.meanLengthOfStay / Double(stay.3)
                                let nights = Int32(st.exponential(mean: mean).rounded(.down))
                                outDay = min(inDay + nights, to - 1)
                            }
                            b.episodeID[e] = base + Int64(e)
                            b.person[e] = Int32(i)
                            b.stayIndex[e] = Int32(si)
                            b.inDate[e] = inDay
                            b.outDate[e] = outDay
                            b.careLevel[e] = stay.1
                            b.urgency[e] = part == 0 ? urgency : 5
                            b.diagnosis[e] = part == 0 ? stay.2 : stay.2
                            b.municipality[e] = muni
                            e += 1
                            inDay = outDay
                        }
                    }
                }
            }
        }
        return out
    }

    /// Poisson by inversion (means here are small).
    @inline(__always)
    static func poisson(_ mean: Double, _ st: inout UnitStream) -> Int {
        if mean <= 0 { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * st.normal()).rounded())) }
        let l = PortableMath.exp(-mean)
        var k = 0, p = st.uniform()
        while p > l { p *= st.uniform(); k += 1 }
        return k
    }

    struct Buffers: @unchecked Sendable {
        let episodeID: UnsafeMutableBufferPointer<Int64>, person: UnsafeMutableBufferPointer<Int32>
        let stayIndex: UnsafeMutableBufferPointer<Int32>, inDate: UnsafeMutableBufferPointer<Int32>
        let outDate: UnsafeMutableBufferPointer<Int32>, careLevel: UnsafeMutableBufferPointer<UInt8>
        let urgency: UnsafeMutableBufferPointer<UInt8>, diagnosis: UnsafeMutableBufferPointer<UInt16>
        let municipality: UnsafeMutableBufferPointer<UInt16>, stayID: UnsafeMutableBufferPointer<Int64>
        let stayFirstEpisode: UnsafeMutableBufferPointer<Int32>, stayEpisodes: UnsafeMutableBufferPointer<UInt8>
    }

    func withBuffers(_ y: inout Year, _ body: (Buffers) -> Void) {
        y.episodeID.withUnsafeMutableBufferPointer { a in
        y.person.withUnsafeMutableBufferPointer { b in
        y.stayIndex.withUnsafeMutableBufferPointer { c in
        y.inDate.withUnsafeMutableBufferPointer { d in
        y.outDate.withUnsafeMutableBufferPointer { e in
        y.careLevel.withUnsafeMutableBufferPointer { f in
        y.urgency.withUnsafeMutableBufferPointer { g in
        y.diagnosis.withUnsafeMutableBufferPointer { h in
        y.municipality.withUnsafeMutableBufferPointer { k in
        y.stayID.withUnsafeMutableBufferPointer { l in
        y.stayFirstEpisode.withUnsafeMutableBufferPointer { m in
        y.stayEpisodes.withUnsafeMutableBufferPointer { o in
            body(Buffers(episodeID: a, person: b, stayIndex: c, inDate: d, outDate: e, careLevel: f, urgency: g,
                         diagnosis: h, municipality: k, stayID: l, stayFirstEpisode: m, stayEpisodes: o))
        }}}}}}}}}}}}
    }
}
