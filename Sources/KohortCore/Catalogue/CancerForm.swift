/// The cancer forms of the browser's «Kreftform» filter, one per quality register, as on the
/// seed's slides. The raw value is the slug used in assets and on the command line.
public enum CancerForm: String, Sendable, CaseIterable, Codable {
    case prostata
    case tykkOgEndetarm = "tykk-og-endetarm"
    case lunge
    case bryst
    case lymfoide
    case eggstokk
    case livmorhals
    case melanom
    case sarkom
    case barnekreft
    case pankreas
    case hjerneRyggmarg = "hjerne-ryggmarg"

    /// The label the browser shows (Norwegian catalogue content).
    public var displayName: String {
        switch self {
        case .prostata: "Prostatakreft"
        case .tykkOgEndetarm: "Tykk- og endetarmskreft"
        case .lunge: "Lungekreft"
        case .bryst: "Brystkreft"
        case .lymfoide: "Lymfoide maligniteter"
        case .eggstokk: "Eggstokk"
        case .livmorhals: "Livmorhalskreft"
        case .melanom: "Melanom"
        case .sarkom: "Sarkomer"
        case .barnekreft: "Barnekreft"
        case .pankreas: "Pankreaskreft"
        case .hjerneRyggmarg: "Hjerne- og ryggmargssvulster"
        }
    }

    /// Accepts the slug or the display name, ignoring case and Norwegian spelling variants,
    /// so `--cancer-form lunge` and `--cancer-form Lungekreft` both work.
    public init?(lenient text: String) {
        let key = SearchText.fold(text)
        for form in CancerForm.allCases where SearchText.fold(form.rawValue) == key || SearchText.fold(form.displayName) == key {
            self = form
            return
        }
        return nil
    }
}
