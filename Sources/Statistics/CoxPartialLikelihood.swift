/// The Cox partial likelihood over risk sets, with its derivatives and score residuals.
///
/// Subjects are visited from the latest time backwards, so the risk-set sums S₀ = Σe^η,
/// S₁ = Σe^η x, S₂ = Σe^η xxᵀ grow by addition only: one pass per evaluation, O(N·K²).
/// A tied death set of size d contributes, for l = 0…d−1, the risk set reduced by the
/// fraction f = l/d of the deaths' own sums (Efron) or f = 0 (Breslow).
/// With delayed entry (counting-process data, (entry, exit]), a subject leaves the sums again
/// once the sweep passes below its entry time, so register spells and age as the time scale
/// work without splitting.
struct PartialLikelihood {
    /// Centred covariates, row-major n×k, rows in ascending time order.
    let x: [Double]
    let k: Int
    /// Times ascending, and the matching 0/1 events.
    let time: [Double]
    let event: [Double]
    let efron: Bool
    /// Row positions 0..<n (the data are already sorted; kept so the loops read as risk sets).
    let order: [Int]
    /// Runs of equal time: (start, end) position ranges, ascending.
    let tieGroups: [(Int, Int)]
    /// Entry times in the same (exit-time) order, and positions by descending entry.
    let entry: [Double]?
    let byEntryDescending: [Int]
    /// Deaths per tie group, and the groups' split into parallel parts (CoxGroupedLikelihood).
    let deathCounts: [Int]
    let partitions: [Range<Int>]

    init(x: [Double], k: Int, time: [Double], event: [Double], efron: Bool, entry: [Double]? = nil) {
        self.entry = entry
        byEntryDescending = entry.map { e in e.indices.sorted { e[$0] > e[$1] } } ?? []
        self.x = x
        self.k = k
        self.time = time
        self.event = event
        self.efron = efron
        order = Array(0..<time.count)
        var groups: [(Int, Int)] = []
        var s = 0
        while s < time.count {
            var e = s + 1
            while e < time.count && time[e] == time[s] { e += 1 }
            groups.append((s, e))
            s = e
        }
        tieGroups = groups
        deathCounts = groups.map { g in (g.0..<g.1).reduce(0) { $0 + (event[$1] == 1 ? 1 : 0) } }
        partitions = Self.partition(groups)
    }

    struct Value {
        var ll: Double
        var gradient: [Double]
        var information: Matrix
    }

    func evaluate(_ beta: [Double]) -> Value {
        // Without delayed entry, subjects never leave the sums: the grouped two-phase form.
        if entry == nil { return evaluateGrouped(beta) }
        var ll = 0.0
        var grad = [Double](repeating: 0, count: k)
        var info = Matrix(rows: k, columns: k)
        var s0 = 0.0
        var s1 = [Double](repeating: 0, count: k), s2 = [Double](repeating: 0, count: k * k)
        var d1 = s1, d2 = s2
        var t1 = s1
        var out = 0
        let eta = etas(beta)
        x.withUnsafeBufferPointer { xb in
            for (start, end) in tieGroups.reversed() {
                var d0 = 0.0, deaths = 0
                for a in 0..<k { d1[a] = 0 }
                for a in 0..<(k * k) { d2[a] = 0 }
                for p in start..<end {
                    let i = order[p]
                    let r = _exp(eta[i])
                    s0 += r
                    let o = i * k
                    for a in 0..<k {
                        let ra = r * xb[o + a]
                        s1[a] += ra
                        for b in a..<k { s2[a * k + b] += ra * xb[o + b] }
                    }
                    if event[i] == 1 {
                        deaths += 1
                        d0 += r
                        ll += eta[i]
                        for a in 0..<k {
                            grad[a] += xb[o + a]
                            let ra = r * xb[o + a]
                            d1[a] += ra
                            for b in a..<k { d2[a * k + b] += ra * xb[o + b] }
                        }
                    }
                }
                if let entry {
                    // Leave the risk set: entered at or after this time.
                    let t = time[start]
                    while out < byEntryDescending.count && entry[byEntryDescending[out]] >= t {
                        let i = byEntryDescending[out]
                        let r = _exp(eta[i])
                        s0 -= r
                        let o = i * k
                        for a in 0..<k {
                            let ra = r * xb[o + a]
                            s1[a] -= ra
                            for b in a..<k { s2[a * k + b] -= ra * xb[o + b] }
                        }
                        out += 1
                    }
                }
                guard deaths > 0 else { continue }
                let dd = Double(deaths)
                for l in 0..<deaths {
                    let f = efron ? Double(l) / dd : 0
                    let z0 = s0 - f * d0
                    ll -= _log(z0)
                    for a in 0..<k { t1[a] = (s1[a] - f * d1[a]) / z0; grad[a] -= t1[a] }
                    for a in 0..<k { for b in a..<k {
                        info[a, b] += (s2[a * k + b] - f * d2[a * k + b]) / z0 - t1[a] * t1[b]
                    } }
                }
            }
        }
        info.symmetrizeFromUpper()
        return Value(ll: ll, gradient: grad, information: info)
    }

    func etas(_ beta: [Double]) -> [Double] {
        let n = order.count
        var eta = [Double](repeating: 0, count: n)
        for i in 0..<n { var s = 0.0; for a in 0..<k { s += x[i * k + a] * beta[a] }; eta[i] = s }
        return eta
    }

    /// Score residuals U_i (row-major n×k), whose column sums are the gradient:
    /// U_i = δ_i(x_i − x̄̄(t_i)) − e^{η_i} Σ_{event times t ≤ t_i} Σ_l c_il (x_i − x̄_l(t))/s₀_l(t),
    /// with c_il = 1 − f_l for i among the deaths at t (Efron) and 1 otherwise, and x̄̄ the
    /// mean of the d fractional risk-set means.
    func scoreResiduals(_ beta: [Double]) -> [Double] {
        let n = order.count
        let eta = etas(beta)
        let groups = tieGroups
        // Backward pass: risk-set sums at each tie group; store per group the pieces
        // A = Σ_l 1/s0_l, B = Σ_l x̄_l/s0_l, A' and B' with the (1 − f) weights, and x̄̄.
        let gcount = groups.count
        var A = [Double](repeating: 0, count: gcount), Ad = A
        var B = [Double](repeating: 0, count: gcount * k), Bd = B, Xbb = B
        var s0 = 0.0, s1 = [Double](repeating: 0, count: k), d1 = s1
        var out = 0
        for gi in stride(from: gcount - 1, through: 0, by: -1) {
            let (start, end) = groups[gi]
            var d0 = 0.0, deaths = 0
            for a in 0..<k { d1[a] = 0 }
            for p in start..<end {
                let i = order[p]
                let r = _exp(eta[i])
                s0 += r
                for a in 0..<k { s1[a] += r * x[i * k + a] }
                if event[i] == 1 { deaths += 1; d0 += r; for a in 0..<k { d1[a] += r * x[i * k + a] } }
            }
            if let entry {
                let t = time[start]
                while out < byEntryDescending.count && entry[byEntryDescending[out]] >= t {
                    let i = byEntryDescending[out]
                    let r = _exp(eta[i])
                    s0 -= r
                    for a in 0..<k { s1[a] -= r * x[i * k + a] }
                    out += 1
                }
            }
            guard deaths > 0 else { continue }
            let dd = Double(deaths)
            for l in 0..<deaths {
                let f = efron ? Double(l) / dd : 0
                let z0 = s0 - f * d0
                A[gi] += 1 / z0
                Ad[gi] += (1 - f) / z0
                for a in 0..<k {
                    let mean = (s1[a] - f * d1[a]) / z0
                    B[gi * k + a] += mean / z0
                    Bd[gi * k + a] += (1 - f) * mean / z0
                    Xbb[gi * k + a] += mean / dd
                }
            }
        }
        // Forward pass: cumulative A, B up to and including each group. With delayed entry a
        // subject only accrues the event times after its entry: subtract the cumulative
        // values at the last group whose time is ≤ its entry.
        var u = [Double](repeating: 0, count: n * k)
        var cumA = 0.0, cumB = [Double](repeating: 0, count: k)
        var cumAAt = [Double](repeating: 0, count: gcount), cumBAt = [Double](repeating: 0, count: gcount * k)
        if entry != nil {
            var ca = 0.0, cb = [Double](repeating: 0, count: k)
            for gi in 0..<gcount {
                ca += A[gi]; cumAAt[gi] = ca
                for a in 0..<k { cb[a] += B[gi * k + a]; cumBAt[gi * k + a] = cb[a] }
            }
        }
        func lastGroup(atOrBefore t: Double) -> Int {
            var lo = 0, hi = gcount - 1, found = -1
            while lo <= hi { let m = (lo + hi) / 2; if time[groups[m].0] <= t { found = m; lo = m + 1 } else { hi = m - 1 } }
            return found
        }
        for gi in 0..<gcount {
            let (start, end) = groups[gi]
            let prevA = cumA, prevB = cumB
            cumA += A[gi]
            for a in 0..<k { cumB[a] += B[gi * k + a] }
            for p in start..<end {
                let i = order[p]
                let r = _exp(eta[i])
                let dead = event[i] == 1
                var a0 = dead ? prevA + Ad[gi] : cumA
                var g0 = -1
                if let entry { g0 = lastGroup(atOrBefore: entry[i]); if g0 >= 0 { a0 -= cumAAt[g0] } }
                for a in 0..<k {
                    var b0 = dead ? prevB[a] + Bd[gi * k + a] : cumB[a]
                    if g0 >= 0 { b0 -= cumBAt[g0 * k + a] }
                    var v = -r * (x[i * k + a] * a0 - b0)
                    if dead { v += x[i * k + a] - Xbb[gi * k + a] }
                    u[i * k + a] = v
                }
            }
        }
        return u
    }
}
