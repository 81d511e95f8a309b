import Foundation

/// Municipality and county codes before the 2020 and 2024 reforms, for a person the
/// generator places in a 2024 municipality.
///
/// A 2024 code maps to the code valid on a date with the same code or name (Halden 3101 →
/// 3001 in 2020–23 → 0101 before 2020). A municipality formed by a merger (Indre Østfold,
/// 2020) has no namesake before it: its residents then get one of the codes of that time
/// in the predecessor counties that no 2024 municipality claims by name (Askim, Eidsberg,
/// Spydeberg, …), chosen per person and municipality so a person keeps it for life.
/// Predecessors are found by county: a municipality code's first two digits are its county
/// at the time, and `predecessors` lists the counties a 2024 county was made from.
enum CodeHistory {
    /// 2024 county → the counties of earlier code lists it covers (2020–23, then before
    /// 2020 / 2018 for Trøndelag). Counties not listed kept their code.
    static let predecessors: [String: [String]] = [
        "31": ["30", "01"], "32": ["30", "02"], "33": ["30", "06"], "34": ["04", "05"],
        "39": ["38", "07"], "40": ["38", "08"], "42": ["09", "10"], "46": ["12", "14"],
        "50": ["16", "17"], "55": ["54", "19"], "56": ["54", "20"],
    ]

    /// Per (2024 unit g, epoch e) of `sampler`: the candidates (dictionary codes valid in e)
    /// for units with no same-code or same-name code in e. Empty where `direct` has a code.
    static func fallbacks(sampler: CodeSampler, direct: [Int32], codes: [String]) -> [[Int32]] {
        let epochs = sampler.bounds.count
        var out = [[Int32]](repeating: [], count: direct.count)
        let countyOf = sampler.labels.map { String($0.prefix(2)) }
        for e in 0..<epochs {
            let claimed = Set((0..<codes.count).map { direct[$0 * epochs + e] }.filter { $0 >= 0 })
            for g in 0..<codes.count where direct[g * epochs + e] < 0 {
                let county = String(codes[g].prefix(2))
                let group = Set([county] + (predecessors[county] ?? []))
                let inGroup = sampler.members[e].filter { group.contains(countyOf[Int($0)]) }
                let orphans = inGroup.filter { !claimed.contains($0) }
                out[g * epochs + e] = orphans.isEmpty ? inGroup : orphans
            }
        }
        return out
    }

    /// A candidate for person `p` (stable over the person's rows), or nil if none.
    @inline(__always)
    static func pick(_ candidates: [Int32], person p: Int32, unit g: Int, key: UInt64) -> Int32? {
        guard !candidates.isEmpty else { return nil }
        let h = CounterRNG.mix(key ^ UInt64(UInt32(bitPattern: p)) << 16 ^ UInt64(g))
        return candidates[Int(h % UInt64(candidates.count))]
    }
}
