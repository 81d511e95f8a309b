import Foundation
import KohortCore

/// `kohort search`: the Variables pane's query from the command line.
enum SearchCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json", "--releasable"],
                                    values: ["--register", "--product", "--cancer-form", "--category", "--valid-on", "--limit", "--datastore"])
        var query = SearchQuery(text: list.positionals.joined(separator: " "))
        query.registers = Set(list.all("--register"))
        query.products = Set(list.all("--product"))
        query.categories = Set(list.all("--category"))
        query.releasableOnly = list.has("--releasable")
        for text in list.all("--cancer-form") {
            guard let form = CancerForm(lenient: text) else {
                throw ArgumentList.UsageError(message: "unknown cancer form '\(text)' (one of: \(CancerForm.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            query.cancerForms.insert(form)
        }
        if let text = list.value("--valid-on") {
            guard let day = Day(iso: text) else { throw ArgumentList.UsageError(message: "--valid-on needs a date YYYY-MM-DD, not '\(text)'") }
            query.validOn = day
        }
        var limit: Int? = 50
        if let text = list.value("--limit") {
            guard let n = Int(text), n >= 0 else { throw ArgumentList.UsageError(message: "--limit needs a whole number ≥ 0") }
            limit = n == 0 ? nil : n
        }
        let catalogue = try DatastoreOptions.catalogue(datastores: list.all("--datastore"))
        let index = SearchIndex(catalogue: catalogue)
        let result = index.search(query)
        if list.has("--json") {
            printOut(CatalogueJSON.encode(CatalogueJSON.search(query, result: result, catalogue: catalogue)) + "\n")
        } else {
            printOut(CatalogueText.searchTable(result, catalogue: catalogue, limit: limit))
        }
        return 0
    }
}

/// `kohort catalogue`: the register → data product tree with counts.
enum CatalogueCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json"], values: ["--datastore"])
        guard list.positionals.isEmpty else { throw ArgumentList.UsageError(message: "catalogue takes no arguments") }
        let catalogue = try DatastoreOptions.catalogue(datastores: list.all("--datastore"))
        printOut(list.has("--json") ? CatalogueJSON.encode(CatalogueJSON.overview(catalogue)) + "\n" : CatalogueText.overview(catalogue))
        return 0
    }
}

/// `kohort describe NAME`: one variable with its code list.
enum DescribeCommand {
    static func run(_ args: [String]) throws -> Int32 {
        let list = try ArgumentList(args, flags: ["--json"], values: ["--datastore"])
        guard list.positionals.count == 1 else { throw ArgumentList.UsageError(message: "describe needs exactly one variable name") }
        let catalogue = try DatastoreOptions.catalogue(datastores: list.all("--datastore"))
        let variable = try catalogue.variable(named: list.positionals[0])
        printOut(list.has("--json")
                 ? CatalogueJSON.encode(CatalogueJSON.variable(variable, catalogue: catalogue, includeCodes: true)) + "\n"
                 : CatalogueText.describe(variable, catalogue: catalogue))
        return 0
    }
}
