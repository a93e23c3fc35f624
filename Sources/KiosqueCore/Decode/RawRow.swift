/// One source record as UTF-8 cells laid end to end in a single buffer, reused from record to record
/// so that reading allocates per file, not per row.
public final class RawRow {
    let bytes = ByteBuffer(capacity: 4096)
    /// End offset in `bytes` of each cell.
    let ends = GrowableBuffer<Int>(capacity: 64)
    /// JSON sources: whether each cell was `null` (or absent). Empty for CSV.
    let nulls = GrowableBuffer<Bool>(capacity: 64)
    /// JSON sources: whether each cell was a JSON number, which is written in JSON's syntax
    /// (`.` decimals, no grouping) whatever the recipe's `decimal` and `thousands`. Empty for CSV.
    let numbers = GrowableBuffer<Bool>(capacity: 64)
    /// Where the record starts in the source: the physical line (CSV) or the record's index (JSON).
    public internal(set) var line = 0
    /// Which of a pattern's files the record is from (`SourceFilesReader`); 0 for a single source.
    var file = 0
    /// Whether the source's text so far holds combining marks, so that this row's cells may need
    /// putting in composed form (`CellComposer`); false for nearly every source.
    var mayCompose = false
    /// Whether the source's text so far holds control characters (`UTF8Stream`), so that this
    /// row's cells are looked at for them; false for nearly every source.
    var mayHoldControls = false
    /// Whether the source's text so far holds text that looks encoded twice (`DoubleEncoding`).
    var mayBeDoubleEncoded = false

    init() {}

    public var count: Int { ends.count }

    @inline(__always)
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    @inline(__always)
    func isNull(_ index: Int) -> Bool {
        index < nulls.count && nulls[index]
    }

    @inline(__always)
    func isNumber(_ index: Int) -> Bool {
        index < numbers.count && numbers[index]
    }

    @inline(__always)
    func reset() {
        bytes.reset()
        ends.reset()
        nulls.reset()
        numbers.reset()
    }

    @inline(__always)
    func endCell() {
        ends.append(bytes.count)
    }

    /// Gives the row `difference` cells more (empty) or fewer (the last ones, keeping one): a row
    /// rebuilt from a source record keeps the record's surplus or lack of cells, which the shaper counts.
    func adjustCells(by difference: Int) {
        if difference > 0 {
            for _ in 0..<difference { endCell() }
        } else if difference < 0 {
            let kept = max(count + difference, 1)
            guard kept < count else { return }
            bytes.truncate(to: ends[kept - 1])
            ends.truncate(to: kept)
            if nulls.count > kept { nulls.truncate(to: kept) }
            if numbers.count > kept { numbers.truncate(to: kept) }
        }
    }

    /// Empties this row to be made from `record` (a reshaped record): its place in the source and
    /// what the source's text may hold, no cell yet.
    func reset(from record: RawRow) {
        reset()
        line = record.line
        file = record.file
        mayCompose = record.mayCompose
        mayHoldControls = record.mayHoldControls
        mayBeDoubleEncoded = record.mayBeDoubleEncoded
    }

    /// Makes this row a copy of `other` (once per source: a headerless CSV's first record).
    func copy(from other: RawRow) {
        reset(from: other)
        bytes.append(other.bytes[0..<other.bytes.count])
        ends.append(other.ends[0..<other.ends.count])
        nulls.append(other.nulls[0..<other.nulls.count])
        numbers.append(other.numbers[0..<other.numbers.count])
    }

    /// Whether every cell is empty, or holds only what a cell is trimmed of (spaces, tabs, no-break
    /// spaces): a spreadsheet's spacer row with a stray space is as blank as one without.
    var isBlank: Bool {
        let count = bytes.count
        if count == 0 { return true }
        // Most rows start with something else: one byte tells.
        switch bytes[0] {
        case 0x20, 0x09, 0xC2: return Shaper.trimmed(bytes.elements).isEmpty
        default: return false
        }
    }

    /// The cell as text; for header labels and messages about non-personal values only.
    public func string(_ index: Int) -> String {
        bytes.string(range(index))
    }

    /// The cell's bytes, valid until the row is reused.
    @inline(__always)
    func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        bytes[range(index)]
    }
}

/// A source of records, read one at a time into a reused `RawRow`.
protocol RecordReader: AnyObject {
    /// The labels of the cells each record holds, in order.
    var columns: [String] { get }
    /// The encoding the source was read in.
    var encoding: TextEncoding { get }
    /// Reads the next record; false at the end of the source.
    func next(into row: RawRow) throws -> Bool
    /// The reader that reads the source itself, under any that reshapes its records (`UnpivotReader`):
    /// whether records are lines of text (`CSVReader`), pages or keys are asked of it.
    var underlying: any RecordReader { get }
    /// The keys a JSON source's records had, for the keys the recipe reads that none had.
    var keyed: (any KeyedRecords)? { get }
}

extension RecordReader {
    var underlying: any RecordReader { self }
    var keyed: (any KeyedRecords)? { self as? any KeyedRecords }
}
