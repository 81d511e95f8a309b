import Foundation

/// Where the engine gets register variables: the seam between the engine and the data.
///
/// Two kinds of source serve it: stores imported from microdata-tools deliveries
/// (`DatastoreSetSource`), and the synthetic Norway, which generates a variable the first
/// time it is asked for and caches it as a stored variable. The engine sees only memory-mapped
/// `StoredVariable`s, whichever source made them.
public protocol VariableSource: Sendable {
    /// Datastore names this source serves.
    var datastoreNames: [String] { get }
    /// The version numbers of a datastore; an unknown datastore is an error listing the known.
    func versions(of datastore: String) throws -> [Int]
    /// The variable as stored in that version (generated first if the source is lazy).
    func variable(_ name: String, datastore: String, version: Int) throws -> StoredVariable
    /// The names of the variables in that version.
    func variableNames(datastore: String, version: Int) throws -> [String]
    /// The data owner's disclosure policy for the datastore.
    func policy(datastore: String) throws -> DisclosurePolicy
}

extension VariableSource {
    /// `require NAME[:VERSION]`: the version to use, or an error that lists the versions that
    /// exist (so `require no.ssb.fdb:99` tells the user what they may write instead).
    public func resolve(datastore: String, version: Int?) throws -> Int {
        let available = try versions(of: datastore)
        guard let version else {
            guard let latest = available.last else { throw StoreError.unknownVersion(store: datastore, requested: 0, available: []) }
            return latest
        }
        guard available.contains(version) else {
            throw StoreError.unknownVersion(store: datastore, requested: version, available: available)
        }
        return version
    }
}

/// Imported datastores on disk, as given by `--datastore DIR`.
public struct DatastoreSetSource: VariableSource {
    public let datastores: DatastoreSet

    public init(_ datastores: DatastoreSet) { self.datastores = datastores }

    public var datastoreNames: [String] { datastores.names }

    public func versions(of datastore: String) throws -> [Int] {
        guard let store = datastores.stores.first(where: { $0.name == datastore }) else {
            throw StoreError.unknownDatastore(name: datastore, available: datastores.names.sorted())
        }
        return store.versionNumbers
    }

    public func variable(_ name: String, datastore: String, version: Int) throws -> StoredVariable {
        try datastores.require(datastore, version: version).variable(name)
    }

    public func variableNames(datastore: String, version: Int) throws -> [String] {
        try datastores.require(datastore, version: version).variableNames
    }

    public func policy(datastore: String) throws -> DisclosurePolicy {
        guard let store = datastores.stores.first(where: { $0.name == datastore }) else {
            throw StoreError.unknownDatastore(name: datastore, available: datastores.names.sorted())
        }
        return try DisclosurePolicy.load(from: store.directory.appendingPathComponent("policy.json"))
    }
}
