import KohortCore

/// The panes of the workspace, in tab order.
public enum Pane: Int, CaseIterable, Sendable {
    case variables = 1, cohort, results, script
    public var title: String {
        switch self {
        case .variables: "Variables"
        case .cohort: "Cohort"
        case .results: "Results"
        case .script: "Script"
        }
    }
}

/// The immutable context every update and view may read: the catalogue and its index.
public struct AppContext: Sendable {
    public let catalogue: Catalogue
    public let index: SearchIndex
    public let datastores: [String]
    /// Why there is no data to run commands on (nil when a data source is open).
    public let dataUnavailable: String?
    /// The snippet library (Assets/snippets/) the Script pane inserts from.
    public let snippets: SnippetLibrary
    let variablesByName: [String: CatalogueVariable]

    /// `snippets` nil: the library in the assets directory (empty if it cannot be read).
    public init(catalogue: Catalogue, dataUnavailable: String? = nil, snippets: SnippetLibrary? = nil) {
        self.snippets = snippets ?? (try? SnippetLibrary.loadDefault()) ?? SnippetLibrary(snippets: [])
        self.catalogue = catalogue
        index = SearchIndex(catalogue: catalogue)
        datastores = catalogue.registers.map(\.datastore)
        self.dataUnavailable = dataUnavailable
        var byName: [String: CatalogueVariable] = [:]
        for v in catalogue.variables where byName[v.name] == nil { byName[v.name] = v }
        variablesByName = byName
    }
}

/// The whole interface state. `update` changes it, `view` draws it; nothing else does.
public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    public var pane: Pane = .variables
    public var variables: VariablesState
    public var cohort = CohortState()
    public var results = ResultsState()
    public var script = ScriptState()
    public var commandLine = CommandLineState()
    public var session = SessionView()
    public var showingHelp = false
    public var confirmingQuit = false
    public var wantsQuit = false
    /// One line of feedback at the bottom (saved to …, errors, cancelled).
    public var status: String?
    public var statusIsError = false
    /// Set by Ctrl-L: the driver forgets its copy of the screen and redraws every cell.
    public var redrawRequested = false
    /// Work for the driver, drained after each update.
    public var effects: [Effect] = []

    public init(context: AppContext, width: Int, height: Int) {
        self.width = width
        self.height = height
        variables = VariablesState(context: context)
    }

    /// Below this size the interface shows a notice instead of a cramped, broken layout.
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    public var isTooSmall: Bool { width < AppState.minimumWidth || height < AppState.minimumHeight }
    public var hasUnsavedWork: Bool { cohort.dirty || script.dirty || session.pendingJobs > 0 }
    public var isBusy: Bool { session.pendingJobs > 0 }
    /// Ticks come every 50 ms while waiting: the spinner shows after 200 ms of work.
    public static let spinnerTicks = 4
}
