import Foundation

/// The first records of a source, as text, whatever its format: what `describe` profiles.
struct Sample {
    var format: SourceFormat
    var encoding: TextEncoding
    var delimiter: UInt8?
    var records: String?
    var columns: [String]
    var rows: [[String?]]
    /// Lines of titles and notes above the header (CSV).
    var skipLines = 0
    /// No header row: the first line is a record (`header: false`), columns are read by position.
    var headerless = false
    /// The row right above the header when it labels groups of columns (merged cells over
    /// criteria): each column's group is the nearest label at or left of it.
    var groups: [String?] = []

    /// The group label over `column`, if the row above the header has one.
    func group(of column: Int) -> String? {
        guard !groups.isEmpty else { return nil }
        var index = min(column, groups.count - 1)
        while index >= 0 {
            if let label = groups[index]?.trimmingCharacters(in: .whitespaces), !label.isEmpty { return label }
            index -= 1
        }
        return nil
    }
    /// JSON APIs: the pointer of the link to the next page, when the answer has one.
    var nextPage: String?
    /// JSON: which cells of `rows` were JSON numbers (`run` reads them in JSON's syntax, whatever
    /// the recipe's separators). Empty for CSV.
    var numbers: [[Bool]] = []
    /// What a column's field is named after, when not its label (GeoJSON: `nom` for
    /// `/properties/nom`, `longitude` for `/geometry/coordinates/0`).
    var names: [String: String] = [:]

    static let maximumRows = 1000

    /// Reads up to `maximumRows` records of `file` (a sample, possibly cut short).
    /// `announced`: the encoding the server named (see `FetchedBody.announcedEncoding`).
    static func read(_ file: URL, format: SourceFormat, truncated: Bool, announced: TextEncoding? = nil) throws -> Sample {
        switch format {
        case .csv: return try csv(file, truncated: truncated, announced: announced)
        case .xlsx, .ods, .xls:
            // A sheet written out as CSV by `Workbook`: UTF-8, commas.
            var sample = try csv(file, truncated: truncated, delimiter: UInt8(ascii: ","))
            sample.format = format
            return sample
        case .json, .ndjson: return try json(file, lines: format == .ndjson, truncated: truncated)
        }
    }

    private static func csv(_ file: URL, truncated: Bool, delimiter: UInt8? = nil, announced: TextEncoding? = nil) throws -> Sample {
        let encoding = try TextEncoding.detect(file, announced: announced)
        var reader = try CSVReader(try UTF8Stream(file, encoding: encoding, detected: true), delimiter: delimiter, skipLines: 0)
        var (rows, lines) = try records(reader, truncated: truncated)
        var skipLines = 0
        var groups: [String?] = []
        // Titles and notes above the header: read again from the header's line.
        let header = HeaderFinder.headerIndex([reader.columns.map(Optional.some)] + rows)
        if header > 0 {
            let above = header == 1 ? reader.columns.map(Optional.some) : rows[header - 2]
            // Fewer labels than the header: group labels over it (a row of merged cells).
            if HeaderFinder.filledCount(above) > 0, HeaderFinder.filledCount(above) * 2 <= HeaderFinder.filledCount(rows[header - 1]) { groups = above }
            let skipped = lines[header - 1] - 1
            let expected = rows[header - 1].map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
            let again = try CSVReader(try UTF8Stream(file, encoding: encoding, detected: true), delimiter: reader.delimiter, skipLines: skipped)
            if again.columns == expected {
                reader = again
                skipLines = skipped
                (rows, lines) = try records(again, truncated: truncated)
            }
        } else if HeaderFinder.looksLikeRecord(reader.columns.map(Optional.some), below: rows) {
            let again = try CSVReader(try UTF8Stream(file, encoding: encoding, detected: true), delimiter: reader.delimiter, skipLines: 0, header: false)
            (rows, lines) = try records(again, truncated: truncated)
            rows.removeAll { $0.allSatisfy { ($0 ?? "").isEmpty } }
            return Sample(format: .csv, encoding: encoding, delimiter: again.delimiter, records: nil, columns: again.columns,
                          rows: rows, headerless: true)
        }
        // Rows of empty cells (`;;;;`, as spreadsheets leave after the data) say nothing of the columns.
        rows.removeAll { $0.allSatisfy { ($0 ?? "").isEmpty } }
        return Sample(format: .csv, encoding: encoding, delimiter: reader.delimiter, records: nil, columns: reader.columns,
                      rows: rows, skipLines: skipLines, groups: skipLines > 0 ? groups : [])
    }

    /// Up to `maximumRows` records after the header, with the line each starts on.
    private static func records(_ reader: CSVReader, truncated: Bool) throws -> ([[String?]], [Int]) {
        var rows: [[String?]] = []
        var lines: [Int] = []
        let row = RawRow()
        while rows.count < maximumRows + (truncated ? 1 : 0) {
            guard (try? reader.next(into: row)) == true else { break }
            rows.append((0..<row.count).map { Optional(row.string($0)) })
            lines.append(row.line)
        }
        // A sample cut mid-file ends on a partial record.
        if truncated, rows.count > 1 {
            rows.removeLast()
            lines.removeLast()
        }
        return (rows, lines)
    }
}
