import Foundation

/// A machine-readable data application built from a cohort (docs/application.md, schema in
/// docs/application.schema.json): what a researcher sends a data provider to get, outside the
/// anonymised service, exactly the cohort and variables they explored.
///
/// The input is the Cohort pane's own document, `kohort.cohort/1` (`CohortDefinition`,
/// docs/cohort-format.md): the file saved with `w` is the file `kohort application` reads,
/// and the script in the application is the definition's own compiled lines.
///
/// The only number in it is the released (perturbed) population size: the cohort's steps run
/// through `SessionCore.attrition`, the same released one-cell count the Cohort pane shows.
public enum DataApplication {
    public static let formatName = "kohort-data-application"
    public static let formatVersion = 2

    /// A cohort problem the researcher must fix (unknown variable, bad date, …).
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The released population size, or why there is none.
    public struct PopulationSize: Sendable, Equatable {
        public var count: Int?
        public var reason: String?
        public var protections: [String]
        public init(count: Int?, reason: String?, protections: [String] = []) {
            self.count = count; self.reason = reason; self.protections = protections
        }
    }

    // MARK: Reading

    /// Decodes a `kohort.cohort/1` file; errors name the field that is wrong.
    public static func decodeCohort(_ data: Data) throws -> CohortDefinition {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        do {
            return try CohortDefinition.load(data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem("cohort: missing '\(path(context.codingPath + [key]))' (a \(CohortDefinition.formatName) file, docs/cohort-format.md)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw Problem("cohort: wrong type at '\(path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw Problem("cohort: invalid value at '\(path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw Problem("cohort: null at '\(path(context.codingPath))'")
        } catch let error as CocoaError {
            throw Problem("cohort: " + (error.userInfo[NSLocalizedDescriptionKey] as? String ?? "\(error)"))
        }
    }

    // MARK: The released population size

    /// Runs the cohort's steps (entry, then each enabled rule) through the session's attrition
    /// path on `source` and takes the last released count: the number the Cohort pane shows.
    public static func populationSize(cohort: CohortDefinition, source: any VariableSource, catalogue: Catalogue?) -> PopulationSize {
        var core = SessionCore(source: source, catalogue: catalogue)
        let outcome = core.attrition(cohort.steps())
        if let error = outcome.error { return PopulationSize(count: nil, reason: "the cohort could not be run: \(error)") }
        return populationSize(outcome.counts.last)
    }

    /// The population size from a released count already computed (the Cohort pane's last
    /// attrition step); nil: not computed.
    public static func populationSize(_ count: ReleasedCount?, unavailable: String? = nil) -> PopulationSize {
        guard let count else {
            return PopulationSize(count: nil, reason: unavailable ?? "the cohort's released count is not available")
        }
        guard let n = count.value else {
            return PopulationSize(count: nil, reason: "the population is smaller than the small-cell threshold (\(count.smallCell)); its size is suppressed",
                                  protections: count.protections)
        }
        return PopulationSize(count: n, reason: nil, protections: count.protections)
    }

    // MARK: Building

    /// The application document (JSON-ready), running the cohort on `source` for its released
    /// size (nil: not run; the size is null with `sourceUnavailableReason`).
    public static func document(cohort: CohortDefinition, catalogue: Catalogue, source: (any VariableSource)?,
                                sourceUnavailableReason: String? = nil, purpose: String? = nil,
                                generatedAt: Date = Date(), generator: String = "kohort \(Kohort.version)") throws -> [String: Any] {
        let plan = try Plan(cohort: cohort, catalogue: catalogue)
        let size: PopulationSize
        var versions: [String: Int] = [:]
        if let source {
            size = populationSize(cohort: cohort, source: source, catalogue: catalogue)
            for d in plan.datastores { if let v = try? source.resolve(datastore: d, version: nil) { versions[d] = v } }
        } else {
            size = PopulationSize(count: nil, reason: sourceUnavailableReason ?? "no data source was given, so the cohort was not run")
        }
        return build(plan: plan, catalogue: catalogue, size: size, newest: versions, purpose: purpose,
                     generatedAt: generatedAt, generator: generator)
    }

    /// The application document with a population size already released (the Cohort pane's
    /// export key uses the count it shows). `newest`: datastore versions to cite where the
    /// cohort pins none.
    public static func document(cohort: CohortDefinition, catalogue: Catalogue, size: PopulationSize, newest: [String: Int] = [:],
                                purpose: String? = nil, generatedAt: Date = Date(),
                                generator: String = "kohort \(Kohort.version)") throws -> [String: Any] {
        let plan = try Plan(cohort: cohort, catalogue: catalogue)
        return build(plan: plan, catalogue: catalogue, size: size, newest: newest, purpose: purpose, generatedAt: generatedAt, generator: generator)
    }

    static func build(plan: Plan, catalogue: Catalogue, size: PopulationSize, newest: [String: Int], purpose: String?,
                      generatedAt: Date, generator: String) -> [String: Any] {
        let cohort = plan.cohort
        // A version pinned in the cohort wins over the newest the data source has.
        var versions = newest
        for (d, v) in plan.pinned { versions[d] = v }
        let purposeText = purpose ?? cohort.purpose
        var doc: [String: Any] = [
            "format": formatName,
            "format_version": formatVersion,
            "generated_at": iso8601(generatedAt),
            "generator": generator,
            "title": cohort.title ?? cohort.name,
            "purpose": purposeText.map { $0 as Any } ?? NSNull(),
            "cohort": cohortObject(cohort),
        ]
        var applicant: [String: Any] = [:]
        for field in applicantFields { applicant[field] = cohort.applicant?[field] ?? "" }
        for (k, v) in cohort.applicant ?? [:] where applicant[k] == nil { applicant[k] = v }
        doc["applicant"] = applicant

        let e = cohort.entry
        var entry: [String: Any] = ["kind": e.kind.rawValue, "title": e.kind.title, "description": plan.entryDescription,
                                    "index_date": e.kind == .resident ? "the entry date" : "each person's first event in the period"]
        if e.kind == .resident { entry["date"] = e.date } else { entry["period"] = ["from": e.from, "to": e.to] }
        if e.kind == .cancerCases { entry["icd10"] = e.icd10.map { $0.replacingOccurrences(of: "*", with: "") }.filter { !$0.isEmpty } }
        doc["population"] = [
            "entry": entry,
            "rules": plan.rules.map { r -> [String: Any] in
                var o: [String: Any] = [
                    "variable": r.rule.variable, "technical_name": r.variable.technicalName, "label": r.variable.label,
                    "datastore": r.rule.datastore, "version": versions[r.rule.datastore].map { $0 as Any } ?? NSNull(),
                    "temporality": r.variable.temporality.rawValue, "unit_type": r.variable.unitType,
                    "operator": r.rule.op.rawValue, "values": r.rule.values, "enabled": r.rule.enabled, "description": r.description,
                ]
                if let d = r.date { o["date"] = d }
                if let w = r.rule.windowDays { o["window_days"] = w }
                return o
            },
            "script": plan.script,
            "released_size": [
                "count": size.count.map { $0 as Any } ?? NSNull(),
                "reason": size.reason.map { $0 as Any } ?? NSNull(),
                "protections": uniqued(size.protections),
            ] as [String: Any],
        ] as [String: Any]
        doc["variables"] = plan.variables.map { v -> [String: Any] in
            var o: [String: Any] = [
                "name": v.variable.name, "technical_name": v.variable.technicalName, "label": v.variable.label,
                "datastore": v.variable.datastore, "register": catalogue.register(forDatastore: v.variable.datastore)?.name ?? v.variable.register,
                "product": v.variable.product,
                "version": versions[v.variable.datastore].map { $0 as Any } ?? NSNull(),
                "temporality": v.variable.temporality.rawValue, "unit_type": v.variable.unitType,
                "data_type": v.variable.dataType.rawValue, "releasable": v.variable.releasable, "roles": v.roles,
            ]
            if let d = v.date { o["date"] = d }
            if let p = v.period { o["period"] = ["from": p.from, "to": p.to] }
            return o
        }
        doc["datastores"] = plan.datastores.map { d -> [String: Any] in
            ["datastore": d, "register": catalogue.register(forDatastore: d)?.name ?? d,
             "version": versions[d].map { $0 as Any } ?? NSNull()]
        }
        doc["summary"] = summary(plan: plan, size: size, purpose: purposeText, versions: versions)
        return doc
    }

    /// The cohort file as given (so the provider can load it into Kohort).
    static func cohortObject(_ cohort: CohortDefinition) -> Any {
        guard let data = try? cohort.json(), let object = try? JSONSerialization.jsonObject(with: data) else { return [String: Any]() }
        return object
    }

    static func uniqued(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// Free-text fields every application has (empty until the applicant fills them in).
    public static let applicantFields = ["name", "institution", "email", "project_title", "legal_basis", "ethics_approval",
                                         "data_processor", "storage_and_security", "period_of_use", "notes"]

    /// Pretty JSON, sorted keys.
    public static func json(_ document: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    // MARK: Readable summary (Norwegian, for the application form)

    static func summary(plan: Plan, size: PopulationSize, purpose: String?, versions: [String: Int]) -> String {
        var lines: [String] = []
        lines.append("Søknad om data: \(plan.cohort.title ?? plan.cohort.name)")
        if let purpose, !purpose.isEmpty { lines.append("Formål: \(purpose)") }
        lines.append("Populasjon: \(plan.entryDescription).")
        let enabled = plan.rules.filter(\.rule.enabled)
        if !enabled.isEmpty {
            lines.append("Utvalgskriterier:")
            for r in enabled { lines.append("  - \(r.description)") }
        }
        if let n = size.count {
            lines.append("Anslått populasjonsstørrelse (anonymisert, med støy): \(n).")
        } else {
            lines.append("Populasjonsstørrelse: ikke beregnet (\(size.reason ?? "ukjent grunn")).")
        }
        lines.append("Variabler (\(plan.variables.count)):")
        for v in plan.variables {
            var when = ""
            if let d = v.date { when = ", per \(d)" }
            if let p = v.period { when = ", \(p.from) til \(p.to)" }
            let version = versions[v.variable.datastore].map { " versjon \($0)" } ?? ""
            lines.append("  - \(v.variable.name) (\(v.variable.label); \(v.variable.datastore)\(version); teknisk navn \(v.variable.technicalName)\(when))")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: The plan: the cohort checked against the catalogue

    struct Period: Equatable { let from: String; let to: String }

    struct PlannedRule {
        let rule: CohortRule
        let variable: CatalogueVariable
        let date: String?
        let description: String
    }

    struct PlannedVariable {
        let variable: CatalogueVariable
        var date: String?
        var period: Period?
        var roles: [String]
    }

    struct Plan {
        let cohort: CohortDefinition
        let rules: [PlannedRule]
        let variables: [PlannedVariable]
        let datastores: [String]
        let pinned: [String: Int]
        let entryDescription: String
        let script: String

        init(cohort: CohortDefinition, catalogue: Catalogue) throws {
            self.cohort = cohort
            func checkDate(_ text: String?, _ field: String) throws {
                if let text, Day(iso: text) == nil { throw Problem("\(field): '\(text)' is not a date YYYY-MM-DD") }
            }
            func lookup(_ name: String, _ field: String) throws -> CatalogueVariable {
                do { return try catalogue.variable(named: name) } catch { throw Problem("\(field): \(error)") }
            }
            let e = cohort.entry
            let index = e.kind == .resident ? e.date : e.to
            switch e.kind {
            case .resident:
                try checkDate(e.date, "entry.date")
                entryDescription = "personer bosatt i Norge \(e.date)"
            case .cancerCases, .nprStays, .nprContacts:
                try checkDate(e.from, "entry.from"); try checkDate(e.to, "entry.to")
                if let a = Day(iso: e.from), let b = Day(iso: e.to), b < a { throw Problem("entry: 'to' (\(e.to)) is before 'from' (\(e.from))") }
                let what: String = switch e.kind {
                case .cancerCases:
                    e.icd10.isEmpty ? "med kreftdiagnose" : "med kreftdiagnose (ICD-10 \(e.icd10.map { $0.replacingOccurrences(of: "*", with: "") + "*" }.joined(separator: ", ")))"
                case .nprStays: "med sykehusopphold (NPR)"
                default: "med kontakt i spesialisthelsetjenesten (NPR)"
                }
                entryDescription = "personer \(what) fra \(e.from) til \(e.to); indeksdato er første hendelse i perioden"
            }
            var variables: [PlannedVariable] = []
            func request(_ v: CatalogueVariable, date: String?, period: Period?, role: String) {
                if let i = variables.firstIndex(where: { $0.variable.name == v.name && $0.date == date && $0.period == period }) {
                    if !variables[i].roles.contains(role) { variables[i].roles.append(role) }
                } else {
                    variables.append(PlannedVariable(variable: v, date: date, period: period, roles: [role]))
                }
            }
            // The entry population's own variables.
            let entryVariables: [(String, Bool)] = switch e.kind {
            case .resident: [("BEFOLKNING_STATUSKODE", true)]
            case .cancerCases: [("BEFOLKNING_KJOENN", false), ("KRG_KJERNE_PERSONID", false), ("KRG_KJERNE_DIAGNOSEDATO", false), ("KRG_KJERNE_ICD10", false)]
            case .nprStays: [("BEFOLKNING_KJOENN", false), ("NPR_SYKEHUSOPPHOLD_PERSONID", false), ("NPR_SYKEHUSOPPHOLD_INNDATO", false)]
            case .nprContacts: [("BEFOLKNING_KJOENN", false), ("NPR_EPISODE_PERSONID", false), ("INNDATO", false)]
            }
            for (name, dated) in entryVariables {
                guard let v = try? catalogue.variable(named: name) else { continue }
                let when = Self.when(v, date: dated ? e.date : nil, entry: e, index: index)
                request(v, date: when.date, period: when.period, role: "entry")
            }
            var planned: [PlannedRule] = []
            for (i, rule) in cohort.rules.enumerated() {
                let field = "rules[\(i)]"
                let v = try lookup(rule.variable, field + ".variable")
                try checkDate(rule.date, field + ".date")
                if rule.op == .inRange && rule.values.count != 2 { throw Problem("\(field).values: 'in-range' needs two values: low, high") }
                let when = Self.when(v, date: rule.date, windowDays: rule.windowDays, entry: e, index: index)
                planned.append(PlannedRule(rule: rule, variable: v, date: v.temporality == .fixed ? nil : (rule.date ?? index),
                                           description: Self.describe(rule, v, index: index)))
                if rule.enabled { request(v, date: when.date, period: when.period, role: "rule") }
            }
            rules = planned
            for (i, a) in cohort.analysis.enumerated() {
                let field = "analysis[\(i)]"
                let v = try lookup(a.variable, field + ".variable")
                try checkDate(a.date, field + ".date"); try checkDate(a.windowFrom, field + ".windowFrom"); try checkDate(a.windowTo, field + ".windowTo")
                switch v.temporality {
                case .fixed: request(v, date: nil, period: nil, role: "analysis")
                case .status, .accumulated: request(v, date: a.date ?? a.windowTo ?? index, period: nil, role: "analysis")
                case .event:
                    if let from = a.windowFrom, let to = a.windowTo { request(v, date: nil, period: Period(from: from, to: to), role: "analysis") }
                    else { request(v, date: a.windowTo ?? a.date ?? index, period: nil, role: "analysis") }
                }
            }
            self.variables = variables
            var stores: [String] = []
            func add(_ d: String) { if !stores.contains(d) { stores.append(d) } }
            add("no.ssb.fdb")
            if e.kind == .cancerCases { add("no.fhi.krg") }
            if e.kind == .nprStays || e.kind == .nprContacts { add("no.fhi.npr") }
            for r in cohort.rules { add(r.datastore) }
            for a in cohort.analysis { add(a.datastore) }
            for v in variables { add(v.variable.datastore) }
            datastores = stores
            pinned = (cohort.rules.map { ($0.datastore, $0.version) } + cohort.analysis.map { ($0.datastore, $0.version) })
                .reduce(into: [String: Int]()) { acc, p in if let v = p.1 { acc[p.0] = max(acc[p.0] ?? v, v) } }
            // The definition's own compiled lines: the same script the Cohort pane runs.
            script = cohort.compiled().joined(separator: "\n") + "\n"
        }

        /// When a variable is requested: FIXED none; STATUS/ACCUMULATED on a date (default the
        /// index date); EVENT over a period (the window before the index, or the entry period).
        static func when(_ v: CatalogueVariable, date: String?, windowDays: Int? = nil, entry e: CohortEntry, index: String) -> (date: String?, period: Period?) {
            let start = e.kind == .resident ? e.date : e.from
            if let days = windowDays, let s = Day(iso: start) {
                return (nil, Period(from: Day(s.value - Int32(days)).iso, to: index))
            }
            switch v.temporality {
            case .fixed: return (nil, nil)
            case .status, .accumulated: return (date ?? index, nil)
            case .event:
                if let date { return (date, nil) }
                return e.kind == .resident ? (e.date, nil) : (nil, Period(from: e.from, to: e.to))
            }
        }

        static func describe(_ rule: CohortRule, _ v: CatalogueVariable, index: String) -> String {
            let values = rule.values
            let list = values.joined(separator: ", ")
            let condition: String
            switch rule.op {
            case .eq, .inList: condition = values.count == 1 ? "er \(list)" : "er en av \(list)"
            case .ne: condition = values.count == 1 ? "er ikke \(list)" : "er ingen av \(list)"
            case .lt: condition = "< \(list)"
            case .le: condition = "≤ \(list)"
            case .gt: condition = "> \(list)"
            case .ge: condition = "≥ \(list)"
            case .inRange: condition = "mellom \(values.first ?? "") og \(values.last ?? "")"
            case .prefix: condition = "begynner med \(values.map { $0.replacingOccurrences(of: "*", with: "") + "*" }.joined(separator: " eller "))"
            case .exists, .absent:
                let verb = rule.op == .exists ? "finnes" : "finnes ikke"
                condition = verb + (rule.windowDays.map { " i de \($0) dagene før indeksdatoen" } ?? "")
            }
            var text = "\(v.label) (\(v.name)) \(condition)"
            if v.temporality != .fixed && rule.windowDays == nil { text += " per \(rule.date ?? index)" }
            if CohortDefinition.personKey(unitType: rule.unitType ?? v.unitType) != nil { text += " (personen har en slik hendelse)" }
            if !rule.enabled { text += " [slått av]" }
            return text
        }
    }
}
