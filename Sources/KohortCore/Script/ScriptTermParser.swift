/// Reads model terms in Stata's factor notation and the arguments of analysis commands.
enum ScriptTermParser {
    /// Parses the body of a statistics or chart command.
    static func analysis(_ name: String, _ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptAnalysis {
        var arguments: [ScriptAnalysisArgument] = []
        var subcommand: String?
        if name == "coefplot", let first = c.peek?.identifier {
            // `coefplot regress-panel y x`: the wrapped command's name may be hyphenated.
            var words = [first], k = c.index + 1
            while k + 1 < c.tokens.count, c.tokens[k].isSymbol(.minus), c.tokens[k].start == c.tokens[k - 1].end,
                  let w = c.tokens[k + 1].identifier, c.tokens[k + 1].start == c.tokens[k].end {
                words.append(w)
                k += 2
            }
            let candidate = words.joined(separator: "-").lowercased()
            if ScriptCommandNames.isAnalysis(candidate), candidate != "coefplot" {
                subcommand = candidate
                c.index = k
            }
        }
        while let t = c.peek {
            switch t.kind {
            case .identifier:
                let (term, next) = try term(c.tokens, at: c.index)
                arguments.append(.term(term))
                c.index = next
            case .symbol(.lparen):
                if let stat = c.peek(1)?.identifier, c.peek(2)?.isSymbol(.rparen) == true {
                    arguments.append(.statistic(stat.lowercased()))
                    c.index += 3
                } else {
                    arguments.append(try instrumented(&c))
                }
            case .number, .string, .date:
                arguments.append(.value(t))
                _ = c.next()
            case .symbol(.minus) where c.peek(1).map({ if case .number = $0.kind { true } else { false } }) == true:
                _ = c.next()
                var n = c.next()!
                if case .number(let v, let text) = n.kind { n.kind = .number(-v, text: "-" + text) }
                n.position = t.position
                arguments.append(.value(n))
            default:
                throw c.error("unexpected '\(t)' in the arguments of '\(name)'", at: t.position)
            }
        }
        return ScriptAnalysis(command: name, subcommand: subcommand, arguments: arguments)
    }

    /// `(endogenous = instruments)` as in `ivregress y x (d = z1 z2)`.
    static func instrumented(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptAnalysisArgument {
        try c.expect(.lparen)
        var lhs: [ScriptTerm] = [], rhs: [ScriptTerm] = []
        var sawEquals = false
        while let t = c.peek, !t.isSymbol(.rparen) {
            if t.isSymbol(.assign) {
                guard !sawEquals else { throw c.error("only one '=' allowed in '( … = … )'", at: t.position) }
                sawEquals = true
                _ = c.next()
                continue
            }
            guard t.identifier != nil else { throw c.error("expected a variable, found '\(t)'", at: t.position) }
            let (term, next) = try term(c.tokens, at: c.index)
            c.index = next
            if sawEquals { rhs.append(term) } else { lhs.append(term) }
        }
        try c.expect(.rparen, "')'")
        guard sawEquals, !lhs.isEmpty, !rhs.isEmpty else {
            throw c.error("expected '(endogenous = instruments)'")
        }
        return .instrumented(endogenous: lhs, instruments: rhs)
    }

    /// One term starting at `index`: factors joined by `#` or `##` (one kind per term).
    static func term(_ tokens: [ScriptToken], at index: Int) throws(ScriptDiagnostic) -> (ScriptTerm, Int) {
        var k = index
        var factors = [try factor(tokens[k])]
        var interaction = ScriptTerm.Interaction.none
        k += 1
        while k < tokens.count, tokens[k].isSymbol(.hash) || tokens[k].isSymbol(.doubleHash) {
            let op: ScriptTerm.Interaction = tokens[k].isSymbol(.hash) ? .interaction : .factorial
            if interaction != .none, interaction != op {
                throw ScriptDiagnostic(position: tokens[k].position, message: "do not mix '#' and '##' in one term")
            }
            interaction = op
            guard k + 1 < tokens.count, tokens[k + 1].identifier != nil else {
                throw ScriptDiagnostic(position: k + 1 < tokens.count ? tokens[k + 1].position : tokens[k].position,
                                       message: "expected a variable after '\(op.rawValue)'")
            }
            factors.append(try factor(tokens[k + 1]))
            k += 2
        }
        return (ScriptTerm(factors: factors, interaction: interaction, position: tokens[index].position), k)
    }

    /// `x`, `i.x`, `ib3.x`, `c.x`.
    static func factor(_ token: ScriptToken) throws(ScriptDiagnostic) -> ScriptFactor {
        guard let name = token.identifier else {
            throw ScriptDiagnostic(position: token.position, message: "expected a variable, found '\(token)'")
        }
        guard let dot = name.firstIndex(of: ".") else { return ScriptFactor(name: name) }
        let prefix = name[..<dot].lowercased()
        let rest = String(name[name.index(after: dot)...])
        switch prefix {
        case "i": return ScriptFactor(name: rest, role: .categorical(base: nil))
        case "c": return ScriptFactor(name: rest, role: .continuous)
        default:
            if prefix.hasPrefix("ib"), let base = Int(prefix.dropFirst(2)) {
                return ScriptFactor(name: rest, role: .categorical(base: base))
            }
            throw ScriptDiagnostic(position: token.position,
                                   message: "unknown factor prefix '\(prefix).' (use i., ib<n>. or c.)")
        }
    }
}
