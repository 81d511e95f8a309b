import Foundation

/// What a version did to one variable, as in SSB's release notes.
public enum VariableChangeKind: String, Codable, Sendable {
    /// The variable is new in this version.
    case add = "ADD"
    /// The variable existed and was replaced by new data or metadata.
    case change = "CHANGE"
}

public struct VariableChange: Codable, Equatable, Sendable {
    public var variable: String
    public var kind: VariableChangeKind

    public init(variable: String, kind: VariableChangeKind) {
        self.variable = variable
        self.kind = kind
    }
}

/// One immutable published version of a datastore.
public struct DatastoreVersion: Codable, Equatable, Sendable {
    public var number: Int
    /// Publication date, `YYYY-MM-DD` (UTC).
    public var date: String
    public var releaseNote: String
    /// What this version added or changed; variables carried over unchanged are not listed.
    public var changes: [VariableChange]
    /// Every variable in this version → its folder, relative to the store directory. Folders
    /// are never rewritten, so an old version keeps pointing at exactly the data it had.
    public var variables: [String: String]

    public init(number: Int, date: String, releaseNote: String, changes: [VariableChange], variables: [String: String]) {
        self.number = number
        self.date = date
        self.releaseNote = releaseNote
        self.changes = changes
        self.variables = variables
    }
}

/// `manifest.json`: the single source of truth of a datastore. Replacing it (atomically) is
/// what publishes a version; data files it does not name are invisible.
public struct DatastoreManifest: Codable, Equatable, Sendable {
    public static let currentFormatVersion = 1
    public static let fileName = "manifest.json"

    public var formatVersion: Int
    /// The datastore's name as scripts `require` it, e.g. `no.ssb.fdb`.
    public var name: String
    /// Ascending by number.
    public var versions: [DatastoreVersion]

    public init(name: String, versions: [DatastoreVersion] = []) {
        self.formatVersion = Self.currentFormatVersion
        self.name = name
        self.versions = versions
    }

    static func load(from url: URL) throws -> DatastoreManifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.missingFile(path: url.path)
        }
        let manifest: DatastoreManifest
        do {
            manifest = try JSONDecoder().decode(DatastoreManifest.self, from: data)
        } catch {
            throw StoreError.malformed(path: url.path, reason: "the manifest is not valid JSON of the expected shape (\(error)).")
        }
        guard manifest.formatVersion == currentFormatVersion else {
            throw StoreError.unsupportedVersion(path: url.path, found: UInt32(clamping: manifest.formatVersion),
                                                supported: UInt32(currentFormatVersion))
        }
        return manifest
    }

    func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw StoreError.malformed(path: url.path, reason: "the manifest could not be encoded (\(error)).")
        }
        try FileIO.writeAtomically(data, to: url)
    }
}
