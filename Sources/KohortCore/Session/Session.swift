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
    /// Record keys of the last entry population's units (see `UnitKeyCache`).
    var keyCache: UnitKeyCache?
    /// Record keys aligned with the rows a later step's closing keep last ran on (see `RowKeys`).
    var rowKeyCache: RowKeys?
    /// The Float copy of the column a later step's `column op constant` keep last compared.
    var shadowCache: FloatShadow?
    /// The fused count of a closing keep (`ConditionTally`); off only in tests that compare it
    /// with the general path.
    var fusedCount = true
    /// Why there is no data (no datastore given and the synthetic default not wired).
    public let unavailableReason: String?

    public init(source: (any VariableSource)?, catalogue: Catalogue? = nil,
                analysisRunner: any AnalysisRunner = StatisticsAnalysisRunner(), unavailableReason: String? = nil) {
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

    /// Parses and runs `text` (one or more lines). `cancellation` is bound for the engine
    /// (`Cancellation.current`), which checks it between commands and at chunk boundaries
    /// inside long ones; a cancelled command changes nothing, like a failing one, and the
    /// outcome says `cancelled` instead of carrying an error.
    public mutating func submit(_ text: String, fileName: String = "session",
                                cancellation: CancellationToken? = nil) -> SessionOutcome {
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
        let token = cancellation ?? CancellationToken()
        Cancellation.bind(token) {
            for command in commands {
                if token.isCancelled { outcome.cancelled = true; break }
                do throws(ScriptDiagnostic) {
                    let r = try engine.execute(command, fileName: fileName)
                    outcome.results += r
                    if ScriptEngine.isRecorded(command) { outcome.recorded.append(command.source) }
                } catch {
                    if token.isCancelled { outcome.cancelled = true } else { outcome.error = error }
                    break
                }
            }
        }
        results += outcome.results
        script += outcome.recorded
        return outcome
    }

    /// Replaces the script and results log by those of a restored session (after replaying it).
    public mutating func restore(script lines: [String], cancellation: CancellationToken? = nil) -> SessionOutcome {
        submit(lines.joined(separator: "\n"), fileName: "restored", cancellation: cancellation)
    }

    /// The attrition of a cohort: runs each step's lines on a scratch copy of the engine and
    /// releases the count of units in the current dataset after it, through the disclosure
    /// layer (cell-key perturbed, nil when suppressed). Nothing is recorded.
    ///
    /// The workspace after every line is cached (copy-on-write, so snapshots share unchanged
    /// columns), and a refresh resumes after the longest unchanged prefix of lines: editing
    /// the value of rule k (`keep if lonn > …`) reuses rule k's import and reruns only the
    /// filter and the count, which is what keeps a refresh within the 100 ms budget.
    public mutating func attrition(_ steps: [[String]], cancellation: CancellationToken? = nil) -> AttritionOutcome {
        var out = AttritionOutcome()
        guard var scratch = engine else {
            out.error = unavailableReason ?? "no data source is available"
            return out
        }
        // Each step's lines, then a marker after which the step's count is taken.
        var entries: [AttritionEntry] = []
        for (i, lines) in steps.enumerated() {
            entries += lines.enumerated().map { AttritionEntry(step: i, index: $0.offset, line: $0.element) }
            entries.append(AttritionEntry(step: i, index: lines.count, line: nil))
        }
        var reused = 0
        while reused < min(entries.count, attritionCache.count), attritionCache[reused].entry == entries[reused] { reused += 1 }
        attritionCache.removeSubrange(reused...)
        // Nothing reused: the keys and Float copy belong to columns no snapshot holds any more.
        if reused == 0 { rowKeyCache = nil; shadowCache = nil }
        out.counts = attritionCache.compactMap(\.count)
        var p: ScriptParser
        var deferred: DeferredKeep? = nil
        if let last = attritionCache.last {
            scratch = last.engine
            p = last.parser
            deferred = last.deferred
        } else {
            // A fresh workspace: the counts depend on the cohort alone, not on what the session holds.
            scratch.workspace = Workspace()
            p = parser
        }
        let token = cancellation ?? CancellationToken()
        Cancellation.bind(token) {
            for entry in entries.dropFirst(reused) {
                if token.isCancelled { out.cancelled = true; return }
                do throws(ScriptDiagnostic) {
                    var count: ReleasedCount? = nil
                    if let line = entry.line {
                        // A later line needs the filtered dataset: run the pending keep now.
                        if let d = deferred { _ = try scratch.execute(d.command, fileName: "cohort"); deferred = nil }
                        let commands = try p.parse(source: line, fileName: "cohort")
                        // Keys aligned with the rows need the entry's keys, so the entry step is not fused.
                        let fused = fusedCount && entry.step > 0
                        if entry.index == steps[entry.step].count - 1,
                           let d = DeferredKeep.make(commands, scratch, rowKeys: { fused ? rowKeys(for: $0) : nil },
                                                  shadow: { fused ? shadow(of: $0) : nil }) {
                            deferred = d
                        } else {
                            for command in commands { _ = try scratch.execute(command, fileName: "cohort") }
                        }
                    } else {
                        guard let d = scratch.workspace.current else {
                            throw ScriptDiagnostic(position: ScriptPosition(line: 1, column: 1), message: "no current dataset")
                        }
                        if let tally = deferred?.tally {
                            count = SessionCore.releasedCount(units: tally.units, keySum: tally.keySum, policy: d.policy)
                        } else {
                            let ids = deferred?.keptIDs ?? d.ids
                            // The entry's units are a superset of every later step's: key them once.
                            if entry.step == 0, d.idStrings == nil { keyCache = UnitKeyCache(ids: ids, key: RecordKey(policy: d.policy)) }
                            count = SessionCore.releasedCount(ids: ids, idStrings: d.idStrings, policy: d.policy, cache: keyCache)
                        }
                        out.counts.append(count!)
                    }
                    attritionCache.append(AttritionSnapshot(entry: entry, engine: scratch, parser: p, count: count, deferred: deferred))
                } catch {
                    if token.isCancelled { out.cancelled = true; return }
                    // The position within the step's lines, as when the step ran as one text.
                    out.error = "step \(entry.step): \(entry.index + error.position.line):\(error.position.column): \(error.message)"
                    return
                }
            }
        }
        return out
    }

    /// The keys of `d`'s rows when they are one per unit and the entry's keys are known.
    mutating func rowKeys(for d: Dataset) -> [UInt32]? {
        guard let cache = keyCache, cache.key == RecordKey(policy: d.policy) else { return nil }
        if let r = rowKeyCache, r.belongs(to: d.ids, key: cache.key) { return r.keys }
        let r = RowKeys(ids: d.ids, cache: cache)
        rowKeyCache = r
        return r.keys
    }

    /// The Float copy of `column`, made on its first count and reused while the column is.
    mutating func shadow(of column: [Double]) -> FloatShadow {
        if let s = shadowCache, s.belongs(to: column) { return s }
        let s = FloatShadow(column)
        shadowCache = s
        return s
    }

    /// The released number of units among `ids` (ascending; `idStrings` for text ids), nil =
    /// below the small-cell threshold. Goes through `Release.table` like every count the user
    /// sees. `cache` (the entry population's record keys) spares hashing the units it holds.
    static func releasedCount(ids: [Int64], idStrings: [String]?, policy: DisclosurePolicy, cache: UnitKeyCache?) -> ReleasedCount {
        let key = RecordKey(policy: policy)
        if let strings = idStrings {
            var acc = CellKeyAccumulator(cells: 1)
            var seen = Set<String>()
            for s in strings where seen.insert(s).inserted { acc.add(cell: 0, recordKey: key(s)) }
            return releasedCount(units: acc.counts[0], keySum: acc.keySums[0], policy: policy)
        }
        let (n, sum) = UnitKeyCache.unitKeySum(ids, key, cache: cache?.key == key ? cache : nil)
        return releasedCount(units: n, keySum: sum, policy: policy)
    }

    /// The released count of `units` units whose record keys sum (wrapping) to `keySum`.
    static func releasedCount(units: Int, keySum: UInt64, policy: DisclosurePolicy) -> ReleasedCount {
        var acc = CellKeyAccumulator(cells: 1)
        acc.counts[0] = units
        acc.keySums[0] = keySum
        let raw = RawTable(dimensions: ["cohort"], categories: [["N"]], accumulator: acc)
        do {
            let r = try Release.table(raw, policy: policy, command: "count", line: 0)
            guard case .table(let t) = r.payload else { return ReleasedCount(value: nil, smallCell: policy.smallCell) }
            return ReleasedCount(value: t.cell([0])?.count, smallCell: t.smallCell, protections: r.protections.map(\.rule))
        } catch {
            return ReleasedCount(value: nil, smallCell: policy.smallCell)
        }
    }
}

/// One line of one attrition step, or (`line` nil) the end of the step where it is counted.
struct AttritionEntry: Sendable, Equatable {
    let step: Int
    let index: Int
    let line: String?
}

/// The scratch engine after an entry, and the step's count after an end marker.
struct AttritionSnapshot: Sendable {
    let entry: AttritionEntry
    let engine: ScriptEngine
    let parser: ScriptParser
    let count: ReleasedCount?
    /// A step's closing keep, counted but not yet run on `engine`.
    let deferred: DeferredKeep?
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
