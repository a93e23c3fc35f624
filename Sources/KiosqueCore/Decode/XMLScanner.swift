/// A pull scanner over the XML of a workbook (.xlsx, .ods): start and end tags, their attributes, and
/// text, on bytes, with the five predefined entities and character references decoded.
/// Comments, processing instructions and declarations are skipped; no entity is ever defined or
/// expanded from the document, so a hostile file cannot make it grow. Names are compared by
/// their local part (`x:row` is `row`), as generators that write a prefix mean the same element.
struct XMLScanner {
    enum Event {
        case start(name: Range<Int>, attributes: Range<Int>, empty: Bool)
        case end(name: Range<Int>)
        case text(Range<Int>)
        /// The raw content of a CDATA section, whose bytes are not decoded.
        case cdata(Range<Int>)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    struct Malformed: Error {
        let offset: Int
    }

    mutating func next() throws(Malformed) -> Event? {
        let count = bytes.count
        // Comments, processing instructions and declarations are passed over in a loop, not by
        // calling again: a file of a million comments must not run out of stack.
        while true {
            guard position < count else { return nil }
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                while position < count, bytes[position] != UInt8(ascii: "<") { position += 1 }
                return .text(start..<position)
            }
            guard position + 1 < count else { throw Malformed(offset: position) }
            switch bytes[position + 1] {
            case UInt8(ascii: "?"):
                position = try after(Array("?>".utf8), from: position + 2)
                continue
            case UInt8(ascii: "!"):
                if starts(with: "<![CDATA[", at: position) {
                    let start = position + 9
                    let end = try after(Array("]]>".utf8), from: start)
                    position = end
                    return .cdata(start..<(end - 3))
                }
                position = try after(starts(with: "<!--", at: position) ? Array("-->".utf8) : [UInt8(ascii: ">")], from: position + 2)
                continue
            case UInt8(ascii: "/"):
                let start = position + 2
                let close = try after([UInt8(ascii: ">")], from: start)
                var end = close - 1
                while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
                position = close
                return .end(name: start..<end)
            default:
                let start = position + 1
                var index = start
                while index < count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
                let name = start..<index
                let attributesStart = index
                var quote: UInt8 = 0
                while index < count {
                    let byte = bytes[index]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    }
                    index += 1
                }
                guard index < count, !name.isEmpty else { throw Malformed(offset: position) }
                let empty = index > attributesStart && bytes[index - 1] == UInt8(ascii: "/")
                position = index + 1
                return .start(name: name, attributes: attributesStart..<(empty ? index - 1 : index), empty: empty)
            }
        }
    }

    /// Whether the element name at `range` has the local name `local`.
    /// Whether the name is written with the namespace prefix `prefix` (`draw` in `draw:frame`).
    func hasPrefix(_ range: Range<Int>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard range.count > count, bytes[range.lowerBound + count] == UInt8(ascii: ":") else { return false }
        let expected = prefix.utf8Start
        for offset in 0..<count where bytes[range.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    func isNamed(_ range: Range<Int>, _ local: StaticString) -> Bool {
        var start = range.lowerBound
        for index in range where bytes[index] == UInt8(ascii: ":") { start = index + 1 }
        let count = local.utf8CodeUnitCount
        guard range.upperBound - start == count else { return false }
        let name = local.utf8Start
        for offset in 0..<count where bytes[start + offset] != name[offset] { return false }
        return true
    }

    /// The raw (undecoded) value of the attribute with local name `local` in `attributes`.
    func attribute(_ local: StaticString, in attributes: Range<Int>) -> Range<Int>? {
        var index = attributes.lowerBound
        let end = attributes.upperBound
        while index < end {
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < end, bytes[index] != UInt8(ascii: "="), !Self.isSpace(bytes[index]) { index += 1 }
            let name = nameStart..<index
            while index < end, bytes[index] != UInt8(ascii: "\"") && bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < end else { return nil }
            let quote = bytes[index]
            let valueStart = index + 1
            index = valueStart
            while index < end, bytes[index] != quote { index += 1 }
            if !name.isEmpty, isNamed(name, local) { return valueStart..<min(index, end) }
            index += 1
        }
        return nil
    }

    /// The attribute's value as a non-negative integer, read on its bytes.
    func attributeInt(_ local: StaticString, in attributes: Range<Int>) -> Int? {
        guard let range = attribute(local, in: attributes), !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for index in range {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// The attribute's value decoded, as a string.
    func attributeString(_ local: StaticString, in attributes: Range<Int>) -> String? {
        guard let range = attribute(local, in: attributes) else { return nil }
        var out: [UInt8] = []
        decode(range, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text at `range` with entities and character references decoded. An unknown
    /// entity is kept as written.
    func decode(_ range: Range<Int>, into out: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let semicolon = (index + 1..<min(index + 12, range.upperBound)).first(where: { bytes[$0] == UInt8(ascii: ";") }) else {
                out.append(byte)
                index += 1
                continue
            }
            let name = Array(bytes[(index + 1)..<semicolon])
            if let scalar = Self.entity(name) {
                out.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                out.append(contentsOf: bytes[index...semicolon])
            }
            index = semicolon + 1
        }
    }

    private static func entity(_ name: [UInt8]) -> Unicode.Scalar? {
        switch name {
        case Array("lt".utf8): return "<"
        case Array("gt".utf8): return ">"
        case Array("amp".utf8): return "&"
        case Array("quot".utf8): return "\""
        case Array("apos".utf8): return "'"
        default:
            guard name.first == UInt8(ascii: "#"), name.count > 1 else { return nil }
            let hex = name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X")
            let digits = String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self)
            return UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init)
        }
    }

    private func starts(with text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
        return true
    }

    /// The index just past the next `marker` from `start`.
    private func after(_ marker: [UInt8], from start: Int) throws(Malformed) -> Int {
        var index = start
        while index + marker.count <= bytes.count {
            if bytes[index] == marker[0], marker.indices.allSatisfy({ bytes[index + $0] == marker[$0] }) { return index + marker.count }
            index += 1
        }
        throw Malformed(offset: start)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
