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

    @Test("a wrong pointer says which keys exist")
    func wrongPointer() throws {
        #expect {
            _ = try Decoding.json(Self.document, columns: ["id"], pointer: "/data/rows")
        } throws: { error in
            "\(error)".contains("no 'rows' at /data") && "\(error)".contains("items")
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
