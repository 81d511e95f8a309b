import Foundation

/// Everything that can go wrong when reading or writing the columnar store.
///
/// Each case carries the path it concerns so that a message shown to a researcher (or in a
/// bug report) names the file to look at, and `description` is one plain sentence: the store
/// is data the user may have to rebuild by hand, so "what is wrong with which file" matters
/// more than a stack of wrapped errors.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file does not start with the column-file magic bytes: not one of ours.
    case badMagic(path: String)
    /// Written by a different (usually newer) format version than this build reads.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The header's element type is not the one the caller asked for, or unknown.
    case wrongElementType(path: String, found: UInt32, expected: UInt32)
    /// The file is shorter or longer than its header says: an interrupted write or truncation.
    case sizeMismatch(path: String, expectedBytes: Int, actualBytes: Int)
    /// The payload does not hash to the checksum in the header: bit rot or a partial overwrite.
    case checksumMismatch(path: String)
    /// A file that must exist does not.
    case missingFile(path: String)
    /// A JSON or dictionary file could not be understood.
    case malformed(path: String, reason: String)
    /// An I/O call failed (open, write, fsync, rename, mmap).
    case io(path: String, operation: String, errno: Int32)
    /// `require STORE:N` named a version the store does not have.
    case unknownVersion(store: String, requested: Int, available: [Int])
    /// `require NAME` named a datastore none of the opened store directories holds.
    case unknownDatastore(name: String, available: [String])
    /// A variable was asked for that the resolved version does not contain.
    case unknownVariable(store: String, version: Int, name: String)
    /// A delivery failed validation; nothing was written.
    case validationFailed(problems: [ValidationProblem])
    /// An import was interrupted (used by tests to simulate a crash mid-import).
    case interrupted(stage: String)

    public var description: String {
        switch self {
        case .badMagic(let path):
            return "\(path) is not a Kohort column file (its first bytes are not the column-file magic)."
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path) has column format version \(found), but this build reads version \(supported); rebuild the store."
        case .wrongElementType(let path, let found, let expected):
            return "\(path) holds element type \(found), but element type \(expected) was expected."
        case .sizeMismatch(let path, let expected, let actual):
            return "\(path) is \(actual) bytes long but its header says \(expected); the file is truncated or damaged."
        case .checksumMismatch(let path):
            return "\(path) does not match its checksum; the file is damaged and must be rebuilt."
        case .missingFile(let path):
            return "\(path) does not exist."
        case .malformed(let path, let reason):
            return "\(path) could not be read: \(reason)"
        case .io(let path, let operation, let code):
            return "\(operation) failed for \(path): \(String(cString: strerror(code)))."
        case .unknownVersion(let store, let requested, let available):
            let list = available.map(String.init).joined(separator: ", ")
            return "Datastore \(store) has no version \(requested); the versions that exist are: \(list.isEmpty ? "none" : list)."
        case .unknownDatastore(let name, let available):
            let list = available.joined(separator: ", ")
            return "There is no datastore \(name); the datastores that exist are: \(list.isEmpty ? "none" : list)."
        case .unknownVariable(let store, let version, let name):
            return "Datastore \(store) version \(version) has no variable \(name)."
        case .validationFailed(let problems):
            return "The delivery has \(problems.count) problem(s); nothing was imported. First: \(problems.first?.description ?? "-")"
        case .interrupted(let stage):
            return "The import was interrupted during \(stage); the store is unchanged."
        }
    }
}

/// One finding of the microdata-tools validation: which file, which line (when the problem
/// belongs to a line; metadata problems carry the JSON path in the message instead), and a
/// sentence a data provider can act on without reading our source.
public struct ValidationProblem: Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
