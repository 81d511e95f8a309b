import Foundation

/// A JSON value parsed by our own small parser, so that `true` and `1` never blur (Foundation's
/// JSONSerialization returns NSNumber for both on some platforms).
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let d): d == d.rounded() ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var number: Double? { if case .number(let d) = self { return d }; return nil }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

    struct ParseError: Error, CustomStringConvertible { let description: String }

    /// RFC 8259 JSON.
    static func parse(_ text: String) throws -> JSONValue {
        var p = Parser(bytes: Array(text.utf8))
        p.skip()
        let v = try p.value()
        p.skip()
        guard p.i == p.bytes.count else { throw ParseError(description: "trailing characters at \(p.i)") }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skip() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

        mutating func expect(_ word: String) throws {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw ParseError(description: "expected \(word) at \(i)") }
            i += w.count
        }

        mutating func value() throws -> JSONValue {
            guard i < bytes.count else { throw ParseError(description: "unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                i += 1; skip()
                var items: [JSONValue] = []
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skip(); items.append(try value()); skip()
                    guard i < bytes.count else { throw ParseError(description: "unterminated array") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw ParseError(description: "expected , or ] at \(i)")
                }
            case UInt8(ascii: "{"):
                i += 1; skip()
                var members: [String: JSONValue] = [:]
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw ParseError(description: "expected key at \(i)") }
                    let key = try string(); skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw ParseError(description: "expected : at \(i)") }
                    i += 1; skip()
                    members[key] = try value(); skip()
                    guard i < bytes.count else { throw ParseError(description: "unterminated object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    throw ParseError(description: "expected , or } at \(i)")
                }
            default:
                let start = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                guard let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw ParseError(description: "bad number at \(start)") }
                return .number(d)
            }
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count, var code = UInt32(String(decoding: bytes[i + 1...i + 4], as: UTF8.self), radix: 16) else {
                            throw ParseError(description: "bad escape at \(i)")
                        }
                        i += 4
                        if code >= 0xD800 && code < 0xDC00, i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"),
                           let low = UInt32(String(decoding: bytes[i + 3...i + 6], as: UTF8.self), radix: 16) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "?")).utf8))
                    default: out.append(bytes[i])
                    }
                    i += 1
                    continue
                }
                out.append(b)
                i += 1
            }
            throw ParseError(description: "unterminated string")
        }
    }
}

/// A JSON Schema validator for the draft-07 keywords that the Vega-Lite v5 schema and
/// docs/application.schema.json use: `$ref` (to `#/definitions/…` or `#`), `type`, `enum`,
/// `const`, `properties`, `required`, `additionalProperties`, `patternProperties`, `items`,
/// `minItems`, `maxItems`, `uniqueItems`, `anyOf`, `oneOf`, `allOf`, `not`, `minimum`,
/// `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `maxLength`, `pattern`,
/// `minProperties`, `maxProperties`, `if`/`then`/`else`. `format` is an annotation only (as draft-07 allows).
/// Test code, no dependencies.
struct JSONSchemaValidator {
    let root: JSONValue

    init(schema: JSONValue) { root = schema }

    init(schemaFile url: URL) throws {
        root = try JSONValue.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// Every violation as `path: message`; empty when the instance is valid.
    func validate(_ instance: JSONValue) -> [String] { errors(instance, root, "$") }

    func validate(json text: String) throws -> [String] { validate(try JSONValue.parse(text)) }

    func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var node = root
        let pointer = String(ref.dropFirst())
        if pointer.isEmpty { return root }
        for raw in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let token = (String(raw).removingPercentEncoding ?? String(raw))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let o): guard let next = o[token] else { return nil }; node = next
            case .array(let a): guard let k = Int(token), k >= 0, k < a.count else { return nil }; node = a[k]
            default: return nil
            }
        }
        return node
    }

    private func matchesType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .number): return true
        case ("integer", .number(let d)): return d == d.rounded()
        default: return false
        }
    }

    private func errors(_ value: JSONValue, _ schema: JSONValue, _ path: String) -> [String] {
        if case .bool(let b) = schema { return b ? [] : ["\(path): schema false"] }
        guard case .object(let s) = schema else { return ["\(path): malformed schema"] }
        if let ref = s["$ref"]?.string {
            guard let target = resolve(ref) else { return ["\(path): unresolvable $ref \(ref)"] }
            return errors(value, target, path) // draft-07: $ref ignores its siblings
        }
        var out: [String] = []
        if let type = s["type"] {
            let types = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if !types.contains(where: { matchesType(value, $0) }) {
                return ["\(path): expected \(types.joined(separator: "|")), found \(value.typeName)"]
            }
        }
        if let e = s["enum"]?.array, !e.contains(where: { equal($0, value) }) {
            out.append("\(path): \(short(value)) not in enum")
        }
        if let c = s["const"], !equal(c, value) { out.append("\(path): \(short(value)) is not const \(short(c))") }
        if case .number(let d) = value {
            if let m = s["minimum"]?.number, d < m { out.append("\(path): \(d) < minimum \(m)") }
            if let m = s["maximum"]?.number, d > m { out.append("\(path): \(d) > maximum \(m)") }
            if let m = s["exclusiveMinimum"]?.number, d <= m { out.append("\(path): \(d) <= exclusiveMinimum \(m)") }
            if let m = s["exclusiveMaximum"]?.number, d >= m { out.append("\(path): \(d) >= exclusiveMaximum \(m)") }
        }
        if case .string(let str) = value {
            if let m = s["minLength"]?.number, Double(str.count) < m { out.append("\(path): shorter than \(Int(m))") }
            if let m = s["maxLength"]?.number, Double(str.count) > m { out.append("\(path): longer than \(Int(m))") }
            if let p = s["pattern"]?.string, str.range(of: p, options: .regularExpression) == nil {
                out.append("\(path): '\(str)' does not match /\(p)/")
            }
        }
        if case .array(let items) = value {
            if let m = s["minItems"]?.number, Double(items.count) < m { out.append("\(path): fewer than \(Int(m)) items") }
            if let m = s["maxItems"]?.number, Double(items.count) > m { out.append("\(path): more than \(Int(m)) items") }
            if case .bool(true) = s["uniqueItems"] ?? .null {
                for (i, a) in items.enumerated() where items[..<i].contains(where: { equal($0, a) }) { out.append("\(path)[\(i)]: duplicate item") }
            }
            if let itemSchema = s["items"] {
                if case .array(let tuple) = itemSchema {
                    for (i, item) in items.enumerated() where i < tuple.count { out += errors(item, tuple[i], "\(path)[\(i)]") }
                } else {
                    for (i, item) in items.enumerated() { out += errors(item, itemSchema, "\(path)[\(i)]") }
                }
            }
        }
        if case .object(let members) = value {
            let properties = s["properties"]?.object ?? [:]
            let patterns = s["patternProperties"]?.object ?? [:]
            if let required = s["required"]?.array {
                for r in required.compactMap(\.string) where members[r] == nil { out.append("\(path): missing required '\(r)'") }
            }
            if let m = s["minProperties"]?.number, Double(members.count) < m { out.append("\(path): fewer than \(Int(m)) properties") }
            if let m = s["maxProperties"]?.number, Double(members.count) > m { out.append("\(path): more than \(Int(m)) properties") }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                var covered = false
                if let p = properties[key] { covered = true; out += errors(member, p, "\(path).\(key)") }
                for (pattern, p) in patterns where key.range(of: pattern, options: .regularExpression) != nil {
                    covered = true
                    out += errors(member, p, "\(path).\(key)")
                }
                if !covered, let additional = s["additionalProperties"] {
                    if case .bool(false) = additional { out.append("\(path): unexpected property '\(key)'") }
                    else { out += errors(member, additional, "\(path).\(key)") }
                }
            }
        }
        if let all = s["allOf"]?.array {
            for sub in all { out += errors(value, sub, path) }
        }
        if let any = s["anyOf"]?.array {
            let results = any.map { errors(value, $0, path) }
            if !results.contains(where: \.isEmpty) {
                let closest = results.min { $0.count < $1.count } ?? []
                out.append("\(path): no anyOf branch matches; closest: \(closest.prefix(3).joined(separator: "; "))")
            }
        }
        if let one = s["oneOf"]?.array {
            let matching = one.filter { errors(value, $0, path).isEmpty }.count
            if matching != 1 { out.append("\(path): \(matching) oneOf branches match (need exactly 1)") }
        }
        if let not = s["not"], errors(value, not, path).isEmpty { out.append("\(path): matches a 'not' schema") }
        if let condition = s["if"] {
            if errors(value, condition, path).isEmpty {
                if let then = s["then"] { out += errors(value, then, path) }
            } else if let otherwise = s["else"] {
                out += errors(value, otherwise, path)
            }
        }
        return out
    }

    private func equal(_ a: JSONValue, _ b: JSONValue) -> Bool { a == b }

    private func short(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): "'\(s.prefix(40))'"
        case .number(let d): "\(d)"
        case .bool(let b): "\(b)"
        case .null: "null"
        case .array: "[…]"
        case .object: "{…}"
        }
    }
}
