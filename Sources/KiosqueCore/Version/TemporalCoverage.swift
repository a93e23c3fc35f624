/// The span of the dates a version publishes, for `dct:temporal` in the catalogue.
public struct TemporalCoverage: Sendable, Codable, Equatable {
    /// ISO 8601 as published: `2025-03-14`, `2025-03`, `2025` or a datetime.
    public var start: String
    public var end: String
}

/// Follows the earliest and latest published value of the date-like fields, row by row,
/// comparing bytes (ISO 8601 sorts as text).
struct TemporalTracker {
    private let positions: [Int]
    private var minimum: [UInt8]?
    private var maximum: [UInt8]?

    /// `types`: the published Table Schema type of each published cell.
    init(types: [String]) {
        positions = types.indices.filter { ["date", "datetime", "year", "yearmonth"].contains(types[$0]) }
    }

    mutating func observe(_ row: ShapedRow) {
        guard !positions.isEmpty else { return }
        for position in positions where row.kinds[position] != .null {
            let cell = row.cell(position)
            if minimum?.withUnsafeBufferPointer({ ByteOrder.precedes(cell, $0) }) ?? true { minimum = Array(cell) }
            if maximum?.withUnsafeBufferPointer({ ByteOrder.precedes($0, cell) }) ?? true { maximum = Array(cell) }
        }
    }

    var coverage: TemporalCoverage? {
        guard let minimum, let maximum else { return nil }
        return TemporalCoverage(start: String(decoding: minimum, as: UTF8.self), end: String(decoding: maximum, as: UTF8.self))
    }
}
