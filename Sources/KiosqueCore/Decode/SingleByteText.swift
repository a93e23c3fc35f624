import CByteScan

/// Tells the single-byte encodings of a text that is not UTF-8 apart, from the runs of bytes
/// above 0x7F it holds. French written in Windows-1252 or ISO-8859-1 has accented letters
/// between ASCII ones, one or two at a time (`Créée`); Arabic written in Windows-1256 has words of
/// such bytes (`الرباط` is `C7 E1 D1 C8 C7 D8`). Windows-1252 and ISO-8859-1 differ only in
/// 0x80–0x9F: printable in the first, control characters in the second.
struct SingleByteText {
    /// Runs of bytes above 0x7F, and those of three letters or more (0xC0–0xFF but × and ÷).
    private var runs = 0
    private var words = 0
    private var length = 0
    private var wordLength = 0
    private var c1 = false
    private var seen = 0

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
                if length == 0 { runs += 1 }
                length += 1
                if byte >= 0xC0, byte != 0xD7, byte != 0xF7 {
                    wordLength += 1
                    if wordLength == 3 { words += 1 }
                } else {
                    wordLength = 0
                }
            }
            index += 1
        }
    }

    private mutating func end() {
        length = 0
        wordLength = 0
    }

    /// Whether reading on would change nothing: past the first 16 MiB (which tell Arabic from
    /// French), Arabic, or French that has shown a 0x80–0x9F byte.
    var settled: Bool { seen >= 1 << 24 && (c1 || encoding == .windows1256) }

    /// Windows-1256 when several runs are words (five or more, and at least three in ten runs).
    var encoding: TextEncoding {
        if words >= 5, words * 10 >= runs * 3 { return .windows1256 }
        return c1 ? .windows1252 : .iso88591
    }
}
