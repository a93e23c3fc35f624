import Foundation

/// The order of byte strings, a prefix before what extends it: `lexicographicallyPrecedes` on
/// bytes, in one `memcmp`. Text bounds (`minimum`, `maximum`) compare this way, and ISO 8601
/// dates sort as their text.
enum ByteOrder {
    @inline(__always)
    static func precedes(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(first.count, second.count)
        let order = common == 0 ? 0 : memcmp(first.baseAddress!, second.baseAddress!, common)
        return order != 0 ? order < 0 : first.count < second.count
    }
}
