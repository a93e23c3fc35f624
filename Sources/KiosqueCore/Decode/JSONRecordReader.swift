import Foundation
/// Streams the records of a JSON source (an array of objects at a JSON pointer) or an NDJSON source
/// (one object per line), picking the wanted keys of each object in column order.
/// Nested objects and arrays become their compact JSON text; a column written as a JSON pointer
/// (`/demandeur/commune`) is the value at that place inside each record.
final class JSONRecordReader: RecordReader, KeyedRecords {
    let columns: [String]
    private(set) var keysFound: [Bool]
    private(set) var otherKeys: [String] = []
    let encoding: TextEncoding
    private let tokenizer: JSONTokenizer
    private let lines: Bool
    /// Keys read whole, and nothing inside them: the fast path.
    private var wanted: [[UInt8]: Int] = [:]
    /// Keys inside which columns read (or read twice): taken through their `KeyTree`.
    private var branches: [[UInt8]: KeyTree] = [:]
    private var scratch: [UInt8] = []
    /// Keys already put in composed form: their NFC bytes, or empty when they were already NFC.
    private var composedKeys: [[UInt8]: [UInt8]] = [:]
    private var cells: [[UInt8]]
    private var present: [Bool]
    private var isNull: [Bool]
    private var isNumber: [Bool]
    private var index = 0
    private var finished = false
    /// The containers around the array of records, outermost first: true for an object.
    private var enclosing: [Bool] = []

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
        let root = KeyTree()
        for (index, column) in columns.enumerated() {
            var node = root
            for segment in KeyTree.segments(column) { node = node.child(segment) }
            node.columns.append(index)
        }
        root.collectBelow()
        for (key, node) in root.children {
            if node.columns.count == 1, node.children.isEmpty {
                wanted[key] = node.columns[0]
            } else {
                branches[key] = node
            }
        }
        if !lines { try descend(to: pointer ?? "") }
    }

    private func descend(to pointer: String) throws {
        let segments = JSONPointer.keys(pointer)
        var path = ""
        // The keys met beside the one followed, in the last object: an API that answers an error
        // with status 200 shows it there (`error`, `message`). Keys only: a value may be personal.
        var beside: [String] = []
        for segment in segments {
            let container = try tokenizer.next()
            enclosing.append(container == .beginObject)
            switch container {
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
                    throw DecodeError("the JSON source has no '\(segment)' at \(path.isEmpty ? "the root" : path) (keys seen: \(Self.shown(keys))); check source records")
                }
                beside = keys
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
                let held = Self.kind(of: container)
                let others = beside.isEmpty ? "" : " (its parent also has: \(Self.shown(beside)))"
                throw DecodeError("the JSON source holds \(held) at \(path.isEmpty ? "the root" : path), where source records reads on to \(pointer)\(others); an API that answers an error with status 200 looks like this: check what it answered, or fix source records")
            }
            path += "/" + segment
        }
        let token = try tokenizer.next()
        // `"data": null`: no records, as some APIs answer past their last page.
        if token == .null, !segments.isEmpty {
            finished = true
            try finishDocument()
            return
        }
        guard token == .beginArray else {
            let hint = token != .beginObject ? "; check source records"
                : pointer.isEmpty ? "; set source records to the pointer of the array of records, such as /data"
                : " but an object: if each of its members is a record, keyed by an id, ask for an array of records instead (kiosque reads records from an array), or point source records at the array inside it"
            throw DecodeError("the JSON source has no array of records at \(pointer.isEmpty ? "the root" : pointer)\(hint)")
        }
    }

    /// Keys as a message may show them: those that read as a schema's names (`data`, `total_count`,
    /// `@context`), never those that may be values, as when an object's members are keyed by an id
    /// or a person's name (`CI123456`, `Awa Koné`): those are only counted.
    static func shown(_ keys: [String]) -> String {
        let named = keys.filter { key in
            key.count <= 40 && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789_-.$@".unicodeScalars.contains($0)) }
                && key.filter(\.isNumber).count <= 3 && !key.dropFirst().contains("@")
        }
        var text = named.prefix(20).joined(separator: ", ")
        if named.count > 20 { text += "…" }
        let hidden = keys.count - named.count
        if hidden > 0 {
            text += (text.isEmpty ? "" : ", and ") + "\(hidden) key\(hidden == 1 ? "" : "s") not shown, as \(hidden == 1 ? "it" : "they") may be values (ids, names)"
        }
        return text
    }

    /// A JSON value's kind as a message names it, never its content.
    private static func kind(of token: JSONTokenizer.Token) -> String {
        switch token {
        case .null: "null"
        case .string: "a string"
        case .number: "a number"
        case .true, .false: "a boolean"
        default: "no value"
        }
    }

    func next(into row: RawRow) throws -> Bool {
        guard !finished else { return false }
        let token = try tokenizer.next()
        switch token {
        case .beginObject:
            break
        case .endArray where !lines:
            finished = true
            try finishDocument()
            return false
        case .end where lines:
            finished = true
            return false
        case .end:
            throw DecodeError("the JSON source ends before its array of records is closed; the file looks truncated")
        case .beginArray:
            throw DecodeError("record \(index + 1) of the JSON source is an array, not an object (at byte \(tokenizer.offset)): rows without keys cannot be read; ask for an export of objects, a key for each value, or a CSV export")
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
            var column = wanted[tokenizer.text]
            var tree = column == nil && !branches.isEmpty ? branches[tokenizer.text] : nil
            if column == nil, tree == nil, let key = canonicalKey() {
                column = wanted[key]
                tree = branches[key]
            }
            if let column {
                valueToken = try tokenizer.next()
                cells[column].removeAll(keepingCapacity: true)
                present[column] = true
                keysFound[column] = true
                isNull[column] = valueToken == .null
                isNumber[column] = valueToken == .number
                try capture(valueToken, into: &cells[column])
                if cells[column].count > DecodeLimits.recordBytes {
                    throw tooLarge()
                }
            } else if let tree {
                valueToken = try tokenizer.next()
                var text: [UInt8] = []
                swap(&text, &scratch)
                text.removeAll(keepingCapacity: true)
                defer { swap(&text, &scratch) }
                try serialise(valueToken, into: &text, depth: 1, tree: tree)
                if text.count > DecodeLimits.recordBytes {
                    throw tooLarge()
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
        row.mayCompose = tokenizer.composingMarks
        row.mayHoldControls = tokenizer.controlCharacters
        row.mayBeDoubleEncoded = tokenizer.doubleEncoded
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

    /// Writes a nested value back as compact JSON; with a `tree`, also takes into their columns
    /// this value (its own columns) and the values its keys and items name.
    private func serialise(_ token: JSONTokenizer.Token, into out: inout [UInt8], depth: Int, tree: KeyTree? = nil) throws {
        guard depth <= DecodeLimits.depth else {
            throw DecodeError("record \(index) of the JSON source nests more than \(DecodeLimits.depth) levels deep; kiosque refuses such sources: ask for a flatter export")
        }
        if out.count > DecodeLimits.recordBytes {
            throw tooLarge()
        }
        let start = out.count
        if let tree {
            tree.visited = true
            for column in tree.columns { begin(column, token) }
            // A key written twice: the second value replaces the first, inside too.
            for column in tree.below where present[column] {
                cells[column].removeAll(keepingCapacity: true)
                present[column] = false
                isNull[column] = false
                isNumber[column] = false
            }
        }
        switch token {
        case .string: JSONText.appendString(tokenizer.text, to: &out)
        case .number: out.append(contentsOf: tokenizer.text)
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .beginArray:
            out.append(UInt8(ascii: "["))
            var position = 0
            while true {
                let item = try tokenizer.next()
                if item == .endArray { break }
                if position > 0 { out.append(UInt8(ascii: ",")) }
                try serialise(item, into: &out, depth: depth + 1, tree: tree?.items[position])
                position += 1
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
                if let tree, index <= Self.sampled, tree.seen.count < Self.sampledKeys {
                    let key = String(decoding: tokenizer.text, as: UTF8.self)
                    if !tree.seen.contains(key) { tree.seen.append(key) }
                }
                var child = tree?.children[tokenizer.text]
                if child == nil, let tree, !tree.children.isEmpty, let key = canonicalKey() { child = tree.children[key] }
                try serialise(try tokenizer.next(), into: &out, depth: depth + 1, tree: child)
            }
            out.append(UInt8(ascii: "}"))
        default:
            throw DecodeError("the JSON source is malformed at byte \(tokenizer.offset); the file may be truncated")
        }
        if let tree, token == .beginObject || token == .beginArray {
            for column in tree.columns { cells[column].append(contentsOf: out[start...]) }
        }
    }

    /// For a column read by JSON pointer that no record had: the same pointer with its first
    /// segment that was never found replaced by the closest key seen at that place.
    func closestPointer(to column: String) -> String? {
        guard column.hasPrefix("/") else { return nil }
        let segments = KeyTree.segments(column)
        guard let first = branches[Array(Composition.composed(segments[0]).utf8)], first.visited else {
            return Suggestion.closest(to: segments[0], in: otherKeys).map { JSONPointer.pointer([$0] + segments.dropFirst()) }
        }
        var node = first
        for position in 1..<segments.count {
            guard let child = node.children[Array(Composition.composed(segments[position]).utf8)], child.visited else {
                return Suggestion.closest(to: segments[position], in: node.seen).map {
                    JSONPointer.pointer(segments[..<position] + [$0] + segments[(position + 1)...])
                }
            }
            node = child
        }
        return nil
    }

    /// The current key in Unicode's composed form (NFC) when it is written otherwise: `Libellé`
    /// with a combining accent (as macOS and some exports write it) is the `Libellé` a recipe names.
    /// Asked only of keys that match no column as they are; remembered per distinct key.
    private func canonicalKey() -> [UInt8]? {
        let text = tokenizer.text
        guard text.contains(where: { $0 >= 0x80 }) else { return nil }
        if let known = composedKeys[text] { return known.isEmpty ? nil : known }
        let composed = Composition.composed(String(decoding: text, as: UTF8.self))
        let bytes = Array(composed.utf8)
        let result = bytes == text ? [] : bytes
        if composedKeys.count < 4096 { composedKeys[text] = result }
        return result.isEmpty ? nil : result
    }

    private func tooLarge() -> DecodeError {
        DecodeError("record \(index) of the JSON source holds a value larger than \(DecodeLimits.recordBytes >> 20) MiB; kiosque refuses such records: ask for an export without embedded files")
    }

    /// A value found for `column` in this record: its scalar text (a container's comes once written).
    private func begin(_ column: Int, _ token: JSONTokenizer.Token) {
        cells[column].removeAll(keepingCapacity: true)
        present[column] = true
        keysFound[column] = true
        isNull[column] = token == .null
        isNumber[column] = token == .number
        switch token {
        case .string, .number: cells[column].append(contentsOf: tokenizer.text)
        case .true: cells[column].append(contentsOf: "true".utf8)
        case .false: cells[column].append(contentsOf: "false".utf8)
        default: break
        }
    }

    /// After the array of records: the rest of the document around it, then nothing. Two exports
    /// written one after the other (`[…][…]`) would otherwise publish the first alone.
    private func finishDocument() throws {
        while let isObject = enclosing.popLast() {
            while true {
                let token = try tokenizer.next()
                if token == (isObject ? .endObject : .endArray) { break }
                if token == .end { throw DecodeError("the JSON source ends before its document is closed; the file looks truncated") }
                if isObject {
                    guard token == .string else {
                        throw DecodeError("the JSON source is malformed at byte \(tokenizer.offset), after its array of records; the export is broken: ask its producer for a new one")
                    }
                    try skipValue(try tokenizer.next())
                } else {
                    try skipValue(token)
                }
            }
        }
        guard try tokenizer.next() == .end else {
            throw DecodeError("the JSON source goes on after its document ends (at byte \(tokenizer.offset)): two exports written one after the other, or a broken file; ask its producer for one document")
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

/// The places inside a record that columns read: a column named as a JSON pointer
/// (`/demandeur/commune/code`, `/pieces/0`) goes down one level a segment; any other name is one
/// top-level key. Several columns may read the same place.
final class KeyTree {
    var columns: [Int] = []
    var children: [[UInt8]: KeyTree] = [:]
    /// The same nodes as `children`, by position, for segments that can index an array.
    var items: [Int: KeyTree] = [:]
    /// The columns of the nodes below this one.
    private(set) var below: [Int] = []
    /// Whether some record had a value here, and the keys its objects had in the first records:
    /// what a misspelt pointer meant.
    var visited = false
    var seen: [String] = []

    @discardableResult
    func collectBelow() -> [Int] {
        below = children.values.flatMap { $0.columns + $0.collectBelow() }
        return below
    }

    func child(_ segment: String) -> KeyTree {
        let key = Array(Composition.composed(segment).utf8)
        if let existing = children[key] { return existing }
        let node = KeyTree()
        children[key] = node
        // RFC 6901: an array index is 0 or digits without a leading zero.
        if let position = Int(segment), position >= 0, String(position) == segment { items[position] = node }
        return node
    }

    /// The keys a column's name goes through: a JSON pointer's, or the name itself.
    static func segments(_ column: String) -> [String] {
        column.hasPrefix("/") ? JSONPointer.keys(column) : [column]
    }
}

/// A reader of JSON records, which may lack any key: which of its columns some record had, and the
/// other keys the first records had.
protocol KeyedRecords: AnyObject {
    var columns: [String] { get }
    var keysFound: [Bool] { get }
    var otherKeys: [String] { get }
    /// For a column read by JSON pointer that no record had, the pointer it most likely meant.
    func closestPointer(to column: String) -> String?
}

extension KeyedRecords {
    /// Records whose other keys are kept, and how many keys at most.
    static var sampled: Int { 100 }
    static var sampledKeys: Int { 50 }
}
