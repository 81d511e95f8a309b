/// The seam for statistics and chart commands (`summarize`, `tabulate`, `regress`, …): the
/// engine parses and routes them, an `AnalysisRunner` computes and releases the results.
///
/// The runner gets the whole workspace `inout` (the current dataset is
/// `workspace.current`; `-predict` commands may add variables to it). If it throws, the
/// engine restores the workspace as it was, like every other failing command. It must
/// return only released results (the Disclosure layer's type), never raw values.
public protocol AnalysisRunner: Sendable {
    func run(_ analysis: ScriptAnalysis, command: ScriptCommand, workspace: inout Workspace) throws -> [ReleasedResult]
}

/// The default until the statistics engine plugs in: every analysis command is refused
/// with a plain message.
public struct UnavailableAnalysisRunner: AnalysisRunner {
    public init() {}
    public func run(_ analysis: ScriptAnalysis, command: ScriptCommand, workspace: inout Workspace) throws -> [ReleasedResult] {
        throw EngineError("'\(analysis.command)' is not available yet", at: command.position)
    }
}

/// A runner made from a closure (handy for tests and for wiring in `kohort`).
public struct ClosureAnalysisRunner: AnalysisRunner {
    public let body: @Sendable (ScriptAnalysis, ScriptCommand, inout Workspace) throws -> [ReleasedResult]
    public init(_ body: @escaping @Sendable (ScriptAnalysis, ScriptCommand, inout Workspace) throws -> [ReleasedResult]) {
        self.body = body
    }
    public func run(_ analysis: ScriptAnalysis, command: ScriptCommand, workspace: inout Workspace) throws -> [ReleasedResult] {
        try body(analysis, command, &workspace)
    }
}

// MARK: - Read API for analysis code (statistics, charts, the TUI's live counts)

extension Dataset {
    /// A numeric column (LONG, DOUBLE, DATE; NaN = missing) as a buffer, or the unit id as
    /// numbers when `name` is the id name.
    public func withNumbers<R>(_ name: String, _ body: (UnsafeBufferPointer<Double>) throws -> R) throws -> R {
        if name == idName { return try ids.map(Double.init).withUnsafeBufferPointer(body) }
        guard let column = column(named: name) else {
            throw EngineError.unknown("variable", name, candidates: variableNames + [idName], at: nil)
        }
        guard column.type.isNumeric else { throw EngineError("'\(name)' is a string variable, not a number") }
        return try column.numbers.withUnsafeBufferPointer(body)
    }

    /// A string/code column: codes per row (-1 = missing) and the strings they index.
    public func codes(_ name: String) throws -> (codes: [Int32], strings: [String]) {
        guard let column = column(named: name) else {
            throw EngineError.unknown("variable", name, candidates: variableNames + [idName], at: nil)
        }
        guard column.type == .string else { throw EngineError("'\(name)' is numeric, not a string variable") }
        return (column.codes, column.strings)
    }

    /// Number of distinct units (rows in a person dataset; persons with a spell in an event
    /// dataset; units of a panel). Internal to analysis code: released only through Disclosure.
    public var unitCount: Int {
        ids.withUnsafeBufferPointer { p in
            var n = 0
            for i in 0..<p.count where i == 0 || p[i] != p[i - 1] { n += 1 }
            return n
        }
    }

    /// The unit ids as a buffer (ascending; repeated in event datasets and panels).
    public func withUnitIDs<R>(_ body: (UnsafeBufferPointer<Int64>) throws -> R) rethrows -> R {
        try ids.withUnsafeBufferPointer(body)
    }

    /// An `if` condition as a row mask (true = the condition holds; missing counts as false).
    /// Without a condition every row is selected.
    public func rowMask(_ condition: ScriptExpression?) throws -> [Bool] {
        guard let condition else { return Array(repeating: true, count: rowCount) }
        return try ExpressionCompiler.mask(condition, in: self)
    }

    /// Evaluates a numeric expression over all rows (NaN = missing), e.g. for a weight.
    public func numbers(of expression: ScriptExpression) throws -> [Double] {
        let c = try ExpressionCompiler.compile(expression, in: self)
        guard !c.isString else { throw EngineError("expected a number, not a string", at: expression.position) }
        return try c.evaluate().numbers(rowCount)
    }

    /// The label of a value of a variable, from its assigned label set, if any.
    public func label(of value: String, variable: String, in workspace: Workspace) -> String? {
        guard let set = column(named: variable)?.labelSet, let labels = workspace.labelSets[set] else { return nil }
        if let n = Double(value), let l = labels.label(forNumber: n) { return l }
        return labels.label(forString: value)
    }
}
