/// Calendar dates as Int32 days since 1970-01-01, the store's only representation of time.
///
/// Why not `Date`/`Calendar`: parsing millions of `YYYY-MM-DD` fields through Foundation's
/// calendar is far too slow and allocates; register dates are proleptic Gregorian civil days
/// with no time zone, so the closed-form conversion (H. Hinnant's days_from_civil) is exact.
public enum EpochDays {
    /// Stands for "no date": an empty start (FIXED) or an empty stop (an ongoing spell).
    /// `Int32.min` can never be a real date in the supported range (years 0001–9999).
    public static let missing: Int32 = .min

    /// Days since 1970-01-01 for a valid Gregorian date, or nil if the date does not exist.
    public static func from(year: Int, month: Int, day: Int) -> Int32? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= daysInMonth(year: year, month: month) else { return nil }
        return Day.days(year: year, month: month, day: day)
    }

    /// Year, month and day of a day number (inverse of `from`).
    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        Day.civil(days)
    }

    /// `YYYY-MM-DD`, or the empty string for `missing`.
    public static func format(_ days: Int32) -> String {
        if days == missing { return "" }
        let (y, m, d) = civil(days)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Parses exactly `YYYY-MM-DD` (ten ASCII bytes). No allocation: this runs once or twice
    /// per CSV row.
    @inlinable
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        @inline(__always) func digits(_ from: Int, _ to: Int) -> Int? {
            var v = 0
            for i in from..<to {
                let c = bytes[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10) else { return nil }
        return from(year: y, month: m, day: d)
    }

    /// Convenience for metadata and tests.
    public static func parse(_ text: String) -> Int32? {
        var s = text
        return s.withUTF8 { parse($0) }
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
