import Foundation

/// A line ready for the command parser: a command with every `$binding` replaced, or a text.
public enum ScriptExpandedLine: Sendable, Equatable {
    case command(ScriptLine)
    case textblock(ScriptTextblock)
}

/// Unrolls `for` loops and substitutes `let` bindings, textually, as microdata.no does.
///
/// Substitution works on characters, not tokens, so a binding can form part of a word or date:
/// with `år = 2015`, `lønn$år` becomes `lønn2015` and `$år-01-01` becomes the date `2015-01-01`.
/// Every substituted character takes the position of the `$` it replaced, and every other
/// character keeps its own, so errors inside loop bodies still point at the written line.
///
/// `++` joins what stands on its two sides into one word (blanks around it are dropped);
/// two quoted strings join into one string (`'a' ++ 'b'` is `'ab'`), and a string joined with a
/// bare value stays a string (`'år ' ++ 2015` is `'år 2015'`). A `let` value that is plain
/// arithmetic on numbers is computed, so `let neste = $år + 1` binds `2016`.
public struct ScriptMacroExpander: Sendable {
    /// Binding name → its value as script text (strings keep their quotes).
    public var bindings: [String: String]

    public init(bindings: [String: String] = [:]) { self.bindings = bindings }

    public mutating func expand(_ items: [ScriptProgramItem]) throws(ScriptDiagnostic) -> [ScriptExpandedLine] {
        var out: [ScriptExpandedLine] = []
        for item in items {
            switch item {
            case .command(let line):
                out.append(.command(try substitute(line)))
            case .textblock(let block):
                out.append(.textblock(block))
            case .letBinding(let binding):
                bindings[binding.name] = try evaluate(try substitute(binding.value))
            case .forLoop(let loop):
                let lists = try iterationLists(loop)
                for step in 0..<(lists.first?.count ?? 0) {
                    for (variable, list) in zip(loop.variables, lists) { bindings[variable] = list[step] }
                    out += try expand(loop.body)
                }
            }
        }
        return out
    }

    /// Replaces `$name` outside quotes, then applies `++`.
    public func substitute(_ line: ScriptLine) throws(ScriptDiagnostic) -> ScriptLine {
        let c = line.characters
        var chars: [Character] = [], positions: [ScriptPosition] = []
        var quote: Character?
        var k = 0
        while k < c.count {
            let ch = c[k]
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
            } else if ch == "$" {
                var e = k + 1
                while e < c.count, c[e].isLetter || c[e].isNumber || c[e] == "_" { e += 1 }
                let name = String(c[(k + 1)..<e])
                if !name.isEmpty {
                    guard let value = bindings[name] else {
                        throw ScriptDiagnostic.unknownName("binding", "$" + name,
                                                           candidates: bindings.keys.sorted().map { "$" + $0 },
                                                           at: line.positions[k])
                    }
                    chars += Array(value)
                    positions += Array(repeating: line.positions[k], count: value.count)
                    k = e
                    continue
                }
            }
            chars.append(ch)
            positions.append(line.positions[k])
            k += 1
        }
        return Self.concatenate(ScriptLine(characters: chars, positions: positions, endPosition: line.endPosition))
    }

    /// Applies `++` (outside quotes): drops it and the blanks around it, and merges quotes.
    static func concatenate(_ line: ScriptLine) -> ScriptLine {
        var c = line.characters, p = line.positions
        var quote: Character?
        var k = 0
        while k < c.count {
            let ch = c[k]
            if let q = quote {
                if ch == q { quote = nil }
                k += 1
                continue
            }
            if ch == "'" || ch == "\"" { quote = ch; k += 1; continue }
            guard ch == "+", k + 1 < c.count, c[k + 1] == "+" else { k += 1; continue }
            var lo = k, hi = k + 2
            while lo > 0, c[lo - 1].isWhitespace { lo -= 1 }
            while hi < c.count, c[hi].isWhitespace { hi += 1 }
            c.removeSubrange(lo..<hi)
            p.removeSubrange(lo..<hi)
            k = lo
            let leftQuoted = lo > 0 && (c[lo - 1] == "'" || c[lo - 1] == "\"")
            let rightQuoted = lo < c.count && (c[lo] == "'" || c[lo] == "\"")
            if leftQuoted && rightQuoted {
                c.removeSubrange((lo - 1)...lo); p.removeSubrange((lo - 1)...lo)
                k = lo - 1
                quote = "'"  // inside the merged string again
            } else if leftQuoted {
                // Move the closing quote past the bare word on the right.
                let q = c.remove(at: lo - 1); let qp = p.remove(at: lo - 1)
                var e = lo - 1
                while e < c.count, !c[e].isWhitespace, !(c[e] == "+" && e + 1 < c.count && c[e + 1] == "+") { e += 1 }
                c.insert(q, at: e); p.insert(qp, at: e)
                k = e + 1
            } else if rightQuoted {
                // Move the opening quote before the bare word on the left.
                let q = c.remove(at: lo); let qp = p.remove(at: lo)
                var s = lo
                while s > 0, !c[s - 1].isWhitespace { s -= 1 }
                c.insert(q, at: s); p.insert(qp, at: s)
                k = lo + 1
                quote = q
            }
        }
        return ScriptLine(characters: c, positions: p, endPosition: line.endPosition)
    }

    /// The value a `let` binds: computed when it is arithmetic on numbers, else the text.
    func evaluate(_ value: ScriptLine) throws(ScriptDiagnostic) -> String {
        let text = value.trimmed().text
        if let tokens = try? ScriptLexer.tokenize(value), tokens.count > 1,
           let e = try? ScriptExpressionParser.parse(tokens, endPosition: value.endPosition),
           let number = Self.constant(e) {
            return Self.format(number)
        }
        return text
    }

    static func constant(_ e: ScriptExpression) -> Double? {
        switch e.kind {
        case .number(let v): return v
        case .unary(.negate, let a): return constant(a).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = constant(a), let y = constant(b) else { return nil }
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return y == 0 ? nil : x / y
            case .power: return pow(x, y)
            default: return nil
            }
        default: return nil
        }
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The value lists of a loop, one per loop variable, all of the same length.
    func iterationLists(_ loop: ScriptForLoop) throws(ScriptDiagnostic) -> [[String]] {
        let header = try substitute(loop.lists)
        var lists = Self.splitTopLevel(header, on: ",").map { $0.trimmed() }.filter { !$0.characters.isEmpty }
        if loop.variables.count == 1, lists.count > 1 {
            // One variable: commas are only separators (`for x in a, b, c`).
            lists = [header]
        }
        guard lists.count == loop.variables.count else {
            throw ScriptDiagnostic(position: header.startPosition,
                                   message: "'for' has \(loop.variables.count) loop variables but \(lists.count) value lists")
        }
        var result: [[String]] = []
        for list in lists { result.append(try Self.values(of: list)) }
        if let n = result.first?.count, let bad = result.firstIndex(where: { $0.count != n }) {
            throw ScriptDiagnostic(position: lists[bad].startPosition,
                                   message: "value lists of 'for' differ in length (\(n) and \(result[bad].count))")
        }
        return result
    }

    /// `a : b` (integers, either direction, optional `: step`) or blank-separated words.
    static func values(of list: ScriptLine) throws(ScriptDiagnostic) -> [String] {
        let parts = splitTopLevel(list, on: ":").map { $0.trimmed().text }
        if parts.count == 2 || parts.count == 3 {
            guard let from = Int(parts[0]), let to = Int(parts[1]) else {
                throw ScriptDiagnostic(position: list.startPosition, message: "a range in 'for' needs whole numbers: 'from : to'")
            }
            var step = from <= to ? 1 : -1
            if parts.count == 3 {
                guard let s = Int(parts[2]), s != 0, (s > 0) == (from <= to) || from == to else {
                    throw ScriptDiagnostic(position: list.startPosition, message: "bad step in range '\(list.text)'")
                }
                step = s
            }
            return Array(stride(from: from, through: to, by: step)).map(String.init)
        }
        var words: [String] = [], current = ""
        var quote: Character?
        for ch in list.characters {
            if let q = quote {
                current.append(ch)
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch; current.append(ch)
            } else if ch.isWhitespace || ch == "," {
                if !current.isEmpty { words.append(current); current = "" }
            } else { current.append(ch) }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Splits on a separator that stands outside quotes and parentheses.
    static func splitTopLevel(_ line: ScriptLine, on separator: Character) -> [ScriptLine] {
        var parts: [ScriptLine] = []
        var depth = 0, quote: Character?, start = 0
        for (k, ch) in line.characters.enumerated() {
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "'", "\"": quote = ch
            case "(": depth += 1
            case ")": depth -= 1
            case separator where depth == 0:
                parts.append(line.slice(start, k))
                start = k + 1
            default: break
            }
        }
        parts.append(line.slice(start, line.characters.count))
        return parts
    }
}
