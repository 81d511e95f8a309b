import Foundation

/// The cohort definition `kohort application` reads (docs/application.md): an entry
/// population, inclusion rules and the variables requested. Deliberately small; the Cohort
/// pane's own format (docs/cohort-format.md) is reconciled with this one by the integrator.
public struct ApplicationCohort: Sendable, Equatable, Decodable {
    public struct Period: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public init(from: String, to: String) { self.from = from; self.to = to }
    }

    public enum EntryKind: String, Sendable, Equatable, Codable {
        /// Residents (BEFOLKNING_STATUSKODE 1) on `date`.
        case population
        /// Persons with a first diagnosis of one of `cancer_forms` (or `icd10` prefixes) in `period`.
        case cancerDiagnosis = "cancer_diagnosis"
    }

    public struct Entry: Sendable, Equatable, Codable {
        public var kind: EntryKind
        public var date: String?
        public var period: Period?
        public var cancerForms: [String]?
        /// ICD-10 prefixes; overrides the prefixes implied by `cancer_forms`.
        public var icd10: [String]?

        enum CodingKeys: String, CodingKey { case kind, date, period, cancerForms = "cancer_forms", icd10 }

        public init(kind: EntryKind, date: String? = nil, period: Period? = nil, cancerForms: [String]? = nil, icd10: [String]? = nil) {
            self.kind = kind; self.date = date; self.period = period; self.cancerForms = cancerForms; self.icd10 = icd10
        }
    }

    /// A rule value: a code or date (string) or a number, as in JSON.
    public enum Value: Sendable, Equatable, Codable, CustomStringConvertible {
        case string(String)
        case number(Double)

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .string(try c.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .number(let d): try c.encode(d)
            }
        }

        public var description: String {
            switch self {
            case .string(let s): s
            case .number(let d): TableExport.number(d)
            }
        }

        var json: Any {
            switch self {
            case .string(let s): s
            case .number(let d): d == d.rounded() && abs(d) < 1e15 ? Int(d) as Any : d
            }
        }
    }

    public enum Operator: String, Sendable, Equatable, Codable, CaseIterable {
        case equal = "==", notEqual = "!=", isIn = "in", notIn = "not_in"
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case between, missing, notMissing = "not_missing"
    }

    public struct Rule: Sendable, Equatable, Codable {
        public var variable: String
        public var `operator`: Operator
        public var values: [Value]
        /// STATUS/ACCUMULATED: the value on `date` (default: the entry date); EVENT: any event in `window`.
        public var date: String?
        public var window: Period?
        public var enabled: Bool

        enum CodingKeys: String, CodingKey { case variable, `operator`, values, date, window, enabled }

        public init(variable: String, operator op: Operator, values: [Value] = [], date: String? = nil, window: Period? = nil, enabled: Bool = true) {
            self.variable = variable; self.operator = op; self.values = values; self.date = date; self.window = window; self.enabled = enabled
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            variable = try c.decode(String.self, forKey: .variable)
            self.operator = try c.decode(Operator.self, forKey: .operator)
            values = try c.decodeIfPresent([Value].self, forKey: .values) ?? []
            date = try c.decodeIfPresent(String.self, forKey: .date)
            window = try c.decodeIfPresent(Period.self, forKey: .window)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        }
    }

    public struct RequestedVariable: Sendable, Equatable, Codable {
        public var name: String
        public var date: String?
        public var period: Period?
        public init(name: String, date: String? = nil, period: Period? = nil) { self.name = name; self.date = date; self.period = period }
    }

    public var name: String?
    public var description: String?
    public var entry: Entry
    public var rules: [Rule]
    public var variables: [RequestedVariable]
    /// Datastore versions (`"no.ssb.fdb": 30`) to cite; default: the newest the data source has.
    public var datastoreVersions: [String: Int]?
    /// Free-text fields for the applicant (name, institution, project, …), copied as given.
    public var applicant: [String: String]?
    public var purpose: String?

    enum CodingKeys: String, CodingKey {
        case name, description, entry, rules, variables, applicant, purpose
        case datastoreVersions = "datastore_versions"
    }

    public init(name: String? = nil, description: String? = nil, entry: Entry, rules: [Rule] = [], variables: [RequestedVariable] = [],
                datastoreVersions: [String: Int]? = nil, applicant: [String: String]? = nil, purpose: String? = nil) {
        self.name = name; self.description = description; self.entry = entry; self.rules = rules; self.variables = variables
        self.datastoreVersions = datastoreVersions; self.applicant = applicant; self.purpose = purpose
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        entry = try c.decode(Entry.self, forKey: .entry)
        rules = try c.decodeIfPresent([Rule].self, forKey: .rules) ?? []
        variables = try c.decodeIfPresent([RequestedVariable].self, forKey: .variables) ?? []
        datastoreVersions = try c.decodeIfPresent([String: Int].self, forKey: .datastoreVersions)
        applicant = try c.decodeIfPresent([String: String].self, forKey: .applicant)
        purpose = try c.decodeIfPresent(String.self, forKey: .purpose)
    }

    public struct FormatError: Error, CustomStringConvertible, Equatable {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Decodes a cohort JSON file; errors name the field that is wrong.
    public static func decode(_ data: Data) throws -> ApplicationCohort {
        do {
            return try JSONDecoder().decode(ApplicationCohort.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw FormatError("cohort: missing '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw FormatError("cohort: wrong type at '\(path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw FormatError("cohort: invalid value at '\(path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw FormatError("cohort: null at '\(path(context.codingPath))'")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}

/// ICD-10 prefixes for the Kreftform filter's cancer forms (docs/application.md). Childhood
/// cancer is every malignancy (C00–C96) with an age rule the applicant adds.
public enum CancerFormICD10 {
    public static func prefixes(_ form: CancerForm) -> [String] {
        switch form {
        case .prostata: ["C61"]
        case .tykkOgEndetarm: ["C18", "C19", "C20"]
        case .lunge: ["C33", "C34"]
        case .bryst: ["C50"]
        case .lymfoide: (81...96).map { "C\($0)" }
        case .eggstokk: ["C56"]
        case .livmorhals: ["C53"]
        case .melanom: ["C43"]
        case .sarkom: ["C40", "C41", "C45", "C46", "C47", "C48", "C49"]
        case .barnekreft: ["C"]
        case .pankreas: ["C25"]
        case .hjerneRyggmarg: ["C70", "C71", "C72"]
        }
    }
}
