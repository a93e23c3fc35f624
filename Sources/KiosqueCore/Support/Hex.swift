/// Lower-case hexadecimal, two digits a byte, as `sha256sum` prints digests. `String(format:)`
/// cost about 8,000 instructions a byte (a variadic C call and a locale each time).
enum Hex {
    /// The sixteen digits, in static memory: `digits.utf8Start[n]` is digit n.
    static let digits: StaticString = "0123456789abcdef"

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Self.digits.utf8Start
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
