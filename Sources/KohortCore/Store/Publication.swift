import Foundation

/// Where a publication writes its variables before they become part of the store.
///
/// Everything goes into `<store>/.staging-<uuid>/NAME/` first, on the same file system as the
/// store, so the later moves are renames (atomic, no copying).
public final class StagingArea {
    public let directory: URL
    fileprivate(set) var staged: [(name: String, folder: URL)] = []

    init(directory: URL) { self.directory = directory }

    /// Writes one variable into the staging area. Writing the same name twice replaces it.
    public func add(_ columns: VariableColumns, meta: VariableMeta, sourceMetadata: Data? = nil) throws {
        let folder = directory.appendingPathComponent(meta.name, isDirectory: true)
        if FileIO.exists(folder) { try? FileManager.default.removeItem(at: folder) }
        staged.removeAll { $0.name == meta.name }
        try VariableWriter.write(columns, meta: meta, sourceMetadata: sourceMetadata, to: folder)
        staged.append((meta.name, folder))
    }
}

/// Points at which tests make a publication fail, to prove a crash leaves the store intact.
enum PublicationInterruption: Sendable {
    /// After the staging area is written, before anything moves into the store.
    case afterStaging
    /// After the variable folders moved into the store, before the manifest is replaced.
    case beforeManifest
}

extension Datastore {
    /// Publishes a new version: `write` stages variables, then they move into
    /// `variables/NAME/v<N>/` and the manifest is replaced atomically.
    ///
    /// Crash safety: until the final rename of `manifest.json`, the old manifest is in place
    /// and names only old folders, so readers (and a restarted Kohort) see the previous
    /// version unchanged. Leftovers of a crash (`.staging-*`, unreferenced `v<N>` folders)
    /// are removed by the next publication before it writes anything.
    ///
    /// The new version contains every variable of the latest one, with the staged variables
    /// added (ADD) or replaced (CHANGE).
    @discardableResult
    public func publish(releaseNote: String, date: String? = nil,
                        _ write: (StagingArea) throws -> Void) throws -> Datastore {
        try publish(releaseNote: releaseNote, date: date, interruption: nil, write)
    }

    func publish(releaseNote: String, date: String?, interruption: PublicationInterruption?,
                 _ write: (StagingArea) throws -> Void) throws -> Datastore {
        try FileIO.createDirectory(directory)
        try removeLeftovers()
        let number = (latestVersion ?? 0) + 1
        let staging = StagingArea(directory: directory.appendingPathComponent(".staging-\(UUID().uuidString)", isDirectory: true))
        try FileIO.createDirectory(staging.directory)
        defer { try? FileManager.default.removeItem(at: staging.directory) }

        try write(staging)
        if interruption == .afterStaging { throw StoreError.interrupted(stage: "staging") }

        let previous = manifest.versions.last?.variables ?? [:]
        var variables = previous
        var changes: [VariableChange] = []
        for (name, folder) in staging.staged {
            let relative = "variables/\(name)/v\(number)"
            let target = directory.appendingPathComponent(relative, isDirectory: true)
            let parent = target.deletingLastPathComponent()
            try FileIO.createDirectory(parent)
            if FileIO.exists(target) { try FileManager.default.removeItem(at: target) }
            try FileIO.rename(folder, to: target)
            try FileIO.syncDirectory(parent)
            variables[name] = relative
            changes.append(VariableChange(variable: name, kind: previous[name] == nil ? .add : .change))
        }
        if interruption == .beforeManifest { throw StoreError.interrupted(stage: "publishing the manifest") }

        var next = manifest
        next.versions.append(DatastoreVersion(number: number, date: date ?? Self.today(), releaseNote: releaseNote,
                                              changes: changes, variables: variables))
        try next.save(to: directory.appendingPathComponent(DatastoreManifest.fileName))
        return Datastore(directory: directory, manifest: next)
    }

    /// Deletes staging folders and variable folders no version names: both can only be
    /// leftovers of an interrupted publication.
    func removeLeftovers() throws {
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where entry.hasPrefix(".staging-") {
            try? fm.removeItem(at: directory.appendingPathComponent(entry))
        }
        let referenced = Set(manifest.versions.flatMap { $0.variables.values })
        let root = directory.appendingPathComponent("variables", isDirectory: true)
        for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] {
            for folder in (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(name).path)) ?? [] {
                let relative = "variables/\(name)/\(folder)"
                if !referenced.contains(relative) { try? fm.removeItem(at: directory.appendingPathComponent(relative)) }
            }
        }
    }

    static func today() -> String {
        EpochDays.format(Int32(Date().timeIntervalSince1970 / 86_400))
    }
}
