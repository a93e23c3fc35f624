/// A JSON number with a whole value written with a fraction or an exponent (`12.0`, `1e2`,
/// `1.5E3`), as JavaScript, pandas (an integer column with a gap becomes floats) and many APIs
/// write counts. An `integer` field takes it as the whole number it is, as Frictionless reads a
/// native float that `is_integer()`; text in a CSV cell (`12.0`) stays refused, as there.
extension CellCaster {
    /// Appends the whole number `input` denotes (`12`, `100`, `1500`) and returns true, or appends
    /// nothing and returns false when it has a fractional part or more than 18 digits. Asked only
    /// of JSON numbers the plain integer cast refused, so never on the row path of valid data.
    static func integralNumber(_ input: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) -> Bool {
        // JSON's syntax: digits on both sides of a point (`1.` and `-.5` are not numbers).
        if let point = input.firstIndex(of: UInt8(ascii: ".")) {
            guard point > 0, input[point - 1] &- 48 < 10, point + 1 < input.count, input[point + 1] &- 48 < 10 else { return false }
        }
        // A double's exponents (a zero written `0e300` is still zero); past them, no whole number fits.
        guard let number = PositionalDigits(Array(input), exponentDigits: 1...6, maxExponent: 400),
              number.fraction.isEmpty, number.whole.count <= 18 else { return false }
        if number.negative, number.whole != [UInt8(ascii: "0")] { out.append(UInt8(ascii: "-")) }
        number.whole.withUnsafeBufferPointer { out.append($0) }
        return true
    }
}
