#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Allocation-free parsers for the fields of a microdata CSV row. They run several times per
/// row on files of tens of millions of rows, so they work on the raw bytes of the line.
public enum DataValueParser {
    /// A whole number with optional sign, no spaces, no thousands separators; nil on overflow.
    @inlinable
    public static func parseLong(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if b.count > 0, b[0] == 0x2D || b[0] == 0x2B {
            negative = b[0] == 0x2D
            i = 1
        }
        guard i < b.count else { return nil }
        var v: Int64 = 0
        while i < b.count {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(c - 0x30)) : m.addingReportingOverflow(Int64(c - 0x30))
            guard !o1, !o2 else { return nil }
            v = s
            i += 1
        }
        return v
    }

    /// A finite decimal number: `[+-]digits[.digits][(e|E)[+-]digits]` (a leading or trailing
    /// dot is allowed, as in `.5` and `5.`). `nan`, `inf` and hex floats are refused: a register
    /// value is never one of them, and letting them in would poison every mean.
    public static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard b.count > 0, b.count < 64 else { return nil }
        var i = 0
        if b[i] == 0x2B || b[i] == 0x2D { i += 1 }
        var digits = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; digits += 1 }
        if i < b.count, b[i] == 0x2E {
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            var exp = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; exp += 1 }
            guard exp > 0 else { return nil }
        }
        guard i == b.count else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { tmp -> Double? in
            for k in 0..<b.count { tmp[k] = CChar(bitPattern: b[k]) }
            tmp[b.count] = 0
            let v = strtod(tmp.baseAddress!, nil)
            return v.isFinite ? v : nil
        }
    }

    /// STRING values are trimmed of spaces at both ends, as microdata-tools does.
    @inlinable
    public static func trimSpaces(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 0x20 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 { hi -= 1 }
        return UnsafeBufferPointer(rebasing: b[lo..<hi])
    }

    /// The form used to compare data values with code-list codes: LONG `007` and `7` are the
    /// same code, DATE codes compare as dates, STRING codes compare trimmed. Nil if `text`
    /// does not parse as `dataType`.
    public static func canonical(_ text: String, as dataType: Microdata.DataType) -> String? {
        var s = text
        return s.withUTF8 { canonical($0, as: dataType) }
    }

    public static func canonical(_ b: UnsafeBufferPointer<UInt8>, as dataType: Microdata.DataType) -> String? {
        switch dataType {
        case .long: return parseLong(b).map { String($0) }
        case .double: return parseDouble(b).map { String($0) }
        case .date: return EpochDays.parse(b).map { EpochDays.format($0) }
        case .string:
            let t = trimSpaces(b)
            return t.isEmpty ? nil : String(decoding: t, as: UTF8.self)
        }
    }
}
