import Foundation

/// An expression of the command language (`generate`, `replace`, `if` qualifiers, `let`).
///
/// Every node keeps the position of its first token (for a binary node: the operator), so the
/// engine can point at `year(fdato)` when `fdato` turns out not to be a date.
public struct ScriptExpression: Sendable, Equatable, CustomStringConvertible {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        /// A bare `YYYY-MM-DD` inside an expression: the engine turns it into days since 1970.
        case date(ScriptDate)
        /// `.`: the missing value (sysmiss), as in `replace x = . if x < 0`.
        case missing
        case variable(String)
        case unary(ScriptUnaryOperator, ScriptExpression)
        case binary(ScriptBinaryOperator, ScriptExpression, ScriptExpression)
        /// A function call; the name is lower-cased (functions are case-insensitive).
        case call(String, [ScriptExpression])
    }

    public var kind: Kind
    public var position: ScriptPosition

    public init(_ kind: Kind, at position: ScriptPosition) {
        self.kind = kind
        self.position = position
    }

    /// Names of all variables the expression reads, in order of first use.
    public var variables: [String] {
        var seen: [String] = []
        func walk(_ e: ScriptExpression) {
            switch e.kind {
            case .variable(let v): if !seen.contains(v) { seen.append(v) }
            case .unary(_, let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(_, let args): args.forEach(walk)
            default: break
            }
        }
        walk(self)
        return seen
    }

    /// Fully parenthesised rendering; tests use it to check precedence.
    public var description: String {
        switch kind {
        case .number(let v):
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .string(let s): return "'\(s)'"
        case .date(let d): return d.description
        case .missing: return "."
        case .variable(let v): return v
        case .unary(let op, let a): return "(\(op.rawValue)\(a))"
        case .binary(let op, let a, let b): return "(\(a) \(op.rawValue) \(b))"
        case .call(let f, let args): return "\(f)(\(args.map(\.description).joined(separator: ", ")))"
        }
    }
}

public enum ScriptUnaryOperator: String, Sendable {
    case negate = "-"
    case not = "!"
}

public enum ScriptBinaryOperator: String, Sendable {
    case or = "|", and = "&"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"

    /// The operator that gives the same truth with its operands swapped (`c < x` is `x > c`),
    /// so a constant on the left can take the `column op constant` fast paths.
    var withOperandsSwapped: ScriptBinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}
