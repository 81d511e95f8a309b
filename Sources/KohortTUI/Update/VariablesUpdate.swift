import KohortCore

extension VariablesState {
    mutating func handle(_ key: Key, context: AppContext, tableRows: Int) {
        switch focus {
        case .search: handleSearch(key, context, tableRows)
        case .list: handleList(key, context, tableRows)
        case .detail: handleDetail(key)
        case .filters: handleFilters(key, context)
        }
    }

    private mutating func handleList(_ key: Key, _ context: AppContext, _ rows: Int) {
        switch key {
        case .character("/"): focus = .search; cursor = query.text.count
        case .character("f"): focus = .filters
        case .character("r"): query.releasableOnly.toggle(); refresh(context)
        case .character("c"): clearFilters(context)
        case .enter, .right, .character("l"): if !result.hits.isEmpty { focus = .detail; detailScroll = 0 }
        case .escape:
            if !query.text.isEmpty { query.text = ""; cursor = 0; refresh(context) }
        default: moveSelection(key, rows)
        }
    }

    private mutating func handleSearch(_ key: Key, _ context: AppContext, _ rows: Int) {
        var text = Array(query.text)
        switch key {
        case .character(let ch):
            text.insert(ch, at: min(cursor, text.count)); cursor += 1
        case .backspace:
            if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
        case .delete:
            if cursor < text.count { text.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1); return
        case .right: cursor = min(text.count, cursor + 1); return
        case .home, .control("a"): cursor = 0; return
        case .end, .control("e"): cursor = text.count; return
        case .control("u"): text = []; cursor = 0
        case .escape, .tab: focus = .list; return
        case .enter:
            focus = result.hits.isEmpty ? .list : .detail
            detailScroll = 0
            return
        case .up, .down, .pageUp, .pageDown: moveSelection(key, rows); return
        default: return
        }
        query.text = String(text)
        selection = 0
        scrollTop = 0
        refresh(context)
    }

    private mutating func handleDetail(_ key: Key) {
        switch key {
        case .escape, .left, .character("h"), .backspace: focus = .list
        case .down, .character("j"): detailScroll += 1
        case .up, .character("k"): detailScroll = max(0, detailScroll - 1)
        case .pageDown, .character(" "): detailScroll += 10
        case .pageUp: detailScroll = max(0, detailScroll - 10)
        case .home, .character("g"): detailScroll = 0
        default: break
        }
    }

    mutating func moveSelection(_ key: Key, _ rows: Int) {
        let last = max(0, result.hits.count - 1)
        switch key {
        case .down, .character("j"): selection = min(last, selection + 1)
        case .up, .character("k"): selection = max(0, selection - 1)
        case .pageDown, .control("d"): selection = min(last, selection + max(1, rows - 1))
        case .pageUp, .control("b"): selection = max(0, selection - max(1, rows - 1))
        case .home, .character("g"): selection = 0
        case .end, .character("G"): selection = last
        default: return
        }
        keepSelectionVisible(rows: rows)
    }

    mutating func keepSelectionVisible(rows: Int) {
        guard rows > 0 else { return }
        if selection < scrollTop { scrollTop = selection }
        if selection >= scrollTop + rows { scrollTop = selection - rows + 1 }
        scrollTop = max(0, min(scrollTop, max(0, result.hits.count - rows)))
    }

    mutating func clearFilters(_ context: AppContext) {
        let text = query.text
        query = SearchQuery(text: text)
        refresh(context)
    }
}
