import Foundation

/// Unicode's composed form (NFC), which RFC 5198 asks of text exchanged on the network: `é` as
/// one character, not `e` followed by a combining accent (as macOS, PDF extractions and some
/// databases write it). Keys, column names and published text are compared and written in it, so
/// that an enum, a pattern, a join or a pseudonym does not depend on how an accent was typed.
///
/// Only the marks that compose with Latin letters (U+0300–U+036F) and the Arabic hamza and madda
/// (U+0653–U+0655) are looked for: those are what exports decompose.
enum Composition {
    /// `text` in composed form; ASCII is returned as it is.
    static func composed(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Whether the scalar is one of the marks looked for.
    @inline(__always)
    static func isComposingMark(_ scalar: UInt32) -> Bool {
        (0x300...0x36F).contains(scalar) || (0x653...0x655).contains(scalar)
    }

    /// Whether the UTF-8 sequence led by `lead` and followed by `second` is one of those marks.
    @inline(__always)
    static func isComposingMark(lead: UInt8, second: UInt8) -> Bool {
        lead == 0xCC || (lead == 0xCD && second < 0xB0) || (lead == 0xD9 && second &- 0x93 < 3)
    }

    /// Whether valid UTF-8 `bytes` hold one of those marks.
    static func holdsComposingMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index + 1 < count {
            if bytes[index] >= 0xCC, isComposingMark(lead: bytes[index], second: bytes[index + 1]) { return true }
            index += 1
        }
        return false
    }
}

/// Puts the cells of a source whose text holds combining marks in composed form, into a buffer
/// reused from cell to cell. Sources without them (the decoders say so) never get here.
final class CellComposer {
    private let buffer = ByteBuffer(capacity: 256)

    /// `cell` in composed form, valid until the next call; nil when it is already composed.
    func compose(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard Composition.holdsComposingMark(cell) else { return nil }
        var text = String(decoding: cell, as: UTF8.self).precomposedStringWithCanonicalMapping
        buffer.reset()
        text.withUTF8 { buffer.append($0) }
        return buffer.elements
    }
}
