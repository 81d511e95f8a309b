/// The vocabulary of SSB's microdata metadata model (microdata-tools), shared by the
/// validator, the importer and the stored variable's meta file.
///
/// `Temporality` and `DataType` are the catalogue's own enums, re-exported here so the
/// importer's code reads in microdata-tools' terms.
public enum Microdata {
    /// The catalogue's temporality: one vocabulary for the catalogue, the validator and the
    /// store, so a delivery's metadata and a catalogue entry can never disagree on spelling.
    public typealias Temporality = KohortCore.Temporality

    /// The catalogue's data type (see `DataType.valueElementType` for its column on disk).
    public typealias DataType = KohortCore.DataType

    public enum SensitivityLevel: String, Codable, Sendable, CaseIterable {
        case personGeneral = "PERSON_GENERAL"
        case personSpecial = "PERSON_SPECIAL"
        case publicData = "PUBLIC"
        case nonPublic = "NONPUBLIC"
    }

    /// Language codes microdata-tools accepts in multilingual strings.
    public static let languageCodes: Set<String> = ["no", "nb", "nn", "en"]

    /// Unit types microdata-tools knows: its `UnitType` enum plus the unit types it ships
    /// identifier definitions for (components/unit_type_variables). A delivery naming any
    /// other unit type is rejected, as microdata-tools rejects it.
    public static let unitTypes: Set<String> = [
        "JOBB", "KJORETOY", "FAMILIE", "FORETAK", "HUSHOLDNING", "KOMMUNE", "KURS", "PERSON",
        "VIRKSOMHET", "BK_HELSESTASJONSKONSULTASJON", "NPR_EPISODE", "HKDIR_STUDIESOKNAD",
        "SOSTIL", "TRAFIKKULYKKE", "TRAFIKKULYKKE_PERSON", "MALEPUNKT", "KRG_KREFTTILFELLE",
        "BEDRIFT", "BRUKSENHET", "HKDIR_HYU_OPPMELDING", "NPR_PROSEDYRE", "NPR_SYKEHUSOPPHOLD",
        "SOESKEN", "FENGSLINGER_TILGANG", "KRIMINALITET_FENGSLINGER_TILGANG",
    ]
}

extension DataType {
    /// LONG → Int64, DOUBLE → Float64, DATE → Int32 days, STRING → Int32 dictionary codes.
    public var valueElementType: ColumnElementType {
        switch self {
        case .long: return .int64
        case .double: return .float64
        case .date, .string: return .int32
        }
    }
}
