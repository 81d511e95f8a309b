/// One code of a code list, valid in a period. A code may appear again with another label in a
/// disjoint period (a municipality renamed), which is why validity lives on the entry.
public struct CodeEntry: Sendable, Equatable {
    public let code: String
    public let label: String
    public let validFrom: Day?
    public let validTo: Day?
    /// A sentinel or missing-value code (microdata-tools' `sentinelAndMissingValues`).
    public let isMissing: Bool

    public init(code: String, label: String, validFrom: Day?, validTo: Day?, isMissing: Bool) {
        self.code = code; self.label = label; self.validFrom = validFrom; self.validTo = validTo
        self.isMissing = isMissing
    }

    public func isValid(on day: Day) -> Bool {
        if let validFrom, day < validFrom { return false }
        if let validTo, day > validTo { return false }
        return true
    }
}

/// A named classification (kjønn, kommune, ICD-10, …) with its history of codes.
public struct CodeList: Sendable {
    public let name: String
    public let title: String
    public let source: String
    public let entries: [CodeEntry]

    public init(name: String, title: String, source: String, entries: [CodeEntry]) {
        self.name = name; self.title = title; self.source = source; self.entries = entries
    }

    /// The codes in force on a date: what a generator may draw and a validator accept then.
    public func entries(validOn day: Day) -> [CodeEntry] {
        entries.filter { $0.isValid(on: day) }
    }

    /// The label of a code on a date, or its most recent label when no date is given.
    public func label(of code: String, on day: Day? = nil) -> String? {
        let matches = entries.filter { $0.code == code }
        if let day, let hit = matches.first(where: { $0.isValid(on: day) }) { return hit.label }
        return matches.last?.label
    }
}
