import Foundation

/// A datastore directory: `manifest.json`, the variable folders it names, and optionally
/// `policy.json`. Versions are immutable; publishing adds one (see `publish`).
///
/// A value of this type is a snapshot of the manifest at open time; `publish` returns the
/// new snapshot. Concurrent publishers on one store are not coordinated (one importer at a
/// time, as with a data provider's delivery pipeline).
public struct Datastore: Sendable {
    public let directory: URL
    public let manifest: DatastoreManifest

    public var name: String { manifest.name }
    /// Version numbers, ascending.
    public var versionNumbers: [Int] { manifest.versions.map(\.number) }
    public var latestVersion: Int? { manifest.versions.last?.number }

    /// Opens an existing store; a missing or damaged manifest is a `StoreError`.
    public static func open(_ directory: URL) throws -> Datastore {
        let manifest = try DatastoreManifest.load(from: directory.appendingPathComponent(DatastoreManifest.fileName))
        return Datastore(directory: directory, manifest: manifest)
    }

    /// Opens the store at `directory`, creating an empty one named `name` if there is none.
    public static func openOrCreate(_ directory: URL, name: String) throws -> Datastore {
        let url = directory.appendingPathComponent(DatastoreManifest.fileName)
        if FileIO.exists(url) { return try open(directory) }
        try FileIO.createDirectory(directory)
        let manifest = DatastoreManifest(name: name)
        try manifest.save(to: url)
        return Datastore(directory: directory, manifest: manifest)
    }

    /// The store at `directory`, or — when there is none — an empty store named `name` that
    /// exists only in memory until its first `publish` (so a failed first import leaves no
    /// half-made store behind).
    public static func openOrNew(_ directory: URL, name: String) throws -> Datastore {
        if FileIO.exists(directory.appendingPathComponent(DatastoreManifest.fileName)) { return try open(directory) }
        return Datastore(directory: directory, manifest: DatastoreManifest(name: name))
    }

    /// Checks every column of every variable of `version` (header, size, checksum) and the
    /// string tables. For a cache: any error means "rebuild", never "use".
    public func verify(version: Int? = nil) throws {
        let resolved = try resolve(version: version)
        for name in resolved.variableNames { try resolved.variable(name).verify() }
    }

    /// The version `require NAME:N` asks for, or the latest when `version` is nil.
    /// An unknown version (or an empty store) is an error listing the versions that exist.
    public func resolve(version: Int? = nil) throws -> ResolvedVersion {
        let wanted = version ?? latestVersion ?? 0
        guard let v = manifest.versions.first(where: { $0.number == wanted }) else {
            throw StoreError.unknownVersion(store: name, requested: wanted, available: versionNumbers)
        }
        return ResolvedVersion(storeName: name, storeDirectory: directory, version: v)
    }

    /// `policy.json`: the data owner's disclosure thresholds as a flat object of numbers
    /// (booleans read as 0/1). Interpreting the keys is the disclosure layer's job; nil when
    /// the store has no policy file.
    public func policy() throws -> [String: Double]? {
        let url = directory.appendingPathComponent("policy.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw StoreError.malformed(path: url.path, reason: "the policy must be a JSON object of numbers.")
        }
        var policy: [String: Double] = [:]
        for (key, value) in object {
            switch value {
            case let b as Bool: policy[key] = b ? 1 : 0
            case let i as Int: policy[key] = Double(i)
            case let d as Double: policy[key] = d
            case let n as NSNumber: policy[key] = n.doubleValue
            default:
                throw StoreError.malformed(path: url.path, reason: "the policy value of \"\(key)\" is not a number.")
            }
        }
        return policy
    }
}

/// One version of one store, resolved: the exact variable folders that version names.
public struct ResolvedVersion: Sendable {
    public let storeName: String
    public let storeDirectory: URL
    public let version: DatastoreVersion

    public var number: Int { version.number }
    public var variableNames: [String] { version.variables.keys.sorted() }

    public func contains(_ name: String) -> Bool { version.variables[name] != nil }

    public func directory(of name: String) throws -> URL {
        guard let relative = version.variables[name] else {
            throw StoreError.unknownVariable(store: storeName, version: version.number, name: name)
        }
        return storeDirectory.appendingPathComponent(relative, isDirectory: true)
    }

    /// Opens a variable of this version (reads only its meta.json; columns map on demand).
    public func variable(_ name: String, verification: ColumnVerification = .checksum) throws -> StoredVariable {
        try StoredVariable(directory: directory(of: name), verification: verification)
    }
}
