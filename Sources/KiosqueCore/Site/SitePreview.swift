import Foundation

/// The first rows of a version's CSV, for the dataset page's preview table.
enum SitePreview {
    static func read(_ folder: URL, current: VersionEntry, rows: Int) -> (columns: [String], rows: [[String]])? {
        guard let csv = current.files.first(where: { $0.format == PublishFormat.csv.rawValue }) else { return nil }
        let url = folder.appendingPathComponent(csv.name)
        guard let reader = try? CSVReader(try UTF8Stream(url, encoding: .utf8), delimiter: UInt8(ascii: ","), skipLines: 0) else {
            return nil
        }
        var result: [[String]] = []
        let row = RawRow()
        while result.count < rows, (try? reader.next(into: row)) == true {
            result.append((0..<row.count).map { shortened(row.string($0)) })
        }
        return (reader.columns, result)
    }

    /// Characters of a cell shown in the preview: a long text (a nested JSON object published as
    /// text, a free-text column) is cut, so that twenty rows never make a heavy page.
    static let cellLength = 200

    static func shortened(_ text: String) -> String {
        guard text.utf8.count > cellLength, text.count > cellLength else { return text }
        return String(text.prefix(cellLength - 1)) + "…"
    }
}
