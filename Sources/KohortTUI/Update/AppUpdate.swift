/// `update(state, event) → state`: the only place the interface changes. Pure and
/// synchronous, so headless tests replay key sequences and compare frames.
public func update(_ state: inout AppState, _ event: Event, _ context: AppContext) {
    switch event {
    case .resize(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
        state.variables.keepSelectionVisible(rows: VariablesLayout(width: state.width, height: state.height).tableRows)
        return
    case .key(let key):
        if key == .control("c") { state.wantsQuit = true; return }
        if key == .control("l") { state.redrawRequested = true; return }
        if state.showingHelp { state.showingHelp = false; return }
        if state.isTooSmall {
            if key == .character("q") { state.wantsQuit = true }
            return
        }
        let typing = state.variables.focus == .search || state.variables.filters.editingDate != nil
        if !typing {
            switch key {
            case .character("?"): state.showingHelp = true; return
            case .character("q") where state.variables.focus == .list: state.wantsQuit = true; return
            case .character("1"): state.pane = .variables; return
            default: break
            }
        }
        let rows = VariablesLayout(width: state.width, height: state.height).tableRows
        state.variables.handle(key, context: context, tableRows: rows)
    }
}
