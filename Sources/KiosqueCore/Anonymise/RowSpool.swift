import Foundation

/// Published rows parked on disk between the two passes of k-anonymity: each cell as a kind byte,
/// a 32-bit length and its bytes. Written and read through one buffer each.
final class RowSpool {
    private let url: URL
    private let cells: Int
    private var output: FileHandle?
    private var buffer: [UInt8] = []

    init(_ url: URL, cells: Int) throws {
        self.url = url
        self.cells = cells
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw WriteError.cannotCreate(url.path, errno)
        }
        output = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 18)
    }

    func append(_ row: ShapedRow) throws {
        for index in 0..<row.count {
            let range = row.range(index)
            buffer.append(row.kinds[index].rawValue)
            withUnsafeBytes(of: UInt32(range.count).littleEndian) { buffer.append(contentsOf: $0) }
            buffer.append(contentsOf: row.bytes[range])
        }
        if buffer.count >= 1 << 18 { try flush() }
    }

    private func flush() throws {
        try output?.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads every row back, in order, into one reused row.
    func replay(_ body: (ShapedRow) throws -> Void) throws {
        try flush()
        try output?.close()
        output = nil
        let file = try ChunkedFile(url)
        var pending: [UInt8] = []
        let row = ShapedRow()
        var cell = 0
        var offset = 0
        while let chunk = try file.next() {
            pending.removeSubrange(0..<offset)
            offset = 0
            pending.append(contentsOf: chunk)
            while true {
                guard pending.count - offset >= 5 else { break }
                let length = Int(UInt32(pending[offset + 1]) | UInt32(pending[offset + 2]) << 8
                                 | UInt32(pending[offset + 3]) << 16 | UInt32(pending[offset + 4]) << 24)
                guard pending.count - offset >= 5 + length else { break }
                if cell == 0 { row.reset() }
                pending.withUnsafeBufferPointer { row.bytes.append(UnsafeBufferPointer(rebasing: $0[(offset + 5)..<(offset + 5 + length)])) }
                row.close(CellKind(rawValue: pending[offset]) ?? .null)
                offset += 5 + length
                cell += 1
                if cell == cells {
                    try body(row)
                    cell = 0
                }
            }
        }
        try? FileManager.default.removeItem(at: url)
    }
}

/// Counts each combination of quasi-identifier values (as published, after generalisation) in
/// 128-bit hashes: memory grows with the number of distinct combinations, not with rows.
struct GroupCounter {
    let positions: [Int]
    private(set) var counts: [RowValidator.HashKey: Int] = [:]

    init(positions: [Int]) {
        self.positions = positions
    }

    func key(_ row: ShapedRow) -> RowValidator.HashKey {
        var first = Hasher()
        var second = Hasher()
        second.combine(0x6b as UInt8)
        for position in positions {
            let cell = UnsafeRawBufferPointer(row.cell(position))
            first.combine(row.kinds[position].rawValue)
            first.combine(cell.count)
            first.combine(bytes: cell)
            second.combine(row.kinds[position].rawValue)
            second.combine(cell.count)
            second.combine(bytes: cell)
        }
        return RowValidator.HashKey(high: first.finalize(), low: second.finalize())
    }

    mutating func count(_ row: ShapedRow) {
        counts[key(row), default: 0] += 1
    }

    func size(of row: ShapedRow) -> Int {
        counts[key(row)] ?? 0
    }
}
