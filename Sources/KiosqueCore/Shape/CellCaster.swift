import Foundation
/// How a published cell is written: JSON needs to know strings from numbers and booleans.
public enum CellKind: UInt8, Sendable, BitwiseCopyable {
    case null, string, number, boolean
    /// A source value that did not fit the field's type; its row is never written.
    case invalid
}

/// Casts one field's source cells to their published form, on bytes: ISO 8601 dates,
/// `.` decimals without grouping, `true`/`false`. Built once per field, applied to every row.
struct CellCaster {
    private enum Grouping {
        case none
        /// Spaces, no-break spaces and narrow no-break spaces.
        case spaces
        case byte(UInt8)
    }

    let type: FieldType
    /// Interned like their tokens (`FormatTable`), so that a caster holds no reference to count.
    private let formats: UnsafeBufferPointer<DateFormat>
    let decimal: UInt8
    private let grouping: Grouping
    /// `bare_number: false`: text around a number (a unit, a word) is left out (`NumberAffixes`).
    private let bareNumber: Bool

    static let defaultDateTimeFormats = [
        "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S.%f",
        "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
        "%Y-%m-%d %H:%M",
    ]

    init(type: FieldType, format: String?, decimal: UInt8, thousands: String?, bareNumber: Bool = true) throws(DateFormat.FormatError) {
        self.type = type
        self.decimal = decimal
        self.bareNumber = bareNumber
        switch thousands {
        case nil: grouping = .none
        case " "?, "\u{A0}"?, "\u{202F}"?: grouping = .spaces
        case let text?: grouping = .byte(text.utf8.first!)
        }
        switch type {
        case .date:
            let text = format ?? "%Y-%m-%d"
            formats = FormatTable.shared.intern(formats: [text], [try DateFormat(text)])
        case .yearmonth:
            // Without a format, a month, or a date as workbooks give their cells (`2025-03-01`).
            let texts = format.map { [$0] } ?? ["%Y-%m", "%Y-%m-%d"]
            formats = FormatTable.shared.intern(formats: texts, try texts.map { text throws(DateFormat.FormatError) in try DateFormat(text) })
        case .datetime:
            let texts = format.map { [$0] } ?? Self.defaultDateTimeFormats
            var compiled: [DateFormat] = []
            for text in texts { compiled.append(try DateFormat(text)) }
            formats = FormatTable.shared.intern(formats: texts, compiled)
        default: formats = UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    /// Appends the published text of `input` (already trimmed, not missing) to `out`.
    /// Returns how it is written, or nil when the value is not of the field's type.
    @inline(__always)
    func cast(_ input: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) -> CellKind? {
        switch type {
        case .string:
            out.append(input)
            return .string
        case .integer, .number:
            guard bareNumber else {
                guard let number = NumberAffixes.number(in: input, decimal: decimal) else { return nil }
                return castNumber(number, into: out, integer: type == .integer) ? .number : nil
            }
            return castNumber(input, into: out, integer: type == .integer) ? .number : nil
        case .year:
            guard input.count == 4, input.allSatisfy({ $0 &- 48 < 10 }) else { return nil }
            out.append(input)
            return .number
        case .boolean:
            guard let value = Self.boolean(input) else { return nil }
            out.append(value ? "true" : "false")
            return .boolean
        case .date:
            guard let parts = formats[0].parse(input) else { return nil }
            parts.writeDate(into: out)
            return .string
        case .datetime, .yearmonth:
            // The first of the formats that reads the value.
            for format in formats {
                if let parts = format.parse(input) {
                    if type == .datetime { parts.writeDateTime(into: out) } else { parts.writeYearMonth(into: out) }
                    return .string
                }
            }
            return nil
        }
    }

    /// true/false, yes/no, oui/non, vrai/faux, 1/0, in any case.
    static func boolean(_ input: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard input.count <= 5 else { return nil }
        var word: UInt64 = 0
        for byte in input {
            let lower = (byte >= 65 && byte <= 90) ? byte + 32 : byte
            word = word << 8 | UInt64(lower)
        }
        switch word {
        case pack("true"), pack("yes"), pack("oui"), pack("vrai"), pack("1"), pack("o"), pack("y"): return true
        case pack("false"), pack("no"), pack("non"), pack("faux"), pack("0"), pack("n"): return false
        default: return nil
        }
    }

    private static func pack(_ text: StaticString) -> UInt64 {
        var word: UInt64 = 0
        for index in 0..<text.utf8CodeUnitCount { word = word << 8 | UInt64(text.utf8Start[index]) }
        return word
    }

    /// Signed digits with optional grouping, decimal part and exponent, written back in JSON's number syntax.
    /// A negative may also be written as accounting and SAP exports write it: `(1 234,56)`, `1 234,56-`.
    private func castNumber(_ whole: UnsafeBufferPointer<UInt8>, into out: ByteBuffer, integer: Bool) -> Bool {
        let start = out.count
        var input = whole
        var index = 0
        guard whole.count > 0 else { return false }
        if let inner = Self.accountingNegative(whole) {
            input = inner
            out.append(UInt8(ascii: "-"))
        }
        let count = input.count
        if start != out.count {
            // `(−12)`, `-12-`: two signs.
            guard input[0] &- 48 < 10 || input[0] == decimal else {
                out.truncate(to: start)
                return false
            }
        } else if input[0] == UInt8(ascii: "-") || input[0] == UInt8(ascii: "+") {
            if input[0] == UInt8(ascii: "-") { out.append(UInt8(ascii: "-")) }
            index = 1
        } else if input[0] == 0xE2, count > 3, input[1] == 0x88, input[2] == 0x92 {
            // U+2212 MINUS SIGN, as typeset tables and French office suites write it.
            out.append(UInt8(ascii: "-"))
            index = 3
        }
        var integerDigits = 0
        var significant = 0
        var fractionDigits = 0
        var sawDecimal = false
        while index < count {
            let byte = input[index]
            if byte &- 48 < 10 {
                if sawDecimal {
                    out.append(byte)
                    fractionDigits += 1
                } else {
                    integerDigits += 1
                    if byte != 48 || significant > 0 {
                        out.append(byte)
                        significant += 1
                    }
                }
                index += 1
                continue
            }
            if !sawDecimal, integerDigits > 0, let skip = groupingLength(input, at: index) {
                index += skip
                continue
            }
            if byte == decimal, !sawDecimal, !integer {
                if significant == 0 { out.append(48) }
                out.append(UInt8(ascii: "."))
                sawDecimal = true
                index += 1
                continue
            }
            if (byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")), !integer, integerDigits + fractionDigits > 0 {
                return appendExponent(input, from: index + 1, into: out, start: start, significant: significant, sawDecimal: sawDecimal, fractionDigits: fractionDigits)
            }
            out.truncate(to: start)
            return false
        }
        return finishNumber(out, start: start, significant: significant, sawDecimal: sawDecimal,
                            fractionDigits: fractionDigits, anyDigits: integerDigits + fractionDigits > 0, integer: integer)
    }

    /// The digits of a negative written `(12,50)` or `12,50-` (a minus right after the last digit),
    /// without the parentheses or the minus; nil for any other value.
    @inline(__always)
    static func accountingNegative(_ input: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let count = input.count
        guard count >= 2 else { return nil }
        let last = input[count - 1]
        if last == UInt8(ascii: "-"), input[count - 2] &- 48 < 10 {
            return UnsafeBufferPointer(rebasing: input[0..<(count - 1)])
        }
        if last == UInt8(ascii: ")"), count >= 3, input[0] == UInt8(ascii: "(") {
            return UnsafeBufferPointer(rebasing: input[1..<(count - 1)])
        }
        return nil
    }

    private func finishNumber(_ out: ByteBuffer, start: Int, significant: Int, sawDecimal: Bool,
                              fractionDigits: Int, anyDigits: Bool, integer: Bool) -> Bool {
        guard anyDigits, !(sawDecimal && fractionDigits == 0), !integer || significant <= 18,
              significant + fractionDigits < 300 || Self.fitsDouble(out, from: start) else {
            out.truncate(to: start)
            return false
        }
        if significant == 0, !sawDecimal {
            // Only zeros: write a single 0, without a sign.
            out.truncate(to: start)
            out.append(48)
        }
        return true
    }

    private func appendExponent(_ input: UnsafeBufferPointer<UInt8>, from position: Int, into out: ByteBuffer,
                                start: Int, significant: Int, sawDecimal: Bool, fractionDigits: Int) -> Bool {
        if sawDecimal, fractionDigits == 0 {
            out.truncate(to: start)
            return false
        }
        if significant == 0, !sawDecimal { out.append(48) }
        out.append(UInt8(ascii: "e"))
        var index = position
        if index < input.count, input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") {
            out.append(input[index])
            index += 1
        }
        let digitsStart = index
        while index < input.count, input[index] &- 48 < 10 {
            out.append(input[index])
            index += 1
        }
        guard index == input.count, index > digitsStart, index - digitsStart <= 4,
              index - digitsStart < 3 && significant + fractionDigits < 200 || Self.fitsDouble(out, from: start) else {
            out.truncate(to: start)
            return false
        }
        return true
    }

    /// Whether the number written from `start` is within a double's range: `2e308` is read as
    /// infinity and `1e-400` as zero by the programs reusers open the files with, so neither is
    /// published. Only asked of long digit runs and exponents of three digits, so not per cell.
    static func fitsDouble(_ out: ByteBuffer, from start: Int) -> Bool {
        var text = Array(out.elements[start...])
        text.append(0)
        errno = 0
        let value = text.withUnsafeBufferPointer { strtod(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), nil) }
        return errno != ERANGE && value.isFinite
    }

    /// The length of a grouping separator at `index`, if there is one.
    @inline(__always)
    private func groupingLength(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        switch grouping {
        case .none:
            return nil
        case .byte(let separator):
            return input[index] == separator ? 1 : nil
        case .spaces:
            let byte = input[index]
            if byte == 0x20 { return 1 }
            if byte == 0xC2, index + 1 < input.count, input[index + 1] == 0xA0 { return 2 }
            if byte == 0xE2, index + 2 < input.count, input[index + 1] == 0x80, input[index + 2] == 0xAF { return 3 }
            return nil
        }
    }
}
