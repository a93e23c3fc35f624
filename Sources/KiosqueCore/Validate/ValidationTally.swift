import Foundation
/// Counts of what a run read, published and refused, with the first errors as samples.
/// Samples of personal fields carry no value: only the row, the field and the rule; nor do values
/// that hold an e-mail address or a phone number, whatever their field.
public struct ValidationTally: Sendable {
    public static let sampleLimit = 100

    public struct Sample: Sendable, Codable, Equatable {
        public var row: Int
        public var line: Int?
        /// The file of a source url's pattern the line is in; nil for a single source.
        public var file: String? = nil
        public var field: String?
        public var rule: Rule
        public var value: String?
    }

    public struct RuleCount: Sendable, Codable, Equatable {
        public var rule: Rule
        public var field: String?
        public var count: Int
    }

    public var rowsRead = 0
    public var rowsPublished = 0
    public var rowsInvalid = 0
    /// Valid rows left out because no published field has a value: published, each would be a row
    /// of empty cells. Not invalid: the source's row is not blank, and nothing in it is wrong.
    public var rowsEmpty = 0
    /// Rows left out to keep every quasi-identifier group at least k rows large.
    public var rowsSuppressed = 0
    /// The smallest quasi-identifier group published, when k-anonymity applies.
    public var smallestGroup: Int?
    public private(set) var counts: [String: RuleCount] = [:]
    public private(set) var samples: [Sample] = []
    /// Remarks about the source as a whole (duplicate header labels no field reads).
    public var notes: [String] = []

    /// Records one invalid row; `value` is asked for only while samples are still kept.
    mutating func record(_ issues: [RowIssue], row: Int, line: Int?, file: String? = nil, fieldName: (Int) -> String,
                         value: (Int) -> String?) {
        rowsInvalid += 1
        for issue in issues {
            let name = issue.field.map(fieldName)
            let key = "\(issue.rule.rawValue)\u{0}\(name ?? "")"
            counts[key, default: RuleCount(rule: issue.rule, field: name, count: 0)].count += 1
            if samples.count < Self.sampleLimit {
                // A required value is empty by definition: nothing to show. A value holding an
                // e-mail address or a phone number (a free-text field without redact) is not shown
                // either: the row was left out, and its contact must not reach the report instead.
                let shown = issue.rule == .required || issue.rule == .missingCells ? nil
                    : issue.field.flatMap(value).flatMap { Redactor.mayIdentify($0) ? nil : $0 }
                samples.append(Sample(row: row, line: line, file: file, field: name, rule: issue.rule, value: shown))
            }
        }
    }

    /// Counts by rule and field, in a stable order.
    public var sortedCounts: [RuleCount] {
        counts.values.sorted { ($0.rule.rawValue, $0.field ?? "") < ($1.rule.rawValue, $1.field ?? "") }
    }
}
