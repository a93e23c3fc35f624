import Foundation

/// Why a source could not be fetched. The message names the URL (without credentials) and the
/// cause, and never a header value.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public enum Cause: Sendable, Equatable {
        case httpStatus(Int, retryAfter: String?)
        case tooLarge(Int64)
        case truncated(received: Int64, announced: Int64?)
        case html
        case brokenGzip(String)
        case brokenEncoding(String)
        case transport(String, transient: Bool, hint: FetchHint = .none)
        case timeout(Double)
        case tls(String)
        case localFile(String)
        /// libcurl could not read a `file:` source (missing, or not readable).
        case unreadableFile
        case missingVariable(String)
        case tooManyRedirects
        case tooManyPages(Int)
        case interrupted(Int32)
        case outsideAllowedFolders(String)
        case unsupported(String)

        /// Whether another attempt may succeed: network trouble, 429, 5xx, a cut body.
        var isTransient: Bool {
            switch self {
            case .httpStatus(let status, _): status == 429 || status == 408 || status >= 500
            case .transport(_, let transient, _): transient
            case .timeout, .truncated: true
            default: false
            }
        }

        /// A few words for attempt logs (the `error` of a JSON log line): what a person reads, not
        /// the case's Swift spelling.
        var reason: String {
            switch self {
            case .httpStatus(let status, _): "HTTP \(status)"
            case .timeout: "timeout"
            case .truncated: "truncated body"
            case .transport(let message, _, _): message
            case .tooLarge(let limit): "larger than max_size (\(limit) bytes)"
            case .html: "an HTML page where data was expected"
            case .brokenGzip(let message): message
            case .brokenEncoding(let message): "broken compressed answer (\(message))"
            case .tls(let message): "certificate not verified (\(message))"
            case .localFile(let message): message
            case .unreadableFile: "cannot read the file; check source url (relative paths start from the recipe's folder)"
            case .missingVariable(let name): "environment variable \(name) not set"
            case .tooManyRedirects: "more than 5 redirects"
            case .tooManyPages(let limit): "more than \(limit) pages"
            case .interrupted(let signal): "stopped by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)")"
            case .outsideAllowedFolders(let path): "\(path) is outside the allowed folders"
            case .unsupported(let message): message
            }
        }
    }

    public var url: String
    public var cause: Cause
    /// How many attempts were made.
    public var attempts = 1
    /// The host the recipe's headers are kept for, when this request went elsewhere without them.
    public var headersWithheld: String?
    /// Whether the hints speak of a recipe's `source` keys and of the next run, as `run` says them,
    /// or of the URL alone, as a one-off command (`describe`) must; the fetcher sets it.
    public var forRecipe = true

    public init(url: String, cause: Cause, attempts: Int = 1) {
        self.url = Redaction.url(url)
        self.cause = cause
        self.attempts = attempts
    }

    public var description: String {
        let checkURL = forRecipe ? "check source url" : "check the URL"
        let tried = attempts > 1 ? " (after \(attempts) attempts)" : ""
        switch cause {
        case .httpStatus(let status, _):
            let credentials = headersWithheld.map {
                "the recipe's headers are sent to \($0) only, and this request went to another host (a redirect or a next link); ask the source's administrator for an address on \($0)"
            } ?? "check the credentials in headers"
            let hint = status == 404 ? "check the url" : status == 401 || status == 403 ? credentials : "try again later or ask the source's administrator"
            return "\(url): the server answered HTTP \(status)\(tried); \(hint)"
        case .tooLarge(let limit):
            return "\(url): the body is larger than max_size (\(limit) bytes)\(forRecipe ? "; raise source max_size if the file really is that big" : "")"
        case .truncated(let received, let announced):
            let of = announced.map { " of the \($0) announced" } ?? ""
            return "\(url): the body stopped after \(received) bytes\(of)\(tried); the connection was cut, try again later"
        case .html:
            return "\(url): the server sent an HTML page where data was expected (an error or login page?); \(checkURL)"
        case .brokenGzip(let message):
            return "\(url): \(message)"
        case .brokenEncoding(let message):
            return "\(url): the server's compressed answer is broken (\(message))\(tried)"
        case .transport(let message, _, let hint):
            return "\(url): \(message)\(tried)\(hint == .none ? "" : "; " + hint.text(forRecipe: forRecipe))"
        case .timeout(let seconds):
            return "\(url): no complete answer within \(Self.format(seconds))\(tried); \(forRecipe ? "raise source timeout or " : "")try again later"
        case .tls(let message):
            return "\(url): the server's certificate cannot be verified (\(message)); if the administration has its own certificate authority, give its certificate in source ca_file"
        case .localFile(let message):
            return "\(url): \(message)"
        case .unreadableFile:
            return "\(url): cannot read the file; \(forRecipe ? "check source url (relative paths start from the recipe's folder)" : "check the path, and that the file can be read")"
        case .missingVariable(let name):
            return "\(url): the environment variable \(name) named in headers is not set; export it before running kiosque"
        case .tooManyRedirects:
            return "\(url): more than 5 redirects; \(checkURL)"
        case .tooManyPages(let limit):
            return "\(url): more than \(limit) pages; raise paginate max_pages if the source really is that long"
        case .interrupted(let signal):
            return "\(url): the download was stopped by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "a signal"); nothing was published"
        case .outsideAllowedFolders(let path):
            return "\(url): \(path) is outside the recipe's folder; move the file there, or add its folder to allowed_file_roots in catalog.yml"
        case .unsupported(let message):
            return "\(url): \(message)"
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

/// What a steward can do about a network failure, in the words of `run` (a recipe's `source` keys,
/// the next run) or of a one-off command such as `describe` (the URL alone).
public enum FetchHint: Sendable, Equatable {
    case none, checkHostName, checkProxy, serverUnreachable, checkCredentials, checkPath, retryLater, checkURL

    func text(forRecipe: Bool) -> String {
        let where_ = forRecipe ? "source url" : "the URL"
        switch self {
        case .none: return ""
        case .checkHostName: return "check the host name in \(where_), and that this machine can resolve it (DNS, proxy)"
        case .checkProxy: return "check the proxy settings (https_proxy, http_proxy) in kiosque's environment"
        case .serverUnreachable:
            return "check that the server is up and reachable from this machine (firewall, proxy); \(forRecipe ? "the next run tries again" : "try again later")"
        case .checkCredentials: return "check the user name and password (in \(where_), or in ~/.netrc of the account that runs kiosque), or the account's rights on the server"
        case .checkPath: return "check the path in \(where_)"
        case .retryLater: return forRecipe ? "the next run tries again; raise source retries if it keeps happening" : "try again later"
        case .checkURL: return "check \(where_)"
        }
    }
}
