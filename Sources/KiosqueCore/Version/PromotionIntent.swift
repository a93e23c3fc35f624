import Foundation

/// A promotion under way, written to `Output/datasets/<id>/.promotion.json` before the stable files
/// and `versions.json` change, and removed once the catalogue has caught up. A run killed in
/// between leaves it behind: `verify` then accepts either side of the switch, and the next run
/// (or `kiosque site`) completes it.
struct PromotionIntent: Codable, Equatable {
    /// The version being made current; after `kiosque withdraw` took the only version down, the
    /// withdrawn one, and `history` lists none.
    var version: String
    /// `versions.json` as it must be once the promotion is complete.
    var history: VersionHistory
    /// Version folders to delete once nothing points at them (`keep_versions`).
    var pruned: [String]
    /// The version that was current before, which the catalogue still describes until it is rewritten.
    var previous: VersionEntry?

    /// The entry of the version being made current.
    var entry: VersionEntry? { history.versions.first(where: { $0.version == version }) }

    static let packageName = "datapackage.json"

    static func file(_ workspace: Workspace, _ id: String) -> URL {
        workspace.datasetFolder(id).appendingPathComponent(".promotion.json")
    }

    static func load(_ workspace: Workspace, _ id: String) -> PromotionIntent? {
        guard let data = FileManager.default.contents(atPath: file(workspace, id).path) else { return nil }
        return try? JSONDecoder().decode(PromotionIntent.self, from: data)
    }

    func save(_ workspace: Workspace) throws {
        try FileSystem.writeAtomically(try JSONCoding.encoder.encode(self), to: Self.file(workspace, history.dataset))
    }

    /// Switches the stable files to `version` (removes them when `history` lists no version any
    /// more), writes `versions.json`, deletes the pruned folders.
    /// Idempotent: a run that died half-way through is finished by running it again.
    func complete(_ workspace: Workspace) throws {
        let id = history.dataset
        let entry = self.entry
        if entry == nil && !history.versions.isEmpty { return }
        let versionFolder = workspace.versionFolder(id, version)
        for format in PublishFormat.allCases {
            let stable = workspace.stableFile(id, format)
            let companion = stable.deletingLastPathComponent().appendingPathComponent(stable.lastPathComponent + "-metadata.json")
            if let file = entry?.files.first(where: { $0.format == format.rawValue }) {
                let source = versionFolder.appendingPathComponent(file.name)
                if !FileSystem.sameFile(stable, source) {
                    try FileSystem.replace(stable, withContentOf: source)
                }
                let metadata = versionFolder.appendingPathComponent("\(file.name)-metadata.json")
                if format == .csv, FileSystem.exists(metadata) {
                    try FileSystem.replace(companion, withContentOf: metadata)
                }
            } else {
                for url in [stable, companion] where FileSystem.exists(url) { try FileManager.default.removeItem(at: url) }
            }
        }
        // The Data Package beside the stable files: its resources' relative paths name them, with
        // their checksums, so `frictionless validate …/datasets/<id>/datapackage.json` checks the latest.
        let package = workspace.datasetFolder(id).appendingPathComponent(Self.packageName)
        let versionPackage = versionFolder.appendingPathComponent(Self.packageName)
        if entry != nil, FileSystem.exists(versionPackage) {
            if !FileSystem.sameFile(package, versionPackage) { try FileSystem.replace(package, withContentOf: versionPackage) }
        } else if FileSystem.exists(package) {
            try FileManager.default.removeItem(at: package)
        }
        if (try? workspace.loadHistory(id)) != history {
            try TestHooks.failure("promotion-history", writing: workspace.historyFile(id))
            try FileSystem.writeAtomically(try history.encoded(), to: workspace.historyFile(id))
        }
        for old in pruned {
            try? FileManager.default.removeItem(at: workspace.versionFolder(id, old))
        }
    }

    /// Whether versions.json lists a version this intent neither keeps nor prunes: it was written
    /// after the intent (a promotion under way only adds its version and prunes old ones), so the
    /// intent is an old one put back, and completing it would write an older history over today's.
    func isStale(_ workspace: Workspace) -> Bool {
        guard let onDisk = try? workspace.loadHistory(history.dataset) else { return false }
        let known = Set(history.versions.map(\.version) + pruned + [version])
        return onDisk.versions.contains { !known.contains($0.version) }
    }

    /// The checksums a stable file may have while the promotion is pending: the previous version's and
    /// the new one's.
    func stableHashes(named name: String) -> [String] {
        [previous, entry].compactMap { $0?.files.first(where: { $0.name == name })?.sha256 }
    }

    /// Whether the version being made current has a file of that name.
    func publishes(_ name: String) -> Bool {
        entry?.files.contains(where: { $0.name == name }) ?? false
    }

    /// The intent is fulfilled and the catalogue up to date.
    static func clear(_ workspace: Workspace, _ id: String) {
        unlink(file(workspace, id).path)
        FileSystem.syncDirectory(workspace.datasetFolder(id))
    }
}

/// Puts `Output/` back in order after a run that was killed: finishes promotions under way,
/// removes version folders nothing lists and leftover temporary files. Runs under the lock.
enum Recovery {
    static func recover(_ workspace: Workspace) throws {
        try? FileManager.default.removeItem(at: workspace.temporaryFolder)
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.datasetsFolder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
        for id in ids {
            let folder = workspace.datasetFolder(id)
            if let intent = PromotionIntent.load(workspace, id) {
                // An intent that leaves no version (the only one withdrawn) has no folder to find.
                // One older than versions.json (put back by a backup) would write an old history
                // over it: it is dropped.
                if intent.isStale(workspace) {
                    PromotionIntent.clear(workspace, id)
                } else if intent.history.versions.isEmpty || FileSystem.exists(workspace.versionFolder(id, intent.version)) {
                    try intent.complete(workspace)
                } else {
                    PromotionIntent.clear(workspace, id)
                }
            }
            // Which version folders are published is what versions.json says. When it cannot be read,
            // or is missing from a dataset whose stable files show it was published (deleted or
            // damaged by hand), no folder can be told unlisted: every one stays, and verify names
            // the file to restore. Only a history that was never written (a first run that died
            // before announcing its version) lets an unlisted folder go.
            let history: VersionHistory?
            do {
                history = try workspace.loadHistory(id)
            } catch {
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            let published = history != nil || VersionHistory.wasPublished(id, versionFolders: names.filter(VersionHistory.isVersionName), in: workspace)
            let listed = Set(history?.versions.map(\.version) ?? [])
            let withdrawn = Set((history?.withdrawn ?? []).map(\.version))
            for name in names {
                let url = folder.appendingPathComponent(name)
                if name.hasPrefix("."), name.contains(".tmp-") {
                    try? FileManager.default.removeItem(at: url)
                } else if VersionHistory.isVersionName(name), !listed.contains(name), history != nil || !published,
                          withdrawn.contains(name) || !servesStableFiles(id, version: name, workspace) {
                    // A version folder renamed into place by a run that died before announcing it,
                    // or one withdrawn (put back by a backup, or left by a withdrawal killed at its end).
                    try? FileManager.default.removeItem(at: url)
                }
            }
        }
        for folder in [workspace.output, workspace.catalog, workspace.catalog.appendingPathComponent("datasets"),
                       workspace.output.appendingPathComponent("catalog"), workspace.output.appendingPathComponent("catalog/datasets")] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(".") && name.contains(".tmp-") {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    /// Whether the stable files are `version`'s own files (hard links to them, or copies of each:
    /// a backup restored without hard links): it was promoted, so a versions.json that does not
    /// list it is older than the publication (restored from an old backup), and the folder is the
    /// only copy of what the stable URLs serve. A run killed before announcing its version never
    /// switched the stable files to it, and made it because some file differs.
    static func servesStableFiles(_ id: String, version: String, _ workspace: Workspace) -> Bool {
        var matched = 0
        for format in PublishFormat.allCases {
            let stable = workspace.stableFile(id, format)
            let own = workspace.versionFolder(id, version).appendingPathComponent(stable.lastPathComponent)
            guard FileSystem.exists(own) else { continue }
            guard FileSystem.sameFile(stable, own) || FileManager.default.contentsEqual(atPath: stable.path, andPath: own.path) else { return false }
            matched += 1
        }
        return matched > 0
    }

    /// A version the stable files serve that `history` does not list (`servesStableFiles`), with
    /// what to do about it; nil when there is none. `pending`: the version a promotion under way
    /// is switching to, which is unlisted until it completes.
    static func unlistedPublished(_ id: String, history: VersionHistory, _ workspace: Workspace, pending: String? = nil) -> String? {
        guard let version = VersionHistory.versionFolders(id, in: workspace).last(where: { name in
            name != pending && !history.names.contains(name) && servesStableFiles(id, version: name, workspace)
        }) else { return nil }
        return "the stable files of \(id) are those of version \(version), which versions.json does not list: it is older than the publication "
            + "(restored from a backup made before \(version)?); restore the latest versions.json, then run kiosque site. Nothing is changed in datasets/\(id) until then"
    }

    /// Puts back stable files that no longer are the current version's (replaced or deleted by hand):
    /// `kiosque site` does it, since they are derived from the version folders.
    static func restoreStableFiles(_ workspace: Workspace) throws {
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.datasetsFolder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
        for id in ids {
            guard let history = try? workspace.loadHistory(id), let current = history.current,
                  FileSystem.exists(workspace.versionFolder(id, current.version)),
                  unlistedPublished(id, history: history, workspace) == nil else { continue }
            try PromotionIntent(version: current.version, history: history, pruned: [], previous: nil).complete(workspace)
        }
    }

    /// Once the catalogue and the site are rewritten, no completed promotion is pending any more.
    /// One that failed half-way (a full disk before `versions.json` was written) stays pending, so
    /// that `verify` accepts either side of the switch and the next run or `kiosque site` finishes it.
    static func settle(_ workspace: Workspace) {
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.datasetsFolder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
        for id in ids {
            guard let intent = PromotionIntent.load(workspace, id) else { continue }
            if (try? workspace.loadHistory(id)) == intent.history { PromotionIntent.clear(workspace, id) }
        }
    }
}
