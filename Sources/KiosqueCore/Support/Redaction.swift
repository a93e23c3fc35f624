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

extension Redaction {
    /// A line of a recipe shown under an error, with what `url` leaves out masked in place: the
    /// password of an address (`ftp://agent:*****@host/`) and the values of its secret query
    /// parameters (`?token=*****`), one `*` per character, so that the caret under the line still
    /// points at the same column. Anything else is shown as written.
    public static func line(_ text: String) -> String {
        guard text.contains(":") else { return text }
        var scalars = Array(text.unicodeScalars)
        let ends: Set<Unicode.Scalar> = [" ", "\t", "\"", "'", ",", "}", "]", ">", "<"]
        func mask(_ range: Range<Int>) {
            for index in range { scalars[index] = "*" }
        }
        var index = 0
        while index + 2 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == ":", scalars[index + 1] == "/", scalars[index + 2] == "/" else { continue }
            let start = index + 3
            var end = start
            while end < scalars.count, !ends.contains(scalars[end]), !"/?#".unicodeScalars.contains(scalars[end]) { end += 1 }
            guard let at = scalars[start..<end].lastIndex(of: "@"),
                  let colon = scalars[start..<at].firstIndex(of: ":") else { continue }
            mask((colon + 1)..<at)
        }
        // name=value pairs after ? or &, wherever they stand in the line. Each scan stops at the
        // next ? or &, and a masked value is not read again: one pass, whatever the line holds.
        index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "?" || scalars[index] == "&" else { continue }
            var equals = index + 1
            while equals < scalars.count, scalars[equals] != "=", !ends.contains(scalars[equals]),
                  scalars[equals] != "&", scalars[equals] != "?" { equals += 1 }
            guard equals < scalars.count, scalars[equals] == "=" else { continue }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<equals])).lowercased()
            guard secretParameters.contains(name) else { continue }
            var end = equals + 1
            while end < scalars.count, !ends.contains(scalars[end]), scalars[end] != "&", scalars[end] != "#" { end += 1 }
            mask((equals + 1)..<end)
            index = end - 1
        }
        maskSecretValues(&scalars)
        return String(String.UnicodeScalarView(scalars))
    }

    /// The words of a scheme kept before a masked credential: `Bearer ****`.
    static let authSchemes: Set<String> = ["bearer", "basic", "token", "digest"]

    /// Masks the value of each `name: value` whose name says it is a secret: a header such as
    /// `Authorization` or `X-Api-Key`, a pseudonymisation `key:`. A recipe key that only contains
    /// such a word (`primary_key`, `keywords`) is not one; `${env:NAME}` references stay readable.
    static func maskSecretValues(_ scalars: inout [Unicode.Scalar]) {
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
        }
        let known = Set(KeyHints.places.flatMap(\.keys))
        var index = 0
        while index < scalars.count {
            guard isNameScalar(scalars[index]), index == 0 || !isNameScalar(scalars[index - 1]) else { index += 1; continue }
            var end = index
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            let name = String(String.UnicodeScalarView(scalars[index..<end])).lowercased()
            var colon = end
            if colon < scalars.count, scalars[colon] == "\"" || scalars[colon] == "'" { colon += 1 }
            guard colon < scalars.count, scalars[colon] == ":", colon + 1 == scalars.count || scalars[colon + 1] == " ",
                  name == "key" || (!known.contains(name) && SourceLoader.isSecretHeader(name)) else {
                index = end
                continue
            }
            var start = colon + 1
            while start < scalars.count, scalars[start] == " " { start += 1 }
            var stop = start
            if start < scalars.count, scalars[start] == "\"" || scalars[start] == "'" {
                let quote = scalars[start]
                start += 1
                stop = start
                while stop < scalars.count, scalars[stop] != quote { stop += 1 }
            } else {
                while stop < scalars.count, !",}]#".unicodeScalars.contains(scalars[stop]) { stop += 1 }
            }
            maskLiteral(&scalars, start..<stop)
            index = stop
        }
    }

    /// Masks a value's literal text, leaving `${env:…}` references and a leading `Bearer `.
    private static func maskLiteral(_ scalars: inout [Unicode.Scalar], _ range: Range<Int>) {
        var index = range.lowerBound
        if let space = scalars[range].firstIndex(of: " "),
           authSchemes.contains(String(String.UnicodeScalarView(scalars[range.lowerBound..<space])).lowercased()) {
            index = space + 1
        }
        // Once no `}` closes a `${`, none further on will: the rest is not searched again.
        var closes = true
        while index < range.upperBound {
            if closes, scalars[index] == "$", index + 1 < range.upperBound, scalars[index + 1] == "{" {
                if let close = scalars[index..<range.upperBound].firstIndex(of: "}") {
                    index = close + 1
                    continue
                }
                closes = false
            }
            if scalars[index] != " " { scalars[index] = "*" }
            index += 1
        }
    }
}
