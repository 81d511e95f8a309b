/// Plain-text renderings of catalogue answers for the command line. The same facts the
/// Variables pane shows, laid out for a pipe or a terminal.
public enum CatalogueText {
    public static func searchTable(_ result: SearchResult, catalogue: Catalogue, limit: Int?) -> String {
        let rows = result.hits.prefix(limit ?? result.hits.count).map { hit -> [String] in
            let v = catalogue.variables[hit.index]
            return [v.name, v.label, v.releasable ? "Ja" : "Nei", v.validFrom?.norwegian ?? "", v.technicalName]
        }
        var out = "Found: \(result.hits.count)\n"
        if rows.isEmpty { return out }
        out += TextTable.render(header: ["Name", "Label", "Releasable", "Valid from", "Technical name"], rows: rows)
        if let limit, result.hits.count > limit { out += "… \(result.hits.count - limit) more (use --limit 0 for all)\n" }
        return out
    }

    public static func overview(_ catalogue: Catalogue) -> String {
        var out = ""
        for tree in catalogue.productTree() {
            out += "\(tree.register.name) (\(tree.total))  [\(tree.register.datastore)]\n"
            for product in tree.products { out += "  - \(product.name) (\(product.count))\n" }
        }
        out += "Total: \(catalogue.variables.count) variables in \(catalogue.registers.count) registers, \(catalogue.codeLists.count) code lists\n"
        return out
    }

    public static func describe(_ v: CatalogueVariable, catalogue: Catalogue) -> String {
        var lines: [String] = []
        lines.append("\(v.label)  (\(v.name))")
        lines.append(v.description)
        lines.append("")
        let validity = "\(v.validFrom?.norwegian ?? "–") – \(v.validTo?.norwegian ?? "")"
        let facts: [(String, String)] = [
            ("Register", "\(v.register) [\(v.datastore)]"), ("Data product", v.product),
            ("Technical name", v.technicalName), ("Temporality", v.temporality.rawValue),
            ("Unit type", v.unitType), ("Data type", v.dataType.rawValue), ("Valid", validity),
            ("Releasable", v.releasable ? "Ja" : "Nei"), ("Availability", v.availability.rawValue),
            ("Cancer forms", v.cancerForms.map(\.displayName).joined(separator: ", ")),
            ("Categories", v.categories.joined(separator: ", ")),
        ]
        for (k, value) in facts where !value.isEmpty { lines.append(k.padding(toLength: 15, withPad: " ", startingAt: 0) + value) }
        switch v.valueDomain {
        case .described(let unit, let range):
            lines.append("Value domain".padding(toLength: 15, withPad: " ", startingAt: 0) + [unit, range.map { "range \($0)" }].compactMap { $0 }.joined(separator: ", "))
        case .codeList(let name):
            let list = catalogue.codeLists[name]
            lines.append("Code list".padding(toLength: 15, withPad: " ", startingAt: 0) + "\(list?.title ?? name) (\(list?.entries.count ?? 0) codes)")
            if let list {
                lines.append("")
                let rows = list.entries.map { [$0.code, $0.label + ($0.isMissing ? " (missing)" : ""), $0.validFrom?.norwegian ?? "", $0.validTo?.norwegian ?? ""] }
                lines.append(TextTable.render(header: ["Code", "Label", "Valid from", "Valid to"], rows: rows))
            }
        }
        return lines.joined(separator: "\n") + (lines.last?.hasSuffix("\n") == true ? "" : "\n")
    }
}

/// A left-aligned text table with a header rule; widths follow the widest cell.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
