import Foundation

extension Kiosque {
    /// What `kiosque withdraw` did: the version taken down, the one current now, and whether the
    /// catalogue and the site were rewritten without it.
    public struct WithdrawResult: Sendable {
        public var dataset: String
        public var withdrawn: WithdrawnVersion
        /// The version served at the stable URLs now; nil when none is left.
        public var current: String?
        public var wasCurrent: Bool
        public var catalogueRefreshed: Bool
    }

    /// `kiosque withdraw ID VERSION`: takes the version down (`Withdrawal`), then rewrites the
    /// catalogue and the site so that nothing links to it. Call it under the lock. Throws
    /// `WithdrawalError` when there is nothing to withdraw, before anything moves.
    public func withdraw(_ id: String, version: String) throws -> WithdrawResult {
        if let problem = RunClock.problem(in: environment) { throw DiagnosticList([Diagnostic(.error, problem, at: nil)]) }
        try Recovery.recover(workspace)
        let outcome: Withdrawal.Outcome
        do {
            outcome = try Withdrawal.withdraw(id, version: version, workspace: workspace, clock: RunClock(environment: environment))
        } catch WithdrawalError.alreadyWithdrawn(let id, let version) {
            // Withdrawn by an earlier call that stopped half-way and that `recover` has just finished:
            // the catalogue and the site may still link to it.
            if refreshCatalogue(always: true).datasets != nil { Recovery.settle(workspace) }
            throw WithdrawalError.alreadyWithdrawn(id, version)
        }
        // The conditional-fetch validators describe the source the withdrawn version came from.
        try? FileManager.default.removeItem(at: SourceValidators.file(workspace, id))
        let refreshed = refreshCatalogue(always: true).datasets != nil
        if refreshed { Recovery.settle(workspace) }
        return WithdrawResult(dataset: id, withdrawn: outcome.withdrawn, current: outcome.current?.version,
                              wasCurrent: outcome.wasCurrent, catalogueRefreshed: refreshed)
    }
}
