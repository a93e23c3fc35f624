import Foundation
/// Why a source could not be fetched. The message names the URL and the cause, and never a header value.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public enum Cause: Sendable, Equatable {
        case httpStatus(Int)
        case tooLarge(Int64)
        case transport(String)
        case timeout(Double)
        case localFile(String)
        case missingVariable(String)
        case unsupported(String)
    }

    public var url: String
    public var cause: Cause

    public var description: String {
        switch cause {
        case .httpStatus(let status):
            let hint = status == 404 ? "check the url" : status == 401 || status == 403 ? "check the credentials in headers" : "try again later or ask the source's administrator"
            return "\(url): the server answered HTTP \(status); \(hint)"
        case .tooLarge(let limit):
            return "\(url): the body is larger than max_size (\(limit) bytes); raise source max_size if the file really is that big"
        case .transport(let message):
            return "\(url): \(message)"
        case .timeout(let seconds):
            return "\(url): no complete answer within \(Self.format(seconds)); raise source timeout or try again later"
        case .localFile(let message):
            return "\(url): \(message)"
        case .missingVariable(let name):
            return "\(url): the environment variable \(name) named in headers is not set; export it before running kiosque"
        case .unsupported(let message):
            return "\(url): \(message)"
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
