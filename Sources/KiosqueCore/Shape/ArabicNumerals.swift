/// Numbers as Arabic-script sources write them: Arabic-Indic digits (U+0660–0669, `١٢٣`, as in
/// the Mashreq and in some Maghreb exports), Extended Arabic-Indic digits (U+06F0–06F9, `۱۲۳`),
/// the Arabic decimal separator (U+066B `٫`), thousands separator (U+066C `٬`) and percent sign
/// (U+066A `٪`). Integer, number, year, date and datetime fields read them, and publish ASCII
/// digits, as JSON and every reuser's tool need. Each is two bytes, starting with 0xD9 or 0xDB.
enum ArabicNumerals {
    /// Whether `bytes` holds any of them.
    static func occur(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            if ascii(bytes[index], bytes[index + 1]) != nil { return true }
            index += 1
        }
        return false
    }

    /// `bytes` with them in ASCII, into `out` (emptied first): digits as `0`–`9`, the decimal
    /// separator as `decimal`, the percent sign as `%`; the thousands separator, which can mean
    /// nothing else, is left out.
    static func western(_ bytes: UnsafeBufferPointer<UInt8>, decimal: UInt8, into out: ByteBuffer) {
        out.reset()
        var index = 0
        while index < bytes.count {
            if index + 1 < bytes.count, let ascii = ascii(bytes[index], bytes[index + 1]) {
                switch ascii {
                case UInt8(ascii: "."): out.append(decimal)
                case UInt8(ascii: ","): break
                default: out.append(ascii)
                }
                index += 2
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
    }

    /// For describe: `text` with them in ASCII, the decimal separator as `,`.
    static func western(_ text: String) -> String {
        // Each starts with 0xD9 or 0xDB: most text is returned as it is without a copy.
        guard text.utf8.contains(where: { $0 == 0xD9 || $0 == 0xDB }) else { return text }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard occur(in: buffer) else { return text }
            let out = ByteBuffer()
            western(buffer, decimal: UInt8(ascii: ","), into: out)
            return String(decoding: out.elements, as: UTF8.self)
        }
    }

    /// `text` with each of them replaced by one ASCII character (the separators by `.` and `,`), so
    /// that a position in it, counted in UTF-16 units as `NSRegularExpression` counts, is the same
    /// position in `text`: for finding phone numbers written with them.
    static func inASCII(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ascii($0.value) != nil }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(ascii(scalar.value).map { Unicode.Scalar($0) } ?? scalar) }
        return String(out)
    }

    /// The one ASCII character each stands for: a digit, `%`, `.` for the decimal separator and
    /// `,` for the thousands separator.
    @inline(__always)
    private static func ascii(_ scalar: UInt32) -> UInt8? {
        switch scalar {
        case 0x0660...0x0669: UInt8(scalar - 0x0660 + 0x30)
        case 0x06F0...0x06F9: UInt8(scalar - 0x06F0 + 0x30)
        case 0x066A: UInt8(ascii: "%")
        case 0x066B: UInt8(ascii: ".")
        case 0x066C: UInt8(ascii: ",")
        default: nil
        }
    }

    /// The same, from the two bytes of its UTF-8.
    @inline(__always)
    private static func ascii(_ lead: UInt8, _ trail: UInt8) -> UInt8? {
        guard lead == 0xD9 || lead == 0xDB, trail & 0xC0 == 0x80 else { return nil }
        return ascii(UInt32(lead & 0x1F) << 6 | UInt32(trail & 0x3F))
    }
}
