import CByteScan

/// Tells the single-byte encodings of a text that is not UTF-8 apart, from the runs of bytes
/// above 0x7F it holds. French written in Windows-1252 or ISO-8859-1 has accented letters
/// between ASCII ones, one or two at a time (`Créée`); Arabic written in Windows-1256 has words of
/// such bytes (`الرباط` is `C7 E1 D1 C8 C7 D8`). Windows-1252 and ISO-8859-1 differ only in
/// 0x80–0x9F: printable in the first, control characters in the second. French written in DOS
/// Latin-1 (code page 850) has its accented letters there: `é` is 0x82 and `è` 0x8A, which
/// Windows-1252 reads as `‚` and `Š`; so a byte alone between two plain letters is counted as a
/// DOS letter (`d‚partement`) or a Windows one (`département`, 0xE9).
struct SingleByteText {
    /// Runs of bytes above 0x7F, and those of three letters or more (0xC0–0xFF but × and ÷).
    private var runs = 0
    private var words = 0
    private var length = 0
    private var wordLength = 0
    private var c1 = false
    private var seen = 0
    /// Single bytes between two ASCII letters: a French letter in code page 850 (é è ê ë â ç î ï ô
    /// ü É), or a Latin letter of Windows-1252 and ISO-8859-1 (0xC0–0xFF, `œ`). Code page 850's
    /// `à`, `û` and `ù` are left out: they are Windows-1252's `…`, `–` and `—`, which English puts
    /// between words (`Abidjan–Bouaké`, `data—cleaned`), and French rarely puts them inside a word.
    private var dosLetters = 0
    private var windowsLetters = 0
    /// The last byte of the previous chunk, for a run that begins a chunk.
    private var before: UInt8 = 0
    /// Latin-9's own letters and sign where Latin-1 has symbols: `œ`/`Œ` (0xBD/0xBC, Latin-1's `½`
    /// and `¼`) between two letters, `€` (0xA4, Latin-1's `¤`) after a digit or a digit and a space.
    private var latin9 = 0

    /// Code page 850's French letters in 0x80–0x9F that Windows-1252 text does not put between letters: ü é â ç ê ë è ï î É ô.
    private static let dosFrench: Set<UInt8> = [0x81, 0x82, 0x83, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x90, 0x93]

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

    /// 0xC0–0xFF but × and ÷: letters in Latin-1, Windows-1252 and (most) Windows-1256.
    private static func isUpperLetter(_ byte: UInt8) -> Bool { byte >= 0xC0 && byte != 0xD7 && byte != 0xF7 }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        seen += bytes.count
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < bytes.count {
            if length == 0 {
                index += kq_find_non_ascii(base + index, bytes.count - index)
                guard index < bytes.count else { break }
            }
            let byte = bytes[index]
            if byte < 0x80 {
                end()
            } else {
                if byte <= 0x9F { c1 = true }
                if length == 0 {
                    runs += 1
                    let previous = index > 0 ? bytes[index - 1] : before
                    if byte == 0xA4, previous &- 48 < 10 || (previous == 0x20 && index > 1 && bytes[index - 2] &- 48 < 10) { latin9 += 1 }
                    if index + 1 < bytes.count, Self.isLetter(previous), Self.isLetter(bytes[index + 1]) {
                        if byte == 0xBC || byte == 0xBD { latin9 += 1 }
                        if Self.dosFrench.contains(byte) {
                            dosLetters += 1
                        } else if Self.isUpperLetter(byte) || byte == 0x9C {
                            windowsLetters += 1
                        }
                    }
                }
                length += 1
                if Self.isUpperLetter(byte) {
                    wordLength += 1
                    if wordLength == 3 { words += 1 }
                } else {
                    wordLength = 0
                }
            }
            index += 1
        }
        before = bytes.last ?? before
    }

    private mutating func end() {
        length = 0
        wordLength = 0
    }

    /// Whether reading on would change nothing: past the first 16 MiB (which tell Arabic from
    /// French), Arabic, or French that has shown a 0x80–0x9F byte.
    var settled: Bool { seen >= 1 << 24 && (c1 || encoding == .windows1256) }

    /// Windows-1256 when several runs are words (five or more, and at least three in ten runs);
    /// code page 850 when three letters or more are DOS letters, and more than twice the Windows ones.
    var encoding: TextEncoding {
        if words >= 5, words * 10 >= runs * 3 { return .windows1256 }
        if dosLetters >= 3, dosLetters > 2 * windowsLetters { return .cp850 }
        if c1 { return .windows1252 }
        return latin9 > 0 ? .iso885915 : .iso88591
    }
}
