/// A calendar date stored as days since 1970-01-01, the register convention (microdata.no
/// counts dates the same way), so that date columns are plain `Int32` arrays.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int32

    public init(_ value: Int32) { self.value = value }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm,
    /// branch-light and exact for every year the registers hold).
    public init(year: Int, month: Int, day: Int) { value = Day.days(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm,
    /// branch-light and exact for every year the registers hold). The one implementation that
    /// the store (`EpochDays`) and the generator (`SynthDay`) also call.
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int32 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int32(era * 146_097 + doe - 719_468)
    }

    /// Year, month and day of a day number (the inverse of `days(year:month:day:)`).
    @inlinable
    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Parses `YYYY-MM-DD` exactly; anything else (including 2023-02-30) is nil.
    public init?(iso text: Substring) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r { let c = u[i]; guard c >= 48, c <= 57 else { return nil }; n = n * 10 + Int(c - 48) }
            return n
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(month: m, year: y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init?(iso text: String) { self.init(iso: Substring(text)) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// (year, month, day) of this date.
    public var components: (year: Int, month: Int, day: Int) { Day.civil(value) }

    /// `YYYY-MM-DD`, the form scripts and deliveries use.
    public var iso: String {
        let c = components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    /// `dd.mm.yyyy`, the form the Norwegian variable browser shows.
    public var norwegian: String {
        let c = components
        return "\(pad(c.day, 2)).\(pad(c.month, 2)).\(pad(c.year, 4))"
    }

    public var description: String { iso }

    public static func < (a: Day, b: Day) -> Bool { a.value < b.value }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
