/// How a variable's values relate to time (SSB's microdata metadata model). It decides how
/// `import` reads the variable: FIXED needs no date, STATUS and ACCUMULATED a date, EVENT a window.
public enum Temporality: String, Sendable, CaseIterable, Codable {
    case fixed = "FIXED"
    case status = "STATUS"
    case accumulated = "ACCUMULATED"
    case event = "EVENT"
}

/// The measure's data type in the microdata metadata model, in microdata-tools' order (the
/// validator's messages list the cases in this order).
public enum DataType: String, Sendable, CaseIterable, Codable {
    case string = "STRING"
    case long = "LONG"
    case double = "DOUBLE"
    case date = "DATE"
}

/// Whether a variable can be analysed today or is announced for later (KPR at launch).
public enum Availability: String, Sendable, Codable {
    case available
    case planned
}

/// What values a variable may take: a code list with validity periods, or a described domain
/// with a measurement unit and a plausible range.
public enum ValueDomain: Sendable, Equatable {
    case codeList(name: String)
    case described(unit: String?, range: ClosedRangeBounds?)
}

/// A range whose ends may be open (`0..` for non-negative amounts).
public struct ClosedRangeBounds: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double?, upper: Double?) { self.lower = lower; self.upper = upper }

    public var description: String {
        func text(_ v: Double?) -> String {
            guard let v else { return "" }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        }
        return "\(text(lower))..\(text(upper))"
    }
}

/// One variable of the catalogue: SSB's metadata (temporality, unit type, data type, value
/// domain) plus the browser's fields (register, data product, cancer forms, categories,
/// releasable, validity, technical name, availability).
public struct CatalogueVariable: Sendable, Identifiable {
    public var id: String { name }
    public let name: String
    public let datastore: String
    public let register: String
    public let product: String
    public let label: String
    public let description: String
    public let temporality: Temporality
    public let unitType: String
    public let dataType: DataType
    public let valueDomain: ValueDomain
    public let validFrom: Day?
    public let validTo: Day?
    public let technicalName: String
    public let releasable: Bool
    public let cancerForms: [CancerForm]
    public let categories: [String]
    public let availability: Availability

    public init(name: String, datastore: String, register: String, product: String, label: String,
                description: String, temporality: Temporality, unitType: String, dataType: DataType,
                valueDomain: ValueDomain, validFrom: Day?, validTo: Day?, technicalName: String,
                releasable: Bool, cancerForms: [CancerForm], categories: [String], availability: Availability) {
        self.name = name; self.datastore = datastore; self.register = register; self.product = product
        self.label = label; self.description = description; self.temporality = temporality
        self.unitType = unitType; self.dataType = dataType; self.valueDomain = valueDomain
        self.validFrom = validFrom; self.validTo = validTo; self.technicalName = technicalName
        self.releasable = releasable; self.cancerForms = cancerForms; self.categories = categories
        self.availability = availability
    }

    /// True when the variable has data on `day` (open ends count as valid).
    public func isValid(on day: Day) -> Bool {
        if let validFrom, day < validFrom { return false }
        if let validTo, day > validTo { return false }
        return true
    }

    public var codeListName: String? {
        if case .codeList(let name) = valueDomain { return name }
        return nil
    }
}
