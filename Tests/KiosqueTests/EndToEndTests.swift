import Foundation
import Testing
@testable import KiosqueCore

/// The built `kiosque` binary on the bundled example pipelines, as a steward or cron would run it.
@Suite("Publishing the examples end to end")
struct EndToEndTests {
    static func examples() throws -> Sandbox {
        let sandbox = try Sandbox()
        try FileManager.default.removeItem(at: sandbox.pipelines)
        try FileManager.default.copyItem(at: TestPaths.repository.appendingPathComponent("Pipelines"), to: sandbox.pipelines)
        return sandbox
    }

    @Test("run publishes every example per the published layout and says so")
    func publishes() throws {
        let sandbox = try Self.examples()
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            demarches: 25 rows read, 25 published -> version 2026-11-21
            naissances: 200 rows read, 195 published, 1 invalid, 4 suppressed for k-anonymity -> version 2026-11-21
              1 × type in poids_g
            services-en-ligne: 8 rows read, 8 published -> version 2026-11-21

            """)
        for (id, formats) in [("demarches", ["csv", "json", "csv.gz", "xlsx"]), ("naissances", ["csv", "json", "ndjson"]),
                              ("services-en-ligne", ["csv", "json", "ndjson", "json.gz"])] {
            let version = "Output/datasets/\(id)/2026-11-21"
            for name in ["datapackage.json", "SHA256SUMS", "report.json", "../versions.json"] {
                #expect(sandbox.exists("\(version)/\(name)"), "\(id) \(name)")
            }
            for format in formats {
                #expect(try sandbox.read("\(version)/\(id).\(format)") == sandbox.read("Output/datasets/\(id)/\(id).\(format)"))
            }
            // SHA256SUMS lists every other file of the folder, and they match.
            let sums = try sandbox.text("\(version)/SHA256SUMS").split(separator: "\n")
            #expect(sums.count == formats.count + 3)  // report, datapackage, CSVW metadata
            for line in sums {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                #expect(Hashing.sha256(try sandbox.read("\(version)/\(parts[1])")) == String(parts[0]))
            }
        }
        for path in ["Catalog/catalog.jsonld", "Catalog/catalog.ttl", "Catalog/datasets/naissances.jsonld",
                     "Output/catalog/catalog.jsonld", "Output/catalog/catalog.ttl"] {
            #expect(sandbox.exists(path), "\(path)")
        }
        let verify = try sandbox.kiosque("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test("CSV out is UTF-8 without BOM, comma-separated, ISO dates and point decimals; JSON is typed")
    func outputFormats() throws {
        let sandbox = try Self.examples()
        _ = try sandbox.kiosque("run", "demarches", "naissances")
        let csv = try sandbox.read("Output/datasets/demarches/demarches.csv")
        #expect(csv.prefix(3) != Data([0xEF, 0xBB, 0xBF]))
        let text = String(decoding: csv, as: UTF8.self)
        #expect(text.hasPrefix("code,intitule,ministere,canal,pieces_a_fournir,delai_jours,cout_fcfa,mise_a_jour\n"))
        #expect(text.contains("DEM-0002,Copie intégrale d'acte de mariage,Ministère de la Santé et de l'Hygiène publique,Sur place,\"Livret de famille\nPièce d’identité\",2,0,2024-03-06\n"))
        let json = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances/naissances.json")) as! [[String: Any]]
        #expect(json.count == 195)
        #expect(json[0]["numero_acte"] as? String == "2025-000001")
        #expect(json[0]["poids_g"] as? Int == 3031)
        #expect(json[0]["taille_cm"] as? Double == 47.2)
        #expect(json[0]["mois_declaration"] as? String == "2025-01")
        let lines = try sandbox.text("Output/datasets/naissances/naissances.ndjson").split(separator: "\n")
        #expect(lines.count == 195)
        // gzip forms decompress to the plain files.
        let gunzip = try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -dc Output/datasets/demarches/demarches.csv.gz"],
                                           in: sandbox.root, environment: [:])
        #expect(gunzip.status == 0)
        #expect(gunzip.stdout == text)
    }

    @Test("a second run on an unchanged source makes no version and exits 0")
    func unchanged() throws {
        let sandbox = try Self.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        let again = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        #expect(again.status == 0)
        #expect(again.stdout == """
            demarches: unchanged (same source bytes as for 2026-11-21)
            naissances: unchanged (same source bytes as for 2026-11-21)
            services-en-ligne: unchanged (same source bytes as for 2026-11-21)

            """)
        // Forced, the sources are read again; the content is the same, so still no version.
        let forced = try sandbox.kiosque("run", "--force")
        #expect(forced.status == 0)
        #expect(forced.stdout.components(separatedBy: "unchanged (same content as 2026-11-21)").count == 4, "\(forced.stdout)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
    }

    @Test("a changed source makes DATE.2; stable files follow it; the first version is untouched")
    func changed() throws {
        let sandbox = try Self.examples()
        #expect(try sandbox.kiosque("run", "naissances").status == 0)
        let first = try Hashing.tree(sandbox, "Output/datasets/naissances/2026-11-21")
        var source = try sandbox.read("Pipelines/sources/naissances.csv")
        let old = Data(";Korhogo;M;3031;".utf8), new = Data(";Korhogo;M;3032;".utf8)
        let range = try #require(source.range(of: old))
        source.replaceSubrange(range, with: new)
        try sandbox.write("Pipelines/sources/naissances.csv", source)

        let result = try sandbox.kiosque("run", "naissances")
        #expect(result.status == 0)
        #expect(result.stdout == "naissances: 200 rows read, 195 published, 1 invalid, 4 suppressed for k-anonymity -> version 2026-11-21.2\n  1 × type in poids_g\n")
        #expect(try Hashing.tree(sandbox, "Output/datasets/naissances/2026-11-21") == first)
        for name in ["naissances.csv", "naissances.json", "naissances.ndjson", "naissances.csv-metadata.json", "datapackage.json"] {
            #expect(try sandbox.read("Output/datasets/naissances/\(name)") == sandbox.read("Output/datasets/naissances/2026-11-21.2/\(name)"), "\(name)")
        }
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("<a href=\"datapackage.json\">Data Package (Frictionless)</a>"))
        // Without it (deleted, or a publication older than it), the page links the version's;
        // kiosque site puts it back.
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Output/datasets/naissances/datapackage.json"))
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("<a href=\"2026-11-21.2/datapackage.json\">Data Package (Frictionless)</a>"))
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("<a href=\"datapackage.json\">Data Package (Frictionless)</a>"))
        #expect(try sandbox.read("Output/datasets/naissances/datapackage.json") == sandbox.read("Output/datasets/naissances/2026-11-21.2/datapackage.json"))
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv").contains("2025-000001,2025-01,2025-01,Korhogo,M,3032,47.2"))
        let history = try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/naissances/versions.json"))
        #expect(history.latest == "2026-11-21.2")
        #expect(history.versions.map(\.version) == ["2026-11-21.2", "2026-11-21"])
        #expect(history.versions[0].changes?.previous == "2026-11-21")
        // The catalogue points at the new checksums.
        #expect(try sandbox.kiosque("verify").status == 0)
        let catalogue = try sandbox.text("Catalog/catalog.ttl")
        #expect(catalogue.contains(history.versions[0].files[0].sha256))
        #expect(!catalogue.contains(history.versions[1].files[0].sha256))
    }

    @Test("versions.json says each version's date, rows, bytes, sha256 and changes, the first's too; a history without them is read and completed")
    func versionsFile() throws {
        let sandbox = try Self.examples()
        #expect(try sandbox.kiosque("run", "naissances").status == 0)
        let path = "Output/datasets/naissances/versions.json"
        // As builds before these keys wrote it: read as it is, completed by the next version.
        var object = try #require(JSONSerialization.jsonObject(with: sandbox.read(path)) as? [String: Any])
        var entries = try #require(object["versions"] as? [[String: Any]])
        let written = entries[0]
        for key in ["date", "bytes", "sha256", "changes"] { entries[0][key] = nil }
        object["versions"] = entries
        try sandbox.write(path, JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]))
        #expect(try sandbox.kiosque("verify").status == 0)
        var source = try sandbox.read("Pipelines/sources/naissances.csv")
        let range = try #require(source.range(of: Data(";Korhogo;M;3031;".utf8)))
        source.replaceSubrange(range, with: Data(";Korhogo;M;3032;".utf8))
        try sandbox.write("Pipelines/sources/naissances.csv", source)
        #expect(try sandbox.kiosque("run", "naissances").status == 0)

        let versions = try #require(JSONSerialization.jsonObject(with: sandbox.read(path)) as? [String: Any])["versions"] as? [[String: Any]]
        let (second, first) = try (#require(versions?.first), #require(versions?.last))
        #expect(first["date"] as? String == "2026-11-21" && second["date"] as? String == "2026-11-21")
        #expect(first["rows"] as? Int == 195)
        #expect(NSDictionary(dictionary: first).isEqual(to: written))
        for entry in [first, second] {
            let version = try #require(entry["version"] as? String)
            let csv = try sandbox.read("Output/datasets/naissances/\(version)/naissances.csv")
            #expect(entry["bytes"] as? Int == csv.count)
            #expect(entry["sha256"] as? String == Publication.sha256(csv))
        }
        let firstChanges = try #require(first["changes"] as? [String: Any])
        #expect(firstChanges["previous"] is NSNull)
        #expect(firstChanges["rows_before"] as? Int == 0 && firstChanges["rows_added"] as? Int == 195 && firstChanges["rows_removed"] as? Int == 0)
        #expect(firstChanges["fields_added"] as? [String] == first["fields"] as? [String])
        let secondChanges = try #require(second["changes"] as? [String: Any])
        #expect(secondChanges["previous"] as? String == "2026-11-21" && secondChanges["rows_changed"] as? Int == 1)
        // The first version is still told as the first, in the catalogue and on the site.
        #expect(try sandbox.text("Catalog/datasets/naissances.jsonld").contains("First version: 195 rows"))
        #expect(try sandbox.text("Output/datasets/naissances/index.html").contains("Première version"))
    }

    @Test("dropped columns appear in no published byte")
    func droppedColumns() throws {
        let sandbox = try Self.examples()
        #expect(try sandbox.kiosque("run", "--verbose").status == 0)
        let source = try #require(String(data: sandbox.read("Pipelines/sources/naissances.csv"), encoding: .windowsCP1252))
        var personal = Set<String>()
        for line in source.split(separator: "\r\n").dropFirst() {
            let cells = line.split(separator: ";", omittingEmptySubsequences: false)
            guard cells.count >= 10 else { continue }
            personal.insert(String(cells[7]))  // the mother's name
            personal.insert(String(cells[9]))  // the declarant's phone
            personal.insert(String(cells[9]).replacingOccurrences(of: " ", with: ""))
        }
        #expect(personal.count > 20)
        let published = sandbox.files(under: "Output").map { "Output/\($0)" } + sandbox.files(under: "Catalog").map { "Catalog/\($0)" }
        for path in published {
            var bytes = try sandbox.read(path)
            if path.hasSuffix(".gz") {
                bytes = Data(try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -dc '\(path)'"], in: sandbox.root, environment: [:]).stdout.utf8)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for value in personal {
                #expect(!text.contains(value), "\(path) holds a dropped value")
            }
        }
        let report = try sandbox.text("Output/datasets/naissances/2026-11-21/report.json")
        #expect(report.contains("\"operator\" : \"drop\""))
        let header = try sandbox.text("Output/datasets/naissances/naissances.csv")
        for name in ["nom_mere", "telephone_declarant"] { #expect(!header.contains(name)) }
    }

    @Test("the same sources and SOURCE_DATE_EPOCH give byte-identical publications")
    func reproducible() throws {
        let first = try Self.examples(), second = try Self.examples()
        #expect(try first.kiosque("run", "--jobs", "1").status == 0)
        #expect(try second.kiosque("run", "--jobs", "3").status == 0)
        #expect(try Hashing.tree(first, "Output") == Hashing.tree(second, "Output"))
        #expect(try Hashing.tree(first, "Catalog") == Hashing.tree(second, "Catalog"))
    }

    /// A field's description in several languages: the Data Package took whichever its dictionary
    /// gave first, which changes from one process to the next (Swift seeds its hashing per process).
    @Test("a field described in several languages is described in the catalogue's first language in every Data Package")
    func fieldDescriptionLanguage() throws {
        for _ in 0..<4 {
            let sandbox = try Self.examples()
            let recipe = try sandbox.text("Pipelines/naissances.yml")
            try sandbox.write("Pipelines/naissances.yml", recipe.replacingOccurrences(
                of: "en: \"Weight at birth, in grams\"}", with: "en: \"Weight at birth, in grams\", ar: \"الوزن عند الولادة بالغرام\"}"))
            #expect(try sandbox.kiosque("run", "naissances").status == 0)
            let package = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances/2026-11-21/datapackage.json")) as? [String: Any]
            let resource = (package?["resources"] as? [[String: Any]])?.first
            let fields = (resource?["schema"] as? [String: Any])?["fields"] as? [[String: Any]]
            #expect(fields?.first { $0["name"] as? String == "poids_g" }?["description"] as? String == "Poids à la naissance, en grammes")
        }
    }

    @Test("dry run reports and writes nothing")
    func dryRun() throws {
        let sandbox = try Self.examples()
        let result = try sandbox.kiosque("run", "--dry-run", "naissances")
        #expect(result.status == 0)
        #expect(result.stdout == """
            naissances: 200 rows read, 195 published, 1 invalid, 4 suppressed for k-anonymity (dry run, nothing written): a run would publish the first version
              1 × type in poids_g
              row 37 (line 45): poids_g: type 'inconnu'

            """)
        #expect(!sandbox.exists("Output"))
        #expect(!sandbox.exists("Catalog"))
    }

    /// A steward trying a new export or a recipe change before cron takes it: the dry run says what
    /// the run would do, and fails where the run would fail.
    @Test("dry run says whether a run would publish, what would change, and fails where the run would")
    func dryRunVerdict() throws {
        let sandbox = try Self.examples()
        #expect(try sandbox.kiosque("run", "naissances").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        let same = try sandbox.kiosque("run", "--dry-run", "naissances")
        #expect(same.stdout.hasPrefix("naissances: 200 rows read, 195 published, 1 invalid, 4 suppressed for k-anonymity (dry run, nothing written): the same content as 2026-11-21, so a run would make no version\n"), "\(same.stdout)")

        // The export loses its last 20 lines.
        let source = try sandbox.read("Pipelines/sources/naissances.csv")
        let lines = source.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        func keep(_ count: Int) throws {
            try sandbox.write("Pipelines/sources/naissances.csv", Data(lines.prefix(count).joined(separator: [UInt8(ascii: "\n")])) + Data("\n".utf8))
        }
        try keep(lines.count - 21)
        let fewer = try sandbox.kiosque("run", "--dry-run", "naissances")
        #expect(fewer.status == 0)
        #expect(fewer.stdout.contains("(dry run, nothing written): a run would publish a new version: "), "\(fewer.stdout)")
        #expect(fewer.stdout.contains(" against 195 in 2026-11-21: 0 added, "), "\(fewer.stdout)")

        // Under max_row_drop, or with the header alone, the run would fail: so does the dry run.
        let recipe = try sandbox.text("Pipelines/naissances.yml")
        try sandbox.write("Pipelines/naissances.yml", recipe.replacingOccurrences(of: "  max_invalid: 5%\n", with: "  max_invalid: 5%\n  max_row_drop: 5%\n"))
        let dropped = try sandbox.kiosque("run", "--dry-run", "naissances")
        #expect(dropped.status == 1)
        #expect(dropped.stderr.contains("a drop above max_row_drop (5%); the export may be cut short, so nothing was published"), "\(dropped.stderr)")
        try sandbox.write("Pipelines/naissances.yml", recipe)
        try keep(1)
        let empty = try sandbox.kiosque("run", "--dry-run", "naissances")
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no rows to publish, against 195 in 2026-11-21"), "\(empty.stderr)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
    }
}

@Suite("Command line contract")
struct CommandLineTests {
    @Test("check reports a recipe error as file:line:column and exits 2, offline")
    func checkError() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/budget.yml", """
            id: budget
            title: Budget
            source: {url: "https://unreachable.invalid/budget.csv", delimitr: ";"}
            fields:
              - {name: montant, type: number}

            """)
        let result = try sandbox.kiosque("check")
        #expect(result.status == 2)
        #expect(result.stderr == """
            Pipelines/budget.yml:3:57: error: unknown key 'delimitr' in source (did you mean 'delimiter'?)
            source: {url: "https://unreachable.invalid/budget.csv", delimitr: ";"}
                                                                    ^

            """)
        #expect(result.stdout == "1 recipe checked: 1 error, 0 warnings\n")
        // run refuses before any work, with the same message.
        let run = try sandbox.kiosque("run")
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("Pipelines/budget.yml:3:57: error: unknown key 'delimitr'"))
        #expect(!sandbox.exists("Output/datasets"))
    }

    @Test("check on the bundled examples finds nothing to fix")
    func checkExamples() throws {
        let sandbox = try EndToEndTests.examples()
        let result = try sandbox.kiosque("check")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "3 recipes checked: 0 errors, 0 warnings\n")
    }

    @Test("a usage error exits 2, no command at all included", arguments: [["run", "--bogus"], ["frobnicate"], ["run", "--jobs", "0"], ["run", "nope"], []])
    func usageErrors(arguments: [String]) throws {
        let sandbox = try EndToEndTests.examples()
        let result = try ProcessResult.run(TestPaths.kiosque, arguments, in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        if arguments.isEmpty {
            #expect(result.stderr.hasPrefix("kiosque: no command given\n") && result.stderr.contains("SUBCOMMANDS:") && result.stdout.isEmpty, "\(result.stderr)")
            #expect(!sandbox.exists("Output/datasets"))
        }
    }

    @Test("--help and --version exit 0")
    func help() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.kiosque("--help").status == 0)
        #expect(try sandbox.kiosque("--version").stdout.hasPrefix(KiosqueVersion.current))
    }

    @Test("a second run while one holds the lock exits 3 naming the holder")
    func lock() throws {
        let sandbox = try EndToEndTests.examples()
        let lock = try RunLock(output: sandbox.output, wait: false)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 3)
        #expect(result.stderr.contains("kiosque run (pid \(getpid()), started "), "\(result.stderr)")
        #expect(result.stderr.contains(" holds the lock; wait for it to finish, or pass --wait"), "\(result.stderr)")
        withExtendedLifetime(lock) {}
    }

    @Test("--log-format json writes one object a line")
    func jsonLogs() throws {
        let sandbox = try EndToEndTests.examples()
        let result = try sandbox.kiosque("run", "--log-format", "json", "naissances")
        #expect(result.status == 0)
        let objects = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let published = try #require(objects.first { $0["event"] as? String == "published" })
        #expect(published["dataset"] as? String == "naissances")
        #expect(published["rows_published"] as? Int == 195)
        #expect(published["version"] as? String == "2026-11-21")
    }

    @Test("a failed request's JSON log line says why in words, not in the error's Swift spelling")
    func jsonRequestErrors() throws {
        let sandbox = try EndToEndTests.examples()
        try sandbox.write("Pipelines/absent.yml", "id: absent\ntitle: Absent\nsource: {url: sources/absent.csv}\nfields:\n  - {name: a}\n")
        try sandbox.write("Pipelines/sources/page.csv", "<!DOCTYPE html><html><body>Maintenance</body></html>")
        try sandbox.write("Pipelines/page.yml", "id: page\ntitle: Page\nsource: {url: sources/page.csv}\nfields:\n  - {name: a}\n")
        let result = try sandbox.kiosque("run", "--log-format", "json", "absent", "page")
        #expect(result.status == 1)
        let lines = try result.stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let errors = lines.filter { $0["event"] as? String == "request" }.compactMap { $0["error"] as? String }
        #expect(errors.sorted() == ["an HTML page where data was expected", "cannot read the file; check source url (relative paths start from the recipe's folder)"], "\(errors)")
        // The last line sums the run up for a monitor, with the exit code.
        let last = try #require(lines.last)
        #expect(last["event"] as? String == "run-finished", "\(last)")
        #expect(last["datasets"] as? Int == 2 && last["failed"] as? Int == 2 && last["published"] as? Int == 0 && last["exit_code"] as? Int == 1)
        #expect(last["level"] as? String == "error")
    }

    @Test("a JSON-logged run ends with one line that sums it up, whatever its exit code")
    func jsonRunFinished() throws {
        let sandbox = try EndToEndTests.examples()
        let first = try Self.jsonLines(try sandbox.kiosque("run", "--log-format", "json"))
        let summary = try #require(first.last)
        #expect(summary["event"] as? String == "run-finished", "\(summary)")
        #expect(summary["datasets"] as? Int == 3 && summary["published"] as? Int == 3 && summary["unchanged"] as? Int == 0)
        #expect(summary["exit_code"] as? Int == 0 && summary["catalogue_failed"] as? Bool == false)
        #expect(summary["message"] as? String == "run finished: 3 datasets (0 failed, 3 published, 0 unchanged), exit 0")
        let again = try Self.jsonLines(try sandbox.kiosque("run", "--log-format", "json"))
        #expect(again.last?["unchanged"] as? Int == 3)
        // A recipe error stops the run before any work: the line still comes, with exit 2.
        try sandbox.write("Pipelines/broken.yml", "id: broken\n")
        let broken = try sandbox.kiosque("run", "--log-format", "json")
        #expect(broken.status == 2)
        let lines = try broken.stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.last?["event"] as? String == "run-finished" && lines.last?["exit_code"] as? Int == 2 && lines.last?["datasets"] as? Int == 0)
        // So does a usage error, which stops before the options are read: a JSON line says it.
        for arguments in [["run", "--log-format", "json", "--jobs", "x"], ["run", "--log-format=json", "--jobs", "0"]] {
            let usage = try ProcessResult.run(TestPaths.kiosque, arguments, in: sandbox.root, environment: ProcessInfo.processInfo.environment)
            #expect(usage.status == 2)
            let lines = try usage.stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            #expect(lines.first?["event"] as? String == "usage-error" && lines.first?["exit_code"] as? Int == 2, "\(usage.stdout)")
            #expect(lines.last?["event"] as? String == "run-finished" && lines.last?["exit_code"] as? Int == 2, "\(usage.stdout)")
            #expect(usage.stderr.contains("Usage: kiosque run"), "\(usage.stderr)")
        }
        let checkUsage = try sandbox.kiosque("check", "--log-format", "json", "--bogus")
        #expect(checkUsage.status == 2 && checkUsage.stdout.contains("\"message\":\"Unknown option '--bogus'\"") && !checkUsage.stdout.contains("run-finished"), "\(checkUsage.stdout)")
        #expect(try sandbox.kiosque("run", "--log-format", "xml").stdout.isEmpty)
        // Text logs are left as they were: one line a dataset.
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Pipelines/broken.yml"))
        #expect(!(try sandbox.kiosque("run").stdout.contains("run finished")))
    }

    @Test("a dataset called nan, inf or 2024 keeps its JSON log lines, with its id as text")
    func numericLookingIDs() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        for id in ["nan", "inf", "2024"] {
            try sandbox.write("Pipelines/sources/\(id).csv", "code,total\nA,1\nB,2\n")
            try sandbox.write("Pipelines/\(id).yml", """
                id: \(id)
                title: {fr: Essai, en: Test}
                source: {url: sources/\(id).csv}
                fields:
                  - {name: code}
                  - {name: total, type: integer}

                """)
        }
        let lines = try Self.jsonLines(try sandbox.kiosque("run", "--log-format", "json"))
        for id in ["nan", "inf", "2024"] {
            #expect(lines.contains { $0["event"] as? String == "published" && $0["dataset"] as? String == id }, "\(lines)")
        }
    }

    /// Every line of standard output of a JSON-mode command, as objects; nothing on standard error.
    static func jsonLines(_ result: ProcessResult) throws -> [[String: Any]] {
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        return try result.stdout.split(separator: "\n").map {
            let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \($0)")
        }
    }

    @Test("with --log-format json, check, site and verify write objects too, recipe errors with their place")
    func jsonEverywhere() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        let site = try Self.jsonLines(try sandbox.kiosque("site", "--log-format", "json"))
        #expect(site.contains { $0["event"] as? String == "site-written" })
        let verified = try Self.jsonLines(try sandbox.kiosque("verify", "--log-format", "json"))
        #expect(verified.last?["event"] as? String == "verified")
        #expect(verified.last?["problems"] as? Int == 0)
        let good = try Self.jsonLines(try sandbox.kiosque("check", "--log-format", "json"))
        #expect(good.last?["event"] as? String == "checked")

        let recipe = try sandbox.text("Pipelines/demarches.yml")
        try sandbox.write("Pipelines/demarches.yml", recipe.replacingOccurrences(of: "title:", with: "titel:"))
        for command in ["check", "run"] {
            let result = try sandbox.kiosque(command, "--log-format", "json")
            #expect(result.status == 2)
            let objects = try Self.jsonLines(result)
            let unknown = try #require(objects.first { ($0["message"] as? String)?.contains("unknown key 'titel'") == true })
            #expect(unknown["event"] as? String == "recipe-error")
            #expect(unknown["level"] as? String == "error")
            #expect(unknown["file"] as? String == "Pipelines/demarches.yml")
            #expect((unknown["line"] as? Int ?? 0) > 0 && (unknown["column"] as? Int) == 1)
            #expect((unknown["message"] as? String)?.hasSuffix("(did you mean 'title'?)") == true, "\(unknown)")
        }
    }
}
