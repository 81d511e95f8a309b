import Foundation

/// A tiny schema walker over `JSONSerialization` output that records a problem (with the JSON
/// path in the sentence) instead of stopping at the first one, so a data provider sees every
/// metadata mistake in one run.
struct Checker {
    let file: String
    var problems: [ValidationProblem] = []

    mutating func fail(_ message: String) {
        problems.append(ValidationProblem(file: file, line: nil, message: message))
    }

    private func name(_ path: String) -> String { path.isEmpty ? "the metadata" : path }

    mutating func object(_ value: Any?, _ path: String, required: Set<String>, optional: Set<String>) -> [String: Any]? {
        guard let value else { fail("\(name(path)) is missing."); return nil }
        guard let o = value as? [String: Any] else { fail("\(name(path)) must be a JSON object."); return nil }
        for key in required.sorted() where o[key] == nil || o[key] is NSNull {
            fail("\(name(path)) is missing the required field \"\(key)\".")
        }
        for key in o.keys.sorted() where !required.contains(key) && !optional.contains(key) {
            fail("\(name(path)) has the unknown field \"\(key)\".")
        }
        return o
    }

    mutating func array(_ value: Any?, _ path: String, min: Int, max: Int = .max) -> [Any]? {
        guard let value, !(value is NSNull) else { return nil }  // absence reported by `object`
        guard let a = value as? [Any] else { fail("\(path) must be a list."); return nil }
        if a.count < min { fail("\(path) must have at least \(min) entr\(min == 1 ? "y" : "ies").") ; return nil }
        if a.count > max { fail("\(path) must have at most \(max) entr\(max == 1 ? "y" : "ies"), found \(a.count).") ; return nil }
        return a
    }

    @discardableResult
    mutating func string(_ value: Any?, _ path: String) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let s = value as? String else { fail("\(path) must be a string."); return nil }
        if s.isEmpty { fail("\(path) must not be empty."); return nil }
        return s
    }

    mutating func stringArray(_ value: Any?, _ path: String) {
        guard let a = array(value, path, min: 0) else { return }
        for (i, x) in a.enumerated() { string(x, "\(path)[\(i)]") }
    }

    /// A list (at least one) of {languageCode, value} with a known language code.
    mutating func multilingual(_ value: Any?, _ path: String) {
        guard let items = array(value, path, min: 1) else { return }
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard let o = object(item, p, required: ["languageCode", "value"], optional: []) else { continue }
            if let code = string(o["languageCode"], "\(p).languageCode"), !Microdata.languageCodes.contains(code) {
                fail("\(p).languageCode \"\(code)\" is not one of no, nb, nn, en.")
            }
            string(o["value"], "\(p).value")
        }
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ value: Any?, _ path: String, _ type: E.Type) -> E?
        where E.RawValue == String {
        guard let s = string(value, path) else { return nil }
        guard let e = E(rawValue: s) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            fail("\(path) \"\(s)\" is not one of \(allowed).")
            return nil
        }
        return e
    }

    mutating func unitType(_ value: Any?, _ path: String) -> String? {
        guard let s = string(value, path) else { return nil }
        guard Microdata.unitTypes.contains(s) else {
            fail("\(path) \"\(s)\" is not a unit type microdata-tools knows (e.g. PERSON, FORETAK, KOMMUNE, KRG_KREFTTILFELLE, NPR_EPISODE).")
            return nil
        }
        return s
    }

    mutating func date(_ value: Any?, _ path: String) -> Int32? {
        guard let s = string(value, path) else { return nil }
        guard let d = EpochDays.parse(s) else { fail("\(path) \"\(s)\" is not a valid date YYYY-MM-DD."); return nil }
        return d
    }

    /// A code (or sentinel) that must parse as the measure's data type. Returns it in the
    /// canonical form the data check compares against (`DataValueParser.canonical`).
    mutating func code(_ value: Any?, _ path: String, _ dataType: Microdata.DataType) -> String? {
        guard let s = string(value, path) else { return nil }
        guard let canonical = DataValueParser.canonical(s, as: dataType) else {
            fail("\(path) \"\(s)\" is not a valid \(dataType.rawValue) value, but the measure's dataType is \(dataType.rawValue).")
            return nil
        }
        return canonical
    }
}
