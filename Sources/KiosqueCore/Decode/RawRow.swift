import Foundation
/// One source record as UTF-8 cells laid end to end in a single buffer, reused from record to record
/// so that reading allocates per file, not per row.
public struct RawRow {
    public internal(set) var bytes: [UInt8] = []
    /// End offset in `bytes` of each cell.
    public internal(set) var ends: [Int] = []
    /// JSON sources: whether each cell was `null` (or absent). Empty for CSV.
    var nulls: [Bool] = []
    /// Where the record starts in the source: the physical line (CSV) or the record's index (JSON).
    public internal(set) var line = 0

    init() {
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(64)
    }

    public var count: Int { ends.count }

    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    func isNull(_ index: Int) -> Bool {
        index < nulls.count && nulls[index]
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        nulls.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func append(_ slice: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: slice)
    }

    @inline(__always)
    mutating func endCell() {
        ends.append(bytes.count)
    }

    /// Whether every cell is empty.
    var isBlank: Bool { bytes.isEmpty }

    /// The cell as text; for header labels and messages about non-personal values only.
    func string(_ index: Int) -> String {
        String(decoding: bytes[range(index)], as: UTF8.self)
    }
}

/// A source of records, read one at a time into a reused `RawRow`.
protocol RecordReader: AnyObject {
    /// The labels of the cells each record holds, in order.
    var columns: [String] { get }
    /// The encoding the source was read in.
    var encoding: TextEncoding { get }
    /// Reads the next record; false at the end of the source.
    func next(into row: inout RawRow) throws -> Bool
}
