import Foundation
import Testing
@testable import KiosqueCore

/// Version notes, pruning, verify, CSVW and rebuilding the catalogue from what is published.
@Suite("Catalogue and versions")
struct CatalogueTests {
    static func write(_ sandbox: Sandbox, rows: [String], keep: Int? = nil) throws {
        try sandbox.write("Pipelines/sources/communes.csv", (["code;commune;naissances;date"] + rows).joined(separator: "\n") + "\n")
        try sandbox.write("Pipelines/communes.yml", """
            id: communes
            title: {fr: Naissances par commune, en: Births by municipality}
            description: Naissances déclarées par commune.
            themes: [SOCI]
            frequency: monthly
            source: {url: sources/communes.csv}
            fields:
              - {name: code, required: true}
              - {name: commune}
              - {name: naissances, type: integer}
              - {name: date, type: date, format: "%d/%m/%Y"}
            primary_key: [code]
            \(keep.map { "publish: {formats: [csv, json], keep_versions: \($0)}" } ?? "")

            """)
    }

    static let rows = ["01;Abidjan;120;01/03/2025", "02;Bouaké;45;15/03/2025", "03;Daloa;30;31/03/2025", "04;Man;12;02/04/2025"]

    @Test("version notes count rows added, removed and changed by primary key")
    func versionNotes() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        // 02 changes, 03 goes, 05 comes.
        try Self.write(sandbox, rows: ["01;Abidjan;120;01/03/2025", "02;Bouaké;46;15/03/2025", "04;Man;12;02/04/2025", "05;Korhogo;9;05/04/2025"])
        let result = try sandbox.kiosque("run")
        #expect(result.stdout == "communes: 4 rows read, 4 published -> version 2026-11-21.2\n")
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        let changes = try #require(history.versions[0].changes)
        var expected = VersionChanges(previous: "2026-11-21", rowsBefore: 4, rowsAfter: 4, rowsAdded: 1, rowsRemoved: 1,
                                      rowsChanged: 1, fieldsAdded: [], fieldsRemoved: [])
        expected.file = "communes.changes.csv"
        #expect(changes == expected)
        #expect(history.versions[0].temporal == TemporalCoverage(start: "2025-03-01", end: "2025-04-05"))
        let record = try sandbox.text("Catalog/datasets/communes.jsonld")
        #expect(record.contains("4 rows against 4 in 2026-11-21: 1 added, 1 removed, 1 changed"))
        #expect(record.contains("dcat:previousVersion"))
        #expect(record.contains("dcat:hasCurrentVersion"))
        let catalogue = try sandbox.text("Catalog/catalog.ttl")
        #expect(catalogue.contains("dcat:startDate \"2025-03-01\"^^xsd:date"))
        #expect(catalogue.contains("dcat:endDate \"2025-04-05\"^^xsd:date"))
    }

    @Test("a field removed and one added are named in the notes")
    func fieldChanges() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/communes.yml", try sandbox.text("Pipelines/communes.yml")
            .replacingOccurrences(of: "  - {name: commune}\n", with: "  - {name: nom_commune, from: commune, personal: false}\n"))
        // The steward hears of the column reusers lose, from the dry run on, before it is published.
        let note = "note: field 'commune', published in 2026-11-21, is not in this run's files: a reuser's script that reads it breaks; "
            + "if it was renamed, say so in the dataset's description"
        #expect(try sandbox.kiosque("run", "--dry-run").stdout.contains(note))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0)
        #expect(run.stdout.contains(note), "\(run.stdout)")
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions[0].changes?.fieldsAdded == ["nom_commune"])
        #expect(history.versions[0].changes?.fieldsRemoved == ["commune"])
        #expect(history.versions[0].changes?.note.contains("fields added: nom_commune; fields removed: commune") == true)
    }

    @Test("a field published in another type than the current version's is named in a note; the same types say nothing")
    func typeChanges() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        try Self.write(sandbox, rows: Self.rows + ["05;Odienné;7;03/04/2025"])
        let same = try sandbox.kiosque("run")
        #expect(same.status == 0 && !same.stdout.contains("note:"), "\(same.stdout)")
        try sandbox.write("Pipelines/communes.yml", try sandbox.text("Pipelines/communes.yml")
            .replacingOccurrences(of: "{name: naissances, type: integer}", with: "{name: naissances}"))
        let run = try sandbox.kiosque("run", "--dry-run")
        #expect(run.stdout.contains("note: the type of field 'naissances' changes from integer (in 2026-11-21.2) to string: "
            + "a reuser's typed reading (JSON values, a schema check) breaks; if it is meant, say so in the dataset's description"), "\(run.stdout)")
        // Published, the change stays in the version's notes for reusers: versions.json, the catalogue, the page.
        #expect(try sandbox.kiosque("run").status == 0)
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions[0].changes?.typesChanged == [TypeChange(field: "naissances", from: "integer", to: "string")])
        #expect(history.versions[1].changes?.typesChanged == nil)
        #expect(history.versions[0].changes?.note.hasSuffix("; types changed: naissances (integer to string)") == true)
        #expect(try sandbox.text("Catalog/datasets/communes.jsonld").contains("types changed: naissances (integer to string)"))
        #expect(try sandbox.text("Output/datasets/communes/index.html").contains("types modifiés : naissances (entier → texte)"))
        #expect(!(try sandbox.text("Output/datasets/communes/versions.json")).contains("\"types_changed\" : [\n\n"))
        // number and integer write whole values alike: no byte changes, so no version and no note.
        try sandbox.write("Pipelines/communes.yml", try sandbox.text("Pipelines/communes.yml")
            .replacingOccurrences(of: "{name: naissances}", with: "{name: naissances, type: number}"))
        #expect(try sandbox.kiosque("run").stdout.contains("-> version 2026-11-21.4"))
        try sandbox.write("Pipelines/communes.yml", try sandbox.text("Pipelines/communes.yml")
            .replacingOccurrences(of: "{name: naissances, type: number}", with: "{name: naissances, type: integer}"))
        let alike = try sandbox.kiosque("run")
        #expect(alike.stdout == "communes: 5 rows read, 5 published -> unchanged (same content as 2026-11-21.4)\n", "\(alike.stdout)")
    }

    @Test("a format no longer published is named in a note with the stable URL that goes")
    func formatDropped() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows, keep: 5)
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Pipelines/communes.yml", try sandbox.text("Pipelines/communes.yml")
            .replacingOccurrences(of: "formats: [csv, json]", with: "formats: [json]"))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0)
        #expect(run.stdout.contains("note: format 'csv', published in 2026-11-21, is not in publish formats any more: the stable URL "
            + "datasets/communes/communes.csv goes, and a reuser who downloads it gets an error"), "\(run.stdout)")
        #expect(!sandbox.exists("Output/datasets/communes/communes.csv"))
        // The version's notes say why there is a version with the same rows: a format went.
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions[0].changes?.formatsRemoved == ["csv"] && history.versions[0].changes?.formatsAdded == nil)
        #expect(history.versions[0].changes?.note == "4 rows, as in 2026-11-21; formats removed: csv")
        #expect(try sandbox.text("Output/datasets/communes/index.html").contains("formats retirés : csv"))
        // In JSON logs, the notes are an array of their own, for a monitor to pick out.
        try sandbox.write("Pipelines/communes.yml", try sandbox.text("Pipelines/communes.yml")
            .replacingOccurrences(of: "formats: [json]", with: "formats: [ndjson]"))
        let logged = try sandbox.kiosque("run", "--dry-run", "--log-format", "json").stdout.split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let checked = logged.first { $0["event"] as? String == "checked" }
        #expect((checked?["notes"] as? [String])?.first?.hasPrefix("format 'json', published in 2026-11-21.2, is not in publish formats any more") == true,
                "\(String(describing: checked))")
        #expect((checked?["message"] as? String)?.contains("formats added: ndjson; formats removed: json") == true, "\(String(describing: checked))")
    }

    @Test("keep_versions prunes old folders once nothing points at them")
    func pruning() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        for (index, count) in [100, 101, 102].enumerated() {
            try Self.write(sandbox, rows: ["01;Abidjan;\(count);01/03/2025"], keep: 2)
            #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": String(1_795_248_000 + index * 86_400)]).status == 0)
        }
        #expect(!sandbox.exists("Output/datasets/communes/2026-11-21"))
        #expect(sandbox.exists("Output/datasets/communes/2026-11-22"))
        #expect(sandbox.exists("Output/datasets/communes/2026-11-23"))
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions.map(\.version) == ["2026-11-23", "2026-11-22"])
        for path in ["Catalog/catalog.jsonld", "Catalog/catalog.ttl", "Catalog/datasets/communes.jsonld"] {
            #expect(!(try sandbox.text(path)).contains("2026-11-21/"), "\(path) still points at the pruned version")
        }
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("a version name is never given again, even after its version was pruned the same day")
    func namesAfterPruning() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        var published: [String: Data] = [:]
        for count in 100...104 {
            try Self.write(sandbox, rows: ["01;Abidjan;\(count);01/03/2025"], keep: 2)
            let result = try sandbox.kiosque("run")
            #expect(result.status == 0, "\(result.stderr)")
            let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
            let version = try #require(history.latest)
            #expect(published[version] == nil, "\(version) was published twice")
            published[version] = try sandbox.read("Output/datasets/communes/\(version)/communes.csv")
        }
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/communes/versions.json"))
        #expect(history.versions.map(\.version) == ["2026-11-21.5", "2026-11-21.4"])
        #expect(!sandbox.exists("Output/datasets/communes/2026-11-21.3"))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("the next name follows the day's highest, whatever gaps and other days", arguments: [
        ([], "2026-11-21"), (["2026-11-21"], "2026-11-21.2"), (["2026-11-21.3", "2026-11-21.2"], "2026-11-21.4"),
        (["2026-11-20.7", "2026-11-21.10", "2026-11-21.9"], "2026-11-21.11"), (["2026-11-20", "2026-11-20.2"], "2026-11-21"),
        (["2026-11-21", "2026-11-21.x", "2026-11-211", "communes.csv"], "2026-11-21.2"),
    ])
    func nextName(taken: [String], next: String) {
        #expect(VersionHistory.nextName(for: "2026-11-21", taken: Set(taken)) == next)
    }

    @Test("verify finds a flipped byte in a version file and in a stable file", arguments: [
        "Output/datasets/communes/2026-11-21/communes.csv", "Output/datasets/communes/communes.json",
        "Output/datasets/communes/2026-11-21/datapackage.json", "Output/datasets/communes/datapackage.json",
        "Output/datasets/communes/communes.csv-metadata.json",
    ])
    func verifyFindsFlippedByte(path: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.kiosque("verify").status == 0)
        var data = try sandbox.read(path)
        data[data.count / 2] ^= 0x01
        // A stable file is a hard link to the version's file: write a new inode so only this path changes.
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent(path))
        try sandbox.write(path, data)
        let result = try sandbox.kiosque("verify")
        #expect(result.status == 1)
        let name = path.replacingOccurrences(of: "Output/", with: "")
        #expect(result.stderr.contains(name), "\(result.stderr)")
        // One damage, one line, with what to do about it.
        #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("kiosque: ") }.count == 1, "\(result.stderr)")
        let stable = !path.contains("2026-11-21")
        #expect(result.stderr.contains(stable ? "run kiosque site to put the stable file back" : "restore it from a backup"))
        // A stable file is derived from its version folder: site puts it back.
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.kiosque("verify").status == (stable ? 0 : 1))
    }

    @Test("verify names a missing stable CSVW file, which the page links; a missing stable Data Package is no problem")
    func verifyStableMetadata() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        // A publication older than the stable Data Package has none there.
        try FileManager.default.removeItem(at: sandbox.output.appendingPathComponent("datasets/communes/datapackage.json"))
        #expect(try sandbox.kiosque("verify").status == 0)
        try FileManager.default.removeItem(at: sandbox.output.appendingPathComponent("datasets/communes/communes.csv-metadata.json"))
        let result = try sandbox.kiosque("verify")
        #expect(result.status == 1)
        #expect(result.stderr.contains("kiosque: datasets/communes/communes.csv-metadata.json (the stable file of 2026-11-21) is missing; run kiosque site to put it back"), "\(result.stderr)")
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.kiosque("verify").status == 0)
        #expect(sandbox.exists("Output/datasets/communes/datapackage.json"))
    }

    @Test("verify names a file put into a version folder after publication; a hidden file is left alone")
    func verifyFindsAddedFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        try sandbox.write("Output/datasets/communes/2026-11-21/.keep", "")
        #expect(try sandbox.kiosque("verify").status == 0)
        try sandbox.write("Output/datasets/communes/2026-11-21/communes-corrige.csv", "code,nom\n")
        let result = try sandbox.kiosque("verify")
        #expect(result.status == 1)
        #expect(result.stderr.contains("kiosque: datasets/communes/2026-11-21/communes-corrige.csv is not one of the version's files (SHA256SUMS does not list it)"),
                "\(result.stderr)")
        // The next run publishes as usual; the file stays until someone removes it.
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(sandbox.exists("Output/datasets/communes/2026-11-21/communes-corrige.csv"))
    }

    @Test("kiosque site restores a deleted Catalog/ byte for byte, without fetching")
    func siteRestores() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let before = try Hashing.tree(sandbox, "Catalog").filter { !$0.key.hasPrefix("validators/") }
        let copy = try Hashing.tree(sandbox, "Output/catalog")
        try FileManager.default.removeItem(at: sandbox.catalog)
        try FileManager.default.removeItem(at: sandbox.output.appendingPathComponent("catalog"))
        // The sources are gone too: site must not need them.
        try FileManager.default.removeItem(at: sandbox.pipelines.appendingPathComponent("sources"))
        let result = try sandbox.kiosque("site")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Hashing.tree(sandbox, "Catalog").filter { !$0.key.hasPrefix("validators/") } == before)
        #expect(try Hashing.tree(sandbox, "Output/catalog") == copy)
    }

    @Test("each CSV has its CSVW metadata beside it, in the version folder and at the stable URL")
    func csvw() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, rows: Self.rows)
        #expect(try sandbox.kiosque("run").status == 0)
        for path in ["Output/datasets/communes/2026-11-21/communes.csv-metadata.json", "Output/datasets/communes/communes.csv-metadata.json"] {
            let metadata = try JSONSerialization.jsonObject(with: sandbox.read(path)) as! [String: Any]
            #expect(metadata["url"] as? String == "communes.csv")
            let schema = metadata["tableSchema"] as! [String: Any]
            let columns = (schema["columns"] as! [[String: Any]]).map { $0["name"] as! String }
            #expect(columns == ["code", "commune", "naissances", "date"])
            #expect(schema["primaryKey"] as? [String] == ["code"])
        }
        #expect(try sandbox.text("Output/datasets/communes/2026-11-21/SHA256SUMS").contains("communes.csv-metadata.json"))
    }

    @Test("byte order (temporal span, text bounds) is lexicographicallyPrecedes on bytes, prefixes first")
    func temporalOrder() {
        let samples = ["", "2", "2025", "2025-", "2025-03", "2025-03-01", "2025-03-01T10:00:00Z", "2024-12-31", "2025-12", "2026", "2025-03-1"]
        var random = SeededBytes.make(4096, seed: 7).makeIterator()
        var values = samples.map { Array($0.utf8) }
        for _ in 0..<200 { values.append((0..<Int(random.next()! % 6)).map { _ in random.next()! }) }
        for first in values {
            for second in values {
                let ours = first.withUnsafeBufferPointer { a in second.withUnsafeBufferPointer { b in ByteOrder.precedes(a, b) } }
                #expect(ours == first.lexicographicallyPrecedes(second), "\(first) \(second)")
            }
        }
    }
}
