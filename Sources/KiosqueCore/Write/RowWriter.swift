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
        case .xlsx: try XLSXWriter(OutputFile(url), fields: fields, sheet: String(url.deletingPathExtension().lastPathComponent.prefix(31)))
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
        // Room for the worst case: every byte a doubled quote, two quotes and a comma a cell, the line end.
        file.appendInPlace(maximum: row.bytes.count &* 2 &+ row.count &* 3 &+ 3) { start in
            var out = start
            for index in 0..<row.count {
                if index > 0 { out = ByteBuffer.put(UInt8(ascii: ","), at: out) }
                let kind = row.kinds[index]
                if kind == .null || kind == .invalid { continue }
                let cell = row.cell(index)
                out = kind == .string ? Self.writeCell(cell, to: out) : ByteBuffer.copy(cell, to: out)
            }
            // A row of one empty cell would be a blank line, which CSV readers (pandas, and
            // kiosque's own) skip: it is written `""`, as Python's csv module writes it.
            if out == start {
                out = ByteBuffer.put(UInt8(ascii: "\""), at: out)
                out = ByteBuffer.put(UInt8(ascii: "\""), at: out)
            }
            return ByteBuffer.put(UInt8(ascii: "\n"), at: out) - start
        }
        try file.flushIfNeeded()
    }

    static func appendCell(_ cell: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        buffer.appendInPlace(maximum: cell.count &* 2 &+ 2) { target in writeCell(cell, to: target) - target }
    }

    /// Writes `cell` at `target` (room for twice its bytes and two), quoted only if it holds a
    /// comma, a quote or a line end; returns the end.
    @inline(__always)
    static func writeCell(_ cell: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard let base = cell.baseAddress,
              kq_find_any4(base, cell.count, UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D) < cell.count else {
            return ByteBuffer.copy(cell, to: target)
        }
        var out = ByteBuffer.put(UInt8(ascii: "\""), at: target)
        for byte in cell {
            if byte == UInt8(ascii: "\"") { out = ByteBuffer.put(byte, at: out) }
            out = ByteBuffer.put(byte, at: out)
        }
        return ByteBuffer.put(UInt8(ascii: "\""), at: out)
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
        // Room for the worst case: every key, every byte escaped as `\u00XX`, quotes or `null` for each cell.
        let maximum = keys.count &+ JSONText.escapedMaximum(row.bytes.count) &+ row.count &* 6 &+ 8
        file.appendInPlace(maximum: maximum) { start in
            var out = start
            if !lines {
                if !first { out = ByteBuffer.put(UInt8(ascii: ","), at: out) }
                out = ByteBuffer.put(UInt8(ascii: "\n"), at: out)
            }
            var keyStart = 0
            for index in 0..<row.count {
                let keyEnd = keyEnds[index]
                out = ByteBuffer.copy(keys[keyStart..<keyEnd], to: out)
                keyStart = keyEnd
                switch row.kinds[index] {
                case .null, .invalid: out = ByteBuffer.copy(ByteBuffer.bytes(of: "null"), to: out)
                case .number, .boolean: out = ByteBuffer.copy(row.cell(index), to: out)
                case .string:
                    out = ByteBuffer.put(UInt8(ascii: "\""), at: out)
                    out = JSONText.writeEscaped(row.cell(index), to: out)
                    out = ByteBuffer.put(UInt8(ascii: "\""), at: out)
                }
            }
            if row.count == 0 { out = ByteBuffer.put(UInt8(ascii: "{"), at: out) }
            out = ByteBuffer.put(UInt8(ascii: "}"), at: out)
            if lines { out = ByteBuffer.put(UInt8(ascii: "\n"), at: out) }
            return out - start
        }
        first = false
        try file.flushIfNeeded()
    }

    func finish() throws -> WrittenFile {
        if !lines { file.buffer.append(first ? "]\n" : "\n]\n") }
        return try file.finish()
    }
}
