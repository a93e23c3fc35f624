/// A number's text, with an optional sign, decimal point and exponent (`-1.5E3`, `6.25E-2`,
/// `12.0`), as the digits on either side of its point once the exponent has moved it: `1500` and
/// none, `0` and `0625`. The whole part keeps no leading zero (but is `0` when empty), the fraction
/// no trailing one. Digit for digit, never through a double, so the value stays exact.
struct PositionalDigits {
    var negative: Bool
    var whole: [UInt8]
    var fraction: [UInt8]
    /// Whether the text had an exponent (`E-2`).
    var hadExponent: Bool

    /// Nil for anything else than digits with at most one point, then an exponent of
    /// `exponentDigits` digits and at most `maxExponent` either way (a bound that also keeps a
    /// `1e999999` from asking for a million zeros).
    init?(_ value: [UInt8], exponentDigits: ClosedRange<Int>, maxExponent: Int) {
        var index = 0
        negative = value.first == UInt8(ascii: "-")
        if negative || value.first == UInt8(ascii: "+") { index = 1 }
        var digits: [UInt8] = []
        var point: Int?
        while index < value.count, value[index] | 0x20 != UInt8(ascii: "e") {
            let byte = value[index]
            if byte &- 48 < 10 {
                digits.append(byte)
            } else if byte == UInt8(ascii: "."), point == nil {
                point = digits.count
            } else {
                return nil
            }
            index += 1
        }
        guard !digits.isEmpty else { return nil }
        hadExponent = index < value.count
        var exponent = 0
        if hadExponent {
            var text = value[(index + 1)...]
            let minus = text.first == UInt8(ascii: "-")
            if minus || text.first == UInt8(ascii: "+") { text = text.dropFirst() }
            guard exponentDigits.contains(text.count), text.allSatisfy({ $0 &- 48 < 10 }) else { return nil }
            exponent = text.reduce(0) { $0 * 10 + Int($1 - 48) } * (minus ? -1 : 1)
            guard abs(exponent) <= maxExponent else { return nil }
        }
        // Where the point falls among the digits once the exponent has moved it.
        let shifted = (point ?? digits.count) + exponent
        whole = shifted <= 0 ? [] : Array(digits.prefix(shifted)) + Array(repeating: UInt8(ascii: "0"), count: max(0, shifted - digits.count))
        fraction = Array(repeating: UInt8(ascii: "0"), count: max(0, -shifted)) + Array(digits.dropFirst(max(0, shifted)))
        while whole.count > 1, whole.first == UInt8(ascii: "0") { whole.removeFirst() }
        if whole.isEmpty { whole = [UInt8(ascii: "0")] }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
    }
}
