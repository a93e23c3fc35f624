import Foundation
/// How one dataset's run ended.
public enum DatasetOutcome: Sendable {
    /// A new version was published.
    case published(version: String)
    /// Nothing changed; no version was made.
    case unchanged(reason: String)
    /// `--dry-run`: everything was checked, nothing written; `verdict` says what a run would do.
    case checked(verdict: String)
    /// Nothing was published; the previous publication is untouched.
    case failed(message: String)
}

public struct DatasetResult: Sendable {
    public var id: String
    public var outcome: DatasetOutcome
    /// nil when the run stopped before reading rows.
    public var tally: ValidationTally?
    public var seconds: Double
    /// `--dry-run`: the first errors are listed under the counts, also when the dataset failed,
    /// since the dry run is where a steward looks for them.
    public var dryRun = false

    public var failed: Bool {
        if case .failed = outcome { return true }
        return false
    }

    /// The lines under the summary: invalid rows by rule and field, and for a dry run the first errors.
    /// Values appear only for fields that are neither personal nor anonymised.
    public var details: [String] {
        guard let tally else { return [] }
        var lines = tally.notes.map { "note: \($0)" }
        lines += tally.sortedCounts.map { count in
            "\(count.count) × \(count.rule.rawValue)\(count.field.map { " in \($0)" } ?? "")"
        }
        if dryRun {
            for sample in tally.samples.prefix(10) {
                var line = "row \(sample.row)\(sample.line.map { " (line \($0)\(sample.file.map { " of \($0)" } ?? ""))" } ?? ""): "
                line += sample.field.map { "\($0): " } ?? ""
                line += sample.rule.rawValue
                if let value = sample.value { line += " '\(Shaper.printable(value))'" }
                lines.append(line)
            }
        }
        return lines
    }

    /// One line for the run's summary.
    public var summary: String {
        var counts = ""
        if let tally {
            counts = "\(VersionChanges.rows(tally.rowsRead)) read, \(tally.rowsPublished) published"
            if tally.rowsInvalid > 0 { counts += ", \(tally.rowsInvalid) invalid" }
            if tally.rowsEmpty > 0 { counts += ", \(tally.rowsEmpty) empty" }
            if tally.rowsSuppressed > 0 { counts += ", \(tally.rowsSuppressed) suppressed for k-anonymity" }
        }
        switch outcome {
        case .published(let version):
            return "\(id): \(counts) -> version \(version)"
        case .unchanged(let reason):
            return "\(id): \(counts.isEmpty ? "" : counts + " -> ")unchanged (\(reason))"
        case .checked(let verdict):
            return "\(id): \(counts) (dry run, nothing written): \(verdict)"
        case .failed(let message):
            return "\(id): FAILED: \(message)\(counts.isEmpty ? "" : " [\(counts)]")"
        }
    }
}

/// What a run was asked to do, beyond which recipes.
public struct RunOptions: Sendable {
    public var dryRun = false
    public var force = false
    public var jobs = 1
    /// Show download progress (on a terminal only).
    public var progress = false

    public init(dryRun: Bool = false, force: Bool = false, jobs: Int = 1, progress: Bool = false) {
        self.dryRun = dryRun
        self.force = force
        self.jobs = jobs
        self.progress = progress
    }
}
