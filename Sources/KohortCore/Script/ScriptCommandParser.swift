/// Parses one expanded command line into a `ScriptCommand`.
///
/// The generic split is Stata's: `name arguments [if condition] [, options]`, where the `if`
/// and the comma count only outside parentheses (so `inlist(x, 1, 2)` and `(1 2 = 0)` are
/// safe). The typed parse then reads the arguments by command; see the extensions in
/// `ScriptDataCommandParsers.swift`, `ScriptRuleParsers.swift` and `ScriptTermParser.swift`.
struct ScriptCommandParser {
    let line: ScriptLine
    let tokens: [ScriptToken]

    static func parse(_ line: ScriptLine) throws(ScriptDiagnostic) -> ScriptCommand {
        let parser = ScriptCommandParser(line: line, tokens: try ScriptLexer.tokenize(line))
        return try parser.parse()
    }

    func parse() throws(ScriptDiagnostic) -> ScriptCommand {
        guard let first = tokens.first else {
            throw ScriptDiagnostic(position: line.startPosition, message: "expected a command")
        }
        guard first.identifier != nil else {
            throw ScriptDiagnostic(position: first.position, message: "expected a command name, found '\(first)'")
        }
        let (name, nameEnd) = commandName()
        guard ScriptCommandNames.isKnown(name) else {
            throw .unknownName("command", name, candidates: ScriptCommandNames.all, at: first.position)
        }
        let rest = Array(tokens[nameEnd...])
        if name == "help" {
            // The topic as written: `help import-event` must not come back as `import - event`.
            let topic = rest.first.map { line.slice($0.start, line.characters.count).trimmed().text }
            return ScriptCommand(name: name, position: first.position, source: line.text, tokens: rest, kind: .help(topic))
        }
        let (body, conditionTokens, ifToken, optionTokens) = split(rest)
        var condition: ScriptExpression?
        if let ifToken {
            guard ScriptCommandNames.acceptsCondition(name) else {
                throw ScriptDiagnostic(position: ifToken.position, message: "'\(name)' does not take an 'if' condition")
            }
            guard !conditionTokens.isEmpty else {
                throw ScriptDiagnostic(position: optionTokens?.first?.position ?? line.endPosition,
                                       message: "expected a condition after 'if'")
            }
            condition = try ScriptExpressionParser.parse(conditionTokens,
                                                         endPosition: optionTokens?.first?.position ?? line.endPosition)
        }
        let options = try optionTokens.map { (t) throws(ScriptDiagnostic) in try parseOptions(t, command: name) } ?? []
        let endOfBody = ifToken?.position ?? optionTokens?.first?.position ?? line.endPosition
        var command = ScriptCommand(name: name, position: first.position, source: line.text,
                                    arguments: Self.genericArguments(body), tokens: body,
                                    condition: condition, options: options, kind: .clear)
        command.kind = try typedKind(name, body, endPosition: endOfBody, command: command)
        return command
    }

    /// The command name: words joined by touching hyphens (`create-dataset`), lower-cased.
    func commandName() -> (String, Int) {
        var name = tokens[0].identifier!
        var k = 1
        while k + 1 < tokens.count, tokens[k].isSymbol(.minus), tokens[k].start == tokens[k - 1].end,
              let word = tokens[k + 1].identifier, tokens[k + 1].start == tokens[k].end {
            name += "-" + word
            k += 2
        }
        return (name.lowercased(), k)
    }

    /// Splits into body, condition (after a top-level `if`) and options (after a top-level comma).
    func split(_ rest: [ScriptToken]) -> ([ScriptToken], [ScriptToken], ScriptToken?, [ScriptToken]?) {
        var depth = 0, ifAt: Int?, commaAt: Int?
        for (k, t) in rest.enumerated() {
            if t.isSymbol(.lparen) { depth += 1 }
            else if t.isSymbol(.rparen) { depth -= 1 }
            else if depth == 0, t.isSymbol(.comma) { commaAt = k; break }
            else if depth == 0, ifAt == nil, t.isWord("if") { ifAt = k }
        }
        let bodyEnd = ifAt ?? commaAt ?? rest.count
        let body = Array(rest[..<bodyEnd])
        let condition = ifAt.map { Array(rest[($0 + 1)..<(commaAt ?? rest.count)]) } ?? []
        let options = commaAt.map { Array(rest[($0 + 1)...]) }
        return (body, condition, ifAt.map { rest[$0] }, options)
    }

    /// `name`, `name(raw tokens)`, … separated by blanks (commas between options are tolerated).
    func parseOptions(_ tokens: [ScriptToken], command: String) throws(ScriptDiagnostic) -> [ScriptOption] {
        var options: [ScriptOption] = []
        var k = 0
        let allowed = ScriptCommandNames.options[command]
        while k < tokens.count {
            let t = tokens[k]
            if t.isSymbol(.comma) { k += 1; continue }
            guard let raw = t.identifier else {
                throw ScriptDiagnostic(position: t.position, message: "expected an option name, found '\(t)'")
            }
            let name = raw.lowercased()
            if let allowed, !allowed.contains(name) {
                let known = allowed.sorted()
                var message = "unknown option '\(raw)' for '\(command)'"
                let near = nearestName(to: name, in: known)
                if let near { message += " (did you mean '\(near)'?)" }
                else if known.isEmpty { message = "'\(command)' takes no options" }
                throw ScriptDiagnostic(position: t.position, message: message, suggestion: near)
            }
            k += 1
            guard k < tokens.count, tokens[k].isSymbol(.lparen) else {
                options.append(ScriptOption(name: name, position: t.position,
                                            endPosition: k < tokens.count ? tokens[k].position : line.endPosition))
                continue
            }
            let open = tokens[k]
            var depth = 1, inner: [ScriptToken] = []
            k += 1
            while k < tokens.count {
                if tokens[k].isSymbol(.lparen) { depth += 1 }
                if tokens[k].isSymbol(.rparen) { depth -= 1; if depth == 0 { break } }
                inner.append(tokens[k])
                k += 1
            }
            guard k < tokens.count else {
                throw ScriptDiagnostic(position: open.position, message: "unclosed '(' in option '\(name)'")
            }
            options.append(ScriptOption(name: name, position: t.position, arguments: inner, endPosition: tokens[k].position))
            k += 1
        }
        return options
    }

    /// The generic reading of a body: names, references, dates, `X to Y`, `as x`, `a -> b`,
    /// factor terms and parenthesised groups.
    static func genericArguments(_ body: [ScriptToken]) -> [ScriptArgument] {
        var out: [ScriptArgument] = []
        var k = 0
        while k < body.count {
            let t = body[k]
            if k + 2 < body.count, body[k + 1].isWord("to"), t.identifier?.lowercased() != "to" {
                out.append(ScriptArgument(.range(from: t, to: body[k + 2]), at: t.position)); k += 3; continue
            }
            if t.isWord("as"), k + 1 < body.count, let alias = body[k + 1].identifier {
                out.append(ScriptArgument(.alias(alias), at: t.position)); k += 2; continue
            }
            if let from = t.identifier, k + 2 < body.count, body[k + 1].isSymbol(.arrow), let to = body[k + 2].identifier {
                out.append(ScriptArgument(.arrow(from: from, to: to), at: t.position)); k += 3; continue
            }
            if t.isSymbol(.lparen) {
                var depth = 1, j = k + 1
                while j < body.count {
                    if body[j].isSymbol(.lparen) { depth += 1 }
                    if body[j].isSymbol(.rparen) { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                out.append(ScriptArgument(.group(Array(body[(k + 1)..<min(j, body.count)])), at: t.position))
                k = j + 1
                continue
            }
            if t.identifier != nil, let (term, next) = try? ScriptTermParser.term(body, at: k),
               term.interaction != .none || term.factors.first?.role != .plain {
                out.append(ScriptArgument(.term(term), at: t.position)); k = next; continue
            }
            switch t.kind {
            case .identifier(let s): out.append(ScriptArgument(.name(s), at: t.position))
            case .reference(let d, let v):
                out.append(ScriptArgument(.reference(ScriptVariableReference(datastore: d, variable: v, position: t.position)),
                                          at: t.position))
            case .date(let y, let m, let d): out.append(ScriptArgument(.date(ScriptDate(year: y, month: m, day: d)), at: t.position))
            case .number(let v, _): out.append(ScriptArgument(.number(v), at: t.position))
            case .string(let s): out.append(ScriptArgument(.string(s), at: t.position))
            case .binding(let b): out.append(ScriptArgument(.name("$" + b), at: t.position))
            case .symbol(let s): out.append(ScriptArgument(.symbol(s), at: t.position))
            }
            k += 1
        }
        return out
    }
}
