import Foundation

/// Runs commands of the script language against a workspace.
///
/// Every command is atomic: it runs on a copy of the workspace, and only a command that
/// succeeds replaces it. A failing command (an unknown variable, a disclosure refusal, a
/// missing datastore) throws a `ScriptDiagnostic` and leaves the workspace as it was.
public struct ScriptEngine: Sendable {
    public var workspace: Workspace
    public let source: any VariableSource
    public var analysisRunner: any AnalysisRunner
    /// Optional: labels and unit types for `variables` and linking hints.
    public var catalogue: Catalogue?
    /// The disclosure refusal behind the last failed command, if that was the reason (for a
    /// JSON `refusal` object or a TUI hint); nil after a command that succeeds or fails
    /// otherwise.
    public private(set) var lastRefusal: DisclosureRefusal?

    public init(source: any VariableSource, analysisRunner: any AnalysisRunner = UnavailableAnalysisRunner(),
                catalogue: Catalogue? = nil, workspace: Workspace = Workspace()) {
        self.source = source
        self.analysisRunner = analysisRunner
        self.catalogue = catalogue
        self.workspace = workspace
    }

    /// Runs one command; on failure nothing changes and the error says where and why.
    public mutating func execute(_ command: ScriptCommand, fileName: String = "script") throws(ScriptDiagnostic) -> [ReleasedResult] {
        var copy = workspace
        lastRefusal = nil
        do {
            try Cancellation.check()
            let results = try perform(command, on: &copy)
            // Finished after Esc: dropped too, so "cancelled" always means "nothing changed".
            try Cancellation.check()
            if Self.isRecorded(command) { copy.history.append(command.source) }
            let notes = codeListNotes(command)
            workspace = copy
            return results + notes.map { message($0, command) }
        } catch let e as EngineError {
            throw ScriptDiagnostic(fileName: fileName, position: e.position ?? command.position, message: e.message, suggestion: e.suggestion)
        } catch let e as DisclosureRefusal {
            lastRefusal = e
            throw ScriptDiagnostic(fileName: fileName, position: command.position, message: e.message)
        } catch let e as ScriptDiagnostic {
            var d = e
            d.fileName = fileName
            throw d
        } catch {
            throw ScriptDiagnostic(fileName: fileName, position: command.position, message: "\(error)")
        }
    }

    /// Parses and runs a script, handing each result to `onResult` as it is released; stops
    /// at the first error (parse or run) and throws it.
    public mutating func run(script: String, fileName: String = "script",
                             onResult: (ReleasedResult) -> Void) throws(ScriptDiagnostic) {
        let commands = try ScriptParser.parse(source: script, fileName: fileName)
        for command in commands {
            for r in try execute(command, fileName: fileName) { onResult(r) }
        }
    }

    static func isRecorded(_ command: ScriptCommand) -> Bool {
        switch command.kind {
        case .history, .help: return false
        default: return true
        }
    }

    /// Notes on comparisons with codes the variable's code list lacks (`CodeListCheck`), read
    /// against the dataset as it was before the command.
    func codeListNotes(_ command: ScriptCommand) -> [String] {
        guard let catalogue, let dataset = workspace.current else { return [] }
        var expressions = command.condition.map { [$0] } ?? []
        switch command.kind {
        case .generate(let a), .replace(let a): expressions.append(a.expression)
        default: break
        }
        guard !expressions.isEmpty else { return [] }
        return CodeListCheck(catalogue: catalogue, dataset: dataset).notes(for: expressions)
    }

    func message(_ text: String, _ command: ScriptCommand) -> ReleasedResult {
        ReleasedResult(command: command.source, line: command.position.line,
                       payload: .message(ReleasedMessage(text: text)), protections: [])
    }

    func perform(_ command: ScriptCommand, on ws: inout Workspace) throws -> [ReleasedResult] {
        switch command.kind {
        case .require(let r): try require(r, ws: &ws, command)
        case .createDataset(let name):
            guard ws.datasetIndex(name) == nil else {
                throw EngineError("a dataset called '\(name)' already exists (use 'use \(name)' or 'delete-dataset \(name)')")
            }
            ws.datasets.append(Dataset(name: name))
            ws.currentName = name
        case .use(let name):
            guard ws.datasetIndex(name) != nil else {
                throw EngineError.unknown("dataset", name, candidates: ws.datasetNames, at: command.position)
            }
            ws.currentName = name
        case .deleteDataset(let name):
            guard let i = ws.datasetIndex(name) else {
                throw EngineError.unknown("dataset", name, candidates: ws.datasetNames, at: command.position)
            }
            ws.datasets.remove(at: i)
            if ws.currentName == name { ws.currentName = nil }
        case .cloneDataset(let from, let to):
            var copy = try dataset(from, ws, command)
            try requireFreeName(to, ws)
            copy.name = to
            ws.datasets.append(copy)
        case .renameDataset(let from, let to):
            guard let i = ws.datasetIndex(from) else {
                throw EngineError.unknown("dataset", from, candidates: ws.datasetNames, at: command.position)
            }
            try requireFreeName(to, ws)
            ws.datasets[i].name = to
            if ws.currentName == from { ws.currentName = to }
        case .cloneUnits(let from, let to):
            let d = try dataset(from, ws, command)
            try requireFreeName(to, ws)
            var units = Dataset(name: to, policy: d.policy)
            units.unitType = d.unitType
            units.idName = d.idName
            units.idStrings = d.idStrings
            var ids: [Int64] = []
            ids.reserveCapacity(d.rowCount)
            for id in d.ids where ids.last != id { ids.append(id) }
            units.ids = ids
            ws.datasets.append(units)
        case .importVariable(let spec): try importVariable(spec, ws: &ws, command)
        case .importEvent(let spec): try importEvent(spec, ws: &ws, command)
        case .importPanel(let spec): try importPanel(spec, ws: &ws, command)
        case .generate(let a): try generate(a, ws: &ws, command)
        case .replace(let a): try replace(a, ws: &ws, command)
        case .recode(let r): try recode(r, ws: &ws, command)
        case .rename(let pairs): try rename(pairs, ws: &ws, command)
        case .cloneVariables(let pairs): try cloneVariables(pairs, ws: &ws, command)
        case .drop(let names): try dropOrKeep(names, keep: false, ws: &ws, command)
        case .keep(let names): try dropOrKeep(names, keep: true, ws: &ws, command)
        case .destring(let names): try destring(names, ws: &ws, command)
        case .defineLabels(let def):
            var seen = Set<String>()
            for e in def.entries where !seen.insert(e.value.description).inserted {
                throw EngineError("the value \(e.value) is labelled twice in '\(def.name)'")
            }
            ws.labelSets[def.name] = LabelSet(name: def.name, entries: def.entries.map { ($0.value, $0.label) })
        case .assignLabels(let variables, let labels):
            guard ws.labelSets[labels] != nil else {
                throw EngineError.unknown("label set", labels, candidates: Array(ws.labelSets.keys), at: command.position)
            }
            try modifyCurrent(&ws, command) { d in
                for v in variables {
                    guard let i = d.index(of: v) else { throw self.unknownVariable(v, d, command) }
                    d.columns[i].labelSet = labels
                }
            }
        case .dropLabels(let names):
            for n in names {
                guard ws.labelSets.removeValue(forKey: n) != nil else {
                    throw EngineError.unknown("label set", n, candidates: Array(ws.labelSets.keys), at: command.position)
                }
                for di in ws.datasets.indices {
                    for ci in ws.datasets[di].columns.indices where ws.datasets[di].columns[ci].labelSet == n {
                        ws.datasets[di].columns[ci].labelSet = nil
                    }
                }
            }
        case .listLabels(let names):
            let wanted = names.isEmpty ? ws.labelSets.keys.sorted() : names
            var text = ""
            for n in wanted {
                guard let set = ws.labelSets[n] else {
                    throw EngineError.unknown("label set", n, candidates: Array(ws.labelSets.keys), at: command.position)
                }
                text += "\(n):\n" + set.entries.map { "  \($0.value) \($0.label)" }.joined(separator: "\n") + "\n"
            }
            return [message(text.isEmpty ? "No label sets are defined." : text, command)]
        case .collapse(let spec): try collapse(spec, aggregate: false, ws: &ws, command)
        case .aggregate(let spec): try collapse(spec, aggregate: true, ws: &ws, command)
        case .merge(let spec): try merge(spec, ws: &ws, command)
        case .reshapeToPanel(let stems): try reshapeToPanel(stems, ws: &ws, command)
        case .reshapeFromPanel(let names): try reshapeFromPanel(names, ws: &ws, command)
        case .sample(let spec): try sample(spec, ws: &ws, command)
        case .variables(let names): return [message(try variablesListing(names, ws, command), command)]
        case .history:
            let text = ws.history.isEmpty ? "No commands have run yet." : ws.history.enumerated().map { "\($0.offset + 1)  \($0.element)" }.joined(separator: "\n")
            return [message(text, command)]
        case .help(let topic): return [message(EngineHelp.text(topic), command)]
        case .clear:
            let requires = ws.requires
            ws = Workspace()
            ws.requires = requires
        case .textblock(let text): return [message(text, command)]
        case .analysis(let analysis):
            guard ws.current != nil else {
                throw EngineError("there is no current dataset; 'create-dataset NAME' and import variables first")
            }
            return try analysisRunner.run(analysis, command: command, workspace: &ws)
        }
        return []
    }

    // MARK: helpers

    func dataset(_ name: String, _ ws: Workspace, _ command: ScriptCommand) throws -> Dataset {
        guard let d = ws.dataset(named: name) else {
            throw EngineError.unknown("dataset", name, candidates: ws.datasetNames, at: command.position)
        }
        return d
    }

    func requireFreeName(_ name: String, _ ws: Workspace) throws {
        if ws.datasetIndex(name) != nil { throw EngineError("a dataset called '\(name)' already exists") }
    }

    func currentIndex(_ ws: Workspace) throws -> Int {
        guard let name = ws.currentName, let i = ws.datasetIndex(name) else {
            throw EngineError("there is no current dataset; start with 'create-dataset NAME'")
        }
        return i
    }

    /// Runs `body` on the current dataset in place.
    func modifyCurrent(_ ws: inout Workspace, _ command: ScriptCommand, _ body: (inout Dataset) throws -> Void) throws {
        let i = try currentIndex(ws)
        try body(&ws.datasets[i])
    }

    func unknownVariable(_ name: String, _ d: Dataset, _ command: ScriptCommand, at position: ScriptPosition? = nil) -> EngineError {
        EngineError.unknown("variable", name, candidates: d.variableNames + [d.idName], at: position ?? Self.position(of: name, in: command))
    }

    /// Where a name appears in the command (for errors about one argument of many).
    static func position(of name: String, in command: ScriptCommand) -> ScriptPosition {
        command.tokens.first { $0.description == name }?.position ?? command.position
    }

    /// Checks a valid new variable name that is not taken.
    func requireNewVariable(_ name: String, _ d: Dataset, _ command: ScriptCommand) throws {
        if d.column(named: name) != nil || name == d.idName {
            throw EngineError("variable '\(name)' already exists (use 'replace' to change it or 'drop' it first)",
                              at: Self.position(of: name, in: command))
        }
    }

    /// The disclosure check for transformations: refuses changes that single out units.
    func gate(changed: Int, total: Int, _ d: Dataset, _ command: ScriptCommand) throws {
        try TransformationGate.check(changed: changed, total: total, policy: d.policy, command: command.name)
    }

    func variablesListing(_ names: [String], _ ws: Workspace, _ command: ScriptCommand) throws -> String {
        guard let d = ws.current else { return "There is no current dataset." }
        var lines = ["Dataset \(d.name): unit \(d.unitType ?? "none yet") (id \(d.idName))" +
                     (d.eventVariable.map { ", event variable \($0)" } ?? "") + (d.isPanel ? ", panel" : "")]
        let wanted = names.isEmpty ? d.variableNames : names
        let width = max(8, wanted.map(\.count).max() ?? 0)
        for n in wanted {
            guard let c = d.column(named: n) else { throw unknownVariable(n, d, command) }
            var line = n.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + c.type.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
            if let source = c.source {
                line += "  " + source
                if let label = (try? catalogue?.variable(named: source))?.label { line += " — " + label }
            }
            if let set = c.labelSet { line += "  [labels: \(set)]" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
