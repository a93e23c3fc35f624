import Foundation

/// A source file as a stream of UTF-8 chunks: transcoded from its encoding, checked, without a byte-order mark.
final class UTF8Stream {
    let encoding: TextEncoding
    private let file: ChunkedFile
    private let url: URL
    private var validator = UTF8Validator()
    private var output: UnsafeMutableBufferPointer<UInt8>
    private var atStart = true
    /// UTF-8: bytes of a byte-order mark still to skip, wherever chunks split it.
    private var markBytes = 0
    /// UTF-16: a byte or a high surrogate waiting for the next chunk.
    private var carryByte: UInt8?
    private var highSurrogate: UInt16?
    private var offset: Int64 = 0

    /// Whether `auto` found the encoding: an invalid byte then means an export that mixes encodings.
    private let detected: Bool
    /// Set when a combining mark that composes (see `Composition`) came some other way than as
    /// UTF-8 bytes: from UTF-16, or from a JSON `\u` escape.
    var escapedComposingMarks = false

    /// Set when a control character text should not hold (below 0x20 but tab and line breaks, or
    /// 0x7F) was read: in the bytes, or from a JSON escape (`\u0000`, `\b`).
    var controlCharacters = false

    /// Set when text that looks encoded twice (`DoubleEncoding`: `Ã©` for `é`) was read, or
    /// (from a JSON `\u` escape) may have been.
    var doubleEncoded = false

    /// Whether the text read so far holds a combining mark that composes: its cells then need
    /// putting in composed form. It never turns false again.
    var composingMarks: Bool { escapedComposingMarks || validator.composingMarks }

    init(_ url: URL, encoding: TextEncoding, detected: Bool = false, chunkSize: Int = 1 << 20) throws {
        self.url = url
        self.encoding = encoding
        self.detected = detected
        file = try ChunkedFile(url, chunkSize: chunkSize)
        output = encoding == .utf8 ? UnsafeMutableBufferPointer(start: nil, count: 0) : .allocate(capacity: chunkSize * 3 + 8)
        if encoding == .utf8, file.peek(3) == [0xEF, 0xBB, 0xBF] { markBytes = 3 }
    }

    deinit {
        if encoding != .utf8 { output.deallocate() }
    }

    /// The next chunk of UTF-8, valid until the following call; nil at the end.
    func next() throws -> UnsafeBufferPointer<UInt8>? {
        guard var chunk = try file.next() else {
            if encoding == .utf8, !validator.finish() { throw invalidUTF8() }
            if carryByte != nil || highSurrogate != nil {
                throw DecodeError("the source ends in the middle of a UTF-16 character; the file looks truncated")
            }
            return nil
        }
        defer { offset += Int64(chunk.count) }
        let text: UnsafeBufferPointer<UInt8>
        switch encoding {
        case .utf8:
            validator.feed(chunk)
            guard validator.isValid else { throw invalidUTF8() }
            if markBytes > 0 {
                let skip = min(markBytes, chunk.count)
                markBytes -= skip
                chunk = UnsafeBufferPointer(rebasing: chunk[skip...])
            }
            text = chunk
        case .windows1252, .windows1256, .iso88591, .iso885915, .cp850:
            let table = SingleByteTables.table(encoding) ?? SingleByteTables.iso88591
            text = transcodeSingleByte(chunk, table: table)
        case .utf16LE, .utf16BE:
            text = try transcodeUTF16(chunk, littleEndian: encoding == .utf16LE)
        }
        // Looked for until the first one: a source without any costs one pass 16 bytes at a time.
        if !controlCharacters, ControlCharacters.occur(in: text) { controlCharacters = true }
        if !doubleEncoded, DoubleEncoding.occur(in: text) { doubleEncoded = true }
        return text
    }

    private func transcodeSingleByte(_ chunk: UnsafeBufferPointer<UInt8>, table: [UInt32]) -> UnsafeBufferPointer<UInt8> {
        var count = 0
        let out = output.baseAddress!
        table.withUnsafeBufferPointer { table in
            for byte in chunk {
                if byte < 0x80 {
                    out[count] = byte
                    count += 1
                    continue
                }
                // Each entry holds up to three UTF-8 bytes, low byte first, and their count in the top byte.
                let entry = table[Int(byte)]
                let length = Int(entry >> 24)
                out[count] = UInt8(truncatingIfNeeded: entry)
                out[count + 1] = UInt8(truncatingIfNeeded: entry >> 8)
                out[count + 2] = UInt8(truncatingIfNeeded: entry >> 16)
                count += length
            }
        }
        return UnsafeBufferPointer(start: out, count: count)
    }

    private func transcodeUTF16(_ chunk: UnsafeBufferPointer<UInt8>, littleEndian: Bool) throws -> UnsafeBufferPointer<UInt8> {
        var count = 0
        let out = output.baseAddress!
        var index = 0
        func put(_ scalar: UInt32) {
            switch scalar {
            case 0..<0x80:
                out[count] = UInt8(scalar); count += 1
            case 0x80..<0x800:
                out[count] = UInt8(0xC0 | (scalar >> 6)); out[count + 1] = UInt8(0x80 | (scalar & 0x3F)); count += 2
                if Composition.isComposingMark(scalar) { escapedComposingMarks = true }
            case 0x800..<0x10000:
                out[count] = UInt8(0xE0 | (scalar >> 12)); out[count + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                out[count + 2] = UInt8(0x80 | (scalar & 0x3F)); count += 3
            default:
                out[count] = UInt8(0xF0 | (scalar >> 18)); out[count + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                out[count + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F)); out[count + 3] = UInt8(0x80 | (scalar & 0x3F)); count += 4
            }
        }
        while true {
            let unit: UInt16
            if let first = carryByte {
                guard index < chunk.count else { break }
                unit = littleEndian ? UInt16(first) | UInt16(chunk[index]) << 8 : UInt16(first) << 8 | UInt16(chunk[index])
                carryByte = nil
                index += 1
            } else if index + 1 < chunk.count {
                unit = littleEndian ? UInt16(chunk[index]) | UInt16(chunk[index + 1]) << 8 : UInt16(chunk[index]) << 8 | UInt16(chunk[index + 1])
                index += 2
            } else {
                if index < chunk.count { carryByte = chunk[index] }
                break
            }
            if atStart {
                atStart = false
                if unit == 0xFEFF { continue }
            }
            if let high = highSurrogate {
                guard (0xDC00...0xDFFF).contains(unit) else {
                    throw DecodeError("the source has a broken UTF-16 surrogate pair near byte \(offset + Int64(index)); check the declared encoding", key: "encoding")
                }
                highSurrogate = nil
                put(0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00))
            } else if (0xD800...0xDBFF).contains(unit) {
                highSurrogate = unit
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw DecodeError("the source has a broken UTF-16 surrogate pair near byte \(offset + Int64(index)); check the declared encoding", key: "encoding")
            } else {
                put(UInt32(unit))
            }
        }
        return UnsafeBufferPointer(start: out, count: count)
    }

    private func invalidUTF8() -> DecodeError {
        let position = validator.errorOffset ?? offset
        let line = (try? Self.lineNumber(of: position, in: url)) ?? 0
        if detected {
            return DecodeError("the source is UTF-8 but not at line \(line) (byte \(position)): the export mixes encodings there; ask its producer for a clean UTF-8 export, or set source encoding: windows-1252 if the whole file is in that encoding", key: "encoding")
        }
        return DecodeError("the source is not valid UTF-8 (line \(line), byte \(position)); if it comes from Excel or an older system, set source encoding: windows-1252, or encoding: auto", key: "encoding")
    }

    /// The 1-based line holding byte `offset`, counted only when an error needs it.
    static func lineNumber(of offset: Int64, in url: URL) throws -> Int {
        let file = try ChunkedFile(url)
        var line = 1
        var seen: Int64 = 0
        while seen < offset, let chunk = try file.next() {
            let take = Int(min(Int64(chunk.count), offset - seen))
            for index in 0..<take where chunk[index] == 10 { line += 1 }
            seen += Int64(take)
        }
        return line
    }
}

/// UTF-8 forms of the single-byte encodings' upper halves.
enum SingleByteTables {
    /// Windows-1252's 0x80–0x9F; its five undefined bytes map to the C1 control of the same value, as WHATWG does.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Windows-1256's upper half: Arabic letters, with the French accented letters Maghreb texts need.
    private static let windows1256High: [UInt32] = [
        0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0679, 0x2039, 0x0152, 0x0686, 0x0698, 0x0688,
        0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA,
        0x00A0, 0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x06BE, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F,
        0x06C1, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
        0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7, 0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643,
        0x00E0, 0x0644, 0x00E2, 0x0645, 0x0646, 0x0647, 0x0648, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A, 0x00EE, 0x00EF,
        0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7, 0x0651, 0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2,
    ]

    /// DOS Latin-1's upper half (IBM code page 850): accented letters, then box-drawing characters.
    private static let cp850High: [UInt32] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
        0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
        0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
        0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
    ]

    static let iso88591: [UInt32] = (0..<256).map { encode(UInt32($0)) }
    /// Latin-9 differs from Latin-1 in eight bytes: € Š š Ž ž Œ œ Ÿ.
    private static let latin9: [Int: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
    static let iso885915: [UInt32] = (0..<256).map { byte in encode(latin9[byte] ?? UInt32(byte)) }
    static let cp850 = withUpperHalf(cp850High)
    static let windows1256 = withUpperHalf(windows1256High)
    static let windows1252: [UInt32] = (0..<256).map { byte in
        (0x80...0x9F).contains(byte) ? encode(windows1252High[byte - 0x80]) : encode(UInt32(byte))
    }

    /// ASCII, then `high` for 0x80–0xFF.
    private static func withUpperHalf(_ high: [UInt32]) -> [UInt32] {
        (0..<256).map { byte in encode(byte < 0x80 ? UInt32(byte) : high[byte - 0x80]) }
    }

    /// The table of a single-byte encoding; nil for UTF-8 and UTF-16.
    static func table(_ encoding: TextEncoding) -> [UInt32]? {
        switch encoding {
        case .windows1252: windows1252
        case .windows1256: windows1256
        case .iso88591: iso88591
        case .iso885915: iso885915
        case .cp850: cp850
        case .utf8, .utf16LE, .utf16BE: nil
        }
    }

    /// `bytes` read in a single-byte encoding's table, as text: what `é` in UTF-8 (C3 A9) becomes
    /// when a recipe declares the wrong encoding, for a message.
    static func text(_ bytes: [UInt8], table: [UInt32]) -> String {
        String(decoding: bytes.flatMap { byte -> [UInt8] in
            let entry = table[Int(byte)]
            return (0..<Int(entry >> 24)).map { UInt8(truncatingIfNeeded: entry >> (8 * UInt32($0))) }
        }, as: UTF8.self)
    }

    private static func encode(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0..<0x80:
            return scalar | 1 << 24
        case 0x80..<0x800:
            return (0xC0 | scalar >> 6) | (0x80 | scalar & 0x3F) << 8 | 2 << 24
        default:
            return (0xE0 | scalar >> 12) | (0x80 | (scalar >> 6) & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16 | 3 << 24
        }
    }
}
