import Foundation

/// `kiosque withdraw ID VERSION…`: takes published versions down, for when they should never have
/// been published (personal data left in by a recipe, a wrong extract). Their folders go, the stable
/// files become the newest remaining version's again (or go, when none remains), and
/// `versions.json` lists them under `withdrawn` with their files' checksums, so that their names are
/// never given again and reusers can tell which copies to delete. Done through one
/// `PromotionIntent`, so a withdrawal killed half-way is finished by the next run or
/// `kiosque site`, as a promotion is.
enum Withdrawal {
    /// What the withdrawal did, and what it left current: nil when it took every version down.
    struct Outcome: Sendable {
        var withdrawn: [WithdrawnVersion]
        var current: VersionEntry?
        var wasCurrent: Bool
    }

    /// Withdraws `versions` (each listed in `history`, the dataset's versions.json as read).
    static func withdraw(_ versions: [String], from history: VersionHistory, workspace: Workspace, clock: RunClock) throws -> Outcome {
        var updated = history
        var records: [WithdrawnVersion] = []
        for version in versions where !records.contains(where: { $0.version == version }) {
            guard let index = updated.versions.firstIndex(where: { $0.version == version }) else {
                throw WithdrawalError.unknownVersion(history.dataset, version, published: history.versions.map(\.version))
            }
            let entry = updated.versions.remove(at: index)
            records.append(WithdrawnVersion(version: entry.version, issued: entry.issued, withdrawn: clock.timestamp, files: entry.files))
        }
        guard let last = records.last else { return Outcome(withdrawn: [], current: history.current, wasCurrent: false) }
        // Newest withdrawal first, as each would have been put in front of the others.
        updated.withdrawn = records.reversed() + (history.withdrawn ?? [])
        let wasCurrent = history.current.map { current in records.contains { $0.version == current.version } } ?? false
        // The newest remaining version becomes current again; with none left, the intent names a
        // withdrawn one and lists no version, which takes the stable files away.
        let intent = PromotionIntent(version: updated.current?.version ?? last.version, history: updated, pruned: records.map(\.version),
                                     previous: wasCurrent ? history.current : nil)
        try intent.save(workspace)
        TestHooks.pause("withdrawal-intent")
        try intent.complete(workspace)
        return Outcome(withdrawn: records, current: updated.current, wasCurrent: wasCurrent)
    }
}

/// A withdrawal refused before anything moved.
public enum WithdrawalError: Error, CustomStringConvertible, Sendable {
    case notPublished(String, displayPath: String)
    case unknownVersion(String, String, published: [String])
    /// versions.json cannot be read: nothing can be withdrawn until it is restored.
    case unreadable(String)

    static func notPublished(_ id: String, workspace: Workspace) -> WithdrawalError {
        .notPublished(id, displayPath: RecipeSet.displayPath(workspace.datasetFolder(id)))
    }

    public var description: String {
        switch self {
        case .notPublished(let id, let path):
            return "dataset \(id) has nothing published (no \(path)/versions.json); give the id of a published dataset, as in Output/datasets/"
        case .unknownVersion(let id, let version, let published):
            let list = published.isEmpty ? "it has no version left" : "its versions are \(published.joined(separator: ", "))"
            return "dataset \(id) has no version \(version); \(list) (see its versions.json)"
        case .unreadable(let message):
            return message
        }
    }
}
