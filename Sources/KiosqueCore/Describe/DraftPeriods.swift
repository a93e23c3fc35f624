import Foundation

/// What a draft says of columns that hold a figure a period: a wide table's (the `unpivot` to
/// uncomment) and a pattern's files that each hold their own year's column (the `unpivot` written).
extension DraftBuilder {
    /// A pattern's files with a year's column each (see `PeriodColumns.perFile`), among the
    /// numeric fields read by label of a CSV source or of workbooks' sheets.
    func yearPerFile(_ fields: [Field]) -> (columns: PeriodColumns, years: [String])? {
        guard !laterHeaders.isEmpty, !sample.headerless, sample.format == .csv || sample.format.isSpreadsheet else { return nil }
        return PeriodColumns.perFile(firstLabels: fields.map(\.from), candidates: Self.numericByLabel(fields), otherHeaders: laterHeaders,
                                     currentYear: currentYear)
    }

    /// A wide table's columns of a figure a year or a month, told as the `unpivot` that would
    /// publish a row a period: commented out, as it changes the fields the steward reads through.
    func unpivotSuggestion(_ fields: [Field], key: String?) -> [String] {
        guard !sample.headerless else { return [] }
        guard let periods = PeriodColumns.find(labels: fields.map(\.from), candidates: Self.numericByLabel(fields), currentYear: currentYear) else { return [] }
        let count = periods.columns.count
        let first = fields[periods.columns[0].index].from, last = fields[periods.columns[count - 1].index].from
        let type: FieldType = periods.columns.allSatisfy { fields[$0.index].type == .integer } ? .integer : .number
        let value = periods.valueName, name = periods.name, period = periods.unit == .year ? "year" : "month"
        // A JSON source's records are read by the keys the recipe names: listed, never a pattern.
        let matching = sample.format == .json || sample.format == .ndjson ? nil : periods.matching
        let labels = periods.columns.map { fields[$0.index].from }
        let listed = zip(labels, periods.columns).allSatisfy { $0 == $1.period }
            ? "columns: [\(labels.map(Self.quoted).joined(separator: ", "))]"
            : "columns: {\(zip(labels, periods.columns).map { "\(Self.quoted($0)): \"\($1.period)\"" }.joined(separator: ", "))}"
        let columns = matching.map { "columns_matching: \(Self.quoted($0))" } ?? listed
        return [
            "  # the \(count) columns '\(Self.commentSafe(first))' to '\(Self.commentSafe(last))' hold a figure a \(period): to publish a row a \(period)",
            "  # (which reusers filter and chart, and whose columns a new \(period) does not change\(matching == nil ? "" : "; the pattern also turns the column a new \(period) adds")), uncomment unpivot below and",
            "  # replace those \(count) fields with {name: \(name), type: \(periods.type.rawValue)} and {name: \(value), type: \(type.rawValue)}"
                + (key.map { ", and write primary_key: [\($0), \(name)]" } ?? "") + "; see Wide tables in docs/recipes.md",
            "  # unpivot: {\(Self.commentSafe(columns)), name: \(name), value: \(value)}",
        ]
    }

    /// The numeric fields read by label: a figure a period's candidates.
    private static func numericByLabel(_ fields: [Field]) -> [Int] {
        fields.indices.filter { !fields[$0].leftOut && fields[$0].column == nil && [.integer, .number].contains(fields[$0].type) }
    }
}
