import Foundation
/// A text given in one or more languages, keyed by BCP 47 language code.
public struct LocalizedText: Sendable, Hashable {
    public var texts: [String: String]

    public init(_ texts: [String: String]) {
        self.texts = texts
    }

    /// The text in `language`, else in the first of `fallbacks` that has one, else any.
    public func text(in language: String, fallbacks: [String] = []) -> String {
        LanguageTag.chosen(language, fallbacks: fallbacks, in: texts).flatMap { texts[$0] } ?? ""
    }

    /// Languages in a stable order.
    public var languages: [String] { texts.keys.sorted() }
}

/// Lists of words given in one or more languages, keyed by BCP 47 language code: a recipe's
/// `keywords`, written as a list (the catalogue's first language) or a mapping of languages to lists.
public struct LocalizedList: Sendable, Hashable {
    public var lists: [String: [String]]

    public init(_ lists: [String: [String]] = [:]) {
        self.lists = lists.filter { !$0.value.isEmpty }
    }

    public var isEmpty: Bool { lists.isEmpty }

    /// The words in `language`, else in the first of `fallbacks` that has some, else in the first
    /// language in code order; with the language they are in. Nil when there are none.
    public func words(in language: String, fallbacks: [String] = []) -> (language: String, words: [String])? {
        LanguageTag.chosen(language, fallbacks: fallbacks, in: lists).flatMap { code in lists[code].map { (code, $0) } }
    }

    /// Every word with its language: the languages of `order` first, in that order, then the
    /// others in code order.
    public func tagged(order: [String]) -> [(word: String, language: String)] {
        let languages = order.filter { lists[$0] != nil } + lists.keys.filter { !order.contains($0) }.sorted()
        return languages.flatMap { code in lists[code]!.map { ($0, code) } }
    }
}

enum LanguageTag {
    /// Which of `values`' languages to show: `language` when it has it, else the first of
    /// `fallbacks` it has, else its first in code order; nil when it has none.
    static func chosen<Value>(_ language: String, fallbacks: [String], in values: [String: Value]) -> String? {
        if values[language] != nil { return language }
        return fallbacks.first { values[$0] != nil } ?? values.keys.sorted().first
    }

    /// ISO 639-2 codes (terminology and bibliographic) of languages that have a two-letter code,
    /// for those a catalogue of the region may name: BCP 47 writes such a language with its two
    /// letters, and the site's words, the catalogue's language IRIs and the texts' keys go by it.
    static let twoLetterCodes: [String: String] = [
        "fra": "fr", "fre": "fr", "eng": "en", "ara": "ar", "spa": "es", "por": "pt", "deu": "de", "ger": "de",
        "ita": "it", "nld": "nl", "dut": "nl", "wol": "wo", "hau": "ha", "swa": "sw", "lin": "ln", "mlg": "mg",
        "ful": "ff", "bam": "bm", "kin": "rw", "run": "rn", "sag": "sg", "kon": "kg", "yor": "yo", "ibo": "ig",
        "amh": "am", "som": "so", "tir": "ti", "ewe": "ee", "twi": "tw", "aka": "ak", "lug": "lg", "orm": "om",
        "zul": "zu", "xho": "xh", "nya": "ny", "sna": "sn", "tsn": "tn", "sot": "st", "afr": "af", "zho": "zh", "chi": "zh",
        "rus": "ru", "tur": "tr", "fas": "fa", "per": "fa", "heb": "he", "hin": "hi", "urd": "ur",
    ]

    /// What is wrong with a language code, if anything, said after the code itself: `'fra' is
    /// written 'fr'…`, `'FR'…`. Nil for a code such as fr, en, ar, fr-CI or ber.
    static func problem(_ code: String) -> String? {
        let base = String(code.prefix { $0 != "-" })
        if let two = twoLetterCodes[base.lowercased()] {
            let region = code.dropFirst(base.count)
            return "is written '\(two)\(region)': a language with a two-letter code is named by it (BCP 47), and the site's words and the catalogue's language go by it"
        }
        let names = ["english": "en", "anglais": "en", "french": "fr", "français": "fr", "francais": "fr", "arabic": "ar", "arabe": "ar",
                     "العربية": "ar", "spanish": "es", "espagnol": "es", "portuguese": "pt", "portugais": "pt"]
        if let two = names[code.lowercased()] {
            return "is the language's name: write its code, '\(two)'"
        }
        if !isValid(code) {
            let lowered = base.lowercased() + code.dropFirst(base.count)
            return isValid(lowered) ? "is not a language code: did you mean '\(lowered)'? (the language is written in small letters)"
                : "is not a language code such as fr, en or ar"
        }
        return nil
    }

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
