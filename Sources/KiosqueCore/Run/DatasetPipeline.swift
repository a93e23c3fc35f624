import Foundation
import Logging

/// Runs one recipe through every stage: fetch, decode, shape, validate, anonymise, write, version.
/// Whatever fails, the previous publication stays exactly as it was.
struct DatasetPipeline {
    let recipe: Recipe
    let settings: CatalogSettings
    let workspace: Workspace
    let clock: RunClock
    let options: RunOptions
    let environment: [String: String]
    let logger: Logger
    let progress: ProgressDisplay?

    func run() -> DatasetResult {
        let start = Date()
        var tally: ValidationTally?
        let outcome: DatasetOutcome
        do {
            outcome = try execute(&tally)
        } catch {
            outcome = .failed(message: "\(error)")
            // A failed dataset published nothing, whatever had passed validation before it failed.
            tally?.rowsPublished = 0
        }
        if let history = try? workspace.loadHistory(recipe.id) {
            // Said on every run until they are withdrawn: the versions a fixed recipe left behind.
            if let warning = ExposedVersions.warning(recipe, history: history, workspace: workspace) {
                logger.warning("\(warning.message)", metadata: ["event": "exposed-versions"])
            }
            // Nothing new for longer than the recipe's frequency says: is the export still made?
            if case .unchanged = outcome, let warning = StaleSource.warning(recipe, history: history, now: clock.now) {
                logger.warning("\(warning)", metadata: ["event": "stale-source"])
            }
        }
        var result = DatasetResult(id: recipe.id, outcome: outcome, tally: tally, seconds: Date().timeIntervalSince(start))
        result.dryRun = options.dryRun
        return result
    }

    private func execute(_ tally: inout ValidationTally?) throws -> DatasetOutcome {
        try Interruption.check()
        // Everything that can be refused without the network is refused first.
        let anonymiser = try Anonymiser(recipe: recipe, environment: environment)
        let validator = try RowValidator(recipe: recipe)

        let parent = options.dryRun ? FileManager.default.temporaryDirectory : workspace.temporaryFolder
        let work = parent.appendingPathComponent("\(recipe.id)-\(UUID().uuidString)")
        try FileSystem.createFolder(work)
        defer { try? FileManager.default.removeItem(at: work) }

        let folder = recipe.file.deletingLastPathComponent()
        let url = Fetcher.resolve(recipe.source.url, relativeTo: folder)
        var fetcher = Fetcher(source: recipe.source, recipeFolder: folder, environment: environment, logger: logger,
                              progress: progress, directory: work)
        fetcher.recipe = recipe.file
        fetcher.allowedRoots = settings.allowedFileRoots
        let history = try workspace.loadHistory(recipe.id) ?? VersionHistory.fresh(recipe.id, in: workspace)
        if let problem = Recovery.unlistedPublished(recipe.id, history: history, workspace) {
            throw PublishError(problem + "; nothing was published")
        }
        // Another key than the published pseudonyms' is refused before anything is fetched.
        let keys = try PseudonymKeys.check(recipe, identifiers: anonymiser.keyIdentifiers, history: history,
                                           historyPath: RecipeSet.displayPath(workspace.historyFile(recipe.id)))
        let fingerprint = SourceValidators.fingerprint(of: recipe)
        let known = usableValidators(url: url, fingerprint: fingerprint, history: history)

        var firstURL = url
        if let query = recipe.source.paginate?.query {
            firstURL = PageURL.make(url, parameter: query.name, value: query.start, sizeParameter: query.sizeParameter, size: query.size)
        }
        let conditional = known.flatMap { $0.etag != nil || $0.lastModified != nil ? $0 : nil }
        // Where a source that cannot be read is said to be (`located`).
        let place = Redaction.url(recipe.source.url)
        var body: FetchedBody
        // A url whose file name holds `*`: every file it matches, read one after the other (one
        // body stands for them all: their bytes, and a fingerprint of every file's).
        var parts: [(name: String, body: FetchedBody)] = []
        if recipe.source.isFilePattern {
            for file in try DecodeError.located(place, { try SourceFiles.matching(recipe.source.url, recipe: recipe.file) }) {
                // Asked without validators: a local file is always read.
                guard case .body(let fetched) = try fetcher.fetch(file) else { throw DecodeError("\(file) could not be read") }
                parts.append((SourceFiles.shownName(file, recipe: recipe.file), fetched))
            }
            body = SourceFiles.combined(parts)
        } else {
            switch try fetcher.fetch(firstURL, conditional: conditional) {
            case .notModified:
                return .unchanged(reason: "not modified since \(known?.version ?? "the last run") (HTTP 304)")
            case .body(let fetched):
                body = fetched
            }
        }
        if let known, known.fingerprint == body.fingerprint {
            remember(body, url: url, fingerprint: fingerprint, version: known.version)
            return .unchanged(reason: "same source bytes as for \(known.version)")
        }
        // A ZIP archive: its data file, taken out into the work folder (the archive is left as it is);
        // an Excel workbook: the sheet written out as CSV into the work folder.
        let prepare = { (fetched: FetchedBody) throws -> FetchedBody in
            let unpacked = try ZipArchive.unpacked(fetched, member: recipe.source.member, maxSize: recipe.source.maxSize, into: work)
            return try Workbook.converted(unpacked, source: recipe.source, into: work)
        }
        // What the notes' second looks at the source read: the first file of a pattern's, as
        // prepared for reading (a workbook's sheet as CSV).
        var sample = body
        // Each of a pattern's files as prepared for reading, by the file fetched: the notes look
        // at the one whose rows failed a type, and at the last for personal values.
        var prepared: [URL: FetchedBody] = [:]
        let reader: any RecordReader
        if parts.isEmpty {
            body = try DecodeError.located(place) { try prepare(body) }
            sample = body
            reader = try DecodeError.located(place) { try SourceOpener.open(body, url: firstURL, recipe: recipe) { pageURL in
                guard case .body(let page) = try fetcher.fetch(pageURL) else {
                    throw FetchError(url: pageURL, cause: .unsupported("the server answered 304 Not Modified to a request that was not conditional"))
                }
                return page
            } }
        } else {
            let first = parts[0].body.file
            reader = try DecodeError.located(place) {
                try SourceOpener.open(files: parts, url: firstURL, recipe: recipe) { part in
                    let ready = try prepare(part)
                    if part.file == first { sample = ready }
                    prepared[part.file] = ready
                    return ready
                }
            }
        }
        logger.info("reading as \(reader.encoding.rawValue)\((reader.underlying as? CSVReader).map { ", delimiter '\(Character(Unicode.Scalar($0.delimiter)))'" } ?? "")",
                    metadata: ["event": "decoding", "encoding": .string(reader.encoding.rawValue)])
        let shaper: Shaper
        do {
            shaper = try Shaper(recipe: recipe, columns: reader.columns, checksCellCount: reader.underlying is CSVReader)
        } catch var mismatch as SchemaMismatch where !parts.isEmpty {
            // The columns are the first file's: say which file that is.
            mismatch.message = "\(parts[0].name): \(mismatch.message)"
            throw mismatch
        }

        let staging = work.appendingPathComponent("staging")
        try FileSystem.createFolder(staging)
        let formats = recipe.publish.formats
        let writers = try formats.map { try $0.makeWriter(staging.appendingPathComponent($0.fileName(for: recipe.id)), fields: anonymiser.publishedNames) }

        var counts = ValidationTally()
        counts.notes = shaper.duplicateLabels
        defer { tally = counts }
        let publisher = try RowPublisher(recipe: recipe, anonymiser: anonymiser, writers: writers, work: work)
        do {
            try DecodeError.located((reader.underlying as? PagedRecordReader)?.currentPage.map(Redaction.url) ?? place) {
                try read(reader, shaper: shaper, validator: validator, into: publisher, counts: &counts, files: parts.map(\.name))
            }
        } catch {
            publisher.abandon()
            throw error
        }
        let written = try publisher.finish()
        counts.notes += shaper.controlNotes(lines: reader.underlying is CSVReader, files: parts.map(\.name))
        counts.notes += shaper.doubleEncodingNotes(lines: reader.underlying is CSVReader, encoding: reader.encoding, files: parts.map(\.name))
        if let unlisted = (reader as? UnpivotReader)?.unlistedNote { counts.notes.append(unlisted) }
        let fileSequence = reader as? SourceFilesReader ?? (reader as? UnpivotReader)?.wrapped as? SourceFilesReader
        if let extra = fileSequence?.extraColumnsNote { counts.notes.append(extra) }
        // The type advice looks at the file of the first row a type failed, named when not the first.
        let failing = counts.samples.first { $0.rule == .type }?.file.flatMap { name in parts.dropFirst().first { $0.name == name } }
        counts.notes += typeNotes(counts, body: failing.flatMap { prepared[$0.body.file] } ?? sample, url: firstURL)
            .map { note in failing.map { "\($0.name): \(note)" } ?? note }
        let last = parts.count > 1 ? parts.last.flatMap { part in prepared[part.body.file].map { (part.name, $0) } } : nil
        warnAboutPersonalValues(first: sample, last: last, url: firstURL)
        if let keyed = reader.keyed, counts.rowsRead > 0 {
            for (_, note) in Self.absentKeys(recipe, keyed) {
                logger.info("\(note)", metadata: ["event": "absent-key"])
                counts.notes.append(note)
            }
        }
        TestHooks.pause("rows-read")
        for read in parts.isEmpty ? [body] : parts.map(\.body) {
            guard let stamp = read.inPlace, LocalSource.Stamp.of(read.file.path) != stamp else { continue }
            throw PublishError("the source file \(read.file.path) changed while it was being read, so what was read may be half old, half new; nothing was published. Run again once the export has finished writing it (an export that writes to a temporary name and renames it when done avoids this)")
        }
        counts.rowsPublished = publisher.published
        counts.rowsSuppressed = publisher.suppressed
        counts.smallestGroup = publisher.smallestGroup
        if let privacy = recipe.privacy {
            logger.info("k-anonymity: \(VersionChanges.rows(counts.rowsSuppressed)) suppressed in groups smaller than \(privacy.k)",
                        metadata: ["event": "k-anonymity", "suppressed": .number(counts.rowsSuppressed)])
        }
        let files = zip(formats, written).map { format, written in
            VersionFile(name: written.name, format: format.rawValue, mediaType: format.mediaType,
                        bytes: written.bytes, sha256: written.sha256)
        }

        if let limit = recipe.validation.maxInvalid, !limit.allows(counts.rowsInvalid, of: counts.rowsRead) {
            throw PublishError("\(counts.rowsInvalid) of \(counts.rowsRead) rows are invalid, above max_invalid; nothing was published (see the counts by rule below)")
        }
        if counts.rowsPublished == 0, counts.rowsEmpty > 0, counts.rowsSuppressed == 0 {
            // Every row empty once published: the fields read columns the export leaves empty.
            let invalid = counts.rowsInvalid > 0 ? " (and \(counts.rowsInvalid) invalid)" : ""
            throw PublishError("none of the \(counts.rowsRead) rows read has a value in any published field\(invalid), so nothing was published: the recipe's fields likely read columns this export leaves empty (check from:, and missing_values), or every value is in a dropped field")
        }
        if counts.rowsPublished == 0, counts.rowsInvalid > 0, counts.rowsSuppressed == 0 {
            // Every row refused: the recipe does not match the export (a date format, a delimiter),
            // and an empty file in place of the data is never what was asked, whatever max_invalid says.
            let all = counts.rowsRead == 1 ? "the only row read is invalid" : "all \(counts.rowsRead) rows read are invalid"
            throw PublishError("\(all), so nothing was published: the recipe likely does not match the export (see the counts by rule below); fix the recipe, or the export")
        }
        if counts.rowsPublished == 0, counts.rowsSuppressed > 0 {
            // Publishing an empty file in place of the data is never what k-anonymity was asked for.
            throw PublishError("k-anonymity suppressed all \(counts.rowsSuppressed) valid rows, so nothing was published; generalise the quasi-identifiers (a year or a band rather than a date or an age), list fewer of them, or lower k")
        }
        // A withdrawn version's files, made again by the recipe or the export it was withdrawn for.
        if let withdrawn = history.withdrawn?.first(where: { record in
            record.files.contains { old in files.contains { $0.name == old.name && $0.sha256 == old.sha256 } }
        }) {
            throw PublishError("this run made the files of version \(withdrawn.version), withdrawn on \(withdrawn.withdrawn.prefix(10)) (the same checksums versions.json lists for it), so nothing was published; fix the recipe or the export it was withdrawn for, then run again. If the withdrawal was a mistake, delete its entry under \"withdrawn\" in \(RecipeSet.displayPath(workspace.historyFile(recipe.id)))")
        }
        // The same bytes as the current version: nothing to publish, whatever the recipe now says
        // of the fields' types (number to integer on whole values changes no byte).
        let sameBytes = history.current.map { $0.files == files && $0.fields == anonymiser.publishedNames } ?? false
        // A column reusers download today and would not find tomorrow, or in another type: their scripts break on it.
        let types = sameBytes ? [] : history.current.map { SchemaChanges.typeChanges(recipe, since: $0.version, workspace) } ?? []
        if let current = history.current, !sameBytes {
            counts.notes += SchemaChanges.notes(recipe: recipe, files: files.map(\.name), published: anonymiser.publishedNames,
                                                types: types, current: current)
        }
        if let current = history.current, sameBytes {
            if options.dryRun { return .checked(verdict: "the same content as \(current.version), so a run would make no version") }
            remember(body, url: url, fingerprint: fingerprint, version: current.version)
            // Only under --force: a normal run does not read back what it published.
            var repaired = options.force ? try Repair.dataFiles(of: history, staging: staging, workspace: workspace) : []
            for path in repaired {
                logger.warning("\(path) had changed after it was published; it is written again from the source, with the checksum versions.json records",
                               metadata: ["event": "repaired", "file": .string(path)])
            }
            if options.force {
                let list = try Repair.changesList(of: history, primaryKey: recipe.primaryKey, staging: staging, workspace: workspace)
                if let path = list.written {
                    logger.warning("\(path) had changed after it was published; it is made again from the two versions' CSV files, with the checksum SHA256SUMS records",
                                   metadata: ["event": "repaired", "file": .string(path)])
                    repaired.append(path)
                }
                if let problem = list.problem { logger.warning("\(problem)", metadata: ["event": "not-repaired"]) }
            }
            return .unchanged(reason: "same content as \(current.version)" + (repaired.isEmpty ? "" : "; wrote again \(repaired.joined(separator: ", "))"))
        }
        let publication = Publication(recipe: recipe, settings: settings, workspace: workspace, clock: clock)
        // Worked out once: for the version's notes, and to tell the same rows in another order.
        // A run that publishes also lists the rows that changed, in the staged version (`ChangedRows`).
        let compared = history.current.flatMap {
            publication.rowDiff(since: $0, staged: staging, fields: anonymiser.publishedNames, keys: options.dryRun ? nil : keys)
        }
        let diff = compared?.diff
        // Nothing added, removed or changed (so as many rows) under the same fields and formats: a
        // database export without ORDER BY comes in another order from run to run, not a change.
        // A field published in another type (JSON `"120"` for `120`) is a change, though its CSV rows are the same.
        if let current = history.current, diff == VersionDiff(), types.isEmpty, current.fields == anonymiser.publishedNames,
           current.files.map(\.name) == files.map(\.name) {
            if options.dryRun { return .checked(verdict: "the same rows as \(current.version), in another order, so a run would make no version") }
            remember(body, url: url, fingerprint: fingerprint, version: current.version)
            return .unchanged(reason: "same rows as \(current.version), in another order")
        }
        if let current = history.current, let maxDrop = recipe.validation.maxRowDrop,
           Double(counts.rowsPublished) < Double(current.rows) * (1 - maxDrop) {
            throw PublishError("\(counts.rowsPublished) rows against \(current.rows) in \(current.version), a drop above max_row_drop (\(Int(maxDrop * 100))%); the export may be cut short, so nothing was published")
        }
        // Without max_row_drop, an empty export (the header alone, a failed extraction) still never
        // replaces data: the classic cron failure, and one that reusers would download as the truth.
        if let current = history.current, recipe.validation.maxRowDrop == nil, counts.rowsPublished == 0, current.rows > 0 {
            throw PublishError("no rows to publish, against \(current.rows) in \(current.version); an empty export does not replace published data, so nothing was published. If the dataset really is empty now, set validation max_row_drop: 100% in the recipe")
        }
        if options.dryRun {
            // What a run would publish: the notes its version would carry.
            guard let current = history.current else { return .checked(verdict: "a run would publish the first version") }
            let changes = publication.changesSince(current, diff: diff, types: types, rekeyed: keys.rekeyed,
                                                   fields: anonymiser.publishedNames, formats: files.map(\.format), rows: counts.rowsPublished)
            return .checked(verdict: "a run would publish a new version: \(changes.note)")
        }
        // A clock behind the current version's day (a server that booted without its time, a
        // SOURCE_DATE_EPOCH set back) names the new version after a day before the current one's:
        // listed first in versions.json, it sorts before it by name. Said, as DESIGN names versions by the clock.
        if let current = history.current, clock.day < current.date {
            logger.warning("the clock says \(clock.day), a day before \(current.version), the current version (issued \(current.issued)): the new version is named after \(clock.day), so it sorts before \(current.version) by name, and its dates go back; check \(clock.fromEpoch ? "SOURCE_DATE_EPOCH, which sets the time here" : "the system clock")",
                           metadata: ["event": "clock-behind"])
        }
        // A signal that came while the files were being written stops the dataset here, before anything moves.
        try Interruption.check()
        let version = try publication.promote(staging: staging, files: files, fields: anonymiser.publishedNames,
                                              history: history, diff: diff, changedRows: compared?.changes, types: types, keys: keys, tally: counts, temporal: publisher.temporalCoverage, exponents: publisher.exponentFields,
                                              body: body, encoding: reader.encoding)
        remember(body, url: url, fingerprint: fingerprint, version: version)
        return .published(version: version)
    }

    /// When rows failed their field's type, what `check` would have said of the source's first
    /// rows (`TypeHints`): the format, separators or missing values that would read them, for the
    /// cron job's log and `report.json`. Read again from the fetched body; never a value.
    private func typeNotes(_ counts: ValidationTally, body: FetchedBody, url: String) -> [String] {
        guard counts.counts.values.contains(where: { $0.rule == .type }), recipe.source.paginate == nil,
              let reader = try? SourceOpener.open(body, url: url, recipe: recipe, fetchPage: { _ in throw DecodeError("one page only") }) else { return [] }
        return TypeHints.warnings(recipe, reader: reader, afterRun: true).map(\.message)
    }

    /// Fields published as they are whose first rows hold e-mail addresses, phone numbers or people's
    /// names: said on every run, for remote sources too (check samples local files only). In the
    /// log, not in the version's report: a warning to the steward, never a value. For a pattern,
    /// the first rows of its last file too (the newest export, when files are named by date),
    /// named, for the fields the first file's did not show.
    private func warnAboutPersonalValues(first: FetchedBody, last: (name: String, body: FetchedBody)?, url: String) {
        guard recipe.source.paginate == nil else { return }
        func findings(_ body: FetchedBody) -> [(FieldSpec, String)] {
            guard let reader = try? SourceOpener.open(body, url: url, recipe: recipe, fetchPage: { _ in throw DecodeError("one page only") }) else { return [] }
            return PersonalDataHints.valueWarnings(recipe, reader: reader)
        }
        let found = findings(first)
        for (field, finding) in found {
            logger.warning("field '\(field.name)' \(finding)", metadata: ["event": "personal-values", "field": .string(field.name)])
        }
        guard let last else { return }
        let warned = Set(found.map(\.0.name))
        for (field, finding) in findings(last.body) where !warned.contains(field.name) {
            logger.warning("\(last.name): field '\(field.name)' \(finding)", metadata: ["event": "personal-values", "field": .string(field.name)])
        }
    }

    /// A JSON key that no record had leaves its field's column empty: most often a misspelt
    /// `from:` (a CSV column that is absent stops the run instead, but JSON records may lack keys).
    /// The same for a key `unpivot` turns into rows: its rows have no value (or, with
    /// `skip_missing`, are not made). Each with where the recipe says it.
    static func absentKeys(_ recipe: Recipe, _ keyed: any KeyedRecords) -> [(spot: SourceSpot?, message: String)] {
        let found = keyed.keysFound
        func hint(_ key: String) -> String? {
            guard let column = keyed.columns.firstIndex(of: key), column < found.count, !found[column] else { return nil }
            let closest = key.hasPrefix("/") ? keyed.closestPointer(to: key) : Suggestion.closest(to: key, in: keyed.otherKeys)
            return closest.map { " (did you mean '\(Shaper.shown($0))'?)" } ?? ""
        }
        let fields = recipe.fields.compactMap { field -> (spot: SourceSpot?, message: String)? in
            guard let hint = hint(field.from) else { return nil }
            return (field.spot, "field '\(field.name)' reads key '\(field.from)', which no record of the source has\(hint), so its column is empty; if the key is misspelt, fix from: in the recipe")
        }
        let turned = (recipe.source.unpivot?.columns ?? []).compactMap { column, _ -> (spot: SourceSpot?, message: String)? in
            guard let hint = hint(column) else { return nil }
            let rows = recipe.source.unpivot!.skipMissing ? "no row is made of it" : "its rows have no value"
            return (recipe.source.unpivotSpot, "unpivot lists key '\(column)', which no record of the source has\(hint), so \(rows); if the key is misspelt, fix unpivot columns in the recipe")
        }
        return fields + turned
    }

    /// The reading half of the row path: every record decoded, shaped and validated; valid rows go to
    /// `publisher` in batches, invalid ones are counted.
    private func read(_ reader: any RecordReader, shaper: Shaper, validator: RowValidator, into publisher: RowPublisher,
                      counts: inout ValidationTally, files: [String]) throws {
        let raw = RawRow()
        let shaped = ShapedRow()
        var issues: [RowIssue] = []
        let isCSV = reader.underlying is CSVReader
        let fields = recipe.fields
        // A duplicate key of several fields is named, and shown, as the whole key.
        let keyName = recipe.primaryKey.joined(separator: ", ")
        let keyFields = recipe.primaryKey.compactMap { name in fields.firstIndex { $0.name == name } }
        func keyText(_ raw: RawRow) -> String? {
            guard !keyFields.contains(where: { fields[$0].isSensitive }) else { return nil }
            return keyFields.map { shaper.sourceText(raw, field: $0) ?? "" }.joined(separator: ", ")
        }
        // A valid row with no value in any published field (its values, if any, in fields dropped
        // or columns not published) would be a blank row in the published files: left out, and
        // counted apart, since the source's row is not blank and nothing in it is wrong.
        let published = fields.indices.filter { fields[$0].anonymise != .drop }
        guard var batch = publisher.batch() else { return }
        let started = Date()
        defer { progress?.clear() }
        // CSV rows whose every cell is empty wait here: after the last record they are what a
        // spreadsheet leaves (`;;;;` lines), skipped with a note; before another record they are
        // invalid (`blank_row`), as Frictionless counts them, since a record may have been wiped.
        var blankRows = 0
        var blankLines: [Int] = []
        // A pattern's files: which the waiting blank rows are in, and those skipped at the end of a file before the last.
        var blankFile = 0
        var blankEnds = 0
        func recordBlankRows() throws {
            for index in 0..<blankRows {
                counts.rowsRead += 1
                counts.record([RowIssue(rule: .blankRow)], row: counts.rowsRead, line: index < blankLines.count ? blankLines[index] : nil,
                              file: files.isEmpty ? nil : files[blankFile], fieldName: { fields[$0].name }, value: { _ in nil })
                if recipe.validation.invalidRows == .fail {
                    throw PublishError("row \(counts.rowsRead) is invalid (blank_row: every cell is empty); validation invalid_rows is fail, so nothing was published")
                }
            }
            blankRows = 0
            blankLines.removeAll()
        }
        while try reader.next(into: raw) {
            try Interruption.check()
            if isCSV, raw.isBlank {
                if blankRows == 0 { blankFile = raw.file }
                blankRows += 1
                if blankLines.count < ValidationTally.sampleLimit { blankLines.append(raw.line) }
                continue
            }
            if blankRows > 0, raw.file != blankFile {
                // After the last record of an earlier file: what a spreadsheet leaves, not records.
                blankEnds += blankRows
                blankRows = 0
                blankLines.removeAll()
            }
            if blankRows > 0 { try recordBlankRows() }
            counts.rowsRead += 1
            if let progress, counts.rowsRead & 0xFFFF == 0 { progress.rows(label: recipe.id, count: counts.rowsRead, started: started) }
            issues.removeAll(keepingCapacity: true)
            shaper.shape(raw, into: shaped, issues: &issues)
            if shaped.count == fields.count { validator.validate(shaped, issues: &issues) }
            if !issues.isEmpty {
                counts.record(issues, row: counts.rowsRead, line: isCSV ? raw.line : nil, file: files.isEmpty ? nil : files[raw.file],
                              fieldName: { $0 == RowIssue.wholeKey ? keyName : fields[$0].name },
                              value: { $0 == RowIssue.wholeKey ? keyText(raw) : fields[$0].isSensitive ? nil : shaper.sourceText(raw, field: $0) })
                if recipe.validation.invalidRows == .fail {
                    let first = counts.samples.first
                    throw PublishError("row \(counts.rowsRead) is invalid (\(first.map { Self.describe($0) } ?? "see the report")); validation invalid_rows is fail, so nothing was published")
                }
                continue
            }
            // No bytes: no value (a null holds none), or an empty text, which CSV writes as nothing too.
            if published.allSatisfy({ shaped.range($0).isEmpty }) {
                counts.rowsEmpty += 1
                continue
            }
            batch.append(shaped)
            if batch.isFull {
                publisher.send(batch)
                guard let next = publisher.batch() else { return }
                batch = next
            }
        }
        if blankEnds > 0 {
            counts.notes.append("\(blankEnds) row\(blankEnds == 1 ? "" : "s") after the last record of files before the last \(blankEnds == 1 ? "has" : "have") every cell empty, as spreadsheets leave after the data: skipped")
        }
        if blankRows > 0 {
            let lines = blankLines.count == blankRows ? " (line\(blankRows == 1 ? "" : "s") \(blankLines.first!)\(blankRows == 1 ? "" : "–\(blankLines.last!)"))" : ""
            counts.notes.append("\(blankRows) row\(blankRows == 1 ? "" : "s") after the last record \(blankRows == 1 ? "has" : "have") every cell empty\(lines), as spreadsheets leave after the data: skipped")
        }
        if counts.rowsEmpty > 0 {
            let empty = counts.rowsEmpty
            counts.notes.append("\(empty) row\(empty == 1 ? " has" : "s have") no value in any published field (what \(empty == 1 ? "it holds" : "they hold"), if anything, is in fields dropped or columns not published): left out, since a row of empty cells tells reusers nothing (Frictionless reports it as a blank row)")
        }
        publisher.send(batch)
    }

    /// The validators of the last successful run, when they still describe the current publication.
    private func usableValidators(url: String, fingerprint: String, history: VersionHistory) -> SourceValidators? {
        guard !options.force, !options.dryRun, recipe.source.paginate == nil,
              let known = SourceValidators.load(workspace, recipe.id), let current = history.current,
              known.url == Redaction.url(recipe.source.url), known.recipe == fingerprint, known.version == current.version else { return nil }
        return known
    }

    /// Keeps what the server said about the source, once the run has succeeded. They only spare the
    /// next run a download: failing to keep them (a full disk) is a warning, never a failure of a
    /// dataset that is published or unchanged.
    private func remember(_ body: FetchedBody, url: String, fingerprint: String, version: String) {
        guard !options.dryRun, recipe.source.paginate == nil else { return }
        do {
            try SourceValidators(url: Redaction.url(recipe.source.url), etag: body.etag, lastModified: body.lastModified, fingerprint: body.fingerprint,
                                 recipe: fingerprint, version: version).save(workspace, recipe.id)
        } catch {
            logger.warning("the source's validators could not be kept (\(error)); the next run reads the source in full",
                           metadata: ["event": "validators-not-saved"])
        }
    }

    static func describe(_ sample: ValidationTally.Sample) -> String {
        var text = sample.field.map { "field '\($0)': " } ?? ""
        text += sample.rule.rawValue
        if let value = sample.value { text += " (value '\(Shaper.printable(value))')" }
        return text
    }
}
