import KohortCore

/// The panes of the workspace. Only the Variables pane exists yet; the others arrive with
/// the engine (Cohort, Results, Script) and slot into the same tab bar.
public enum Pane: Int, CaseIterable, Sendable {
    case variables = 1
    public var title: String { "Variables" }
}

/// The immutable context every update and view may read: the catalogue and its index.
public struct AppContext: Sendable {
    public let catalogue: Catalogue
    public let index: SearchIndex
    public let datastores: [String]

    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        index = SearchIndex(catalogue: catalogue)
        datastores = catalogue.registers.map(\.datastore)
    }
}

/// The whole interface state. `update` changes it, `view` draws it; nothing else does.
public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    public var pane: Pane = .variables
    public var variables: VariablesState
    public var showingHelp = false
    public var wantsQuit = false
    /// Set by Ctrl-L: the driver forgets its copy of the screen and redraws every cell.
    public var redrawRequested = false

    public init(context: AppContext, width: Int, height: Int) {
        self.width = width
        self.height = height
        variables = VariablesState(context: context)
    }

    /// Below this size the interface shows a notice instead of a cramped, broken layout.
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    public var isTooSmall: Bool { width < AppState.minimumWidth || height < AppState.minimumHeight }
}
