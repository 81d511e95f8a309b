import Foundation
import KohortCore

/// `--datastore DIR` (repeatable): imported datastores served beside the built-in catalogue.
/// Their variables join the catalogue (from each delivery's metadata and the optional
/// `catalogue.json` sidecar), so search, describe and the interface show them too.
enum DatastoreOptions {
    static func catalogue(datastores directories: [String]) throws -> Catalogue {
        let base = try CatalogueLoader.loadDefault()
        guard !directories.isEmpty else { return base }
        return try base.extended(with: try DatastoreSet(directories: directories.map { URL(fileURLWithPath: $0) }))
    }
}
