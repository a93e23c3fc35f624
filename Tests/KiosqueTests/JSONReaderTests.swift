import Foundation
import Testing
@testable import KiosqueCore

@Suite("JSON and NDJSON sources")
struct JSONReaderTests {
    static let document = """
        {"meta": {"count": 3, "items": [1, 2]}, "data": {"items": [
          {"id": "A-1", "nom": "Bouak\\u00e9", "n": 12, "ok": true, "tags": ["x", {"y": null}], "extra": "ignored"},
          {"n": -3.5e2, "id": "A-2", "nom": "N\\u2019Z\\u00e9r\\u00e9kor\\u00e9 \\"centre\\"\\n", "ok": false},
          {"id": "A-3", "nom": null, "n": 0, "ok": null, "emoji": "\\ud83d\\ude00"}
        ]}, "links": {"next": null}}
        """

    @Test("records at a pointer, keys in column order, nested values as JSON text", arguments: [1, 5, 1 << 20])
    func records(chunk: Int) throws {
        let rows = try Decoding.json(Self.document, columns: ["id", "nom", "n", "ok", "tags"], pointer: "/data/items", chunk: chunk)
        #expect(rows == [
            ["A-1", "Bouaké", "12", "true", "[\"x\",{\"y\":null}]"],
            ["A-2", "N’Zérékoré \"centre\"\n", "-3.5e2", "false", nil],
            ["A-3", nil, "0", nil, nil],
        ])
    }

    /// macOS and some exports write accents as combining marks (NFD); recipes are typed with
    /// precomposed letters (NFC). Both name the same key, at the top and inside objects.
    @Test("a key is the same key whether its accents are precomposed or combining", arguments: [1, 1 << 20])
    func composedKeys(chunk: Int) throws {
        let decomposed = "Libelle\u{301}", composed = "Libell\u{E9}"
        let document = "[{\"\(decomposed)\": \"Evry\", \"lieu\": {\"Re\u{301}gion\": \"Centre\", \"x\u{301}\": 1}, \"n\": 2}, {\"\(composed)\": \"Man\"}]"
        let columns = [composed, "/lieu/R\u{E9}gion", "n", "/lieu/x\u{301}"]
        #expect(try Decoding.json(document, columns: columns, chunk: chunk) == [["Evry", "Centre", "2", "1"], ["Man", nil, nil, nil]])
        // The other way round: the source precomposed, the recipe combining.
        #expect(try Decoding.json("[{\"\(composed)\": \"Evry\"}]", columns: [decomposed], chunk: chunk) == [["Evry"]])
    }

    @Test("rows as arrays without keys, as some APIs answer, are refused with what to ask for")
    func arrayRows() throws {
        #expect {
            _ = try Decoding.json("[[\"code\", \"nom\"], [1, \"a\"]]", columns: ["code"])
        } throws: { error in
            "\(error)".contains("record 1 of the JSON source is an array, not an object") && "\(error)".contains("ask for an export of objects")
        }
    }

    @Test("a root array needs no pointer")
    func rootArray() throws {
        let rows = try Decoding.json("[{\"a\": 1}, {\"a\": \"deux\"}]", columns: ["a"])
        #expect(rows == [["1"], ["deux"]])
    }

    @Test("NDJSON reads one object a line, blank lines aside", arguments: [1, 1 << 20])
    func ndjson(chunk: Int) throws {
        let rows = try Decoding.json("{\"a\": 1, \"b\": \"x\"}\n\n{\"b\": \"y\", \"a\": 2}\n{\"a\": 3}", columns: ["a", "b"], lines: true, chunk: chunk)
        #expect(rows == [["1", "x"], ["2", "y"], ["3", nil]])
    }

    @Test("a truncated document is an error, not a short table")
    func truncated() throws {
        #expect(throws: DecodeError.self) {
            _ = try Decoding.json(String(Self.document.prefix(200)), columns: ["id"], pointer: "/data/items")
        }
    }

    /// `[…][…]`: two exports run together. Reading stopped at the first array's end, so the second
    /// export's records went unpublished without a word.
    @Test("the document is read to its end after the records, and nothing may follow it", arguments: [1, 1 << 20])
    func trailingText(chunk: Int) throws {
        #expect(try Decoding.json("[{\"a\": 1}]\n \r\n", columns: ["a"], chunk: chunk) == [["1"]])
        #expect(try Decoding.json(Self.document + "\n", columns: ["id"], pointer: "/data/items", chunk: chunk).count == 3)
        let broken: [(String, String?, String)] = [
            ("[{\"a\": 1}][{\"a\": 2}]", nil, "goes on after its document ends (at byte 11)"),
            ("{\"data\": [{\"a\": 1}], \"x\": {\"y\": [1, 2]}} {\"z\": 1}", "/data", "goes on after its document ends"),
            (String(Self.document.dropLast()), "/data/items", "ends before its document is closed"),
            ("{\"data\": [{\"a\": 1}] 5}", "/data", "malformed at byte 21, after its array of records"),
        ]
        // `"data": null` holds no records; a null document is no JSON source.
        #expect(try Decoding.json("{\"data\": null, \"links\": {\"next\": null}}", columns: ["a"], pointer: "/data", chunk: chunk).isEmpty)
        #expect(throws: DecodeError.self) { _ = try Decoding.json("null", columns: ["a"], chunk: chunk) }
        for (text, pointer, message) in broken {
            #expect(performing: { _ = try Decoding.json(text, columns: ["a"], pointer: pointer, chunk: chunk) },
                    throws: { "\($0)".contains(message) })
        }
    }

    @Test("a wrong pointer says which keys exist")
    func wrongPointer() throws {
        #expect {
            _ = try Decoding.json(Self.document, columns: ["id"], pointer: "/data/rows")
        } throws: { error in
            "\(error)".contains("no 'rows' at /data") && "\(error)".contains("items")
        }
    }

    @Test("a scalar on the pointer's way (an API's error answered with status 200) says what it holds and the keys beside it, never a value", arguments: [
        (#"{"error": "quota de Yao Affoué dépassé", "data": null}"#, "/data/items", "the JSON source holds null at /data, where source records reads on to /data/items (its parent also has: error); an API that answers an error with status 200"),
        (#"{"status": 403, "data": "refusé"}"#, "/data/items", "holds a string at /data, where source records reads on to /data/items (its parent also has: status)"),
        (#""Accès refusé""#, "/data", "holds a string at the root, where source records reads on to /data;"),
        ("42", "/data", "holds a number at the root"),
    ])
    func scalarOnTheWay(document: String, pointer: String, expected: String) throws {
        #expect {
            _ = try Decoding.json(document, columns: ["id"], pointer: pointer)
        } throws: { error in
            "\(error)".contains(expected) && !"\(error)".contains("Yao") && !"\(error)".contains("refusé")
        }
    }

    /// An object keyed by ids or names is a map of records: its keys are values, maybe personal.
    @Test("keys that may be values (ids, names, e-mail addresses) are counted in messages, never shown")
    func keysThatMayBeValues() throws {
        let document = #"{"meta": 1, "CI123456": {"x": 1}, "Awa Koné": 2, "a.b@mail.ci": 3, "total_count": 2, "@context": "x"}"#
        #expect {
            _ = try Decoding.json(document, columns: ["id"], pointer: "/data")
        } throws: { error in
            "\(error)".contains("(keys seen: meta, total_count, @context, and 3 keys not shown, as they may be values (ids, names))")
                && !"\(error)".contains("CI123456") && !"\(error)".contains("Awa") && !"\(error)".contains("mail.ci")
        }
        // An object of records keyed by an id where the array of records goes: says so, without a key.
        #expect {
            _ = try Decoding.json(#"{"data": {"CI123456": {"nom": "x"}, "CI654321": {"nom": "y"}}}"#, columns: ["nom"], pointer: "/data")
        } throws: { error in
            "\(error)".contains("no array of records at /data but an object: if each of its members is a record, keyed by an id, ask for an array")
                && !"\(error)".contains("CI1")
        }
    }

    @Test("an object at the root without a pointer asks for one")
    func objectRoot() throws {
        #expect {
            _ = try Decoding.json(Self.document, columns: ["id"])
        } throws: { error in
            "\(error)".contains("set source records")
        }
    }

    @Test("the data.gouv.fr API answer reads through a pointer into an object's array")
    func dataGouv() throws {
        let url = TestPaths.realSources.appendingPathComponent("datagouv-api1_dataset_grand-nancy-stan-gtfs_2020-02-07.json")
        let rows = try Decoding.json(try String(contentsOf: url, encoding: .utf8), columns: ["format", "filesize", "title"], pointer: "/resources")
        #expect(rows.count == 1)
        #expect(rows[0][1] == nil)
    }
}

@Suite("JSON numbers and the recipe's separators")
struct JSONNumberSyntaxTests {
    @Test("a JSON number is read in JSON's syntax whatever decimal and thousands say; text numbers follow them", arguments: ["json", "ndjson"])
    func separators(format: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let objects = [
            #"{"id": 1, "poids": 2.500, "montant": "1.000,50", "annee": 2024}"#,
            #"{"id": 2, "poids": 1000.25, "montant": "3,5", "annee": "2025"}"#,
            #"{"id": 3, "poids": -3.5e2, "montant": 12, "annee": 2026}"#,
        ]
        try sandbox.write("Pipelines/sources/mesures.\(format)", format == "json" ? "[" + objects.joined(separator: ",\n") + "]" : objects.joined(separator: "\n") + "\n")
        try sandbox.write("Pipelines/mesures.yml", """
            id: mesures
            title: Mesures
            source: {url: sources/mesures.\(format), decimal: ",", thousands: "."}
            fields:
              - {name: id, type: integer}
              - {name: poids, type: number}
              - {name: montant, type: number}
              - {name: annee, type: year}
            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("mesures: 3 rows read, 3 published"), "\(run.stdout)")
        // 2.500 was published as 2500 when the recipe's thousands separator was applied to it.
        #expect(try sandbox.text("Output/datasets/mesures/mesures.csv") == "id,poids,montant,annee\n1,2.500,1000.50,2024\n2,1000.25,3.5,2025\n3,-3.5e2,12,2026\n")
    }

    /// pandas writes an integer column with a gap as floats; JavaScript and many APIs write counts
    /// as `12.0` or `1e3`. Frictionless reads such a native number as the integer it is.
    @Test("an integer field takes a JSON number with a whole value (12.0, 1e3) as that integer; a fraction or text stays refused")
    func integralJSONNumbers() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/comptes.json", """
            [{"id": 1, "total": 12.0}, {"id": 2, "total": 1e3}, {"id": 3, "total": null}, {"id": 4, "total": 2.5}, {"id": 5, "total": "7.0"}]
            """)
        try sandbox.write("Pipelines/comptes.yml", """
            id: comptes
            title: Comptes
            source: {url: sources/comptes.json}
            fields:
              - {name: id, type: integer}
              - {name: total, type: integer}
            validation: {max_invalid: 50%}
            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("comptes: 5 rows read, 3 published, 2 invalid"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/comptes/comptes.json") == """
            [
            {"id":1,"total":12},
            {"id":2,"total":1000},
            {"id":3,"total":null}
            ]

            """)
        // The same text in a CSV cell is refused, as Frictionless refuses it.
        try sandbox.write("Pipelines/sources/comptes.csv", "id,total\n1,12.0\n2,3\n")
        try sandbox.write("Pipelines/comptes.yml", try sandbox.text("Pipelines/comptes.yml").replacingOccurrences(of: "comptes.json", with: "comptes.csv"))
        let csv = try sandbox.kiosque("run")
        #expect(csv.stdout.hasPrefix("comptes: 2 rows read, 1 published, 1 invalid"), "\(csv.stdout)")
    }
}

@Suite("JSON keys no record has", .serialized)
struct AbsentKeyTests {
    @Test("a key that no record has is named under the summary with the closest key; one some record has is not")
    func absentKey() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/agents.json", #"[{"code": "A", "nom": "x"}, {"code": "B", "nom": "y", "fermeture": "2025-01-01"}]"#)
        try sandbox.write("Pipelines/agents.yml", """
            id: agents
            title: Agents
            source: {url: sources/agents.json}
            fields:
              - {name: code}
              - {name: nom, from: Nom}
              - {name: fermeture, type: date}
            """)
        // check reads a local JSON source to its end and says the same, at the field.
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("Pipelines/agents.yml:6:12: warning: field 'nom' reads key 'Nom', which no record of the source has (did you mean 'nom'?), so its column is empty; if the key is misspelt, fix from: in the recipe (seen in the local source file as it is now)"), "\(check.stderr)")
        #expect(!check.stderr.contains("'fermeture' reads key"), "\(check.stderr)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            agents: 2 rows read, 2 published -> version 2026-11-21
              note: field 'nom' reads key 'Nom', which no record of the source has (did you mean 'nom'?), so its column is empty; if the key is misspelt, fix from: in the recipe

            """, "\(run.stdout)")
        let report = try sandbox.text("Output/datasets/agents/2026-11-21/report.json")
        #expect(report.contains("field 'nom' reads key 'Nom', which no record of the source has"), "\(report)")
    }

    /// By link, every page has every key; by number, the last page is empty: a key is found on the pages before it.
    @Test("across the pages of an API, a key is absent only when no page has it", arguments: [
        ("/pages/link/1", "  records: /results\n  paginate: {next: /links/next}"),
        ("/pages/number", "  records: /data\n  paginate: {param: page, start: 1, size_param: per_page, size: 3}"),
    ])
    func absentKeyOverPages(path: String, source: String) throws {
        let (sandbox, server) = try PaginationTests.setUp(path, source: source)
        try sandbox.write("Pipelines/enregistrements.yml", try sandbox.text("Pipelines/enregistrements.yml")
            .replacingOccurrences(of: "{name: value, type: integer}", with: "{name: value, from: valeu, type: integer}"))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("note: field 'value' reads key 'valeu', which no record of the source has (did you mean 'value'?)"), "\(run.stdout)")
        #expect(!run.stdout.contains("reads key 'page'") && !run.stdout.contains("reads key 'id'"), "\(run.stdout)")
        withExtendedLifetime(server) {}
    }
}
