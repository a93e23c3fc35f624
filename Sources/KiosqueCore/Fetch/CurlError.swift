import Foundation
internal import CCurl

/// A libcurl result code with libcurl's own explanation.
struct CurlCode: Error, Sendable, Equatable, CustomStringConvertible {
    let rawValue: UInt32
    let detail: String

    init(_ code: CURLcode, detail: String = "") {
        self.rawValue = code.rawValue
        self.detail = detail
    }

    var description: String {
        let base = String(cString: curl_easy_strerror(CURLcode(rawValue)))
        // libcurl's error buffer usually restates the code's text with the details.
        return detail.isEmpty ? base : detail.localizedCaseInsensitiveContains(base) ? detail : "\(base): \(detail)"
    }

    /// Whether trying again later may succeed (network trouble rather than a wrong request).
    var isTransient: Bool {
        switch CURLcode(rawValue) {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2,
             CURLE_HTTP2_STREAM:
            true
        default:
            false
        }
    }

    var isTimeout: Bool { CURLcode(rawValue) == CURLE_OPERATION_TIMEDOUT }

    static func == (lhs: CurlCode, rhs: CurlCode) -> Bool { lhs.rawValue == rhs.rawValue }
}

/// Turns a libcurl return code into a Swift error; every call into libcurl goes through it.
@inline(__always)
func curlCheck(_ code: CURLcode, _ errorBuffer: UnsafeMutablePointer<CChar>? = nil) throws(CurlCode) {
    guard code != CURLE_OK else { return }
    let detail = errorBuffer.map { String(cString: $0) } ?? ""
    throw CurlCode(code, detail: detail)
}
