/// A row after casting: each field's published text laid end to end, with how to write it.
/// Reused from row to row.
public final class ShapedRow {
    let bytes = ByteBuffer(capacity: 4096)
    let ends = GrowableBuffer<Int>(capacity: 64)
    let kinds = GrowableBuffer<CellKind>(capacity: 64)

    init() {}

    public var count: Int { ends.count }

    @inline(__always)
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    @inline(__always)
    func cell(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        bytes[range(index)]
    }

    @inline(__always)
    func reset() {
        bytes.reset()
        ends.reset()
        kinds.reset()
    }

    @inline(__always)
    func close(_ kind: CellKind) {
        ends.append(bytes.count)
        kinds.append(kind)
    }

    /// Appends `count` cells of row `row` of `batch` from cell `field` on, kinds included, with one
    /// copy of their bytes: they lie end to end in the batch as they will here.
    @inline(__always)
    func copy(_ batch: RowBatch, row: Int, cells: Int, from field: Int, count: Int) {
        let first = row &* cells &+ field
        let start = batch.end(first &- 1)
        ends.append(batch.ends.base + first, count: count, shiftedBy: bytes.count &- start)
        bytes.append(UnsafeBufferPointer(rebasing: batch.bytes.elements[start..<batch.end(first &+ count &- 1)]))
        kinds.append(UnsafeBufferPointer(rebasing: batch.kinds.elements[first..<(first &+ count)]))
    }

    /// The cell's text; only for values that may be shown.
    func string(_ index: Int) -> String {
        bytes.string(range(index))
    }
}
