/// The vocabulary of SSB's microdata metadata model (microdata-tools), shared by the
/// validator, the importer and the stored variable's meta file.
///
/// Namespaced under `Microdata` so these short names (`Temporality`, `DataType`) do not
/// collide with the catalogue's own display-oriented types.
public enum Microdata {
    /// How a variable's rows relate to time (DESIGN.md §1).
    public enum Temporality: String, Codable, Sendable, CaseIterable {
        case fixed = "FIXED"
        case status = "STATUS"
        case accumulated = "ACCUMULATED"
        case event = "EVENT"
    }

    /// The measure's data type; decides the value column's element type on disk.
    public enum DataType: String, Codable, Sendable, CaseIterable {
        case string = "STRING"
        case long = "LONG"
        case double = "DOUBLE"
        case date = "DATE"

        /// LONG → Int64, DOUBLE → Float64, DATE → Int32 days, STRING → Int32 dictionary codes.
        public var valueElementType: ColumnElementType {
            switch self {
            case .long: return .int64
            case .double: return .float64
            case .date, .string: return .int32
            }
        }
    }

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
