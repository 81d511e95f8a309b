import Foundation

/// A cohort as the Cohort pane builds it: an entry population, an ordered list of inclusion
/// rules, and analysis variables. It compiles to lines of the script language (the only way
/// anything runs) and saves as JSON (docs/cohort-format.md).
public struct CohortDefinition: Codable, Sendable, Equatable {
    public static let formatName = "kohort.cohort/1"
    public var format: String = CohortDefinition.formatName
    /// The name of the dataset the cohort becomes.
    public var name: String = "kohort"
    public var entry: CohortEntry = CohortEntry()
    public var rules: [CohortRule] = []
    public var analysis: [CohortAnalysisVariable] = []
    /// For a data application (`kohort application`, the Cohort pane's `A`): a title, the
    /// project's purpose and the applicant's free-text fields. Optional; left out when unset.
    public var title: String?
    public var purpose: String?
    public var applicant: [String: String]?
    public init() {}
}

public struct CohortEntry: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case resident, cancerCases = "cancer-cases", nprStays = "npr-stays", nprContacts = "npr-contacts"
        public var title: String {
            switch self {
            case .resident: "Persons resident on a date"
            case .cancerCases: "Cancer cases diagnosed in a period"
            case .nprStays: "NPR hospital stays in a period"
            case .nprContacts: "NPR contacts in a period"
            }
        }
    }
    public var kind: Kind = .resident
    /// Resident: the date (ISO). Period entries: the index date is each person's first event.
    public var date: String = "2020-01-01"
    public var from: String = "2015-01-01"
    public var to: String = "2020-12-31"
    /// ICD-10 prefixes (e.g. "C34"); empty = every cancer form.
    public var icd10: [String] = []
    public init() {}
}

public struct CohortRule: Codable, Sendable, Equatable {
    public enum Operator: String, Codable, Sendable, CaseIterable {
        case eq = "=", ne = "≠", lt = "<", le = "≤", gt = ">", ge = "≥"
        case inList = "in", inRange = "in-range", prefix = "prefix", exists = "exists", absent = "absent"
        public var title: String {
            switch self {
            case .eq, .ne, .lt, .le, .gt, .ge: rawValue
            case .inList: "in list"
            case .inRange: "in range"
            case .prefix: "code prefix"
            case .exists: "exists within"
            case .absent: "absent within"
            }
        }
    }
    /// Catalogue (technical) variable name, e.g. BEFOLKNING_KJOENN.
    public var variable: String
    public var datastore: String
    public var version: Int?
    /// The short name the variable gets in the dataset.
    public var technicalName: String
    /// FIXED, STATUS, ACCUMULATED or EVENT (decides whether a date goes on the import).
    public var temporality: String
    public var isString: Bool
    public var op: Operator = .eq
    public var values: [String] = []
    /// Measurement date for STATUS/ACCUMULATED/EVENT variables; nil = the entry's index date.
    public var date: String?
    /// exists/absent: days before the index date the window opens (e.g. 1826 ≈ 5 years).
    public var windowDays: Int?
    /// The catalogue's unit type. Event-level units (cancer cases, NPR episodes and stays)
    /// compile to "the person has such an event" through the unit's person key.
    public var unitType: String?
    public var enabled = true

    public init(variable: String, datastore: String, technicalName: String, temporality: String, isString: Bool,
                op: Operator = .eq, values: [String] = []) {
        self.variable = variable; self.datastore = datastore; self.technicalName = technicalName
        self.temporality = temporality; self.isString = isString; self.op = op; self.values = values
    }
}

public struct CohortAnalysisVariable: Codable, Sendable, Equatable {
    public var variable: String
    public var datastore: String
    public var version: Int?
    public var technicalName: String
    public var temporality: String
    /// STATUS / ACCUMULATED: the measurement date.
    public var date: String?
    /// EVENT: the window [from, to] (the value current at `to` is imported).
    public var windowFrom: String?
    public var windowTo: String?
    public init(variable: String, datastore: String, technicalName: String, temporality: String) {
        self.variable = variable; self.datastore = datastore; self.technicalName = technicalName; self.temporality = temporality
    }
}

// MARK: - Compiling to script lines

extension CohortDefinition {
    public static func alias(_ datastore: String) -> String {
        switch datastore {
        case "no.ssb.fdb": "ssb"
        case "no.fhi.krg": "krg"
        case "no.fhi.npr": "npr"
        default: String(datastore.split(separator: ".").last ?? "ds")
        }
    }

    static func dateExpression(_ iso: String) -> String {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return "date(2020, 1, 1)" }
        return "date(\(p[0]), \(p[1]), \(p[2]))"
    }

    /// The expression for each person's index date.
    var indexExpression: String { entry.kind == .resident ? Self.dateExpression(entry.date) : "indexdato" }
    var indexISO: String { entry.kind == .resident ? entry.date : entry.to }

    /// The steps whose released counts make the attrition table: the entry, then one step
    /// per enabled rule. `compiled()` is their concatenation plus the analysis imports.
    public func steps() -> [[String]] {
        var names = NameAllocator()
        var out = [entryLines(&names)]
        for rule in rules where rule.enabled { out.append(ruleLines(rule, &names)) }
        return out
    }

    public func compiled() -> [String] {
        var names = NameAllocator()
        var lines = entryLines(&names)
        for rule in rules where rule.enabled { lines += ruleLines(rule, &names) }
        lines += analysisImports(&names)
        return lines
    }

    /// The names the analysis variables have in the dataset, in order.
    public func analysisNames() -> [String] {
        var names = NameAllocator()
        _ = entryLines(&names)
        for rule in rules where rule.enabled { _ = ruleLines(rule, &names) }
        return analysis.map { names.name(for: key($0.variable, $0.date ?? $0.windowTo), suggested: $0.technicalName) }
    }

    func requires() -> [String] {
        var stores = ["no.ssb.fdb"]
        if entry.kind == .cancerCases { stores.append("no.fhi.krg") }
        if entry.kind == .nprStays || entry.kind == .nprContacts { stores.append("no.fhi.npr") }
        stores += rules.map(\.datastore) + analysis.map(\.datastore)
        var seen = Set<String>()
        // A pinned version (the highest asked for, if several) goes on the datastore's require.
        let pinned = (rules.map { ($0.datastore, $0.version) } + analysis.map { ($0.datastore, $0.version) })
            .reduce(into: [String: Int]()) { acc, p in if let v = p.1 { acc[p.0] = max(acc[p.0] ?? v, v) } }
        return stores.filter { seen.insert($0).inserted }.map { "require \($0)\(pinned[$0].map { ":\($0)" } ?? "") as \(Self.alias($0))" }
    }

    func entryLines(_ names: inout NameAllocator) -> [String] {
        var lines = requires()
        lines.append("create-dataset \(name)")
        names.reserve(["regstat", "indexdato", "kjonn_entry", "personid", "icd", "diagdato"])
        switch entry.kind {
        case .resident:
            lines += ["import ssb/BEFOLKNING_STATUSKODE \(entry.date) as regstat", "keep if regstat == '1'"]
        case .cancerCases, .nprStays, .nprContacts:
            let (alias, person, day, code): (String, String, String, String?) = switch entry.kind {
            case .cancerCases: ("krg", "KRG_KJERNE_PERSONID", "KRG_KJERNE_DIAGNOSEDATO", "KRG_KJERNE_ICD10")
            case .nprStays: ("npr", "NPR_SYKEHUSOPPHOLD_PERSONID", "NPR_SYKEHUSOPPHOLD_INNDATO", nil)
            default: ("npr", "NPR_EPISODE_PERSONID", "INNDATO", nil)
            }
            lines.append("import ssb/BEFOLKNING_KJOENN as kjonn_entry")
            lines.append("create-dataset \(name)_hendelser")
            lines.append("import \(alias)/\(person) as personid")
            lines.append("import \(alias)/\(day) as diagdato")
            var condition = "inrange(diagdato, \(Self.dateExpression(entry.from)), \(Self.dateExpression(entry.to)))"
            if let code {
                lines.append("import \(alias)/\(code) as icd")
                let prefixes = entry.icd10.filter { !$0.isEmpty }
                if !prefixes.isEmpty {
                    condition += " & (" + prefixes.map { "startswith(icd, '\($0.replacingOccurrences(of: "*", with: ""))')" }.joined(separator: " | ") + ")"
                }
            }
            lines.append("keep if \(condition)")
            lines.append("collapse (min) diagdato -> indexdato, by(personid)")
            lines.append("merge indexdato into \(name)")
            lines.append("use \(name)")
            lines.append("delete-dataset \(name)_hendelser")
            lines.append("keep if !sysmiss(indexdato)")
        }
        return lines
    }

    func key(_ variable: String, _ date: String?) -> String { variable + "@" + (date ?? "") }

    func importLine(variable: String, datastore: String, version: Int?, temporality: String, date: String?, as name: String) -> String {
        let needsDate = temporality != "FIXED"
        return "import \(Self.alias(datastore))/\(variable)" + (needsDate ? " \(date ?? indexISO)" : "") + " as \(name)"
    }

    /// The person key of an event-level unit type.
    public static func personKey(unitType: String?) -> String? {
        switch unitType {
        case "KRG_KREFTTILFELLE": "KRG_KJERNE_PERSONID"
        case "NPR_EPISODE": "NPR_EPISODE_PERSONID"
        case "NPR_SYKEHUSOPPHOLD": "NPR_SYKEHUSOPPHOLD_PERSONID"
        default: nil
        }
    }

    /// A rule on an event-level variable: keep the events that match, count them per person,
    /// and keep the persons who have one (or, for `absent`, who have none).
    func eventRuleLines(_ rule: CohortRule, personKey: String, _ names: inout NameAllocator) -> [String] {
        let helper = names.name(for: "rule@\(names.taken.count)", suggested: "\(name)_regel")
        let count = names.name(for: "count@\(helper)", suggested: "\(helper)_n")
        let alias = Self.alias(rule.datastore)
        var lines = ["create-dataset \(helper)", "import \(alias)/\(personKey) as personid", importLine(variable: rule.variable, datastore: rule.datastore, version: rule.version, temporality: rule.temporality, date: rule.date, as: "x")]
        if entry.kind != .resident {
            lines += ["use \(name)", "merge indexdato into \(helper) on personid", "use \(helper)"]
        }
        var matching = rule
        if rule.op == .absent { matching.op = .exists }
        lines.append("keep if " + condition(matching, "x"))
        lines += ["collapse (count) x -> \(count), by(personid)", "merge \(count) into \(name)", "use \(name)", "delete-dataset \(helper)"]
        lines.append(rule.op == .absent ? "keep if sysmiss(\(count)) | \(count) == 0" : "keep if \(count) > 0")
        return lines
    }

    func ruleLines(_ rule: CohortRule, _ names: inout NameAllocator) -> [String] {
        if let personKey = Self.personKey(unitType: rule.unitType) { return eventRuleLines(rule, personKey: personKey, &names) }
        let k = key(rule.variable, rule.date)
        var lines: [String] = []
        let name: String
        if let existing = names.existing(k) { name = existing } else {
            name = names.name(for: k, suggested: rule.technicalName)
            lines.append(importLine(variable: rule.variable, datastore: rule.datastore, version: rule.version,
                                    temporality: rule.temporality, date: rule.date, as: name))
        }
        lines.append("keep if " + condition(rule, name))
        return lines
    }

    func literal(_ value: String, _ rule: CohortRule) -> String {
        if rule.isString { return "'" + value.replacingOccurrences(of: "'", with: "") + "'" }
        if Double(value) != nil { return value }
        if value.split(separator: "-").count == 3 { return Self.dateExpression(value) }
        return "'" + value + "'"
    }

    func condition(_ rule: CohortRule, _ x: String) -> String {
        let v = rule.values.map { literal($0, rule) }
        let first = v.first ?? (rule.isString ? "''" : "0")
        switch rule.op {
        case .eq: return v.count > 1 ? "inlist(\(x), \(v.joined(separator: ", ")))" : "\(x) == \(first)"
        case .ne: return v.count > 1 ? "!inlist(\(x), \(v.joined(separator: ", ")))" : "\(x) != \(first)"
        case .lt: return "\(x) < \(first)"
        case .le: return "\(x) <= \(first)"
        case .gt: return "\(x) > \(first)"
        case .ge: return "\(x) >= \(first)"
        case .inList: return "inlist(\(x), \(v.isEmpty ? first : v.joined(separator: ", ")))"
        case .inRange: return "inrange(\(x), \(first), \(v.count > 1 ? v[1] : first))"
        case .prefix:
            let p = rule.values.isEmpty ? [""] : rule.values
            let parts = p.map { "startswith(\(x), '\($0.replacingOccurrences(of: "*", with: ""))')" }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " | ") + ")"
        case .exists, .absent:
            let within: String
            if let days = rule.windowDays, !rule.isString {
                // Before the index date: [index - days, index), so the index event itself is not counted.
                within = "\(x) >= \(indexExpression) - \(days) & \(x) < \(indexExpression)"
            } else {
                within = "!sysmiss(\(x))"
            }
            return rule.op == .exists ? within : "!(\(within))"
        }
    }

    func analysisImports(_ names: inout NameAllocator) -> [String] {
        var lines: [String] = []
        for a in analysis {
            let k = key(a.variable, a.date ?? a.windowTo)
            if names.existing(k) != nil { continue }
            let name = names.name(for: k, suggested: a.technicalName)
            lines.append(importLine(variable: a.variable, datastore: a.datastore, version: a.version, temporality: a.temporality,
                                    date: a.date ?? a.windowTo, as: name))
        }
        return lines
    }

    /// The analysis command for a kind over the analysis variables (first = outcome).
    public func analysisCommand(_ kind: String) -> String? {
        let names = analysisNames()
        guard let first = names.first else { return nil }
        switch kind {
        case "summarize", "tabulate": return "\(kind) \(names.prefix(kind == "tabulate" ? 2 : names.count).joined(separator: " "))"
        case "histogram": return "histogram \(first)"
        case "boxplot": return names.count > 1 ? "boxplot \(first), over(\(names[1]))" : "boxplot \(first)"
        case "regress": return names.count > 1 ? "regress \(names.joined(separator: " "))" : nil
        case "kaplan-meier": return names.count > 1 ? "kaplan-meier \(names[0]) \(names[1])" : nil
        default: return nil
        }
    }

    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }

    public static func load(_ data: Data) throws -> CohortDefinition {
        let d = try JSONDecoder().decode(CohortDefinition.self, from: data)
        guard d.format == formatName else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "not a \(formatName) file (format '\(d.format)')"])
        }
        return d
    }
}

/// Dataset variable names: the technical name, lower-cased and made an identifier, with a
/// numeric suffix if taken.
struct NameAllocator {
    var taken: Set<String> = []
    var byKey: [String: String] = [:]
    mutating func reserve(_ names: [String]) { taken.formUnion(names) }
    func existing(_ key: String) -> String? { byKey[key] }
    mutating func name(for key: String, suggested: String) -> String {
        if let n = byKey[key] { return n }
        var base = String(suggested.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if base.isEmpty || base.first!.isNumber { base = "v_" + base }
        var n = base, i = 2
        while taken.contains(n) { n = "\(base)\(i)"; i += 1 }
        taken.insert(n)
        byKey[key] = n
        return n
    }
}
