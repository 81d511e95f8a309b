import KohortCore

/// The Variables pane: a search box, filters, the result table and a detail view.
public struct VariablesState: Sendable {
    public enum Focus: Sendable, Equatable { case list, search, detail, filters }

    public var focus: Focus = .list
    public var query = SearchQuery()
    /// Cursor position in `query.text`, in characters.
    public var cursor = 0
    public private(set) var result: SearchResult
    public var selection = 0
    public var scrollTop = 0
    public var detailScroll = 0
    public var filters = FilterPanelState()

    init(context: AppContext) {
        result = context.index.search(SearchQuery())
    }

    /// Re-runs the query (under a millisecond) and keeps the selection in range.
    mutating func refresh(_ context: AppContext) {
        result = context.index.search(query)
        selection = min(selection, max(0, result.hits.count - 1))
        if selection < scrollTop { scrollTop = selection }
    }

    public func selectedVariable(_ context: AppContext) -> CatalogueVariable? {
        guard result.hits.indices.contains(selection) else { return nil }
        return context.catalogue.variables[result.hits[selection].index]
    }
}

/// The filter panel: one flat list of rows (registers, their products, cancer forms,
/// categories, releasable, valid-on) that the cursor walks; Space toggles the row.
public struct FilterPanelState: Sendable, Equatable {
    public enum Row: Equatable, Sendable {
        case register(datastore: String, name: String)
        case product(name: String)
        case cancerForm(CancerForm)
        case category(String)
        case releasable
        case validOn
    }

    public var cursor = 0
    public var scrollTop = 0
    public var expanded: Set<String> = []
    /// While editing the valid-on date, the text typed so far.
    public var editingDate: String?
    public var dateError: String?

    public init() {}

    /// The rows as shown: products appear under an expanded register.
    public func rows(_ context: AppContext) -> [Row] {
        var rows: [Row] = []
        for tree in context.catalogue.productTree() {
            rows.append(.register(datastore: tree.register.datastore, name: tree.register.name))
            if expanded.contains(tree.register.datastore) { rows += tree.products.map { .product(name: $0.name) } }
        }
        rows += CancerForm.allCases.map { .cancerForm($0) }
        rows += FilterPanelState.categories(context).map { .category($0) }
        rows += [.releasable, .validOn]
        return rows
    }

    static func categories(_ context: AppContext) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for v in context.catalogue.variables { for c in v.categories where seen.insert(c).inserted { out.append(c) } }
        return out.sorted { SearchText.collationKey($0) < SearchText.collationKey($1) }
    }
}
