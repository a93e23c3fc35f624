import Foundation
import Logging
internal import CCurl

/// A source body downloaded to a temporary file, and what the server said about it.
public struct FetchedBody: Sendable {
    public var file: URL
    /// Bytes written to the file (after any decompression).
    public var bytes: Int64
    /// The HTTP status, or 0 for file: and ftp: URLs.
    public var status: Int
    public var contentType: String?
    /// The URL after redirects.
    public var finalURL: String
    public var etag: String?
    public var lastModified: String?
    /// A fast fingerprint of the file's bytes (not a checksum to publish).
    public var fingerprint: String
    /// The source itself was a gzip file, decompressed on the way.
    public var wasGzipFile: Bool
    /// The member of a ZIP archive that `file` holds, taken out of it (see `ZipArchive`).
    public var member: String? = nil
    /// The sheet of an .xlsx workbook that `file` holds as CSV (see `Workbook`), and every sheet
    /// of the workbook, in order (describe lists them).
    public var sheet: String? = nil
    public var sheets: [String] = []
    /// Which kind of workbook the sheet came from: `.xlsx` or `.ods`.
    public var workbookFormat: SourceFormat? = nil
    /// Set when `file` is a local source read where it is, not a copy: it must never be changed or
    /// removed, and it must still have this stamp once read, or it changed under the run.
    var inPlace: LocalSource.Stamp? = nil
}

/// Downloads sources through libcurl into temporary files, never holding a body in memory:
/// retries with backoff, conditional requests, integrity checks, TLS always verified.
struct Fetcher {
    static let userAgent = "kiosque/\(KiosqueVersion.current) (+https://github.com/kiosque; open data publishing)"

    enum Result {
        case notModified
        case body(FetchedBody)
    }

    /// One request's outcome: a result, or a redirect not followed by libcurl.
    private enum Hop {
        case result(Result)
        case redirect(String)
    }

    static let maximumRedirects = 5

    let source: SourceSpec
    /// The recipe's folder: relative paths and `ca_file` start here.
    let recipeFolder: URL
    let environment: [String: String]
    let logger: Logger
    let progress: ProgressDisplay?
    /// Where the temporary files go.
    let directory: URL
    /// The recipe file and the folders `file:` sources may come from.
    var recipe: URL?
    var allowedRoots: [URL] = []
    /// `describe`: a body over `max_size` is kept, cut at the limit, instead of failing.
    var sampleOnly = false
    /// Whether the errors' hints speak of the recipe and the next run (`run`) or of the URL alone
    /// (`describe`, which has neither).
    var forRecipe = true

    /// The absolute URL a recipe's `source.url` designates: relative paths resolve against the recipe's folder.
    static func resolve(_ url: String, relativeTo folder: URL) -> String {
        if let colon = url.firstIndex(of: ":"), url[..<colon].count > 1,
           SourceLoader.schemes.contains(url[..<colon].lowercased()) {
            return url
        }
        let path = url.hasPrefix("/") ? URL(fileURLWithPath: url) : folder.appendingPathComponent(url)
        return path.standardizedFileURL.absoluteString
    }

    /// Fetches `url`, trying again on transient failures; `conditional` makes it a conditional request.
    func fetch(_ url: String, conditional: SourceValidators? = nil) throws(FetchError) -> Result {
        do {
            return try fetchTrying(url, conditional: conditional)
        } catch {
            var worded = error
            worded.forRecipe = forRecipe
            throw worded
        }
    }

    private func fetchTrying(_ url: String, conditional: SourceValidators?) throws(FetchError) -> Result {
        if let recipe, url.lowercased().hasPrefix("file:"), let path = URL(string: url).map({ URL(fileURLWithPath: $0.path) }),
           !LocalSource.isAllowedAfterLinks(path, recipe: recipe, roots: allowedRoots) {
            throw FetchError(url: url, cause: .outsideAllowedFolders(path.path))
        }
        // A local file is read where it is (the copy took longer than the rest of the start of a run);
        // `describe` cuts its sample file, so it always works on a copy.
        if !sampleOnly, url.lowercased().hasPrefix("file:"), let path = URL(string: url).map({ URL(fileURLWithPath: $0.path) }) {
            let started = Date()
            do {
                if let body = try LocalSource.readInPlace(path, url: url, maxSize: source.maxSize) {
                    logRequest(url, result: .body(body), attempt: 1, started: started)
                    return .body(body)
                }
            } catch {
                logger.info("GET \(Redaction.url(url)) failed: \(error.cause.reason)",
                            metadata: requestMetadata(url, started: started, attempt: 1, failure: error.cause))
                throw error
            }
        }
        let policy = RetryPolicy(retries: source.retries)
        let headers = try headerLines(for: url)
        let caBundle = try caBundle(for: url)
        var attempt = 0
        while true {
            attempt += 1
            let started = Date()
            do {
                let result = try attemptOnce(url, headers: headers, caBundle: caBundle, conditional: conditional)
                logRequest(url, result: result, attempt: attempt, started: started)
                return result
            } catch {
                guard let delay = policy.delay(after: error.cause, attempt: attempt) else {
                    logger.info("GET \(error.url) failed: \(error.cause.reason)",
                                metadata: requestMetadata(url, started: started, attempt: attempt, failure: error.cause))
                    var final = error
                    final.attempts = attempt
                    throw final
                }
                logger.info("GET \(error.url) attempt \(attempt) of \(source.retries + 1) failed: \(error.cause.reason); retrying in \(String(format: "%.1f", delay))s",
                            metadata: requestMetadata(url, started: started, attempt: attempt, failure: error.cause))
                do {
                    try Interruption.sleep(delay)
                } catch {
                    throw FetchError(url: url, cause: .interrupted(error.signal), attempts: attempt)
                }
            }
        }
    }

    private func headerLines(for url: String) throws(FetchError) -> [String] {
        var lines: [String] = []
        for (name, value) in source.headers {
            do {
                lines.append("\(name): \(try EnvReference.resolve(value, environment: environment))")
            } catch {
                throw FetchError(url: url, cause: .missingVariable(error.name))
            }
        }
        return lines
    }

    /// The system's CA bundle with the recipe's `ca_file` added, written once per fetcher.
    private func caBundle(for url: String) throws(FetchError) -> String? {
        guard let caFile = source.caFile, let extra = source.caFileURL(recipeFolder: recipeFolder) else { return nil }
        guard let added = FileManager.default.contents(atPath: extra.path), !added.isEmpty else {
            throw FetchError(url: url, cause: .localFile("ca_file \(caFile) cannot be read; give a PEM file, relative to the recipe's folder"))
        }
        var bundle = Curl.defaultCABundle.flatMap { FileManager.default.contents(atPath: $0) } ?? Data()
        bundle.append(Data("\n".utf8))
        bundle.append(added)
        let path = directory.appendingPathComponent("ca-bundle.pem")
        do {
            try bundle.write(to: path)
        } catch {
            throw FetchError(url: url, cause: .localFile("cannot write the CA bundle in \(directory.path)"))
        }
        return path.path
    }

    /// One attempt at `url`, redirects included. libcurl follows them itself unless the recipe sets
    /// headers: it keeps sending custom headers (an `X-Api-Key`) to whatever host a redirect names,
    /// and only drops `Authorization` and cookies. With headers, each redirect is followed here, and
    /// the recipe's headers go only to the origin (scheme, host and port) of the recipe's URL, also
    /// when an API's next link names another host.
    private func attemptOnce(_ url: String, headers: [String], caBundle: String?, conditional: SourceValidators?) throws(FetchError) -> Result {
        if headers.isEmpty {
            guard case .result(let result) = try request(url, headers: [], follow: true, caBundle: caBundle, conditional: conditional) else {
                throw FetchError(url: url, cause: .tooManyRedirects)
            }
            return result
        }
        let home = Self.resolve(source.url, relativeTo: recipeFolder)
        var current = url
        for _ in 0...Self.maximumRedirects {
            let kept = Self.sameOrigin(current, home)
            let hop: Hop
            do {
                hop = try request(current, headers: kept ? headers : [], follow: false, caBundle: caBundle, conditional: conditional)
            } catch {
                var failure = error
                if !kept { failure.headersWithheld = URLComponents(string: home)?.host ?? "" }
                throw failure
            }
            switch hop {
            case .result(let result):
                return result
            case .redirect(let location):
                guard let scheme = URL(string: location)?.scheme?.lowercased(), ["http", "https", "ftp", "ftps"].contains(scheme) else {
                    throw FetchError(url: url, cause: .unsupported("a redirect points to \(Redaction.url(location)), whose scheme is not allowed here"))
                }
                current = location
            }
        }
        throw FetchError(url: url, cause: .tooManyRedirects)
    }

    /// Scheme, host and port: where a recipe's headers may go.
    static func sameOrigin(_ a: String, _ b: String) -> Bool {
        func origin(_ text: String) -> (String, String, Int)? {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                  let host = components.host?.lowercased() else { return nil }
            let port = components.port ?? ["http": 80, "https": 443, "ftp": 21, "ftps": 990][scheme] ?? -1
            return (scheme, host, port)
        }
        guard let first = origin(a), let second = origin(b) else { return false }
        return first == second
    }

    private func request(_ url: String, headers: [String], follow: Bool, caBundle: String?, conditional: SourceValidators?) throws(FetchError) -> Hop {
        let file = directory.appendingPathComponent("body-\(UUID().uuidString)")
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FetchError(url: url, cause: .localFile("cannot create a temporary file in \(directory.path): \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        let path = URL(string: url)?.path ?? url
        let sink = BodySink(descriptor: descriptor, maxSize: source.maxSize, gzipByName: path.lowercased().hasSuffix(".gz"))
        let transfer = Curl.Transfer(sink: sink)
        let started = Date()
        let label = URL(string: url)?.lastPathComponent ?? "download"
        let progress = self.progress
        // Always watched: the callback is also how a signal stops a transfer.
        transfer.onProgress = { now, total in
            if let progress, now > 0 { progress.update(label: label, bytes: now, total: total, started: started) }
            return !Interruption.requested
        }
        defer { progress?.clear() }
        do {
            let curl = try Curl()
            try configure(curl, url: url, headers: headers, follow: follow, caBundle: caBundle, conditional: conditional)
            do {
                try curl.perform(transfer)
            } catch {
                let cause = transfer.abort ?? Self.cause(of: error, transfer: transfer, source: source)
                if sampleOnly, case .tooLarge = cause {
                    return .result(.body(FetchedBody(file: file, bytes: sink.written, status: curl.responseCode, contentType: transfer.headers["content-type"],
                                             finalURL: curl.effectiveURL ?? url, etag: nil, lastModified: nil, fingerprint: "",
                                             wasGzipFile: sink.isGzipFile)))
                }
                throw FetchError(url: url, cause: cause)
            }
            let status = curl.responseCode
            if !follow, [301, 302, 303, 307, 308].contains(status), let location = curl.redirectURL {
                try? FileManager.default.removeItem(at: file)
                return .redirect(location)
            }
            if status == 304, conditional != nil {
                try? FileManager.default.removeItem(at: file)
                return .result(.notModified)
            }
            if status >= 400 { throw FetchError(url: url, cause: .httpStatus(status, retryAfter: transfer.headers["retry-after"])) }
            if let cause = sink.finish() { throw FetchError(url: url, cause: cause) }
            // Not synced: the body is read back from the page cache and deleted with the run's
            // temporary folder, so a run shorter than the kernel's writeback delay never writes it
            // to disk at all. Nothing is published from it before the rows are read and checked.
            return .result(.body(FetchedBody(file: file, bytes: sink.written, status: status, contentType: transfer.headers["content-type"],
                                             finalURL: curl.effectiveURL ?? url, etag: transfer.headers["etag"],
                                             lastModified: transfer.headers["last-modified"], fingerprint: sink.digest(),
                                             wasGzipFile: sink.isGzipFile)))
        } catch let error as FetchError {
            try? FileManager.default.removeItem(at: file)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw FetchError(url: url, cause: .transport("\(error)", transient: false))
        }
    }

    private func configure(_ curl: Curl, url: String, headers: [String], follow: Bool, caBundle: String?, conditional: SourceValidators?) throws(CurlCode) {
        try curl.set(CURLOPT_URL, url)
        try curl.set(CURLOPT_PROTOCOLS_STR, "http,https,ftp,ftps,file")
        try curl.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp,ftps")
        try curl.set(CURLOPT_FOLLOWLOCATION, follow ? 1 : 0)
        try curl.set(CURLOPT_MAXREDIRS, Self.maximumRedirects)
        try curl.set(CURLOPT_NOSIGNAL, 1)
        // 512 KiB per read instead of 16 KiB: a local export of 65 MB took 4,000 reads and as many writes.
        try curl.set(CURLOPT_BUFFERSIZE, 512 * 1024)
        try curl.set(CURLOPT_TIMEOUT_MS, Int(source.timeout * 1000))
        try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(min(source.connectTimeout, source.timeout) * 1000))
        if !sampleOnly { try curl.set(CURLOPT_MAXFILESIZE_LARGE, source.maxSize) }
        try curl.set(CURLOPT_USERAGENT, Self.userAgent)
        // A login kept out of the recipe: ~/.netrc of the account that runs kiosque, for the hosts it
        // names; a user and password in the url come first.
        try curl.set(CURLOPT_NETRC, Int(CURL_NETRC_OPTIONAL.rawValue))
        try curl.set(CURLOPT_ACCEPT_ENCODING, "gzip, deflate")
        try curl.set(CURLOPT_SSL_VERIFYPEER, 1)
        try curl.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle { try curl.set(CURLOPT_CAINFO, caBundle) }
        var lines = headers
        if let conditional {
            if let etag = conditional.etag { lines.append("If-None-Match: \(etag)") }
            if let modified = conditional.lastModified { lines.append("If-Modified-Since: \(modified)") }
        }
        try curl.setHeaders(lines)
    }

    private static func cause(of error: CurlCode, transfer: Curl.Transfer, source: SourceSpec) -> FetchError.Cause {
        switch CURLcode(error.rawValue) {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(source.timeout)
        case CURLE_FILESIZE_EXCEEDED:
            return .tooLarge(source.maxSize)
        case CURLE_PARTIAL_FILE:
            return .truncated(received: transfer.sink.received, announced: transfer.headers["content-length"].flatMap { Int64($0) })
        case CURLE_BAD_CONTENT_ENCODING:
            return .brokenEncoding(error.description)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return .tls(error.description)
        case CURLE_FILE_COULDNT_READ_FILE:
            return .unreadableFile
        case CURLE_ABORTED_BY_CALLBACK:
            return .interrupted(Interruption.signal)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .unsupported("this URL scheme is not allowed here (\(error.description))")
        default:
            return .transport(error.description, transient: error.isTransient, hint: Self.hint(for: error))
        }
    }

    /// What a steward can do about a network failure.
    private static func hint(for error: CurlCode) -> FetchHint {
        switch CURLcode(error.rawValue) {
        case CURLE_COULDNT_RESOLVE_HOST: .checkHostName
        case CURLE_COULDNT_RESOLVE_PROXY: .checkProxy
        case CURLE_COULDNT_CONNECT: .serverUnreachable
        case CURLE_LOGIN_DENIED, CURLE_REMOTE_ACCESS_DENIED: .checkCredentials
        case CURLE_REMOTE_FILE_NOT_FOUND: .checkPath
        default: error.isTransient ? .retryLater : .checkURL
        }
    }

    private func requestMetadata(_ url: String, started: Date, attempt: Int, failure: FetchError.Cause? = nil,
                                 status: Int? = nil, bytes: Int64? = nil) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "event": "request",
            "url": .string(Redaction.url(url)),
            "ms": .number(Int(Date().timeIntervalSince(started) * 1000)),
            "attempt": .number(attempt),
        ]
        if let status { metadata["status"] = .number(status) }
        if case .httpStatus(let code, _)? = failure { metadata["status"] = .number(code) }
        if let bytes { metadata["bytes"] = .number(Int(bytes)) }
        if let failure { metadata["error"] = .string(failure.reason) }
        return metadata
    }

    private func logRequest(_ url: String, result: Result, attempt: Int, started: Date) {
        switch result {
        case .notModified:
            logger.info("GET \(Redaction.url(url)) -> 304 not modified",
                        metadata: requestMetadata(url, started: started, attempt: attempt, status: 304, bytes: 0))
        case .body(let body):
            logger.info("GET \(Redaction.url(url)) -> \(body.status == 0 ? "" : "\(body.status), ")\(body.bytes) bytes",
                        metadata: requestMetadata(url, started: started, attempt: attempt, status: body.status == 0 ? nil : body.status, bytes: body.bytes))
        }
    }
}
