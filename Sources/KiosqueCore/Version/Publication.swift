import Crypto
import Foundation

/// Promotes a staged version: metadata beside the data, one rename into place, then a
/// `PromotionIntent` that switches the stable files and `versions.json`. A crash at any point leaves
/// a publication `verify` accepts, and the next run finishes the promotion.
struct Publication {
    let recipe: Recipe
    let settings: CatalogSettings
    let workspace: Workspace
    let clock: RunClock

    /// `diff`: the rows added, removed and changed since the current version (`rowDiff`), worked
    /// out before promotion; nil when there is no CSV in both to compare. `types`: the fields
    /// published in another type than the current version's (`SchemaChanges.typeChanges`). `keys`:
    /// the pseudonymisation keys' identifiers, recorded with the version, and the fields rekeyed.
    /// `changedRows`: the staged `ChangedRows` file, when `rowDiff` wrote one.
    func promote(staging: URL, files: [VersionFile], fields: [String], history: VersionHistory, diff: VersionDiff?, changedRows: WrittenFile? = nil,
                 types: [TypeChange],
                 keys: PseudonymKeys,
                 tally: ValidationTally, temporal: TemporalCoverage?, exponents: Set<String>, body: FetchedBody, encoding: TextEncoding) throws -> String {
        let id = recipe.id
        let datasetFolder = workspace.datasetFolder(id)
        try FileSystem.createFolder(datasetFolder)
        var taken = history.names
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: datasetFolder.path)) ?? []
        taken.formUnion(folders)
        let version = VersionHistory.nextName(for: clock.day, taken: taken)

        // Metadata files, then the checksums of everything in the folder.
        let report = RunReport(recipe: recipe, version: version, generated: clock.timestamp, tally: tally, body: body, encoding: encoding,
                               keys: keys.identifiers)
        let package = DataPackage.make(recipe: recipe, settings: settings, version: version, issued: clock.timestamp, files: files)
        var sums = files.map { ($0.name, $0.sha256) } + (changedRows.map { [($0.name, $0.sha256)] } ?? [])
        var metadata = [("report.json", try report.encoded()), ("datapackage.json", try DataPackage.encode(package))]
        for file in files where file.format == PublishFormat.csv.rawValue {
            let csvw = CSVW.metadata(recipe: recipe, settings: settings, csvName: file.name, exponents: exponents)
            metadata.append(("\(file.name)-metadata.json", try DataPackage.encode(csvw)))
        }
        for (name, data) in metadata {
            try FileSystem.writeAtomically(data, to: staging.appendingPathComponent(name))
            sums.append((name, Self.sha256(data)))
        }
        let checksums = sums.sorted { $0.0 < $1.0 }.map { "\($0.1)  \($0.0)\n" }.joined()
        try FileSystem.writeAtomically(checksums, to: staging.appendingPathComponent("SHA256SUMS"))
        FileSystem.syncDirectory(staging)

        let versionFolder = workspace.versionFolder(id, version)
        TestHooks.pause("promotion-staged")
        try FileSystem.rename(staging, to: versionFolder)
        TestHooks.pause("promotion-renamed")

        var updated = history
        let changes = history.current.map { previous in
            var changes = changesSince(previous, diff: diff, types: types, rekeyed: keys.rekeyed, fields: fields, formats: files.map(\.format),
                                       rows: tally.rowsPublished)
            changes.file = changedRows?.name
            return changes
        }
        updated.versions.insert(VersionEntry(version: version, issued: clock.timestamp, rows: tally.rowsPublished,
                                             fields: fields, files: files, changes: changes, temporal: temporal,
                                             pseudonymKeys: keys.identifiers), at: 0)
        updated.latest = version
        var pruned: [String] = []
        if let keep = recipe.publish.keepVersions, updated.versions.count > keep {
            pruned = updated.versions[keep...].map(\.version)
            updated.versions.removeSubrange(keep...)
        }
        // From here a crash is finished by the next run: the intent says what the end state is.
        let intent = PromotionIntent(version: version, history: updated, pruned: pruned, previous: history.current)
        try intent.save(workspace)
        TestHooks.pause("promotion-intent")
        do {
            try intent.complete(workspace)
        } catch {
            throw PublishError("\(error). Version \(version) was switched to half-way (its stable files may be in place, versions.json is not yet): verify accepts either side, and the next run or kiosque site finishes the switch once this is fixed")
        }
        TestHooks.pause("promotion-completed")
        return version
    }

    /// What changed since `previous`: its rows as `diff` counted them, and the fields.
    func changesSince(_ previous: VersionEntry, diff: VersionDiff?, types: [TypeChange], rekeyed: [String],
                      fields: [String], formats: [String], rows: Int) -> VersionChanges {
        var changes = VersionChanges(previous: previous.version, rowsBefore: previous.rows, rowsAfter: rows,
                                     fieldsAdded: fields.filter { !previous.fields.contains($0) },
                                     fieldsRemoved: previous.fields.filter { !fields.contains($0) })
        if !types.isEmpty { changes.typesChanged = types }
        if !rekeyed.isEmpty { changes.rekeyed = rekeyed }
        let before = previous.files.map(\.format)
        let added = formats.filter { !before.contains($0) }, removed = before.filter { !formats.contains($0) }
        if !added.isEmpty { changes.formatsAdded = added }
        if !removed.isEmpty { changes.formatsRemoved = removed }
        if let diff {
            changes.rowsAdded = diff.added
            changes.rowsRemoved = diff.removed
            changes.rowsChanged = diff.changed
        }
        return changes
    }

    /// The rows added, removed and changed between the current version's CSV and the staged one,
    /// matched by primary key when both versions publish its fields (keys are unique: a repeated
    /// one makes its row invalid), else by whole rows, each copy counted. Nil without a CSV in both.
    /// A zero diff with the same row count is the same rows, in whatever order. With `keys` (a run
    /// that publishes), also writes the staged `ChangedRows` file where `changedRowsAllowed` says so.
    func rowDiff(since previous: VersionEntry, staged: URL, fields: [String], keys: PseudonymKeys? = nil) -> (diff: VersionDiff, changes: WrittenFile?)? {
        let name = PublishFormat.csv.fileName(for: recipe.id)
        let old = workspace.versionFolder(recipe.id, previous.version).appendingPathComponent(name)
        let new = staged.appendingPathComponent(name)
        let primary = recipe.primaryKey.allSatisfy { fields.contains($0) && previous.fields.contains($0) } ? recipe.primaryKey : []
        guard FileSystem.exists(old), FileSystem.exists(new) else { return nil }
        // Listed only when rows are matched by key: by whole rows, a changed row is one gone and one come.
        let changes = keys.flatMap { !primary.isEmpty && changedRowsAllowed(since: previous, keys: $0)
            ? staged.appendingPathComponent(ChangedRows.fileName(for: recipe.id)) : nil }
        if let result = try? VersionDiff.compare(previous: old, current: new, keys: primary, changes: changes) { return result }
        // A changes file that could not be written is left out; the counts alone still tell the change.
        if let changes { try? FileManager.default.removeItem(at: changes) }
        return (try? VersionDiff.compare(previous: old, current: new, keys: primary)).map { ($0.0, nil) }
    }

    /// Whether a version's changes can be listed by row: only with a primary key that both versions
    /// publish the same way, as the source has it or pseudonymised under the same key (the removed
    /// rows' keys come from the previous version, so they are what reusers already have).
    func changedRowsAllowed(since previous: VersionEntry, keys: PseudonymKeys) -> Bool {
        let primary = recipe.primaryKey
        guard !primary.isEmpty, primary.allSatisfy({ previous.fields.contains($0) }),
              let operators = ExposedVersions.operators(workspace, recipe.id, previous.version) else { return false }
        return primary.allSatisfy { name in
            let now = recipe.fields.first { $0.name == name }?.anonymise
            switch now {
            case nil:
                return operators[name] == nil
            case .pseudonymise?:
                guard operators[name] == "pseudonymise", let before = previous.pseudonymKeys?[name] else { return false }
                return before == keys.identifiers[name] && !keys.rekeyed.contains(name)
            default:
                return false
            }
        }
    }

    static func sha256(_ data: Data) -> String {
        Hex.string(SHA256.hash(data: data))
    }
}
