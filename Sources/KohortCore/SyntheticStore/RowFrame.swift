import Foundation

/// The rows of one variable before it has values: unit id × start × stop, plus what a value
/// generator needs to stay consistent (the unit's index in its population, the person behind
/// it, and the date the value must be valid on). Rows are in store order (id, start).
struct RowFrame: Sendable {
    var ids: [Int64] = []
    var starts: [Int32] = []
    var stops: [Int32] = []
    /// Index of the unit in its population (stable across the variables of that unit type).
    var unit: [Int32] = []
    /// Person index behind the row (the person, the case's person, the job holder…), or -1.
    var person: [Int32] = []
    /// The date the value holds on: code lists are drawn from the codes valid that day.
    var ref: [Int32] = []
    /// STATUS spells only (else empty): the start of the spell before it was cut at code-list
    /// changes. Generic values are keyed by it, so the pieces of one spell share a value
    /// while the code stays valid.
    var origin: [Int32] = []

    var count: Int { ids.count }

    init() {}

    init(count n: Int, withOrigin: Bool = false) {
        if withOrigin { origin = [Int32](repeating: 0, count: n) }
        ids = [Int64](repeating: 0, count: n)
        starts = [Int32](repeating: 0, count: n)
        stops = [Int32](repeating: 0, count: n)
        unit = [Int32](repeating: 0, count: n)
        person = [Int32](repeating: -1, count: n)
        ref = [Int32](repeating: 0, count: n)
    }

    struct Buffers: @unchecked Sendable {
        let ids: UnsafeMutableBufferPointer<Int64>, starts: UnsafeMutableBufferPointer<Int32>
        let stops: UnsafeMutableBufferPointer<Int32>, unit: UnsafeMutableBufferPointer<Int32>
        let person: UnsafeMutableBufferPointer<Int32>, ref: UnsafeMutableBufferPointer<Int32>
        let origin: UnsafeMutableBufferPointer<Int32>
    }

    mutating func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        ids.withUnsafeMutableBufferPointer { a in
        starts.withUnsafeMutableBufferPointer { b in
        stops.withUnsafeMutableBufferPointer { c in
        unit.withUnsafeMutableBufferPointer { d in
        person.withUnsafeMutableBufferPointer { e in
        ref.withUnsafeMutableBufferPointer { f in
        origin.withUnsafeMutableBufferPointer { g in
            body(Buffers(ids: a, starts: b, stops: c, unit: d, person: e, ref: f, origin: g))
        }}}}}}}
    }
}

/// A population of units of one type, in ascending id order, with the period each unit
/// exists: `[entry, exit)`, `exit` = 2026-01-01 for units that still exist.
struct UnitPopulation: Sendable {
    let unitType: String
    let ids: [Int64]
    let entry: [Int32]
    let exit: [Int32]
    /// Person index behind each unit, or -1.
    let person: [Int32]

    var count: Int { ids.count }
}

/// The calendar the synthetic store lays STATUS, ACCUMULATED and EVENT rows on.
public enum SyntheticCalendar {
    /// ACCUMULATED variables cover the calendar years of their validity from this year…
    public static let accumulatedFirstYear = 1964
    /// …to this one (income years: 2025 is not closed).
    public static let accumulatedLastYear = 2024
    /// Monthly job (a-ordningen) data: STATUS on the 16th, ACCUMULATED over the month.
    /// Four years, not 2015–2025, to keep a full-size job variable near 2 GB (see docs).
    public static let jobYears = 2022...2025
    /// EVENT spells of generic variables start no earlier than this.
    public static let eventStart = SynthDay.jan1(1990)
    /// End of data: nothing is dated on or after it.
    public static let dataEnd = SynthDay.jan1(2026)
    /// The stop date FIXED rows carry.
    public static let fixedStop = SyntheticNorway.fixedStop
}

enum FrameBuilder {
    /// Validity of a catalogue variable as days (open ends → the data window).
    static func validity(_ v: CatalogueVariable) -> (Int32, Int32) {
        let from = v.validFrom.map { $0.value } ?? SynthDay.jan1(1900)
        let to = v.validTo.map { $0.value + 1 } ?? SyntheticCalendar.dataEnd
        return (from, min(to, SyntheticCalendar.dataEnd))
    }

    /// Years of ACCUMULATED periods: every calendar year that overlaps the validity, from
    /// the variable's valid-from (at the earliest `SyntheticCalendar.historyStart`) to its last
    /// closed year (2024: the 2025 income year is not closed).
    static func accumulatedYears(_ v: CatalogueVariable) -> [Int] {
        let (from, to) = validity(v)
        let first = max(SynthDay.year(from), SyntheticCalendar.accumulatedFirstYear)
        let last = min(SynthDay.year(to - 1), SyntheticCalendar.accumulatedLastYear)
        return first <= last ? Array(first...last) : lastYears(from: from, to: to)
    }

    static func lastYears(from: Int32, to: Int32) -> [Int] {
        let last = SynthDay.year(to - 1), first = SynthDay.year(from)
        return Array(max(first, last - 2)...last)
    }

    /// Generic frame of a temporality over a population, restricted to `keep` (if given).
    /// `key` keys the EVENT spell draws (per variable).
    /// STATUS frames are spells (StatusSpells.swift), cut at `cuts` (code-list changes) and
    /// changing every `meanYears` on average (nil: a per-variable rate; infinity: never).
    static func frame(_ pop: UnitPopulation, _ v: CatalogueVariable, key: UInt64, keep: [Bool]? = nil,
                      cuts: [Int32] = [], meanYears: Double? = nil) -> RowFrame {
        let (from, to) = validity(v)
        switch v.temporality {
        case .fixed:
            return build(pop, perUnit: { u in
                if let keep, !keep[u] { return 0 }
                return pop.entry[u] < to && pop.exit[u] > from ? 1 : 0
            }, fill: { u, _, emit in
                if let keep, !keep[u] { return }
                guard pop.entry[u] < to && pop.exit[u] > from else { return }
                emit(SynthDay.missing, SyntheticCalendar.fixedStop, max(pop.entry[u], from))
            })
        case .status:
            return statusFrame(pop, v, key: key, keep: keep, cuts: cuts, meanYears: meanYears)
        case .accumulated:
            let years = accumulatedYears(v)
            return build(pop, perUnit: { u in
                if let keep, !keep[u] { return 0 }
                var k = 0
                for y in years where pop.entry[u] < SynthDay.jan1(y + 1) && pop.exit[u] > SynthDay.jan1(y) { k += 1 }
                return k
            }, fill: { u, _, emit in
                if let keep, !keep[u] { return }
                for y in years where pop.entry[u] < SynthDay.jan1(y + 1) && pop.exit[u] > SynthDay.jan1(y) {
                    emit(SynthDay.jan1(y), SynthDay.jan1(y + 1) - 1, SynthDay.jan1(y))
                }
            })
        case .event:
            // 0–3 non-overlapping spells inside the unit's life and the validity, from 1990.
            let share = 0.15 + 0.5 * CounterRNG.unit(CounterRNG.mix(key ^ 0x51))
            let meanYears = 0.5 + 4 * CounterRNG.unit(CounterRNG.mix(key ^ 0x52))
            @Sendable func spells(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
                if let keep, !keep[u] { return }
                let lo = max(pop.entry[u], from, SyntheticCalendar.eventStart), hi = min(pop.exit[u], to)
                guard lo < hi else { return }
                var st = UnitStream(key: key ^ 0xE7, unit: UInt64(u))
                guard st.uniform() < share else { return }
                let n = 1 + st.below(3)
                var t = lo + Int32(st.below(Int(min(hi - lo, 3650))))
                for k in 0..<n {
                    guard t < hi else { return }
                    let length = Int32(st.exponential(mean: meanYears * 365))
                    let end = t + length
                    if end >= hi || k == n - 1 && st.bernoulli(0.3) {
                        // Ongoing at the end of data, or closed when the unit ends.
                        emit(t, hi == SyntheticCalendar.dataEnd && pop.exit[u] == SyntheticCalendar.dataEnd
                             ? SynthDay.missing : hi - 1, t)
                        return
                    }
                    emit(t, end, t)
                    t = end + 1 + Int32(st.exponential(mean: 365))
                }
            }
            return build(pop, perUnit: { u in var k = 0; spells(u) { _, _, _ in k += 1 }; return k },
                         fill: { u, _, emit in spells(u, emit) })
        }
    }

    /// Where each unit's rows begin (n + 1 entries, the last = the row count): the count pass
    /// on both cores, then a prefix sum. Shared by row and spell frames.
    static func rowStarts(units n: Int, perUnit: @Sendable (Int) -> Int) -> [Int] {
        var offsets = [Int](repeating: 0, count: n + 1)
        offsets.withUnsafeMutableBufferPointer { o in
            let b = SharedBuffer(base: o)
            Parallel.forChunks(count: n) { r in for u in r { b[u + 1] = perUnit(u) } }
        }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        return offsets
    }

    /// Count pass, prefix sum, fill pass over the population, both cores.
    static func build(_ pop: UnitPopulation, perUnit: @Sendable (Int) -> Int,
                      fill: @Sendable (Int, Int, (Int32, Int32, Int32) -> Void) -> Void) -> RowFrame {
        let n = pop.count
        let starts = FrameBuilder.rowStarts(units: n, perUnit: perUnit)
        var frame = RowFrame(count: starts[n])
        frame.withBuffers { b in
            Parallel.forChunks(count: n) { r in
                for u in r {
                    var k = starts[u]
                    fill(u, k) { start, stop, ref in
                        b.ids[k] = pop.ids[u]
                        b.starts[k] = start
                        b.stops[k] = stop
                        b.unit[k] = Int32(u)
                        b.person[k] = pop.person[u]
                        b.ref[k] = ref
                        k += 1
                    }
                }
            }
        }
        return frame
    }
}
