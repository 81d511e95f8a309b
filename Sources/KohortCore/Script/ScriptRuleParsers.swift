/// Parsers for the commands with small rule languages of their own: `recode` rules,
/// `define-labels` value/label pairs and `collapse`/`aggregate` statistic specifications.
enum ScriptRuleParsers {
    // MARK: recode

    /// `recode vars (1 2 3 = 0) (4/7 = 1 'label') (min/0 = .) (nonmissing = 1) (missing = 9) (* = .)`.
    static func recode(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptRecode {
        var variables: [String] = []
        while let t = c.peek, !t.isSymbol(.lparen) { variables.append(try c.name("a variable to recode")) }
        guard !variables.isEmpty else { throw c.error("expected the variables to recode") }
        var rules: [ScriptRecodeRule] = []
        while let open = c.peek {
            guard open.isSymbol(.lparen) else { throw c.error("expected a rule such as '(1 2 = 0)', found '\(open)'") }
            _ = c.next()
            var inner: [ScriptToken] = []
            while let t = c.peek, !t.isSymbol(.rparen) {
                if t.isSymbol(.lparen) { throw c.error("rules cannot be nested", at: t.position) }
                inner.append(t)
                _ = c.next()
            }
            guard c.take(.rparen) else { throw c.error("unclosed '(' in recode rule", at: open.position) }
            let close = c.tokens[c.index - 1].position
            rules.append(try rule(inner, at: open.position, end: close))
        }
        guard !rules.isEmpty else { throw c.error("expected at least one rule such as '(1 2 = 0)'") }
        return ScriptRecode(variables: variables, rules: rules)
    }

    static func rule(_ tokens: [ScriptToken], at position: ScriptPosition, end: ScriptPosition) throws(ScriptDiagnostic) -> ScriptRecodeRule {
        let equals = tokens.indices.filter { tokens[$0].isSymbol(.assign) }
        guard equals.count == 1, let eq = equals.first else {
            throw ScriptDiagnostic(position: equals.count > 1 ? tokens[equals[1]].position : position,
                                   message: equals.isEmpty ? "a recode rule needs '=': '(old values = new value)'"
                                                           : "a recode rule has one '='")
        }
        var c = ScriptTokenCursor(Array(tokens[..<eq]), endPosition: tokens[eq].position)
        var sources: [ScriptRecodeSource] = []
        while !c.isAtEnd { sources.append(try source(&c)) }
        guard !sources.isEmpty else { throw ScriptDiagnostic(position: tokens[eq].position, message: "expected values before '='") }
        var r = ScriptTokenCursor(Array(tokens[(eq + 1)...]), endPosition: end)
        let target: ScriptRecodeTarget
        if r.take(.dot) || r.takeWord("missing") {
            target = .missing
        } else if let value = try literal(&r) {
            target = .value(value)
        } else {
            throw r.error("expected the new value after '=', found \(r.found)")
        }
        var label: String?
        if let t = r.peek, case .string(let s) = t.kind { label = s; _ = r.next() }
        try r.expectEnd("in recode rule")
        return ScriptRecodeRule(sources: sources, target: target, label: label, position: position)
    }

    static func source(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptRecodeSource {
        let t = c.peek!
        switch t.kind {
        case .reference(let a, let b):
            _ = c.next()
            guard a.lowercased() == "min", b.lowercased() == "max" else {
                throw c.error("expected a value or a range such as 'min/5' in recode rule, found '\(t)'", at: t.position)
            }
            return .range(low: nil, high: nil)
        case .symbol(.star): _ = c.next(); return .otherwise
        case .symbol(.dot): _ = c.next(); return .missing
        case .identifier(let w):
            switch w.lowercased() {
            case "nonmissing": _ = c.next(); return .nonmissing
            case "missing": _ = c.next(); return .missing
            case "min":
                _ = c.next()
                try c.expect(.slash, "'/' after 'min'")
                return .range(low: nil, high: try bound(&c, allowing: "max"))
            default:
                throw c.error("unexpected '\(w)' in recode rule", at: t.position)
            }
        default:
            guard let value = try literal(&c) else { throw c.error("unexpected '\(t)' in recode rule", at: t.position) }
            guard c.take(.slash) else { return .value(value) }
            guard case .number(let low) = value else {
                throw c.error("ranges need numbers", at: t.position)
            }
            let high = try bound(&c, allowing: "max")
            if let high, high < low { throw c.error("empty range \(value)/\(ScriptLiteral.number(high))", at: t.position) }
            return .range(low: low, high: high)
        }
    }

    /// A number, or nil for the word `allowing` (`max`).
    static func bound(_ c: inout ScriptTokenCursor, allowing word: String) throws(ScriptDiagnostic) -> Double? {
        if c.takeWord(word) { return nil }
        guard let v = try literal(&c), case .number(let n) = v else {
            throw c.error("expected a number or '\(word)' in range, found \(c.found)")
        }
        return n
    }

    /// A number (with an optional minus) or a quoted string; nil when neither is next.
    static func literal(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptLiteral? {
        guard let t = c.peek else { return nil }
        switch t.kind {
        case .number(let v, _): _ = c.next(); return .number(v)
        case .string(let s): _ = c.next(); return .string(s)
        case .symbol(.minus):
            guard let n = c.peek(1), case .number(let v, _) = n.kind else { return nil }
            c.index += 2
            return .number(-v)
        default: return nil
        }
    }

    // MARK: define-labels

    static func labels(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptLabelDefinition {
        let name = try c.name("a label set name")
        var entries: [ScriptLabelEntry] = []
        while !c.isAtEnd {
            guard let value = try literal(&c) else { throw c.error("expected a value (number or quoted code), found \(c.found)") }
            guard let t = c.peek, case .string(let label) = t.kind else {
                throw c.error("expected a quoted label for \(value), found \(c.found)")
            }
            _ = c.next()
            entries.append(ScriptLabelEntry(value: value, label: label))
        }
        guard !entries.isEmpty else { throw c.error("expected value and label pairs such as 1 'Mann'") }
        return ScriptLabelDefinition(name: name, entries: entries)
    }

    // MARK: collapse / aggregate

    /// `(stat) a [-> b] c … (stat) …`; without a leading `(stat)` the statistic is `mean`, as in Stata.
    static func collapse(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptCollapse {
        var statistic = "mean"
        var specs: [ScriptCollapseSpec] = []
        while let t = c.peek {
            if t.isSymbol(.lparen) {
                _ = c.next()
                guard let s = c.peek, let raw = s.identifier else { throw c.error("expected a statistic such as (mean)") }
                _ = c.next()
                let stat = raw.lowercased()
                guard isCollapseStatistic(stat) else {
                    throw ScriptDiagnostic.unknownName("statistic", raw, candidates: ScriptCommandNames.collapseStatistics,
                                                       at: s.position)
                }
                try c.expect(.rparen, "')' after the statistic")
                statistic = stat
                continue
            }
            let variable = try c.name("a variable to collapse")
            let target = c.take(.arrow) ? try c.name("a name for the result") : nil
            specs.append(ScriptCollapseSpec(statistic: statistic, variable: variable, target: target, position: t.position))
        }
        guard !specs.isEmpty else { throw c.error("expected '(statistic) variable'") }
        return ScriptCollapse(specs: specs)
    }

    static func isCollapseStatistic(_ s: String) -> Bool {
        if ScriptCommandNames.collapseStatistics.contains(s) { return true }
        if s.hasPrefix("p"), let p = Int(s.dropFirst()), (1...99).contains(p) { return true }
        return false
    }
}
