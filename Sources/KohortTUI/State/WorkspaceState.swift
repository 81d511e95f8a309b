import Foundation
import KohortCore

/// Slow or outside work `update` asks the driver to do; the answers come back as events.
public enum Effect: Sendable {
    case session(SessionJob)
    /// Esc while busy: drop queued work and stop the running job between commands.
    case cancel
    /// Write text to `name` (relative to the working directory, or an absolute path) and report where.
    case saveFile(name: String, contents: String)
    /// Write one released result with Export's writer (`ResultExport.writeOne`: CSV for a
    /// table, Vega-Lite JSON for a chart, text otherwise) and report where.
    case writeResult(ReleasedResult, name: String)
    case loadCohort(path: String)
}

/// The Cohort pane: the definition being built, its history (undo/redo) and the live counts.
public struct CohortState: Sendable {
    public var definition = CohortDefinition()
    public var undoStack: [CohortDefinition] = []
    public var redoStack: [CohortDefinition] = []
    /// Row under the cursor: 0 = entry, 1…n = rules, then analysis variables.
    public var cursor = 0
    /// Released counts per step (entry, then each enabled rule); nil while computing.
    public var counts: [ReleasedCount]?
    public var countError: String?
    public var generation = 0
    public var ruleEditor: RuleEditor?
    public var entryEditor: EntryEditor?
    public var analysisEditor: AnalysisEditor?
    /// Typing a variable name (with Tab completion) for a new rule or analysis variable.
    public var variablePrompt: VariablePrompt?
    /// Changed since last saved or applied.
    public var dirty = false
    /// The compiled lines last sent to the session, if any.
    public var applied: [String]?

    public init() {}

    public var rowCount: Int { 1 + definition.rules.count + definition.analysis.count }
}

public struct VariablePrompt: Sendable, Equatable {
    public var text = ""
    public var forAnalysis = false
    public var candidates: [String] = []
}

/// The rule editor: operator, values (or a checklist of codes with labels), window.
public struct RuleEditor: Sendable, Equatable {
    public enum Field: Int, Sendable { case op, values, codes, window }
    public var rule: CohortRule
    /// Index of the rule being edited; nil for a new rule.
    public var index: Int?
    public var field: Field = .op
    public var valuesText: String
    public var codes: [(code: String, label: String)] = []
    public var checked: Set<String> = []
    public var codeCursor = 0
    public var windowText: String
    public var error: String?

    public static func == (a: RuleEditor, b: RuleEditor) -> Bool {
        a.rule == b.rule && a.index == b.index && a.field == b.field && a.valuesText == b.valuesText && a.checked == b.checked
            && a.codeCursor == b.codeCursor && a.windowText == b.windowText
    }
}

/// Edits an analysis variable's measurement date (STATUS / ACCUMULATED) or window (EVENT).
public struct AnalysisEditor: Sendable, Equatable {
    public var index: Int
    public var variable: CohortAnalysisVariable
    /// 0 = date (or window start), 1 = window end.
    public var field = 0
    public var error: String?
}

public struct EntryEditor: Sendable, Equatable {
    public enum Field: Int, Sendable, CaseIterable { case kind, date, from, to, icd10 }
    public var entry: CohortEntry
    public var field: Field = .kind
    public var error: String?
}

/// One released result as the Results pane shows it, rendered once (view stays cheap).
public struct ResultEntry: Sendable {
    public var command: String
    public var lines: [String]
    public var width: Int
    public var result: ReleasedResult
}

public struct ResultsState: Sendable {
    public var entries: [ResultEntry] = []
    public var selection = 0
    /// First visible line of the whole log, and the sideways scroll.
    public var scroll = 0
    public var column = 0
    public var followTail = true
    public init() {}
    public var totalLines: Int { entries.reduce(0) { $0 + $1.lines.count + 2 } }
    public func startLine(of index: Int) -> Int { entries.prefix(index).reduce(0) { $0 + $1.lines.count + 2 } }
}

/// The Script pane: the session script as an editable buffer.
public struct ScriptState: Sendable {
    public var lines: [String] = []
    /// Lines 0..<executed ran in this session (or were restored).
    public var executed = 0
    public var cursor = 0
    public var scroll = 0
    /// While editing a line: the column of the cursor.
    public var editColumn: Int?
    public var error: String?
    /// Offered at start: a previous session to restore.
    public var restoreOffer: RestoreOffer?
    /// Choosing a snippet to insert (`S`, or `:snippet QUERY`).
    public var snippetPicker: SnippetPicker?
    /// Where runs started from the pane begin (to turn a diagnostic's line into a buffer row).
    public var runStart = 0
    public var dirty = false
    public init() {}
}

/// The snippet chooser: a query over the snippet library and the matches, best first.
public struct SnippetPicker: Sendable, Equatable {
    public var query: String
    public var matches: [Snippet]
    public var cursor = 0
    public init(query: String, library: SnippetLibrary) {
        self.query = query
        matches = library.search(query)
    }
    public var selected: Snippet? { matches.indices.contains(cursor) ? matches[cursor] : nil }
}

public struct RestoreOffer: Sendable, Equatable {
    public var path: String
    public var script: [String]
    public init(path: String, script: [String]) { self.path = path; self.script = script }
}

/// The `:` command line: text, history and completion candidates.
public struct CommandLineState: Sendable, Equatable {
    public var text = ""
    public var cursor = 0
    public var history: [String] = []
    public var historyIndex: Int?
    public var candidates: [String] = []
    public var active = false
}

/// What the session last reported: names for completion, data availability.
public struct SessionView: Sendable, Equatable {
    public var datasets: [String] = []
    public var currentDataset: String?
    public var variables: [String] = []
    public var autosavePath: String?
    public var pendingJobs = 0
    public var busyTicks = 0
    /// What the queued jobs are, oldest (the running one) first: the spinner names it.
    public var jobLabels: [String] = []
    /// The work Esc last cancelled (shown in the Script and Results panes until the next run).
    public var cancelled: String?

    /// A short description of a job for the spinner ("counting the cohort", the command).
    static func label(_ job: SessionJob) -> String {
        switch job {
        case .attrition: return "counting the cohort"
        case .restore(let script): return "restoring the session (\(script.count) commands)"
        case .submit(let text, _):
            let commands = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("//") }
            guard let first = commands.first else { return "running" }
            return first + (commands.count > 1 ? " (+\(commands.count - 1) more)" : "")
        }
    }
}
