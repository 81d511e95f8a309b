import Foundation

/// Person indices grouped by (pool, sex, birth year), so event generators can pick "a woman
/// born in 1950 who was living in Norway on a date" in O(1) without scanning the population.
/// Pool 0 holds the 1 Jan 2024 residents, pool 1 everyone else.
///
/// Next to each index it stores the person's span in Norway, packed `arrival << 32 | departure`
/// in the same order, so the common rejection test touches one cache line instead of four
/// scattered columns (random access into 9 M persons is what these generators spend time on).
struct CohortIndex: Sendable {
    static let firstYear = 1850
    static let years = 180
    let offsets: [Int32]
    let persons: [Int32]
    let spans: [Int64]
    /// Country of birth index for immigrants, 0 for the Norwegian-born, in position order.
    let origin: [UInt8]

    @inline(__always)
    static func key(pool: Int, female: Bool, birthYear: Int) -> Int {
        let y = min(max(birthYear - firstYear, 0), years - 1)
        return (pool * 2 + (female ? 1 : 0)) * years + y
    }

    /// `death` is the death date to use (background only, or including cancer deaths).
    init(_ s: PersonSkeleton, death: [Int32]) {
        let n = s.count
        let residentsEnd = s.residents.upperBound
        let keys: [Int32] = parallelFill(n, 0) { r, out in
            for i in r {
                out[i] = Int32(CohortIndex.key(pool: i < residentsEnd ? 0 : 1, female: s.sex[i] == 2,
                                               birthYear: SynthDay.year(s.birth[i])))
            }
        }
        var counts = [Int32](repeating: 0, count: 4 * CohortIndex.years + 1)
        for k in keys { counts[Int(k) + 1] += 1 }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        var cursor = counts
        var persons = [Int32](repeating: 0, count: n)
        var spans = [Int64](repeating: 0, count: n)
        var origin = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            let k = Int(keys[i])
            let at = Int(cursor[k])
            persons[at] = Int32(i)
            let arrive = s.immigration[i] != SynthDay.missing ? s.immigration[i] : s.birth[i]
            var leave = Int32.max
            if death[i] != SynthDay.missing { leave = death[i] }
            if s.emigration[i] != SynthDay.missing { leave = min(leave, s.emigration[i]) }
            spans[at] = Int64(arrive) << 32 | Int64(UInt32(bitPattern: leave))
            origin[at] = s.immigration[i] != SynthDay.missing ? s.country[i] : 0
            cursor[k] += 1
        }
        offsets = counts
        self.persons = persons
        self.spans = spans
        self.origin = origin
    }

    /// The positions of one (pool, sex, birth year) cell.
    @inline(__always)
    func range(pool: Int, female: Bool, birthYear: Int) -> Range<Int> {
        let k = CohortIndex.key(pool: pool, female: female, birthYear: birthYear)
        return Int(offsets[k])..<Int(offsets[k + 1])
    }

    /// Was the person at position `pos` living in Norway on `date`?
    @inline(__always)
    func present(at pos: Int, on date: Int32) -> Bool {
        let v = spans[pos]
        return Int32(truncatingIfNeeded: v >> 32) <= date && date < Int32(truncatingIfNeeded: v)
    }

    /// Draws up to `attempts` persons of a sex and birth year (from pool 0 and 1, or pool 1
    /// only) and returns the position of the first present on `date` that also passes
    /// `accept(person, position)`, or −1.
    @inline(__always)
    func pickPosition(_ st: inout UnitStream, female: Bool, birthYear: Int, presentOn date: Int32,
                      historyOnly: Bool = false, attempts: Int = 24, accept: (Int, Int) -> Bool) -> Int {
        let r0 = historyOnly ? 0..<0 : range(pool: 0, female: female, birthYear: birthYear)
        let r1 = range(pool: 1, female: female, birthYear: birthYear)
        let m = r0.count + r1.count
        if m == 0 { return -1 }
        for _ in 0..<attempts {
            let j = st.below(m)
            let pos = j < r0.count ? r0.lowerBound + j : r1.lowerBound + j - r0.count
            if !present(at: pos, on: date) { continue }
            if accept(Int(persons[pos]), pos) { return pos }
        }
        return -1
    }

    /// As `pickPosition`, returning the person index (or −1).
    @inline(__always)
    func pick(_ st: inout UnitStream, female: Bool, birthYear: Int, presentOn date: Int32,
              historyOnly: Bool = false, attempts: Int = 24, accept: (Int) -> Bool) -> Int32 {
        let pos = pickPosition(&st, female: female, birthYear: birthYear, presentOn: date,
                               historyOnly: historyOnly, attempts: attempts) { i, _ in accept(i) }
        return pos < 0 ? -1 : persons[pos]
    }
}
