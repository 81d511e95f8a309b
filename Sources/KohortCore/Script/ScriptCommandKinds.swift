/// The typed form of each command, which the engine dispatches on.
///
/// `let`, `for … end` are not here: the macro layer consumes them (see `ScriptLetBinding`,
/// `ScriptForLoop`) before commands exist. Statistics and chart commands share one shape,
/// `ScriptAnalysis`, because they differ in options, not in syntax.
public enum ScriptCommandKind: Sendable, Equatable {
    case require(ScriptRequire)
    case createDataset(String)
    case use(String)
    case deleteDataset(String)
    case cloneDataset(from: String, to: String)
    case renameDataset(from: String, to: String)
    case cloneUnits(from: String, to: String)
    /// `import db/VAR [date] [as name][, outer_join]`.
    case importVariable(ScriptImport)
    /// `import-event db/VAR from to to [as name]`.
    case importEvent(ScriptImportEvent)
    /// `import-panel db/A db/B … date date …`.
    case importPanel(ScriptImportPanel)
    case generate(ScriptAssignment)
    case replace(ScriptAssignment)
    case recode(ScriptRecode)
    /// `rename old new` (several pairs allowed).
    case rename([ScriptRenamePair])
    /// `clone-variables a [-> b] …` (without `->`, the `prefix()`/`suffix()` options name the copy).
    case cloneVariables([ScriptClonePair])
    /// `drop a b` or `drop if …` (the condition is on the command).
    case drop([String])
    case keep([String])
    case destring([String])
    case defineLabels(ScriptLabelDefinition)
    /// `assign-labels var… labelset`.
    case assignLabels(variables: [String], labels: String)
    case dropLabels([String])
    case listLabels([String])
    case collapse(ScriptCollapse)
    case aggregate(ScriptCollapse)
    case merge(ScriptMerge)
    case reshapeToPanel([String])
    case reshapeFromPanel([String])
    case sample(ScriptSample)
    case variables([String])
    case history
    /// `help [topic]`.
    case help(String?)
    case clear
    case textblock(String)
    /// A statistics or chart command (`summarize`, `tabulate`, `regress`, `histogram`, …).
    case analysis(ScriptAnalysis)
}

/// `require no.ssb.fdb:23 as db`.
public struct ScriptRequire: Sendable, Equatable {
    public var datastore: String
    public var version: String?
    public var alias: String?
}

public struct ScriptImport: Sendable, Equatable {
    public var variable: ScriptVariableReference
    public var date: ScriptDate?
    /// The name in the dataset; defaults to the variable's name when absent.
    public var alias: String?
    public var outerJoin: Bool
}

public struct ScriptImportEvent: Sendable, Equatable {
    public var variable: ScriptVariableReference
    public var from: ScriptDate
    public var to: ScriptDate
    public var alias: String?
    public var outerJoin: Bool
}

public struct ScriptImportPanel: Sendable, Equatable {
    public var variables: [ScriptVariableReference]
    public var dates: [ScriptDate]
}

/// `generate x = expr` / `replace x = expr` (the `if` is on the command).
public struct ScriptAssignment: Sendable, Equatable {
    public var target: String
    public var targetPosition: ScriptPosition
    public var expression: ScriptExpression
}

public struct ScriptRenamePair: Sendable, Equatable {
    public var from: String
    public var to: String
}

public struct ScriptClonePair: Sendable, Equatable {
    public var from: String
    public var to: String?
}

/// A constant in a recode rule or a label definition: numbers and quoted codes both occur
/// (`(1 2 = 0)`, `('01' '02' = '0')`).
public enum ScriptLiteral: Sendable, Equatable, Hashable, CustomStringConvertible {
    case number(Double)
    case string(String)

    public var description: String {
        switch self {
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .string(let s): return "'\(s)'"
        }
    }
}

/// `recode vars (rule) (rule) …[, prefix(p) generate(names)]`.
public struct ScriptRecode: Sendable, Equatable {
    public var variables: [String]
    public var rules: [ScriptRecodeRule]
}

/// One `(sources = target ['label'])` rule.
public struct ScriptRecodeRule: Sendable, Equatable {
    public var sources: [ScriptRecodeSource]
    public var target: ScriptRecodeTarget
    public var label: String?
    public var position: ScriptPosition
}

public enum ScriptRecodeSource: Sendable, Equatable {
    case value(ScriptLiteral)
    /// `low/high`, either end may be `min`/`max` (nil).
    case range(low: Double?, high: Double?)
    case nonmissing
    case missing
    /// `*`: every value no earlier rule matched.
    case otherwise
}

public enum ScriptRecodeTarget: Sendable, Equatable {
    case value(ScriptLiteral)
    /// `.`: set to missing.
    case missing
}

/// `define-labels name value 'label' value 'label' …`.
public struct ScriptLabelDefinition: Sendable, Equatable {
    public var name: String
    public var entries: [ScriptLabelEntry]
}

public struct ScriptLabelEntry: Sendable, Equatable {
    public var value: ScriptLiteral
    public var label: String
}

/// `collapse (stat) var [-> new] … (stat) …, by(var)`.
public struct ScriptCollapse: Sendable, Equatable {
    public var specs: [ScriptCollapseSpec]
}

public struct ScriptCollapseSpec: Sendable, Equatable {
    /// Lower-cased statistic name: mean, min, max, median, count, sum, semean, sebinomial, sd,
    /// percent, iqr, gini, or a percentile `p1`…`p99`.
    public var statistic: String
    public var variable: String
    /// The result's name; defaults to `variable`.
    public var target: String?
    public var position: ScriptPosition
}

/// `merge a b into dataset [on key]`.
public struct ScriptMerge: Sendable, Equatable {
    public var variables: [String]
    public var into: String
    public var on: String?
}

/// `sample 5000 [seed]` or `sample 0.1 [seed]`: a count (whole number ≥ 1) or a fraction (< 1).
public struct ScriptSample: Sendable, Equatable {
    public var amount: Double
    public var seed: Int?
    public var isFraction: Bool { amount < 1 }
}

/// A statistics or chart command: its name, its terms and any other positional values.
public struct ScriptAnalysis: Sendable, Equatable {
    public var command: String
    /// For `coefplot`: the model command it wraps (`coefplot regress y x`), if written.
    public var subcommand: String?
    public var arguments: [ScriptAnalysisArgument]

    public init(command: String, subcommand: String? = nil, arguments: [ScriptAnalysisArgument]) {
        self.command = command
        self.subcommand = subcommand
        self.arguments = arguments
    }

    /// The terms in order (variables and factor terms).
    public var terms: [ScriptTerm] {
        arguments.compactMap { if case .term(let t) = $0 { return t } else { return nil } }
    }

    /// Every variable the command mentions, in order of first use.
    public var variables: [String] {
        var seen: [String] = []
        for argument in arguments {
            var terms: [ScriptTerm] = []
            switch argument {
            case .term(let t): terms = [t]
            case .instrumented(let a, let b): terms = a + b
            case .value, .statistic: break
            }
            for v in terms.flatMap({ $0.factors.map(\.name) }) where !seen.contains(v) { seen.append(v) }
        }
        return seen
    }
}

public enum ScriptAnalysisArgument: Sendable, Equatable {
    case term(ScriptTerm)
    /// `(endogenous = instruments)` of `ivregress`.
    case instrumented(endogenous: [ScriptTerm], instruments: [ScriptTerm])
    /// A constant (a cutoff, a date, a number of groups).
    case value(ScriptToken)
    /// `(mean)` before the variables it applies to, as in `barchart (mean) lønn, over(kjønn)`.
    case statistic(String)
}

/// A model term in Stata's factor notation: `x`, `i.x`, `ib2.x`, `c.x`, `a#b`, `a##b`.
public struct ScriptTerm: Sendable, Equatable, CustomStringConvertible {
    public enum Interaction: String, Sendable {
        /// One factor, no interaction.
        case none = ""
        /// `a#b`: the interaction only.
        case interaction = "#"
        /// `a##b`: main effects and interaction (full factorial).
        case factorial = "##"
    }

    public var factors: [ScriptFactor]
    public var interaction: Interaction
    public var position: ScriptPosition

    public init(factors: [ScriptFactor], interaction: Interaction = .none, position: ScriptPosition) {
        self.factors = factors
        self.interaction = interaction
        self.position = position
    }

    public var description: String {
        factors.map(\.description).joined(separator: interaction.rawValue)
    }
}

public struct ScriptFactor: Sendable, Equatable, CustomStringConvertible {
    public enum Role: Sendable, Equatable {
        /// Written without prefix: continuous on its own, categorical inside `#` (as Stata).
        case plain
        /// `i.x` or `ib<base>.x`.
        case categorical(base: Int?)
        /// `c.x`.
        case continuous
    }

    public var name: String
    public var role: Role

    public init(name: String, role: Role = .plain) {
        self.name = name
        self.role = role
    }

    public var description: String {
        switch role {
        case .plain: return name
        case .categorical(nil): return "i.\(name)"
        case .categorical(let b?): return "ib\(b).\(name)"
        case .continuous: return "c.\(name)"
        }
    }
}
