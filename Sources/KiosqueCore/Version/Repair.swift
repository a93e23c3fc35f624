import Foundation

/// `run --force` on a source that still gives the current version's content: the data files of
/// that version that changed after they were published (edited in place, truncated, deleted) are
/// written again from the staged files, which have the very checksums `versions.json` and
/// `SHA256SUMS` record. Nothing else moves: no new version, the same names, the same bytes as
/// published. Metadata files (`report.json`, `datapackage.json`) hold the first run's moment and
/// cannot be made again; they stay for a backup to restore.
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
}
