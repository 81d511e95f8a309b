import Foundation

/// What an import published.
public struct ImportSummary: Sendable, Equatable {
    public var store: String
    public var version: Int
    public var changes: [VariableChange]
    public var rows: [String: Int]
}

/// Imports validated microdata-tools deliveries into a datastore as a new version.
///
/// One pass per delivery: the CSV is streamed once, checked and collected together; a
/// delivery's columns are written to the staging area and dropped before the next delivery is
/// read, so memory holds one variable at a time. If any delivery has a problem nothing is
/// published (the staging area is discarded) and the error lists every problem found.
public enum MicrodataImporter {
    /// Recorded in each variable's meta.json; bump when the import's output changes meaning.
    public static let generator = "kohort-import 1"

    /// Validates `dirs`, then publishes them as one new version of the store at `store`
    /// (created, named `name`, if it does not exist). Existing variables of the same name
    /// become CHANGE, new ones ADD; all other variables carry over unchanged.
    ///
    /// Throws `StoreError.validationFailed(problems:)` if any delivery is invalid, and
    /// `StoreError.malformed` if `store` belongs to a datastore with a different name.
    @discardableResult
    public static func importDeliveries(dirs: [URL], into store: URL, name: String, releaseNote: String,
                                        date: String? = nil) throws -> ImportSummary {
        try importDeliveries(dirs: dirs, into: store, name: name, releaseNote: releaseNote, date: date, interruption: nil)
    }

    static func importDeliveries(dirs: [URL], into store: URL, name: String, releaseNote: String, date: String?,
                                 interruption: PublicationInterruption?) throws -> ImportSummary {
        guard !dirs.isEmpty else {
            throw StoreError.validationFailed(problems: [ValidationProblem(file: store.path, line: nil, message: "no delivery folders were given.")])
        }
        let storeExisted = FileIO.exists(store)
        let datastore = try Datastore.openOrNew(store, name: name)
        guard datastore.name == name else {
            throw StoreError.malformed(path: store.path,
                                       reason: "this directory holds datastore \(datastore.name), not \(name).")
        }
        var problems: [ValidationProblem] = []
        var rows: [String: Int] = [:]
        defer {
            // A failed first import into a new directory leaves nothing behind.
            if !storeExisted, !FileIO.exists(store.appendingPathComponent(DatastoreManifest.fileName)),
               (try? FileManager.default.contentsOfDirectory(atPath: store.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: store)
            }
        }
        let published = try datastore.publish(releaseNote: releaseNote, date: date, interruption: interruption) { area in
            var seen: Set<String> = []
            for dir in dirs {
                let reading = MicrodataValidator.read(dir: dir, collectValues: problems.isEmpty)
                problems += reading.problems
                if !seen.insert(reading.name).inserted {
                    problems.append(ValidationProblem(file: reading.name, line: nil,
                                                      message: "the dataset \(reading.name) is given more than once in this import."))
                }
                guard problems.isEmpty, let metadata = reading.metadata, let columns = reading.columns else { continue }
                let meta = VariableMeta(name: reading.name, temporality: metadata.temporality, dataType: metadata.dataType,
                                        unitType: metadata.unitType, rowCount: columns.count, generator: generator)
                try area.add(columns, meta: meta, sourceMetadata: reading.metadataJSON)
                rows[reading.name] = columns.count
            }
            if !problems.isEmpty { throw StoreError.validationFailed(problems: problems) }
        }
        let version = try published.resolve()
        return ImportSummary(store: published.name, version: version.number, changes: version.version.changes, rows: rows)
    }
}
