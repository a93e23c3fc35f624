import Foundation

/// Shaped rows in batches, laid end to end: what the reading thread hands to the writing thread.
final class RowBatch {
    let bytes = ByteBuffer(capacity: 1 << 20)
    let ends = GrowableBuffer<Int>(capacity: 1 << 14)
    let kinds = GrowableBuffer<CellKind>(capacity: 1 << 14)
    private(set) var rows = 0
    static let capacity = 2048

    var isFull: Bool { rows >= Self.capacity }

    func append(_ row: ShapedRow) {
        let base = bytes.count
        let cells = row.count
        bytes.append(row.bytes.elements)
        kinds.append(row.kinds.elements)
        ends.append(row.ends.base, count: cells, shiftedBy: base)
        rows += 1
    }

    /// Where cell `position` (counted over the whole batch) ends in `bytes`; where the next starts.
    @inline(__always)
    func end(_ position: Int) -> Int {
        position < 0 ? 0 : ends[position]
    }

    /// Cell `field` of row `index` (of `cells` cells), valid until the batch is reset.
    @inline(__always)
    func cell(_ index: Int, _ field: Int, cells: Int) -> UnsafeBufferPointer<UInt8> {
        let position = index * cells + field
        return bytes[(position == 0 ? 0 : ends[position - 1])..<ends[position]]
    }

    func reset() {
        bytes.reset()
        ends.reset()
        kinds.reset()
        rows = 0
    }
}

/// Hands batches from one thread to another, at most a few in flight, recycling them.
final class RowChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [RowBatch] = []
    private var free: [RowBatch]
    private var closed = false
    private var cancelled = false

    init(batches: Int = 4) {
        free = (0..<batches).map { _ in RowBatch() }
    }

    /// An empty batch to fill; nil once the consumer has stopped.
    func take() -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && !cancelled { condition.wait() }
        return cancelled ? nil : free.removeLast()
    }

    func send(_ batch: RowBatch) {
        condition.lock()
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// No more batches will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: producers stop at their next `take`.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch for the consumer; nil when closed and drained.
    func receive() -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed && !cancelled { condition.wait() }
        return (cancelled || queue.isEmpty) ? nil : queue.removeFirst()
    }

    func recycle(_ batch: RowBatch) {
        batch.reset()
        condition.lock()
        free.append(batch)
        condition.broadcast()
        condition.unlock()
    }
}
