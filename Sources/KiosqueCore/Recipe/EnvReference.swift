import Foundation

/// `${env:NAME}` references: how secrets reach recipes without being written in them.
public enum EnvReference {
    /// The variable names referenced in `text`, or nil when a `${…}` is malformed.
    static func names(in text: String) -> [String]? {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return nil }
            let body = rest[start.upperBound..<end]
            guard body.hasPrefix("env:") else { return nil }
            let name = body.dropFirst(4)
            guard isValidName(name) else { return nil }
            names.append(String(name))
            rest = rest[rest.index(after: end)...]
        }
        return names
    }

    static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// `text` with every reference replaced from `environment`.
    /// Throws naming the first missing variable; the error never holds a value.
    public static func resolve(_ text: String, environment: [String: String]) throws(MissingVariable) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            result += rest[..<start.lowerBound]
            let name = String(rest[start.upperBound..<end].dropFirst(4))
            guard let value = environment[name], !value.isEmpty else { throw MissingVariable(name: name) }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    public struct MissingVariable: Error, Sendable {
        public var name: String
    }
}
