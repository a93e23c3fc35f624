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
