import Foundation
internal import CCurl

/// One libcurl easy handle: the only place that touches libcurl's C types.
/// Not thread-safe on purpose; each request makes its own.
final class Curl {
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// What a transfer's callbacks collect. Lives as long as the transfer.
    final class Transfer {
        let sink: BodySink
        var status = 0
        var headers: [String: String] = [:]
        /// Set when a callback stopped the transfer on purpose.
        var abort: FetchError.Cause?
        /// Called as bytes arrive; false stops the transfer.
        var onProgress: ((Int64, Int64) -> Bool)?
        private var startedBody = false

        init(sink: BodySink) {
            self.sink = sink
        }

        fileprivate func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
            if status >= 400 {
                abort = .httpStatus(status, retryAfter: headers["retry-after"])
                return false
            }
            if !startedBody {
                startedBody = true
                sink.declaredHTML = headers["content-type"]?.lowercased().contains("text/html") == true
            }
            if let cause = sink.consume(bytes) {
                abort = cause
                return false
            }
            return true
        }

        fileprivate func header(_ line: String) {
            if line.hasPrefix("HTTP/") {
                // A new response (after a redirect or a 100 Continue): forget the previous one's headers.
                headers = [:]
                let parts = line.split(separator: " ", maxSplits: 2)
                status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
    }

    private let handle: UnsafeMutableRawPointer
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init() throws(CurlCode) {
        guard Self.globalInit, let handle = curl_easy_init() else { throw CurlCode(CURLE_FAILED_INIT) }
        self.handle = handle
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_easy_cleanup(handle)
    }

    /// The CA bundle libcurl uses by default, to which a recipe's `ca_file` is added.
    static var defaultCABundle: String? {
        guard let info = kiosque_curl_version_info(), let path = info.pointee.cainfo else { return nil }
        return String(cString: path)
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlCode) {
        try curlCheck(kiosque_curl_setopt_long(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: Int64) throws(CurlCode) {
        try curlCheck(kiosque_curl_setopt_off(handle, option, curl_off_t(value)))
    }

    /// libcurl copies string options, so the Swift string need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(CurlCode) {
        try curlCheck(kiosque_curl_setopt_string(handle, option, value))
    }

    func setHeaders(_ lines: [String]) throws(CurlCode) {
        curl_slist_free_all(headerList)
        headerList = nil
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else { throw CurlCode(CURLE_OUT_OF_MEMORY) }
            headerList = list
        }
        try curlCheck(kiosque_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
    }

    /// Runs the transfer, the body going to `transfer.sink`.
    func perform(_ transfer: Transfer) throws(CurlCode) {
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, &errorBuffer))
        try curlCheck(kiosque_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, Curl.writeBody))
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try curlCheck(kiosque_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, Curl.readHeader))
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        if transfer.onProgress != nil {
            try curlCheck(kiosque_curl_setopt_xferinfo_callback(handle, Curl.progress))
            try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))
            try set(CURLOPT_NOPROGRESS, 0)
        }
        errorBuffer[0] = 0
        let code = withExtendedLifetime(transfer) { curl_easy_perform(handle) }
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil))
        try errorBuffer.withUnsafeMutableBufferPointer { buffer throws(CurlCode) in
            try curlCheck(code, buffer.baseAddress)
        }
    }

    var responseCode: Int {
        var code = 0
        _ = kiosque_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    var effectiveURL: String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard kiosque_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Where a redirect not followed points, made absolute by libcurl.
    var redirectURL: String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard kiosque_curl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    private static let writeBody: kiosque_curl_data_callback = { pointer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let pointer, length > 0 else { return length }
        return transfer.body(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
    }

    private static let readHeader: kiosque_curl_data_callback = { pointer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let pointer else { return length }
        transfer.header(String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines))
        return length
    }

    private static let progress: kiosque_curl_xferinfo_callback = { context, total, now, _, _ in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        return transfer.onProgress?(Int64(now), Int64(total)) == false ? 1 : 0
    }
}
