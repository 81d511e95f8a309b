import Foundation
@testable import KohortCore

/// The engine fixture (2000 persons, Tests/KohortCoreTests/Engine/EngineFixture.swift) with the
/// statistics runner installed, and a dataset with deterministic "noise": u and v are the
/// fractional parts of id·φ and id·√2 (equidistributed on [0, 1), uncorrelated with the id's
/// parity), so models have well-conditioned designs and non-trivial residuals.
enum AnalysisFixture {
    static func engine() throws -> ScriptEngine {
        ScriptEngine(source: try EngineFixture.source(), analysisRunner: StatisticsAnalysisRunner())
    }

    static let setup = """
    require no.ssb.fdb:30 as db
    create-dataset p
    import db/BEFOLKNING_KJOENN as kjønn
    import db/BEFOLKNING_FOEDSELS_AAR_MND as faarmnd
    import db/INNTEKT_BRUTTOFORM 2020-01-01 as inntekt
    import db/SIVSTANDFDT_SIVSTAND 2020-01-01 as sivstand
    generate u = PERSONID_1 * 0.6180339887 - int(PERSONID_1 * 0.6180339887)
    generate v = PERSONID_1 * 1.4142135623 - int(PERSONID_1 * 1.4142135623)
    generate x = 10 * u
    generate y = 1 + 2 * x + 3 * v
    generate yb = v > 0.5
    generate dager = 1 + int(1000 * v)
    generate hendelse = u > 0.3
    generate antall = int(4 * v * u)

    """

    /// Runs setup + script; returns the engine and the results of `script` only.
    static func run(_ script: String) throws -> (ScriptEngine, [ReleasedResult]) {
        var engine = try engine()
        try EngineFixture.run(setup, in: &engine)
        let results = try EngineFixture.run(script, in: &engine)
        return (engine, results)
    }

    static func model(_ r: ReleasedResult) -> ReleasedModel? {
        if case .model(let m) = r.payload { return m }
        return nil
    }

    static func table(_ r: ReleasedResult) -> ReleasedTable? {
        if case .table(let t) = r.payload { return t }
        return nil
    }

    static func kind(_ r: ReleasedResult) -> String {
        ResultJSON.object(r)["kind"] as? String ?? "?"
    }
}
