import KohortCore

/// The Variables pane, as the seed's browser: search box, filters, a table of
/// Name | Releasable | Valid from | Technical name with "Found: N", and details on Enter.
func drawVariablesPane(_ frame: inout Frame, _ state: VariablesState, _ context: AppContext, _ glyphs: Glyphs) {
    let layout = VariablesLayout(width: frame.width, height: frame.height)
    drawSearchBox(&frame, state, layout, glyphs)
    drawFilterSummary(&frame, state, layout, context, glyphs)
    switch state.focus {
    case .detail:
        if let variable = state.selectedVariable(context) {
            drawDetail(&frame, variable, context, top: layout.headerRow, bottom: frame.height - 2, scroll: state.detailScroll, glyphs: glyphs)
        }
    case .filters:
        drawFilterPanel(&frame, state, context, top: layout.headerRow, bottom: frame.height - 2, glyphs: glyphs)
    case .list, .search:
        drawTable(&frame, state, layout, context, glyphs)
        drawPreview(&frame, state, layout, context, glyphs)
    }
}

private func drawSearchBox(_ frame: inout Frame, _ state: VariablesState, _ layout: VariablesLayout, _ glyphs: Glyphs) {
    let y = layout.searchRow
    let focused = state.focus == .search
    frame.put(" Search: ", x: 0, y: y, style: focused ? .accent : .header)
    let fieldX = 9, fieldWidth = max(10, frame.width - fieldX - 16)
    let text = glyphs.transliterate(state.query.text)
    if text.isEmpty && !focused {
        frame.put("press / to search names, labels and descriptions", x: fieldX, y: y, style: .muted, maxWidth: fieldWidth)
    } else {
        let visible = String(text.suffix(fieldWidth - 1))
        frame.put(visible, x: fieldX, y: y, maxWidth: fieldWidth)
        if focused {
            let cursorX = fieldX + min(visible.count, max(0, state.cursor - (text.count - visible.count)))
            let under = cursorX - fieldX < visible.count ? String(Array(visible)[cursorX - fieldX]) : " "
            frame.put(under, x: cursorX, y: y, style: Style(.accent, reverse: true))
        }
    }
    let found = "Found: \(grouped(state.result.hits.count))"
    frame.put(found, x: frame.width - found.count - 1, y: y, style: .header)
}

private func drawFilterSummary(_ frame: inout Frame, _ state: VariablesState, _ layout: VariablesLayout, _ context: AppContext, _ glyphs: Glyphs) {
    var parts: [String] = []
    let q = state.query
    if !q.registers.isEmpty {
        parts.append("Register: " + q.registers.sorted().map { ds in context.catalogue.register(forDatastore: ds)?.name ?? ds }.joined(separator: ", "))
    }
    if !q.products.isEmpty { parts.append("Product: " + q.products.sorted().joined(separator: ", ")) }
    if !q.cancerForms.isEmpty { parts.append("Form: " + q.cancerForms.map(\.displayName).sorted().joined(separator: ", ")) }
    if !q.categories.isEmpty { parts.append("Category: " + q.categories.sorted().joined(separator: ", ")) }
    if q.releasableOnly { parts.append("Releasable only") }
    if let day = q.validOn { parts.append("Valid on \(day.norwegian)") }
    frame.put(" Filters: ", x: 0, y: layout.filterRow, style: .header)
    let text = parts.isEmpty ? "none (f to set)" : parts.joined(separator: " \(glyphs.dot) ")
    frame.put(glyphs.transliterate(text), x: 10, y: layout.filterRow, style: parts.isEmpty ? .muted : .accent,
              maxWidth: frame.width - 11, ellipsis: glyphs.ellipsis)
}

private func drawTable(_ frame: inout Frame, _ state: VariablesState, _ layout: VariablesLayout, _ context: AppContext, _ glyphs: Glyphs) {
    let y0 = layout.headerRow
    frame.put("Name", x: 1, y: y0, style: Style(.header, bold: true, underline: true))
    if layout.productWidth > 0 {
        frame.put("Data product", x: layout.productX, y: y0, style: Style(.header, bold: true, underline: true))
    }
    frame.put("Releasable", x: layout.releasableX, y: y0, style: Style(.header, bold: true, underline: true))
    frame.put("Valid from", x: layout.validFromX, y: y0, style: Style(.header, bold: true, underline: true))
    frame.put("Technical name", x: layout.technicalX, y: y0, style: Style(.header, bold: true, underline: true), maxWidth: layout.technicalWidth)
    let hits = state.result.hits
    if hits.isEmpty {
        let message = state.query.text.isEmpty ? "No variables match the filters (c clears them)." : "No variables match '\(state.query.text)'."
        frame.put(glyphs.transliterate(message), x: 2, y: layout.firstTableRow + 1, style: .muted)
        return
    }
    let end = min(hits.count, state.scrollTop + layout.tableRows)
    for (row, i) in (state.scrollTop..<end).enumerated() {
        let v = context.catalogue.variables[hits[i].index]
        let y = layout.firstTableRow + row
        let selected = i == state.selection
        let style: Style = selected ? .selected : .normal
        if selected { frame.fill(y: y, style: .selected) }
        frame.put(glyphs.transliterate(v.label), x: 1, y: y, style: style, maxWidth: layout.labelWidth, ellipsis: glyphs.ellipsis)
        if layout.productWidth > 0 {
            frame.put(glyphs.transliterate(v.product), x: layout.productX, y: y, style: selected ? style : .muted,
                      maxWidth: layout.productWidth, ellipsis: glyphs.ellipsis)
        }
        frame.put(v.releasable ? "Ja" : "Nei", x: layout.releasableX, y: y, style: selected ? style : (v.releasable ? Style(.good) : .muted))
        frame.put(v.validFrom?.norwegian ?? "", x: layout.validFromX, y: y, style: style)
        frame.put(v.technicalName, x: layout.technicalX, y: y, style: style, maxWidth: layout.technicalWidth, ellipsis: glyphs.ellipsis)
    }
    if hits.count > layout.tableRows {
        let position = "\(state.selection + 1)/\(hits.count)"
        frame.put(position, x: frame.width - position.count - 1, y: y0, style: .muted)
    }
}

private func drawPreview(_ frame: inout Frame, _ state: VariablesState, _ layout: VariablesLayout, _ context: AppContext, _ glyphs: Glyphs) {
    guard let v = state.selectedVariable(context) else { return }
    let planned = v.availability == .planned ? " \(glyphs.dot) planned, not yet available" : ""
    let head = "\(v.name) \(glyphs.dot) \(v.register) \(glyphs.dot) \(v.product)\(planned)"
    frame.put(glyphs.transliterate(head), x: 1, y: layout.previewRow, style: .accent, maxWidth: frame.width - 2, ellipsis: glyphs.ellipsis)
    frame.put(glyphs.transliterate(v.description), x: 1, y: layout.previewRow + 1, style: .muted, maxWidth: frame.width - 2, ellipsis: glyphs.ellipsis)
}

/// Thousands separated by a thin space, as Norwegian tables print them ("5 550 203").
func grouped(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(" ") }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}
