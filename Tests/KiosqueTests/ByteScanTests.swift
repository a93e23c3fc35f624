import Foundation
import Testing
import CByteScan
@testable import KiosqueCore

/// The CSV reader and the CSV and JSON writers find the bytes that matter 16 at a time (SSE2, on
/// aligned blocks that reach past the cell). Checked here against byte-by-byte references, for
/// cells at every offset in a block and of every length up to four blocks, surrounded by the
/// very bytes being searched for, so that a byte outside the cell can never count.
@Suite("Byte scans 16 at a time")
struct ByteScanTests {
    /// Cell bytes drawn from what the searches look for, and what they must let through.
    static let alphabet: [UInt8] = Array("a;,\"\\\n\r\t|é€".utf8) + [0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xFF]

    /// Deterministic bytes from the alphabet, mostly plain letters so that most cells have no special byte.
    static func cell(_ length: Int, seed: Int) -> [UInt8] {
        SeededBytes.make(length, seed: seed).map { byte in
            byte % 5 == 0 ? alphabet[Int(byte / 5) % alphabet.count] : UInt8(ascii: "a") + (byte >> 4)
        }
    }

    /// Deterministic text of `length` characters, with delimiters, quotes, line breaks and accents among letters.
    static func text(_ length: Int, seed: Int) -> String {
        let characters: [Character] = [";", ",", "\"", "\n", "\r", "\t", " ", "é", "€", "\\"]
        return String(cell(length, seed: seed).map { byte in
            byte >= UInt8(ascii: "a") && byte < UInt8(ascii: "q") ? Character(Unicode.Scalar(byte)) : characters[Int(byte) % characters.count]
        })
    }

    /// Runs `body` on `bytes` copied at `offset` into a 16-byte-aligned block whose other bytes are all `filler`.
    static func placed<T>(_ bytes: [UInt8], at offset: Int, filler: UInt8, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 16)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: filler, count: 128)
        let start = memory.assumingMemoryBound(to: UInt8.self) + offset
        for (index, byte) in bytes.enumerated() { start[index] = byte }
        return body(UnsafeBufferPointer(start: start, count: bytes.count))
    }

    @Test("JSON escaping matches the byte-by-byte escaper at every offset and length")
    func jsonEscaping() {
        for offset in 0..<16 {
            for length in 0...64 {
                for seed in 0..<4 {
                    let bytes = Self.cell(length, seed: offset * 1000 + length * 10 + seed)
                    var expected: [UInt8] = []
                    JSONText.appendEscaped(bytes, to: &expected)
                    for filler: UInt8 in [UInt8(ascii: "\""), 0x0A, UInt8(ascii: "a")] {
                        let escaped = Self.placed(bytes, at: offset, filler: filler) { cell in
                            let buffer = ByteBuffer()
                            JSONText.appendEscaped(cell, to: buffer)
                            return buffer.array
                        }
                        #expect(escaped == expected, "offset \(offset), length \(length), seed \(seed)")
                    }
                }
            }
        }
    }

    @Test("the control-character scan agrees with a byte-by-byte reference at every offset and length")
    func controlCharacters() {
        for offset in 0..<16 {
            for length in 0...64 {
                for seed in 0..<4 {
                    let bytes = Self.cell(length, seed: offset * 1000 + length * 10 + seed + 3)
                    let expected = bytes.contains { ControlCharacters.isControl(UInt32($0)) }
                    for filler: UInt8 in [0x00, 0x7F, UInt8(ascii: "a")] {
                        let found = Self.placed(bytes, at: offset, filler: filler) { ControlCharacters.occur(in: $0) }
                        #expect(found == expected, "offset \(offset), length \(length), seed \(seed)")
                    }
                }
            }
        }
        for byte in 0...255 {
            let expected = (byte < 0x20 && ![0x09, 0x0A, 0x0D].contains(byte)) || byte == 0x7F
            #expect([UInt8(byte)].withUnsafeBufferPointer { ControlCharacters.occur(in: $0) } == expected, "\(byte)")
        }
    }

    @Test("the scan for text encoded twice finds the first C3 83, C3 82 or C3 A2 at every position, across block edges")
    func doubleEncodingLeads() {
        // Bytes around the pair's two halves: C3 before other bytes and the followers after other bytes must not count.
        let pieces: [UInt8] = [0xC3, 0x83, 0x82, 0xA2, 0xA9, 0xC2, 0x61, 0xC3]
        for length in 0...70 {
            for seed in 0..<6 {
                let bytes = SeededBytes.make(length, seed: length * 100 + seed).map { pieces[Int($0) % pieces.count] }
                let expected = (0..<max(length - 1, 0)).first { bytes[$0] == 0xC3 && [0x83, 0x82, 0xA2].contains(bytes[$0 + 1]) } ?? length
                for offset in [0, 1, 7, 15] {
                    // The bytes after the run are a follower: a C3 that ends the run must not pair with them.
                    let found = Self.placed(bytes, at: offset, filler: 0x83) { kq_find_double_encoding_lead($0.baseAddress, $0.count) }
                    #expect(found == expected, "length \(length), seed \(seed), offset \(offset)")
                }
            }
        }
        for at in 0..<40 {
            var bytes = [UInt8](repeating: UInt8(ascii: "e"), count: 40)
            bytes[at] = 0xC3
            let pair = at + 1 < bytes.count
            if pair { bytes[at + 1] = 0x83 }
            #expect(bytes.withUnsafeBufferPointer { kq_find_double_encoding_lead($0.baseAddress, $0.count) } == (pair ? at : 40), "at \(at)")
        }
    }

    @Test("CSV quoting matches RFC 4180 byte by byte at every offset and length")
    func csvQuoting() {
        func reference(_ bytes: [UInt8]) -> [UInt8] {
            guard bytes.contains(where: { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }) else { return bytes }
            return [0x22] + bytes.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
        }
        for offset in 0..<16 {
            for length in 0...64 {
                for seed in 0..<4 {
                    let bytes = Self.cell(length, seed: offset * 1000 + length * 10 + seed + 7)
                    for filler: UInt8 in [UInt8(ascii: ","), 0x0D, UInt8(ascii: "a")] {
                        let written = Self.placed(bytes, at: offset, filler: filler) { cell in
                            let buffer = ByteBuffer()
                            CSVWriter.appendCell(cell, to: buffer)
                            return buffer.array
                        }
                        #expect(written == reference(bytes), "offset \(offset), length \(length), seed \(seed)")
                    }
                }
            }
        }
    }

    @Test("the CSV reader gives back every cell that a writer quoted, for cells of every length",
          arguments: [1, 5, 16, 17, 1 << 20])
    func csvRoundTrip(chunk: Int) throws {
        let delimiter = UInt8(ascii: ";")
        var rows: [[String]] = []
        var text: [UInt8] = Array("a;b;c\n".utf8)
        for record in 0..<150 {
            // Cells that need no quotes, one that needs them, and cells with quotes inside that stay unquoted.
            let cells = (0..<3).map { column in Self.text((record * 7 + column * 13) % 70, seed: record * 3 + column) }
            var written: [[UInt8]] = []
            for cell in cells {
                let bytes = Array(cell.utf8)
                if bytes.contains(where: { [delimiter, 0x22, 0x0A, 0x0D].contains($0) }) || bytes.isEmpty {
                    written.append([0x22] + bytes.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22])
                } else {
                    written.append(bytes)
                }
            }
            text += Array(written.joined(separator: [delimiter])) + (record % 2 == 0 ? [0x0A] : [0x0D, 0x0A])
            rows.append(cells)
        }
        let (columns, decoded) = try Decoding.csv(text, encoding: .utf8, delimiter: delimiter, chunk: chunk)
        #expect(columns == ["a", "b", "c"])
        #expect(decoded.count == rows.count)
        for (index, row) in decoded.enumerated() where index < rows.count {
            #expect(row == rows[index], "record \(index + 1)")
        }
    }

    @Test("copies of every length up to 80 bytes, at every offset in a block, move exactly those bytes")
    func copies() {
        let source = SeededBytes.make(160, seed: 11)
        for length in 0...80 {
            for offset in 0..<16 {
                var target = [UInt8](repeating: 0xEE, count: 112)
                source.withUnsafeBufferPointer { from in
                    target.withUnsafeMutableBufferPointer { to in
                        let end = ByteBuffer.copy(UnsafeBufferPointer(rebasing: from[offset..<(offset + length)]), to: to.baseAddress! + 8)
                        #expect(end == to.baseAddress! + 8 + length)
                    }
                }
                #expect(Array(target[8..<(8 + length)]) == Array(source[offset..<(offset + length)]), "length \(length), offset \(offset)")
                #expect(target[..<8].allSatisfy { $0 == 0xEE } && target[(8 + length)...].allSatisfy { $0 == 0xEE }, "length \(length): written outside")
            }
        }
    }
}
