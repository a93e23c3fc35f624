import Foundation

/// Rows added, removed and changed between two published CSV files, matched by primary key
/// (or, without one, by whole rows). Holds 16 bytes and a bit per row of the previous version.
struct VersionDiff: Equatable {
    var added = 0
    var removed = 0
    var changed = 0

    private struct Entry: Comparable {
        var key: UInt64
        var row: UInt64
        static func < (a: Entry, b: Entry) -> Bool { (a.key, a.row) < (b.key, b.row) }
    }

    /// Compares `previous` with `current`; `keys` names the primary-key columns (empty: whole rows).
    static func compare(previous: URL, current: URL, keys: [String]) throws -> VersionDiff {
        var entries: [Entry] = []
        try read(previous, keys: keys) { entries.append($0) }
        entries.sort()
        var seen = [UInt64](repeating: 0, count: (entries.count + 63) / 64)
        var diff = VersionDiff()
        var matched = 0
        try read(current, keys: keys) { entry in
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].key < entry.key { low = middle + 1 } else { high = middle }
            }
            var index = low
            // Whole-row matching: the first unmatched copy of the same row.
            while index < entries.count, entries[index].key == entry.key, seen[index / 64] & (1 << (index % 64)) != 0 {
                index += 1
            }
            guard index < entries.count, entries[index].key == entry.key else {
                diff.added += 1
                return
            }
            seen[index / 64] |= 1 << (index % 64)
            matched += 1
            if entries[index].row != entry.row { diff.changed += 1 }
        }
        diff.removed = entries.count - matched
        return diff
    }

    private static func read(_ url: URL, keys: [String], _ body: (Entry) throws -> Void) throws {
        let reader = try CSVReader(try UTF8Stream(url, encoding: .utf8), delimiter: UInt8(ascii: ","), skipLines: 0)
        let keyColumns = keys.compactMap { reader.columns.firstIndex(of: $0) }
        guard keyColumns.count == keys.count else { throw DecodeError("\(url.lastPathComponent) lacks a key column") }
        let row = RawRow()
        while try reader.next(into: row) {
            // Two independent hashes of the whole row when it is its own key: matched rows then
            // agree on 128 bits, which a run relies on to call a reordered export unchanged.
            let rowHash = hash(row, columns: 0..<row.count, salt: 1)
            let keyHash = keys.isEmpty ? hash(row, columns: 0..<row.count, salt: 0) : hash(row, columns: keyColumns, salt: 0)
            try body(Entry(key: keyHash, row: rowHash))
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
