/// rdrobust's nearest-neighbour residuals (`vce = "nn"`, Calonico, Cattaneo & Titiunik 2014,
/// section 5; Abadie & Imbens 2006): each unit's outcome minus the mean outcome of its
/// `matches` nearest neighbours in the running variable, scaled by √(J/(J+1)) for J neighbours.
///
/// Ties count as a whole: a unit's neighbours always include every other unit at its own
/// value, and the search widens one run of equal values at a time, towards the nearer side
/// (both sides when equally near, within √ε relative), until at least `matches` neighbours are
/// found. Every unit of a run therefore has the same neighbour set apart from itself, so the
/// search and the neighbour sum are done once per run, from per-run sums: O(n) for the window.
extension RegressionDiscontinuity {
    struct NearestNeighbourResiduals {
        /// Residuals of the outcome and (fuzzy) the treatment, one per row of the window.
        var outcome: [Double]
        var treatment: [Double]
    }

    static func nearestNeighbourResiduals(_ side: RegressionDiscontinuitySide, rows: Range<Int>, matches: Int) -> NearestNeighbourResiduals {
        let n = rows.count
        let fuzzy = side.isFuzzy
        var resY = [Double](repeating: 0, count: n)
        var resT = [Double](repeating: 0, count: fuzzy ? n : 0)
        guard n > 1 else { return NearestNeighbourResiduals(outcome: resY, treatment: resT) }
        let firstRun = side.run(startingAt: rows.lowerBound), endRun = side.run(startingAt: rows.upperBound)
        let runs = endRun - firstRun
        // Per-run sizes and sums (runs relative to the window).
        var size = [Int](repeating: 0, count: runs)
        var sumY = [Double](repeating: 0, count: runs)
        var sumT = [Double](repeating: 0, count: fuzzy ? runs : 0)
        side.runStarts.withUnsafeBufferPointer { starts in
            side.outcome.withUnsafeBufferPointer { y in
                for g in 0..<runs {
                    let a = starts[firstRun + g], b = starts[firstRun + g + 1]
                    size[g] = b - a
                    var s = 0.0
                    for i in a..<b { s += y[i] }
                    sumY[g] = s
                }
            }
            if fuzzy {
                side.treatment.withUnsafeBufferPointer { t in
                    for g in 0..<runs {
                        var s = 0.0
                        for i in starts[firstRun + g]..<starts[firstRun + g + 1] { s += t[i] }
                        sumT[g] = s
                    }
                }
            }
        }
        let cap = min(matches, n - 1)
        let tolerance = Double.ulpOfOne.squareRoot()
        side.distance.withUnsafeBufferPointer { x in
            side.runStarts.withUnsafeBufferPointer { starts in
                for g in 0..<runs {
                    let value = x[starts[firstRun + g]]
                    func runValue(_ r: Int) -> Double { x[starts[firstRun + r]] }
                    var lo = g, hi = g, others = size[g] - 1
                    while others < cap {
                        if lo == 0 {
                            hi += 1; others += size[hi]
                        } else if hi == runs - 1 {
                            lo -= 1; others += size[lo]
                        } else {
                            let left = value - runValue(lo - 1), right = runValue(hi + 1) - value
                            let tol = max(left, right) * tolerance
                            if left - right > tol {
                                hi += 1; others += size[hi]
                            } else if right - left > tol {
                                lo -= 1; others += size[lo]
                            } else {
                                hi += 1; others += size[hi]
                                lo -= 1; others += size[lo]
                            }
                        }
                    }
                    var windowY = 0.0, windowT = 0.0
                    for r in lo...hi { windowY += sumY[r] }
                    if fuzzy { for r in lo...hi { windowT += sumT[r] } }
                    let j = Double(others), scale = (j / (j + 1)).squareRoot()
                    let a = starts[firstRun + g], b = starts[firstRun + g + 1]
                    for i in a..<b {
                        let yi = side.outcome[i]
                        resY[i - rows.lowerBound] = scale * (yi - (windowY - yi) / j)
                        if fuzzy {
                            let ti = side.treatment[i]
                            resT[i - rows.lowerBound] = scale * (ti - (windowT - ti) / j)
                        }
                    }
                }
            }
        }
        return NearestNeighbourResiduals(outcome: resY, treatment: resT)
    }
}
