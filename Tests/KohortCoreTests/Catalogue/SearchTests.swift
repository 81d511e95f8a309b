import Testing
@testable import KohortCore

@Suite struct SearchTests {
    let index = SearchIndex(catalogue: SampleCatalogue.make())

    func names(_ query: SearchQuery) -> [String] {
        index.search(query).hits.map { index.catalogue.variables[$0.index].name }
    }

    @Test func foldingMeetsNorwegianSpellingVariants() {
        #expect(SearchText.fold("Kjønn") == SearchText.fold("kjoenn"))
        #expect(SearchText.fold("Kjønn") == "kjonn")
        #expect(SearchText.fold("årslønn") == SearchText.fold("aarsloenn"))
        #expect(SearchText.fold("Særskilt") == SearchText.fold("saerskilt"))
        #expect(SearchText.words("antLkAd") == ["ant", "lk", "ad"])
        #expect(SearchText.words("KRG_BRYST_ANT_LK_AD") == ["krg", "bryst", "ant", "lk", "ad"])
    }

    @Test func asciiSpellingFindsNorwegianLetters() {
        #expect(names(SearchQuery(text: "kjonn")).first == "BEFOLKNING_KJOENN")
        #expect(names(SearchQuery(text: "kjoenn")).first == "BEFOLKNING_KJOENN")
        #expect(names(SearchQuery(text: "fodselsaar")).first == "BEFOLKNING_FOEDSELS_AAR_MND")
    }

    @Test func oneTypoPerWordIsTolerated() {
        #expect(names(SearchQuery(text: "lymfekuter")) == ["KRG_BRYST_ANT_LK_AD"])
        #expect(names(SearchQuery(text: "aksilledisseksjon")).contains("KRG_BRYST_ANT_LK_AD"))
        // Two typos in one short word is not a match.
        #expect(names(SearchQuery(text: "kxoxn")).isEmpty)
    }

    @Test func everyWordMustMatch() {
        #expect(names(SearchQuery(text: "antall lymfeknuter")) == ["KRG_BRYST_ANT_LK_AD"])
        #expect(names(SearchQuery(text: "lymfeknuter kjønn")).isEmpty)
    }

    @Test func labelMatchesOutrankDescriptionMatches() {
        // "lymfeknuter" is in the label of ANT_LK_AD; "mammae" only in the label of ablatio.
        let hits = names(SearchQuery(text: "ablatio"))
        #expect(hits.first == "KRG_BRYST_ABLATIO_MAMMAE")
    }

    @Test func technicalNameAndVariableNameAreSearchable() {
        #expect(names(SearchQuery(text: "antLkAd")).first == "KRG_BRYST_ANT_LK_AD")
        #expect(names(SearchQuery(text: "INNTEKT_WLONN")).first == "INNTEKT_WLONN")
    }

    @Test func prefixMatchesWhileTyping() {
        #expect(names(SearchQuery(text: "lymf")) == ["KRG_BRYST_ANT_LK_AD"])
    }

    @Test func emptyQueryListsEverythingInNorwegianOrder() {
        let all = names(SearchQuery())
        #expect(all.count == 7)
        // Labels sorted with æ, ø, å after z: "Fødselsår…" sorts as "fz|…" after "Diagnosedato".
        let labels = index.search(SearchQuery()).hits.map { index.catalogue.variables[$0.index].label }
        #expect(labels == ["ALK utført", "Ablatio mammae", "Antall lymfeknuter ved aksillegisseksjon", "Diagnosedato",
                           "Fødselsår og -måned", "Kjønn", "Lønnsinntekt"].sorted { SearchText.collationKey($0) < SearchText.collationKey($1) })
    }

    @Test func filtersNarrowTheResult() {
        #expect(Set(names(SearchQuery(registers: ["Kreftregisteret"]))).count == 4)
        #expect(Set(names(SearchQuery(registers: ["no.ssb.fdb"]))).count == 3)
        #expect(names(SearchQuery(cancerForms: [.lunge])) == ["KRG_LUNGE_ALK_UTFORT"])
        #expect(Set(names(SearchQuery(cancerForms: [.lunge, .bryst]))).count == 3)
        #expect(!names(SearchQuery(releasableOnly: true)).contains("KRG_LUNGE_ALK_UTFORT"))
        #expect(names(SearchQuery(categories: ["kirurgi"])).count == 2)
        #expect(names(SearchQuery(products: ["Nasjonalt kvalitetsregister for lungekreft"])) == ["KRG_LUNGE_ALK_UTFORT"])
        // Valid on a date: income starts 1993, the diagnosis date ends 2024.
        #expect(!names(SearchQuery(validOn: Day(iso: "1990-06-01"))).contains("INNTEKT_WLONN"))
        #expect(!names(SearchQuery(validOn: Day(iso: "2025-01-01"))).contains("KRG_KJERNE_DIAGNOSEDATO"))
        #expect(names(SearchQuery(validOn: Day(iso: "2024-12-31"))).contains("KRG_KJERNE_DIAGNOSEDATO"))
    }

    @Test func facetsIgnoreTheirOwnFilter() {
        let result = index.search(SearchQuery(registers: ["no.ssb.fdb"]))
        #expect(result.hits.count == 3)
        #expect(result.registerCounts == ["no.ssb.fdb": 3, "no.fhi.krg": 4])
        #expect(result.productCounts["Nasjonalt kvalitetsregister for brystkreft"] == 2)
    }

    @Test func suggestionsForMistypedNames() {
        #expect(nearestName(to: "BEFOLKNING_KJONN", in: ["BEFOLKNING_KJOENN", "INNTEKT_WLONN"]) == "BEFOLKNING_KJOENN")
        #expect(nearestName(to: "tabluate", in: ["tabulate", "summarize"]) == "tabulate")
        #expect(nearestName(to: "zzzzzz", in: ["tabulate"]) == nil)
    }

    @Test func lookupByNameOrTechnicalName() throws {
        let catalogue = SampleCatalogue.make()
        #expect(try catalogue.variable(named: "befolkning_kjoenn").label == "Kjønn")
        #expect(try catalogue.variable(named: "antLkAd").name == "KRG_BRYST_ANT_LK_AD")
        #expect(throws: CatalogueError.unknownVariable(name: "BEFOLKNING_KJONN", suggestion: "BEFOLKNING_KJOENN")) {
            try catalogue.variable(named: "BEFOLKNING_KJONN")
        }
    }
}
