import Foundation

/// Rows added, removed and changed between two published CSV files, matched by primary key
/// (or, without one, by whole rows). Holds 24 bytes and two bits per row of the previous version.
struct VersionDiff: Equatable {
    var added = 0
    var removed = 0
    var changed = 0

    private struct Entry: Comparable {
        var key: UInt64
        var row: UInt64
        /// The row's place in the previous file, to find the removed ones again.
        var index: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.key, a.row, a.index) < (b.key, b.row, b.index) }
    }

    /// One bit a row of the previous version.
    private struct Bits {
        private var words: [UInt64]
        init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }
        subscript(index: Int) -> Bool { words[index / 64] & (1 << (index % 64)) != 0 }
        mutating func set(_ index: Int) { words[index / 64] |= 1 << (index % 64) }
    }

    /// Compares `previous` with `current`; `keys` names the primary-key columns (empty: whole rows).
    /// With `changes`, also writes there the rows added and changed (whole, from `current`) and the
    /// key of each row removed (from `previous`): a `ChangedRows` file, described by the second result.
    static func compare(previous: URL, current: URL, keys: [String], changes: URL? = nil) throws -> (VersionDiff, WrittenFile?) {
        var entries: [Entry] = []
        var previousKeyColumns: [Int] = []
        try read(previous, keys: keys, header: { previousKeyColumns = $0.keyColumns }) { entry, _ in entries.append(entry) }
        entries.sort()
        var seen = Bits(count: entries.count)
        var diff = VersionDiff()
        var matched = 0
        var writer: ChangedRows?
        var header: (columns: [String], keyColumns: [Int]) = ([], [])
        do {
            try read(current, keys: keys, header: { found in
                header = found
                if let changes { writer = try ChangedRows(changes, columns: found.columns) }
            }) { entry, row in
                var low = 0, high = entries.count
                while low < high {
                    let middle = (low + high) / 2
                    if entries[middle].key < entry.key { low = middle + 1 } else { high = middle }
                }
                var index = low
                // Whole-row matching: the first unmatched copy of the same row.
                while index < entries.count, entries[index].key == entry.key, seen[index] { index += 1 }
                guard index < entries.count, entries[index].key == entry.key else {
                    diff.added += 1
                    try writer?.write(.added, row: row)
                    return
                }
                seen.set(index)
                matched += 1
                if entries[index].row != entry.row {
                    diff.changed += 1
                    try writer?.write(.changed, row: row)
                }
            }
            diff.removed = entries.count - matched
            guard let writer else { return (diff, nil) }
            if diff.removed > 0 {
                // The removed rows, in the previous file's order: their places, then a second reading.
                var removed = Bits(count: entries.count)
                for (index, entry) in entries.enumerated() where !seen[index] { removed.set(entry.index) }
                let keyColumns = Dictionary(uniqueKeysWithValues: zip(header.keyColumns, previousKeyColumns))
                try read(previous, keys: keys, header: { _ in }) { entry, row in
                    if removed[entry.index] { try writer.writeRemoved(row, keyColumns: keyColumns, columns: header.columns.count) }
                }
            }
            return (diff, try writer.finish())
        } catch {
            // The file's writing thread ends with it; the caller removes what was written.
            _ = try? writer?.finish()
            throw error
        }
    }

    private static func read(_ url: URL, keys: [String], header: ((columns: [String], keyColumns: [Int])) throws -> Void,
                             _ body: (Entry, RawRow) throws -> Void) throws {
        let reader = try CSVReader(try UTF8Stream(url, encoding: .utf8), delimiter: UInt8(ascii: ","), skipLines: 0)
        let keyColumns = keys.compactMap { reader.columns.firstIndex(of: $0) }
        guard keyColumns.count == keys.count else { throw DecodeError("\(url.lastPathComponent) lacks a key column") }
        try header((reader.columns, keyColumns))
        let row = RawRow()
        var index = 0
        while try reader.next(into: row) {
            // Two independent hashes of the whole row when it is its own key: matched rows then
            // agree on 128 bits, which a run relies on to call a reordered export unchanged.
            let rowHash = hash(row, columns: 0..<row.count, salt: 1)
            let keyHash = keys.isEmpty ? hash(row, columns: 0..<row.count, salt: 0) : hash(row, columns: keyColumns, salt: 0)
            try body(Entry(key: keyHash, row: rowHash, index: index), row)
            index += 1
        }
    }

    private static func hash(_ row: RawRow, columns: some Sequence<Int>, salt: UInt8) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(salt)
        for column in columns where column < row.count {
            let cell = UnsafeRawBufferPointer(row.cell(column))
            hasher.combine(cell.count)
            hasher.combine(bytes: cell)
        }
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
