import Dispatch

/// The Cox partial likelihood without delayed entry, in two phases: per tie group, the sums
/// of e^η, e^η x, e^η xxᵀ over all its subjects and over its deaths (one pass over the rows,
/// split over the cores at tie-group boundaries), then one backward sweep over the groups that
/// turns them into risk-set sums and adds the Efron (or Breslow) terms.
///
/// Why: the row pass is where the time goes (one exponential per row), and it has no order
/// dependence once each group's sums are its own; the sweep is over distinct times only. The
/// partition into parts is fixed by the data (a boundary after every `Parallel.blockSize`
/// rows), and each group is summed by one part in row order, so the result does not depend on
/// the number of cores. Deaths are summed branch-free (weighted by the 0/1 event).
extension PartialLikelihood {
    /// Group ranges of the parallel parts: a new part starts at the first tie-group boundary
    /// after every `Parallel.blockSize` rows.
    static func partition(_ groups: [(Int, Int)]) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var first = 0, rows = 0
        for (g, (s, e)) in groups.enumerated() {
            rows += e - s
            if rows >= Parallel.blockSize { parts.append(first..<(g + 1)); first = g + 1; rows = 0 }
        }
        if first < groups.count { parts.append(first..<groups.count) }
        return parts
    }

    func evaluateGrouped(_ beta: [Double]) -> Value {
        let k = self.k, kk = k * (k + 1) / 2
        // Per group: S0, S1 (k), S2 (kk, upper), D0, D1 (k), D2 (kk), Σ η and Σ x over deaths.
        let d0 = 1 + k + kk, eta0 = 2 * d0, x0 = eta0 + 1
        let q = x0 + k
        let groups = tieGroups.count
        var sums = [Double](repeating: 0, count: groups * q)
        sums.withUnsafeMutableBufferPointer { sb in
            let out = SharedBuffer(base: sb.baseAddress!)
            x.withUnsafeBufferPointer { xb in
                event.withUnsafeBufferPointer { eb in
                    beta.withUnsafeBufferPointer { bb in
                        let xs = SharedConstant(base: xb.baseAddress!), ev = SharedConstant(base: eb.baseAddress!)
                        let b = SharedConstant(base: bb.baseAddress!)
                        let tg = tieGroups, parts = partitions
                        let run: @Sendable (Int) -> Void = { part in
                            for g in parts[part] {
                                let o = out.base + g * q
                                let (start, end) = tg[g]
                                for p in start..<end {
                                    let xi = xs.base + p * k
                                    var eta = 0.0
                                    for a in 0..<k { eta += xi[a] * b.base[a] }
                                    let r = _exp(eta), d = ev.base[p], dr = d * r
                                    o[0] += r
                                    o[d0] += dr
                                    o[eta0] += d * eta
                                    var t = 1 + k
                                    for a in 0..<k {
                                        let xa = xi[a], ra = r * xa, da = dr * xa
                                        o[1 + a] += ra
                                        o[d0 + 1 + a] += da
                                        o[x0 + a] += d * xa
                                        for c in a..<k {
                                            o[t] += ra * xi[c]
                                            o[d0 + t] += da * xi[c]
                                            t += 1
                                        }
                                    }
                                }
                            }
                        }
                        if parts.count == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts.count, execute: run) }
                    }
                }
            }
        }
        // Backward sweep: risk sets only grow as time goes back.
        var ll = 0.0
        var grad = [Double](repeating: 0, count: k)
        var info = [Double](repeating: 0, count: kk)
        var s = [Double](repeating: 0, count: d0)
        var t1 = [Double](repeating: 0, count: k)
        for g in stride(from: groups - 1, through: 0, by: -1) {
            let o = g * q
            for a in 0..<d0 { s[a] += sums[o + a] }
            let deaths = deathCounts[g]
            guard deaths > 0 else { continue }
            ll += sums[o + eta0]
            for a in 0..<k { grad[a] += sums[o + x0 + a] }
            let dd = Double(deaths)
            for l in 0..<deaths {
                let f = efron ? Double(l) / dd : 0
                let z0 = s[0] - f * sums[o + d0]
                ll -= _log(z0)
                for a in 0..<k { t1[a] = (s[1 + a] - f * sums[o + d0 + 1 + a]) / z0; grad[a] -= t1[a] }
                var t = 0
                for a in 0..<k {
                    for c in a..<k {
                        info[t] += (s[1 + k + t] - f * sums[o + d0 + 1 + k + t]) / z0 - t1[a] * t1[c]
                        t += 1
                    }
                }
            }
        }
        var m = Matrix(rows: k, columns: k)
        var t = 0
        for a in 0..<k { for c in a..<k { m[a, c] = info[t]; m[c, a] = info[t]; t += 1 } }
        return Value(ll: ll, gradient: grad, information: m)
    }
}

/// A read-only pointer that crosses into `concurrentPerform`.
struct SharedConstant: @unchecked Sendable {
    let base: UnsafePointer<Double>
}
