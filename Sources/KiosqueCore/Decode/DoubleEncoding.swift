import CByteScan

/// Text encoded twice: UTF-8 read as Windows-1252 somewhere and saved in UTF-8 again, so that
/// `é` reads `Ã©`, `à` `Ã `, `É` `Ã‰`, `°` `Â°` and `’` `â€™`. It is valid UTF-8, so nothing
/// refuses it; the run says which field holds it and where, as it does for control characters.
/// A recipe that declares `encoding: windows-1252` for a UTF-8 file gives the same text.
enum DoubleEncoding {
    /// Whether `bytes` hold one of those sequences: `Ã` (C3 83) before a character of U+0080–U+00BF,
    /// or one Windows-1252 maps 0x80–0x9F to (Š Œ Ž ƒ ˆ ˜ and punctuation: C5, C6, CB, E2 lead
    /// bytes); `Â` (C3 82) before U+00A0–U+00BF; `â€` (C3 A2 E2 82 AC).
    static func occur(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { occur(in: $0) }
    }

    static func occur(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        while true {
            index += kq_find_double_encoding_lead(base + index, count - index)
            guard index + 3 < count else { return false }
            let second = base[index + 1], third = base[index + 2], fourth = base[index + 3]
            switch second {
            case 0x83 where third == 0xC2 && fourth >= 0x80 && fourth <= 0xBF: return true
            case 0x83 where third == 0xC5 || third == 0xC6 || third == 0xCB || (third == 0xE2 && fourth & 0xFC == 0x80): return true
            case 0x82 where third == 0xC2 && fourth >= 0xA0 && fourth <= 0xBF: return true
            case 0xA2 where third == 0xE2 && fourth == 0x82 && index + 4 < count && base[index + 4] == 0xAC: return true
            default: break
            }
            index += 1
        }
    }
}
