/// A JSON number with a whole value written with a fraction or an exponent (`12.0`, `1e2`,
/// `1.5E3`), as JavaScript, pandas (an integer column with a gap becomes floats) and many APIs
/// write counts. An `integer` field takes it as the whole number it is, as Frictionless reads a
/// native float that `is_integer()`; text in a CSV cell (`12.0`) stays refused, as there.
extension CellCaster {
    /// Appends the whole number `input` denotes (`12`, `100`, `1500`) and returns true, or appends
    /// nothing and returns false when it has a fractional part or more than 18 digits. Asked only
    /// of JSON numbers the plain integer cast refused, so never on the row path of valid data.
    static func integralNumber(_ input: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) -> Bool {
        var index = 0
        let count = input.count
        var negative = false
        if index < count, input[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        // The mantissa's digits, with where its point falls among them.
        var digits: [UInt8] = []
        var point: Int?
        while index < count {
            let byte = input[index]
            if byte &- 48 < 10 {
                digits.append(byte)
            } else if byte == UInt8(ascii: "."), point == nil {
                point = digits.count
            } else {
                break
            }
            index += 1
        }
        // JSON's syntax: digits on both sides of a point.
        guard !digits.isEmpty, point.map({ $0 > 0 && $0 < digits.count }) ?? true else { return false }
        var exponent = 0
        if index < count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            index += 1
            var sign = 1
            if index < count, input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") {
                if input[index] == UInt8(ascii: "-") { sign = -1 }
                index += 1
            }
            let start = index
            while index < count, input[index] &- 48 < 10, index - start < 6 {
                exponent = exponent * 10 + Int(input[index] - 48)
                index += 1
            }
            guard index > start else { return false }
            exponent *= sign
        }
        guard index == count else { return false }
        // The value is digits × 10^(exponent − fraction digits): whole when every digit past the
        // shifted point is zero.
        let wholeDigits = (point ?? digits.count) + exponent
        let kept = max(0, min(wholeDigits, digits.count))
        guard digits[kept...].allSatisfy({ $0 == 48 }) else { return false }
        var whole = Array(digits[..<kept].drop { $0 == 48 })
        if !whole.isEmpty, wholeDigits > digits.count {
            guard wholeDigits - digits.count <= 18 else { return false }
            whole += repeatElement(48, count: wholeDigits - digits.count)
        }
        guard whole.count <= 18 else { return false }
        if whole.isEmpty {
            out.append(48)
            return true
        }
        if negative { out.append(UInt8(ascii: "-")) }
        whole.withUnsafeBufferPointer { out.append($0) }
        return true
    }
}
