import Foundation

/// The first records of a source, as text, whatever its format: what `describe` profiles.
struct Sample {
    var format: SourceFormat
    var encoding: TextEncoding
    var delimiter: UInt8?
    var records: String?
    var columns: [String]
    var rows: [[String?]]
    /// Lines of titles and notes above the header (CSV).
    var skipLines = 0

    static let maximumRows = 1000

    /// Reads up to `maximumRows` records of `file` (a sample, possibly cut short).
    static func read(_ file: URL, format: SourceFormat, truncated: Bool) throws -> Sample {
        switch format {
        case .csv: return try csv(file, truncated: truncated)
        case .json, .ndjson: return try json(file, lines: format == .ndjson)
        }
    }

    private static func csv(_ file: URL, truncated: Bool) throws -> Sample {
        let encoding = try TextEncoding.detect(file)
        var reader = try CSVReader(try UTF8Stream(file, encoding: encoding), delimiter: nil, skipLines: 0)
        var (rows, lines) = try records(reader, truncated: truncated)
        var skipLines = 0
        // Titles and notes above the header: read again from the header's line.
        let header = HeaderFinder.headerIndex([reader.columns.map(Optional.some)] + rows)
        if header > 0 {
            let skipped = lines[header - 1] - 1
            let expected = rows[header - 1].map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
            let again = try CSVReader(try UTF8Stream(file, encoding: encoding), delimiter: reader.delimiter, skipLines: skipped)
            if again.columns == expected {
                reader = again
                skipLines = skipped
                (rows, lines) = try records(again, truncated: truncated)
            }
        }
        return Sample(format: .csv, encoding: encoding, delimiter: reader.delimiter, records: nil, columns: reader.columns,
                      rows: rows, skipLines: skipLines)
    }

    /// Up to `maximumRows` records after the header, with the line each starts on.
    private static func records(_ reader: CSVReader, truncated: Bool) throws -> ([[String?]], [Int]) {
        var rows: [[String?]] = []
        var lines: [Int] = []
        let row = RawRow()
        while rows.count < maximumRows + (truncated ? 1 : 0) {
            guard (try? reader.next(into: row)) == true else { break }
            rows.append((0..<row.count).map { Optional(row.string($0)) })
            lines.append(row.line)
        }
        // A sample cut mid-file ends on a partial record.
        if truncated, rows.count > 1 {
            rows.removeLast()
            lines.removeLast()
        }
        return (rows, lines)
    }

    private static func json(_ file: URL, lines: Bool) throws -> Sample {
        let data = try Data(contentsOf: file)
        var objects: [[String: Any]] = []
        var pointer: String?
        if lines {
            for line in data.split(separator: 0x0A) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                guard objects.count < maximumRows else { break }
                if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] { objects.append(object) }
            }
        } else {
            guard let document = try? JSONSerialization.jsonObject(with: data) else {
                throw DecodeError("the JSON source cannot be read whole for a sample (it may be larger than the sample, or broken); write its recipe by hand with source records:")
            }
            guard let (found, path) = findRecords(document, path: "", depth: 0) else {
                throw DecodeError("no array of objects found in the JSON source; write its recipe by hand with source records:")
            }
            objects = Array(found.prefix(maximumRows))
            pointer = path
        }
        // Columns in the order the source writes its keys (Foundation's dictionaries forget it).
        let depth = lines ? 1 : (pointer ?? "").split(separator: "/", omittingEmptySubsequences: false).count + 1
        let order = keyOrder(file, depth: depth, records: objects.count)
        let columns = Set(objects.flatMap(\.keys)).sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
        let rows: [[String?]] = objects.map { object in
            columns.map { column in
                switch object[column] {
                case nil, is NSNull: nil
                case let text as String: text
                // Foundation answers `as Bool` for the numbers 0 and 1 too: only the type code tells
                // `true` from `1`.
                case let number as NSNumber where String(cString: number.objCType) == "c": number.boolValue ? "true" : "false"
                case let number as NSNumber: number.stringValue
                case let other?:
                    (try? JSONSerialization.data(withJSONObject: other, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
            }
        }
        return Sample(format: lines ? .ndjson : .json, encoding: .utf8, delimiter: nil, records: pointer, columns: columns, rows: rows)
    }

    /// Where each key is first written in the objects `depth` containers deep (1 for NDJSON lines,
    /// 2 for a top-level array's records), over the first `records` of them.
    static func keyOrder(_ file: URL, depth: Int, records: Int) -> [String: Int] {
        guard let stream = try? UTF8Stream(file, encoding: .utf8) else { return [:] }
        let tokenizer = JSONTokenizer(stream)
        var order: [String: Int] = [:]
        var levels: [(object: Bool, expectsKey: Bool)] = []
        var seen = 0
        while let token = try? tokenizer.next(), token != .end {
            if let level = levels.last, level.object, level.expectsKey, token == .string {
                let key = String(decoding: tokenizer.text, as: UTF8.self)
                if levels.count == depth, order[key] == nil { order[key] = order.count }
                levels[levels.count - 1].expectsKey = false
                continue
            }
            if let level = levels.last, level.object { levels[levels.count - 1].expectsKey = true }
            switch token {
            case .beginObject:
                levels.append((true, true))
                if levels.count == depth {
                    seen += 1
                    if seen > records { return order }
                }
            case .beginArray: levels.append((false, false))
            case .endObject, .endArray: if !levels.isEmpty { levels.removeLast() }
            default: break
            }
        }
        return order
    }

    /// The first array of objects in a document, with its JSON pointer.
    private static func findRecords(_ value: Any, path: String, depth: Int) -> ([[String: Any]], String)? {
        if let array = value as? [Any] {
            let objects = array.compactMap { $0 as? [String: Any] }
            return objects.isEmpty ? nil : (objects, path)
        }
        guard depth < 4, let object = value as? [String: Any] else { return nil }
        for key in object.keys.sorted() {
            let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            if let found = findRecords(object[key]!, path: path + "/" + escaped, depth: depth + 1) { return found }
        }
        return nil
    }
}
