import Foundation

/// Writes the metadata documents (JSON-LD, `datapackage.json`, CSVW, schema.org, JSON log lines)
/// with sorted keys, byte for byte as Foundation's `JSONSerialization` writes them with
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when asked): the same key
/// order (Foundation's own comparison), the same escapes, numbers and layout, so published
/// catalogues do not change. What it saves is Foundation bridging every value to an `NSObject`
/// on the way, which cost a fifth of the fixed cost of a run.
enum SortedJSON {
    /// A value that is not JSON: a type other than strings, booleans, integers, finite floating
    /// point numbers, `NSNull`, arrays and dictionaries with string keys.
    struct InvalidValue: Error, CustomStringConvertible {
        let description: String
    }

    static func data(_ object: Any, pretty: Bool) throws(InvalidValue) -> Data {
        var writer = Writer(pretty: pretty)
        try writer.value(object)
        return Data(writer.out)
    }

    /// The order of `JSONSerialization`'s `.sortedKeys`.
    static func precedes(_ first: String, _ second: String) -> Bool {
        first.compare(second, options: [.numeric, .caseInsensitive, .forcedOrdering],
                      range: first.startIndex..<first.endIndex, locale: NSLocale.system) == .orderedAscending
    }

    private struct Writer {
        let pretty: Bool
        var out: [UInt8] = []
        var indent = 0

        init(pretty: Bool) {
            self.pretty = pretty
            out.reserveCapacity(4096)
        }

        // The cases in Foundation's order: a Bool is never taken for an integer, nor the reverse.
        mutating func value(_ value: Any) throws(InvalidValue) {
            switch value {
            case let text as String: string(text)
            case let flag as Bool: ascii(flag ? "true" : "false")
            case let number as Int: ascii(number.description)
            case let number as Int64: ascii(number.description)
            case let number as Int32: ascii(number.description)
            case let number as UInt: ascii(number.description)
            case let number as UInt64: ascii(number.description)
            case let array as [Any]: try self.array(array)
            case let object as [String: Any]: try dictionary(object)
            case let number as Double: try float(number)
            case let number as Float: try float(number)
            case is NSNull: ascii("null")
            default: throw InvalidValue(description: "a \(type(of: value)) cannot be written as JSON")
            }
        }

        private mutating func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ number: T) throws(InvalidValue) {
            guard number.isFinite else { throw InvalidValue(description: "\(number) is not a JSON number") }
            var text = number.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            ascii(text)
        }

        private mutating func array(_ array: [Any]) throws(InvalidValue) {
            out.append(UInt8(ascii: "["))
            if pretty {
                out.append(UInt8(ascii: "\n"))
                indent += 2
            }
            for (position, element) in array.enumerated() {
                if position > 0 { ascii(pretty ? ",\n" : ",") }
                if pretty { writeIndent() }
                try value(element)
            }
            if pretty {
                out.append(UInt8(ascii: "\n"))
                indent -= 2
                writeIndent()
            }
            out.append(UInt8(ascii: "]"))
        }

        private mutating func dictionary(_ object: [String: Any]) throws(InvalidValue) {
            out.append(UInt8(ascii: "{"))
            if pretty {
                out.append(UInt8(ascii: "\n"))
                indent += 2
                if !object.isEmpty { writeIndent() }
            }
            for (position, key) in KeyOrder.shared.sorted(object.keys).enumerated() {
                if position > 0 {
                    ascii(pretty ? ",\n" : ",")
                    if pretty { writeIndent() }
                }
                string(key)
                ascii(pretty ? " : " : ":")
                try value(object[key]!)
            }
            if pretty {
                out.append(UInt8(ascii: "\n"))
                indent -= 2
                writeIndent()
            }
            out.append(UInt8(ascii: "}"))
        }

        private mutating func writeIndent() {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        }

        private mutating func ascii(_ text: String) {
            out.append(contentsOf: text.utf8)
        }

        /// Escapes as Foundation does: `"`, `\`, the short forms of control characters, other
        /// control characters as `\u00xx` in lower case; `/`, 0x7F and everything else as it is.
        /// Not `JSONText`, which the data files use: it escapes 0x7F, Foundation does not.
        private mutating func string(_ text: String) {
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): ascii("\\\"")
                case UInt8(ascii: "\\"): ascii("\\\\")
                case 0x08: ascii("\\b")
                case 0x0C: ascii("\\f")
                case 0x0A: ascii("\\n")
                case 0x0D: ascii("\\r")
                case 0x09: ascii("\\t")
                case 0x00..<0x20: ascii("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}
