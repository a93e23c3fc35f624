import Foundation
internal import CCurl

/// A source body downloaded to a temporary file, and what the server said about it.
public struct FetchedBody: Sendable {
    public var file: URL
    public var bytes: Int64
    public var contentType: String?
    /// The URL after redirects.
    public var finalURL: String
}

/// Downloads a recipe's source through libcurl into a temporary file, never holding the body in memory.
public struct Fetcher: Sendable {
    public static let userAgent = "kiosque/\(KiosqueVersion.current) (+open data publishing)"

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The absolute URL a recipe's `source.url` designates: relative paths resolve against the recipe's folder.
    public static func resolve(_ url: String, relativeTo recipe: URL) -> String {
        if let colon = url.firstIndex(of: ":"), url[..<colon].count > 1,
           SourceLoader.schemes.contains(url[..<colon].lowercased()) {
            return url
        }
        let base = recipe.deletingLastPathComponent()
        let path = url.hasPrefix("/") ? URL(fileURLWithPath: url) : base.appendingPathComponent(url)
        return path.standardizedFileURL.absoluteString
    }

    /// Fetches `source` into a new file in `directory`.
    public func fetch(_ source: SourceSpec, recipe: URL, into directory: URL) throws(FetchError) -> FetchedBody {
        let url = Self.resolve(source.url, relativeTo: recipe)
        var headerLines: [String] = []
        for (name, value) in source.headers {
            do {
                headerLines.append("\(name): \(try EnvReference.resolve(value, environment: environment))")
            } catch {
                throw FetchError(url: url, cause: .missingVariable(error.name))
            }
        }
        let file = directory.appendingPathComponent("source-\(UUID().uuidString)")
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FetchError(url: url, cause: .localFile("cannot create a temporary file in \(directory.path): \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        let transfer = Curl.Transfer(output: descriptor, maxSize: source.maxSize)
        do {
            let curl = try Curl()
            try curl.set(CURLOPT_URL, url)
            try curl.set(CURLOPT_PROTOCOLS_STR, "http,https,ftp,ftps,file")
            try curl.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp,ftps")
            try curl.set(CURLOPT_FOLLOWLOCATION, 1)
            try curl.set(CURLOPT_MAXREDIRS, 5)
            try curl.set(CURLOPT_NOSIGNAL, 1)
            try curl.set(CURLOPT_TIMEOUT_MS, Int(source.timeout * 1000))
            try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(min(source.connectTimeout, source.timeout) * 1000))
            try curl.set(CURLOPT_MAXFILESIZE_LARGE, source.maxSize)
            try curl.set(CURLOPT_USERAGENT, Self.userAgent)
            try curl.set(CURLOPT_ACCEPT_ENCODING, "")
            try curl.set(CURLOPT_SSL_VERIFYPEER, 1)
            try curl.set(CURLOPT_SSL_VERIFYHOST, 2)
            try curl.setHeaders(headerLines)
            do {
                try curl.perform(transfer)
            } catch {
                if let cause = transfer.abort { throw FetchError(url: url, cause: cause) }
                if error.rawValue == CURLE_FILESIZE_EXCEEDED.rawValue { throw FetchError(url: url, cause: .tooLarge(source.maxSize)) }
                if error.isTimeout { throw FetchError(url: url, cause: .timeout(source.timeout)) }
                if error.rawValue == CURLE_FILE_COULDNT_READ_FILE.rawValue {
                    throw FetchError(url: url, cause: .localFile("cannot read the file; check source url (relative paths start from the recipe's folder)"))
                }
                throw FetchError(url: url, cause: .transport(error.description))
            }
            let status = curl.responseCode
            if status >= 400 { throw FetchError(url: url, cause: .httpStatus(status)) }
            if fsync(descriptor) != 0 {
                throw FetchError(url: url, cause: .localFile("cannot write the temporary file: \(String(cString: strerror(errno)))"))
            }
            return FetchedBody(file: file, bytes: transfer.received, contentType: transfer.headers["content-type"],
                               finalURL: curl.effectiveURL ?? url)
        } catch let error as FetchError {
            try? FileManager.default.removeItem(at: file)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw FetchError(url: url, cause: .transport("\(error)"))
        }
    }
}
