/// One command of a script, after macro expansion, in two layers:
///
/// - a **generic** shape every command shares — name, positional `arguments`, an optional
///   `if` condition and `options` after a comma — which tools (syntax colouring, the session
///   log, help) can use without knowing each command;
/// - a **typed** `kind` the engine dispatches on (`.importVariable`, `.recode`, `.analysis`, …).
public struct ScriptCommand: Sendable, Equatable {
    /// Canonical command name, lower-case (`import-event`).
    public var name: String
    /// Position of the command name.
    public var position: ScriptPosition
    /// The line as it will run (after macro expansion), for logs and JSON `command` fields.
    public var source: String
    /// Generic positional arguments (everything before `if` and the option comma).
    public var arguments: [ScriptArgument]
    /// The tokens those arguments came from.
    public var tokens: [ScriptToken]
    public var condition: ScriptExpression?
    public var options: [ScriptOption]
    public var kind: ScriptCommandKind

    public init(name: String, position: ScriptPosition, source: String, arguments: [ScriptArgument] = [],
                tokens: [ScriptToken] = [], condition: ScriptExpression? = nil, options: [ScriptOption] = [],
                kind: ScriptCommandKind) {
        self.name = name
        self.position = position
        self.source = source
        self.arguments = arguments
        self.tokens = tokens
        self.condition = condition
        self.options = options
        self.kind = kind
    }

    /// The option called `name` (options are case-insensitive), if given.
    public func option(_ name: String) -> ScriptOption? {
        options.first { $0.name == name.lowercased() }
    }

    public func hasOption(_ name: String) -> Bool { option(name) != nil }
}

/// An option after the comma: `chi2`, `by(kommune)`, `level(90)`, `prefix(x_)`.
public struct ScriptOption: Sendable, Equatable {
    /// Lower-cased option name.
    public var name: String
    public var position: ScriptPosition
    /// Tokens between the parentheses; `nil` when the option had no parentheses.
    public var arguments: [ScriptToken]?
    /// Where the closing parenthesis (or the name's end) is, for "expected" errors.
    public var endPosition: ScriptPosition

    public init(name: String, position: ScriptPosition, arguments: [ScriptToken]? = nil, endPosition: ScriptPosition) {
        self.name = name
        self.position = position
        self.arguments = arguments
        self.endPosition = endPosition
    }

    /// The argument as written (`by(a b)` → `a b`), or nil without parentheses.
    public var rawText: String? { arguments.map { $0.map(\.description).joined(separator: " ") } }

    /// The argument as a list of names (`by(kommune kjønn)`).
    public func names() throws(ScriptDiagnostic) -> [String] {
        var cursor = ScriptTokenCursor(arguments ?? [], endPosition: endPosition)
        let names = try cursor.names("a variable name in '\(name)()'")
        guard !names.isEmpty else { throw ScriptDiagnostic(position: endPosition, message: "option '\(name)' needs a value") }
        return names
    }

    /// The argument as one number (`level(90)`, `bin(20)`).
    public func number() throws(ScriptDiagnostic) -> Double {
        var tokens = arguments ?? []
        var sign = 1.0
        if tokens.first?.isSymbol(.minus) == true { sign = -1; tokens.removeFirst() }
        guard tokens.count == 1, case .number(let v, _) = tokens[0].kind else {
            throw ScriptDiagnostic(position: arguments?.first?.position ?? endPosition,
                                   message: "option '\(name)' needs a number")
        }
        return sign * v
    }

    /// The argument as an expression (`summarize(lønn)` or `cutoff(date(2015,1,1))`).
    public func expression() throws(ScriptDiagnostic) -> ScriptExpression {
        try ScriptExpressionParser.parse(arguments ?? [], endPosition: endPosition)
    }
}

/// A generic positional argument.
public struct ScriptArgument: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case name(String)
        case reference(ScriptVariableReference)
        case date(ScriptDate)
        case number(Double)
        case string(String)
        /// `X to Y` (dates in `import-event`, or any two values).
        case range(from: ScriptToken, to: ScriptToken)
        /// `as alias`.
        case alias(String)
        /// `a -> b`.
        case arrow(from: String, to: String)
        /// A factor or interaction term (`i.x`, `a#b`, `a##c.b`).
        case term(ScriptTerm)
        /// `( … )`: a recode rule, a collapse statistic, an instrument list.
        case group([ScriptToken])
        /// Any other symbol (`=` of `generate`, an operator of its expression).
        case symbol(ScriptSymbol)
    }

    public var kind: Kind
    public var position: ScriptPosition

    public init(_ kind: Kind, at position: ScriptPosition) {
        self.kind = kind
        self.position = position
    }
}

/// `db/VARIABLE`: a datastore alias (from `require … as db`) and a variable name.
public struct ScriptVariableReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var datastore: String
    public var variable: String
    public var position: ScriptPosition

    public init(datastore: String, variable: String, position: ScriptPosition) {
        self.datastore = datastore
        self.variable = variable
        self.position = position
    }

    public var description: String { "\(datastore)/\(variable)" }
}
