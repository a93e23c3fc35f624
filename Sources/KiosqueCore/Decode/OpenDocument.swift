import Foundation

/// An OpenDocument spreadsheet (.ods, as LibreOffice and the French administration's standard
/// office suite save it). As for an Excel workbook (`Workbook`), one table (sheet) is written out
/// as a UTF-8 CSV file, one line for each row from row 1, and read as any CSV export. Each cell is
/// written as the file holds it: text as typed (paragraphs joined by line breaks, comments left
/// out), numbers in full from `office:value` with the recipe's decimal mark, dates and times in
/// ISO 8601, booleans as true/false, formula errors as the sheet shows them (`#DIV/0!`).
enum OpenDocument {
    static let mimeType = "application/vnd.oasis.opendocument.spreadsheet"

    /// Whether the archive's members are those of an OpenDocument file (checked against its
    /// `mimetype` when converted).
    static func isDocument(_ members: [ZipArchive.Member]) -> Bool {
        members.contains { $0.name == "mimetype" } && members.contains { $0.name == "content.xml" }
    }

    /// `body` with its file replaced by a CSV of the chosen table.
    static func converted(_ body: FetchedBody, data: Data, members: [ZipArchive.Member], source: SourceSpec,
                          into directory: URL) throws -> FetchedBody {
        let parts = Workbook.Parts(data: data, members: members, directory: directory, maxSize: source.maxSize)
        let mime = try parts.withMember("mimetype", required: true) { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
        guard mime.trimmingCharacters(in: .whitespacesAndNewlines) == mimeType else {
            throw DecodeError("the source is an OpenDocument file, but not a spreadsheet (\(mime.prefix(80))); export the table as CSV, or save it as .ods or .xlsx")
        }
        let output = directory.appendingPathComponent("sheet-\(UUID().uuidString).csv")
        let result = try parts.withMember("content.xml", required: true) { bytes -> ([Workbook.Sheet], Workbook.Sheet, Int64) in
            let tables = try OpenDocumentSheet.tables(bytes)
            let sheet = try Workbook.choose(source.sheet, in: tables)
            let size = try OpenDocumentSheet(bytes: bytes, sheet: sheet.name, decimal: source.decimal, maxSize: source.maxSize).write(to: output)
            return (tables, sheet, size)
        }
        guard let (tables, sheet, size) = result else { throw DecodeError("the spreadsheet has no content.xml; it looks damaged: ask for the file again") }
        var converted = body
        converted.file = output
        converted.bytes = size
        converted.sheet = sheet.name
        converted.sheets = tables.map(\.name)
        converted.workbookFormat = .ods
        converted.inPlace = nil
        return converted
    }
}
