import Foundation
/// Streams the records of a JSON source (an array of objects at a JSON pointer) or an NDJSON source
/// (one object per line), picking the wanted keys of each object in column order.
/// Nested objects and arrays become their compact JSON text.
final class JSONRecordReader: RecordReader, KeyedRecords {
    let columns: [String]
    private(set) var keysFound: [Bool]
    private(set) var otherKeys: [String] = []
    let encoding: TextEncoding
    private let tokenizer: JSONTokenizer
    private let lines: Bool
    private var wanted: [[UInt8]: Int] = [:]
    private var cells: [[UInt8]]
    private var present: [Bool]
    private var isNull: [Bool]
    private var isNumber: [Bool]
    private var index = 0
    private var finished = false

    /// `pointer` locates the array of records (`""` for the root); `lines` reads NDJSON instead.
    init(_ stream: UTF8Stream, columns: [String], pointer: String?, lines: Bool) throws {
        self.columns = columns
        self.encoding = stream.encoding
        self.tokenizer = JSONTokenizer(stream)
        self.lines = lines
        cells = Array(repeating: [], count: columns.count)
        present = Array(repeating: false, count: columns.count)
        isNull = Array(repeating: false, count: columns.count)
        isNumber = Array(repeating: false, count: columns.count)
        keysFound = Array(repeating: false, count: columns.count)
        for (index, column) in columns.enumerated() where wanted[Array(column.utf8)] == nil {
            wanted[Array(column.utf8)] = index
        }
        if !lines { try descend(to: pointer ?? "") }
    }

    private func descend(to pointer: String) throws {
        let segments = pointer.isEmpty ? [] : pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        var path = ""
        for segment in segments {
            switch try tokenizer.next() {
            case .beginObject:
                var keys: [String] = []
                var found = false
                while true {
                    let token = try tokenizer.next()
                    if token == .endObject { break }
                    guard token == .string else { throw DecodeError("the JSON source has a malformed object at \(path.isEmpty ? "the root" : path); the export is broken: ask its producer for a new one") }
                    let key = String(decoding: tokenizer.text, as: UTF8.self)
                    if key == segment {
                        found = true
                        break
                    }
                    keys.append(key)
                    try skipValue(try tokenizer.next())
                }
                guard found else {
                    throw DecodeError("the JSON source has no '\(segment)' at \(path.isEmpty ? "the root" : path) (keys seen: \(keys.prefix(20).joined(separator: ", "))); check source records")
                }
            case .beginArray:
                guard let position = Int(segment), position >= 0 else {
                    throw DecodeError("the JSON source has an array at \(path.isEmpty ? "the root" : path), where records names '\(segment)'; use an index or fix source records")
                }
                for _ in 0..<position {
                    let token = try tokenizer.next()
                    guard token != .endArray, token != .end else {
                        throw DecodeError("the JSON array at \(path.isEmpty ? "the root" : path) has no item \(position); check source records")
                    }
                    try skipValue(token)
                }
            default:
                throw DecodeError("the JSON source has no object or array at \(path.isEmpty ? "the root" : path); check source records")
            }
            path += "/" + segment
        }
        let token = try tokenizer.next()
        guard token == .beginArray else {
            let hint = token == .beginObject && pointer.isEmpty ? "; set source records to the pointer of the array of records, such as /data" : "; check source records"
            throw DecodeError("the JSON source has no array of records at \(pointer.isEmpty ? "the root" : pointer)\(hint)")
        }
    }

    func next(into row: RawRow) throws -> Bool {
        guard !finished else { return false }
        let token = try tokenizer.next()
        switch token {
        case .beginObject:
            break
        case .endArray where !lines, .end where lines:
            finished = true
            return false
        case .end:
            throw DecodeError("the JSON source ends before its array of records is closed; the file looks truncated")
        default:
            throw DecodeError("record \(index + 1) of the JSON source is not an object (at byte \(tokenizer.offset)); source records must point at an array of objects")
        }
        index += 1
        for column in 0..<columns.count {
            cells[column].removeAll(keepingCapacity: true)
            present[column] = false
            isNull[column] = false
            isNumber[column] = false
        }
        while true {
            let keyToken = try tokenizer.next()
            if keyToken == .endObject { break }
            guard keyToken == .string else {
                throw DecodeError("record \(index) of the JSON source is malformed (at byte \(tokenizer.offset)); the export is broken: ask its producer for a new one")
            }
            let valueToken: JSONTokenizer.Token
            if let column = wanted[tokenizer.text] {
                valueToken = try tokenizer.next()
                cells[column].removeAll(keepingCapacity: true)
                present[column] = true
                keysFound[column] = true
                isNull[column] = valueToken == .null
                isNumber[column] = valueToken == .number
                try capture(valueToken, into: &cells[column])
                if cells[column].count > DecodeLimits.recordBytes {
                    throw DecodeError("record \(index) of the JSON source holds a value larger than \(DecodeLimits.recordBytes >> 20) MiB; kiosque refuses such records: ask for an export without embedded files")
                }
            } else {
                // The keys no field reads, from the first records: the names a misspelt from: meant.
                if index <= Self.sampled, otherKeys.count < Self.sampledKeys {
                    let key = String(decoding: tokenizer.text, as: UTF8.self)
                    if !otherKeys.contains(key) { otherKeys.append(key) }
                }
                valueToken = try tokenizer.next()
                try skipValue(valueToken)
            }
        }
        row.reset()
        row.line = index
        for column in 0..<columns.count {
            row.bytes.append(cells[column])
            row.endCell()
            row.nulls.append(isNull[column] || !present[column])
            row.numbers.append(present[column] && isNumber[column])
        }
        return true
    }

    /// Appends the value starting with `token` as cell text.
    private func capture(_ token: JSONTokenizer.Token, into out: inout [UInt8]) throws {
        switch token {
        case .string, .number: out.append(contentsOf: tokenizer.text)
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .null: break
        case .beginObject, .beginArray: try serialise(token, into: &out, depth: 1)
        default: throw DecodeError("record \(index) of the JSON source is malformed (at byte \(tokenizer.offset)); the export is broken: ask its producer for a new one")
        }
    }

    /// Writes a nested value back as compact JSON.
    private func serialise(_ token: JSONTokenizer.Token, into out: inout [UInt8], depth: Int) throws {
        guard depth <= DecodeLimits.depth else {
            throw DecodeError("record \(index) of the JSON source nests more than \(DecodeLimits.depth) levels deep; kiosque refuses such sources: ask for a flatter export")
        }
        if out.count > DecodeLimits.recordBytes {
            throw DecodeError("record \(index) of the JSON source holds a value larger than \(DecodeLimits.recordBytes >> 20) MiB; kiosque refuses such records: ask for an export without embedded files")
        }
        switch token {
        case .string: JSONText.appendString(tokenizer.text, to: &out)
        case .number: out.append(contentsOf: tokenizer.text)
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .beginArray:
            out.append(UInt8(ascii: "["))
            var first = true
            while true {
                let item = try tokenizer.next()
                if item == .endArray { break }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                try serialise(item, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .beginObject:
            out.append(UInt8(ascii: "{"))
            var first = true
            while true {
                let key = try tokenizer.next()
                if key == .endObject { break }
                guard key == .string else { throw DecodeError("record \(index) of the JSON source is malformed (at byte \(tokenizer.offset)); the export is broken: ask its producer for a new one") }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONText.appendString(tokenizer.text, to: &out)
                out.append(UInt8(ascii: ":"))
                try serialise(try tokenizer.next(), into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        default:
            throw DecodeError("the JSON source is malformed at byte \(tokenizer.offset); the file may be truncated")
        }
    }

    private func skipValue(_ token: JSONTokenizer.Token) throws {
        var depth = 0
        var current = token
        while true {
            switch current {
            case .beginObject, .beginArray: depth += 1
            case .endObject, .endArray: depth -= 1
            case .end: throw DecodeError("the JSON source ends in the middle of a value; the file looks truncated")
            default: break
            }
            if depth <= 0 { return }
            current = try tokenizer.next()
        }
    }
}

/// A reader of JSON records, which may lack any key: which of its columns some record had, and the
/// other keys the first records had.
protocol KeyedRecords: AnyObject {
    var columns: [String] { get }
    var keysFound: [Bool] { get }
    var otherKeys: [String] { get }
}

extension KeyedRecords {
    /// Records whose other keys are kept, and how many keys at most.
    static var sampled: Int { 100 }
    static var sampledKeys: Int { 50 }
}
