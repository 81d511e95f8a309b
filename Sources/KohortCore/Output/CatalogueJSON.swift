import Foundation

/// The JSON shapes of `kohort search|describe|catalogue --json` (docs/json-output.md).
/// Field names are snake_case and stable: scripts depend on them.
public enum CatalogueJSON {
    public struct Code: Encodable {
        let code: String
        let label: String
        let valid_from: String?
        let valid_to: String?
        let missing: Bool
    }

    public struct Variable: Encodable {
        let name: String
        let label: String
        let description: String
        let register: String
        let datastore: String
        let product: String
        let temporality: String
        let unit_type: String
        let data_type: String
        let valid_from: String?
        let valid_to: String?
        let technical_name: String
        let releasable: Bool
        let cancer_forms: [String]
        let categories: [String]
        let availability: String
        let code_list: String?
        let unit: String?
        let range: String?
        let codes: [Code]?
        let score: Double?
    }

    public static func variable(_ v: CatalogueVariable, catalogue: Catalogue, includeCodes: Bool, score: Double? = nil) -> Variable {
        var unit: String?, range: String?
        if case .described(let u, let r) = v.valueDomain { unit = u; range = r?.description }
        let codes = includeCodes ? catalogue.codeList(for: v)?.entries.map {
            Code(code: $0.code, label: $0.label, valid_from: $0.validFrom?.iso, valid_to: $0.validTo?.iso, missing: $0.isMissing)
        } : nil
        return Variable(name: v.name, label: v.label, description: v.description, register: v.register,
                        datastore: v.datastore, product: v.product, temporality: v.temporality.rawValue,
                        unit_type: v.unitType, data_type: v.dataType.rawValue, valid_from: v.validFrom?.iso,
                        valid_to: v.validTo?.iso, technical_name: v.technicalName, releasable: v.releasable,
                        cancer_forms: v.cancerForms.map(\.rawValue), categories: v.categories,
                        availability: v.availability.rawValue, code_list: v.codeListName, unit: unit, range: range,
                        codes: codes, score: score)
    }

    public struct SearchAnswer: Encodable {
        let query: String
        let found: Int
        let facets: Facets
        let variables: [Variable]
    }

    public struct Facets: Encodable {
        let registers: [String: Int]
        let products: [String: Int]
    }

    public static func search(_ query: SearchQuery, result: SearchResult, catalogue: Catalogue) -> SearchAnswer {
        SearchAnswer(query: query.text, found: result.hits.count,
                     facets: Facets(registers: result.registerCounts, products: result.productCounts),
                     variables: result.hits.map { variable(catalogue.variables[$0.index], catalogue: catalogue, includeCodes: false, score: $0.score) })
    }

    public struct Product: Encodable { let name: String; let variables: Int }
    public struct RegisterEntry: Encodable {
        let register: String
        let datastore: String
        let description: String
        let variables: Int
        let products: [Product]
    }
    public struct Overview: Encodable {
        let registers: [RegisterEntry]
        let total_variables: Int
        let code_lists: Int
    }

    public static func overview(_ catalogue: Catalogue) -> Overview {
        let entries = catalogue.productTree().map { tree in
            RegisterEntry(register: tree.register.name, datastore: tree.register.datastore,
                          description: tree.register.description, variables: tree.total,
                          products: tree.products.map { Product(name: $0.name, variables: $0.count) })
        }
        return Overview(registers: entries, total_variables: catalogue.variables.count, code_lists: catalogue.codeLists.count)
    }

    /// Encodes with sorted keys so output is stable across runs and diffs cleanly.
    public static func encode(_ value: some Encodable, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
