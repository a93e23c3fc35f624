import Foundation

/// The JSON and NDJSON half of `Sample`: the records found in a document (or a document cut short
/// by the sample's size, closed), read as `run` reads them, and the link to an API's next page.
extension Sample {
    static func json(_ file: URL, lines: Bool, truncated: Bool) throws -> Sample {
        // JSON ought to be UTF-8, but exports from older systems are Windows-1252 or UTF-16, which
        // run reads (encoding: auto): the sample is read from a UTF-8 copy.
        let encoding = (try? TextEncoding.detect(file)) ?? .utf8
        if encoding != .utf8 {
            let stream = try UTF8Stream(file, encoding: encoding)
            var text = Data()
            while let chunk = try stream.next() { text.append(contentsOf: chunk) }
            var sample = try withCopy(text) { try json($0, lines: lines, truncated: truncated) }
            sample.encoding = encoding
            return sample
        }
        // A document larger than the sample is cut somewhere inside: closed after its last whole value.
        let sampled = truncated && !lines ? try Data(contentsOf: file) : Data()
        let closed = truncated && !lines ? closedPrefix(of: file, sampled) : nil
        if truncated, !lines, closed == nil {
            throw DecodeError("the JSON source's first record does not end within the \((sampled.count + (1 << 20) - 1) >> 20) MiB describe reads of it; write its recipe by hand, with source records: the JSON pointer of its array of records")
        }
        var objects: [[String: Any]] = []
        var pointer: String?
        var nextPage: String?
        var document: Any = NSNull()
        if lines {
            // One object a line; a broken line after good ones ends the sample, and run will say where.
            do {
                try JSONTree.read(file) { value in
                    if let object = value as? [String: Any] { objects.append(object) }
                    return objects.count < maximumRows
                }
            } catch where !objects.isEmpty {}
        } else {
            let values = try closed.map { try withCopy($0) { try JSONTree.values(in: $0, limit: 2) } } ?? JSONTree.values(in: file, limit: 2)
            guard let first = values.first else { throw DecodeError("the JSON source holds no value; check that the address or file given to describe is the export") }
            document = first
            guard values.count == 1 else {
                throw DecodeError("the JSON source goes on after its document ends: two exports written one after the other, or a broken file; ask its producer for one document")
            }
            guard let (found, path) = findRecords(document, path: "", depth: 0) else {
                if let rows = findRows(document, path: "", depth: 0) {
                    throw DecodeError("the JSON source holds its rows as arrays without keys (at \(rows.isEmpty ? "the root" : rows)); kiosque reads records as objects, a key for each value: ask for an export of objects, or a CSV export")
                }
                throw DecodeError("no array of objects found in the JSON source; write its recipe by hand with source records:")
            }
            // Where the sample was closed, the array's last record may have lost its end.
            objects = Array(found.prefix(closed != nil && found.count > 1 ? min(maximumRows, found.count - 1) : maximumRows))
            pointer = path
            nextPage = nextPageLink(in: document)
        }
        // Columns in the order the source writes its keys (Foundation's dictionaries forget it).
        let depth = lines ? 1 : JSONPointer.keys(pointer ?? "").count + 2
        let order = keyOrder(file, depth: depth, records: objects.count)
        var leaves: [String] = []
        flatColumns(objects, path: [], into: &leaves)
        var columns = leaves.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
        var names: [String: String] = [:]
        if let arranged = GeoJSONColumns.arrange(columns, features: objects, document: document, records: pointer) { (columns, names) = arranged }
        let rows: [[String?]], numbers: [[Bool]]
        if let closed {
            (rows, numbers) = try withCopy(closed) { try records($0, columns: columns, pointer: pointer, lines: lines, count: objects.count) }
        } else {
            (rows, numbers) = try records(file, columns: columns, pointer: pointer, lines: lines, count: objects.count)
        }
        var sample = Sample(format: lines ? .ndjson : .json, encoding: .utf8, delimiter: nil, records: pointer, columns: columns, rows: rows,
                            nextPage: nextPage, numbers: numbers)
        sample.names = names
        return sample
    }

    /// `body` on a temporary file holding `data`, removed after.
    private static func withCopy<T>(_ data: Data, _ body: (URL) throws -> T) throws -> T {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-sample-\(UUID().uuidString).json")
        try data.write(to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        return try body(copy)
    }

    /// The first `count` records as `run` reads them, through the same reader: nested values as
    /// compact JSON in the source's key order, numbers as written. Foundation's text of the same
    /// values (keys sorted, `-4.0` written `-4`, `/` escaped) made enums that no row matched.
    private static func records(_ file: URL, columns: [String], pointer: String?, lines: Bool, count: Int) throws -> ([[String?]], [[Bool]]) {
        let reader = try JSONRecordReader(try UTF8Stream(file, encoding: .utf8), columns: columns, pointer: pointer, lines: lines)
        let row = RawRow()
        var rows: [[String?]] = []
        var numbers: [[Bool]] = []
        do {
            while rows.count < count, try reader.next(into: row) {
                rows.append((0..<columns.count).map { row.isNull($0) ? nil : String(decoding: row.cell($0), as: UTF8.self) })
                numbers.append((0..<columns.count).map { row.isNumber($0) })
            }
        } catch where !rows.isEmpty {
            // A broken record after good ones: the sample stops there, and run will say where.
        }
        return (rows, numbers)
    }

    /// Walks the tokens of a JSON file until `visit` returns false or the text ends or breaks, with
    /// whether a string is an object's key and the containers open after the token (true for an
    /// object), innermost last.
    private static func walk(_ file: URL, _ visit: (JSONTokenizer.Token, _ isKey: Bool, _ containers: [Bool], JSONTokenizer) -> Bool) {
        guard let stream = try? UTF8Stream(file, encoding: .utf8) else { return }
        let tokenizer = JSONTokenizer(stream)
        var levels: [(object: Bool, expectsKey: Bool)] = []
        var containers: [Bool] = []
        while let token = try? tokenizer.next(), token != .end {
            if let level = levels.last, level.object, level.expectsKey, token == .string {
                levels[levels.count - 1].expectsKey = false
                guard visit(token, true, containers, tokenizer) else { return }
                continue
            }
            // A value of an object: the next string is a key again.
            if let level = levels.last, level.object { levels[levels.count - 1].expectsKey = true }
            switch token {
            case .beginObject, .beginArray:
                levels.append((token == .beginObject, token == .beginObject))
                containers.append(token == .beginObject)
            case .endObject, .endArray:
                if !levels.isEmpty {
                    levels.removeLast()
                    containers.removeLast()
                }
            default: break
            }
            guard visit(token, false, containers, tokenizer) else { return }
        }
    }

    /// How deep inside a record describe reads objects' keys as columns of their own.
    static let nestedLevels = 3
    /// An object with more keys than this (a map from codes or dates to values) stays one column.
    static let nestedKeys = 30

    /// The columns of the records: their keys, and for a key whose values are objects (or null),
    /// the keys inside, as JSON pointers (`/demandeur/commune`), so that a draft can publish a
    /// commune and drop a name from the same object. Arrays, and keys whose values are sometimes
    /// objects and sometimes not, stay one column of JSON text.
    static func flatColumns(_ objects: [[String: Any]], path: [String], into columns: inout [String]) {
        var keys: [String] = []
        var seen = Set<String>()
        for object in objects { for key in object.keys where seen.insert(key).inserted { keys.append(key) } }
        for key in keys {
            let values = objects.compactMap { $0[key] }.filter { !($0 is NSNull) }
            let nested = values.compactMap { $0 as? [String: Any] }
            let inner = Set(nested.flatMap(\.keys))
            if path.count < nestedLevels, !nested.isEmpty, nested.count == values.count, !inner.isEmpty, inner.count <= nestedKeys {
                flatColumns(nested, path: path + [key], into: &columns)
            } else {
                columns.append(path.isEmpty ? key : JSONPointer.pointer(path + [key]))
            }
        }
    }

    /// Where each key is first written in the objects `depth` containers deep (1 for NDJSON lines,
    /// 2 for a top-level array's records), over the first `records` of them; a key of an object
    /// inside a record by its JSON pointer from the record, as `flatColumns` names it.
    static func keyOrder(_ file: URL, depth: Int, records: Int) -> [String: Int] {
        var order: [String: Int] = [:]
        var seen = 0
        var path: [String] = []
        walk(file) { token, isKey, containers, tokenizer in
            if isKey {
                let level = containers.count - depth
                guard level >= 0, level <= nestedLevels, path.count >= level,
                      containers[(depth - 1)...].allSatisfy({ $0 }) else { return true }
                let key = String(decoding: tokenizer.text, as: UTF8.self)
                path.removeSubrange(level...)
                path.append(key)
                let name = level == 0 ? key : JSONPointer.pointer(path)
                if order[name] == nil { order[name] = order.count }
            } else if token == .beginObject, containers.count == depth {
                seen += 1
                return seen <= records
            }
            return true
        }
        return order
    }

    /// A JSON document cut short, made whole: its bytes up to the last complete value inside a
    /// container, then the closing brackets of the containers still open there. Nil when no
    /// value was completed.
    static func closedPrefix(of file: URL, _ data: Data) -> Data? {
        let mark: Int64 = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var cut: (offset: Int64, closers: [UInt8])?
        var tooDeep = false
        walk(file) { token, isKey, containers, tokenizer in
            if isKey { return true }
            if token == .beginObject || token == .beginArray {
                // As deep as run reads at most: deeper is refused, and closing it would cost its depth at every value.
                tooDeep = containers.count > DecodeLimits.depth
                return !tooDeep
            }
            // A value has just ended: the document can be closed here. Not after a number that
            // runs to the cut, which may have lost digits (or be `9.`).
            guard !containers.isEmpty else { return false }
            if token == .number, mark + tokenizer.offset >= Int64(data.count) { return false }
            cut = (tokenizer.offset, containers.reversed().map { $0 ? UInt8(ascii: "}") : UInt8(ascii: "]") })
            return true
        }
        guard !tooDeep, let cut, mark + cut.offset <= Int64(data.count) else { return nil }
        return data.prefix(Int(mark + cut.offset)) + cut.closers
    }

    /// Where JSON APIs commonly put the link to their next page.
    static let nextPagePointers = ["/links/next", "/next", "/next_page", "/nextPage", "/pagination/next", "/meta/next",
                                   "/paging/next", "/_links/next/href", "/links/next/href"]

    /// The pointer of a link to the next page in an API's answer: a URL, absolute or relative.
    static func nextPageLink(in document: Any) -> String? {
        nextPagePointers.first { pointer in
            var value: Any? = document
            for key in JSONPointer.keys(pointer) { value = (value as? [String: Any])?[key] }
            guard let link = value as? String else { return false }
            return ["http://", "https://", "/", "?"].contains { link.hasPrefix($0) }
        }
    }

    /// The first array of objects in a document, with its JSON pointer.
    /// The place of an array of arrays (rows without keys, a header row first, as some APIs answer).
    private static func findRows(_ value: Any, path: String, depth: Int) -> String? {
        if let array = value as? [Any] {
            return !array.isEmpty && array.allSatisfy({ $0 is [Any] }) ? path : nil
        }
        guard depth < 4, let object = value as? [String: Any] else { return nil }
        for key in object.keys.sorted() {
            if let found = findRows(object[key]!, path: path + JSONPointer.pointer([key]), depth: depth + 1) { return found }
        }
        return nil
    }

    static func findRecords(_ value: Any, path: String, depth: Int) -> ([[String: Any]], String)? {
        if let array = value as? [Any] {
            let objects = array.compactMap { $0 as? [String: Any] }
            return objects.isEmpty ? nil : (objects, path)
        }
        guard depth < 4, let object = value as? [String: Any] else { return nil }
        for key in object.keys.sorted() {
            if let found = findRecords(object[key]!, path: path + JSONPointer.pointer([key]), depth: depth + 1) { return found }
        }
        return nil
    }
}
