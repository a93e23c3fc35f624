import Foundation
/// A source that cannot be read as declared. Messages say where (line, byte) and what to do;
/// they never quote the source's content, which may be personal.
public struct DecodeError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Bounds that keep a hostile or broken source from taking all memory or stack.
enum DecodeLimits {
    /// The most bytes one record (a CSV row, a JSON record) may hold.
    static let recordBytes = 64 << 20
    /// The most cells a record may have.
    static let columns = 100_000
    /// How deep JSON may nest inside a record.
    static let depth = 256
}
