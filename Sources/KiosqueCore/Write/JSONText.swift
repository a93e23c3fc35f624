import Foundation
/// JSON string escaping on bytes, for the writers and for nested source values.
enum JSONText {
    /// For each byte below 0x80: 0 copy as is, 1 short escape, 2 \u00XX escape.
    private static let escapes: [UInt8] = (0..<128).map { byte in
        switch byte {
        case 0x22, 0x5C, 0x08, 0x0C, 0x0A, 0x0D, 0x09: 1
        case 0..<0x20, 0x7F: 2
        default: 0
        }
    }

    /// Appends `bytes` (valid UTF-8) as a quoted JSON string.
    @inline(__always)
    static func appendString(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            guard byte < 0x80, escapes[Int(byte)] != 0 else {
                out.append(byte)
                continue
            }
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
    }

    /// Appends `cell` escaped for a JSON string: runs that need no escape are copied at once.
    @inline(__always)
    static func appendEscaped(_ cell: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        var start = 0
        var index = 0
        let count = cell.count
        while index < count {
            let byte = cell[index]
            if byte >= 0x20, byte != 0x22, byte != 0x5C, byte != 0x7F {
                index += 1
                continue
            }
            if index > start { buffer.append(UnsafeBufferPointer(rebasing: cell[start..<index])) }
            var escaped: [UInt8] = []
            appendEscaped(CollectionOfOne(byte), to: &escaped)
            buffer.append(escaped)
            index += 1
            start = index
        }
        if count > start { buffer.append(UnsafeBufferPointer(rebasing: cell[start..<count])) }
    }

    /// A Swift string as a quoted JSON string.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(Array(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
