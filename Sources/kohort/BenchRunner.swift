import Foundation
import KohortCore
import KohortTUI

/// Runs the benchmark groups of `kohort bench`; set-up scripts (BenchScripts) run once per
/// process and each timed case runs on a copy of the prepared engine (copy-on-write: a case
/// pays for the columns it changes, as the user's command would).
struct BenchRunner {
    let runs: Int
    let directories: [String]
    let persons: Int?
    let seed: UInt64?
    /// The arguments after `bench`, for the data options of the start-up subprocesses.
    let passThrough: [String]
    var results: [BenchCommand.Measurement] = []
    private var sourceResult: Result<any VariableSource, any Error>?
    private var engines: [String: Result<ScriptEngine, any Error>] = [:]
    private var catalogue: Catalogue?

    init(runs: Int, directories: [String], persons: Int?, seed: UInt64?, passThrough: [String]) {
        self.runs = runs
        self.directories = directories
        self.persons = persons
        self.seed = seed
        self.passThrough = passThrough
    }

    var dataDescription: String {
        directories.isEmpty ? "built-in synthetic Norway\(persons.map { " (--persons \($0))" } ?? " (full size)")"
                            : "datastores \(directories.joined(separator: ", "))"
    }

    mutating func source() throws -> any VariableSource {
        if sourceResult == nil {
            sourceResult = Result {
                directories.isEmpty ? try defaultVariableSource(persons: persons, seed: seed)
                                    : DatastoreSetSource(try DatastoreSet(directories: directories.map { URL(fileURLWithPath: $0) }))
            }
        }
        return try sourceResult!.get()
    }

    mutating func fullCatalogue() throws -> Catalogue {
        if let catalogue { return catalogue }
        let c = try DatastoreOptions.catalogue(datastores: directories)
        catalogue = c
        return c
    }

    /// An engine after the named set-up scripts (cached by their joined text).
    mutating func engine(_ scripts: [String]) throws -> ScriptEngine {
        let key = scripts.joined(separator: "\n")
        if let cached = engines[key] { return try cached.get() }
        let made: Result<ScriptEngine, any Error>
        do {
            var e = ScriptEngine(source: try source(), analysisRunner: benchAnalysisRunner(), catalogue: try? fullCatalogue())
            try e.run(script: key, fileName: "bench-setup") { _ in }
            made = .success(e)
        } catch { made = .failure(error) }
        engines[key] = made
        return try made.get()
    }

    /// Times a script on a copy of the engine prepared by `setup`.
    mutating func script(_ group: String, _ key: String, _ name: String, setup: [String], _ text: String, target: Double?) {
        let base: ScriptEngine
        do { base = try engine(setup) } catch {
            results.append(BenchCommand.unavailable(group, key, name, target: target, reason: "set-up failed: \(error)"))
            return
        }
        results.append(BenchCommand.measure(group, key, name, runs: runs, target: target) {
            var e = base
            try e.run(script: text, fileName: key) { _ in }
        })
    }

    mutating func run(_ group: String) {
        let persons = [BenchScripts.persons]
        switch group {
        case "startup": startup()
        case "catalogue":
            do {
                let assets = try AssetLocator.assetsDirectory()
                results.append(BenchCommand.measure("catalogue", "catalogue-load", "load catalogue assets", runs: runs, target: 100) {
                    _ = try CatalogueLoader.load(assets: assets)
                })
                let catalogue = try CatalogueLoader.load(assets: assets)
                results.append(BenchCommand.measure("catalogue", "catalogue-index", "build search index", runs: runs, target: nil) {
                    _ = SearchIndex(catalogue: catalogue)
                })
            } catch { results.append(BenchCommand.unavailable("catalogue", "catalogue-load", "load catalogue assets", target: 100, reason: "\(error)")) }
        case "search":
            guard let catalogue = try? CatalogueLoader.loadDefault() else { return }
            let index = SearchIndex(catalogue: catalogue)
            let queries: [(String, SearchQuery)] = [
                ("one word", SearchQuery(text: "kjønn")),
                ("typo", SearchQuery(text: "lymfekuter")),
                ("ascii spelling", SearchQuery(text: "kjoenn")),
                ("two words", SearchQuery(text: "antall lymfeknuter")),
                ("prefix", SearchQuery(text: "inn")),
                ("filters only", SearchQuery(cancerForms: [.bryst, .lunge], releasableOnly: true)),
                ("word + filters", SearchQuery(text: "kjemoterapi", registers: ["Kreftregisteret"], releasableOnly: true)),
            ]
            for (name, query) in queries {
                results.append(BenchCommand.measure("search", "search", "query: \(name)", runs: runs, target: 1) { _ = index.search(query) })
            }
        case "import":
            script("import", "import", "import a person variable (INNTEKT_WLONN 2023)", setup: persons,
                   "import db/INNTEKT_WLONN 2023-12-31 as lonn_igjen", target: 100)
            script("import", "import-fixed", "import a FIXED person variable (BEFOLKNING_KJOENN)", setup: persons,
                   "import db/BEFOLKNING_KJOENN as kjonn_igjen", target: 100)
        case "filter":
            script("filter", "filter", "keep if lonn > \(BenchScripts.filterThreshold)", setup: persons,
                   "keep if lonn > \(BenchScripts.filterThreshold)", target: 50)
        case "generate-command":
            script("generate-command", "generate", "generate (arithmetic on 2 columns)", setup: persons,
                   "generate g = lonn / 12 + alder * 2", target: 50)
        case "summarize":
            script("summarize", "summarize", "summarize lonn", setup: persons, "summarize lonn", target: 15)
        case "tabulate":
            script("tabulate", "tabulate", "tabulate kommune utd_n (municipality × education level)", setup: persons, "tabulate kommune utd_n", target: 20)
        case "collapse-merge":
            script("collapse-merge", "collapse-merge", "collapse NPR contacts 2023 by person + merge", setup: persons + [BenchScripts.contacts],
                   "collapse (count) kontakt -> antall, by(personid)\nmerge antall into personer", target: 1000)
        case "histogram":
            script("histogram", "histogram", "histogram lonn, bin(50)", setup: persons, "histogram lonn, bin(50)", target: 20)
        case "ols":
            script("ols", "ols", "regress y on 12 regressors", setup: persons, "regress y \(BenchScripts.regressors)", target: 300)
        case "logit":
            script("logit", "logit", "logit yb on 12 regressors", setup: persons, "logit yb \(BenchScripts.regressors)", target: 2000)
        case "cox":
            script("cox", "cox", "cox dager hendelse z1 z2 z3 (cancer cases)", setup: [BenchScripts.cases],
                   "cox dager hendelse z1 z2 z3", target: 600)
        case "rdd":
            // rdrobust's default: sort by the running variable once, the MSE-optimal bandwidth
            // cascade, nn variance. The running variable is the wage (nearly continuous): at full
            // size an integer one such as age gets an MSE-optimal h under one year, leaving one
            // distinct value on a side, which rdrobust refuses too.
            script("rdd", "rdd", "rdd alder lonn, cutoff(600000) (mserd bandwidth, nn variance)", setup: persons,
                   "rdd alder lonn, cutoff(600000)", target: nil)
        case "cohort": cohort()
        case "filter-count": filterCount()
        case "tui": tui()
        default: break
        }
    }

    /// Cold and warm start: a fresh `kohort run` process that opens the data and imports one
    /// person variable. The first process is "cold" (nothing of this data generated or cached
    /// by kohort yet in this run; the OS page cache may still be warm); the next ones are warm.
    mutating func startup() {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let scriptURL = FileManager.default.temporaryDirectory.appendingPathComponent("kohort-bench-startup-\(getpid()).txt")
        try? Data("require no.ssb.fdb as db\ncreate-dataset p\nimport db/BEFOLKNING_KJOENN as k\n".utf8).write(to: scriptURL)
        defer { try? FileManager.default.removeItem(at: scriptURL) }
        var args = ["run", scriptURL.path]
        for d in directories { args += ["--datastore", d] }
        if let persons { args += ["--persons", String(persons)] }
        if let seed { args += ["--seed", String(seed)] }
        let defaultData = directories.isEmpty
        func once() throws -> Double {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            p.standardError = err
            let start = DispatchTime.now().uptimeNanoseconds
            try p.run()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            guard p.terminationStatus == 0 else { throw RunCommand.RunError(description: String(decoding: errData, as: UTF8.self)) }
            return ms
        }
        do {
            let cold = try once()
            results.append(BenchCommand.summary("startup", "startup-cold", "cold start (first process, open + 1 import)", times: [cold],
                                                target: defaultData ? 2000 : nil, note: "one run: only the first start is cold"))
            var warm: [Double] = []
            for _ in 0..<runs { warm.append(try once()) }
            results.append(BenchCommand.summary("startup", "startup-warm", "warm start (process, open + 1 import)", times: warm,
                                                target: defaultData ? 300 : nil, note: nil))
        } catch {
            results.append(BenchCommand.unavailable("startup", "startup-cold", "cold start", target: defaultData ? 2000 : nil, reason: "\(error)"))
        }
    }

    /// A cohort-builder count refresh through SessionCore.attrition: entry (residents of
    /// 1 Jan 2024) and two rules; each refresh edits the last rule, as a user does, so the
    /// cached prefix is reused. Also the full recount of all steps in a new session.
    mutating func cohort() {
        let src: any VariableSource
        let cat: Catalogue
        do { src = try source(); cat = try fullCatalogue() } catch {
            results.append(BenchCommand.unavailable("cohort", "cohort", "cohort count refresh (edit last rule)", target: 100, reason: "\(error)"))
            return
        }
        let entry = ["require no.ssb.fdb as db", "create-dataset kohort", "import db/BEFOLKNING_KOMMNR_FORMELL 2024-01-01 as kommune"]
        let rule1 = ["import db/BEFOLKNING_KJOENN as kjonn", "keep if kjonn == '2'"]
        func rule2(_ t: Int) -> [String] { ["import db/INNTEKT_WLONN 2023-12-31 as lonn", "keep if lonn > \(t)"] }
        var session = SessionCore(source: src, catalogue: cat, analysisRunner: benchAnalysisRunner())
        var threshold = 300_000
        results.append(BenchCommand.measure("cohort", "cohort", "cohort count refresh (edit last rule)", runs: runs, target: 100) {
            threshold += 1000
            let out = session.attrition([entry, rule1, rule2(threshold)])
            if let e = out.error { throw RunCommand.RunError(description: e) }
        })
        results.append(BenchCommand.measure("cohort", "cohort-full", "cohort full recount (new session, 3 steps)", runs: runs, target: nil) {
            var fresh = SessionCore(source: src, catalogue: cat, analysisRunner: benchAnalysisRunner())
            let out = fresh.attrition([entry, rule1, rule2(300_000)])
            if let e = out.error { throw RunCommand.RunError(description: e) }
        })
    }

    /// compare.py's filter-count (`count_nonzero(lonn > 500000)` over the exported person
    /// table) as a user meets it: the cohort builder's count refresh. The entry is the person
    /// table's rows exactly (the first import of BenchScripts.persons makes its population;
    /// lonn's missing values, 0 in the export, fail the test either way) and the one rule is
    /// the filter. Each run edits the rule's text between `lonn > 500000` and `lonn > 500000.0`:
    /// the cached entry is reused and the filter reruns, on the peers' very predicate.
    mutating func filterCount() {
        let name = "cohort count refresh: keep if lonn > \(BenchScripts.filterThreshold), all persons"
        let src: any VariableSource
        let cat: Catalogue
        do { src = try source(); cat = try fullCatalogue() } catch {
            results.append(BenchCommand.unavailable("filter-count", "filter-count", name, target: 100, reason: "\(error)"))
            return
        }
        let entry = ["require no.ssb.fdb as db", "create-dataset kohort", "import db/BEFOLKNING_KJOENN as kjonn",
                     "import db/INNTEKT_WLONN 2023-12-31 as lonn"]
        let t = BenchScripts.filterThreshold
        let rules = [["keep if lonn > \(t)"], ["keep if lonn > \(t).0"]]
        var session = SessionCore(source: src, catalogue: cat, analysisRunner: benchAnalysisRunner())
        var run = 0
        results.append(BenchCommand.measure("filter-count", "filter-count", name, runs: runs, target: 100) {
            run += 1
            let out = session.attrition([entry, rules[run % 2]])
            if let e = out.error { throw RunCommand.RunError(description: e) }
        })
    }

    /// Keystroke → frame through the headless driver (update + view), full catalogue, 120×40:
    /// typing a search query letter by letter, and moving the selection.
    mutating func tui() {
        let cat: Catalogue
        do { cat = try fullCatalogue() } catch {
            results.append(BenchCommand.unavailable("tui", "tui", "keystroke → frame", target: 16, reason: "\(error)"))
            return
        }
        let context = AppContext(catalogue: cat)
        var state = AppState(context: context, width: 120, height: 40)
        update(&state, .key(.character("/")), context)
        let typed = Array("kreft lymfeknuter")
        var i = 0
        results.append(BenchCommand.measure("tui", "tui", "keystroke → frame: type in search", runs: max(runs, typed.count), target: 16) {
            let key: Key = i % (2 * typed.count) < typed.count ? .character(typed[i % typed.count]) : .backspace
            i += 1
            update(&state, .key(key), context)
            _ = view(state, context)
        })
        update(&state, .key(.escape), context)
        var j = 0
        results.append(BenchCommand.measure("tui", "tui-move", "keystroke → frame: move selection", runs: runs, target: 16) {
            j += 1
            update(&state, .key(j % 10 < 5 ? .down : .up), context)
            _ = view(state, context)
        })
    }
}
