import Foundation
/// A value written in a recipe (`minimum`, `maximum`, `enum`) read as the field's type would publish it.
enum OrderedValue: Comparable, Hashable {
    case number(Double)
    case text(String)

    static func < (lhs: OrderedValue, rhs: OrderedValue) -> Bool {
        switch (lhs, rhs) {
        case let (.number(a), .number(b)): a < b
        case let (.text(a), .text(b)): a < b
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}

enum ValueLiteral {
    /// The published form of `text` for a field of `type`, with recipe literals in ISO and `.` decimal form.
    static func parse(_ text: String, as type: FieldType) -> OrderedValue? {
        switch type {
        case .string:
            return .text(text)
        case .integer, .number, .year:
            guard let caster = try? CellCaster(type: type, format: nil, decimal: UInt8(ascii: "."), thousands: nil),
                  let canonical = cast(text, caster) else { return nil }
            return Double(canonical).map(OrderedValue.number)
        case .date, .datetime, .yearmonth, .boolean:
            guard let caster = try? CellCaster(type: type, format: nil, decimal: UInt8(ascii: "."), thousands: nil),
                  let canonical = cast(text, caster) else { return nil }
            return .text(canonical)
        }
    }

    private static func cast(_ text: String, _ caster: CellCaster) -> String? {
        let out = ByteBuffer()
        let bytes = Array(text.utf8)
        let kind = bytes.withUnsafeBufferPointer { caster.cast($0, into: out) }
        return kind == nil ? nil : String(decoding: out.elements, as: UTF8.self)
    }
}
