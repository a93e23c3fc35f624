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
            if let _ = western(bytes[index], bytes[index + 1], decimal: 0) { return true }
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
            if index + 1 < bytes.count, let ascii = western(bytes[index], bytes[index + 1], decimal: decimal) {
                if ascii != thousands { out.append(ascii) }
                index += 2
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
    }

    /// For describe: `text` with them in ASCII, the decimal separator as `,`.
    static func western(_ text: String) -> String {
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
        guard text.unicodeScalars.contains(where: { ascii($0) != nil }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(ascii(scalar) ?? scalar) }
        return String(out)
    }

    private static func ascii(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x0660...0x0669: Unicode.Scalar(UInt8(scalar.value - 0x0660 + 0x30))
        case 0x06F0...0x06F9: Unicode.Scalar(UInt8(scalar.value - 0x06F0 + 0x30))
        case 0x066A: "%"
        case 0x066B: "."
        case 0x066C: ","
        default: nil
        }
    }

    /// Stands for the thousands separator, which is left out.
    private static let thousands: UInt8 = 0xFF

    @inline(__always)
    private static func western(_ lead: UInt8, _ trail: UInt8, decimal: UInt8) -> UInt8? {
        switch (lead, trail) {
        case (0xD9, 0xA0...0xA9): trail - 0xA0 + 0x30
        case (0xDB, 0xB0...0xB9): trail - 0xB0 + 0x30
        case (0xD9, 0xAA): UInt8(ascii: "%")
        case (0xD9, 0xAB): decimal
        case (0xD9, 0xAC): thousands
        default: nil
        }
    }
}
