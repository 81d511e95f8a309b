import Foundation
@testable import KohortCore
@testable import KohortTUI
import TestSupport

/// A tiny catalogue and a driver that replays keys through `update` and renders with `view`,
/// the way the terminal does, but headless. Session jobs the state asks for run at once,
/// synchronously, against `session` (nil: they stay queued, as if the engine were slow).
struct Harness {
    let context: AppContext
    var state: AppState
    var glyphs: Glyphs = .unicode
    var session: SessionCore?
    /// Jobs not yet run (when `session` is nil or `hold` is set).
    var held: [SessionJob] = []
    var hold = false
    var directory: String = TestTemporary.root.path

    init(width: Int = 80, height: Int = 24, session: SessionCore? = nil, context: AppContext? = nil) {
        self.context = context ?? AppContext(catalogue: Harness.catalogue(), dataUnavailable: session?.unavailableReason)
        state = AppState(context: self.context, width: width, height: height)
        self.session = session
    }

    mutating func send(_ keys: Key...) { for key in keys { deliver(.key(key)) } }
    mutating func type(_ text: String) { for ch in text { deliver(.key(.character(ch))) } }
    mutating func resize(_ width: Int, _ height: Int) { deliver(.resize(width: width, height: height)) }
    mutating func deliver(_ event: Event) {
        update(&state, event, context)
        drain()
    }

    /// Carries out the effects like the terminal driver, but synchronously.
    mutating func drain() {
        while !state.effects.isEmpty {
            let effects = state.effects
            state.effects = []
            for effect in effects {
                switch effect {
                case .session(let job): held.append(job)
                case .cancel: held = []
                default: if let e = performFileEffect(effect, directory: directory) { update(&state, e, context) }
                }
            }
        }
        guard !hold, session != nil else { return }
        runHeld()
    }

    mutating func runHeld() {
        guard var core = session else { return }
        while !held.isEmpty {
            let job = held.removeFirst()
            let reply = SessionExecutor.perform(job, core: &core, store: nil)
            update(&state, .session(reply), context)
            session = core
            let effects = state.effects
            state.effects = []
            for effect in effects { if case .session(let j) = effect { held.append(j) } }
        }
        session = core
    }

    var frame: Frame { view(state, context, glyphs: glyphs) }
    var screen: String { frame.text }
    var lines: [String] { screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    static func catalogue() -> Catalogue {
        let registers = [Register(datastore: "no.ssb.fdb", name: "SSB", description: ""),
                         Register(datastore: "no.fhi.krg", name: "Kreftregisteret", description: "")]
        func v(_ name: String, _ ds: String, _ product: String, _ label: String, _ tech: String, releasable: Bool = true,
               forms: [CancerForm] = [], from: String, codes: String? = nil, temporality: Temporality = .fixed,
               type: DataType = .string) -> CatalogueVariable {
            CatalogueVariable(name: name, datastore: ds, register: ds == "no.ssb.fdb" ? "SSB" : "Kreftregisteret", product: product,
                              label: label, description: "Beskrivelse av \(label.lowercased()).", temporality: temporality,
                              unitType: "PERSON", dataType: type, valueDomain: codes.map { .codeList(name: $0) } ?? .described(unit: "antall", range: nil),
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
