/// A catalogue query: free text plus the browser's filters. Empty text lists every variable
/// that passes the filters, as the browser does before one types.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    /// Datastores or register names; empty means all.
    public var registers: Set<String>
    /// Data products (exact names); empty means all.
    public var products: Set<String>
    /// Any of these forms; empty means all.
    public var cancerForms: Set<CancerForm>
    /// Any of these categories; empty means all.
    public var categories: Set<String>
    public var releasableOnly: Bool
    public var validOn: Day?

    public init(text: String = "", registers: Set<String> = [], products: Set<String> = [],
                cancerForms: Set<CancerForm> = [], categories: Set<String> = [],
                releasableOnly: Bool = false, validOn: Day? = nil) {
        self.text = text; self.registers = registers; self.products = products
        self.cancerForms = cancerForms; self.categories = categories
        self.releasableOnly = releasableOnly; self.validOn = validOn
    }

    public var hasFilters: Bool {
        !registers.isEmpty || !products.isEmpty || !cancerForms.isEmpty || !categories.isEmpty || releasableOnly || validOn != nil
    }
}

/// One hit, with its rank score (higher is better).
public struct SearchHit: Sendable, Equatable {
    public let index: Int
    public let score: Double
}

/// The answer to a query: ranked hits and facet counts per register and data product.
/// Facets count the hits of the query with every filter applied except the register and
/// product filters themselves, so the tree shows where else the query would find variables.
public struct SearchResult: Sendable {
    public let hits: [SearchHit]
    public let registerCounts: [String: Int]
    public let productCounts: [String: Int]
}
