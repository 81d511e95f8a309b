/// The exact set of units behind one released statistic (its estimation sample after the `if`
/// condition, missing values and complete cases), kept by `QueryAudit` to refuse a later
/// statistic whose sample differs from it by a handful of units.
///
/// A sample is a *multiset* of unit ids: in a person dataset each unit appears once; in an
/// event dataset or a panel a unit appears once per row used, so dropping one spell or one
/// panel date of one person counts as a difference of one, exactly as dropping the person
/// from a person dataset does.
///
/// Three storages, whichever is smallest: a bitset over the id range (one bit per possible id,
/// 690 KB for 5.5 M dense person ids; comparison is an XOR and popcount) when every unit
/// appears once and the ids are dense; else, for a sample that is a large part of its
/// dataset, a bitset over the dataset's rows that keeps a reference to the dataset's id column
/// (shared copy-on-write, so a session's many samples of one dataset cost 1.2 MB each at
/// 9.4 M rows instead of 75 MB of sorted ids — the full-size person ids are sparse, spanning
/// 1.7·10¹⁰); else the sorted ids (compared by a merge). Both
/// comparisons stop as soon as the difference reaches the limit asked about, and are only
/// made when the sizes are within the limit and the fingerprints differ.
struct UnitSample: Sendable {
    /// Units of different types (persons, jobs, municipalities after `collapse`) never compare.
    let unitType: String
    /// Elements, with multiplicity.
    let count: Int
    /// A hash of the multiset (Σ mix(id) for sorted storage, a hash of the words for bitsets,
    /// of the row words and the id column's buffer for row bits): equal samples of one storage
    /// (row bits: over one id column) have equal fingerprints, and different ones of the same
    /// size collide with probability about 2⁻⁶⁴ — only then is the exact comparison skipped.
    let fingerprint: UInt64
    let storage: Storage

    enum Storage: Sendable {
        /// Bit k of word k / 64 is unit `base + k`.
        case bitset(base: Int64, words: [UInt64])
        /// Ascending, with repeats.
        case sorted([Int64])
        /// Bit r of word r / 64 is row r of `universe` (a dataset's ascending id column).
        case rows(universe: [Int64], bits: [UInt64])
    }

    /// The sample of the rows where `mask` holds (and, with `values`, the value is not NaN),
    /// over ascending `ids` (the dataset's unit id column). `idStrings`, when the ids index
    /// strings (units made by `collapse`), are hashed to stable 64-bit ids so that two datasets
    /// with the same string units agree. No closure per row: dense ids take one pass over the
    /// ids (5.5 M: about 12–25 ms with an -O build on the shared 2-core machine).
    /// `universe`, when given, is the array behind `ids`: when the column is sparse and the
    /// sample large, the sample is row bits over it, packed from the mask without reading or
    /// hashing the ids (`rowBits`), instead of a copy of its ids.
    init(unitType: String, ids: UnsafeBufferPointer<Int64>, idStrings: [String]?,
         mask: UnsafeBufferPointer<Bool>, values: UnsafeBufferPointer<Double>?, universe: [Int64]? = nil) {
        precondition(mask.count == ids.count)
        self.init(unitType: unitType, ids: ids, idStrings: idStrings, rows: mask, values: values, universe: universe)
    }

    /// As above with `rows` nil meaning every row (no mask to allocate for whole-dataset
    /// statistics; only the NaN values of `values`, if given, are left out).
    init(unitType: String, ids: UnsafeBufferPointer<Int64>, idStrings: [String]?,
         rows mask: UnsafeBufferPointer<Bool>?, values: UnsafeBufferPointer<Double>?, universe: [Int64]? = nil) {
        precondition((mask?.count ?? ids.count) == ids.count && (values?.count ?? ids.count) == ids.count)
        @inline(__always) func taken(_ i: Int) -> Bool { (mask?[i] ?? true) && !(values?[i].isNaN ?? false) }
        var triedRows = false
        // Large sparse samples (the full-size person ids span 1.7·10¹⁰): row bits over the
        // shared id column, packed 64 rows at a time on both cores, no per-row hashing.
        if idStrings == nil, let universe, universe.count == ids.count, ids.count > 0,
           ids[ids.count - 1].subtractingReportingOverflow(ids[0]).overflow || ids[ids.count - 1] - ids[0] >= Int64(ids.count) * 64 {
            let (bits, count) = UnitSample.rowBits(rowCount: ids.count, mask: mask, values: values)
            if count * 64 > ids.count {
                self.init(unitType: unitType, count: count, fingerprint: UnitSample.rowFingerprint(universe: universe, bits: bits),
                          storage: .rows(universe: universe, bits: bits))
                return
            }
            triedRows = true
        }
        var first = 0, last = ids.count - 1
        while first < ids.count && !taken(first) { first += 1 }
        while last >= first && !taken(last) { last -= 1 }
        // Dense ids (a person dataset): one branch-free pass ORs each taken row's bit in and
        // notes any repeated id in the range; the count is the popcount. Repeated ids (event
        // data, panels) or sparse ones (range beyond 64 × the rows spanned, so no huge bitset
        // is ever allocated) take the sorted storage below. (A sample is compared exactly
        // whatever its storage; the storage only decides speed and size.)
        if idStrings == nil, first <= last, case let (span, overflow) = ids[last].subtractingReportingOverflow(ids[first]),
           !overflow, span < Int64(last - first + 1) * 64 {
            let lo = ids[first]
            var words = [UInt64](repeating: 0, count: Int(span / 64) + 1)
            var repeated = false
            words.withUnsafeMutableBufferPointer { w in
                var previous = lo &- 1
                for i in first...last {
                    let id = ids[i], k = Int(id &- lo)
                    var t: UInt64 = 1
                    if let mask { t = UInt64(mask[i] ? 1 : 0) }
                    if let values { t &= UInt64(values[i].isNaN ? 0 : 1) }
                    w[k >> 6] |= t << UInt64(k & 63)
                    repeated = repeated || id == previous
                    previous = id
                }
            }
            let count = words.reduce(0) { $0 + $1.nonzeroBitCount }
            if !repeated && span < Int64(count) * 64 {
                self.init(unitType: unitType, count: count, fingerprint: UnitSample.fingerprint(base: lo, words: words),
                          storage: .bitset(base: lo, words: words))
                return
            }
        }
        if idStrings == nil, !triedRows, let universe, universe.count == ids.count, first <= last {
            let (bits, count) = UnitSample.rowBits(rowCount: ids.count, mask: mask, values: values)
            if count * 64 > ids.count {
                self.init(unitType: unitType, count: count, fingerprint: UnitSample.rowFingerprint(universe: universe, bits: bits),
                          storage: .rows(universe: universe, bits: bits))
                return
            }
        }
        var selected: [Int64] = []
        if first <= last {
            selected.reserveCapacity(last - first + 1)
            for i in first...last where taken(i) { selected.append(ids[i]) }
        }
        if let idStrings { selected = selected.map { UnitSample.stableID(idStrings[Int($0)]) }.sorted() }
        let repeats = zip(selected, selected.dropFirst()).contains { $0 == $1 }
        self.init(unitType: unitType, sorted: selected, repeats: repeats)
    }

    private init(unitType: String, count: Int, fingerprint: UInt64, storage: Storage) {
        self.unitType = unitType; self.count = count; self.fingerprint = fingerprint; self.storage = storage
    }

    /// The rows `rows` (ascending) of `universe` (a dataset's ascending id column): row bits
    /// when the sample is over 1/64 of the rows (smaller than its ids), else its ids.
    init(unitType: String, universe: [Int64], rows: [Int]) {
        if rows.count * 64 > universe.count {
            var bits = [UInt64](repeating: 0, count: universe.count / 64 + 1)
            bits.withUnsafeMutableBufferPointer { w in
                for r in rows { w[r >> 6] |= 1 << UInt64(r & 63) }
            }
            self.init(unitType: unitType, count: rows.count, fingerprint: UnitSample.rowFingerprint(universe: universe, bits: bits),
                      storage: .rows(universe: universe, bits: bits))
            return
        }
        let ids = universe.withUnsafeBufferPointer { b in rows.map { b[$0] } }
        self.init(unitType: unitType, sorted: ids, repeats: zip(ids, ids.dropFirst()).contains { $0 == $1 })
    }

    /// From ascending ids (with repeats when `repeats`).
    init(unitType: String, sorted ids: [Int64], repeats: Bool) {
        guard !repeats, let lo = ids.first, let hi = ids.last,
              hi.subtractingReportingOverflow(lo).overflow == false, hi - lo < Int64(ids.count) * 64 else {
            let fp = ids.reduce(UInt64(0)) { $0 &+ UnitSample.mix(UInt64(bitPattern: $1)) }
            self.init(unitType: unitType, count: ids.count, fingerprint: fp, storage: .sorted(ids))
            return
        }
        var words = [UInt64](repeating: 0, count: Int((hi - lo) / 64) + 1)
        words.withUnsafeMutableBufferPointer { w in
            for id in ids { let k = Int(id - lo); w[k >> 6] |= 1 << UInt64(k & 63) }
        }
        self.init(unitType: unitType, count: ids.count, fingerprint: UnitSample.fingerprint(base: lo, words: words),
                  storage: .bitset(base: lo, words: words))
    }

    /// Row bits of the rows taken (`mask`, nil = all, and a non-NaN value when `values` is
    /// given), 64 rows per word, built branch-free in chunks on both cores; and their count.
    /// About 9.4 M rows → 147 000 words: a few milliseconds, where hashing every taken id took
    /// about 20.
    static func rowBits(rowCount n: Int, mask: UnsafeBufferPointer<Bool>?, values: UnsafeBufferPointer<Double>?) -> (bits: [UInt64], count: Int) {
        let wordCount = n / 64 + 1
        var bits = [UInt64](repeating: 0, count: wordCount)
        let wordsPerChunk = 2048   // 131 072 rows
        let counts = bits.withUnsafeMutableBufferPointer { w -> [Int] in
            nonisolated(unsafe) let w = w, mask = mask, values = values
            return Parallel.chunkSums(count: wordCount, chunkSize: wordsPerChunk) { words in
                var total = 0
                for k in words {
                    let start = k * 64, end = Swift.min(n, start + 64)
                    guard start < end else { continue }
                    var word: UInt64 = 0
                    if let mask {
                        mask.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: n) { m in
                            for i in start..<end { word |= UInt64(m[i] & 1) << UInt64(i - start) }
                        }
                    } else {
                        word = end - start == 64 ? ~0 : (1 << UInt64(end - start)) - 1
                    }
                    if let values {
                        var ok: UInt64 = 0
                        for i in start..<end { ok |= UInt64(values[i].isNaN ? 0 : 1) << UInt64(i - start) }
                        word &= ok
                    }
                    w[k] = word
                    total += word.nonzeroBitCount
                }
                return total
            }
        }
        return (bits, counts.reduce(0, +))
    }

    /// A row-bit sample's fingerprint: its words and the identity of the id column they index.
    /// Every sample keeps its column alive, so two live columns never share a buffer address;
    /// equal words over one column are the same rows, hence the same units.
    static func rowFingerprint(universe: [Int64], bits: [UInt64]) -> UInt64 {
        let address = universe.withUnsafeBufferPointer { UInt64(UInt(bitPattern: $0.baseAddress)) }
        return fingerprint(base: Int64(bitPattern: mix(address)), words: bits)
    }

    /// A bitset's fingerprint, over its words (86 000 for 5.5 M ids) rather than its ids. The
    /// same set always gets the same base and words, so equal bitsets have equal fingerprints;
    /// a bitset and a sorted array of the same set do not (they are then compared exactly).
    static func fingerprint(base: Int64, words: [UInt64]) -> UInt64 {
        var fp = mix(UInt64(bitPattern: base))
        for (k, w) in words.enumerated() where w != 0 { fp = fp &+ mix(w ^ mix(UInt64(k))) }
        return fp
    }

    /// Bytes held (for the audit's memory note in the docs and the benchmark).
    var bytes: Int {
        switch storage {
        case .bitset(_, let w): w.count * 8
        case .sorted(let s): s.count * 8
        case .rows(_, let b): b.count * 8
        }
    }

    /// |self Δ other| (multiset symmetric difference), or `limit` if it is at least `limit`.
    func difference(_ other: UnitSample, limit: Int) -> Int {
        if abs(count - other.count) >= limit { return limit }
        if count == other.count && fingerprint == other.fingerprint { return 0 }
        switch (storage, other.storage) {
        case let (.bitset(b1, w1), .bitset(b2, w2)):
            return UnitSample.bitsetDifference(b1, w1, b2, w2, limit: limit)
        case let (.rows(u1, r1), .rows(u2, r2)) where UnitSample.sameBuffer(u1, u2) && UnitSample.strictlyAscending(u1):
            // Rows of one id column without repeats: row r is the same unit in both, so XOR the
            // row bits. (With repeats — events, panels — two rows of one unit are one element
            // of the multiset, so the ids are merged instead, as for every other pair.)
            return UnitSample.bitsetDifference(0, r1, 0, r2, limit: limit)
        default:
            return UnitSample.mergeDifference(sortedIDs, other.sortedIDs, limit: limit)
        }
    }

    static func strictlyAscending(_ ids: [Int64]) -> Bool {
        ids.withUnsafeBufferPointer { p in
            var ok = true
            if p.count > 1 { for i in 1..<p.count where p[i] <= p[i - 1] { ok = false; break } }
            return ok
        }
    }

    /// Whether two id columns are one array buffer (then equal, row for row).
    static func sameBuffer(_ a: [Int64], _ b: [Int64]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in p.baseAddress == q.baseAddress } }
    }

    var sortedIDs: [Int64] {
        switch storage {
        case .sorted(let s): return s
        case .rows(let universe, let bits):
            var out: [Int64] = []
            out.reserveCapacity(count)
            universe.withUnsafeBufferPointer { ids in
                for (k, w) in bits.enumerated() where w != 0 {
                    var b = w
                    while b != 0 { out.append(ids[k * 64 + b.trailingZeroBitCount]); b &= b - 1 }
                }
            }
            return out
        case .bitset(let base, let words):
            var out: [Int64] = []
            out.reserveCapacity(count)
            for (k, w) in words.enumerated() where w != 0 {
                var bits = w
                while bits != 0 {
                    let t = bits.trailingZeroBitCount
                    out.append(base + Int64(k * 64 + t))
                    bits &= bits - 1
                }
            }
            return out
        }
    }

    static func bitsetDifference(_ b1: Int64, _ w1: [UInt64], _ b2: Int64, _ w2: [UInt64], limit: Int) -> Int {
        // Align on the lower base; the bases differ by a multiple of 64 only by chance, so
        // shift the higher one's words into the lower one's frame.
        if b2 < b1 { return bitsetDifference(b2, w2, b1, w1, limit: limit) }
        let offset = b2 - b1  // ≥ 0
        let wordShift = Int(offset / 64), bitShift = UInt64(offset % 64)
        let total = max(w1.count, wordShift + w2.count + 1)
        var diff = 0
        w1.withUnsafeBufferPointer { a in
            w2.withUnsafeBufferPointer { b in
                for k in 0..<total {
                    // Word k of the second set in the first set's frame.
                    var v: UInt64 = 0
                    let j = k - wordShift
                    if j >= 0 && j < b.count { v |= b[j] << bitShift }
                    if bitShift > 0 && j - 1 >= 0 && j - 1 < b.count { v |= b[j - 1] >> (64 - bitShift) }
                    let u: UInt64 = k < a.count ? a[k] : 0
                    diff += (u ^ v).nonzeroBitCount
                    if diff >= limit { return }
                }
            }
        }
        return min(diff, limit)
    }

    static func mergeDifference(_ a: [Int64], _ b: [Int64], limit: Int) -> Int {
        var i = 0, j = 0, diff = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { i += 1; j += 1 }
            else if a[i] < b[j] { diff += 1; i += 1 }
            else { diff += 1; j += 1 }
            if diff >= limit { return limit }
        }
        return min(limit, diff + (a.count - i) + (b.count - j))
    }

    /// SplitMix64's finaliser: a bijective mix, so distinct ids get unrelated fingerprint terms.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a of the UTF-8 bytes, mixed: the same string unit gets the same id in every dataset.
    static func stableID(_ s: String) -> Int64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int64(bitPattern: mix(h))
    }
}
