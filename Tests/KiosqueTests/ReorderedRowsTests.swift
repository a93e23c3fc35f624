import Foundation
import Testing
@testable import KiosqueCore

/// An export whose rows come in another order (a database query without ORDER BY) holds the same
/// rows: no new version, as DESIGN says of "the same rows".
@Suite("Rows in another order")
struct ReorderedRowsTests {
    static func sandbox(_ csv: String, formats: String = "[csv, json]", key: Bool = true) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/codes.csv", csv)
        try sandbox.write("Pipelines/codes.yml", """
            id: codes
            title: Codes
            source: {url: sources/codes.csv}
            fields:
              - {name: code}
              - {name: libelle}
            \(key ? "primary_key: [code]\n" : "")publish: {formats: \(formats)}

            """)
        return sandbox
    }

    @Test("the same rows in another order make no new version, and the published files stay as they were",
          arguments: [true, false])
    func reordered(key: Bool) throws {
        let sandbox = try Self.sandbox("code;libelle\n01;Un\n02;Deux\n03;Trois\n", key: key)
        #expect(try sandbox.kiosque("run").status == 0)
        let before = try Hashing.tree(sandbox, "Output/datasets")
        try sandbox.write("Pipelines/sources/codes.csv", "code;libelle\n03;Trois\n01;Un\n02;Deux\n")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "codes: 3 rows read, 3 published -> unchanged (same rows as 2026-11-21, in another order)\n")
        #expect(try Hashing.tree(sandbox, "Output/datasets") == before)
        // The next run of the same bytes stops at the fingerprint.
        #expect(try sandbox.kiosque("run").stdout == "codes: unchanged (same source bytes as for 2026-11-21)\n")
    }

    @Test("another order with one value changed is a new version, and says what changed", arguments: [true, false])
    func reorderedAndChanged(key: Bool) throws {
        let sandbox = try Self.sandbox("code;libelle\n01;Un\n02;Deux\n03;Trois\n", key: key)
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/sources/codes.csv", "code;libelle\n03;Trois\n01;Une\n02;Deux\n")
        #expect(try sandbox.kiosque("run").stdout == "codes: 3 rows read, 3 published -> version 2026-11-21.2\n")
        let changes = try #require(try sandbox.workspace.loadHistory("codes")?.current?.changes)
        // By key, a row changed; by whole rows, one went and another came.
        #expect(key ? (changes.rowsAdded, changes.rowsRemoved, changes.rowsChanged) == (0, 0, 1)
                    : (changes.rowsAdded, changes.rowsRemoved, changes.rowsChanged) == (1, 1, 0))
    }

    @Test("rows are counted with their copies: A A B then B A B, or A B B, is a change", arguments: [
        "code;libelle\n02;Deux\n01;Un\n02;Deux\n", "code;libelle\n01;Un\n02;Deux\n02;Deux\n",
    ])
    func copiesCount(next: String) throws {
        let sandbox = try Self.sandbox("code;libelle\n01;Un\n01;Un\n02;Deux\n", key: false)
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/sources/codes.csv", next)
        #expect(try sandbox.kiosque("run").stdout == "codes: 3 rows read, 3 published -> version 2026-11-21.2\n")
    }

    @Test("without a CSV to compare, another order is a new version")
    func withoutCSV() throws {
        let sandbox = try Self.sandbox("code;libelle\n01;Un\n02;Deux\n", formats: "[json]")
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/sources/codes.csv", "code;libelle\n02;Deux\n01;Un\n")
        #expect(try sandbox.kiosque("run").stdout == "codes: 2 rows read, 2 published -> version 2026-11-21.2\n")
    }

    @Test("a row with no value once published is left out, never written as a blank line that readers skip",
          arguments: ["\"\", \"-\"", "\"-\""])
    func oneEmptyCell(missing: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/codes.csv", "code;autre\n01;a\n02;b\n")
        try sandbox.write("Pipelines/codes.yml", "id: codes\ntitle: Codes\nsource: {url: sources/codes.csv, missing_values: [\(missing)]}\nfields:\n  - {name: code}\n")
        #expect(try sandbox.kiosque("run").status == 0)
        // A missing-value mark, and an empty cell (no value, or an empty text when "" is not a missing value).
        try sandbox.write("Pipelines/sources/codes.csv", "code;autre\n02;b\n-;c\n;d\n01;a\n03;e\n")
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("codes: 5 rows read, 3 published, 2 empty -> version 2026-11-21.2\n  note: 2 rows have no value"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/codes/codes.csv") == "code\n02\n01\n03\n")
        #expect(try sandbox.text("Output/datasets/codes/codes.json") == "[\n{\"code\":\"02\"},\n{\"code\":\"01\"},\n{\"code\":\"03\"}\n]\n")
        let changes = try #require(try sandbox.workspace.loadHistory("codes")?.current?.changes)
        #expect((changes.rowsAdded, changes.rowsRemoved, changes.rowsChanged) == (1, 0, 0))
    }
}
