import Crypto
import Foundation

/// Promotes a staged version: metadata beside the data, one rename into place, stable files
/// switched by rename, then `versions.json`. A crash at any point leaves the previous publication whole.
struct Publication {
    let recipe: Recipe
    let settings: CatalogSettings
    let workspace: Workspace
    let clock: RunClock

    func promote(staging: URL, files: [VersionFile], fields: [String], history: VersionHistory,
                 tally: ValidationTally, body: FetchedBody, encoding: TextEncoding) throws -> String {
        let id = recipe.id
        let datasetFolder = workspace.datasetFolder(id)
        try FileManager.default.createDirectory(at: datasetFolder, withIntermediateDirectories: true)
        var taken = Set(history.versions.map(\.version))
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: datasetFolder.path)) ?? []
        taken.formUnion(folders)
        let version = VersionHistory.nextName(for: clock.day, taken: taken)

        // Metadata files, then the checksums of everything in the folder.
        let report = RunReport(recipe: recipe, version: version, generated: clock.timestamp, tally: tally, body: body, encoding: encoding)
        let package = DataPackage.make(recipe: recipe, settings: settings, version: version, issued: clock.timestamp, files: files)
        var sums = files.map { ($0.name, $0.sha256) }
        for (name, data) in [("report.json", try report.encoded()), ("datapackage.json", try DataPackage.encode(package))] {
            try FileSystem.writeAtomically(data, to: staging.appendingPathComponent(name))
            sums.append((name, Self.sha256(data)))
        }
        let checksums = sums.sorted { $0.0 < $1.0 }.map { "\($0.1)  \($0.0)\n" }.joined()
        try FileSystem.writeAtomically(checksums, to: staging.appendingPathComponent("SHA256SUMS"))
        FileSystem.syncDirectory(staging)

        let versionFolder = workspace.versionFolder(id, version)
        try FileSystem.rename(staging, to: versionFolder)

        for format in PublishFormat.allCases {
            let stable = workspace.stableFile(id, format)
            if let file = files.first(where: { $0.format == format.rawValue }) {
                try FileSystem.replace(stable, withContentOf: versionFolder.appendingPathComponent(file.name))
            } else if FileSystem.exists(stable) {
                try FileManager.default.removeItem(at: stable)
            }
        }

        var updated = history
        let changes = history.current.map { previous in
            VersionChanges(previous: previous.version, rowsBefore: previous.rows, rowsAfter: tally.rowsPublished,
                           fieldsAdded: fields.filter { !previous.fields.contains($0) },
                           fieldsRemoved: previous.fields.filter { !fields.contains($0) })
        }
        updated.versions.insert(VersionEntry(version: version, issued: clock.timestamp, rows: tally.rowsPublished,
                                             fields: fields, files: files, changes: changes), at: 0)
        updated.latest = version
        var pruned: [String] = []
        if let keep = recipe.publish.keepVersions, updated.versions.count > keep {
            pruned = updated.versions[keep...].map(\.version)
            updated.versions.removeSubrange(keep...)
        }
        try FileSystem.writeAtomically(try updated.encoded(), to: workspace.historyFile(id))
        // Only once nothing points at them any more.
        for old in pruned {
            try? FileManager.default.removeItem(at: workspace.versionFolder(id, old))
        }
        return version
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
