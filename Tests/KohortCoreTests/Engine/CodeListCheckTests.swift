import Testing
@testable import KohortCore

/// Comparisons with a code the variable's code list lacks get a note (CodeListCheck), from the
/// catalogue alone; codes in the list, numeric variables and values written by `replace` do not.
@Suite struct CodeListCheckTests {
    func run(_ script: String) throws -> [String] {
        var engine = ScriptEngine(source: try EngineFixture.source(), catalogue: try CatalogueLoader.loadDefault())
        let results = try EngineFixture.run(EngineFixture.header + """
        create-dataset t
        import krg/KRG_KJERNE_STADIUM as stadium
        import krg/KRG_KJERNE_ALDER_DIAGNOSE as alder

        """ + script, in: &engine)
        return results.compactMap { r -> String? in
            if case .message(let m) = r.payload { return m.text }
            return nil
        }
    }

    @Test func unknownCodeIsNotedWithTheCodeList() throws {
        let notes = try run("generate fjern = stadium == '7'")
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        #expect(note.contains("'7' is not a code of stadium (KRG_KJERNE_STADIUM"))
        #expect(note.contains("Its codes are 1, 2, 3, 9."))
        #expect(note.contains("line 6, column"))
    }

    @Test func knownCodesNumbersAndQualifiersWithoutANote() throws {
        #expect(try run("generate fjern = stadium == '3'\nkeep if stadium != '9' & alder > 50").isEmpty)
    }

    @Test func qualifierAndInlistAreChecked() throws {
        let notes = try run("keep if inlist(stadium, '1', '8') | stadium != 'x'")
        #expect(notes.count == 2)
        #expect(notes[0].contains("'8' is not a code"))
        #expect(notes[1].contains("'x' is not a code"))
    }

    @Test func valueWrittenByReplaceIsNotNoted() throws {
        let notes = try run("replace stadium = 'ukjent' if stadium == '1'\ngenerate u = stadium == 'ukjent'")
        #expect(notes.isEmpty)
    }

    @Test func aFailingCommandAddsNoNote() throws {
        #expect(throws: ScriptDiagnostic.self) { try run("generate z = stadium == '7' + nosuchvar") }
    }
}
