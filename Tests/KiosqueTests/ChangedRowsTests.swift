import Foundation
import Testing
@testable import KiosqueCore

/// Each version after the first, with a primary key, lists the rows that changed in
/// `<id>.changes.csv`, so that a reuser who holds the previous version can catch up without
/// downloading and comparing the whole file.
@Suite("Changed rows")
struct ChangedRowsTests {
    static let key = "changed-rows-key-0123456789abcdef-01234"

    static func sandbox(_ csv: String, fields: String = "  - {name: numero}\n  - {name: statut}\n  - {name: note}\n",
                        key: Bool = true) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes.csv", csv)
        try recipe(sandbox, fields: fields, key: key)
        return sandbox
    }

    static func recipe(_ sandbox: Sandbox, fields: String, key: Bool = true) throws {
        try sandbox.write("Pipelines/demandes.yml", """
            id: demandes
            title: Demandes
            source: {url: sources/demandes.csv}
            fields:
            \(fields)\(key ? "primary_key: [numero]\n" : "")
            """)
    }

    static func run(_ sandbox: Sandbox, day: Int = 1) throws -> ProcessResult {
        try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1795248000 + (day - 1) * 86400), "KIOSQUE_TEST_KEY": key])
    }

    static func changes(_ sandbox: Sandbox) throws -> VersionChanges? {
        try sandbox.workspace.loadHistory("demandes")?.current?.changes
    }

    @Test("rows added and changed come whole as now published, rows removed by their key, in each file's order")
    func listed() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nA1;déposée;\"a, b\"\nA2;déposée;\nA3;instruite;\"dit \"\"non\"\"\"\nA5;déposée;z\n")
        #expect(try Self.run(sandbox).status == 0)
        #expect(!sandbox.exists("Output/datasets/demandes/2026-11-21/demandes.changes.csv"))
        #expect(try Self.changes(sandbox)?.file == nil)
        try sandbox.write("Pipelines/sources/demandes.csv",
                          "numero;statut;note\nA5;déposée;z\nA1;acceptée;\"a, b\"\nA3;instruite;\"dit \"\"non\"\"\"\nA4;déposée;\"x\ny\"\n")
        let result = try Self.run(sandbox, day: 2)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/demandes/2026-11-22/demandes.changes.csv") == """
            change,numero,statut,note
            changed,A1,acceptée,"a, b"
            added,A4,déposée,"x
            y"
            removed,A2,,

            """)
        let changes = try #require(try Self.changes(sandbox))
        #expect(changes.file == "demandes.changes.csv")
        #expect((changes.rowsAdded, changes.rowsRemoved, changes.rowsChanged) == (1, 1, 1))
        // Listed in the version's checksums, which verify checks, and linked from the page.
        let sums = try sandbox.text("Output/datasets/demandes/2026-11-22/SHA256SUMS")
        let data = try sandbox.read("Output/datasets/demandes/2026-11-22/demandes.changes.csv")
        #expect(sums.contains("\(Hashing.sha256(data))  demandes.changes.csv\n"))
        #expect(try sandbox.kiosque("verify").status == 0)
        #expect(try sandbox.text("Output/datasets/demandes/index.html").contains("<a href=\"2026-11-22/demandes.changes.csv\">demandes.changes.csv</a> (lignes ajoutées, modifiées et retirées) "))
        #expect(try sandbox.text("Output/datasets/demandes/index.en.html").contains("<a href=\"2026-11-22/demandes.changes.csv\">demandes.changes.csv</a> (rows added, changed and removed) "))
        // The feed's entry for the version links it, for a reader that keeps a copy up to date; the first version's has none.
        let feed = try sandbox.text("Output/feed.atom")
        #expect(feed.contains("<link rel=\"related\" type=\"text/csv\" href=\"https://donnees.test.example/datasets/demandes/2026-11-22/demandes.changes.csv\"/>"), "\(feed)")
        #expect(feed.components(separatedBy: "rel=\"related\"").count == 2)
        let json = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/demandes/versions.json")) as! [String: Any]
        let entry = (json["versions"] as! [[String: Any]])[0]
        #expect((entry["changes"] as! [String: Any])["file"] as? String == "demandes.changes.csv")
    }

    /// The README's `apply_changes`, as a reuser would copy it.
    static func readmeSnippet() throws -> String {
        let readme = try String(contentsOf: TestPaths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- apply-changes -->\n  ```python\n"))
        let end = try #require(readme.range(of: "  ```\n", range: start.upperBound..<readme.endIndex))
        return readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }.joined(separator: "\n")
    }

    @Test("the README's apply_changes, run on each version's list in turn, gives every version's rows (seeded edits, a key of two fields)")
    func appliedByReusers() throws {
        var state: UInt64 = 0x5EED_CAFE
        func random(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let notes = ["a, b", "dit \"non\"", "ligne\nsuivante", "", "  espace", "rien", "x;y", "é à ç"]
        let statuses = ["déposée", "instruite", "acceptée", "refusée"]
        var rows: [String: (String, String)] = [:]
        var next = 0
        func add() { rows["R\(random(3))|\(next)"] = (statuses[random(4)], notes[random(notes.count)]); next += 1 }
        for _ in 0..<60 { add() }
        func csv() -> String {
            func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return "region;numero;statut;note\n" + rows.keys.sorted().map { key in
                let parts = key.split(separator: "|")
                return "\(parts[0]);\(parts[1]);\(rows[key]!.0);\(quoted(rows[key]!.1))"
            }.joined(separator: "\n") + "\n"
        }
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes.csv", csv())
        try sandbox.write("Pipelines/demandes.yml", """
            id: demandes
            title: Demandes
            source: {url: sources/demandes.csv, missing_values: []}
            fields:
              - {name: region}
              - {name: numero, type: integer}
              - {name: statut}
              - {name: note}
            primary_key: [region, numero]

            """)
        #expect(try Self.run(sandbox).status == 0)
        for day in 2...5 {
            for key in rows.keys.sorted() where random(12) == 0 { rows[key] = nil }
            for key in rows.keys.sorted() where random(6) == 0 { rows[key] = (statuses[random(4)], notes[random(notes.count)]) }
            for _ in 0..<random(6) { add() }
            try sandbox.write("Pipelines/sources/demandes.csv", csv())
            let result = try Self.run(sandbox, day: day)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let script = try Self.readmeSnippet() + """

            import json
            folder = "Output/datasets/demandes/"
            versions = [v["version"] for v in json.load(open(folder + "versions.json"))["versions"]][::-1]
            key = ["region", "numero"]
            def load(version):
                with open(folder + version + "/demandes.csv", newline="", encoding="utf-8") as handle:
                    return {tuple(row[name] for name in key): row for row in csv.DictReader(handle)}
            held = load(versions[0])
            for version in versions[1:]:
                apply_changes(held, folder + version + "/demandes.changes.csv", key)
                assert held == load(version), version
            print(len(versions), len(held))
            """
        let result = try XLSXOutputTests.python(script, in: sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("5 "), "\(result.stdout)")
    }

    @Test("withdrawing a version says which version left online lists the keys of the rows it removed from it")
    func withdrawn() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nA1;déposée;n\nA2;déposée;m\n")
        #expect(try Self.run(sandbox).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nA1;acceptée;n\n")
        #expect(try Self.run(sandbox, day: 2).status == 0)
        // In a copy, with JSON logs: the withdrawal names the version whose list is concerned, for a script.
        let copy = try Sandbox()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: sandbox.root, to: copy.root)
        let json = try copy.kiosque("withdraw", "demandes", "2026-11-21", "--log-format", "json", environment: ["SOURCE_DATE_EPOCH": "1795420800"])
        #expect(json.stdout.contains("\"changes_lists\":[\"2026-11-22\"]"), "\(json.stdout)")
        let result = try sandbox.kiosque("withdraw", "demandes", "2026-11-21", environment: ["SOURCE_DATE_EPOCH": "1795420800"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\n  version 2026-11-22 stays, and its demandes.changes.csv names the key of each row of 2026-11-21 it removed; if those keys must go too, withdraw it as well: kiosque withdraw demandes 2026-11-22\n"), "\(result.stdout)")
        // Withdrawing that one too leaves nothing to say.
        let second = try sandbox.kiosque("withdraw", "demandes", "2026-11-22", environment: ["SOURCE_DATE_EPOCH": "1795420800"])
        #expect(second.status == 0 && !second.stdout.contains("stays, and its"), "\(second.stdout)")
        #expect(!sandbox.exists("Output/datasets/demandes/2026-11-22/demandes.changes.csv"))
    }

    @Test("the key lands in its column when the fields were reordered, and a new field changes every row")
    func reordered() throws {
        let sandbox = try Self.sandbox("numero;statut;note;ville\nA1;déposée;n;Daloa\nA2;déposée;m;Divo\n")
        #expect(try Self.run(sandbox).status == 0)
        try Self.recipe(sandbox, fields: "  - {name: statut}\n  - {name: ville}\n  - {name: numero}\n  - {name: note}\n")
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note;ville\nA2;déposée;m;Divo\n")
        #expect(try Self.run(sandbox, day: 2).status == 0)
        #expect(try sandbox.text("Output/datasets/demandes/2026-11-22/demandes.changes.csv") == """
            change,statut,ville,numero,note
            changed,déposée,Divo,A2,m
            removed,,,A1,

            """)
    }

    @Test("a field named change moves the kind to kiosque_change; nothing changed gives the header alone")
    func headerOnly() throws {
        let fields = "  - {name: numero}\n  - {name: change}\n"
        let sandbox = try Self.sandbox("numero;change\nA1;x\n", fields: fields)
        #expect(try Self.run(sandbox).status == 0)
        // Another format makes a new version with the same rows.
        try sandbox.write("Pipelines/demandes.yml", try sandbox.text("Pipelines/demandes.yml") + "publish: {formats: [csv, ndjson]}\n")
        #expect(try Self.run(sandbox, day: 2).status == 0)
        #expect(try sandbox.text("Output/datasets/demandes/2026-11-22/demandes.changes.csv") == "kiosque_change,numero,change\n")
    }

    @Test("without a primary key there is no list: whole rows cannot tell a change from a new row")
    func withoutKey() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nA1;déposée;n\n", key: false)
        #expect(try Self.run(sandbox).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nA1;acceptée;n\n")
        #expect(try Self.run(sandbox, day: 2).status == 0)
        #expect(try Self.changes(sandbox)?.rowsAdded == 1)
        #expect(try Self.changes(sandbox)?.file == nil)
        #expect(!sandbox.exists("Output/datasets/demandes/2026-11-22/demandes.changes.csv"))
    }

    static let pseudonymised = "  - {name: numero, anonymise: {pseudonymise: {key: \"${env:KIOSQUE_TEST_KEY}\"}}}\n  - {name: statut}\n  - {name: note}\n"

    @Test("a pseudonymised key under the same key lists pseudonyms, as both versions publish them")
    func pseudonymisedKey() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nCI0001;déposée;n\nCI0002;déposée;m\n", fields: Self.pseudonymised)
        #expect(try Self.run(sandbox).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nCI0001;acceptée;n\n")
        #expect(try Self.run(sandbox, day: 2).status == 0)
        let first = AnonymisationTests.hmac("CI0001", Self.key, length: 16), second = AnonymisationTests.hmac("CI0002", Self.key, length: 16)
        #expect(try sandbox.text("Output/datasets/demandes/2026-11-22/demandes.changes.csv")
                == "change,numero,statut,note\nchanged,\(first),acceptée,n\nremoved,\(second),,\n")
    }

    @Test("a key published as the source had it and pseudonymised now: no list, so the raw keys removed are not carried on")
    func keyNowPseudonymised() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nCI0001;déposée;n\nCI0002;déposée;m\n")
        #expect(try Self.run(sandbox).status == 0)
        try Self.recipe(sandbox, fields: Self.pseudonymised)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nCI0001;acceptée;n\n")
        let result = try Self.run(sandbox, day: 2)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.changes(sandbox)?.file == nil)
        for path in sandbox.files(under: "Output/datasets/demandes/2026-11-22") {
            #expect(!(try sandbox.text("Output/datasets/demandes/2026-11-22/" + path)).contains("CI000"), "\(path)")
        }
    }

    @Test("a key pseudonymised under another key than the previous version's: no list, the pseudonyms do not link")
    func rekeyed() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nCI0001;déposée;n\n", fields: Self.pseudonymised)
        #expect(try Self.run(sandbox).status == 0)
        let other = "another-changed-rows-key-0123456789abcdef"
        let id = AnonymisationTests.hmac("kiosque pseudonymisation key identifier", other, length: 12)
        try Self.recipe(sandbox, fields: Self.pseudonymised.replacingOccurrences(of: "KIOSQUE_TEST_KEY}\"}", with: "KIOSQUE_TEST_KEY}\", key_id: \(id)}"))
        let result = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400", "KIOSQUE_TEST_KEY": other])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.changes(sandbox)?.rekeyed == ["numero"])
        #expect(try Self.changes(sandbox)?.file == nil)
    }

    @Test("a dry run writes no list")
    func dryRun() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nA1;déposée;n\n")
        #expect(try Self.run(sandbox).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nA1;acceptée;n\n")
        let result = try sandbox.kiosque("run", "--dry-run", environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        #expect(result.stdout.contains("1 changed"), "\(result.stdout)")
        #expect(sandbox.files(under: "Output").allSatisfy { !$0.hasSuffix(".changes.csv") })
    }

    @Test("a damaged changes list is made again by run --force, byte for byte, from the two versions' CSV files; not when the older one is damaged too")
    func repaired() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nA1;déposée;x\nA2;déposée;\n")
        #expect(try Self.run(sandbox).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nA1;acceptée;x\nA3;déposée;\n")
        #expect(try Self.run(sandbox, day: 2).status == 0)
        let path = "Output/datasets/demandes/2026-11-22/demandes.changes.csv"
        let original = try sandbox.read(path)
        try sandbox.write(path, "change,numero,statut,note\n")
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 1 && verify.stderr.contains("datasets/demandes/2026-11-22/demandes.changes.csv does not match SHA256SUMS: it changed after it was published; restore it from a backup of the output folder, or run kiosque run --force demandes to make it again from the CSV files of 2026-11-21 and 2026-11-22 if the source still gives the same rows"), "\(verify.stderr)")
        let forced = try sandbox.kiosque("run", "--force", environment: ["SOURCE_DATE_EPOCH": String(1795248000 + 2 * 86400)])
        #expect(forced.stdout.contains("unchanged (same content as 2026-11-22; wrote again datasets/demandes/2026-11-22/demandes.changes.csv)"), "\(forced.stdout)\(forced.stderr)")
        #expect(forced.stderr.contains("datasets/demandes/2026-11-22/demandes.changes.csv had changed after it was published; it is made again from the two versions' CSV files"), "\(forced.stderr)")
        #expect(try sandbox.read(path) == original)
        #expect(try sandbox.kiosque("verify").status == 0)

        // The older CSV damaged too: the list is not made from it, and the steward is told what to do.
        try sandbox.write(path, "change,numero,statut,note\n")
        try sandbox.write("Output/datasets/demandes/2026-11-21/demandes.csv", "numero,statut,note\nA1,acceptée,x\n")
        let refused = try sandbox.kiosque("run", "--force", environment: ["SOURCE_DATE_EPOCH": String(1795248000 + 2 * 86400)])
        #expect(refused.stderr.contains("datasets/demandes/2026-11-22/demandes.changes.csv changed after it was published, and cannot be made again: it lists the changes since 2026-11-21, whose CSV changed after it was published too; restore it from a backup of the output folder"), "\(refused.stderr)")
        #expect(try sandbox.text(path) == "change,numero,statut,note\n")
    }

    @Test("a changes list that cannot be written (a full disk half-way) is left out: the version is published with its counts, and nothing half-written stays")
    func writeFails() throws {
        let sandbox = try Self.sandbox("numero;statut;note\nA1;déposée;x\nA2;déposée;\n")
        #expect(try Self.run(sandbox).status == 0)
        try sandbox.write("Pipelines/sources/demandes.csv", "numero;statut;note\nA1;acceptée;x\nA3;déposée;\n")
        let run = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1795248000 + 86400), "KIOSQUE_TEST_FAIL_AT": "changes-list"])
        #expect(run.status == 0 && run.stdout.contains("-> version 2026-11-22"), "\(run.stdout)\(run.stderr)")
        let changes = try #require(try Self.changes(sandbox))
        #expect(changes.file == nil && (changes.rowsAdded, changes.rowsRemoved, changes.rowsChanged) == (1, 1, 1))
        #expect(!sandbox.exists("Output/datasets/demandes/2026-11-22/demandes.changes.csv"))
        #expect(try sandbox.kiosque("verify").status == 0)
        #expect(!(try sandbox.text("Output/datasets/demandes/index.html")).contains("changes.csv"))
    }
}
