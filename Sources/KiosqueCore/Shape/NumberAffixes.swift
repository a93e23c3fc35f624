import Foundation

/// `bare_number: false` (Frictionless's `bareNumber`): a number written with a unit or a word
/// around it, `12,5 %`, `25 000 FCFA`, `€ 3,50`, `env. 40`, is read as the number alone. The unit
/// is not published: the field's description says it.
enum NumberAffixes {
    /// The part of `bytes` from the number's first character (a digit, or a sign or decimal mark
    /// before one) to its last digit; nil when there is no digit at all.
    @inline(__always)
    static func number(in bytes: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> UnsafeBufferPointer<UInt8>? {
        var end = bytes.count
        // A minus right after the last digit, ending the value (`1.234,56-`, as SAP writes
        // negatives), is the number's own sign: kept, the caster reads it.
        if end >= 2, bytes[end - 1] == UInt8(ascii: "-"), isDigit(bytes[end - 2]) {
            var start = 0
            while start < end - 1, !isDigit(bytes[start]), bytes[start] != decimal, bytes[start] != UInt8(ascii: "-"),
                  bytes[start] != UInt8(ascii: "("), bytes[start] != UInt8(ascii: "+"), bytes[start] != 0xE2 || start + 2 >= end || bytes[start + 1] != 0x88 { start += 1 }
            let begins = start < end - 1 && (isDigit(bytes[start]) || (bytes[start] == decimal && isDigit(bytes[start + 1])))
            return begins ? UnsafeBufferPointer(rebasing: bytes[start..<end]) : nil
        }
        while end > 0, !isDigit(bytes[end - 1]) {
            // A trailing minus away from the digits (`12 -`) or a closing parenthesis: leaving it
            // out would publish a negative number as positive.
            let byte = bytes[end - 1]
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ")") || (byte == 0x92 && end >= 3 && bytes[end - 2] == 0x88 && bytes[end - 3] == 0xE2) {
                return nil
            }
            end -= 1
        }
        guard end > 0 else { return nil }
        var start = 0
        while start < end {
            let byte = bytes[start]
            if isDigit(byte) { break }
            let next = bytes[start + 1]  // start < end - 1 here: bytes[end - 1] is a digit
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+"), isDigit(next) || next == decimal { break }
            if byte == decimal, isDigit(next) { break }
            // U+2212 MINUS SIGN before a digit.
            if byte == 0xE2, start + 3 < end, next == 0x88, bytes[start + 2] == 0x92, isDigit(bytes[start + 3]) { break }
            // A sign or an accountant's parenthesis that is not right before the digits (`- 12 %`,
            // `(12,50) €`): leaving it out would publish a negative number as positive.
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "(") || (byte == 0xE2 && next == 0x88 && bytes[start + 2] == 0x92) { return nil }
            start += 1
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// For describe: the number in `text` and the text before and after it, as written (spaces
    /// kept); nil when `text` has nothing around its number, or no number.
    static func split(_ text: String, decimal: UInt8) -> (number: [UInt8], before: String, after: String)? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let number = number(in: buffer, decimal: decimal), number.count < buffer.count else { return nil }
            let start = number.baseAddress! - buffer.baseAddress!
            return (Array(number), String(decoding: buffer[..<start], as: UTF8.self),
                    String(decoding: buffer[(start + number.count)...], as: UTF8.self))
        }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
}
