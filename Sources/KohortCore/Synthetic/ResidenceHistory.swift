import Foundation

/// Residence spells by municipality, from arrival (birth or immigration, at the earliest the
/// history start) to departure (death, emigration or the end of data).
///
/// Moves between municipalities arrive as a Poisson process whose yearly rate depends on age
/// (0–17 4 %, 18–29 12 %, 30–44 5 %, 45–66 2.5 %, 67+ 1.5 %; **unsourced**); half of the moves
/// stay inside the county. Move times are drawn backwards from the end, so the spell covering
/// 1 Jan 2024 can be pinned to the skeleton's municipality (the sizes calibrated in
/// `Geography`); every other spell draws its municipality.
public struct ResidenceHistory: Sendable {
    /// Person index, municipality index (into `Geography.shared`), start, stop (exclusive;
    /// `SynthDay.missing` = ongoing at the end of data).
    public let person: [Int32]
    public let municipality: [UInt16]
    public let start: [Int32]
    public let stop: [Int32]

    /// Spells of person p are `personStart[p]..<personStart[p + 1]`, oldest first.
    public let personStart: [Int32]

    public var count: Int { person.count }

    /// Municipality of person `p` on `date`, or nil if not resident then.
    public func municipality(person p: Int, on date: Int32) -> UInt16? {
        for k in Int(personStart[p])..<Int(personStart[p + 1])
        where start[k] <= date && (stop[k] == SynthDay.missing || stop[k] > date) {
            return municipality[k]
        }
        return nil
    }

    @inline(__always)
    static func moveRate(age: Double) -> Double {
        age < 18 ? 0.04 : age < 30 ? 0.12 : age < 45 ? 0.05 : age < 67 ? 0.025 : 0.015
    }

    public init(skeleton s: PersonSkeleton, deathDate d: [Int32]) {
        let geo = Geography.shared
        var byCounty: [AliasTable] = []
        var members: [[UInt16]] = []
        for c in 0..<Geography.counties.count {
            let idx = (0..<geo.count).filter { Int(geo.countyIndex[$0]) == c }
            members.append(idx.map { UInt16($0) })
            byCounty.append(AliasTable(weights: idx.map { geo.population[$0] }))
        }
        let countyTables = byCounty, countyMembers = members
        let key = s.config.key(.residence)
        let historyStart = SynthDay.jan1(s.config.historyStartYear), end = PersonSkeleton.dataEnd
        let ref = PersonSkeleton.reference
        let chunk = Parallel.chunkSize
        let chunks = (s.count + chunk - 1) / chunk
        var parts = [ChunkSpells](repeating: ChunkSpells(), count: chunks)
        parts.withUnsafeMutableBufferPointer { buf in
            let out = SharedBuffer(base: buf)
            Parallel.forChunks(count: s.count, chunkSize: chunk) { range in
                var local = ChunkSpells()
                var times: [Int32] = []
                for i in range {
                    let arrive = max(historyStart, s.immigration[i] != SynthDay.missing ? s.immigration[i] : s.birth[i])
                    var leave = end
                    if d[i] != SynthDay.missing { leave = min(leave, d[i]) }
                    if s.emigration[i] != SynthDay.missing { leave = min(leave, s.emigration[i]) }
                    if leave <= arrive { continue }
                    var st = UnitStream(key: key, unit: UInt64(i))
                    // Backwards from `leave`: move times, newest first.
                    times.removeAll(keepingCapacity: true)
                    var t = leave
                    while true {
                        let age = Double(t - s.birth[i]) / SynthDay.yearLength
                        let gap = Int32(st.exponential(mean: 1 / ResidenceHistory.moveRate(age: age)) * SynthDay.yearLength) + 1
                        t -= gap
                        if t <= arrive { break }
                        times.append(t)
                    }
                    // Spells oldest first: [arrive, times.last), …, [times.first, leave).
                    let pinned = s.municipality[i]
                    let spells = times.count + 1
                    var prev: UInt16 = UInt16.max
                    for k in 0..<spells {
                        let a = k == 0 ? arrive : times[times.count - k]
                        let b = k == spells - 1 ? leave : times[times.count - 1 - k]
                        let coversRef = a <= ref && ref < b
                        let isLast = k == spells - 1
                        var m: UInt16
                        let pin = coversRef || (isLast && leave <= ref) || (isLast && arrive > ref)
                        if pin {
                            m = pinned
                        } else if st.bernoulli(0.5) {
                            let c = Int(geo.countyIndex[Int(pinned)])
                            m = countyMembers[c][countyTables[c].sample(&st)]
                        } else {
                            m = UInt16(geo.sampler.sample(&st))
                        }
                        if m == prev && !pin { m = UInt16(geo.sampler.sample(&st)) }
                        prev = m
                        local.person.append(Int32(i)); local.municipality.append(m)
                        local.start.append(a); local.stop.append(b == end ? SynthDay.missing : b)
                    }
                }
                out[range.lowerBound / chunk] = local
            }
        }
        person = parts.flatMap(\.person)
        municipality = parts.flatMap(\.municipality)
        start = parts.flatMap(\.start)
        stop = parts.flatMap(\.stop)
        var starts = [Int32](repeating: 0, count: s.count + 1)
        for p in person { starts[Int(p) + 1] += 1 }
        for p in 0..<s.count { starts[p + 1] += starts[p] }
        personStart = starts
    }

    /// Municipality of residence on `date` for every person (`UInt16.max` if not resident).
    public func municipality(on date: Int32, persons: Int) -> [UInt16] {
        var out = [UInt16](repeating: .max, count: persons)
        for k in 0..<count where start[k] <= date && (stop[k] == SynthDay.missing || stop[k] > date) {
            out[Int(person[k])] = municipality[k]
        }
        return out
    }
}

struct ChunkSpells: Sendable {
    var person: [Int32] = []
    var municipality: [UInt16] = []
    var start: [Int32] = []
    var stop: [Int32] = []
}
