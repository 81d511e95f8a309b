import KohortCore

/// One variable in full: description, the metadata model's facts, and the code list with
/// each code's validity period (scrollable).
func drawDetail(_ frame: inout Frame, _ v: CatalogueVariable, _ context: AppContext, top: Int, bottom: Int, scroll: Int, glyphs: Glyphs) {
    var lines: [(String, Style)] = []
    lines.append(("\(v.label)  (\(v.name))", .accent))
    for line in wrap(v.description, width: frame.width - 4) { lines.append((line, .normal)) }
    lines.append(("", .normal))
    let validity = "\(v.validFrom?.norwegian ?? "–") – \(v.validTo?.norwegian ?? "")"
    var facts: [(String, String)] = [
        ("Register", "\(v.register) [\(v.datastore)]"), ("Data product", v.product), ("Technical name", v.technicalName),
        ("Temporality", v.temporality.rawValue), ("Unit type", v.unitType), ("Data type", v.dataType.rawValue),
        ("Valid", validity), ("Releasable", v.releasable ? "Ja" : "Nei"),
        ("Availability", v.availability == .available ? "available" : "planned, not yet available"),
    ]
    if !v.cancerForms.isEmpty { facts.append(("Cancer forms", v.cancerForms.map(\.displayName).joined(separator: ", "))) }
    if !v.categories.isEmpty { facts.append(("Categories", v.categories.joined(separator: ", "))) }
    switch v.valueDomain {
    case .described(let unit, let range):
        facts.append(("Value domain", [unit, range.map { "range \($0)" }].compactMap { $0 }.joined(separator: ", ")))
    case .codeList(let name):
        let list = context.catalogue.codeLists[name]
        facts.append(("Code list", "\(list?.title ?? name) (\(list?.entries.count ?? 0) codes)"))
    }
    for (key, value) in facts { lines.append((key.padding(toLength: 16, withPad: " ", startingAt: 0) + value, .normal)) }
    if let list = context.catalogue.codeList(for: v) {
        lines.append(("", .normal))
        lines.append(("Code        Label" + String(repeating: " ", count: max(1, frame.width - 52)) + "Valid from  Valid to", .header))
        let labelWidth = max(10, frame.width - 40)
        for e in list.entries {
            let label = (e.label + (e.isMissing ? " (missing)" : ""))
            let clipped = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + glyphs.ellipsis : label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            lines.append((e.code.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + clipped + "  " +
                          (e.validFrom?.norwegian ?? "").padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + (e.validTo?.norwegian ?? ""), .normal))
        }
    }
    let visible = bottom - top
    let start = min(scroll, max(0, lines.count - visible))
    for (row, line) in lines.dropFirst(start).prefix(visible).enumerated() {
        frame.put(glyphs.transliterate(line.0), x: 1, y: top + row, style: line.1, maxWidth: frame.width - 2, ellipsis: glyphs.ellipsis)
    }
    if lines.count > visible {
        let marker = "\(start + 1)-\(min(lines.count, start + visible))/\(lines.count)"
        frame.put(marker, x: frame.width - marker.count - 1, y: top, style: .muted)
    }
}

/// Greedy word wrap; long words are cut rather than overflowing the frame.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
        if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width { current += " " + word } else {
            lines.append(current); current = String(word)
        }
        while current.count > width { lines.append(String(current.prefix(width))); current = String(current.dropFirst(width)) }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}
