import Foundation

/// `run --force` on a source that still gives the current version's content: the data files of
/// that version that changed after they were published (edited in place, truncated, deleted) are
/// written again from the staged files, which have the very checksums `versions.json` and
/// `SHA256SUMS` record. Nothing else moves: no new version, the same names, the same bytes as
/// published. The version's changes list is made again from the two versions' CSV files, when
/// both are as published. Metadata files (`report.json`, `datapackage.json`) hold the first run's
/// moment and cannot be made again; they stay for a backup to restore.
enum Repair {
    /// Writes back each damaged data file of the current version from `staging`, then links the stable files
    /// to the version again. The caller has found the staged files' checksums (the writers' own,
    /// taken while writing) equal to the current version's. Returns the paths written, relative to
    /// the output folder.
    static func dataFiles(of history: VersionHistory, staging: URL, workspace: Workspace) throws -> [String] {
        guard let current = history.current else { return [] }
        let id = history.dataset
        let folder = workspace.versionFolder(id, current.version)
        guard FileSystem.exists(folder) else { return [] }
        var repaired: [String] = []
        for file in current.files {
            let published = folder.appendingPathComponent(file.name)
            if Verifier.sha256(of: published) == file.sha256 { continue }
            try FileSystem.replace(published, withContentOf: staging.appendingPathComponent(file.name))
            repaired.append("datasets/\(id)/\(current.version)/\(file.name)")
        }
        guard !repaired.isEmpty else { return [] }
        FileSystem.syncDirectory(folder)
        // A stable file is a hard link to its version's file: link it to the rewritten one.
        try PromotionIntent(version: current.version, history: history, pruned: [], previous: nil).complete(workspace)
        return repaired
    }

    /// Writes back the current version's changes list (`<id>.changes.csv`) when it changed after it
    /// was published: made again from the previous version's CSV and the current one's, and kept
    /// only when its checksum is the one `SHA256SUMS` records. Returns the path written, or why it
    /// could not be (nil, nil when the list is as published, or the version has none).
    static func changesList(of history: VersionHistory, primaryKey: [String], staging: URL,
                            workspace: Workspace) throws -> (written: String?, problem: String?) {
        guard let current = history.current, let name = current.changes?.file, let previous = current.changes?.previous else { return (nil, nil) }
        let id = history.dataset
        let folder = workspace.versionFolder(id, current.version)
        let path = "datasets/\(id)/\(current.version)/\(name)"
        guard let recorded = Verifier.sums(in: folder)?[name], Verifier.sha256(of: folder.appendingPathComponent(name)) != recorded else { return (nil, nil) }
        let csv = PublishFormat.csv.fileName(for: id)
        let older = workspace.versionFolder(id, previous).appendingPathComponent(csv)
        let backup = "restore it from a backup of the output folder"
        guard let olderSum = Verifier.sums(in: older.deletingLastPathComponent())?[csv], Verifier.sha256(of: older) == olderSum else {
            let why = FileSystem.exists(older) ? "changed after it was published too" : "is no longer online (pruned by keep_versions, or withdrawn)"
            return (nil, "\(path) changed after it was published, and cannot be made again: it lists the changes since \(previous), whose CSV \(why); \(backup)")
        }
        let made = staging.appendingPathComponent(name)
        _ = try? VersionDiff.compare(previous: older, current: folder.appendingPathComponent(csv), keys: primaryKey, changes: made)
        guard Verifier.sha256(of: made) == recorded else {
            return (nil, "\(path) changed after it was published, and made again from the CSV files of \(previous) and \(current.version) it does not match SHA256SUMS (the recipe's primary_key may have changed since); \(backup)")
        }
        try FileSystem.replace(folder.appendingPathComponent(name), withContentOf: made)
        FileSystem.syncDirectory(folder)
        return (path, nil)
    }
}
