// The bucketed selection behind `summarize` and `histogram` (BucketProfile, BucketSelection,
// clampedMoments) on one exported column, timed by the process's CPU time: both cores' work
// added, which the load of other processes distorts far less than wall time. Not part of any
// target; bucket_micro.sh compiles it together with Sources/Statistics (it uses internals).
import Foundation
import Dispatch

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/tmp/kohort-columns/personer.lonn.f64"
guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
let x: [Double] = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
let n = x.count
// The ranks WinsorSelection asks for in `summarize`: the 1 % cut points, the nine percentiles
// (lower and upper order statistic each), the second smallest and second largest value.
var ranks: [Int] = []
for level in [1.0, 99, 1, 5, 10, 25, 50, 75, 90, 95, 99] {
    let r = Percentiles.orderRanks(count: n, level: level)
    ranks += [r.lower, r.upper]
}
ranks += [min(1, n - 1), max(0, n - 2)]

func cpu() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}
let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "25") ?? 25
var profile: [Double] = [], selection: [Double] = [], moments: [Double] = [], counts: [Double] = [], plain: [Double] = []
var check = 0.0
for _ in 0..<runs {
    let t0 = cpu()
    guard let p = BucketProfile(x, moments: true), !p.hasNaN else { fatalError("no profile (small column or NaN)") }
    let t1 = cpu()
    let s = BucketSelection(x, profile: p, ranks: ranks)
    let t2 = cpu()
    let v = s.values
    let low = max((v[0] + v[1]) / 2, v[v.count - 2]), high = min((v[2] + v[3]) / 2, v[v.count - 1])
    let m = s.clampedMoments(low: low, high: high, shift: (v[12] + v[13]) / 2)
    let t3 = cpu()
    check += (m?.sum ?? 0) + v.reduce(0, +)
    let c = BucketProfile(x, moments: false)
    let t4 = cpu()
    check += Double(c?.count ?? 0)
    // A plain pass (the minimum) in halves on both cores: what reading the column costs.
    var mins = [Double](repeating: 0, count: 2)
    mins.withUnsafeMutableBufferPointer { mb in
        x.withUnsafeBufferPointer { b in
            nonisolated(unsafe) let b = b, mb = mb
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let half = (n + 1) / 2
                var a = Double.infinity, d = Double.infinity
                var i = part * half
                let e = min(n, i + half)
                while i + 1 < e { a = min(a, b[i]); d = min(d, b[i + 1]); i += 2 }
                mb[part] = min(a, d)
            }
        }
    }
    let t5 = cpu()
    check += mins[0]
    profile.append(t1 - t0); selection.append(t2 - t1); moments.append(t3 - t2); counts.append(t4 - t3); plain.append(t5 - t4)
}
func report(_ name: String, _ t: [Double]) {
    let s = t.sorted()
    print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "CPU min %6.2f ms, median %6.2f ms", s[0], s[s.count / 2]))
}
print("\(n) values, \(runs) runs")
report("profile (moments)", profile)
report("gather + selection", selection)
report("clampedMoments", moments)
report("sum of the three", zip(zip(profile, selection), moments).map { $0.0 + $0.1 + $1 })
report("profile (counts only)", counts)
report("plain pass", plain)
print("checksum \(check / Double(runs))")
