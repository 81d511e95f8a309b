import Foundation
import KohortCore

/// The scripts behind `kohort bench` and `kohort datastore export-columns`, on catalogue
/// variable names, so the same text runs on the built-in synthetic Norway and on a store made by
/// Tests/bench/make_store.sh. compare.py times the same operations on the exported columns, so
/// a change here must be mirrored there (thresholds, bins, regressors).
enum BenchScripts {
    /// One person per row: sex, birth year-month, municipality on 1 Jan 2024, education level
    /// on 1 Jan 2024, wages 2023; numeric helpers for the regressions and the peers.
    static let persons = """
    require no.ssb.fdb as db
    create-dataset personer
    import db/BEFOLKNING_KJOENN as kjonn
    import db/BEFOLKNING_FOEDSELS_AAR_MND as faarmnd
    import db/BEFOLKNING_KOMMNR_FORMELL 2024-01-01 as kommune
    import db/NUDB_BU 2024-01-01 as utd
    import db/INNTEKT_WLONN 2023-12-31 as lonn
    generate kommune_n = to_int(kommune)
    generate utd_n = to_int(substr(utd, 1, 1))
    replace utd_n = 0 if sysmiss(utd_n)
    replace lonn = 0 if sysmiss(lonn)
    generate alder = 2024 - int(faarmnd / 100)
    generate kvinne = kjonn == '2'
    generate y = ln(lonn + 1)
    generate yb = lonn > 400000
    generate x1 = alder / 10
    generate x2 = alder * alder / 1000
    generate x3 = kvinne
    generate x4 = utd_n
    generate x5 = utd_n * utd_n / 10
    generate x6 = kvinne * alder / 10
    generate x7 = utd_n >= 4
    generate x8 = utd_n >= 6
    generate x9 = kommune_n / 1000
    generate x10 = kommune_n >= 3000
    generate x11 = faarmnd - 100 * int(faarmnd / 100)
    generate x12 = alder >= 67
    """

    /// A year of NPR contacts (2023), one row per contact, with the person it belongs to.
    static let contacts = """
    require no.fhi.npr as npr
    create-dataset kontakter
    import-event npr/NPR_EPISODE_KONTAKT 2023-01-01 to 2023-12-31 as kontakt
    import npr/NPR_EPISODE_PERSONID as personid
    """

    /// Cancer cases with follow-up to death or 31 Dec 2024; z2 and z3 are distant and regional
    /// spread (KRG_KJERNE_STADIUM codes 3 and 2; 1 is localised, 9 unknown).
    static let cases = """
    require no.fhi.krg as krg
    create-dataset tilfeller
    import krg/KRG_KJERNE_DIAGNOSEDATO as diag
    import krg/KRG_KJERNE_DODSDATO as dod
    import krg/KRG_KJERNE_ALDER_DIAGNOSE as alder
    import krg/KRG_KJERNE_STADIUM as stadium
    generate slutt = rowmin(dod, date(2024, 12, 31))
    generate dager = slutt - diag + 1
    generate hendelse = !sysmiss(dod) & dod <= date(2024, 12, 31)
    generate z1 = alder / 10
    generate z2 = stadium == '3'
    generate z3 = stadium == '2'
    keep if dager > 0
    """

    static let regressors = (1...12).map { "x\($0)" }.joined(separator: " ")
    /// The filter of `filter` (and compare.py's filter-count).
    static let filterThreshold = 500_000

    /// Columns written by export-columns: dataset → variables (ids are always written).
    static let exported: [(dataset: String, variables: [String])] = [
        ("personer", ["lonn", "kommune_n", "utd_n", "alder", "kvinne", "y", "yb"] + (1...12).map { "x\($0)" }),
        ("kontakter", ["personid", "START@kontakt"]),
        ("tilfeller", ["dager", "hendelse", "z1", "z2", "z3"]),
    ]
}
