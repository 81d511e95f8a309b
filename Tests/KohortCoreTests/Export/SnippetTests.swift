import Foundation
import Testing
@testable import KohortCore

/// Issue 9: the snippet library parses, has headers, names catalogue variables, and is searchable.
@Suite struct SnippetTests {
    static let directory = ExportSamples.repositoryRoot.appendingPathComponent("Assets/snippets")

    static func library() throws -> SnippetLibrary { try SnippetLibrary.load(directory: directory) }

    @Test func theRequiredSnippetsExistWithHeaders() throws {
        let library = try Self.library()
        #expect(library.snippets.map(\.name) == [
            "inntekt-etter-utdanning", "kaplan-meier-stadium", "kreftkohort-stadium-overlevelse",
            "npr-sykehusbruk-rundt-diagnose", "panelregresjon-lonn", "pensjonsreform-did",
        ])
        for s in library.snippets {
            #expect(s.title != s.name, "\(s.name): no title")
            #expect(s.description.count > 40, "\(s.name): no description")
            #expect(s.keywords.count >= 5, "\(s.name): too few keywords")
        }
        let did = try #require(library.snippet(named: "pensjonsreform-did"))
        #expect(did.title == "Pensjonsreformen 2025 – forskjell-i-forskjeller")
        #expect(did.description.hasPrefix("Effekten av ny AFP i offentlig sektor på arbeidstid og lønn for dem som fyller 62 år:"))
        #expect(did.keywords.contains("difference-in-differences"))
    }

    @Test func everySnippetParses() throws {
        for s in try Self.library().snippets {
            do {
                let commands = try ScriptParser.parse(source: s.script, fileName: s.name + ".txt")
                #expect(commands.count > 5)
            } catch {
                Issue.record("\(s.name): \(error)")
            }
        }
    }

    /// Every `import`ed variable is in the catalogue, in the datastore its `require` names.
    @Test func everyImportedVariableIsInTheCatalogue() throws {
        let catalogue = try CatalogueLoader.load(assets: ExportSamples.repositoryRoot.appendingPathComponent("Assets"))
        for s in try Self.library().snippets {
            var aliases: [String: String] = [:]
            for line in s.script.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                if words.first == "require", words.count >= 4 {
                    aliases[words[3]] = String(words[1].split(separator: ":")[0])
                }
                guard let first = words.first, ["import", "import-event", "import-panel"].contains(first) else { continue }
                for ref in words.dropFirst() where ref.contains("/") {
                    let parts = ref.split(separator: "/").map(String.init)
                    let variable = try catalogue.variable(named: parts[1])
                    #expect(variable.name == parts[1], "\(s.name): \(parts[1])")
                    #expect(aliases[parts[0]] == variable.datastore, "\(s.name): \(ref) is not in \(aliases[parts[0]] ?? "?")")
                }
            }
        }
    }

    @Test func searchFoldsNorwegianLettersAndRanksTitlesFirst() throws {
        let library = try Self.library()
        #expect(library.search("").count == 6)
        #expect(library.search("pensjon").map(\.name) == ["pensjonsreform-did"])
        #expect(library.search("DiD").map(\.name) == ["pensjonsreform-did"])
        #expect(library.search("lonn utdanning").map(\.name) == ["inntekt-etter-utdanning"])
        #expect(library.search("kjoenn").map(\.name) == ["inntekt-etter-utdanning"])
        #expect(library.search("kaplan meier").first?.name == "kaplan-meier-stadium")
        #expect(Set(library.search("overlevelse stadium").map(\.name)) == ["kaplan-meier-stadium", "kreftkohort-stadium-overlevelse"])
        #expect(library.search("npr sykehus").map(\.name) == ["npr-sykehusbruk-rundt-diagnose"])
        #expect(library.search("panel fe").map(\.name) == ["panelregresjon-lonn"])
        #expect(library.search("ingenting slikt").isEmpty)
        #expect(library.snippet(named: "pensjon")?.name == "pensjonsreform-did")
        #expect(library.snippet(named: "k") == nil)
    }

    @Test func headerParsing() {
        let s = Snippet(name: "x", script: """
        // Title: A title
        // Description: first line
        //   second line
        // Keywords: a, b ,, c
        //
        // not header: a comment
        tabulate x
        """)
        #expect(s.title == "A title")
        #expect(s.description == "first line second line")
        #expect(s.keywords == ["a", "b", "c"])
        #expect(Snippet(name: "bare", script: "tabulate x\n").title == "bare")
    }
}

/// Issue 9: each snippet runs unchanged on the synthetic default (90 000 persons, shared with
/// the example runs; see ShippedScriptPopulation) to its last line, and every analysis in it
/// is released, not refused.
extension ShippedScriptRuns {
    @Suite struct SnippetRuns {
        /// The result kinds each snippet must release, in order (a model's note is a message).
        static let expectedKinds: [String: [String]] = [
            "inntekt-etter-utdanning": ["table", "barchart", "boxplot", "model", "message"],
            "kaplan-meier-stadium": ["table", "survival", "message"],
            "kreftkohort-stadium-overlevelse": ["table", "summary", "survival", "message", "model", "message"],
            "npr-sykehusbruk-rundt-diagnose": ["table", "table", "histogram"],
            "panelregresjon-lonn": ["summary", "model", "message", "model", "message", "model", "message"],
            "pensjonsreform-did": ["table", "table", "model", "message", "model", "message"],
        ]

        static func run(_ name: String) throws -> [ReleasedResult] {
            let snippet = try #require(try SnippetTests.library().snippet(named: name))
            return try ShippedScriptPopulation.run(snippet.script, fileName: name + ".txt")
        }

        @Test func everySnippetHasAnExpectation() throws {
            #expect(Set(try SnippetTests.library().snippets.map(\.name)) == Set(Self.expectedKinds.keys))
        }

        @Test(arguments: expectedKinds.keys.sorted())
        func snippetRunsToTheEndAndIsReleased(_ name: String) throws {
            let results = try Self.run(name)
            #expect(ShippedScriptPopulation.kinds(results) == Self.expectedKinds[name], "\(name)")
            // Every analysis command of the script produced its result (none skipped).
            let snippet = try #require(try SnippetTests.library().snippet(named: name))
            let analyses = try ScriptParser.parse(source: snippet.script, fileName: name).filter {
                if case .analysis = $0.kind { true } else { false }
            }
            #expect(Set(results.map(\.line)) == Set(analyses.map(\.position.line)), "\(name)")
        }

        /// The difference-in-differences recovers the reform effect planted in the synthetic
        /// jobs (MonthlyJobs.reformHours / reformWage): the 95 % interval of the interaction
        /// covers it and the private-sector cohort difference is near zero.
        @Test func pensionReformRecoversThePlantedEffect() throws {
            let models = ShippedScriptPopulation.models(try Self.run("pensjonsreform-did"))
            try #require(models.count == 2)
            for (model, planted) in zip(models, [MonthlyJobs.reformHours, MonthlyJobs.reformWage]) {
                let effect = try #require(model.coefficients.first { $0.term == "1.kull1963#1.offentlig" })
                #expect(effect.ciLow <= planted && planted <= effect.ciHigh, "\(model.dependent ?? ""): \(effect)")
                #expect(effect.p < 0.001)
                let cohort = try #require(model.coefficients.first { $0.term == "1.kull1963" })
                #expect(abs(cohort.estimate) < planted / 10, "\(cohort)")
                #expect((model.n ?? 0) >= 1000)
            }
        }

        /// Stage drives survival in the synthetic cancer model: distant spread has the highest
        /// hazard and the lowest released curve.
        @Test func cancerCohortSurvivalFallsWithStage() throws {
            let results = try Self.run("kreftkohort-stadium-overlevelse")
            let cox = try #require(ShippedScriptPopulation.models(results).first)
            let regional = try #require(cox.coefficients.first { $0.term == "2.stadium_diag" })
            let distant = try #require(cox.coefficients.first { $0.term == "3.stadium_diag" })
            #expect(regional.estimate > 0 && distant.estimate > regional.estimate)
            #expect(cox.coefficients.contains { $0.term == "alder_diag" && $0.estimate > 0 })
            let km = try #require(results.compactMap { if case .survival(let s) = $0.payload { s } else { nil } }.first)
            #expect(km.groups.count == 3)
            func survival(_ g: ReleasedSurvivalCurve, at t: Double) -> Double { g.steps.last { $0.time <= t }?.survival ?? 1 }
            let twoYears = km.groups.map { survival($0, at: 730) }
            #expect(twoYears[0] > twoYears[1] && twoYears[1] > twoYears[2], "\(twoYears)")
        }

        /// Hospital stays cluster around the diagnosis: more stays in the month of diagnosis
        /// than a year before.
        @Test func hospitalUseRisesAroundTheDiagnosis() throws {
            let results = try Self.run("npr-sykehusbruk-rundt-diagnose")
            guard case .table(let t) = results[1].payload else { Issue.record("no table"); return }
            #expect(t.dimensions == ["måned"])
            func count(_ label: String) -> Int? { t.cells.first { $0.labels == [label] }?.count }
            let before = try #require(count("-12")), at = try #require(count("0"))
            #expect(at > 3 * before, "\(before) a year before, \(at) in the month of diagnosis")
        }
    }
}
