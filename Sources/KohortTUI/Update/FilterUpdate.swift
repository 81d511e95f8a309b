import KohortCore

extension VariablesState {
    mutating func handleFilters(_ key: Key, _ context: AppContext) {
        if filters.editingDate != nil { editDate(key, context); return }
        let rows = filters.rows(context)
        switch key {
        case .escape, .character("f"), .tab: focus = .list
        case .down, .character("j"): filters.cursor = min(rows.count - 1, filters.cursor + 1)
        case .up, .character("k"): filters.cursor = max(0, filters.cursor - 1)
        case .pageDown: filters.cursor = min(rows.count - 1, filters.cursor + 10)
        case .pageUp: filters.cursor = max(0, filters.cursor - 10)
        case .home, .character("g"): filters.cursor = 0
        case .end, .character("G"): filters.cursor = rows.count - 1
        case .character("c"): clearFilters(context)
        case .right, .left:
            if case .register(let datastore, _) = rows[filters.cursor] {
                if key == .right { filters.expanded.insert(datastore) } else { filters.expanded.remove(datastore) }
            }
        case .character(" "), .enter, .character("x"):
            toggle(rows[filters.cursor], context)
        default: break
        }
    }

    private mutating func toggle(_ row: FilterPanelState.Row, _ context: AppContext) {
        switch row {
        case .register(let datastore, _):
            if query.registers.contains(datastore) { query.registers.remove(datastore) } else { query.registers.insert(datastore) }
            filters.expanded.insert(datastore)
        case .product(let name):
            if query.products.contains(name) { query.products.remove(name) } else { query.products.insert(name) }
        case .cancerForm(let form):
            if query.cancerForms.contains(form) { query.cancerForms.remove(form) } else { query.cancerForms.insert(form) }
        case .category(let name):
            if query.categories.contains(name) { query.categories.remove(name) } else { query.categories.insert(name) }
        case .releasable:
            query.releasableOnly.toggle()
        case .validOn:
            filters.editingDate = query.validOn?.iso ?? ""
            filters.dateError = nil
            return
        }
        selection = 0
        scrollTop = 0
        refresh(context)
    }

    private mutating func editDate(_ key: Key, _ context: AppContext) {
        var text = filters.editingDate ?? ""
        switch key {
        case .character(let ch) where ch.isNumber || ch == "-":
            if text.count < 10 { text.append(ch) }
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .escape: filters.editingDate = nil; filters.dateError = nil; return
        case .enter:
            if text.isEmpty {
                query.validOn = nil
            } else if let day = Day(iso: text) {
                query.validOn = day
            } else {
                filters.dateError = "not a date: use YYYY-MM-DD"
                return
            }
            filters.editingDate = nil
            filters.dateError = nil
            refresh(context)
            return
        default: return
        }
        filters.editingDate = text
        filters.dateError = nil
    }
}
