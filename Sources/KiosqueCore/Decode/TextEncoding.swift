import CByteScan
import Foundation

/// The concrete encoding a source is read in, once `auto` has been resolved.
public enum TextEncoding: String, Sendable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case windows1256 = "windows-1256"
    case iso88591 = "iso-8859-1"
    case iso885915 = "iso-8859-15"
    case cp850
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"

    /// Decides the encoding of `file`: a byte-order mark wins; else UTF-16 by its zero bytes; else UTF-8
    /// when the whole file is valid UTF-8, or when it is UTF-8 up to a first invalid byte after
    /// accented letters (an export that mixes encodings: read as UTF-8, it fails there with a clear
    /// error, where Windows-1252 would turn every accented letter before it into `Ã©`); else
    /// Windows-1256 when it writes words in Arabic (`SingleByteText`); else DOS Latin-1 (code page
    /// 850) when its accented letters sit between plain ones where Windows would have punctuation;
    /// else Windows-1252 when it uses its 0x80–0x9F characters, else ISO-8859-15 when it writes
    /// `œ` inside words or `€` after an amount, else ISO-8859-1.
    ///
    /// `announced`: the single-byte encoding the server named in its `Content-Type` (see
    /// `announced(byContentType:)`), which decides over the guess when the bytes are not UTF-8.
    static func detect(_ file: URL, announced: TextEncoding? = nil) throws -> TextEncoding {
        let reader = try ChunkedFile(file, chunkSize: 1 << 20)
        var validator = UTF8Validator()
        var first = true
        var consumed: Int64 = 0
        // Multi-byte sequences begun before the first invalid byte, counted up to `enough`: the last
        // may be the one that byte broke, and Latin-1 text can hold a valid pair by chance (`É°`).
        // One sequence of an accented Latin letter (`é` as C3 A9) or of typographic punctuation
        // (`’` as E2 80 99) is enough: Latin-1 text would read it as `Ã©` or `â€™`. Read as Latin-1,
        // a file mixing such text with single-byte text published the UTF-8 part garbled.
        var sequences = 0
        var letters = 0
        let enough = 3
        while let chunk = try reader.next() {
            if first {
                first = false
                if let encoding = fromPrefix(chunk) { return encoding }
            }
            validator.feed(chunk)
            let valid = validator.isValid ? chunk.count : Int((validator.errorOffset ?? consumed) - consumed)
            if sequences < enough, letters == 0, let base = chunk.baseAddress, valid > 0 {
                let found = leadBytes(base, valid, limit: enough - sequences)
                sequences += found.sequences
                letters += found.letters
            }
            consumed += Int64(chunk.count)
            if !validator.isValid { break }
        }
        if validator.finish() || sequences >= enough || letters > 0 { return .utf8 }
        // Not UTF-8: a single-byte encoding, the server's when it named one.
        if let announced { return announced }
        let again = try ChunkedFile(file, chunkSize: 1 << 20)
        var text = SingleByteText()
        while !text.settled, let chunk = try again.next() { text.feed(chunk) }
        return text.encoding
    }

    /// The lead bytes of multi-byte UTF-8 sequences in `count` bytes at `base`, counted up to `limit`,
    /// and how many of them are whole sequences of a Latin letter (U+00C0–U+017F) or of general
    /// punctuation (U+2000–U+203F), stopping at the first such.
    private static func leadBytes(_ base: UnsafePointer<UInt8>, _ count: Int, limit: Int) -> (sequences: Int, letters: Int) {
        var found = 0
        var index = 0
        while found < limit {
            index += kq_find_non_ascii(base + index, count - index)
            guard index < count else { break }
            let lead = base[index]
            if lead >= 0xC2 { found += 1 }
            func continues(_ offset: Int) -> Bool { index + offset < count && base[index + offset] & 0xC0 == 0x80 }
            if (0xC3...0xC5).contains(lead), continues(1) { return (found, 1) }
            if lead == 0xE2, index + 1 < count, base[index + 1] == 0x80, continues(2) { return (found, 1) }
            index += 1
        }
        return (found, 0)
    }

    /// The single-byte encoding a `Content-Type` header names (`text/csv; charset=ISO-8859-15`)
    /// when its bytes could not tell it for sure: Latin-9's `€` and `œ`, Windows-1252's, Arabic
    /// Windows, DOS Latin-1. Nil for UTF-8 (which servers announce for anything, so the bytes
    /// decide), for ISO-8859-1 and ASCII (announced for Windows-1252 as often as not: the bytes
    /// decide, as browsers read it as Windows-1252), and for charsets kiosque does not read.
    static func announced(byContentType contentType: String?) -> TextEncoding? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "charset" else { continue }
            switch pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased() {
            case "windows-1252", "cp1252", "x-cp1252": return .windows1252
            case "iso-8859-15", "iso_8859-15", "iso8859-15", "latin-9", "latin9", "l9": return .iso885915
            case "windows-1256", "cp1256", "x-cp1256": return .windows1256
            case "ibm850", "cp850", "850", "csibm850": return .cp850
            default: return nil
            }
        }
        return nil
    }

    /// The encoding announced by a byte-order mark, or by the zero bytes of BOM-less UTF-16.
    static func fromPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return .utf8 }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return .utf16LE }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return .utf16BE }
        let sample = min(bytes.count, 4096) & ~1
        guard sample >= 4 else { return nil }
        var evenZeros = 0, oddZeros = 0
        for index in 0..<sample where bytes[index] == 0 {
            if index & 1 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        if oddZeros > sample / 4, evenZeros == 0 { return .utf16LE }
        if evenZeros > sample / 4, oddZeros == 0 { return .utf16BE }
        return nil
    }

    init(_ declared: SourceEncoding, bomPrefix: UnsafeBufferPointer<UInt8>?) {
        switch declared {
        case .utf8, .auto: self = .utf8
        case .windows1252: self = .windows1252
        case .windows1256: self = .windows1256
        case .iso88591: self = .iso88591
        case .cp850: self = .cp850
        case .iso885915: self = .iso885915
        case .utf16:
            if let prefix = bomPrefix, let encoding = Self.fromPrefix(prefix), encoding == .utf16BE { self = .utf16BE } else { self = .utf16LE }
        }
    }
}

extension FetchedBody {
    /// The single-byte encoding the server named for this body (see `TextEncoding.announced`), when
    /// the body is the file it described: not a file taken out of a gzip or ZIP archive, nor a sheet.
    var announcedEncoding: TextEncoding? {
        guard !wasGzipFile, member == nil, sheet == nil else { return nil }
        return TextEncoding.announced(byContentType: contentType)
    }
}

/// Checks UTF-8 validity across chunk boundaries.
struct UTF8Validator {
    private(set) var isValid = true
    /// Whether a combining mark that composes (see `Composition`) was seen: the source's text
    /// then needs putting in composed form.
    private(set) var composingMarks = false
    /// Bytes still expected to complete the current sequence.
    private var pending = 0
    private var lowerBound: UInt8 = 0x80
    private var upperBound: UInt8 = 0xBF
    /// The lead byte of the sequence being completed (a two-byte one may be cut by a chunk's end).
    private var previous: UInt8 = 0
    /// Offset of the first invalid byte, counted over everything fed.
    private(set) var errorOffset: Int64?
    private var offset: Int64 = 0

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard isValid, let base = bytes.baseAddress else { return }
        var index = 0
        let count = bytes.count
        while index < count {
            if pending == 0 {
                // Fast path: ASCII 16 bytes at a time, and two-byte sequences (accented Latin letters) at once.
                index += kq_find_non_ascii(base + index, count - index)
                guard index < count else { break }
                let byte = base[index]
                if byte >= 0xC2, byte <= 0xDF, index + 1 < count, base[index + 1] & 0xC0 == 0x80 {
                    if byte >= 0xCC, Composition.isComposingMark(lead: byte, second: base[index + 1]) { composingMarks = true }
                    index += 2
                    continue
                }
                previous = byte
                switch byte {
                case 0x00...0x7F: break
                case 0xC2...0xDF: pending = 1; lowerBound = 0x80; upperBound = 0xBF
                case 0xE0: pending = 2; lowerBound = 0xA0; upperBound = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2; lowerBound = 0x80; upperBound = 0xBF
                case 0xED: pending = 2; lowerBound = 0x80; upperBound = 0x9F
                case 0xF0: pending = 3; lowerBound = 0x90; upperBound = 0xBF
                case 0xF1...0xF3: pending = 3; lowerBound = 0x80; upperBound = 0xBF
                case 0xF4: pending = 3; lowerBound = 0x80; upperBound = 0x8F
                default:
                    fail(at: index)
                    return
                }
            } else {
                let byte = base[index]
                guard byte >= lowerBound, byte <= upperBound else {
                    fail(at: index)
                    return
                }
                if pending == 1, previous >= 0xCC, Composition.isComposingMark(lead: previous, second: byte) { composingMarks = true }
                lowerBound = 0x80
                upperBound = 0xBF
                pending -= 1
            }
            index += 1
        }
        offset += Int64(count)
    }

    /// True when the input did not stop inside a sequence.
    mutating func finish() -> Bool {
        if isValid, pending != 0 {
            isValid = false
            errorOffset = offset
        }
        return isValid
    }

    private mutating func fail(at index: Int) {
        isValid = false
        errorOffset = offset + Int64(index)
    }
}
