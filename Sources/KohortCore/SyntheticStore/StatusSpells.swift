import Foundation

/// STATUS variables as spells: a value valid from a start date to a stop date, as the real
/// registers keep them, so `import db/VAR 2007-06-15` finds the value valid on any day of
/// the variable's validity (not only on 1 January of a few years). A spell is also one row
/// where yearly snapshots were one row per year, so the cache is smaller.
///
/// Rows are `[start, stop]` with an inclusive stop that is always set (a spell still valid
/// at the end of data stops on 2025-12-31), spells of a unit do not overlap, and a spell is
/// cut where the variable's code list changes (1 Jan 2020, 1 Jan 2024 for municipalities),
/// so each row's value is a code valid on every day of the row.
extension FrameBuilder {
    /// Mean years between changes of a generic STATUS value, fixed per variable (2–12 years).
    static func meanSpellYears(key: UInt64) -> Double { 2 + 10 * CounterRNG.unit(CounterRNG.mix(key ^ 0x5B)) }

    /// The dates where a code list's set of valid codes changes (validFrom, day after validTo).
    static func codeListCuts(_ list: CodeList?) -> [Int32] {
        guard let list else { return [] }
        var cuts = Set<Int32>()
        for e in list.entries {
            if let f = e.validFrom { cuts.insert(f.value) }
            if let t = e.validTo { cuts.insert(t.value + 1) }
        }
        return cuts.sorted()
    }

    /// Cuts `[lo, hi)` into pieces at change times (a Poisson process with mean gap
    /// `meanYears`, none when infinite) and at `cuts`. Emits (start, inclusive stop, origin):
    /// origin is the start of the spell the piece belongs to (a change starts a spell, a cut
    /// only a piece).
    @inline(__always)
    static func spells(lo: Int32, hi: Int32, meanYears: Double, cuts: [Int32], _ st: inout UnitStream,
                       _ emit: (Int32, Int32, Int32) -> Void) {
        @inline(__always) func gap(_ st: inout UnitStream) -> Int32 {
            meanYears.isFinite ? 1 + Int32(min(50_000, st.exponential(mean: meanYears * SynthDay.yearLength))) : Int32.max / 2
        }
        var c = 0
        while c < cuts.count && cuts[c] <= lo { c += 1 }
        var t = lo, origin = lo
        var next = lo &+ gap(&st)
        if next < lo { next = Int32.max }
        while t < hi {
            let cut = c < cuts.count ? cuts[c] : Int32.max
            let end = min(hi, next, cut)
            emit(t, end - 1, origin)
            t = end
            if end == next {
                origin = end
                let n = end &+ gap(&st)
                next = n < end ? Int32.max : n
            }
            if end == cut { c += 1 }
        }
    }

    /// The generic STATUS frame: each unit's presence inside the validity, as spells.
    static func statusFrame(_ pop: UnitPopulation, _ v: CatalogueVariable, key: UInt64, keep: [Bool]?,
                            cuts: [Int32], meanYears: Double?) -> RowFrame {
        let (from, to) = validity(v)
        let years = meanYears ?? meanSpellYears(key: key)
        @Sendable func pieces(_ u: Int, _ emit: (Int32, Int32, Int32) -> Void) {
            if let keep, !keep[u] { return }
            let lo = max(pop.entry[u], from), hi = min(pop.exit[u], to)
            guard lo < hi else { return }
            var st = UnitStream(key: key ^ 0x5C, unit: UInt64(u))
            spells(lo: lo, hi: hi, meanYears: years, cuts: cuts, &st, emit)
        }
        return buildSpells(pop, perUnit: { u in var k = 0; pieces(u) { _, _, _ in k += 1 }; return k },
                           fill: { u, emit in pieces(u, emit) })
    }

    /// As `build`, for spells: emit (start, inclusive stop, origin); the row's ref is its start.
    static func buildSpells(_ pop: UnitPopulation, perUnit: @Sendable (Int) -> Int,
                            fill: @Sendable (Int, (Int32, Int32, Int32) -> Void) -> Void) -> RowFrame {
        let n = pop.count
        let starts = FrameBuilder.rowStarts(units: n, perUnit: perUnit)
        var frame = RowFrame(count: starts[n], withOrigin: true)
        frame.withBuffers { b in
            Parallel.forChunks(count: n) { r in
                for u in r {
                    var k = starts[u]
                    fill(u) { start, stop, origin in
                        b.ids[k] = pop.ids[u]; b.starts[k] = start; b.stops[k] = stop
                        b.unit[k] = Int32(u); b.person[k] = pop.person[u]; b.ref[k] = start; b.origin[k] = origin
                        k += 1
                    }
                }
            }
        }
        return frame
    }
}
