import Foundation

/// Notes for comparisons of a register code variable with a code its code list does not have
/// (`stadium == '4'` when KRG_KJERNE_STADIUM's codes are 1, 2, 3 and 9).
///
/// Such a comparison is silently false (or, for `!=`, true) on every row, and a cohort or
/// dummy built on it is quietly wrong; microdata.no users meet it through typos and through
/// codes that changed between classifications. The check reads only the catalogue's code lists,
/// which are public metadata, never the data: whether a code occurs in the data would be a
/// count, and counts leave only through the Disclosure layer.
struct CodeListCheck {
    let catalogue: Catalogue
    /// The dataset the expression reads, as it was before the command ran.
    let dataset: Dataset

    /// At most this many codes are listed in a note; `describe` shows a whole list.
    static let listedCodes = 12

    /// One note per distinct (variable, code) pair, in order of appearance.
    func notes(for expressions: [ScriptExpression]) -> [String] {
        var notes: [String] = []
        var seen = Set<String>()
        func visit(_ e: ScriptExpression) {
            switch e.kind {
            case .binary(let op, let a, let b):
                if Self.isComparison(op) {
                    if let note = check(a, b) ?? check(b, a), seen.insert(note).inserted { notes.append(note) }
                }
                visit(a); visit(b)
            case .unary(_, let a): visit(a)
            case .call(let name, let args):
                // inlist(v, 'a', 'b', …): every listed code is compared with v.
                if name == "inlist", let first = args.first {
                    for other in args.dropFirst() {
                        if let note = check(first, other), seen.insert(note).inserted { notes.append(note) }
                    }
                }
                args.forEach(visit)
            default: break
            }
        }
        expressions.forEach(visit)
        return notes
    }

    static func isComparison(_ op: ScriptBinaryOperator) -> Bool {
        switch op {
        case .equal, .notEqual: return true
        default: return false
        }
    }

    /// A note when `variable` is a code variable imported from the catalogue and `literal` is a
    /// quoted string that none of its code list's entries (in any period) has. A value the column's
    /// own string table holds (written by `replace`) gets no note: the comparison can hold there.
    func check(_ variable: ScriptExpression, _ literal: ScriptExpression) -> String? {
        guard case .variable(let name) = variable.kind, case .string(let code) = literal.kind,
              let column = dataset.column(named: name), column.type == .string, !column.strings.contains(code),
              let source = column.source, let v = try? catalogue.variable(named: source),
              let list = catalogue.codeList(for: v), !list.entries.isEmpty,
              !list.entries.contains(where: { $0.code == code })
        else { return nil }
        var codes: [String] = []
        for entry in list.entries where !codes.contains(entry.code) { codes.append(entry.code) }
        let shown = codes.prefix(Self.listedCodes).joined(separator: ", ")
        let more = codes.count > Self.listedCodes ? ", … (\(codes.count) codes; describe \(source) lists them)" : ""
        return "note (line \(literal.position.line), column \(literal.position.column)): '\(code)' is not a code of \(name) (\(source), code list \(list.name)): " +
            "the comparison has the same result on every row. Its codes are \(shown)\(more)."
    }
}
