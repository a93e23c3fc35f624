import Foundation

/// Writes published rows in one format.
protocol RowWriter: AnyObject {
    func write(_ row: ShapedRow) throws
    func finish() throws -> WrittenFile
}

extension PublishFormat {
    /// The file name of this format for dataset `id`.
    public func fileName(for id: String) -> String { "\(id).\(rawValue)" }

    func makeWriter(_ url: URL, fields: [String]) throws -> any RowWriter {
        switch self {
        case .csv: try CSVWriter(OutputFile(url), fields: fields)
        case .csvGzip: try CSVWriter(OutputFile(url, gzip: true), fields: fields)
        case .json: try JSONWriter(OutputFile(url), fields: fields, lines: false)
        case .jsonGzip: try JSONWriter(OutputFile(url, gzip: true), fields: fields, lines: false)
        case .ndjson: try JSONWriter(OutputFile(url), fields: fields, lines: true)
        }
    }
}

/// CSV out: UTF-8 without BOM, comma-separated, a header row, fields quoted only when they must be (RFC 4180), LF line ends.
final class CSVWriter: RowWriter {
    private let file: OutputFile

    init(_ file: OutputFile, fields: [String]) throws {
        self.file = file
        file.withBuffer { buffer in
            for (index, name) in fields.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                Self.appendCell(Array(name.utf8)[...], to: &buffer)
            }
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    func write(_ row: ShapedRow) throws {
        file.withBuffer { buffer in
            row.bytes.withUnsafeBufferPointer { bytes in
                for index in 0..<row.count {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    if row.kinds[index] == .null || row.kinds[index] == .invalid { continue }
                    Self.appendCell(bytes[row.range(index)], to: &buffer)
                }
            }
            buffer.append(UInt8(ascii: "\n"))
        }
        try file.flushIfNeeded()
    }

    @inline(__always)
    static func appendCell<C: Collection<UInt8>>(_ cell: C, to buffer: inout [UInt8]) {
        var needsQuotes = false
        for byte in cell where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            buffer.append(contentsOf: cell)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in cell {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    func finish() throws -> WrittenFile {
        try file.finish()
    }
}

/// JSON out: an array of objects, one a line, with typed values; or NDJSON, one object a line.
final class JSONWriter: RowWriter {
    private let file: OutputFile
    private let lines: Bool
    /// `{"name":` and `,"name":`, escaped once per file.
    private let keys: [[UInt8]]
    private var first = true

    init(_ file: OutputFile, fields: [String], lines: Bool) throws {
        self.file = file
        self.lines = lines
        keys = fields.enumerated().map { index, name in
            var key: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONText.appendString(Array(name.utf8), to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
        if !lines { file.append(UInt8(ascii: "[")) }
    }

    private static let null = Array("null".utf8)

    func write(_ row: ShapedRow) throws {
        file.withBuffer { buffer in
            if !lines { buffer.append(contentsOf: first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")]) }
            first = false
            row.bytes.withUnsafeBufferPointer { bytes in
                for index in 0..<row.count {
                    buffer.append(contentsOf: keys[index])
                    let cell = bytes[row.range(index)]
                    switch row.kinds[index] {
                    case .null, .invalid: buffer.append(contentsOf: Self.null)
                    case .number, .boolean: buffer.append(contentsOf: cell)
                    case .string:
                        buffer.append(UInt8(ascii: "\""))
                        JSONText.appendEscaped(cell, to: &buffer)
                        buffer.append(UInt8(ascii: "\""))
                    }
                }
                if row.count == 0 { buffer.append(UInt8(ascii: "{")) }
                buffer.append(UInt8(ascii: "}"))
            }
            if lines { buffer.append(UInt8(ascii: "\n")) }
        }
        try file.flushIfNeeded()
    }

    func finish() throws -> WrittenFile {
        if !lines { file.append(contentsOf: first ? Array("]\n".utf8) : Array("\n]\n".utf8)) }
        return try file.finish()
    }
}

extension OutputFile {
    func append(contentsOf bytes: [UInt8]) {
        withBuffer { $0.append(contentsOf: bytes) }
    }
}
