import Foundation

/// The built-in default data: every available catalogue variable of `no.ssb.fdb`,
/// `no.fhi.krg` and `no.fhi.npr`, generated from the synthetic Norway the first time it is
/// asked for and cached as a columnar variable (docs/synthetic-store.md).
///
/// Cache layout: `<cacheRoot>/synthetic-g<generator>.<store>-seed<S>-persons<N>/<datastore>/<NAME>/`
/// holding the store's variable folder (`meta.json` + column files). Every version of a
/// datastore serves the same data, so the folders are per datastore, not per version. No
/// manifest: this cache is not a published `Datastore` (publishing would delete folders the
/// manifest does not name), and the synthetic source is its own catalogue.
///
/// Trust: a cached variable is used only after its meta names this generator exactly and
/// every file passes its header and checksum (once per process); anything else — a flipped
/// byte, a truncated file, another generator version, a missing file — is removed and
/// rebuilt. Writes go to a temporary folder beside the target and are renamed into place,
/// so readers (other processes too) never see a half-written variable; two processes that
/// build the same variable at once produce identical bytes and the loser's copy is dropped.
public final class SyntheticSource: VariableSource, @unchecked Sendable {
    /// The store layer's own version: bumped when the mapping of catalogue variables to
    /// generated columns changes (the generator has `SyntheticConfig.generatorVersion`).
    public static let storeVersion = 1
    public static let ssb = "no.ssb.fdb", krg = "no.fhi.krg", npr = "no.fhi.npr"
    /// Versions served; all of them serve the same synthetic data.
    public static let servedVersions: [String: [Int]] = [ssb: Array(1...53), krg: [1, 2, 3], npr: [1, 2]]

    public let config: SyntheticConfig
    public let catalogue: Catalogue
    public let cacheRoot: URL
    /// The folder of this (generator, seed, persons).
    public let directory: URL
    /// Progress messages of slow generation ("generating X …"); nil = silent.
    public var progress: (@Sendable (String) -> Void)?

    private let lock = NSLock()
    private let buildLock = NSLock()
    private var opened: [String: StoredVariable] = [:]
    private var producerSlot: SyntheticProducer?
    private let byStore: [String: [String: CatalogueVariable]]

    public init(config: SyntheticConfig, catalogue: Catalogue, cacheRoot: URL) {
        self.config = config
        self.catalogue = catalogue
        self.cacheRoot = cacheRoot
        self.directory = cacheRoot.appendingPathComponent(Self.folderName(config), isDirectory: true)
        var byStore: [String: [String: CatalogueVariable]] = [:]
        for v in catalogue.variables where v.availability == .available && Self.servedVersions[v.datastore] != nil {
            byStore[v.datastore, default: [:]][v.name] = v
        }
        self.byStore = byStore
    }

    /// What `kohort` uses: the catalogue assets, the XDG cache, full size and the fixed seed
    /// unless overridden.
    public static func makeDefault(persons: Int? = nil, seed: UInt64? = nil,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SyntheticSource {
        let config = SyntheticConfig(seed: seed ?? SyntheticConfig.defaultSeed, persons: persons ?? SyntheticConfig.fullResidents)
        return SyntheticSource(config: config, catalogue: try CatalogueLoader.loadDefault(),
                               cacheRoot: StoreLocations.cacheDirectory(environment: environment))
    }

    public static func folderName(_ c: SyntheticConfig) -> String {
        "synthetic-g\(SyntheticConfig.generatorVersion).\(storeVersion)-seed\(c.seed)-persons\(c.persons)"
    }

    /// The `generator` field every cached variable's meta.json must carry.
    public var generatorStamp: String {
        "synthetic \(SyntheticConfig.generatorVersion).\(Self.storeVersion) seed \(config.seed) persons \(config.persons)"
    }

    /// The generator behind the source (made on first need: a warm start never builds it).
    public var producer: SyntheticProducer {
        lock.lock(); defer { lock.unlock() }
        if let p = producerSlot { return p }
        let p = SyntheticProducer(norway: SyntheticNorway(config: config), catalogue: catalogue)
        producerSlot = p
        return p
    }

    // MARK: VariableSource

    public var datastoreNames: [String] { [Self.ssb, Self.krg, Self.npr] }

    public func versions(of datastore: String) throws -> [Int] {
        guard let v = Self.servedVersions[datastore] else {
            throw StoreError.unknownDatastore(name: datastore, available: datastoreNames)
        }
        return v
    }

    public func variableNames(datastore: String, version: Int) throws -> [String] {
        try check(datastore, version)
        return (byStore[datastore] ?? [:]).keys.sorted()
    }

    public func policy(datastore: String) throws -> DisclosurePolicy {
        _ = try versions(of: datastore)
        return .default
    }

    public func variable(_ name: String, datastore: String, version: Int) throws -> StoredVariable {
        try check(datastore, version)
        guard let v = byStore[datastore]?[name] ?? byStore[datastore]?[name.uppercased()] else {
            throw StoreError.unknownVariable(store: datastore, version: version, name: name)
        }
        let cacheKey = datastore + "/" + v.name
        lock.lock()
        if let hit = opened[cacheKey] { lock.unlock(); return hit }
        lock.unlock()
        buildLock.lock(); defer { buildLock.unlock() }
        lock.lock()
        if let hit = opened[cacheKey] { lock.unlock(); return hit }
        lock.unlock()
        let stored = try openOrBuild(v)
        lock.lock(); opened[cacheKey] = stored; lock.unlock()
        return stored
    }

    private func check(_ datastore: String, _ version: Int) throws {
        let available = try versions(of: datastore)
        guard available.contains(version) else {
            throw StoreError.unknownVersion(store: datastore, requested: version, available: available)
        }
    }

    // MARK: cache

    public func folder(of v: CatalogueVariable) -> URL {
        directory.appendingPathComponent(v.datastore, isDirectory: true).appendingPathComponent(v.name, isDirectory: true)
    }

    /// The cached variable if it is complete, current and intact, else nil.
    public func cached(_ v: CatalogueVariable) -> StoredVariable? {
        let dir = folder(of: v)
        guard FileIO.exists(dir.appendingPathComponent(VariableFiles.meta)) else { return nil }
        do {
            let stored = try StoredVariable(directory: dir)
            guard stored.meta.generator == generatorStamp, stored.meta.name == v.name,
                  stored.meta.dataType.rawValue == v.dataType.rawValue,
                  stored.meta.temporality.rawValue == v.temporality.rawValue else { return nil }
            try stored.verify()
            // Verified just now: later column opens check headers and sizes only.
            var opened = try StoredVariable(directory: dir, verification: .header)
            opened.buildsSideIndexes = true // a cache: PeriodIndex may add by-period copies
            return opened
        } catch {
            return nil
        }
    }

    /// Is the variable in the cache (complete, by its meta file)? Does not verify.
    public func isGenerated(_ v: CatalogueVariable) -> Bool {
        FileIO.exists(folder(of: v).appendingPathComponent(VariableFiles.meta))
    }

    private func openOrBuild(_ v: CatalogueVariable) throws -> StoredVariable {
        if let hit = cached(v) { return hit }
        let dir = folder(of: v)
        let started = Date()
        // Progress only for what takes more than a second: a note after 1 s, and the time at
        // the end; a fast variable says nothing.
        let note = progress.map { report in DispatchWorkItem { report("generating \(v.datastore)/\(v.name) …") } }
        if let note { DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: note) }
        let columns = producer.columns(for: v)
        let ours = try write(columns, of: v, to: dir)
        note?.cancel()
        let seconds = Date().timeIntervalSince(started)
        if seconds > 1 { progress?(String(format: "generated %@ (%d rows) in %.1f s", v.name, columns.count, seconds)) }
        // Our own folder holds the bytes this process just encoded and wrote without an error,
        // so a second checksum pass would only re-read them (≈ 0.1 s at full size on a cold
        // start); every column's header and size are still checked when the engine maps it,
        // and the next process verifies it all on its first open. A copy another process put
        // in place is verified in full.
        if ours, let stored = try? StoredVariable(directory: dir, verification: .header), stored.meta.generator == generatorStamp {
            return stored
        }
        guard let stored = cached(v) else {
            throw StoreError.malformed(path: dir.path, reason: "the generated variable did not verify after writing")
        }
        return stored
    }

    /// Generates a variable's columns without touching the cache (benchmarks, tests).
    public func generate(_ v: CatalogueVariable) -> VariableColumns { producer.columns(for: v) }

    /// Writes the folder and renames it into place; false when another process's identical copy
    /// was already there and was kept.
    @discardableResult
    private func write(_ columns: VariableColumns, of v: CatalogueVariable, to dir: URL) throws -> Bool {
        let parent = dir.deletingLastPathComponent()
        try FileIO.createDirectory(parent)
        let tmp = parent.appendingPathComponent(".tmp-\(v.name)-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let meta = VariableMeta(name: v.name, temporality: Microdata.Temporality(rawValue: v.temporality.rawValue)!,
                                dataType: Microdata.DataType(rawValue: v.dataType.rawValue)!, unitType: v.unitType,
                                rowCount: columns.count, generator: generatorStamp)
        try Self.writeFolder(columns, meta: meta, to: tmp)
        if FileIO.exists(dir) {
            // A stale or damaged copy: move it aside first (rename is atomic), then delete it.
            let trash = parent.appendingPathComponent(".old-\(v.name)-\(UUID().uuidString)", isDirectory: true)
            try? FileIO.rename(dir, to: trash)
            try? FileManager.default.removeItem(at: trash)
        }
        do {
            try FileIO.rename(tmp, to: dir)
            return true
        } catch {
            // Another process put a copy in place meanwhile; ours is identical, so keep theirs.
            guard FileIO.exists(dir.appendingPathComponent(VariableFiles.meta)) else { throw error }
            return false
        }
    }

    /// The store's variable folder format (`VariableWriter`), written without an fsync per file:
    /// this is a cache, so durability comes from verification (a torn file fails its checksum
    /// and is rebuilt), and atomicity from renaming the finished folder into place. Plain
    /// `write(2)` calls, not `Data.write(to:)`: Foundation's fsyncs every file, which at full
    /// size made a cold start wait for 180 MB to reach the disk; and each column is written from
    /// its own buffer after a 32-byte header, not copied into one `Data` first.
    static func writeFolder(_ columns: VariableColumns, meta: VariableMeta, to dir: URL) throws {
        try FileIO.createDirectory(dir)
        // Each column file is a checksum pass and a write of up to 75 MB at full size: the
        // files are independent, so they go on both cores; meta.json last.
        var files: [(name: String, write: @Sendable (URL) throws -> Void)] = [
            (VariableFiles.ids, { url in try columns.ids.withUnsafeBufferPointer { try writeColumn($0, to: url) } }),
            (VariableFiles.starts, { url in try columns.starts.withUnsafeBufferPointer { try writeColumn($0, to: url) } }),
            (VariableFiles.stops, { url in try columns.stops.withUnsafeBufferPointer { try writeColumn($0, to: url) } }),
        ]
        switch columns.values {
        case .long(let v): files.append((VariableFiles.values, { url in try v.withUnsafeBufferPointer { try writeColumn($0, to: url) } }))
        case .double(let v): files.append((VariableFiles.values, { url in try v.withUnsafeBufferPointer { try writeColumn($0, to: url) } }))
        case .date(let v): files.append((VariableFiles.values, { url in try v.withUnsafeBufferPointer { try writeColumn($0, to: url) } }))
        case .string(let codes, let dictionary):
            files.append((VariableFiles.dictionary, { url in
                let data = StringTable.encode(dictionary)
                try data.withUnsafeBytes { try writeFile(url, [$0]) }
            }))
            files.append((VariableFiles.values, { url in try codes.withUnsafeBufferPointer { try writeColumn($0, to: url) } }))
        }
        let jobs = files
        let failures = WriteFailures()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            do { try jobs[k].write(dir.appendingPathComponent(jobs[k].name)) } catch { failures.record(k, error) }
        }
        if let first = failures.first { throw first }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let meta = try encoder.encode(meta)
        try meta.withUnsafeBytes { try writeFile(dir.appendingPathComponent(VariableFiles.meta), [$0]) }
    }

    private static func writeColumn<T: ColumnElement>(_ values: UnsafeBufferPointer<T>, to url: URL) throws {
        let header = ColumnFile.header(values)
        try header.withUnsafeBytes { try writeFile(url, [$0, UnsafeRawBufferPointer(values)]) }
    }

    /// Creates (or truncates) `url` and writes the parts in order; no fsync (see writeFolder).
    private static func writeFile(_ url: URL, _ parts: [UnsafeRawBufferPointer]) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: url.path, operation: "open", errno: errno) }
        defer { close(fd) }
        for part in parts {
            var done = 0
            while done < part.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, part.baseAddress! + done, part.count - done)
                #else
                let n = Darwin.write(fd, part.baseAddress! + done, part.count - done)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: url.path, operation: "write", errno: errno)
                }
                done += n
            }
        }
    }

    // MARK: description

    /// Every served catalogue variable (available, in a served datastore), catalogue order.
    public var servedVariables: [CatalogueVariable] {
        catalogue.variables.filter { byStore[$0.datastore]?[$0.name] != nil }
    }

    public func catalogueVariable(_ name: String, datastore: String) -> CatalogueVariable? {
        byStore[datastore]?[name] ?? byStore[datastore]?[name.uppercased()]
    }
}

/// The first error (in file order) of the concurrent column writes.
private final class WriteFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(Int, any Error)] = []
    func record(_ k: Int, _ e: any Error) { lock.lock(); errors.append((k, e)); lock.unlock() }
    var first: (any Error)? { lock.lock(); defer { lock.unlock() }; return errors.min { $0.0 < $1.0 }?.1 }
}
