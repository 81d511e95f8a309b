/// The punctuation and operators of the command language.
public enum ScriptSymbol: String, Sendable, CaseIterable {
    case lparen = "(", rparen = ")", comma = ",", colon = ":", dot = "."
    case assign = "=", equal = "==", notEqual = "!=", less = "<", lessEqual = "<="
    case greater = ">", greaterEqual = ">=", and = "&", or = "|", not = "!"
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^"
    case arrow = "->", hash = "#", doubleHash = "##", concat = "++"
}

/// One lexical token of a command line.
public struct ScriptToken: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A name: variable, command word, dataset, option. May hold Norwegian letters, `_`,
        /// `@` (`START@x`, `date@panel`) and inner dots (`no.ssb.fdb`, `i.x`).
        case identifier(String)
        /// `db/VAR`: a datastore alias and a variable, written without blanks.
        case reference(datastore: String, variable: String)
        /// A number as written and its value.
        case number(Double, text: String)
        /// A quoted string, without its quotes.
        case string(String)
        /// `YYYY-MM-DD`.
        case date(year: Int, month: Int, day: Int)
        /// `$name` left over after macro expansion (the expander reports unknown ones first).
        case binding(String)
        case symbol(ScriptSymbol)
    }

    public var kind: Kind
    public var position: ScriptPosition
    /// Character offsets `[start, end)` in the logical line: tells the parser whether two
    /// tokens touch (`create-dataset` is one word, `a - b` is a subtraction).
    public var start: Int
    public var end: Int

    public init(_ kind: Kind, position: ScriptPosition, start: Int = 0, end: Int = 0) {
        self.kind = kind
        self.position = position
        self.start = start
        self.end = end
    }

    public var identifier: String? {
        if case .identifier(let s) = kind { return s }
        return nil
    }

    public func isSymbol(_ s: ScriptSymbol) -> Bool { kind == .symbol(s) }

    /// Is this the (case-insensitive) word `w`?
    public func isWord(_ w: String) -> Bool { identifier?.lowercased() == w }

    /// The token as it would be written in a script.
    public var description: String {
        switch kind {
        case .identifier(let s): return s
        case .reference(let d, let v): return "\(d)/\(v)"
        case .number(_, let text): return text
        case .string(let s): return "'\(s)'"
        case .date(let y, let m, let d): return ScriptDate(year: y, month: m, day: d).description
        case .binding(let s): return "$\(s)"
        case .symbol(let s): return s.rawValue
        }
    }
}

/// A calendar date as written in a command (`2020-01-01`).
public struct ScriptDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, checking that the day exists.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              ScriptDate.isValid(year: y, month: m, day: d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Days since 1970-01-01, microdata.no's internal date value (proleptic Gregorian).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func < (a: ScriptDate, b: ScriptDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
