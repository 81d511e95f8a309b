import Foundation
import Testing
@testable import KohortCore
@testable import KohortTUI
import TestSupport

/// Issue 9 in the interface: the Cohort pane's data application (`A`, `:application PATH`)
/// and snippets inserted from the Script pane (`S`, `:snippet QUERY`).
@Suite struct GlueTests {
    static func directory() throws -> URL {
        let dir = TestTemporary.root.appendingPathComponent("kohort-glue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func object(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func aWritesTheDataApplicationWithThePanesCountAndSaysWhere() throws {
        var h = Harness(width: 100, height: 30, session: try TUIFixture.session())
        let dir = try Self.directory()
        h.directory = dir.path
        h.state.cohort.change {
            $0.rules = [CohortRule(variable: "BEFOLKNING_KJOENN", datastore: "no.ssb.fdb", technicalName: "kjonn",
                                   temporality: "FIXED", isString: true, op: .eq, values: ["2"])]
        }
        h.state.requestCounts()
        h.drain()
        let counts = try #require(h.state.cohort.counts)
        #expect(counts.count == 2)
        h.send(.character("2"), .character("A"))
        let path = dir.appendingPathComponent("kohort.application.json").path
        #expect(h.state.status == "saved to \(path)")
        let doc = try Self.object(URL(fileURLWithPath: path))
        #expect(doc["format"] as? String == "kohort-data-application")
        let population = try #require(doc["population"] as? [String: Any])
        // The script is the cohort's compiled lines; the size is the count the pane shows.
        #expect(population["script"] as? String == h.state.cohort.definition.compiled().joined(separator: "\n") + "\n")
        let size = try #require(population["released_size"] as? [String: Any])
        #expect(size["count"] as? Int == counts.last?.value)
        #expect((size["protections"] as? [String])?.isEmpty == false)
        let rules = try #require(population["rules"] as? [[String: Any]])
        #expect(rules.first?["variable"] as? String == "BEFOLKNING_KJOENN")
        #expect(rules.first?["label"] as? String == "Kjønn")
        let cohort = try #require(doc["cohort"] as? [String: Any])
        #expect(cohort["format"] as? String == "kohort.cohort/1")
        // What `kohort application` reads: the saved cohort gives the same criteria and script.
        let saved = try JSONSerialization.data(withJSONObject: cohort)
        #expect(try DataApplication.decodeCohort(saved) == h.state.cohort.definition)
    }

    @Test func applicationGoesToAChosenPathAndWithoutCountsSaysWhy() throws {
        var h = Harness(width: 100, height: 30)   // no session: the counts never arrive
        let dir = try Self.directory()
        h.directory = dir.path
        h.state.requestCounts()
        h.send(.character("2"), .character(":"))
        h.type("application out/søknad.json")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        h.send(.enter)
        let path = dir.appendingPathComponent("out/søknad.json").path
        #expect(h.state.status == "saved to \(path)")
        #expect(h.state.script.lines.isEmpty, "an interface command is not script")
        let doc = try Self.object(URL(fileURLWithPath: path))
        let size = try #require((doc["population"] as? [String: Any])?["released_size"] as? [String: Any])
        #expect(size["count"] is NSNull)
        #expect((size["reason"] as? String)?.contains("still being computed") == true)
        // An absolute path works too.
        let absolute = dir.appendingPathComponent("abs.json").path
        h.send(.character(":")); h.type("application \(absolute)"); h.send(.enter)
        #expect(h.state.status == "saved to \(absolute)")
    }

    static let library = SnippetLibrary(snippets: [
        Snippet(name: "inntekt-utdanning", script: "// Tittel: Inntekt etter utdanning\n// Beskrivelse: Median inntekt per utdanningsnivå.\n// Nøkkelord: inntekt, utdanning\nrequire no.ssb.fdb:30 as ssb\ncreate-dataset p\n"),
        Snippet(name: "kreft-stadium", script: "// Tittel: Kreftkohort med stadium\n// Nøkkelord: kreft, stadium, overlevelse\nrequire no.fhi.krg as krg\n\n"),
    ])

    static func harness() -> Harness {
        var h = Harness(width: 100, height: 30, context: AppContext(catalogue: Harness.catalogue(), snippets: library))
        h.state.script.lines = ["create-dataset a", "create-dataset b"]
        h.state.script.executed = 2
        h.state.pane = .script
        return h
    }

    @Test func sListsSnippetsAndEnterInsertsTheChosenOneBelowTheCursor() throws {
        var h = Self.harness()
        h.send(.character("g"), .character("S"))
        let picker = try #require(h.state.script.snippetPicker)
        #expect(picker.matches.map(\.name) == ["inntekt-utdanning", "kreft-stadium"])
        #expect(h.screen.contains("Insert a snippet"))
        #expect(h.screen.contains("inntekt-utdanning  Inntekt etter utdanning"))
        // Typing searches (letters are the query, not pane keys); Down/Up choose.
        h.type("kreft")
        #expect(h.state.script.snippetPicker?.matches.map(\.name) == ["kreft-stadium"])
        #expect(h.state.pane == .script)
        h.send(.control("u"), .down, .enter)
        #expect(h.state.script.snippetPicker == nil)
        #expect(h.state.script.lines == ["create-dataset a", "// Tittel: Kreftkohort med stadium", "// Nøkkelord: kreft, stadium, overlevelse",
                                         "require no.fhi.krg as krg", "create-dataset b"])
        #expect(h.state.script.cursor == 1)
        #expect(h.state.script.executed == 1, "lines after the insertion are to be run again")
        #expect(h.state.script.dirty)
        #expect(h.state.status?.hasPrefix("inserted snippet 'kreft-stadium' (3 lines at line 2)") == true)
        // Esc closes the chooser and changes nothing.
        h.send(.character("S"), .escape)
        #expect(h.state.script.snippetPicker == nil)
        #expect(h.state.script.lines.count == 5)
    }

    @Test func snippetCommandSearchesFromAnyPane() throws {
        var h = Self.harness()
        h.state.pane = .variables
        h.send(.character(":")); h.type("snippet utdanning"); h.send(.enter)
        #expect(h.state.pane == .script)
        #expect(h.state.script.snippetPicker?.matches.map(\.name) == ["inntekt-utdanning"])
        h.send(.enter)
        let snippet = Self.library.snippets[0].script.split(separator: "\n").map(String.init)
        #expect(h.state.script.lines == ["create-dataset a"] + snippet + ["create-dataset b"])
        h.send(.character(":")); h.type("snippet ingenting"); h.send(.enter)
        #expect(h.state.statusIsError)
        #expect(h.state.status == "no snippet matches 'ingenting'")
        h.send(.enter)
        #expect(h.state.script.snippetPicker != nil, "nothing to insert: the chooser stays open")
        // The chooser fits an 80x24 terminal.
        h.resize(80, 24)
        #expect(h.lines.count == 24)
    }

    /// The real library (Assets/snippets/) loads into the interface.
    @Test func theDefaultContextHasTheSnippetLibrary() {
        let context = AppContext(catalogue: Harness.catalogue())
        #expect(context.snippets.snippets.count >= 6)
    }
}
