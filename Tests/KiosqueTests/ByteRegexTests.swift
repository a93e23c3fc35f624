import Foundation
import Testing
@testable import KiosqueCore

/// The byte automaton against Foundation's engine: the same answer on every pattern and value.
@Suite("Pattern matching")
struct ByteRegexTests {
    static let patterns = [
        "[0-9]{4}-[0-9]{7}", "CI[0-9]{9}", "[0-9]{5}", "\\+?[0-9][0-9 ]{7,16}[0-9]", "DEM-[0-9]{4}", "A-[0-9]{3}",
        "\\d{2}/\\d{2}/\\d{4}", "[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}", "(oui|non|peut-être)", "[^;,]+", ".*é.*",
        "Abidjan|Bouaké|San-Pédro", "[a-zA-Z_][a-zA-Z0-9_-]*", "\\s*\\S+\\s*", "x?y+z*", "(ab|a)(bc|c)?", "[àâäéèêëîïôöùûüç]+",
        "[\\-.+]?[0-9]+(?:[.,][0-9]+)?", "^[0-9]{3}$", "a{2,}", "(?:[0-9]{2} ){4}[0-9]{2}", "\\(\\d+\\)", "[]a]+", ".",
    ]
    static let values = [
        "", "2025-0000001", "2025-000001", "CI123456789", "CI12345678", "CI1234567890", "34000", "3400", "340001",
        "+225 07 12 34 56 78", "0712345678", "+2", "12", "DEM-0001", "DEM-001", "A-001", "A-7", "21/11/2026", "1/11/2026",
        "CI93 CI00 8010 1234 5678", "oui", "non", "peut-être", "peut-etre", "a;b", "abc", "Bouaké", "San-Pédro", "Bouake",
        "_id", "9id", "  mot  ", "   ", "yyy", "xz", "abc", "ac", "abbc", "éèà", "é", "-1,5", "+3.25", "3.", "123", "aa",
        "a", "aaaa", "12 34 56 78 90", "(42)", "]]a", "٠١٢", "x\ny", "\t", "Réunion; \"quoted\"",
    ]

    @Test("every pattern of the list is within the automaton's reach")
    func coverage() throws {
        for pattern in Self.patterns {
            #expect(try Pattern(pattern).isFast, "\(pattern)")
        }
    }

    @Test("the automaton agrees with Foundation on every value", arguments: patterns)
    func agreement(pattern: String) throws {
        let fast = try ByteRegex(pattern)
        let reference = try NSRegularExpression(pattern: "^(?:\(pattern))$")
        for value in Self.values {
            let expected = reference.firstMatch(in: value, range: NSRange(value.startIndex..<value.endIndex, in: value)) != nil
            let actual = Array(value.utf8).withUnsafeBufferPointer { fast.matches($0) }
            #expect(actual == expected, "/\(pattern)/ on \(value.debugDescription)")
        }
    }

    @Test("what the automaton does not cover goes to Foundation, with the same results", arguments: ["\\w+", "(?i)abc", "a(?=b)b", "(a)\\1", "\\bmot\\b"])
    func fallback(pattern: String) throws {
        let compiled = try Pattern(pattern)
        #expect(!compiled.isFast)
        let reference = try NSRegularExpression(pattern: "^(?:\(pattern))$")
        for value in ["Bouaké", "ABC", "ab", "aa", "mot", "abc"] {
            let expected = reference.firstMatch(in: value, range: NSRange(value.startIndex..<value.endIndex, in: value)) != nil
            #expect(Array(value.utf8).withUnsafeBufferPointer { compiled.matches($0) } == expected, "/\(pattern)/ on \(value)")
        }
    }
}
