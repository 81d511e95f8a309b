import KohortCore

/// The filter panel: a register → data product tree with facet counts for the current
/// query, the cancer-form and category checklists, the releasable toggle and valid-on date.
func drawFilterPanel(_ frame: inout Frame, _ state: VariablesState, _ context: AppContext, top: Int, bottom: Int, glyphs: Glyphs) {
    let panel = state.filters
    let rows = panel.rows(context)
    let facets = context.index.search(SearchQuery(text: state.query.text, cancerForms: state.query.cancerForms,
                                                  categories: state.query.categories, releasableOnly: state.query.releasableOnly,
                                                  validOn: state.query.validOn))
    frame.put("Filters", x: 1, y: top, style: Style(.header, bold: true, underline: true))
    frame.put("counts: variables matching the search and other filters", x: 10, y: top, style: .muted)
    let visible = bottom - top - 1
    var scrollTop = panel.scrollTop
    if panel.cursor < scrollTop { scrollTop = panel.cursor }
    if panel.cursor >= scrollTop + visible { scrollTop = panel.cursor - visible + 1 }
    var previousSection = ""
    for (offset, i) in (scrollTop..<min(rows.count, scrollTop + visible)).enumerated() {
        let y = top + 1 + offset
        let row = rows[i]
        var text: String
        var section = ""
        let q = state.query
        func box(_ on: Bool) -> String { on ? "[x]" : "[ ]" }
        switch row {
        case .register(let ds, let name):
            section = "Register"
            let open = panel.expanded.contains(ds) ? glyphs.expanded : glyphs.collapsed
            text = "\(open) \(box(q.registers.contains(ds))) \(name) (\(grouped(facets.registerCounts[ds] ?? 0)))"
        case .product(let name):
            section = "Register"
            text = "      \(box(q.products.contains(name))) \(name) (\(grouped(facets.productCounts[name] ?? 0)))"
        case .cancerForm(let form):
            section = "Cancer form"
            text = "  \(box(q.cancerForms.contains(form))) \(form.displayName)"
        case .category(let name):
            section = "Category"
            text = "  \(box(q.categories.contains(name))) \(name)"
        case .releasable:
            section = "Other"
            text = "  \(box(q.releasableOnly)) Releasable variables only (kan utleveres)"
        case .validOn:
            section = "Other"
            if let editing = panel.editingDate {
                text = "  Valid on: \(editing)\(glyphs.cursor)" + (panel.dateError.map { "   \($0)" } ?? "")
            } else {
                text = "  Valid on: " + (q.validOn?.norwegian ?? "any date (Enter to set)")
            }
        }
        let label = section != previousSection ? section : ""
        previousSection = section
        frame.put(label, x: 1, y: y, style: .header, maxWidth: 12)
        let selected = i == panel.cursor
        if selected { frame.fill(y: y, from: 14, style: .selected) }
        frame.put(glyphs.transliterate(text), x: 14, y: y, style: selected ? .selected : .normal, maxWidth: frame.width - 15, ellipsis: glyphs.ellipsis)
    }
}
