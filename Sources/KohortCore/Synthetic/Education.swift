import Foundation

/// Highest completed education (NUS2000), drawn once per person from birth cohort and sex.
///
/// Calibrated to the 2011 attainment of persons 16+ (calibration.md §1: compulsory 28.6 %,
/// upper secondary 42.3 %, short tertiary 21.7 %, long tertiary 7.4 %; women more often
/// short tertiary) and to the 33.4 % tertiary share of 2017. The cohort trend between those
/// anchors is **unsourced**. Immigrants' education is unknown (level 9) for 8 %.
public struct Education: Sendable {
    /// Final NUS level: 2 compulsory, 4 upper secondary, 6 short and 7 long tertiary,
    /// 8 doctoral, 9 unknown.
    public let level: [UInt8]
    /// Age (years) at which the final level was completed.
    public let completionAge: [Float]
    /// The field digit of the 6-digit NUS code (0–9).
    public let field: [UInt8]

    /// Cohort anchors: (birth year, share compulsory only, share tertiary, long share of tertiary), by sex.
    static let menAnchors: [(Double, Double, Double, Double)] = [(1920, 0.55, 0.10, 0.45), (1950, 0.28, 0.24, 0.38),
                                                                 (1970, 0.20, 0.30, 0.33), (1995, 0.17, 0.36, 0.32)]
    static let womenAnchors: [(Double, Double, Double, Double)] = [(1920, 0.62, 0.06, 0.20), (1950, 0.30, 0.24, 0.18),
                                                                   (1970, 0.18, 0.42, 0.22), (1995, 0.12, 0.54, 0.28)]

    static func shares(birthYear y: Double, female: Bool) -> (compulsory: Double, tertiary: Double, long: Double) {
        let a = female ? womenAnchors : menAnchors
        if y <= a[0].0 { return (a[0].1, a[0].2, a[0].3) }
        for k in 1..<a.count where y <= a[k].0 {
            let t = (y - a[k - 1].0) / (a[k].0 - a[k - 1].0)
            return (a[k - 1].1 + t * (a[k].1 - a[k - 1].1), a[k - 1].2 + t * (a[k].2 - a[k - 1].2),
                    a[k - 1].3 + t * (a[k].3 - a[k - 1].3))
        }
        let l = a[a.count - 1]
        return (l.1, l.2, l.3)
    }

    public init(skeleton s: PersonSkeleton) {
        let key = s.config.key(.education)
        let n = s.count
        let sex = s.sex, birth = s.birth, imm = s.immigration
        let fields = parallelFill(n, UInt8(0)) { r, out in
            for i in r { var st = UnitStream(key: key, unit: UInt64(i)); _ = st.next(); _ = st.next(); out[i] = UInt8(st.below(10)) }
        }
        level = parallelFill(n, UInt8(9)) { r, out in
            for i in r {
                var st = UnitStream(key: key, unit: UInt64(i))
                let y = Double(SynthDay.year(birth[i]))
                let sh = Education.shares(birthYear: y, female: sex[i] == 2)
                let u = st.uniform(), v = st.uniform()
                var l: UInt8
                if imm[i] != SynthDay.missing && v < 0.08 { l = 9 }
                else if u < sh.compulsory { l = 2 }
                else if u < 1 - sh.tertiary { l = 4 }
                else if (u - (1 - sh.tertiary)) / sh.tertiary < sh.long {
                    l = (u - (1 - sh.tertiary)) / sh.tertiary < sh.long * 0.08 && y >= 1935 ? 8 : 7
                } else { l = 6 }
                out[i] = l
            }
        }
        let lv = level
        let ages = parallelFill(n, Float(0)) { r, out in
            for i in r {
                var st = UnitStream(key: key, unit: UInt64(i) &+ 0x5EED)
                let u = Float(st.uniform())
                switch lv[i] {
                case 2: out[i] = 16
                case 4: out[i] = 19 + u
                case 6: out[i] = 22 + 3 * u
                case 7: out[i] = 24 + 4 * u
                case 8: out[i] = 29 + 8 * u
                default: out[i] = 16
                }
            }
        }
        completionAge = ages
        field = fields
    }

    /// Highest completed NUS level of person `i` on `date` (0 = none yet, 1 = primary).
    @inline(__always)
    public func level(_ i: Int, on date: Int32, birth: Int32) -> UInt8 {
        let age = Float(date - birth) / Float(SynthDay.yearLength)
        let final = level[i]
        if age >= completionAge[i] { return final }
        if final == 9 { return 9 }
        if age >= 19 && final >= 6 { return 4 }
        if age >= 16 { return 2 }
        return age >= 13 ? 1 : 0
    }

    /// The 6-digit NUS2000 code of a level and field (levels 0/1 and 9 use fixed codes).
    public static func nusCode(level: UInt8, field: UInt8) -> String {
        switch level {
        case 0: "000000"
        case 1: "100000"
        case 9: "999999"
        default: "\(level)\(field)1199"
        }
    }
}
