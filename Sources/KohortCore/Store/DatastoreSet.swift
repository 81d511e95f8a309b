import Foundation

/// The datastores a session can `require`: every `--datastore DIR` given, plus the default.
/// Resolves a script's `require NAME:VERSION` to exactly one version of one store.
public struct DatastoreSet: Sendable {
    public let stores: [Datastore]

    public init(_ stores: [Datastore]) { self.stores = stores }

    /// Opens each directory as a store; a later directory with the same store name wins (so a
    /// local copy can shadow the default).
    public init(directories: [URL]) throws {
        var byName: [String: Datastore] = [:]
        var order: [String] = []
        for dir in directories {
            let store = try Datastore.open(dir)
            if byName[store.name] == nil { order.append(store.name) }
            byName[store.name] = store
        }
        stores = order.compactMap { byName[$0] }
    }

    public var names: [String] { stores.map(\.name) }

    /// `require name:version` (latest when `version` is nil). Unknown names and versions are
    /// errors that list what exists.
    public func require(_ name: String, version: Int? = nil) throws -> ResolvedVersion {
        guard let store = stores.first(where: { $0.name == name }) else {
            throw StoreError.unknownDatastore(name: name, available: names.sorted())
        }
        return try store.resolve(version: version)
    }

    /// Splits `no.ssb.fdb:23` into name and version (`no.ssb.fdb` alone means the latest).
    /// Nil when the version part is not a positive whole number or the name is empty.
    public static func parseRequirement(_ text: String) -> (name: String, version: Int?)? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        guard parts.count == 2 else { return (name, nil) }
        guard let v = Int(parts[1].trimmingCharacters(in: .whitespaces)), v > 0 else { return nil }
        return (name, v)
    }
}
