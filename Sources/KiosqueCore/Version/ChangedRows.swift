import Foundation

/// A version's `<id>.changes.csv`: the rows added and changed since the previous version, whole,
/// as this version publishes them, then the primary key of each row removed. Made from the two
/// published CSV files only, so it holds nothing either version does not publish; written by
/// `VersionDiff.compare` as it matches the rows, into the staged version before its checksums.
final class ChangedRows {
    enum Kind {
        case added, changed, removed

        var word: StaticString {
            switch self {
            case .added: "added"
            case .changed: "changed"
            case .removed: "removed"
            }
        }
    }

    private let file: OutputFile

    /// The file's name for dataset `id`. `<id>.changes.csv` cannot be another dataset's data file
    /// name, nor one of this one's formats.
    static func fileName(for id: String) -> String { "\(id).changes.csv" }

    /// The first column's name: `change`, or `kiosque_change` when a published field is named `change`.
    static func kindColumn(fields: [String]) -> String { fields.contains("change") ? "kiosque_change" : "change" }

    /// Starts `url` with its header: the kind column, then `columns` (the current CSV's header).
    init(_ url: URL, columns: [String]) throws {
        file = try OutputFile(url)
        let buffer = file.buffer
        for (index, name) in ([Self.kindColumn(fields: columns)] + columns).enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            Array(name.utf8).withUnsafeBufferPointer { CSVWriter.appendCell($0, to: buffer) }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// A row of the current version, added or changed: every cell as published.
    func write(_ kind: Kind, row: RawRow) throws {
        try write(kind, cells: row.count) { index in index < row.count ? row.cell(index) : nil }
    }

    /// A row of the previous version no longer published: its key cells only, each at its column
    /// in the current header (`keyColumns`: current column index to the previous file's).
    func writeRemoved(_ row: RawRow, keyColumns: [Int: Int], columns: Int) throws {
        try write(.removed, cells: columns) { index in keyColumns[index].flatMap { $0 < row.count ? row.cell($0) : nil } }
    }

    private func write(_ kind: Kind, cells: Int, _ cell: (Int) -> UnsafeBufferPointer<UInt8>?) throws {
        try TestHooks.failure("changes-list", writing: file.url)
        let buffer = file.buffer
        buffer.append(kind.word)
        for index in 0..<cells {
            buffer.append(UInt8(ascii: ","))
            if let bytes = cell(index) { CSVWriter.appendCell(bytes, to: buffer) }
        }
        buffer.append(UInt8(ascii: "\n"))
        try file.flushIfNeeded()
    }

    func finish() throws -> WrittenFile {
        try file.finish()
    }
}
