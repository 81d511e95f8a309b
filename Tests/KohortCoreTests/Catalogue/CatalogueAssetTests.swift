import Foundation
import Testing
@testable import KohortCore

/// Checks on the real catalogue assets: the counts the seed shows, the variables visible on
/// its slides, the 732 SSB names of the reference list, and that search finds them.
@Suite struct CatalogueAssetTests {
    static let loaded = Result(catching: { try CatalogueLoader.loadDefault() })
    let catalogue: Catalogue

    init() throws { catalogue = try Self.loaded.get() }

    @Test func kreftregisteretHasTheSeedsProductsAndCounts() {
        let tree = catalogue.productTree().first { $0.register.datastore == "no.fhi.krg" }!
        #expect(tree.register.name == "Kreftregisteret")
        #expect(tree.total == 593)
        let expected: [(String, Int)] = [
            ("Krefttilfeller – diagnostikk og primærbehandling", 44), ("Krefttilfeller – tilleggsinformasjon", 18),
            ("Nasjonalt kvalitetsregister for tykk- og endetarmskreft", 54), ("Nasjonalt kvalitetsregister for prostatakreft", 60),
            ("Nasjonalt kvalitetsregister for lymfoide maligniteter", 39), ("Nasjonalt kvalitetsregister for lungekreft", 55),
            ("Nasjonalt kvalitetsregister for brystkreft", 94), ("Nasjonalt kvalitetsregister for gynekologisk kreft – eggstokk", 67),
            ("Nasjonalt kvalitetsregister for gynekologisk kreft – livmorhals", 49), ("Nasjonalt kvalitetsregister for melanom", 30),
            ("Kvalitetsregister for sarkom", 30), ("Nasjonalt kvalitetsregister for barnekreft", 17),
            ("Kvalitetsregister for pankreaskreft", 23), ("Kvalitetsregister for hjerne- og ryggmargssvulster", 13),
        ]
        #expect(tree.products.map(\.name) == expected.map(\.0))
        #expect(tree.products.map(\.count) == expected.map(\.1))
    }

    /// The seed's "Funnet" counts are read as the releasable-only view: 36 for the core
    /// product, 178 for the four big forms, 194 for the other eight.
    @Test func releasableCountsMatchTheSeedsFoundCounts() {
        let index = SearchIndex(catalogue: catalogue)
        #expect(index.search(SearchQuery(products: ["Krefttilfeller – diagnostikk og primærbehandling"], releasableOnly: true)).hits.count == 36)
        #expect(index.search(SearchQuery(cancerForms: [.prostata, .tykkOgEndetarm, .lunge, .bryst], releasableOnly: true)).hits.count == 178)
        #expect(index.search(SearchQuery(cancerForms: [.lymfoide, .eggstokk, .livmorhals, .melanom, .sarkom, .barnekreft, .pankreas, .hjerneRyggmarg],
                                         releasableOnly: true)).hits.count == 194)
    }

    @Test(arguments: [
        ("Alder ved diagnose", "alderDiagnose", "1953-01-01"), ("Annen behandling", "annenBeh", "1953-01-01"),
        ("Basis for diagnose", "basis", "1953-01-01"), ("cM", "cM", "1993-01-01"), ("cN", "cN", "1993-01-01"),
        ("cT", "cT", "1993-01-01"), ("Diagnosedato", "diagnosedato", "1953-01-01"),
        ("Ablatio mammae", "ablatioMammae", "2009-01-01"), ("Adjuvant kjemoterapi", "adjuvantKjemo", "2013-01-01"),
        ("Aksillegisseksjon", "ad", "2009-01-01"), ("Aktiv overvåking", "aktivOvervaket", "2017-06-27"),
        ("ALK utført", "alkUtfort", "2013-01-01"), ("Annen forbehandling", "forbehAnnet", "2007-01-01"),
        ("Antall inngrep på primærtumor", "antInngrepPrimar", "2009-01-01"),
        ("Antall lymfeknuter med metastase ved aksillegisseksjon", "antLkMetAd", "2009-01-01"),
        ("Antall lymfeknuter ved aksillegisseksjon", "antLkAd", "2009-01-01"),
    ])
    func seedVariablesArePresentAsShown(label: String, technicalName: String, validFrom: String) {
        let hits = catalogue.variables.filter { $0.label == label && $0.technicalName == technicalName }
        #expect(!hits.isEmpty, "\(label) / \(technicalName) missing")
        // Quality registers may reuse a core name (cT) with their own start date; one must match the seed.
        #expect(hits.contains { $0.validFrom == Day(iso: validFrom) && $0.datastore == "no.fhi.krg" })
    }

    @Test func seedDescriptionsAreVerbatim() {
        func description(_ tech: String) -> String? { catalogue.variables.first { $0.technicalName == tech }?.description }
        #expect(description("alderDiagnose") == "Pasientens alder ved diagnosetidspunktet.")
        #expect(description("antLkAd") == "Angir hvor mange lymfeknuter som er kirurgisk fjernet ved aksillegisseksjon innen 122 dager etter første inngrep.")
        #expect(description("diagnosedato") == "Dato sykdommen ble bekreftet gjennom prøvetaking og/eller andre undersøkelser.")
        let sikkerhet = catalogue.variables.first { $0.label == "Diagnosens sikkerhet" }
        #expect(sikkerhet?.technicalName.hasPrefix("di") == true)
        for label in ["Allogen stamcelletransplantasjon", "Andre sykdommer som komorbid tilstand", "Andre symptomer",
                      "Annen billediagnostikk", "Antall dager med strålebehandling", "Antall komorbiditeter",
                      "Antall kurer kombinasjonsbehandling", "Antall kurer singelbehandling"] {
            #expect(catalogue.variables.contains { $0.label == label && $0.datastore == "no.fhi.krg" }, "\(label) missing")
        }
    }

    @Test func everySSBReferenceVariableIsInTheCatalogue() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ssb-variables.tsv").path
        let reference = try TabSeparatedFile(path: path)
        #expect(reference.rows.count == 732)
        let unitTypes = ["Person": "PERSON", "Jobb": "JOBB", "Kommune": "KOMMUNE", "Kjøretøy": "KJORETOY", "Kurs": "KURS",
                         "Trafikkulykke": "TRAFIKKULYKKE", "Person i trafikkulykke": "PERSON_I_TRAFIKKULYKKE",
                         "Målepunkt": "MAALEPUNKT", "Behandlingsopphold": "NPR_EPISODE"]
        for row in reference.rows {
            let name = String(row.fields[0])
            guard let v = try? catalogue.variable(named: name) else { Issue.record("\(name) missing"); continue }
            #expect(v.datastore == String(row.fields[1]).replacingOccurrences(of: ":DRAFT", with: ""), "\(name) datastore")
            #expect(v.temporality.rawValue == String(row.fields[2]), "\(name) temporality")
            #expect(v.unitType == unitTypes[String(row.fields[3])], "\(name) unit type")
            #expect(v.dataType.rawValue == String(row.fields[4]), "\(name) data type")
            #expect(v.label == String(row.fields[5]), "\(name) label")
            #expect(!v.description.isEmpty, "\(name) description")
        }
    }

    @Test func nprAndKprAreThere() {
        let npr = catalogue.variables.filter { $0.datastore == "no.fhi.npr" }
        #expect(npr.contains { $0.unitType == "NPR_EPISODE" })
        #expect(npr.contains { $0.unitType == "NPR_SYKEHUSOPPHOLD" })
        #expect(npr.contains { $0.codeListName == "icd10" })
        #expect(npr.contains { $0.codeListName == "nkpk" })
        let kpr = catalogue.variables.filter { $0.datastore == "no.fhi.kpr" }
        #expect(!kpr.isEmpty && kpr.allSatisfy { $0.availability == .planned })
        let areas = Set(kpr.map(\.product))
        #expect(areas.count == 4)
    }

    @Test func codeListsCarryHistory() throws {
        let kommune = try #require(catalogue.codeLists["kommune"])
        #expect(kommune.entries(validOn: Day(iso: "2024-06-01")!).filter { !$0.isMissing }.count == 357)
        #expect(kommune.label(of: "0301") == "Oslo")
        // Municipalities merged in 2020 are valid before and not after.
        #expect(kommune.entries(validOn: Day(iso: "2019-06-01")!).count > kommune.entries(validOn: Day(iso: "2020-06-01")!).count)
        let fylke = try #require(catalogue.codeLists["fylke"])
        #expect(fylke.label(of: "30", on: Day(iso: "2021-01-01")) == "Viken")
        // 15 counties in 2024, plus Svalbard (21), which SSB's list carries as a region.
        #expect(fylke.entries(validOn: Day(iso: "2024-06-01")!).filter { !$0.isMissing && $0.code != "21" }.count == 15)
    }

    @Test func searchFindsAcrossSpellingAndTypos() {
        let index = SearchIndex(catalogue: catalogue)
        func top(_ text: String, _ n: Int = 5) -> [String] {
            index.search(SearchQuery(text: text)).hits.prefix(n).map { catalogue.variables[$0.index].label.lowercased() }
        }
        #expect(top("lymfekuter").contains { $0.contains("lymfeknuter") })
        #expect(top("kjonn").contains { $0.contains("kjønn") })
        #expect(top("kjoenn").contains { $0.contains("kjønn") })
        #expect(top("aktiv overvaaking").contains { $0 == "aktiv overvåking" })
    }
}

@Suite struct SearchRankingTests {
    @Test func theCommonPersonVariableComesFirstAmongEqualMatches() throws {
        let catalogue = try CatalogueAssetTests.loaded.get()
        let index = SearchIndex(catalogue: catalogue)
        let top = index.search(SearchQuery(text: "kjønn")).hits.first.map { catalogue.variables[$0.index].name }
        #expect(top == "BEFOLKNING_KJOENN")
    }
}
