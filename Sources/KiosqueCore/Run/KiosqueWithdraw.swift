import Foundation

extension Kiosque {
    /// What `kiosque withdraw` did: the versions taken down, those that already were, the one
    /// current now, and whether the catalogue and the site were rewritten without them.
    public struct WithdrawResult: Sendable {
        public var dataset: String
        public var withdrawn: [WithdrawnVersion]
        /// Versions asked for that an earlier withdrawal had taken down.
        public var already: [String]
        /// The version served at the stable URLs now; nil when none is left.
        public var current: String?
        /// Whether the stable files changed: one of the versions withdrawn was current.
        public var wasCurrent: Bool
        public var catalogueRefreshed: Bool
        /// Versions left online whose `ChangedRows` file was made against a withdrawn version: it
        /// names the keys of the rows that version had and they removed. Newest first.
        public var listingKeys: [(version: String, file: String, against: String)] = []
    }

    /// `kiosque withdraw ID VERSION…`: takes the versions down (`Withdrawal`), then rewrites the
    /// catalogue and the site once so that nothing links to them. Call it under the lock. Throws
    /// `WithdrawalError` when the dataset or one of the versions is not published, before anything
    /// moves. A version already withdrawn is no error: asking again finishes a withdrawal that
    /// stopped half-way (`recover` completes its intent) and rewrites the site.
    public func withdraw(_ id: String, versions: [String]) throws -> WithdrawResult {
        if let problem = RunClock.problem(in: environment) { throw DiagnosticList([Diagnostic(.error, problem, at: nil)]) }
        try Recovery.recover(workspace)
        let loaded: VersionHistory?
        do {
            loaded = try workspace.loadHistory(id)
        } catch {
            throw WithdrawalError.unreadable("\(error)")
        }
        guard let history = loaded else { throw WithdrawalError.notPublished(id, workspace: workspace) }
        let listed = Set(history.versions.map(\.version)), gone = Set((history.withdrawn ?? []).map(\.version))
        if let unknown = versions.first(where: { !listed.contains($0) && !gone.contains($0) }) {
            throw WithdrawalError.unknownVersion(id, unknown, published: history.versions.map(\.version))
        }
        let outcome = try Withdrawal.withdraw(versions.filter(listed.contains), from: history, workspace: workspace,
                                              clock: RunClock(environment: environment))
        var result = WithdrawResult(dataset: id, withdrawn: outcome.withdrawn, already: versions.filter(gone.contains),
                                    current: outcome.current?.version, wasCurrent: outcome.wasCurrent, catalogueRefreshed: false)
        let taken = Set(outcome.withdrawn.map(\.version))
        result.listingKeys = history.versions.compactMap { entry in
            guard !taken.contains(entry.version), let changes = entry.changes, let file = changes.file,
                  let previous = changes.previous, taken.contains(previous) else { return nil }
            return (entry.version, file, previous)
        }
        // The conditional-fetch validators describe the source a withdrawn version came from.
        if !result.withdrawn.isEmpty { try? FileManager.default.removeItem(at: SourceValidators.file(workspace, id)) }
        result.catalogueRefreshed = refreshCatalogue(always: true).datasets != nil
        if result.catalogueRefreshed { Recovery.settle(workspace) }
        return result
    }
}
