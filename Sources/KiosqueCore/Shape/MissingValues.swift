import Foundation

/// A source's `missing_values`: the cells that mean "no value", compared as trimmed bytes in
/// composed form, as the shaper reads every cell.
struct MissingValues {
    private let values: [[UInt8]]
    private let empty: Bool

    init(_ values: [String]) {
        self.values = values.map { Array(Composition.composed($0).utf8) }.filter { !$0.isEmpty }
        empty = values.contains("")
    }

    /// Whether the trimmed `cell` means "no value".
    @inline(__always)
    func contains(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        if cell.isEmpty { return empty }
        for value in values where value.count == cell.count {
            if value.withUnsafeBufferPointer({ memcmp($0.baseAddress!, cell.baseAddress!, cell.count) == 0 }) {
                return true
            }
        }
        return false
    }
}
