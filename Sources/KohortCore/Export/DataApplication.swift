import Foundation

/// A machine-readable data application built from a cohort (docs/application.md, schema in
/// docs/application.schema.json): what a researcher sends a data provider to get, outside the
/// anonymised service, exactly the cohort and variables they explored.
///
/// The only number in it is the released (perturbed) population size, produced by running the
/// cohort script through the engine and the disclosure layer; nothing unreleased is written.
public enum DataApplication {
    public static let formatName = "kohort-data-application"
    public static let formatVersion = 1

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
    }

    // MARK: Building

    /// The application document (JSON-ready). `source` is the data the cohort is run on to
    /// get the released size (nil: not run, the size is null with a reason); `purpose`
    /// overrides the cohort file's; `generatedAt` is fixed in tests.
    public static func document(cohort: ApplicationCohort, catalogue: Catalogue, source: (any VariableSource)?,
                                sourceUnavailableReason: String? = nil, purpose: String? = nil,
                                generatedAt: Date = Date(), generator: String = "kohort \(Kohort.version)") throws -> [String: Any] {
        let plan = try Plan(cohort: cohort, catalogue: catalogue)
        let script = plan.script()
        let size: PopulationSize
        if let source {
            size = populationSize(script: script, source: source, catalogue: catalogue)
        } else {
            size = PopulationSize(count: nil, reason: sourceUnavailableReason ?? "no data source was given, so the cohort was not run", protections: [])
        }
        var versions: [String: Int] = cohort.datastoreVersions ?? [:]
        if let source {
            for d in plan.datastores where versions[d] == nil {
                if let v = try? source.resolve(datastore: d, version: nil) { versions[d] = v }
            }
        }
        let purposeText = purpose ?? cohort.purpose

        var doc: [String: Any] = [
            "format": formatName,
            "format_version": formatVersion,
            "generated_at": iso8601(generatedAt),
            "generator": generator,
            "title": cohort.name ?? "Kohort",
            "purpose": purposeText.map { $0 as Any } ?? NSNull(),
        ]
        var applicant: [String: Any] = [:]
        for field in applicantFields { applicant[field] = cohort.applicant?[field] ?? "" }
        for (k, v) in cohort.applicant ?? [:] where applicant[k] == nil { applicant[k] = v }
        doc["applicant"] = applicant

        var entry: [String: Any] = ["kind": cohort.entry.kind.rawValue, "description": plan.entryDescription]
        if let d = cohort.entry.date { entry["date"] = d }
        if let p = cohort.entry.period { entry["period"] = ["from": p.from, "to": p.to] }
        if cohort.entry.kind == .cancerDiagnosis {
            entry["cancer_forms"] = plan.cancerForms.map(\.rawValue)
            entry["icd10"] = plan.icd10
        }
        doc["population"] = [
            "entry": entry,
            "rules": plan.rules.map { r -> [String: Any] in
                var o: [String: Any] = [
                    "variable": r.variable.name, "technical_name": r.variable.technicalName, "label": r.variable.label,
                    "datastore": r.variable.datastore, "operator": r.rule.operator.rawValue,
                    "values": r.rule.values.map(\.json), "enabled": r.rule.enabled, "description": r.description,
                ]
                if let d = r.date { o["date"] = d }
                if let w = r.rule.window { o["window"] = ["from": w.from, "to": w.to] }
                return o
            },
            "script": script,
            "released_size": [
                "count": size.count.map { $0 as Any } ?? NSNull(),
                "reason": size.reason.map { $0 as Any } ?? NSNull(),
                "protections": size.protections,
            ] as [String: Any],
        ] as [String: Any]
        doc["variables"] = plan.variables.map { v -> [String: Any] in
            var o: [String: Any] = [
                "name": v.variable.name, "technical_name": v.variable.technicalName, "label": v.variable.label,
                "datastore": v.variable.datastore, "register": catalogue.register(forDatastore: v.variable.datastore)?.name ?? v.variable.register,
                "product": v.variable.product,
                "version": versions[v.variable.datastore].map { $0 as Any } ?? NSNull(),
                "temporality": v.variable.temporality.rawValue, "unit_type": v.variable.unitType,
                "data_type": v.variable.dataType.rawValue, "releasable": v.variable.releasable,
            ]
            if let d = v.requested.date { o["date"] = d }
            if let p = v.requested.period { o["period"] = ["from": p.from, "to": p.to] }
            return o
        }
        doc["datastores"] = plan.datastores.map { d -> [String: Any] in
            ["datastore": d, "register": catalogue.register(forDatastore: d)?.name ?? d,
             "version": versions[d].map { $0 as Any } ?? NSNull()]
        }
        doc["summary"] = summary(cohort: cohort, plan: plan, size: size, purpose: purposeText, versions: versions)
        return doc
    }

    /// Free-text fields every application has (empty until the applicant fills them in).
    public static let applicantFields = ["name", "institution", "email", "project_title", "legal_basis", "ethics_approval",
                                         "data_processor", "storage_and_security", "period_of_use", "notes"]

    /// Pretty JSON, sorted keys.
    public static func json(_ document: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Runs the cohort script plus a one-way table of a constant; the table's released count
    /// is the population size.
    public static func populationSize(script: String, source: any VariableSource, catalogue: Catalogue?) -> PopulationSize {
        var engine = ScriptEngine(source: source, catalogue: catalogue)
        var last: ReleasedResult?
        do {
            try engine.run(script: script + "generate kohort_alle = 1\ntabulate kohort_alle\n", fileName: "cohort") { last = $0 }
        } catch {
            return PopulationSize(count: nil, reason: "the cohort could not be run: \(error.description)", protections: [])
        }
        guard let last, case .table(let t) = last.payload, let cell = t.cells.first else {
            return PopulationSize(count: nil, reason: "the cohort ran but gave no population count", protections: [])
        }
        guard let count = cell.count else {
            return PopulationSize(count: nil, reason: "the population is smaller than the small-cell threshold (\(t.smallCell)); its size is suppressed",
                                  protections: last.protections.map(\.rule))
        }
        return PopulationSize(count: count, reason: nil, protections: last.protections.map(\.rule))
    }

    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    // MARK: Readable summary (Norwegian, for the application form)

    static func summary(cohort: ApplicationCohort, plan: Plan, size: PopulationSize, purpose: String?, versions: [String: Int]) -> String {
        var lines: [String] = []
        lines.append("Søknad om data: \(cohort.name ?? "kohort")")
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
            if let d = v.requested.date { when = ", per \(d)" }
            if let p = v.requested.period { when = ", \(p.from) til \(p.to)" }
            let version = versions[v.variable.datastore].map { " versjon \($0)" } ?? ""
            lines.append("  - \(v.variable.name) (\(v.variable.label); \(v.variable.datastore)\(version); teknisk navn \(v.variable.technicalName)\(when))")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: The plan: cohort checked against the catalogue, and its script

    struct PlannedRule {
        let rule: ApplicationCohort.Rule
        let variable: CatalogueVariable
        let date: String?
        let description: String
    }

    struct PlannedVariable {
        let requested: ApplicationCohort.RequestedVariable
        let variable: CatalogueVariable
    }

    struct Plan {
        let cohort: ApplicationCohort
        let cancerForms: [CancerForm]
        let icd10: [String]
        let rules: [PlannedRule]
        let variables: [PlannedVariable]
        let datastores: [String]
        let entryDescription: String

        init(cohort: ApplicationCohort, catalogue: Catalogue) throws {
            self.cohort = cohort
            func checkDate(_ text: String?, _ field: String) throws {
                if let text, Day(iso: text) == nil { throw Problem("\(field): '\(text)' is not a date YYYY-MM-DD") }
            }
            func checkPeriod(_ p: ApplicationCohort.Period?, _ field: String) throws {
                guard let p else { return }
                try checkDate(p.from, field + ".from"); try checkDate(p.to, field + ".to")
                if let a = Day(iso: p.from), let b = Day(iso: p.to), b < a { throw Problem("\(field): 'to' is before 'from'") }
            }
            let entry = cohort.entry
            try checkDate(entry.date, "entry.date")
            try checkPeriod(entry.period, "entry.period")
            var forms: [CancerForm] = []
            for f in entry.cancerForms ?? [] {
                guard let form = CancerForm(lenient: f) else {
                    throw Problem("entry.cancer_forms: unknown cancer form '\(f)' (one of: \(CancerForm.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                forms.append(form)
            }
            cancerForms = forms
            switch entry.kind {
            case .population:
                guard let d = entry.date else { throw Problem("entry.date: a population entry needs the date the persons are resident") }
                entryDescription = "personer bosatt i Norge \(d)"
                icd10 = []
            case .cancerDiagnosis:
                guard let p = entry.period else { throw Problem("entry.period: a cancer_diagnosis entry needs the diagnosis period") }
                let codes = entry.icd10 ?? forms.flatMap(CancerFormICD10.prefixes)
                guard !codes.isEmpty else { throw Problem("entry: a cancer_diagnosis entry needs cancer_forms or icd10") }
                icd10 = codes
                let what = forms.isEmpty ? "kreft" : forms.map { $0.displayName.lowercased() }.joined(separator: " eller ")
                entryDescription = "personer med første diagnose av \(what) (ICD-10 \(codes.joined(separator: ", "))) fra \(p.from) til \(p.to)"
                    + (entry.date.map { ", bosatt i Norge \($0)" } ?? "")
            }
            var planned: [PlannedRule] = []
            for (i, rule) in cohort.rules.enumerated() {
                let field = "rules[\(i)]"
                let v: CatalogueVariable
                do { v = try catalogue.variable(named: rule.variable) } catch { throw Problem("\(field).variable: \(error)") }
                try checkDate(rule.date, field + ".date")
                try checkPeriod(rule.window, field + ".window")
                let needsValues: Int
                switch rule.operator {
                case .missing, .notMissing: needsValues = 0
                case .between: needsValues = 2
                case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: needsValues = 1
                case .isIn, .notIn: needsValues = -1
                }
                if needsValues >= 0 && rule.values.count != needsValues || needsValues < 0 && rule.values.isEmpty {
                    throw Problem("\(field).values: '\(rule.operator.rawValue)' needs \(needsValues < 0 ? "one or more values" : "\(needsValues) value(s)")")
                }
                var date: String?
                switch v.temporality {
                case .fixed: date = nil
                case .status, .accumulated: date = rule.date ?? rule.window?.to ?? entry.date ?? entry.period?.from
                case .event:
                    if rule.window == nil && rule.date == nil && entry.period == nil && entry.date == nil {
                        throw Problem("\(field).window: \(v.name) is an EVENT variable; give the window the events must fall in")
                    }
                    date = nil
                }
                if (v.temporality == .status || v.temporality == .accumulated) && date == nil {
                    throw Problem("\(field).date: \(v.name) is \(v.temporality.rawValue); give the date it is measured on")
                }
                planned.append(PlannedRule(rule: rule, variable: v, date: date, description: Self.describe(rule, v, date: date)))
            }
            rules = planned
            var vars: [PlannedVariable] = []
            for (i, r) in cohort.variables.enumerated() {
                let field = "variables[\(i)]"
                let v: CatalogueVariable
                do { v = try catalogue.variable(named: r.name) } catch { throw Problem("\(field).name: \(error)") }
                try checkDate(r.date, field + ".date")
                try checkPeriod(r.period, field + ".period")
                switch v.temporality {
                case .status, .accumulated:
                    if r.date == nil && r.period == nil { throw Problem("\(field): \(v.name) is \(v.temporality.rawValue); give a date or a period") }
                case .event:
                    if r.period == nil && r.date == nil { throw Problem("\(field): \(v.name) is an EVENT variable; give a period") }
                case .fixed: break
                }
                vars.append(PlannedVariable(requested: r, variable: v))
            }
            variables = vars
            var stores: [String] = []
            func add(_ d: String) { if !stores.contains(d) { stores.append(d) } }
            add("no.ssb.fdb")
            if entry.kind == .cancerDiagnosis { add("no.fhi.krg") }
            for r in planned { add(r.variable.datastore) }
            for v in vars { add(v.variable.datastore) }
            datastores = stores
        }

        static func describe(_ rule: ApplicationCohort.Rule, _ v: CatalogueVariable, date: String?) -> String {
            let values = rule.values.map(\.description)
            let condition: String
            switch rule.operator {
            case .equal, .isIn: condition = values.count == 1 ? "er \(values[0])" : "er en av \(values.joined(separator: ", "))"
            case .notEqual, .notIn: condition = values.count == 1 ? "er ikke \(values[0])" : "er ingen av \(values.joined(separator: ", "))"
            case .less: condition = "< \(values[0])"
            case .lessOrEqual: condition = "≤ \(values[0])"
            case .greater: condition = "> \(values[0])"
            case .greaterOrEqual: condition = "≥ \(values[0])"
            case .between: condition = "mellom \(values[0]) og \(values[1])"
            case .missing: condition = "mangler"
            case .notMissing: condition = "har verdi"
            }
            var text = "\(v.label) (\(v.name)) \(condition)"
            if let date { text += " per \(date)" }
            if v.temporality == .event, let w = rule.window { text += ", hendelse fra \(w.from) til \(w.to)" }
            if !rule.enabled { text += " [slått av]" }
            return text
        }

        // MARK: Script

        static func alias(_ datastore: String) -> String {
            switch datastore {
            case "no.ssb.fdb": "ssb"
            case "no.fhi.krg": "krg"
            case "no.fhi.npr": "npr"
            case "no.fhi.kpr": "kpr"
            default: String(datastore.split(separator: ".").last ?? "db")
            }
        }

        static func dateCall(_ iso: String) -> String {
            guard let d = Day(iso: iso) else { return iso }
            let c = d.components
            return "date(\(c.year), \(c.month), \(c.day))"
        }

        static func literal(_ value: ApplicationCohort.Value, _ v: CatalogueVariable) -> String {
            switch (v.dataType, value) {
            case (.string, _): return "'" + value.description.replacingOccurrences(of: "'", with: "") + "'"
            case (.date, .string(let s)): return dateCall(s)
            case (_, .number(let d)): return TableExport.number(d)
            case (_, .string(let s)): return Double(s) != nil ? s : "'" + s.replacingOccurrences(of: "'", with: "") + "'"
            }
        }

        static func condition(_ rule: ApplicationCohort.Rule, _ v: CatalogueVariable, name x: String) -> String {
            let lits = rule.values.map { literal($0, v) }
            switch rule.operator {
            case .equal, .isIn: return lits.count == 1 ? "\(x) == \(lits[0])" : "(" + lits.map { "\(x) == \($0)" }.joined(separator: " | ") + ")"
            case .notEqual, .notIn: return lits.count == 1 ? "\(x) != \(lits[0])" : "!(" + lits.map { "\(x) == \($0)" }.joined(separator: " | ") + ")"
            case .less: return "\(x) < \(lits[0])"
            case .lessOrEqual: return "\(x) <= \(lits[0])"
            case .greater: return "\(x) > \(lits[0])"
            case .greaterOrEqual: return "\(x) >= \(lits[0])"
            case .between: return "inrange(\(x), \(lits[0]), \(lits[1]))"
            case .missing: return "sysmiss(\(x))"
            case .notMissing: return "!sysmiss(\(x))"
            }
        }

        /// A rule on a cancer-case variable in a cancer entry: applied to the cases before the
        /// first diagnosis is picked (so "stage IV" means a stage-IV first case in the period).
        func isCaseRule(_ r: PlannedRule) -> Bool {
            cohort.entry.kind == .cancerDiagnosis && r.variable.unitType == "KRG_KREFTTILFELLE"
        }

        func caseRules() -> String {
            var s = ""
            for (i, r) in rules.enumerated() where isCaseRule(r) {
                let x = "regel\(i + 1)"
                let prefix = r.rule.enabled ? "" : "// (slått av) "
                s += "// Regel \(i + 1): \(r.description)\n"
                s += prefix + "import krg/\(r.variable.name)\(r.date.map { " " + $0 } ?? "") as \(x)\n"
                s += prefix + "keep if \(Self.condition(r.rule, r.variable, name: x))\n"
            }
            return s
        }

        /// The cohort as a script of the command language: the population in dataset `kohort`.
        func script() -> String {
            var s = "// \(cohort.name ?? "Kohort"): generert av kohort application\n"
            // Only the datastores the population needs are required (so the script runs where
            // the requested variables' datastores are absent); the others are noted.
            var needed: Set<String> = ["no.ssb.fdb"]
            if cohort.entry.kind == .cancerDiagnosis { needed.insert("no.fhi.krg") }
            for r in rules where r.rule.enabled { needed.insert(r.variable.datastore) }
            for d in datastores {
                let version = cohort.datastoreVersions?[d].map { ":\($0)" } ?? ""
                s += (needed.contains(d) ? "" : "// ") + "require \(d)\(version) as \(Self.alias(d))\n"
            }
            s += "\n// Populasjon: \(entryDescription)\ncreate-dataset kohort\n"
            let entry = cohort.entry
            switch entry.kind {
            case .population:
                s += "import ssb/BEFOLKNING_STATUSKODE \(entry.date ?? "") as regstat\nkeep if regstat == '1'\n"
            case .cancerDiagnosis:
                if let d = entry.date {
                    s += "import ssb/BEFOLKNING_STATUSKODE \(d) as regstat\nkeep if regstat == '1'\n"
                } else {
                    s += "import ssb/BEFOLKNING_KJOENN as kjønn\n"
                }
                let p = entry.period!
                let icd = "(" + icd10.map { "startswith(icd, '\($0)')" }.joined(separator: " | ") + ")"
                s += """
                create-dataset tilfeller
                import krg/KRG_KJERNE_PERSONID as personid
                import krg/KRG_KJERNE_ICD10 as icd
                import krg/KRG_KJERNE_DIAGNOSEDATO as diagdato
                keep if \(icd) & inrange(diagdato, \(Self.dateCall(p.from)), \(Self.dateCall(p.to)))
                \(caseRules())collapse (min) diagdato -> diagnosedato, by(personid)
                merge diagnosedato into kohort
                use kohort
                keep if !sysmiss(diagnosedato)

                """
            }
            for (i, r) in rules.enumerated() where !isCaseRule(r) {
                let x = "regel\(i + 1)"
                let prefix = r.rule.enabled ? "" : "// (slått av) "
                let store = Self.alias(r.variable.datastore)
                s += "\n// Regel \(i + 1): \(r.description)\n"
                guard r.variable.unitType == "PERSON" else {
                    s += "// \(r.variable.name) gjelder enheten \(r.variable.unitType), ikke personer: regelen må kobles via enhetens personnøkkel og er ikke med i skriptet\n"
                    continue
                }
                switch r.variable.temporality {
                case .fixed:
                    s += prefix + "import \(store)/\(r.variable.name) as \(x)\n"
                    s += prefix + "keep if \(Self.condition(r.rule, r.variable, name: x))\n"
                case .status, .accumulated:
                    s += prefix + "import \(store)/\(r.variable.name) \(r.date ?? "") as \(x)\n"
                    s += prefix + "keep if \(Self.condition(r.rule, r.variable, name: x))\n"
                case .event:
                    let w = r.rule.window ?? r.rule.date.map { ApplicationCohort.Period(from: $0, to: $0) }
                        ?? entry.period ?? ApplicationCohort.Period(from: entry.date!, to: entry.date!)
                    s += prefix + "create-dataset hendelser\(i + 1)\n"
                    s += prefix + "import-event \(store)/\(r.variable.name) \(w.from) to \(w.to) as \(x)\n"
                    s += prefix + "keep if \(Self.condition(r.rule, r.variable, name: x))\n"
                    s += prefix + "collapse (count) \(x) -> antall\(i + 1), by(PERSONID_1)\n"
                    s += prefix + "merge antall\(i + 1) into kohort\n"
                    s += prefix + "use kohort\n"
                    s += prefix + "keep if antall\(i + 1) >= 1\n"
                }
            }
            if !variables.isEmpty {
                s += "\n// Variabler det søkes om\n"
                for (i, v) in variables.enumerated() {
                    let store = Self.alias(v.variable.datastore)
                    let name = "v\(i + 1)_" + v.variable.technicalName.filter { $0.isLetter || $0.isNumber }
                    switch v.variable.temporality {
                    case .fixed:
                        s += "// import \(store)/\(v.variable.name) as \(name)\n"
                    case .status, .accumulated:
                        s += "// import \(store)/\(v.variable.name) \(v.requested.date ?? v.requested.period?.to ?? "") as \(name)\n"
                    case .event:
                        let p = v.requested.period ?? ApplicationCohort.Period(from: v.requested.date ?? "", to: v.requested.date ?? "")
                        s += "// import-event \(store)/\(v.variable.name) \(p.from) to \(p.to) as \(name)\n"
                    }
                }
            }
            return s
        }
    }
}
