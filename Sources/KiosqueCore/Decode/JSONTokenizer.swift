import Foundation
/// A pull tokenizer over a stream of UTF-8 JSON, holding one chunk at a time.
final class JSONTokenizer {
    enum Token: Equatable {
        case beginObject, endObject, beginArray, endArray
        /// A string; its unescaped bytes are in `text`.
        case string
        /// A number; its bytes as written are in `text`.
        case number
        case `true`, `false`, null
        case end
    }

    /// The bytes of the last string or number token.
    private(set) var text: [UInt8] = []
    private let stream: UTF8Stream
    private var chunk = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var position = 0
    /// Bytes consumed before the current chunk, for error positions.
    private var consumed: Int64 = 0
    /// Whether the previous token leaves a `,` or `:` acceptable next; the tokenizer skips them
    /// and leaves structure checks to the reader.
    /// Whether the text read so far needs putting in composed form (see `UTF8Stream`).
    var composingMarks: Bool { stream.composingMarks }
    /// Whether the text read so far holds control characters (see `UTF8Stream`).
    var controlCharacters: Bool { stream.controlCharacters }
    var doubleEncoded: Bool { stream.doubleEncoded }

    init(_ stream: UTF8Stream) {
        self.stream = stream
        text.reserveCapacity(256)
    }

    var offset: Int64 { consumed + Int64(position) }

    private func fill() throws -> Bool {
        while position >= chunk.count {
            consumed += Int64(chunk.count)
            guard let next = try stream.next() else {
                chunk = UnsafeBufferPointer(start: nil, count: 0)
                position = 0
                return false
            }
            chunk = next
            position = 0
        }
        return true
    }

    private func peek() throws -> UInt8? {
        guard try fill() else { return nil }
        return chunk[position]
    }

    private func take() throws -> UInt8? {
        guard try fill() else { return nil }
        defer { position += 1 }
        return chunk[position]
    }

    private func error(_ what: String) -> DecodeError {
        DecodeError("the JSON source is malformed at byte \(offset): \(what); the export is broken: ask its producer for a new one")
    }

    /// The next token, skipping whitespace, commas and colons.
    func next() throws -> Token {
        while let byte = try peek() {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: ":"):
                position += 1
            case UInt8(ascii: "{"): position += 1; return .beginObject
            case UInt8(ascii: "}"): position += 1; return .endObject
            case UInt8(ascii: "["): position += 1; return .beginArray
            case UInt8(ascii: "]"): position += 1; return .endArray
            case UInt8(ascii: "\""):
                position += 1
                try readString()
                return .string
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try readNumber()
                return .number
            case UInt8(ascii: "t"): try expect("true"); return .true
            case UInt8(ascii: "f"): try expect("false"); return .false
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                if byte == 0xEF, chunk.count - position >= 3, chunk[position + 1] == 0xBB, chunk[position + 2] == 0xBF {
                    position += 3
                    continue
                }
                throw error(byte == UInt8(ascii: "<") ? "it starts like HTML, not JSON; check source url" : "unexpected character")
            }
        }
        return .end
    }

    private func expect(_ word: StaticString) throws {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in bytes {
            guard try take() == expected else { throw error("expected \(word)") }
        }
    }

    private func readNumber() throws {
        text.removeAll(keepingCapacity: true)
        while let byte = try peek() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                text.append(byte)
                position += 1
            default:
                return
            }
            if text.count > 1024 { throw error("a number is more than 1024 characters long") }
        }
    }

    private func readString() throws {
        text.removeAll(keepingCapacity: true)
        while true {
            guard try fill() else { throw error("a string is never closed; the file may be truncated") }
            let base = chunk.baseAddress!
            var index = position
            while index < chunk.count, base[index] != UInt8(ascii: "\""), base[index] != UInt8(ascii: "\\") { index += 1 }
            text.append(contentsOf: UnsafeBufferPointer(start: base + position, count: index - position))
            position = index
            if text.count > DecodeLimits.recordBytes {
                throw error("a string is longer than \(DecodeLimits.recordBytes >> 20) MiB")
            }
            guard index < chunk.count else { continue }
            position += 1
            if base[index] == UInt8(ascii: "\"") { return }
            try readEscape()
        }
    }

    private func readEscape() throws {
        guard let byte = try take() else { throw error("a string is never closed") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"):
            text.append(0x08)
            stream.controlCharacters = true
        case UInt8(ascii: "f"):
            text.append(0x0C)
            stream.controlCharacters = true
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard try take() == UInt8(ascii: "\\"), try take() == UInt8(ascii: "u") else { throw error("a lone UTF-16 surrogate in a \\u escape") }
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("a broken UTF-16 surrogate pair in a \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("a lone UTF-16 surrogate in a \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("an invalid \\u escape") }
            if Composition.isComposingMark(scalar) { stream.escapedComposingMarks = true }
            if ControlCharacters.isControl(scalar) { stream.controlCharacters = true }
            // `\u00c3\u00a9`: text encoded twice, escaped; the cells say whether it is.
            if scalar == 0xC3 || scalar == 0xC2 { stream.doubleEncoded = true }
            text.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw error("an unknown escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    private func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try take() else { throw error("a \\u escape is cut short") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 55)
            default: throw error("a \\u escape has a non-hexadecimal digit")
            }
            value = value << 4 | digit
        }
        return value
    }
}
