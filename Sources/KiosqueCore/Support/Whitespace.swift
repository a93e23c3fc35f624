import Foundation

/// `trimmingCharacters(in: .whitespaces)` for text asked of every sampled cell: Foundation's goes
/// through NSString each time, a quarter of describe's time on a wide export. Text that neither
/// starts nor ends with a byte that could begin a space (ASCII space or tab, or the lead byte of
/// a Unicode space: U+00A0, U+1680, U+2000–U+205F, U+3000) is returned as it is; other text is
/// trimmed by Foundation, so the result is the same.
enum Whitespace {
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func mayBeSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3
                // The last byte of a multi-byte space is a continuation byte.
                || byte & 0xC0 == 0x80
        }
        guard mayBeSpace(first) || mayBeSpace(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
