import Foundation
internal import CCurl

/// One libcurl easy handle: the only place that touches libcurl's C types.
/// Not thread-safe on purpose; each fetch makes its own.
final class Curl {
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// What a transfer's callbacks collect. Lives as long as the transfer.
    final class Transfer {
        let output: Int32
        let maxSize: Int64
        var received: Int64 = 0
        var status = 0
        var headers: [String: String] = [:]
        /// Set when a callback stopped the transfer on purpose.
        var abort: FetchError.Cause?
        var onBody: ((UnsafeRawBufferPointer) -> FetchError.Cause?)?

        init(output: Int32, maxSize: Int64) {
            self.output = output
            self.maxSize = maxSize
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

    static var version: String { String(cString: curl_version()) }

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

    /// Runs the transfer, streaming the body to `transfer.output`.
    func perform(_ transfer: Transfer) throws(CurlCode) {
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, &errorBuffer))
        try curlCheck(kiosque_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, Curl.writeBody))
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try curlCheck(kiosque_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, Curl.readHeader))
        try curlCheck(kiosque_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
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

    private static let writeBody: kiosque_curl_data_callback = { pointer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        if transfer.status >= 400 {
            transfer.abort = .httpStatus(transfer.status)
            return 0
        }
        transfer.received += Int64(length)
        if transfer.received > transfer.maxSize {
            transfer.abort = .tooLarge(transfer.maxSize)
            return 0
        }
        guard let pointer else { return length }
        let body = UnsafeRawBufferPointer(start: pointer, count: length)
        if let check = transfer.onBody, let cause = check(body) {
            transfer.abort = cause
            return 0
        }
        var written = 0
        while written < length {
            let result = Glibc.write(transfer.output, pointer + written, length - written)
            if result < 0 {
                if errno == EINTR { continue }
                transfer.abort = .localFile(String(cString: strerror(errno)))
                return 0
            }
            written += result
        }
        return length
    }

    private static let readHeader: kiosque_curl_data_callback = { pointer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let pointer else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new response (after a redirect or a 100 Continue): forget the previous one's headers.
            transfer.headers = [:]
            let parts = line.split(separator: " ", maxSplits: 2)
            transfer.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            transfer.headers[name] = value
        }
        return length
    }
}
