import CByteScan
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
        let buffer = file.buffer
        for (index, name) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            Array(name.utf8).withUnsafeBufferPointer { Self.appendCell($0, to: buffer) }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    func write(_ row: ShapedRow) throws {
        let buffer = file.buffer
        for index in 0..<row.count {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            let kind = row.kinds[index]
            if kind == .null || kind == .invalid { continue }
            let cell = row.cell(index)
            if kind == .string { Self.appendCell(cell, to: buffer) } else { buffer.append(cell) }
        }
        buffer.append(UInt8(ascii: "\n"))
        try file.flushIfNeeded()
    }

    @inline(__always)
    static func appendCell(_ cell: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        guard let base = cell.baseAddress else { return }
        let needsQuotes = kq_find_any4(base, cell.count, UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D) < cell.count
        guard needsQuotes else {
            buffer.append(cell)
            return
        }
        buffer.reserve(cell.count * 2 + 2)
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
    /// `{"name":` and `,"name":`, escaped once per file, laid end to end.
    private let keys = ByteBuffer(capacity: 1024)
    private var keyEnds: [Int] = []
    private var first = true

    init(_ file: OutputFile, fields: [String], lines: Bool) throws {
        self.file = file
        self.lines = lines
        for (index, name) in fields.enumerated() {
            var key: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSONText.appendString(Array(name.utf8), to: &key)
            key.append(UInt8(ascii: ":"))
            keys.append(key)
            keyEnds.append(keys.count)
        }
        if !lines { file.buffer.append(UInt8(ascii: "[")) }
    }

    func write(_ row: ShapedRow) throws {
        let buffer = file.buffer
        if !lines {
            if !first { buffer.append(UInt8(ascii: ",")) }
            buffer.append(UInt8(ascii: "\n"))
        }
        first = false
        var keyStart = 0
        for index in 0..<row.count {
            let keyEnd = keyEnds[index]
            buffer.append(keys[keyStart..<keyEnd])
            keyStart = keyEnd
            switch row.kinds[index] {
            case .null, .invalid: buffer.append("null")
            case .number, .boolean: buffer.append(row.cell(index))
            case .string:
                buffer.append(UInt8(ascii: "\""))
                JSONText.appendEscaped(row.cell(index), to: buffer)
                buffer.append(UInt8(ascii: "\""))
            }
        }
        if row.count == 0 { buffer.append(UInt8(ascii: "{")) }
        buffer.append(UInt8(ascii: "}"))
        if lines { buffer.append(UInt8(ascii: "\n")) }
        try file.flushIfNeeded()
    }

    func finish() throws -> WrittenFile {
        if !lines { file.buffer.append(first ? "]\n" : "\n]\n") }
        return try file.finish()
    }
}
