import Foundation
/// A row after casting: each field's published text laid end to end, with how to write it.
/// Reused from row to row.
public struct ShapedRow {
    public internal(set) var bytes: [UInt8] = []
    public internal(set) var ends: [Int] = []
    public internal(set) var kinds: [CellKind] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(capacity)
        kinds.reserveCapacity(capacity)
    }

    public var count: Int { ends.count }

    @inline(__always)
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func close(_ kind: CellKind) {
        ends.append(bytes.count)
        kinds.append(kind)
    }

    /// The cell's text; only for values that may be shown.
    func string(_ index: Int) -> String {
        String(decoding: bytes[range(index)], as: UTF8.self)
    }
}
