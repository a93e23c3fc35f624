import Foundation
/// A source that cannot be read as declared. Messages say where (line, byte) and what to do;
/// they never quote the source's content, which may be personal.
public struct DecodeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The source key the message tells to change (`encoding`), for `check` to point at its line.
    public var key: String?

    public init(_ message: String, key: String? = nil) {
        self.message = message
        self.key = key
    }

    public var description: String { message }

    /// Runs `body`; a DecodeError it throws says first where it happened (`place`: a source url,
    /// a page, one of a pattern's files).
    static func located<T>(_ place: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as DecodeError {
            error.message = "\(place()): \(error.message)"
            throw error
        }
    }
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
