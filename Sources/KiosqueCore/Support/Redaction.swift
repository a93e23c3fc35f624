import Foundation

/// What may be shown of a URL in logs, errors and reports: no user name or password, and no value
/// of a query parameter that looks like a secret (a token in a pagination link, say).
public enum Redaction {
    static let secretParameters: Set<String> = ["token", "access_token", "api_key", "apikey", "key", "password",
                                                "passwd", "secret", "signature", "sig", "auth", "session", "sessionid"]

    public static func url(_ text: String) -> String {
        var result = text
        if let schemeEnd = result.range(of: "://") {
            let rest = result[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@") {
                result = String(result[..<schemeEnd.upperBound]) + rest[rest.index(after: at)...]
            }
        }
        guard let question = result.firstIndex(of: "?") else { return result }
        let fragmentStart = result[question...].firstIndex(of: "#") ?? result.endIndex
        let query = result[result.index(after: question)..<fragmentStart]
        let redacted = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, secretParameters.contains(parts[0].lowercased()) else { return String(pair) }
            return "\(parts[0])=REDACTED"
        }.joined(separator: "&")
        return String(result[...question]) + redacted + result[fragmentStart...]
    }
}
