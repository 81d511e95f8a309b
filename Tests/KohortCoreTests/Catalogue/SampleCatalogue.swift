@testable import KohortCore

/// A small hand-made catalogue for unit tests that must not move when the real assets are
/// edited. The real assets have their own tests (CatalogueAssetTests).
enum SampleCatalogue {
    static func make() -> Catalogue {
        let registers = [
            Register(datastore: "no.ssb.fdb", name: "SSB", description: "SSB"),
            Register(datastore: "no.fhi.krg", name: "Kreftregisteret", description: "Kreftregisteret"),
        ]
        func v(_ name: String, _ ds: String, _ product: String, _ label: String, _ desc: String, tech: String,
               releasable: Bool = true, forms: [CancerForm] = [], from: String = "2000-01-01", to: String? = nil,
               codes: String? = nil, categories: [String] = []) -> CatalogueVariable {
            CatalogueVariable(name: name, datastore: ds, register: ds == "no.ssb.fdb" ? "SSB" : "Kreftregisteret",
                              product: product, label: label, description: desc, temporality: .fixed,
                              unitType: ds == "no.ssb.fdb" ? "PERSON" : "KRG_KREFTTILFELLE", dataType: codes == nil ? .long : .string,
                              valueDomain: codes.map { .codeList(name: $0) } ?? .described(unit: "antall", range: ClosedRangeBounds(lower: 0, upper: nil)),
                              validFrom: Day(iso: from), validTo: to.flatMap { Day(iso: $0) }, technicalName: tech,
                              releasable: releasable, cancerForms: forms, categories: categories, availability: .available)
        }
        let variables = [
            v("BEFOLKNING_KJOENN", "no.ssb.fdb", "Befolkning", "Kjønn", "Personens kjønn.", tech: "kjonn", codes: "kjonn", categories: ["Befolkning"]),
            v("BEFOLKNING_FOEDSELS_AAR_MND", "no.ssb.fdb", "Befolkning", "Fødselsår og -måned", "Personens fødselsår og måned.", tech: "fodselsaarMnd", categories: ["Befolkning"]),
            v("INNTEKT_WLONN", "no.ssb.fdb", "Inntekt og formue", "Lønnsinntekt", "Sum lønnsinntekt i året.", tech: "lonn", from: "1993-01-01", categories: ["Inntekt og formue"]),
            v("KRG_BRYST_ANT_LK_AD", "no.fhi.krg", "Nasjonalt kvalitetsregister for brystkreft", "Antall lymfeknuter ved aksillegisseksjon",
              "Angir hvor mange lymfeknuter som er kirurgisk fjernet ved aksillegisseksjon.", tech: "antLkAd", forms: [.bryst], from: "2009-01-01", categories: ["Kirurgi"]),
            v("KRG_BRYST_ABLATIO_MAMMAE", "no.fhi.krg", "Nasjonalt kvalitetsregister for brystkreft", "Ablatio mammae",
              "Angir om det er utført ablatio mammae.", tech: "ablatioMammae", forms: [.bryst], from: "2009-01-01", codes: "ja_nei", categories: ["Kirurgi"]),
            v("KRG_LUNGE_ALK_UTFORT", "no.fhi.krg", "Nasjonalt kvalitetsregister for lungekreft", "ALK utført",
              "Angir om det er gjort ALK-test.", tech: "alkUtfort", releasable: false, forms: [.lunge], from: "2013-01-01", codes: "ja_nei", categories: ["Patologi"]),
            v("KRG_KJERNE_DIAGNOSEDATO", "no.fhi.krg", "Krefttilfeller – diagnostikk og primærbehandling", "Diagnosedato",
              "Dato sykdommen ble bekreftet.", tech: "diagnosedato", from: "1953-01-01", to: "2024-12-31", categories: ["Datoer"]),
        ]
        let codeLists: [String: CodeList] = [
            "kjonn": CodeList(name: "kjonn", title: "Kjønn", source: "SSB", entries: [
                CodeEntry(code: "1", label: "Mann", validFrom: nil, validTo: nil, isMissing: false),
                CodeEntry(code: "2", label: "Kvinne", validFrom: nil, validTo: nil, isMissing: false),
            ]),
            "ja_nei": CodeList(name: "ja_nei", title: "Ja/nei", source: "test", entries: [
                CodeEntry(code: "0", label: "Nei", validFrom: nil, validTo: nil, isMissing: false),
                CodeEntry(code: "1", label: "Ja", validFrom: nil, validTo: nil, isMissing: false),
                CodeEntry(code: "9", label: "Ukjent", validFrom: Day(iso: "2015-01-01"), validTo: nil, isMissing: true),
            ]),
        ]
        return Catalogue(registers: registers, variables: variables, codeLists: codeLists)
    }
}
