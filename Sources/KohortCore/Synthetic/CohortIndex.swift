import Foundation

/// Person indices grouped by (pool, sex, birth year), so event generators can pick "a woman
/// born in 1950 who was alive then" in O(1) without scanning the population.
/// Pool 0 holds the 1 Jan 2024 residents, pool 1 everyone else.
struct CohortIndex: Sendable {
    static let firstYear = 1850
    static let years = 180
    let offsets: [Int32]
    let persons: [Int32]

    @inline(__always)
    static func key(pool: Int, female: Bool, birthYear: Int) -> Int {
        let y = min(max(birthYear - firstYear, 0), years - 1)
        return (pool * 2 + (female ? 1 : 0)) * years + y
    }

    init(_ s: PersonSkeleton) {
        let n = s.count
        var keys = [Int32](repeating: 0, count: n)
        let residentsEnd = s.residents.upperBound
        var counts = [Int32](repeating: 0, count: 4 * CohortIndex.years + 1)
        for i in 0..<n {
            let k = CohortIndex.key(pool: i < residentsEnd ? 0 : 1, female: s.sex[i] == 2,
                                    birthYear: Day.year(s.birth[i]))
            keys[i] = Int32(k)
            counts[k + 1] += 1
        }
        for k in 1..<counts.count { counts[k] += counts[k - 1] }
        var cursor = counts
        var persons = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let k = Int(keys[i])
            persons[Int(cursor[k])] = Int32(i)
            cursor[k] += 1
        }
        offsets = counts
        self.persons = persons
    }

    /// The persons of one (pool, sex, birth year) cell.
    @inline(__always)
    func range(pool: Int, female: Bool, birthYear: Int) -> Range<Int> {
        let k = CohortIndex.key(pool: pool, female: female, birthYear: birthYear)
        return Int(offsets[k])..<Int(offsets[k + 1])
    }
}
