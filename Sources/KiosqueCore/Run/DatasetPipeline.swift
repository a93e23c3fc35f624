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

    func run() -> DatasetResult {
        let start = Date()
        var tally: ValidationTally?
        let outcome: DatasetOutcome
        do {
            outcome = try execute(&tally)
        } catch {
            outcome = .failed(message: "\(error)")
        }
        return DatasetResult(id: recipe.id, outcome: outcome, tally: tally, seconds: Date().timeIntervalSince(start))
    }

    private func execute(_ tally: inout ValidationTally?) throws -> DatasetOutcome {
        // Everything that can be refused without the network is refused first.
        let anonymiser = try Anonymiser(recipe: recipe)
        let validator = try RowValidator(recipe: recipe)

        let parent = options.dryRun ? FileManager.default.temporaryDirectory : workspace.temporaryFolder
        let work = parent.appendingPathComponent("\(recipe.id)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let body = try Fetcher(environment: environment).fetch(recipe.source, recipe: recipe.file, into: work)
        logger.info("fetched \(body.bytes) bytes from \(Redaction.url(body.finalURL))", metadata: ["event": "fetched", "bytes": .string(String(body.bytes))])
        let reader = try SourceOpener.open(body, recipe: recipe)
        logger.info("reading as \(reader.encoding.rawValue)\((reader as? CSVReader).map { ", delimiter '\(Character(Unicode.Scalar($0.delimiter)))'" } ?? "")",
                    metadata: ["event": "decoding", "encoding": .string(reader.encoding.rawValue)])
        let shaper = try Shaper(recipe: recipe, columns: reader.columns, checksCellCount: reader is CSVReader)

        let staging = work.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let formats = recipe.publish.formats
        let writers = try formats.map { try $0.makeWriter(staging.appendingPathComponent($0.fileName(for: recipe.id)), fields: anonymiser.publishedNames) }

        var counts = ValidationTally()
        defer { tally = counts }
        var raw = RawRow()
        var shaped = ShapedRow(capacity: recipe.fields.count)
        var published = ShapedRow(capacity: anonymiser.published.count)
        var issues: [RowIssue] = []
        while try reader.next(into: &raw) {
            counts.rowsRead += 1
            issues.removeAll(keepingCapacity: true)
            shaper.shape(raw, into: &shaped, issues: &issues)
            if shaped.count == recipe.fields.count { validator.validate(shaped, issues: &issues) }
            if !issues.isEmpty {
                let fields = recipe.fields
                counts.record(issues, row: counts.rowsRead, line: reader is CSVReader ? raw.line : nil,
                              fieldName: { fields[$0].name },
                              value: { fields[$0].isSensitive ? nil : shaper.sourceText(raw, field: $0) })
                if recipe.validation.invalidRows == .fail {
                    let first = counts.samples.first
                    throw PublishError("row \(counts.rowsRead) is invalid (\(first.map { Self.describe($0) } ?? "see the report")); validation invalid_rows is fail, so nothing was published")
                }
                continue
            }
            anonymiser.apply(shaped, into: &published)
            for writer in writers { try writer.write(published) }
            counts.rowsPublished += 1
        }
        var files: [VersionFile] = []
        for (format, writer) in zip(formats, writers) {
            let written = try writer.finish()
            files.append(VersionFile(name: written.name, format: format.rawValue, mediaType: format.mediaType,
                                     bytes: written.bytes, sha256: written.sha256))
        }

        if let limit = recipe.validation.maxInvalid, !limit.allows(counts.rowsInvalid, of: counts.rowsRead) {
            throw PublishError("\(counts.rowsInvalid) of \(counts.rowsRead) rows are invalid, above max_invalid; nothing was published (see the counts by rule below)")
        }
        if options.dryRun { return .checked }

        let history = try workspace.loadHistory(recipe.id) ?? VersionHistory(dataset: recipe.id)
        if let current = history.current, current.files == files, current.fields == anonymiser.publishedNames {
            return .unchanged(reason: "same content as \(current.version)")
        }
        if let current = history.current, let maxDrop = recipe.validation.maxRowDrop,
           Double(counts.rowsPublished) < Double(current.rows) * (1 - maxDrop) {
            throw PublishError("\(counts.rowsPublished) rows against \(current.rows) in \(current.version), a drop above max_row_drop (\(Int(maxDrop * 100))%); the export may be cut short, so nothing was published")
        }
        let publication = Publication(recipe: recipe, settings: settings, workspace: workspace, clock: clock)
        let version = try publication.promote(staging: staging, files: files, fields: anonymiser.publishedNames,
                                              history: history, tally: counts, body: body, encoding: reader.encoding)
        return .published(version: version)
    }

    static func describe(_ sample: ValidationTally.Sample) -> String {
        var text = sample.field.map { "field '\($0)': " } ?? ""
        text += sample.rule.rawValue
        if let value = sample.value { text += " (value '\(value)')" }
        return text
    }
}
