import Foundation
@testable import KiosqueCore

/// Reads bytes through the real decoding stack, with a chosen chunk size to cross chunk boundaries.
enum Decoding {
    static func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-decode-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }

    static func csv(_ text: String, delimiter: UInt8? = UInt8(ascii: ","), skip: Int = 0, chunk: Int = 1 << 20) throws -> (columns: [String], rows: [[String]]) {
        try csv(Array(text.utf8), encoding: .utf8, delimiter: delimiter, skip: skip, chunk: chunk)
    }

    static func csv(_ bytes: [UInt8], encoding: TextEncoding, delimiter: UInt8? = UInt8(ascii: ","), skip: Int = 0,
                    chunk: Int = 1 << 20) throws -> (columns: [String], rows: [[String]]) {
        let url = try file(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(try UTF8Stream(url, encoding: encoding, chunkSize: chunk), delimiter: delimiter, skipLines: skip)
        var rows: [[String]] = []
        let row = RawRow()
        while try reader.next(into: row) {
            rows.append((0..<row.count).map { row.string($0) })
        }
        return (reader.columns, rows)
    }

    static func delimiter(of text: String) throws -> Character {
        let url = try file(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(try UTF8Stream(url, encoding: .utf8), delimiter: nil, skipLines: 0)
        return Character(Unicode.Scalar(reader.delimiter))
    }

    /// JSON or NDJSON records, cells as text and nil for null or absent.
    static func json(_ text: String, columns: [String], pointer: String? = nil, lines: Bool = false, chunk: Int = 1 << 20) throws -> [[String?]] {
        let url = try file(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try JSONRecordReader(try UTF8Stream(url, encoding: .utf8, chunkSize: chunk), columns: columns, pointer: pointer, lines: lines)
        var rows: [[String?]] = []
        let row = RawRow()
        while try reader.next(into: row) {
            rows.append((0..<row.count).map { row.isNull($0) ? nil : row.string($0) })
        }
        return rows
    }

    static func detect(_ bytes: [UInt8]) throws -> TextEncoding {
        let url = try file(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        return try TextEncoding.detect(url)
    }
}
