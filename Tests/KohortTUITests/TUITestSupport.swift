@testable import KohortCore
@testable import KohortTUI

/// A tiny catalogue and a driver that replays keys through `update` and renders with `view`,
/// the way the terminal does, but headless.
struct Harness {
    let context: AppContext
    var state: AppState
    var glyphs: Glyphs = .unicode

    init(width: Int = 80, height: Int = 24) {
        context = AppContext(catalogue: Harness.catalogue())
        state = AppState(context: context, width: width, height: height)
    }

    mutating func send(_ keys: Key...) { for key in keys { update(&state, .key(key), context) } }
    mutating func type(_ text: String) { for ch in text { update(&state, .key(.character(ch)), context) } }
    mutating func resize(_ width: Int, _ height: Int) { update(&state, .resize(width: width, height: height), context) }
    var frame: Frame { view(state, context, glyphs: glyphs) }
    var screen: String { frame.text }

    static func catalogue() -> Catalogue {
        let registers = [Register(datastore: "no.ssb.fdb", name: "SSB", description: ""),
                         Register(datastore: "no.fhi.krg", name: "Kreftregisteret", description: "")]
        func v(_ name: String, _ ds: String, _ product: String, _ label: String, _ tech: String, releasable: Bool = true,
               forms: [CancerForm] = [], from: String, codes: String? = nil) -> CatalogueVariable {
            CatalogueVariable(name: name, datastore: ds, register: ds == "no.ssb.fdb" ? "SSB" : "Kreftregisteret", product: product,
                              label: label, description: "Beskrivelse av \(label.lowercased()).", temporality: .fixed,
                              unitType: "PERSON", dataType: .string, valueDomain: codes.map { .codeList(name: $0) } ?? .described(unit: "antall", range: nil),
                              validFrom: Day(iso: from), validTo: nil, technicalName: tech, releasable: releasable,
                              cancerForms: forms, categories: ["Testkategori"], availability: .available)
        }
        let variables = [
            v("BEFOLKNING_KJOENN", "no.ssb.fdb", "Befolkning", "Kjønn", "kjonn", from: "1900-01-01", codes: "kjonn"),
            v("KRG_BRYST_ANT_LK_AD", "no.fhi.krg", "Nasjonalt kvalitetsregister for brystkreft", "Antall lymfeknuter ved aksillegisseksjon", "antLkAd", forms: [.bryst], from: "2009-01-01"),
            v("KRG_LUNGE_ALK_UTFORT", "no.fhi.krg", "Nasjonalt kvalitetsregister for lungekreft", "ALK utført", "alkUtfort", releasable: false, forms: [.lunge], from: "2013-01-01"),
        ]
        let kjonn = CodeList(name: "kjonn", title: "Kjønn", source: "", entries: [
            CodeEntry(code: "1", label: "Mann", validFrom: nil, validTo: nil, isMissing: false),
            CodeEntry(code: "2", label: "Kvinne", validFrom: nil, validTo: nil, isMissing: false)])
        return Catalogue(registers: registers, variables: variables, codeLists: ["kjonn": kjonn])
    }
}
