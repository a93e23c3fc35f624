import CByteScan
import Foundation

/// JSON string escaping on bytes, for the writers and for nested source values.
enum JSONText {
    /// Appends `bytes` (valid UTF-8) as a quoted JSON string.
    @inline(__always)
    static func appendString(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            // The same class as the writers' 16-byte search, byte by byte.
            guard kq_byte_hits(byte, Int32(KQ_JSON), 0, 0, 0, 0) != 0 else {
                out.append(byte)
                continue
            }
            escape(byte) { out.append($0) }
        }
    }

    /// The most bytes `writeEscaped` writes for a cell of `count` bytes: six a byte (`\u00XX`).
    @inline(__always)
    static func escapedMaximum(_ count: Int) -> Int { count &* 6 }

    /// Writes `cell` escaped for a JSON string at `target` (room for `escapedMaximum` bytes) and
    /// returns the end: runs that need no escape are copied at once.
    @inline(__always)
    static func writeEscaped(_ cell: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard let base = cell.baseAddress else { return target }
        let count = cell.count
        var out = target
        var start = 0
        while true {
            let index = start + kq_find_json_escape(base + start, count - start)
            out = ByteBuffer.copy(UnsafeBufferPointer(start: base + start, count: index - start), to: out)
            guard index < count else { return out }
            escape(base[index]) { out = ByteBuffer.put($0, at: out) }
            start = index + 1
        }
    }

    /// Appends `cell` escaped for a JSON string.
    static func appendEscaped(_ cell: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        buffer.appendInPlace(maximum: escapedMaximum(cell.count)) { target in writeEscaped(cell, to: target) - target }
    }

    /// The escape of a byte that needs one (`\n`, `\"`, ... or `\u00XX`), handed to `put` byte by byte.
    @inline(__always)
    private static func escape(_ byte: UInt8, _ put: (UInt8) -> Void) {
        put(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: put(0x22)
        case 0x5C: put(0x5C)
        case 0x08: put(UInt8(ascii: "b"))
        case 0x0C: put(UInt8(ascii: "f"))
        case 0x0A: put(UInt8(ascii: "n"))
        case 0x0D: put(UInt8(ascii: "r"))
        case 0x09: put(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            for digit in [UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]] { put(digit) }
        }
    }

    /// A Swift string as a quoted JSON string.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(Array(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
