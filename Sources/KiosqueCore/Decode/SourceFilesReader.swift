import Foundation

/// The files a pattern names (`SourceFiles`), read one after the other as one source: each opened
/// when the one before it ends, its records numbered by their own lines and marked with the file's
/// place in the list (`RawRow.file`).
///
/// The columns are the first file's. A later file may order its columns otherwise, or have others
/// beside them: its records are laid out in the first file's order, a column it lacks left empty,
/// and a record with cells too many or too few keeps that surplus or lack. A file that lacks a
/// column the recipe reads fails the run, named, as a single source without it would.
final class SourceFilesReader: RecordReader, KeyedRecords {
    let columns: [String]
    let encoding: TextEncoding
    var underlying: any RecordReader { current.underlying }
    var keyed: (any KeyedRecords)? { isKeyed ? self : nil }

    private let names: [String]
    private let open: (Int) throws -> any RecordReader
    /// The labels the recipe reads (empty without a header row, whose columns are positions).
    private let needed: [(label: String, reader: String)]
    private let byLabel: Bool
    private var current: any RecordReader
    private var index = 0
    /// For the file being read when its header differs from the first's: where each of the first
    /// file's columns is in it (nil: absent). Nil when the headers are the same.
    private var layout: [Int?]?
    private let record = RawRow()
    private let isKeyed: Bool
    private var foundBefore: [Bool]
    /// The labels later files have that the first has not, by file: not read, and said.
    private(set) var extraColumns: [(file: String, labels: [String], count: Int)] = []
    private var otherKeysBefore: [String] = []

    /// `open` opens the file of that index, the first at once; `needed` pairs each label the recipe
    /// reads with what reads it, for the message when a file lacks it.
    init(names: [String], needed: [(label: String, reader: String)], byLabel: Bool,
         open: @escaping (Int) throws -> any RecordReader) throws {
        let first = try DecodeError.located(names[0]) { try open(0) }
        self.byLabel = byLabel
        current = first
        columns = first.columns
        encoding = first.encoding
        self.names = names
        self.needed = needed
        self.open = open
        isKeyed = first.keyed != nil
        foundBefore = Array(repeating: false, count: first.columns.count)
    }

    func next(into row: RawRow) throws -> Bool {
        while true {
            if let layout {
                if try read(current, into: record) {
                    lay(record, by: layout, into: row)
                    return true
                }
            } else if try read(current, into: row) {
                row.file = index
                return true
            }
            guard index + 1 < names.count else { return false }
            try advance()
        }
    }

    /// Reads the next record of the current file; an error names the file.
    private func read(_ reader: any RecordReader, into row: RawRow) throws -> Bool {
        try DecodeError.located(names[index]) { try reader.next(into: row) }
    }

    private func advance() throws {
        if let keyed = current.keyed {
            for (column, found) in keyed.keysFound.enumerated() where found && column < foundBefore.count { foundBefore[column] = true }
            otherKeysBefore = Array(Set(otherKeysBefore + keyed.otherKeys)).sorted()
        }
        index += 1
        current = try DecodeError.located(names[index]) { try open(index) }
        let labels = current.columns
        // Without a header row, columns are positions: nothing to lay out by label.
        guard labels != columns, byLabel else {
            layout = nil
            return
        }
        let trimmed = labels.map { $0.trimmingCharacters(in: .whitespaces) }
        for (label, reader) in needed where !trimmed.contains(label) {
            throw DecodeError("\(names[index]) has no column '\(label)', which \(reader) reads (\(names[0]) has it); every file the source url's pattern matches must have the columns the recipe reads", key: "url")
        }
        let laid = columns.map { column in trimmed.firstIndex(of: column.trimmingCharacters(in: .whitespaces)) }
        // Not one label in common: another export, or lines before its header; its records would
        // be read as empty rows.
        guard laid.contains(where: { $0 != nil }) else {
            throw DecodeError("\(names[index]) has none of the column labels of \(names[0]), the first file (its first line, \(labels.count) cells, is not shown: it may be a record); every file the source url's pattern matches must be the same export: check skip_lines, or move the file out of the folder", key: "url")
        }
        layout = laid
        let known = Set(columns.map { $0.trimmingCharacters(in: .whitespaces) })
        let extra = trimmed.filter { !$0.isEmpty && !known.contains($0) }
        // Its line holds every label the recipe reads, so it is a header and its other labels may
        // be shown; when the recipe reads none by label, it may be a record: counted, not shown.
        if !extra.isEmpty { extraColumns.append((names[index], needed.isEmpty ? [] : extra, extra.count)) }
    }

    /// What to say of `extraColumns`; nil when every file had the first's columns and no other.
    var extraColumnsNote: String? {
        guard let first = extraColumns.first else { return nil }
        let shown = first.labels.isEmpty ? "\(first.count), not shown, as the line may be a record"
            : first.labels.prefix(10).map { "'\(Shaper.shown($0))'" }.joined(separator: ", ") + (first.labels.count > 10 ? " and \(first.labels.count - 10) more" : "")
        let others = extraColumns.count > 1 ? " (and \(extraColumns.count - 1) other file\(extraColumns.count == 2 ? "" : "s") of the pattern)" : ""
        return "\(first.file)\(others) has columns that \(names[0]), the first file, has not (\(shown)): the source's columns are the first file's, so they are not read; if they hold data to publish, put a file that has them first, or read them in a recipe of their own"
    }

    /// `record` laid out in the first file's columns.
    private func lay(_ record: RawRow, by layout: [Int?], into row: RawRow) {
        row.reset(from: record)
        row.file = index
        let present = record.count
        for column in layout {
            if let column, column < present { row.bytes.append(record.cell(column)) }
            row.endCell()
        }
        row.adjustCells(by: present - current.columns.count)
    }

    // KeyedRecords: the keys found in any file.
    var keysFound: [Bool] {
        let now = current.keyed?.keysFound ?? []
        return foundBefore.indices.map { foundBefore[$0] || ($0 < now.count && now[$0]) }
    }

    var otherKeys: [String] {
        Array(Set(otherKeysBefore + (current.keyed?.otherKeys ?? []))).sorted()
    }

    func closestPointer(to column: String) -> String? {
        current.keyed?.closestPointer(to: column)
    }
}
