import CByteScan

/// Control characters a text cell should not hold: below 0x20 but tab, line feed and carriage
/// return, and 0x7F. A damaged or pasted export carries them (`\x01`, an escape sequence's
/// `\x1b`, JSON's `\u0000`); they are published as they are, and the run says which field holds
/// them, since spreadsheets and some loaders misread them.
enum ControlCharacters {
    static func isControl(_ scalar: UInt32) -> Bool {
        (scalar < 0x20 && scalar != 0x09 && scalar != 0x0A && scalar != 0x0D) || scalar == 0x7F
    }

    /// Whether `bytes` hold one, looked for 16 bytes at a time.
    @inline(__always)
    static func occur(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return kq_find_control(base, bytes.count) < bytes.count
    }
}
