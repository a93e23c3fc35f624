import Foundation
import Logging
import Synchronization

/// The engine behind the command line: one value per invocation, holding the folders and the log.
public struct Kiosque: Sendable {
    public var workspace: Workspace
    public var environment: [String: String]
    public var logger: Logger

    public init(workspace: Workspace, environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.workspace = workspace
        self.environment = environment
        self.logger = logger
    }

    /// What `run` did, dataset by dataset.
    public struct RunResult: Sendable {
        public var results: [DatasetResult]
        public var warnings: [Diagnostic]
        /// The datasets ran, but the catalogue or the site could not be written (a full disk): what
        /// is published is consistent, yet harvesters and the site still show the last rendering.
        public var catalogueFailed = false
        public var anyFailed: Bool { results.contains(where: \.failed) }
    }

    /// `kiosque check`: every diagnostic of catalog.yml and of the recipes named (all by default).
    public func check(_ targets: [String]) -> RecipeSet {
        RecipeSet.load(workspace, targets: targets, environment: environment, hints: true)
    }

    /// `kiosque run`: publishes the recipes named (all by default). Throws `DiagnosticList` when a recipe
    /// has errors (nothing was done) and `RunLock.Held` when another run holds the lock.
    public func run(_ targets: [String], options: RunOptions, wait: Bool = false) throws -> RunResult {
        var set = RecipeSet.load(workspace, targets: targets, environment: environment)
        guard set.errors.isEmpty, let settings = set.settings else { throw DiagnosticList(set.diagnostics) }
        // check's warning about fields named like personal data, on every run too: a recipe edited
        // and run (or left to cron) without a check would publish them with no word said.
        set.diagnostics += set.recipes.flatMap { PersonalDataHints.warnings($0, reader: nil) }
        if set.recipes.isEmpty {
            throw DiagnosticList([Diagnostic(.error, "no recipes to run in \(RecipeSet.displayPath(workspace.pipelines)); add <id>.yml files or run kiosque init", at: nil)])
        }
        if let problem = RunClock.problem(in: environment) { throw DiagnosticList([Diagnostic(.error, problem, at: nil)]) }
        let clock = RunClock(environment: environment)
        let logger = self.logger
        let lock = options.dryRun ? nil : try Self.lock(workspace.output, wait: wait) { held in
            logger.notice("\(held.holder) holds the lock; waiting for it to finish", metadata: ["event": "lock-wait"])
        }
        if lock != nil {
            // Whatever a killed run left half-done is finished or cleared first.
            try Recovery.recover(workspace)
        }

        let results = runAll(set.recipes, settings: settings, clock: clock, options: options)
        rmdir(workspace.temporaryFolder.path)  // gone once empty: nothing of the run is left behind
        // A run of every recipe has just read them all: the catalogue is made from the same reading.
        var refresh = CatalogueRefresh.skipped
        if !options.dryRun, !Interruption.requested {
            refresh = refreshCatalogue(loaded: targets.isEmpty ? set : nil)
            if refresh.datasets != nil { Recovery.settle(workspace) }
        }
        withExtendedLifetime(lock) {}
        var result = RunResult(results: results, warnings: set.diagnostics.filter { $0.severity == .warning })
        result.catalogueFailed = refresh == .failed
        return result
    }

    /// The run lock. An output folder that cannot be made (a file in its place, a read-only disk)
    /// is a usage error before any work, reported as one.
    public static func lock(_ output: URL, wait: Bool, command: String = "run", waiting: (RunLock.Held) -> Void = { _ in }) throws -> RunLock {
        do {
            return try RunLock(output: output, wait: wait, command: command, waiting: waiting)
        } catch let error as WriteError {
            throw DiagnosticList([Diagnostic(.error, "\(error); or pass the folder to publish into with --output", at: nil)])
        }
    }

    private func runAll(_ recipes: [Recipe], settings: CatalogSettings, clock: RunClock, options: RunOptions) -> [DatasetResult] {
        let slots = Mutex<[DatasetResult?]>(Array(repeating: nil, count: recipes.count))
        let gate = DispatchSemaphore(value: max(1, options.jobs))
        let workspace = self.workspace
        let environment = self.environment
        let logger = self.logger
        let progress = options.progress ? ProgressDisplay() : nil
        DispatchQueue.concurrentPerform(iterations: recipes.count) { index in
            gate.wait()
            defer { gate.signal() }
            let recipe = recipes[index]
            var log = logger
            log[metadataKey: "dataset"] = .string(recipe.id)
            log.info("started", metadata: ["event": "start"])
            let pipeline = DatasetPipeline(recipe: recipe, settings: settings, workspace: workspace, clock: clock,
                                           options: options, environment: environment, logger: log, progress: progress)
            let result = pipeline.run()
            slots.withLock { $0[index] = result }
        }
        let results = slots.withLock { $0.compactMap { $0 } }
        // One line per dataset, in a stable order whatever finished first.
        for result in results {
            var log = logger
            log[metadataKey: "dataset"] = .string(result.id)
            Self.log(result, to: log)
        }
        return results
    }

    private static func log(_ result: DatasetResult, to logger: Logger) {
        var metadata: Logger.Metadata = ["duration": .seconds(result.seconds)]
        if let tally = result.tally {
            metadata["rows_read"] = .number(tally.rowsRead)
            metadata["rows_published"] = .number(tally.rowsPublished)
            metadata["rows_invalid"] = .number(tally.rowsInvalid)
            if tally.rowsEmpty > 0 { metadata["rows_empty"] = .number(tally.rowsEmpty) }
            if tally.rowsSuppressed > 0 { metadata["rows_suppressed"] = .number(tally.rowsSuppressed) }
            if !tally.notes.isEmpty { metadata["notes"] = .array(tally.notes.map { .string($0) }) }
            if !tally.sortedCounts.isEmpty {
                metadata["invalid_by_rule"] = .array(tally.sortedCounts.map { count in
                    var entry: [String: Logger.MetadataValue] = ["rule": .string(count.rule.rawValue), "count": .number(count.count)]
                    if let field = count.field { entry["field"] = .string(field) }
                    return .dictionary(entry)
                })
            }
        }
        let details = result.details.map { "\n  " + $0 }.joined()
        switch result.outcome {
        case .published(let version):
            metadata["event"] = "published"
            metadata["version"] = .string(version)
            logger.notice("\(result.summary)\(details)", metadata: metadata)
        case .unchanged:
            metadata["event"] = "unchanged"
            logger.notice("\(result.summary)\(details)", metadata: metadata)
        case .checked:
            metadata["event"] = "checked"
            logger.notice("\(result.summary)\(details)", metadata: metadata)
        case .failed:
            metadata["event"] = "failed"
            logger.error("\(result.summary.dropFirst(result.id.count + 2))\(details)", metadata: metadata)
        }
    }

    /// `kiosque site`: finishes what a killed run left, then rewrites the catalogue and the site.
    /// Call it under the lock.
    public func rebuild() -> Bool {
        do {
            try Recovery.recover(workspace)
            try Recovery.restoreStableFiles(workspace)
        } catch {
            logger.error("cannot finish the promotion a killed run left, or put back the stable files: \(error)",
                         metadata: ["event": "recovery-failed"])
            return false
        }
        guard let published = refreshCatalogue(always: true).datasets else { return false }
        Recovery.settle(workspace)
        logger.notice("catalogue and site rebuilt in \(RecipeSet.displayPath(workspace.output)): \(published) published dataset\(published == 1 ? "" : "s")",
                      metadata: ["event": "site-written", "datasets": .number(published)])
        return true
    }

    /// Rewrites `Catalog/` (and its copy in `Output/catalog/`) and the site from every recipe and what
    /// is published. When a recipe cannot be read, both are left as they were rather than losing that dataset.
    /// Unless `always`, nothing is rendered when none of their inputs changed since the last rendering
    /// (`CatalogueStamp`). `loaded`: every recipe, when the caller has just read them.
    @discardableResult
    public func refreshCatalogue(always: Bool = false, loaded: RecipeSet? = nil) -> CatalogueRefresh {
        let all = loaded ?? RecipeSet.load(workspace, targets: [])
        let snapshots = RecipeSnapshots(workspace: workspace)
        guard let settings = all.settings, let recipes = recipesToDescribe(all, settings: settings, snapshots: snapshots) else {
            logger.warning("the catalogue and site were not refreshed because a recipe or catalog.yml has errors; run kiosque check, then kiosque site",
                           metadata: ["event": "catalogue-skipped"])
            return .skipped
        }
        do {
            var described: [(Recipe, VersionHistory)] = []
            var emptied: [(Recipe, VersionHistory)] = []
            for recipe in recipes {
                guard let history = try workspace.loadHistory(recipe.id) else { continue }
                if history.current != nil {
                    described.append((recipe, history))
                } else if history.withdrawn != nil {
                    emptied.append((recipe, history))
                }
            }
            let stamp = CatalogueStamp(workspace: workspace)
            let inputs = try CatalogueStamp.digest(workspace: workspace, settings: settings, recipes: recipes)
            if !always, stamp.isCurrent(inputs) {
                logger.info("the catalogue and site are up to date: none of their inputs changed", metadata: ["event": "catalogue-unchanged"])
                return .written(datasets: described.count)
            }
            warnAboutRetired(described: Set(recipes.map(\.id)))
            let previous = stamp.written()
            try stamp.clear()
            // Only readings without errors are kept: a broken recipe's stays its last good one.
            try snapshots.save(all.recipes)
            var written = CatalogueStamp.Written()
            written.catalog = try CatalogueWriter(settings: settings, workspace: workspace).write(described)
            written.output = written.catalog.map { "catalog/" + $0 }
            TestHooks.pause("catalogue-written")
            let templates = try SiteTemplates(pipelines: workspace.pipelines)
            var site = SiteBuilder(settings: settings, workspace: workspace, templates: templates)
            site.emptied = emptied
            written.output += try site.write(described.sorted { $0.0.id < $1.0.id })
            removeStalePages(SiteBuilder.stalePages(previous: previous?.output ?? [], written: written.output, datasets: described.map(\.0.id)))
            removePages(of: emptied.map(\.0.id))
            try stamp.save(inputs, written: written)
            return .written(datasets: described.count)
        } catch {
            logger.error("the catalogue or site could not be written: \(error); what the datasets published is in place, but harvesters and the site still show the last rendering: once fixed, run kiosque site",
                         metadata: ["event": "catalogue-failed"])
            return .failed
        }
    }

    /// Removes pages the last rendering wrote in a language the catalogue no longer has
    /// (`SiteBuilder.stalePages`); one that cannot be removed is named, and the rendering goes on.
    private func removeStalePages(_ paths: [String]) {
        for path in paths {
            let url = workspace.output.appendingPathComponent(path)
            if unlink(url.path) == 0 || errno == ENOENT {
                logger.info("removed \(RecipeSet.displayPath(url)), a page the site no longer has: the catalogue's languages changed",
                            metadata: ["event": "page-removed"])
            } else {
                logger.warning("cannot remove \(RecipeSet.displayPath(url)), a page in a language the catalogue no longer has: \(String(cString: strerror(errno))); delete it by hand",
                               metadata: ["event": "page-not-removed"])
            }
        }
    }

    /// A dataset whose every version was withdrawn keeps its `versions.json` (the names stay taken)
    /// and loses its pages, which would link to files that are gone.
    private func removePages(of emptied: [String]) {
        for id in emptied {
            let folder = workspace.datasetFolder(id)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            where name.hasPrefix("index") && name.hasSuffix(".html") {
                let url = folder.appendingPathComponent(name)
                if unlink(url.path) != 0 && errno != ENOENT {
                    logger.warning("cannot remove \(RecipeSet.displayPath(url)), the page of a dataset whose every version was withdrawn: \(String(cString: strerror(errno))); delete it by hand",
                                   metadata: ["event": "page-not-removed", "dataset": .string(id)])
                }
            }
        }
    }

    /// Datasets published in `Output/` that no recipe names any more (a recipe deleted or renamed):
    /// the catalogue and the site's lists leave them out, but their files stay online. Said, so
    /// that a steward who meant to withdraw one knows to delete its folder, and one who did not
    /// knows to put the recipe back.
    private func warnAboutRetired(described: Set<String>) {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: workspace.datasetsFolder.path)) ?? []
        for id in folders.sorted() where !described.contains(id) && !id.hasPrefix(".")
            && (try? workspace.loadHistory(id))??.current != nil {
            let folder = RecipeSet.displayPath(workspace.datasetFolder(id))
            logger.warning("\(folder) is published but no recipe in \(RecipeSet.displayPath(workspace.pipelines)) names it: it is left out of the catalogue and the site's lists, and its files stay online; put its recipe back, or delete the folder to withdraw it",
                           metadata: ["event": "dataset-without-recipe", "dataset": .string(id)])
        }
    }

    /// The recipes the catalogue describes: every one that reads without errors and, for a recipe
    /// file with errors, its last good reading. Nil when `catalog.yml` has errors, or when a broken
    /// recipe has no good reading kept: the catalogue is then left as it is.
    private func recipesToDescribe(_ all: RecipeSet, settings: CatalogSettings, snapshots: RecipeSnapshots) -> [Recipe]? {
        if all.errors.isEmpty { return all.recipes }
        let catalogFile = RecipeSet.displayPath(workspace.catalogSettingsFile)
        guard !all.errors.contains(where: { $0.location == nil || $0.location?.file == catalogFile }) else { return nil }
        let loaded = Set(all.recipes.map { $0.file.standardizedFileURL.path })
        var recipes = all.recipes
        for file in RecipeSet.recipeFiles(in: workspace.pipelines) where !loaded.contains(file.standardizedFileURL.path) {
            let id = file.deletingPathExtension().lastPathComponent
            guard let kept = snapshots.recipe(id, settings: settings) else { return nil }
            logger.warning("\(RecipeSet.displayPath(file)) has errors: dataset \(id) keeps its catalogue entry and pages from the recipe's last good reading; run kiosque check",
                           metadata: ["event": "catalogue-kept-entry", "dataset": .string(id)])
            recipes.append(kept)
        }
        return recipes.sorted { $0.id < $1.id }
    }
}

/// What became of the catalogue and the site at the end of a run or of `kiosque site`.
public enum CatalogueRefresh: Sendable, Equatable {
    /// Rewritten, or already up to date: the number of published datasets they describe.
    case written(datasets: Int)
    /// Left as they were because a recipe or catalog.yml has errors (a warning says so).
    case skipped
    /// Writing them failed (an error says why).
    case failed

    public var datasets: Int? {
        if case .written(let count) = self { return count }
        return nil
    }
}
