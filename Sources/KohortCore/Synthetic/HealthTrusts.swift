import Foundation

/// Regional health authorities (RHF) and health trusts (HF) covering each municipality, with the
/// catalogue's `helseregion` and `helseforetak` codes.
///
/// Counties → RHF follows calibration.md §1 (Helse Sør-Øst: Oslo, Østfold, Akershus, Buskerud,
/// Innlandet, Vestfold, Telemark, Agder; Vest: Rogaland, Vestland; Midt-Norge: Møre og Romsdal,
/// Trøndelag; Nord: Nordland, Troms, Finnmark). The trust catchments inside a county are an
/// approximation by municipality code ranges (**unsourced**): Bærum and Asker → Vestre Viken,
/// northern Rogaland → Fonna, Sunnhordland → Fonna, Sogn og Fjordane → Førde, Nord-Trøndelag
/// → Nord-Trøndelag, Helgeland → Helgeland.
public enum HealthTrusts {
    public static let regionCodes = ["1", "2", "3", "4"]
    public static let trustCodes = ["101", "102", "104", "105", "106", "107", "108", "109",
                                    "201", "202", "203", "204", "301", "302", "303", "401", "402", "403", "404"]

    /// RHF index (into `regionCodes`) of a municipality code number (e.g. 301 for "0301").
    public static func region(municipality code: Int) -> Int {
        switch code / 100 {
        case 11, 46: 1
        case 15, 50: 2
        case 18, 55, 56: 3
        default: 0
        }
    }

    /// HF code of a municipality code number.
    public static func trust(municipality code: Int) -> String {
        switch code / 100 {
        case 3: "102"
        case 31: "107"
        case 32: code == 3201 || code == 3203 ? "109" : "101"
        case 33: "109"
        case 34: "105"
        case 39: "104"
        case 40: "106"
        case 42: "108"
        case 11: [1106, 1149, 1145, 1146, 1151, 1160].contains(code) ? "202" : "201"
        case 46: code >= 4635 ? "204" : (4611...4617).contains(code) ? "202" : "203"
        case 15: "301"
        case 50: code >= 5031 ? "303" : "302"
        case 18: (1811...1840).contains(code) ? "404" : "403"
        case 55: "402"
        case 56: "401"
        default: "102"
        }
    }

    /// Per municipality index of `Geography.shared`: RHF index and HF index (into `trustCodes`).
    public static let byMunicipality: (region: [UInt16], trust: [UInt16]) = {
        let codes = Geography.shared.codes.map { Int($0)! }
        return (codes.map { UInt16(region(municipality: $0)) },
                codes.map { UInt16(trustCodes.firstIndex(of: trust(municipality: $0))!) })
    }()
}
