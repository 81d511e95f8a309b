import Foundation

/// Mother, father and spouse links (BEFOLKNING_MOR_FNR, _FAR_FNR, spouse), and marriages.
///
/// Parents are drawn for the Norwegian-born from the women and men of the right birth cohort
/// who were living in Norway when the child was born (mother's age ~ N(26→31 by era, 5), the
/// father ≈ 3 years older). Immigrants have no parent links, as in the register. Marriages are
/// matched per wife birth year, men in index order (deterministic on any core count), to an unmarried
/// woman ≈ 2 years younger present on the wedding day. A man's propensity to marry rises with
/// his wage person effect: this is the selection that the planted marriage effect on income
/// (docs/synthetic-truth.md, effect 4) must be separated from with person fixed effects.
public struct FamilyLinks: Sendable {
    /// Person index of the mother / father / spouse, or −1.
    public let mother: [Int32]
    public let father: [Int32]
    public let spouse: [Int32]
    public let marriage: [Int32]
    /// Divorce date of the marriage, or missing.
    public let divorce: [Int32]

    public init(skeleton s: PersonSkeleton, deathDate death: [Int32]) {
        let n = s.count
        let index = CohortIndex(s, death: death)
        let key = s.config.key(.family)
        @Sendable func present(_ i: Int, _ date: Int32) -> Bool {
            s.birth[i] <= date && (s.immigration[i] == SynthDay.missing || s.immigration[i] <= date)
                && (death[i] == SynthDay.missing || death[i] > date)
                && (s.emigration[i] == SynthDay.missing || s.emigration[i] > date)
        }
        // Children are visited in cohort-index order (grouped by birth year), so the parent
        // cohorts they draw from stay in cache; values are keyed by the child's index, so the
        // visiting order changes nothing.
        let parents: [Int64] = parallelFill(n, Int64(-1)) { r, out in
            for at in r {
                let i = Int(index.persons[at])
                let b = s.birth[i]
                let y = SynthDay.year(b)
                if index.origin[at] != 0 || y < 1925 { continue }
                var st = UnitStream(key: key, unit: UInt64(i))
                let meanAge = min(31, max(26, 26 + Double(y - 1960) * 0.1))
                let mAge = min(46, max(17, st.normal(mean: meanAge, sd: 5)))
                let mPos = index.pickPosition(&st, female: true, birthYear: y - Int(mAge.rounded()), presentOn: b) { _, _ in true }
                let mo: Int32 = mPos < 0 ? -1 : index.persons[mPos]
                let fAge = min(65, max(18, mAge + st.normal(mean: 3, sd: 4)))
                // Assortative couples: an immigrant mother's partner is usually an immigrant
                // from the same country, a Norwegian-born mother's usually Norwegian-born
                // (gives BEFOLKNING_INVKAT C ≈ 3 %; the register has 4.0 %, calibration.md §1).
                let momCountry = mPos < 0 ? 0 : index.origin[mPos]
                let sameOrigin = st.bernoulli(momCountry != 0 ? 0.9 : 0.8)
                let fy = y - Int(fAge.rounded())
                var fPos = index.pickPosition(&st, female: false, birthYear: fy, presentOn: b - 280,
                                              attempts: sameOrigin ? 40 : 24) { _, pos in
                    !sameOrigin || index.origin[pos] == momCountry
                }
                if fPos < 0 && sameOrigin && momCountry != 0 {
                    fPos = index.pickPosition(&st, female: false, birthYear: fy, presentOn: b - 280) { _, pos in
                        index.origin[pos] != 0
                    }
                }
                if fPos < 0 { fPos = index.pickPosition(&st, female: false, birthYear: fy, presentOn: b - 280) { _, _ in true } }
                let fa: Int32 = fPos < 0 ? -1 : index.persons[fPos]
                out[i] = (Int64(mo) << 32) | Int64(UInt32(bitPattern: fa))
            }
        }
        mother = parents.map { Int32(truncatingIfNeeded: $0 >> 32) }
        father = parents.map { Int32(truncatingIfNeeded: $0) }

        // Marriages. Each man's decision (marry?, wedding day, wife's birth year) is drawn in
        // parallel; the matching then runs per wife birth year, men in index order, so "already
        // married" is well defined and the result does not depend on thread timing (a group
        // only touches its own men and the women of one birth year).
        let mKey = s.config.key(.marriage), wKey = s.config.key(.personWage)
        let end = PersonSkeleton.dataEnd
        let plans: [Int64] = parallelFill(n, Int64(-1)) { r, out in
            for i in r where s.sex[i] == 1 {
                var st = UnitStream(key: mKey, unit: UInt64(i))
                let y = SynthDay.year(s.birth[i])
                let u = IncomePanel.personEffect(i, key: wKey)
                let p = (y < 1960 ? 0.78 : 0.62) * (1 + 0.35 * PortableMath.tanh(u / IncomePanel.personEffectSD))
                if !st.bernoulli(min(0.97, p)) { continue }
                let age = min(60, max(18, st.normal(mean: 26 + max(0, Double(y - 1950)) * 0.12, sd: 4)))
                let wed = s.birth[i] + Int32(age * SynthDay.yearLength)
                if wed >= end || !present(i, wed) { continue }
                let wifeYear = min(max(y + Int(st.normal(mean: 2, sd: 3).rounded()), CohortIndex.firstYear),
                                   CohortIndex.firstYear + CohortIndex.years - 1)
                out[i] = Int64(wifeYear - CohortIndex.firstYear) << 32 | Int64(UInt32(bitPattern: wed))
            }
        }
        var groupStart = [Int](repeating: 0, count: CohortIndex.years + 1)
        for v in plans where v >= 0 { groupStart[Int(v >> 32) + 1] += 1 }
        for g in 1..<groupStart.count { groupStart[g] += groupStart[g - 1] }
        var cursor = groupStart
        var grouped = [Int32](repeating: 0, count: groupStart[CohortIndex.years])
        for i in 0..<n where plans[i] >= 0 {
            let g = Int(plans[i] >> 32)
            grouped[cursor[g]] = Int32(i); cursor[g] += 1
        }
        var spouse = [Int32](repeating: -1, count: n)
        var marriage = [Int32](repeating: SynthDay.missing, count: n)
        var divorce = [Int32](repeating: SynthDay.missing, count: n)
        let groups = grouped, starts = groupStart, plan = plans
        spouse.withUnsafeMutableBufferPointer { spB in marriage.withUnsafeMutableBufferPointer { maB in
        divorce.withUnsafeMutableBufferPointer { diB in
            let sp = SharedBuffer(base: spB), ma = SharedBuffer(base: maB), di = SharedBuffer(base: diB)
            DispatchQueue.concurrentPerform(iterations: CohortIndex.years) { g in
                for k in starts[g]..<starts[g + 1] {
                    let i = Int(groups[k])
                    var st = UnitStream(key: mKey ^ 0xA5A5, unit: UInt64(i))
                    let wed = Int32(truncatingIfNeeded: plan[i])
                    let w = index.pick(&st, female: true, birthYear: g + CohortIndex.firstYear, presentOn: wed) { sp[$0] < 0 }
                    if w < 0 { continue }
                    sp[i] = w; sp[Int(w)] = Int32(i)
                    ma[i] = wed; ma[Int(w)] = wed
                    if st.bernoulli(0.3) {
                        let d = wed + Int32(st.exponential(mean: 12) * SynthDay.yearLength) + 30
                        if d < end { di[i] = d; di[Int(w)] = d }
                    }
                }
            }
        }}}
        self.spouse = spouse
        self.marriage = marriage
        self.divorce = divorce
    }

    /// Is person `i` married on `date`?
    @inline(__always)
    public func isMarried(_ i: Int, on date: Int32, deathDate: [Int32]) -> Bool {
        let sp = spouse[i]
        if sp < 0 || marriage[i] > date { return false }
        if divorce[i] != SynthDay.missing && divorce[i] <= date { return false }
        let ds = deathDate[Int(sp)]
        return ds == SynthDay.missing || ds > date
    }

    /// Marital status on `date` (Folkeregister codes: 1 unmarried, 2 married, 3 widowed,
    /// 4 divorced), for every person.
    public func maritalStatus(on date: Int32, deathDate: [Int32]) -> [UInt8] {
        let sp = spouse, mar = marriage, div = divorce
        return parallelFill(sp.count, UInt8(1)) { r, out in
            for i in r where sp[i] >= 0 && mar[i] <= date {
                if div[i] != SynthDay.missing && div[i] <= date { out[i] = 4; continue }
                let ds = deathDate[Int(sp[i])]
                out[i] = ds != SynthDay.missing && ds <= date ? 3 : 2
            }
        }
    }
}
