import Foundation
/// A text given in one or more languages, keyed by BCP 47 language code.
public struct LocalizedText: Sendable, Hashable {
    public var texts: [String: String]

    public init(_ texts: [String: String]) {
        self.texts = texts
    }

    /// The text in `language`, else in the first of `fallbacks` that has one, else any.
    public func text(in language: String, fallbacks: [String] = []) -> String {
        if let text = texts[language] { return text }
        for fallback in fallbacks {
            if let text = texts[fallback] { return text }
        }
        return texts.keys.sorted().first.flatMap { texts[$0] } ?? ""
    }

    /// Languages in a stable order.
    public var languages: [String] { texts.keys.sorted() }
}

enum LanguageTag {
    /// Two- or three-letter language codes, optionally with a region: fr, en, ar, fr-CI.
    static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
