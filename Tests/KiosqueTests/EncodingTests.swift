import Foundation
import Testing
@testable import KiosqueCore

@Suite("Source encodings")
struct EncodingTests {
    static let text = "Commune;Coût\nSan-Pédro;1 000 €\nN’Zérékoré;œuvre\n"

    static func bytes(_ text: String, _ encoding: String.Encoding, prefix: [UInt8] = []) -> [UInt8] {
        prefix + Array(text.data(using: encoding)!)
    }

    static let detectionCases: [([UInt8], TextEncoding)] = [
        (bytes(text, .utf8), .utf8),
        (bytes(text, .utf8, prefix: [0xEF, 0xBB, 0xBF]), .utf8),
        (bytes("Commune;Coût\nSan-Pédro;Île\n", .isoLatin1), .iso88591),
        (bytes(text, .windowsCP1252), .windows1252),
        (bytes(text, .utf16LittleEndian, prefix: [0xFF, 0xFE]), .utf16LE),
        (bytes(text, .utf16BigEndian, prefix: [0xFE, 0xFF]), .utf16BE),
        (bytes(text, .utf16LittleEndian), .utf16LE),
    ]

    static let decodingCases: [([UInt8], TextEncoding)] = [
        (bytes(text, .utf8), .utf8),
        (bytes(text, .windowsCP1252), .windows1252),
        (bytes(text, .utf16LittleEndian, prefix: [0xFF, 0xFE]), .utf16LE),
        (bytes(text, .utf16BigEndian, prefix: [0xFE, 0xFF]), .utf16BE),
    ]

    @Test("auto-detection picks each encoding", arguments: detectionCases)
    func detection(bytes: [UInt8], expected: TextEncoding) throws {
        #expect(try Decoding.detect(bytes) == expected)
    }

    @Test("every encoding decodes to the same rows", arguments: decodingCases, [1, 3, 4096])
    func decoding(input: ([UInt8], TextEncoding), chunk: Int) throws {
        let (columns, rows) = try Decoding.csv(input.0, encoding: input.1, delimiter: UInt8(ascii: ";"), chunk: chunk)
        #expect(columns == ["Commune", "Coût"])
        #expect(rows == [["San-Pédro", "1 000 €"], ["N’Zérékoré", "œuvre"]])
    }

    @Test("ISO-8859-1 maps every byte to the same code point")
    func latin1() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xE9, 0xA0, 0xFF, 0x0A]
        let (_, rows) = try Decoding.csv(bytes, encoding: .iso88591)
        #expect(rows == [["é\u{A0}ÿ"]])
    }

    @Test("UTF-8 declared but not UTF-8 is an error naming the line and the fix")
    func invalidUTF8() throws {
        let bytes = Array("a;b\n1;2\n".utf8) + [0x33, 0x3B, 0xE9, 0x0A]
        #expect {
            _ = try Decoding.csv(bytes, encoding: .utf8, delimiter: UInt8(ascii: ";"))
        } throws: { error in
            let message = "\(error)"
            return message.contains("line 3") && message.contains("windows-1252") && !message.contains("\u{E9}")
        }
    }

    @Test("the real INSEE file in Latin-1 is detected and read")
    func realBirths() throws {
        let url = TestPaths.realSources.appendingPathComponent("insee-montpellier_naissances-par-iris_2005-2009_cp1252.csv")
        let bytes = Array(try Data(contentsOf: url))
        #expect(try Decoding.detect(bytes) == .iso88591)
        let (columns, rows) = try Decoding.csv(bytes, encoding: .iso88591, delimiter: nil, skip: 6)
        #expect(columns.prefix(4) == ["REG", "uu", "dc", "nomc"])
        // The second header row (long labels) then 95 IRIS.
        #expect(rows.count == 96)
    }
}
