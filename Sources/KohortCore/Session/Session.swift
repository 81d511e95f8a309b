import Foundation

/// What one submission to the session produced: the released results of the commands that
/// ran, the lines recorded in the session script, and the first error (the commands after it
/// did not run; the ones before it did, each atomically).
public struct SessionOutcome: Sendable {
    public var results: [ReleasedResult] = []
    public var recorded: [String] = []
    public var error: ScriptDiagnostic?
    public var cancelled = false
    public init() {}
}

/// The facade the terminal interface talks to. It owns the engine, the parser (so `let`
/// bindings persist between submissions), the session script (every command that ran) and
/// the results log. Callers see only released results, names and diagnostics; unit rows never
/// leave the core.
public struct SessionCore: Sendable {
    public private(set) var engine: ScriptEngine?
    var parser = ScriptParser()
    /// Every command that ran, in order (after macro expansion, so it replays without `let`).
    public private(set) var script: [String] = []
    public private(set) var results: [ReleasedResult] = []
    /// The workspace after each attrition step last computed (copy-on-write: unchanged
    /// columns are shared between snapshots).
    var attritionCache: [AttritionSnapshot] = []
    /// Why there is no data (no datastore given and the synthetic default not wired).
    public let unavailableReason: String?

    public init(source: (any VariableSource)?, catalogue: Catalogue? = nil,
                analysisRunner: any AnalysisRunner = UnavailableAnalysisRunner(), unavailableReason: String? = nil) {
        if let source {
            engine = ScriptEngine(source: source, analysisRunner: analysisRunner, catalogue: catalogue)
            self.unavailableReason = nil
        } else {
            engine = nil
            self.unavailableReason = unavailableReason ?? "no data source is available"
        }
    }

    public var hasData: Bool { engine != nil }
    public var datasetNames: [String] { engine?.workspace.datasetNames ?? [] }
    public var currentDataset: String? { engine?.workspace.current?.name }
    public var variableNames: [String] { engine?.workspace.current?.variableNames ?? [] }
    public var datastoreNames: [String] { engine?.source.datastoreNames ?? [] }

    /// Parses and runs `text` (one or more lines). `shouldStop` is checked between commands.
    public mutating func submit(_ text: String, fileName: String = "session",
                                shouldStop: () -> Bool = { false }) -> SessionOutcome {
        var outcome = SessionOutcome()
        guard var engine else {
            outcome.error = ScriptDiagnostic(fileName: fileName, position: ScriptPosition(line: 1, column: 1),
                                             message: unavailableReason ?? "no data source is available")
            return outcome
        }
        defer { self.engine = engine }
        var p = parser
        let commands: [ScriptCommand]
        do { commands = try p.parse(source: text, fileName: fileName) } catch {
            outcome.error = error
            return outcome
        }
        parser = p
        for command in commands {
            if shouldStop() { outcome.cancelled = true; break }
            do {
                let r = try engine.execute(command, fileName: fileName)
                outcome.results += r
                if ScriptEngine.isRecorded(command) { outcome.recorded.append(command.source) }
            } catch {
                outcome.error = error
                break
            }
        }
        results += outcome.results
        script += outcome.recorded
        return outcome
    }

    /// Replaces the script and results log by those of a restored session (after replaying it).
    public mutating func restore(script lines: [String], shouldStop: () -> Bool = { false }) -> SessionOutcome {
        submit(lines.joined(separator: "\n"), fileName: "restored", shouldStop: shouldStop)
    }

    /// The attrition of a cohort: runs each step's lines on a scratch copy of the engine and
    /// releases the count of units in the current dataset after it, through the disclosure
    /// layer (cell-key perturbed, nil when suppressed). Nothing is recorded.
    public mutating func attrition(_ steps: [[String]], shouldStop: () -> Bool = { false }) -> AttritionOutcome {
        var out = AttritionOutcome()
        guard var scratch = engine else {
            out.error = unavailableReason ?? "no data source is available"
            return out
        }
        // Reuse the snapshots of an unchanged prefix of steps: toggling or editing rule k
        // recomputes from step k on, not the entry's imports.
        var reused = 0
        while reused < min(steps.count, attritionCache.count), attritionCache[reused].lines == steps[reused] { reused += 1 }
        attritionCache.removeSubrange(reused...)
        out.counts = attritionCache.map(\.count)
        var p: ScriptParser
        if let last = attritionCache.last {
            scratch = last.engine
            p = last.parser
        } else {
            // A fresh workspace: the counts depend on the cohort alone, not on what the session holds.
            scratch.workspace = Workspace()
            p = parser
        }
        for (i, lines) in steps.enumerated().dropFirst(reused) {
            if shouldStop() { out.cancelled = true; return out }
            do {
                for command in try p.parse(source: lines.joined(separator: "\n"), fileName: "cohort") {
                    _ = try scratch.execute(command, fileName: "cohort")
                }
                let count = try SessionCore.releasedCount(scratch)
                out.counts.append(count)
                attritionCache.append(AttritionSnapshot(lines: lines, engine: scratch, parser: p, count: count))
            } catch {
                out.error = "step \(i): \(error.position.line):\(error.position.column): \(error.message)"
                return out
            }
        }
        return out
    }

    /// The released number of units in the engine's current dataset (nil = below the
    /// small-cell threshold). Goes through `Release.table` like every count the user sees.
    static func releasedCount(_ engine: ScriptEngine) throws(ScriptDiagnostic) -> ReleasedCount {
        guard let d = engine.workspace.current else {
            throw ScriptDiagnostic(position: ScriptPosition(line: 1, column: 1), message: "no current dataset")
        }
        let key = RecordKey(policy: d.policy)
        var acc = CellKeyAccumulator(cells: 1)
        var last: Int64? = nil
        if let strings = d.idStrings {
            var seen = Set<String>()
            for s in strings where seen.insert(s).inserted { acc.add(cell: 0, recordKey: key(s)) }
        } else {
            for id in d.ids where id != last { acc.add(cell: 0, recordKey: key(id)); last = id }
        }
        let raw = RawTable(dimensions: ["cohort"], categories: [["N"]], accumulator: acc)
        do {
            let r = try Release.table(raw, policy: d.policy, command: "count", line: 0)
            guard case .table(let t) = r.payload else { return ReleasedCount(value: nil, smallCell: d.policy.smallCell) }
            return ReleasedCount(value: t.cell([0])?.count, smallCell: t.smallCell, protections: r.protections.map(\.rule))
        } catch {
            return ReleasedCount(value: nil, smallCell: d.policy.smallCell)
        }
    }
}

struct AttritionSnapshot: Sendable {
    let lines: [String]
    let engine: ScriptEngine
    let parser: ScriptParser
    let count: ReleasedCount
}

/// A released count: `value` nil means suppressed (fewer than `smallCell`).
public struct ReleasedCount: Sendable, Equatable {
    public let value: Int?
    public let smallCell: Int
    /// The disclosure rules applied to it (`cell_key_noise`, …), for a data application.
    public var protections: [String] = []
}

public struct AttritionOutcome: Sendable {
    public var counts: [ReleasedCount] = []
    public var error: String?
    public var cancelled = false
    public init() {}
}
