import Foundation

/// Reads the catalogue assets (format: docs/catalogue-format.md) and checks them: unknown
/// enum values, duplicate names, dangling code-list references and bad dates are reported
/// with file and line rather than silently dropped.
public enum CatalogueLoader {
    public static func load(assets: URL) throws -> Catalogue {
        let root = assets.appendingPathComponent("catalogue")
        let registers = try loadRegisters(root.appendingPathComponent("registers.tsv").path)
        let codeLists = try loadCodeLists(root.appendingPathComponent("codelists"))
        var variables: [CatalogueVariable] = []
        var seen: [String: String] = [:]
        for path in try tsvFiles(in: root.appendingPathComponent("variables")) {
            for variable in try loadVariables(path, registers: registers, codeLists: codeLists) {
                if let other = seen[variable.name] {
                    throw CatalogueError.malformed(path: path, line: 0, message: "variable \(variable.name) is also defined in \(other)")
                }
                seen[variable.name] = path
                variables.append(variable)
            }
        }
        // Registers in the order of registers.tsv, variables grouped by register then file order.
        let order = Dictionary(uniqueKeysWithValues: registers.enumerated().map { ($1.datastore, $0) })
        let sorted = variables.enumerated().sorted { a, b in
            let ra = order[a.element.datastore]!, rb = order[b.element.datastore]!
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        return Catalogue(registers: registers, variables: sorted, codeLists: codeLists)
    }

    /// Loads from the located Assets directory.
    public static func loadDefault() throws -> Catalogue {
        try load(assets: AssetLocator.assetsDirectory())
    }

    static func tsvFiles(in dir: URL) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".tsv") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    static func loadRegisters(_ path: String) throws -> [Register] {
        let file = try TabSeparatedFile(path: path)
        let (d, n, desc) = (try file.column("datastore"), try file.column("register"), try file.column("description"))
        return file.rows.map { Register(datastore: String($0.fields[d]), name: String($0.fields[n]), description: String($0.fields[desc])) }
    }

    static func loadCodeLists(_ dir: URL) throws -> [String: CodeList] {
        var titles: [String: (String, String)] = [:]
        let files = try tsvFiles(in: dir)
        for path in files where URL(fileURLWithPath: path).lastPathComponent.hasPrefix("index") {
            let file = try TabSeparatedFile(path: path)
            let (n, t, s) = (try file.column("name"), try file.column("title"), try file.column("source"))
            for row in file.rows { titles[String(row.fields[n])] = (String(row.fields[t]), String(row.fields[s])) }
        }
        var lists: [String: CodeList] = [:]
        for path in files where !URL(fileURLWithPath: path).lastPathComponent.hasPrefix("index") {
            let name = String(URL(fileURLWithPath: path).lastPathComponent.dropLast(4))
            let file = try TabSeparatedFile(path: path)
            let (c, l, f, t, m) = (try file.column("code"), try file.column("label"), try file.column("valid_from"),
                                   try file.column("valid_to"), try file.column("missing"))
            var entries: [CodeEntry] = []
            entries.reserveCapacity(file.rows.count)
            for row in file.rows {
                entries.append(CodeEntry(code: String(row.fields[c]), label: String(row.fields[l]),
                                         validFrom: try date(row.fields[f], path, row.line),
                                         validTo: try date(row.fields[t], path, row.line),
                                         isMissing: row.fields[m] == "1"))
            }
            let (title, source) = titles[name] ?? (name, "")
            lists[name] = CodeList(name: name, title: title, source: source, entries: entries)
        }
        return lists
    }

    static func date(_ field: Substring, _ path: String, _ line: Int) throws -> Day? {
        let text = field.trimmedSpaces
        if text.isEmpty { return nil }
        guard let day = Day(iso: text) else {
            throw CatalogueError.malformed(path: path, line: line, message: "'\(text)' is not a date of the form YYYY-MM-DD")
        }
        return day
    }

    static func loadVariables(_ path: String, registers: [Register], codeLists: [String: CodeList]) throws -> [CatalogueVariable] {
        let file = try TabSeparatedFile(path: path)
        let col = try ["name", "datastore", "product", "label", "description", "temporality", "unit_type", "data_type",
                       "codelist", "unit", "range", "valid_from", "valid_to", "technical_name", "releasable",
                       "cancer_forms", "categories", "availability"].map { try file.column($0) }
        var out: [CatalogueVariable] = []
        out.reserveCapacity(file.rows.count)
        for row in file.rows {
            func field(_ k: Int) -> String { String(row.fields[col[k]]).trimmedSpaces }
            func fail(_ message: String) -> CatalogueError { .malformed(path: path, line: row.line, message: message) }
            let name = field(0)
            guard !name.isEmpty else { throw fail("empty variable name") }
            let datastore = field(1)
            guard let register = registers.first(where: { $0.datastore == datastore }) else {
                throw fail("\(name): unknown datastore '\(datastore)'")
            }
            guard let temporality = Temporality(rawValue: field(5)) else { throw fail("\(name): unknown temporality '\(field(5))'") }
            guard let dataType = DataType(rawValue: field(7)) else { throw fail("\(name): unknown data type '\(field(7))'") }
            let domain: ValueDomain
            if !field(8).isEmpty {
                guard codeLists[field(8)] != nil else { throw fail("\(name): code list '\(field(8))' does not exist in codelists/") }
                domain = .codeList(name: field(8))
            } else {
                domain = .described(unit: field(9).isEmpty ? nil : field(9), range: try range(field(10), fail))
            }
            let releasable: Bool
            switch field(14) {
            case "Ja": releasable = true
            case "Nei": releasable = false
            default: throw fail("\(name): releasable must be Ja or Nei, not '\(field(14))'")
            }
            let forms = try list(field(15)).map { slug -> CancerForm in
                guard let form = CancerForm(rawValue: slug) else { throw fail("\(name): unknown cancer form '\(slug)'") }
                return form
            }
            guard let availability = Availability(rawValue: field(17)) else { throw fail("\(name): availability must be available or planned") }
            out.append(CatalogueVariable(
                name: name, datastore: datastore, register: register.name, product: field(2), label: field(3),
                description: field(4), temporality: temporality, unitType: field(6), dataType: dataType,
                valueDomain: domain, validFrom: try date(row.fields[col[11]], path, row.line),
                validTo: try date(row.fields[col[12]], path, row.line),
                technicalName: field(13).isEmpty ? name : field(13), releasable: releasable, cancerForms: forms,
                categories: list(field(16)), availability: availability))
        }
        return out
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmedSpaces }.filter { !$0.isEmpty }
    }

    static func range(_ text: String, _ fail: (String) -> CatalogueError) throws -> ClosedRangeBounds? {
        if text.isEmpty { return nil }
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else { throw fail("range '\(text)' must look like MIN..MAX") }
        func bound(_ s: String) throws -> Double? {
            if s.isEmpty { return nil }
            guard let v = Double(s) else { throw fail("range bound '\(s)' is not a number") }
            return v
        }
        return ClosedRangeBounds(lower: try bound(parts[0]), upper: try bound(parts[1]))
    }
}
