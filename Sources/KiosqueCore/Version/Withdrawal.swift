import Foundation

/// `kiosque withdraw ID VERSION`: takes a published version down, for when it should never have
/// been published (personal data left in by a recipe, a wrong extract). Its folder goes, the stable
/// files become the newest remaining version's again (or go, when none remains), and
/// `versions.json` lists it under `withdrawn` with its files' checksums, so that its name is never
/// given again and reusers can tell which copies to delete. Done through a `PromotionIntent`, so a
/// withdrawal killed half-way is finished by the next run or `kiosque site`, as a promotion is.
enum Withdrawal {
    /// What the withdrawal left current: nil when it took the only version down.
    struct Outcome: Sendable {
        var withdrawn: WithdrawnVersion
        var current: VersionEntry?
        var wasCurrent: Bool
    }

    static func withdraw(_ id: String, version: String, workspace: Workspace, clock: RunClock) throws -> Outcome {
        guard var history = try workspace.loadHistory(id) else {
            throw WithdrawalError.notPublished(id, workspace: workspace)
        }
        guard let index = history.versions.firstIndex(where: { $0.version == version }) else {
            throw WithdrawalError.unknownVersion(id, version, published: history.versions.map(\.version))
        }
        let entry = history.versions.remove(at: index)
        let record = WithdrawnVersion(version: entry.version, issued: entry.issued, withdrawn: clock.timestamp, files: entry.files)
        history.withdrawn = [record] + (history.withdrawn ?? [])
        let wasCurrent = index == 0
        // The newest remaining version becomes current again; with none left, the intent names the
        // withdrawn one and lists no version, which takes the stable files away.
        let intent = PromotionIntent(version: history.current?.version ?? version, history: history, pruned: [version],
                                     previous: wasCurrent ? entry : nil)
        try intent.save(workspace)
        TestHooks.pause("withdrawal-intent")
        try intent.complete(workspace)
        return Outcome(withdrawn: record, current: history.current, wasCurrent: wasCurrent)
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
