/// The functions expressions may call, with the number of arguments each accepts.
///
/// The list follows microdata.no's function reference (as named in issue 4). Checking arity
/// at parse time means a typo such as `substr(navn)` fails on its line before any data is
/// touched, and an unknown name gets a suggestion rather than a runtime error deep in a loop.
public enum ScriptFunctions {
    /// Function name → accepted argument counts (`Int.max` upper bound = variadic).
    public static let arity: [String: ClosedRange<Int>] = [
        // Dates (values are days since 1970-01-01).
        "date": 3...3, "year": 1...1, "month": 1...1, "day": 1...1, "quarter": 1...1,
        "halfyear": 1...1, "week": 1...1, "dow": 1...1, "doy": 1...1, "isoformatdate": 1...1,
        // Mathematics.
        "sqrt": 1...1, "exp": 1...1, "ln": 1...1, "log10": 1...1, "abs": 1...1, "ceil": 1...1,
        "floor": 1...1, "int": 1...1, "round": 1...2, "logit": 1...1, "pi": 0...0,
        // Distributions.
        "normal": 1...1, "ttail": 2...2, "chi2": 2...2,
        // Logic and missing values.
        "inlist": 2...Int.max, "inrange": 3...3, "sysmiss": 1...1,
        // Strings.
        "substr": 2...3, "length": 1...1, "lower": 1...1, "upper": 1...1, "trim": 1...1,
        "startswith": 2...2, "endswith": 2...2, "string": 1...1, "to_int": 1...1, "to_str": 1...1,
        // Across variables, per row.
        "rowmax": 1...Int.max, "rowmin": 1...Int.max, "rowmean": 1...Int.max,
        "rowmedian": 1...Int.max, "rowtotal": 1...Int.max, "rowstd": 1...Int.max,
        "rowmissing": 1...Int.max, "rowvalid": 1...Int.max,
        // Over the whole column.
        "quantile": 2...2,
    ]

    /// All known function names, sorted (for suggestions and help).
    public static var names: [String] { arity.keys.sorted() }

    /// Checks a call; returns a diagnostic for an unknown function or a wrong argument count.
    static func check(_ name: String, argumentCount: Int, at position: ScriptPosition) -> ScriptDiagnostic? {
        guard let range = arity[name] else {
            return .unknownName("function", name, candidates: names, at: position)
        }
        guard range.contains(argumentCount) else {
            let expected: String
            if range.upperBound == Int.max { expected = "at least \(range.lowerBound)" }
            else if range.lowerBound == range.upperBound { expected = "\(range.lowerBound)" }
            else { expected = "\(range.lowerBound) to \(range.upperBound)" }
            let noun = range.upperBound == 1 && range.lowerBound == 1 ? "argument" : "arguments"
            return ScriptDiagnostic(position: position,
                                    message: "function '\(name)' takes \(expected) \(noun), got \(argumentCount)")
        }
        return nil
    }
}
