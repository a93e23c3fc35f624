extension CellCaster {
    /// The cast of a value `cast` refused, read again with Arabic-script numerals in ASCII
    /// (`ArabicNumerals`), or a boolean written in Arabic (`نعم`, `لا`); nil when it holds neither.
    /// Only refused values pay for this: the row path is unchanged for every other.
    func castArabic(_ input: UnsafeBufferPointer<UInt8>, into out: ByteBuffer, scratch: ByteBuffer) -> CellKind? {
        if type == .boolean, let value = Self.arabicBoolean(input) {
            out.append(value ? "true" : "false")
            return .boolean
        }
        guard type != .string, type != .boolean, ArabicNumerals.occur(in: input) else { return nil }
        ArabicNumerals.western(input, decimal: decimal, into: scratch)
        let start = out.count
        if let kind = cast(scratch.elements, into: out) { return kind }
        out.truncate(to: start)
        return nil
    }

    /// نعم (yes) and لا (no).
    static func arabicBoolean(_ input: UnsafeBufferPointer<UInt8>) -> Bool? {
        if input.elementsEqual("نعم".utf8) { return true }
        if input.elementsEqual("لا".utf8) { return false }
        return nil
    }
}
