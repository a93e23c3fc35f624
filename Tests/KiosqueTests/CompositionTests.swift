import Foundation
import Testing
@testable import KiosqueCore

/// Text with combining accents (`e` + U+0301, as macOS, PDF extractions and some databases write
/// it) is read and published in composed form (NFC), so that enums, patterns, pseudonyms and
/// reusers' joins do not depend on how an accent was typed.
@Suite("Unicode composed form")
struct CompositionTests {
    static let decomposed = "Bouake\u{301}"
    static let composed = "Bouak\u{E9}"

    @Test("the UTF-8 check notices combining marks that compose, wherever chunks cut them", arguments: [
        ("Bouake\u{301}", true), ("Bouak\u{E9}", false), ("Man", false), ("\u{627}\u{654}b", true), ("\u{644}\u{627}", false),
        ("x\u{36F}", true), ("x\u{370}", false), ("\u{1E9B}", false), ("a\u{2212}b", false),
    ])
    func validatorFlag(text: String, expected: Bool) {
        let bytes = Array(text.utf8)
        for chunk in 1...max(1, bytes.count) {
            var validator = UTF8Validator()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                bytes[start..<end].withUnsafeBufferPointer { validator.feed($0) }
                start = end
            }
            let finished = validator.finish(), marks = validator.composingMarks
            #expect(finished)
            #expect(marks == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) }) in chunks of \(chunk)")
        }
    }

    @Test("a cell is composed only when it holds such a mark")
    func composer() {
        let composer = CellComposer()
        for (text, expected) in [(Self.decomposed, Self.composed), ("\u{627}\u{654}", "\u{623}"), ("E\u{301}vry-Courcouronnes", "\u{C9}vry-Courcouronnes")] {
            let out = Array(text.utf8).withUnsafeBufferPointer { composer.compose($0).map { Array($0) } }
            #expect(out == Array(expected.utf8))
        }
        #expect(Array(Self.composed.utf8).withUnsafeBufferPointer { composer.compose($0) } == nil)
    }

    /// The recipe's enum and pattern are typed with combining accents too: they are composed as well.
    static func recipe(_ source: String, format: String) -> String {
        """
        id: communes
        title: Communes
        source: {url: sources/\(source), format: \(format)}
        fields:
          - {name: code, type: integer}
          - {name: commune, enum: [\(decomposed), Man], pattern: "^[A-Z][a-ze\u{301}]+$"}
          - {name: agent, anonymise: {pseudonymise: {key: "${env:KIOSQUE_PSEUDONYM_KEY}"}}}
          - {name: mois, type: date, format: "%B %Y"}

        """
    }

    static let key = ["KIOSQUE_PSEUDONYM_KEY": "composition-test-key-0123456789abcdef"]

    @Test("CSV in UTF-8 and UTF-16, and JSON with marks as bytes or as \\u escapes, publish composed text", arguments: [
        "utf-8", "utf-16", "json", "ndjson",
    ])
    func published(form: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = [(1, Self.decomposed, "Se\u{301}bastien", "fe\u{301}vrier 2025"), (2, Self.composed, "S\u{E9}bastien", "f\u{E9}vrier 2025")]
        let name: String
        switch form {
        case "json":
            // The first record's accents as escapes, the second's as bytes.
            let records = rows.map { row in
                let text = "{\"code\": \(row.0), \"commune\": \"\(row.1)\", \"agent\": \"\(row.2)\", \"mois\": \"\(row.3)\"}"
                return row.0 == 1 ? text.replacingOccurrences(of: "\u{301}", with: "\\u0301") : text
            }
            name = "communes.json"
            try sandbox.write("Pipelines/sources/\(name)", "[" + records.joined(separator: ",\n") + "]")
        case "ndjson":
            name = "communes.ndjson"
            try sandbox.write("Pipelines/sources/\(name)", rows.map { "{\"code\": \($0.0), \"commune\": \"\($0.1)\", \"agent\": \"\($0.2)\", \"mois\": \"\($0.3)\"}" }.joined(separator: "\n"))
        default:
            name = "communes.csv"
            let text = "code;commune;agent;mois\n" + rows.map { "\($0.0);\($0.1);\($0.2);\($0.3)\n" }.joined()
            let data = form == "utf-16" ? Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)! : Data(text.utf8)
            try sandbox.write("Pipelines/sources/\(name)", data)
        }
        try sandbox.write("Pipelines/communes.yml", Self.recipe(name, format: String(name.split(separator: ".").last!)))
        let result = try sandbox.kiosque("run", environment: Self.key)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("2 rows read, 2 published"), "\(result.stdout)")
        let csv = try sandbox.read("Output/datasets/communes/communes.csv")
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(!csv.contains(0xCC), "the published CSV still holds a combining accent")
        #expect(lines.count == 3)
        // The same name, however its accent was typed, gets the same pseudonym.
        let cells = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(cells.map { $0[1] } == [Self.composed, Self.composed])
        #expect(cells[0][2] == cells[1][2] && cells[0][2].count == 16)
        #expect(cells.map { $0[3] } == ["2025-02-01", "2025-02-01"])
        #expect(try !sandbox.read("Output/datasets/communes/communes.json").contains(0xCC))
    }

    @Test("describe drafts an enum in composed form, which run then accepts")
    func describedEnum() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let values = (0..<30).map { [Self.decomposed, "Man", "Odienne\u{301}"][$0 % 3] }
        try sandbox.write("Pipelines/sources/lieux.csv", "code;lieu\n" + values.enumerated().map { "\($0.offset);\($0.element)\n" }.joined())
        let result = try sandbox.kiosque("describe", "Pipelines/sources/lieux.csv", "--output", "Pipelines/lieux.yml")
        #expect(result.status == 0, "\(result.stderr)")
        let draft = try sandbox.read("Pipelines/lieux.yml")
        #expect(String(decoding: draft, as: UTF8.self).contains("enum: [\"Bouak\u{E9}\", \"Man\", \"Odienn\u{E9}\"]"), "\(String(decoding: draft, as: UTF8.self))")
        #expect(!draft.contains(0xCC))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0 && run.stdout.contains("30 rows read, 30 published"), "\(run.stdout) \(run.stderr)")
    }
}
