import Foundation

/// Extends the catalogue with the variables of imported datastores, so that data a provider
/// delivered in microdata-tools format is searchable and described like the built-in registers.
///
/// Names, descriptions, code lists and units come from each variable's delivered
/// `metadata.json`. The catalogue fields that microdata-tools has no place for (register, data
/// product, cancer forms, categories, releasable, technical name) come from an optional
/// sidecar, `catalogue.json`, in the datastore directory:
///
/// ```json
/// { "register": "Eksempelregisteret", "product": "Eksempeldata",
///   "variables": { "BEFOLKNING_KJOENN": { "technical_name": "kjonn", "categories": ["Befolkning"],
///                                         "releasable": true, "cancer_forms": [], "product": "…" } } }
/// ```
/// Without it: the register is the datastore's name, the product "Importerte data", the
/// technical name the variable name, releasable yes.
extension Catalogue {
    public func extended(with datastores: DatastoreSet) throws -> Catalogue {
        var registers = self.registers
        var variables = self.variables
        var codeLists = self.codeLists
        let known = Set(variables.map { "\($0.datastore)/\($0.name)" })
        for store in datastores.stores {
            let sidecar = ImportedSidecar.load(store.directory.appendingPathComponent("catalogue.json"))
            let registerName = sidecar.register ?? store.name
            if !registers.contains(where: { $0.datastore == store.name }) {
                registers.append(Register(datastore: store.name, name: registerName,
                                          description: "Importert datalager \(store.name) (versjon \(store.versionNumbers.map(String.init).joined(separator: ", ")))."))
            }
            guard let latest = try? store.resolve() else { continue }
            for name in latest.variableNames where !known.contains("\(store.name)/\(name)") {
                guard let stored = try? latest.variable(name, verification: .header),
                      let data = stored.sourceMetadata(),
                      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                let fields = sidecar.variables[name] ?? [:]
                let parsed = ImportedMetadata(json: json)
                var domain = ValueDomain.described(unit: parsed.unit, range: nil)
                if !parsed.codes.isEmpty {
                    let listName = "\(store.name)/\(name)"
                    codeLists[listName] = CodeList(name: listName, title: parsed.label, source: "\(store.name) metadata.json", entries: parsed.codes)
                    domain = .codeList(name: listName)
                }
                variables.append(CatalogueVariable(
                    name: name, datastore: store.name, register: registerName,
                    product: fields["product"] as? String ?? sidecar.product ?? "Importerte data",
                    label: parsed.label.isEmpty ? name : parsed.label, description: parsed.description,
                    temporality: Temporality(rawValue: json["temporalityType"] as? String ?? "") ?? .fixed,
                    unitType: parsed.unitType, dataType: DataType(rawValue: parsed.dataType) ?? .string,
                    valueDomain: domain, validFrom: parsed.codes.compactMap(\.validFrom).min(), validTo: nil,
                    technicalName: fields["technical_name"] as? String ?? name,
                    releasable: fields["releasable"] as? Bool ?? true,
                    cancerForms: (fields["cancer_forms"] as? [String] ?? []).compactMap(CancerForm.init(lenient:)),
                    categories: fields["categories"] as? [String] ?? [], availability: .available))
            }
        }
        return Catalogue(registers: registers, variables: variables, codeLists: codeLists)
    }
}

/// The optional `catalogue.json` beside a datastore's manifest.
struct ImportedSidecar {
    var register: String?
    var product: String?
    var variables: [String: [String: Any]] = [:]

    static func load(_ url: URL) -> ImportedSidecar {
        guard let data = FileManager.default.contents(atPath: url.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ImportedSidecar() }
        return ImportedSidecar(register: json["register"] as? String, product: json["product"] as? String,
                               variables: json["variables"] as? [String: [String: Any]] ?? [:])
    }
}

/// The parts of a delivered (already validated) metadata.json the catalogue shows.
struct ImportedMetadata {
    var label = ""
    var description = ""
    var unitType = "PERSON"
    var dataType = "STRING"
    var unit: String?
    var codes: [CodeEntry] = []

    init(json: [String: Any]) {
        if let ids = json["identifierVariables"] as? [[String: Any]], let unit = ids.first?["unitType"] as? String { unitType = unit }
        guard let measure = (json["measureVariables"] as? [[String: Any]])?.first else { return }
        label = Self.text(measure["name"])
        description = Self.text(measure["description"])
        dataType = measure["dataType"] as? String ?? dataType
        guard let domain = measure["valueDomain"] as? [String: Any] else { return }
        if let u = domain["measurementUnitDescription"] { unit = Self.text(u) }
        for item in (domain["codeList"] as? [[String: Any]]) ?? [] {
            let code = "\(item["code"] ?? "")"
            codes.append(CodeEntry(code: code, label: Self.text(item["categoryTitle"]),
                                   validFrom: (item["validFrom"] as? String).flatMap { Day(iso: $0) },
                                   validTo: (item["validUntil"] as? String).flatMap { Day(iso: $0) }, isMissing: false))
        }
        for item in (domain["sentinelAndMissingValues"] as? [[String: Any]]) ?? [] {
            codes.append(CodeEntry(code: "\(item["code"] ?? "")", label: Self.text(item["categoryTitle"]),
                                   validFrom: nil, validTo: nil, isMissing: true))
        }
    }

    /// Picks Norwegian (no, nb, nn) text from a multilingual list, else the first.
    static func text(_ value: Any?) -> String {
        guard let list = value as? [[String: Any]] else { return value as? String ?? "" }
        for lang in ["no", "nb", "nn", "en"] {
            if let hit = list.first(where: { $0["languageCode"] as? String == lang })?["value"] as? String { return hit }
        }
        return list.first?["value"] as? String ?? ""
    }
}
