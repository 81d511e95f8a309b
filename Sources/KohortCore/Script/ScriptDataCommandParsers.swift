/// Typed parsing of the data-management and session commands.
extension ScriptCommandParser {
    func typedKind(_ name: String, _ body: [ScriptToken], endPosition: ScriptPosition,
                   command: ScriptCommand) throws(ScriptDiagnostic) -> ScriptCommandKind {
        var c = ScriptTokenCursor(body, endPosition: endPosition)
        if ScriptCommandNames.isAnalysis(name) {
            return .analysis(try ScriptTermParser.analysis(name, &c))
        }
        let kind: ScriptCommandKind
        switch name {
        case "require": kind = .require(try require(&c))
        case "create-dataset": kind = .createDataset(try c.name("a dataset name"))
        case "use": kind = .use(try c.name("a dataset name"))
        case "delete-dataset": kind = .deleteDataset(try c.name("a dataset name"))
        case "clone-dataset":
            kind = .cloneDataset(from: try c.name("a dataset name"), to: try c.name("a name for the copy"))
        case "rename-dataset":
            kind = .renameDataset(from: try c.name("a dataset name"), to: try c.name("a new dataset name"))
        case "clone-units":
            kind = .cloneUnits(from: try c.name("a dataset name"), to: try c.name("a name for the new dataset"))
        case "import":
            let variable = try reference(&c)
            let date = try optionalDate(&c)
            kind = .importVariable(ScriptImport(variable: variable, date: date, alias: try alias(&c),
                                                outerJoin: command.hasOption("outer_join")))
        case "import-event":
            let variable = try reference(&c)
            let from = try date(&c, "a start date (YYYY-MM-DD)")
            try c.expectWord("to")
            let to = try date(&c, "an end date (YYYY-MM-DD)")
            guard from <= to else {
                throw ScriptDiagnostic(position: body[body.count > 3 ? 1 : 0].position,
                                       message: "the window starts (\(from)) after it ends (\(to))")
            }
            kind = .importEvent(ScriptImportEvent(variable: variable, from: from, to: to, alias: try alias(&c),
                                                  outerJoin: command.hasOption("outer_join")))
        case "import-panel":
            var variables: [ScriptVariableReference] = []
            while case .reference = c.peek?.kind { variables.append(try reference(&c)) }
            guard !variables.isEmpty else { throw c.error("expected a variable reference like db/VARIABLE, found \(c.found)") }
            var dates: [ScriptDate] = []
            while !c.isAtEnd { dates.append(try date(&c, "a date (YYYY-MM-DD)")) }
            guard !dates.isEmpty else { throw c.error("expected at least one date after the variables") }
            kind = .importPanel(ScriptImportPanel(variables: variables, dates: dates))
        case "generate": kind = .generate(try assignment(&c, name))
        case "replace": kind = .replace(try assignment(&c, name))
        case "recode": kind = .recode(try ScriptRuleParsers.recode(&c))
        case "rename": kind = .rename(try renamePairs(&c))
        case "clone-variables": kind = .cloneVariables(try clonePairs(&c))
        case "drop", "keep":
            let names = try c.names()
            guard !names.isEmpty || command.condition != nil else {
                throw c.error("'\(name)' needs a variable list or an 'if' condition")
            }
            guard names.isEmpty || command.condition == nil else {
                throw ScriptDiagnostic(position: command.condition!.position,
                                       message: "'\(name)' takes a variable list or an 'if' condition, not both")
            }
            kind = name == "drop" ? .drop(names) : .keep(names)
        case "destring": kind = .destring(try nonEmptyNames(&c))
        case "define-labels": kind = .defineLabels(try ScriptRuleParsers.labels(&c))
        case "assign-labels":
            var names = try nonEmptyNames(&c)
            guard names.count >= 2 else { throw c.error("expected a variable and a label set name") }
            let labels = names.removeLast()
            kind = .assignLabels(variables: names, labels: labels)
        case "drop-labels": kind = .dropLabels(try nonEmptyNames(&c))
        case "list-labels": kind = .listLabels(try c.names())
        case "collapse": kind = .collapse(try ScriptRuleParsers.collapse(&c))
        case "aggregate": kind = .aggregate(try ScriptRuleParsers.collapse(&c))
        case "merge": kind = .merge(try merge(&c))
        case "reshape-to-panel": kind = .reshapeToPanel(try c.names())
        case "reshape-from-panel": kind = .reshapeFromPanel(try c.names())
        case "sample": kind = .sample(try sample(&c))
        case "variables": kind = .variables(try c.names())
        case "history": kind = .history
        case "clear": kind = .clear
        case "let", "for", "end", "endblock", "textblock":
            // Only reachable when a keyword is glued to other text; the macro layer owns these.
            throw ScriptDiagnostic(position: command.position, message: "'\(name)' must start its own line")
        default:
            throw ScriptDiagnostic(position: command.position, message: "command '\(name)' is not supported yet")
        }
        try c.expectEnd("after the arguments of '\(name)'")
        return kind
    }

    func require(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptRequire {
        let store = try c.name("a datastore name such as no.ssb.fdb")
        var version: String?
        if c.take(.colon) {
            guard let t = c.next() else { throw c.error("expected a version after ':'") }
            switch t.kind {
            case .number(_, let text): version = text
            case .identifier(let s): version = s
            default: throw c.error("expected a version after ':', found '\(t)'", at: t.position)
            }
        }
        return ScriptRequire(datastore: store, version: version, alias: try alias(&c))
    }

    func reference(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptVariableReference {
        guard let t = c.peek else { throw c.error("expected a variable reference like db/VARIABLE, found end of line") }
        guard case .reference(let d, let v) = t.kind else {
            throw c.error("expected a variable reference like db/VARIABLE, found '\(t)'", at: t.position)
        }
        _ = c.next()
        return ScriptVariableReference(datastore: d, variable: v, position: t.position)
    }

    /// A date: bare `2020-01-01`, or quoted (what a binding of `'2020-01-01'` leaves behind).
    func date(_ c: inout ScriptTokenCursor, _ what: String) throws(ScriptDiagnostic) -> ScriptDate {
        guard let d = try optionalDate(&c) else { throw c.error("expected \(what), found \(c.found)") }
        return d
    }

    func optionalDate(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptDate? {
        guard let t = c.peek else { return nil }
        switch t.kind {
        case .date(let y, let m, let d):
            _ = c.next()
            return ScriptDate(year: y, month: m, day: d)
        case .string(let s):
            guard let d = ScriptDate(s) else { throw c.error("'\(s)' is not a date (YYYY-MM-DD)", at: t.position) }
            _ = c.next()
            return d
        case .number(_, let text) where text.count == 4 && c.peek(1)?.isSymbol(.minus) == true:
            throw c.error("'\(text)-…' is not a valid date (YYYY-MM-DD)", at: t.position)
        default:
            return nil
        }
    }

    func alias(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> String? {
        guard c.takeWord("as") else { return nil }
        return try c.name("a name after 'as'")
    }

    func assignment(_ c: inout ScriptTokenCursor, _ command: String) throws(ScriptDiagnostic) -> ScriptAssignment {
        let position = c.position
        let target = try c.name("a variable name")
        guard c.take(.assign) else {
            if c.peek?.isSymbol(.equal) == true { throw c.error("'\(command)' assigns with '=', not '=='") }
            throw c.error("expected '=' after '\(command) \(target)', found \(c.found)")
        }
        let expression = try ScriptExpressionParser.parse(c.remaining, endPosition: c.endPosition)
        c.index = c.tokens.count
        return ScriptAssignment(target: target, targetPosition: position, expression: expression)
    }

    func nonEmptyNames(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> [String] {
        let names = try c.names()
        guard !names.isEmpty else { throw c.error("expected a variable name") }
        return names
    }

    func renamePairs(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> [ScriptRenamePair] {
        var pairs: [ScriptRenamePair] = []
        repeat {
            let from = try c.name("the variable to rename")
            _ = c.take(.arrow)
            pairs.append(ScriptRenamePair(from: from, to: try c.name("a new name for '\(from)'")))
        } while !c.isAtEnd
        return pairs
    }

    func clonePairs(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> [ScriptClonePair] {
        var pairs: [ScriptClonePair] = []
        repeat {
            let from = try c.name("a variable to clone")
            let to = c.take(.arrow) ? try c.name("a name for the copy of '\(from)'") : nil
            pairs.append(ScriptClonePair(from: from, to: to))
        } while !c.isAtEnd
        return pairs
    }

    func merge(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptMerge {
        var variables: [String] = []
        while let t = c.peek, !t.isWord("into") { variables.append(try c.name("a variable to merge")) }
        guard !variables.isEmpty else { throw c.error("expected the variables to merge") }
        guard c.takeWord("into") else { throw c.error("expected 'into' and a dataset name") }
        let into = try c.name("a dataset name after 'into'")
        let on = c.takeWord("on") ? try c.name("a key variable after 'on'") : nil
        return ScriptMerge(variables: variables, into: into, on: on)
    }

    func sample(_ c: inout ScriptTokenCursor) throws(ScriptDiagnostic) -> ScriptSample {
        guard let t = c.next(), case .number(let amount, _) = t.kind, amount > 0 else {
            throw c.error("expected a number of units or a fraction between 0 and 1", at: c.tokens.first?.position)
        }
        guard amount < 1 || amount == amount.rounded() else {
            throw c.error("a sample size must be a whole number or a fraction below 1", at: t.position)
        }
        var seed: Int?
        if let s = c.peek {
            guard case .number(let v, _) = s.kind, v == v.rounded() else { throw c.error("expected a whole-number seed", at: s.position) }
            seed = Int(v)
            _ = c.next()
        }
        return ScriptSample(amount: amount, seed: seed)
    }
}
