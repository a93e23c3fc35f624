import Foundation
import Testing
@testable import KiosqueCore

/// Every type, constraint, table check and policy, on French-style sources.
@Suite("Validation")
struct ValidationTests {
    /// Runs a recipe whose fields are `fields` over `csv` (`;`, decimal commas) and returns the invalid
    /// rows by `rule` or `rule field`, as the JSON log of a dry run reports them.
    static func counts(_ fields: String, _ csv: String, extra: String = "") throws -> (counts: [String: Int], published: Int) {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/data.csv", csv)
        try sandbox.write("Pipelines/data.yml", """
            id: data
            title: Données
            source: {url: sources/data.csv, delimiter: ";", decimal: ",", thousands: " ", missing_values: ["", "NA", "-", "n/a"]}
            fields:
            \(fields)
            \(extra)

            """)
        let result = try sandbox.kiosque("run", "--dry-run", "--log-format", "json")
        let events = try result.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        guard let checked = events.first(where: { $0["event"] as? String == "checked" }) else {
            throw Failure(message: "no result: \(result.stdout) \(result.stderr)")
        }
        var counts: [String: Int] = [:]
        for entry in checked["invalid_by_rule"] as? [[String: Any]] ?? [] {
            let key = [entry["rule"] as? String, entry["field"] as? String].compactMap { $0 }.joined(separator: " ")
            counts[key] = entry["count"] as? Int
        }
        return (counts, checked["rows_published"] as? Int ?? -1)
    }

    struct Failure: Error {
        var message: String
    }

    @Test("types: integer, number with decimal commas, boolean in French and English, date, datetime, year")
    func types() throws {
        let (counts, published) = try Self.counts("""
              - {name: n, type: integer}
              - {name: x, type: number}
              - {name: b, type: boolean}
              - {name: d, type: date, format: "%d/%m/%Y"}
              - {name: t, type: datetime, format: "%d/%m/%Y %H:%M"}
              - {name: y, type: year}
            """, """
            n;x;b;d;t;y
            12;1 250,50;oui;21/11/2026;21/11/2026 08:30;2026
            -3;0,5;non;1/2/2025;01/02/2025 23:59;1999
            007;-12;VRAI;29/02/2024;29/02/2024 00:00;2000
            NA;-;n/a;;;
            1,5;12.5;peut-être;31/04/2025;25/12/2025 25:00;99
            1e3;1,2,3;2;2025-01-01;21/11/2026;20a6

            """)
        // The row of missing-value marks reads as no value at all: left out as empty, not invalid.
        #expect(published == 3)
        #expect(counts == ["type n": 2, "type x": 2, "type b": 2, "type d": 2, "type t": 2, "type y": 2])
    }

    @Test("constraints: required, unique, enum, pattern, minimum and maximum, lengths")
    func constraints() throws {
        let (counts, published) = try Self.counts("""
              - {name: code, required: true, unique: true, pattern: "DEM-[0-9]{4}"}
              - {name: canal, enum: [En ligne, Sur place]}
              - {name: delai, type: integer, minimum: 0, maximum: 90}
              - {name: cout, type: number, minimum: 0}
              - {name: maj, type: date, format: "%d/%m/%Y", minimum: 2020-01-01, maximum: 2026-12-31}
              - {name: an, type: year, minimum: 2000}
              - {name: titre, min_length: 3, max_length: 10}
            """, """
            code;canal;delai;cout;maj;an;titre
            DEM-0001;En ligne;3;1 000,50;21/11/2025;2020;Acte
            DEM-0002;Sur place;90;0;01/01/2020;2000;Équivalent
            ;En ligne;3;1;21/11/2025;2020;Acte
            DEM-0001;En ligne;3;1;21/11/2025;2020;Acte
            DEM-12;En ligne;3;1;21/11/2025;2020;Acte
            xDEM-0003;En ligne;3;1;21/11/2025;2020;Acte
            DEM-0004;Par courrier;3;1;21/11/2025;2020;Acte
            DEM-0005;En ligne;-1;1;21/11/2025;2020;Acte
            DEM-0006;En ligne;91;-0,01;21/11/2025;2020;Acte
            DEM-0007;En ligne;3;1;31/12/2019;2020;Acte
            DEM-0008;En ligne;3;1;01/01/2027;1999;Acte
            DEM-0009;En ligne;3;1;21/11/2025;2020;Ac
            DEM-0010;En ligne;3;1;21/11/2025;2020;Équivalents

            """)
        #expect(published == 2)
        #expect(counts == [
            "required code": 1, "unique code": 1, "pattern code": 2, "enum canal": 1, "minimum delai": 1,
            "maximum delai": 1, "minimum cout": 1, "minimum maj": 1, "maximum maj": 1, "minimum an": 1,
            "min_length titre": 1, "max_length titre": 1,
        ])
    }

    @Test("a primary key of several fields is unique and required")
    func compositeKey() throws {
        let (counts, published) = try Self.counts("""
              - {name: commune}
              - {name: annee, type: year}
              - {name: naissances, type: integer}
            """, """
            commune;annee;naissances
            Abidjan;2024;10
            Abidjan;2025;12
            Bouaké;2024;7
            Abidjan;2024;11
            ;2024;3

            """, extra: "primary_key: [commune, annee]")
        #expect(published == 3)
        #expect(counts == ["primary_key commune, annee": 1, "required commune": 1])
    }

    @Test("a duplicate key of several fields is named and shown as the whole key, never with an anonymised part")
    func compositeKeySamples() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/data.csv", "commune;annee;agent\nAbidjan;2024;A-17\nAbidjan;2024;A-17\n")
        func errors(_ agent: String) throws -> (list: [[String: Any]], text: String) {
            try sandbox.write("Pipelines/data.yml", """
                id: data
                title: Données
                source: {url: sources/data.csv}
                fields:
                  - {name: commune}
                  - {name: annee, type: year}
                  - \(agent)
                primary_key: [commune, annee, agent]
                validation: {max_invalid: 100%}

                """)
            let result = try sandbox.kiosque("run", "--force", environment: ["KIOSQUE_PSEUDONYM_KEY": String(repeating: "k", count: 32)])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("1 × primary_key in commune, annee, agent"), "\(result.stdout)")
            #expect(!result.stdout.contains("A-17") && !result.stderr.contains("A-17"))
            let versions = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.appendingPathComponent("Output/datasets/data").path)
            let latest = try #require(versions.filter { $0.hasPrefix("2") }.max { ($0.count, $0) < ($1.count, $1) })
            let text = try sandbox.text("Output/datasets/data/\(latest)/report.json")
            let report = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            return (report["errors"] as! [[String: Any]], text)
        }
        let plain = try errors("{name: agent}").list
        #expect(plain.count == 1)
        #expect(plain.first?["field"] as? String == "commune, annee, agent")
        #expect(plain.first?["value"] as? String == "Abidjan, 2024, A-17")
        let hidden = try errors("{name: agent, anonymise: {pseudonymise: {key: \"${env:KIOSQUE_PSEUDONYM_KEY}\"}}}")
        #expect(hidden.list.first?["field"] as? String == "commune, annee, agent")
        #expect(hidden.list.first?["value"] == nil)
        #expect(!hidden.text.contains("A-17") && hidden.text.contains("\"privacy\""))
    }

    @Test("table checks: blank rows, too many and too few cells")
    func tableChecks() throws {
        let (counts, published) = try Self.counts("""
              - {name: a}
              - {name: b}
              - {name: c}
            """, """
            a;b;c
            1;2;3
            ;;
            4;5;6;7;8
            9;10
            11;12;13

            """)
        #expect(published == 2)
        #expect(counts == ["blank_row": 1, "extra_cells": 2, "missing_cells c": 1])
    }

    /// Spreadsheets export the rows they once formatted as `;;;;` lines after the data.
    @Test("rows of empty cells after the last record are skipped with a note; between records they are invalid", arguments: ["skip", "fail"])
    func trailingBlankRows(policy: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/data.yml", """
            id: data
            title: Données
            source: {url: sources/data.csv, delimiter: ";"}
            fields:
              - {name: code, type: integer, required: true}
              - {name: commune}
            validation: {invalid_rows: \(policy), max_invalid: 10%}

            """)
        let records = (1...20).map { "\($0);Commune \($0);;\r\n" }.joined()
        try sandbox.write("Pipelines/sources/data.csv", "code;commune;;\r\n" + records + ";;;\r\n; ;\t;\u{A0}\r\n\"\";;;\r\n")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("data: 20 rows read, 20 published"), "\(run.stdout)")
        #expect(run.stdout.contains("3 rows after the last record have every cell empty (lines 22–24), as spreadsheets leave after the data: skipped"), "\(run.stdout)")
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/data/2026-11-21/report.json")) as! [String: Any]
        #expect((report["notes"] as? [String])?.contains { $0.hasPrefix("3 rows after the last record") } == true)
        #expect((report["rows"] as? [String: Int])?["invalid"] == 0)
        // The same rows before a record: a record may have been wiped, so they count.
        // A stray space is still a blank row (a spreadsheet's spacer row), not a record of nothing.
        try sandbox.write("Pipelines/sources/data.csv", "code;commune;;\n" + records.replacingOccurrences(of: "\r", with: "") + "; ;;\n21;Commune 21;;\n")
        let middle = try sandbox.kiosque("run")
        if policy == "fail" {
            #expect(middle.status == 1)
            #expect(middle.stderr.contains("row 21 is invalid (blank_row: every cell is empty)"), "\(middle.stderr)")
        } else {
            #expect(middle.status == 0, "\(middle.stderr)")
            #expect(middle.stdout.contains("22 rows read, 21 published, 1 invalid"), "\(middle.stdout)")
            #expect(middle.stdout.contains("1 × blank_row"), "\(middle.stdout)")
            let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/data/2026-11-21.2/report.json")) as! [String: Any]
            let errors = report["errors"] as! [[String: Any]]
            #expect(errors.first?["row"] as? Int == 21 && errors.first?["line"] as? Int == 22, "\(errors)")
        }
    }

    /// Frictionless reports a published row of empty cells as a `blank-row` error, and it tells reusers
    /// nothing. The source's row is not blank, and nothing in it is wrong: not invalid either.
    @Test("a row with values only in fields not published is left out as empty, never published as a row of empty cells",
          arguments: ["skip", "fail"])
    func emptyOncePublished(policy: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/data.yml", """
            id: data
            title: Données
            source: {url: sources/data.csv, missing_values: ["", "-"]}
            fields:
              - {name: commune}
              - {name: nombre, type: integer}
              - {name: nom, anonymise: drop}
            validation: {invalid_rows: \(policy), max_invalid: 80%}

            """)
        // A name alone, the missing-value marks alone, a column the recipe does not publish alone.
        try sandbox.write("Pipelines/sources/data.csv",
                          "commune;nombre;nom;agent\nDaloa;3;;\n;;Awa Koné;\n-;-;;\n;;;Koffi Yao\nDivo;4;Jean Kouassi;\n")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("data: 5 rows read, 2 published, 3 empty -> version 2026-11-21\n"), "\(run.stdout)")
        #expect(run.stdout.contains("note: 3 rows have no value in any published field"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/data/data.csv") == "commune,nombre\nDaloa,3\nDivo,4\n")
        #expect(try sandbox.text("Output/datasets/data/data.json") == "[\n{\"commune\":\"Daloa\",\"nombre\":3},\n{\"commune\":\"Divo\",\"nombre\":4}\n]\n")
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/data/2026-11-21/report.json")) as! [String: Any]
        #expect(report["rows"] as? [String: Int] == ["read": 5, "published": 2, "invalid": 0, "suppressed": 0, "empty": 3])
        // Every row empty once published: the recipe reads nothing the export holds.
        try sandbox.write("Pipelines/sources/data.csv", "commune;nombre;nom;agent\n;;Awa Koné;\n-;-;;\n")
        let none = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("none of the 2 rows read has a value in any published field, so nothing was published"), "\(none.stderr)")
        for text in [run.stdout, run.stderr] + sandbox.files(under: "Output").map({ (try? sandbox.text("Output/" + $0)) ?? "" }) {
            #expect(!text.contains("Awa") && !text.contains("Koffi") && !text.contains("Kouassi"))
        }
    }

    @Test("a column the source lacks fails at once, listing the columns it has")
    func missingColumn() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/data.csv", "Code;Commune;Naissances\n1;Abidjan;3\n")
        try sandbox.write("Pipelines/data.yml", "id: data\ntitle: D\nsource: {url: sources/data.csv}\nfields:\n  - {name: code, from: Code}\n  - {name: commune, from: Comune}\n")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("field 'commune' reads column 'Comune', which the source does not have. Did you mean 'Commune'? The source's columns are: 'Code', 'Commune', 'Naissances'."), "\(result.stderr)")
        #expect(!sandbox.exists("Output/datasets"))
    }

    @Test("every column the source lacks is named in one message, each with its closest label")
    func missingColumnsTogether() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/data.csv", "Code;Commune;Naissances;Région\n1;Abidjan;3;Lagunes\n")
        try sandbox.write("Pipelines/data.yml", "id: data\ntitle: D\nsource: {url: sources/data.csv}\nfields:\n  - {name: code, from: Code}\n  - {name: commune, from: Comune}\n  - {name: naissances, from: naissances}\n  - {name: district, from: District}\n")
        let expected = "field 'commune' reads column 'Comune', which the source does not have. Did you mean 'Commune'? Nor does it have the columns of 2 other fields: field 'naissances' reads column 'naissances' (did you mean 'Naissances'?); field 'district' reads column 'District'. The source's columns are: 'Code', 'Commune', 'Naissances', 'Région'. Fix from: in the recipe."
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("Pipelines/data.yml:6:12: warning: " + expected), "\(check.stderr)")
    }

    @Test("duplicate header labels: ambiguous when read, a note otherwise")
    func duplicateLabels() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/data.csv", "Code;Total;Total\n1;2;3\n")
        try sandbox.write("Pipelines/data.yml", "id: data\ntitle: D\nsource: {url: sources/data.csv}\nfields:\n  - {name: code, from: Code}\n")
        let noted = try sandbox.kiosque("run", "--dry-run")
        #expect(noted.status == 0)
        #expect(noted.stdout.contains("note: the source has 2 columns labelled 'Total' (columns 2, 3); no field reads them"))
        try sandbox.write("Pipelines/data.yml", "id: data\ntitle: D\nsource: {url: sources/data.csv}\nfields:\n  - {name: total, from: Total}\n")
        let ambiguous = try sandbox.kiosque("run")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("the source has 2 columns with that label (columns 2, 3)"))
    }

    /// Writes `csv` as the naissances-like dataset of the policy tests and runs it.
    static func policy(_ sandbox: Sandbox, rows: [String], validation: String, epoch: String = "1795248000") throws -> ProcessResult {
        try sandbox.write("Pipelines/sources/data.csv", (["code;poids"] + rows).joined(separator: "\n") + "\n")
        try sandbox.write("Pipelines/data.yml", """
            id: data
            title: D
            source: {url: sources/data.csv}
            fields:
              - {name: code, required: true}
              - {name: poids, type: integer}
            validation: \(validation)

            """)
        return try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": epoch])
    }

    static let goodRows = (1...10).map { "C\($0);\(3000 + $0)" }

    @Test("invalid_rows: skip leaves invalid rows out and counts them")
    func skip() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let result = try Self.policy(sandbox, rows: Self.goodRows + ["X;lourd"], validation: "{invalid_rows: skip}")
        #expect(result.status == 0)
        #expect(result.stdout == "data: 11 rows read, 10 published, 1 invalid -> version 2026-11-21\n  1 × type in poids\n")
        #expect(!(try sandbox.text("Output/datasets/data/data.csv")).contains("X,"))
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/data/2026-11-21/report.json")) as! [String: Any]
        #expect((report["rows"] as! [String: Int]) == ["read": 11, "published": 10, "invalid": 1, "suppressed": 0])
        let error = (report["errors"] as! [[String: Any]])[0]
        #expect(error["row"] as? Int == 11 && error["line"] as? Int == 12 && error["field"] as? String == "poids")
        #expect(error["rule"] as? String == "type" && error["value"] as? String == "lourd")
    }

    @Test("every failing policy publishes nothing and leaves the previous version intact", arguments: [
        (["C11;lourd"], "{invalid_rows: fail}", "row 11 is invalid (field 'poids': type (value 'lourd')); validation invalid_rows is fail"),
        (["C11;lourd", "C12;x"], "{max_invalid: 1}", "2 of 12 rows are invalid, above max_invalid"),
        (["C11;lourd", "C12;x"], "{max_invalid: 10%}", "2 of 12 rows are invalid, above max_invalid"),
    ])
    func failingPolicies(extra: [String], validation: String, message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        #expect(try Self.policy(sandbox, rows: Self.goodRows, validation: validation).status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        let result = try Self.policy(sandbox, rows: Self.goodRows + extra, validation: validation, epoch: "1795334400")
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains(", 0 published, "), "\(result.stderr)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    @Test("max_row_drop refuses a version far smaller than the last, and allows a small drop")
    func rowDrop() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        #expect(try Self.policy(sandbox, rows: Self.goodRows, validation: "{max_row_drop: 50%}").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        let cut = try Self.policy(sandbox, rows: Array(Self.goodRows.prefix(4)), validation: "{max_row_drop: 50%}", epoch: "1795334400")
        #expect(cut.status == 1)
        // A failed dataset published nothing: its counts say so.
        #expect(cut.stderr.contains("4 rows against 10 in 2026-11-21, a drop above max_row_drop (50%); the export may be cut short, so nothing was published [4 rows read, 0 published]"), "\(cut.stderr)")
        #expect(try Hashing.tree(sandbox, "Output") == before)
        let small = try Self.policy(sandbox, rows: Array(Self.goodRows.prefix(6)), validation: "{max_row_drop: 50%}", epoch: "1795334400")
        #expect(small.status == 0)
        #expect(small.stdout == "data: 6 rows read, 6 published -> version 2026-11-22\n")
    }

    @Test("an export whose every row is invalid publishes nothing, first version included, whatever max_invalid allows")
    func everyRowInvalid() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        for validation in ["{invalid_rows: skip}", "{max_invalid: 100%}"] {
            let result = try Self.policy(sandbox, rows: ["X;lourd", "Y;leger"], validation: validation)
            #expect(result.status == 1)
            #expect(result.stderr.contains("all 2 rows read are invalid, so nothing was published: the recipe likely does not match the export (see the counts by rule below)"), "\(result.stderr)")
            #expect(!sandbox.exists("Output/datasets/data"))
        }
        // The dry run, where a steward looks for them, lists the first errors of a failing dataset too.
        let dry = try sandbox.kiosque("run", "--dry-run")
        #expect(dry.status == 1)
        #expect((dry.stdout + dry.stderr).contains("  row 1 (line 2): poids: type 'lourd'\n  row 2 (line 3): poids: type 'leger'"), "\(dry.stdout)\(dry.stderr)")
        #expect(!(try sandbox.kiosque("run").stderr.contains("row 1 (line 2)")))
        // One valid row is a publication: max_invalid decides, as before.
        #expect(try Self.policy(sandbox, rows: ["X;lourd"] + Self.goodRows.prefix(1), validation: "{max_invalid: 100%}").status == 0)
    }

    @Test("an empty export never replaces published rows unless max_row_drop allows it; a first empty one publishes")
    func emptyExport() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let first = try Self.policy(sandbox, rows: [], validation: "{invalid_rows: skip}")
        #expect(first.stdout == "data: 0 rows read, 0 published -> version 2026-11-21\n", "\(first.stderr)")
        #expect(try Self.policy(sandbox, rows: Self.goodRows, validation: "{invalid_rows: skip}").status == 0)
        let before = try Hashing.tree(sandbox, "Output")
        for rows in [[], ["X;lourd"]] {
            let empty = try Self.policy(sandbox, rows: rows, validation: "{invalid_rows: skip}", epoch: "1795334400")
            #expect(empty.status == 1)
            // An export whose every row is invalid is named as such: its rows are there, the recipe does not read them.
            #expect(empty.stderr.contains(rows.isEmpty ? "no rows to publish, against 10 in 2026-11-21.2; an empty export does not replace published data"
                                                       : "the only row read is invalid, so nothing was published: the recipe likely does not match the export"), "\(empty.stderr)")
            #expect(try Hashing.tree(sandbox, "Output") == before)
        }
        let allowed = try Self.policy(sandbox, rows: [], validation: "{max_row_drop: 100%}", epoch: "1795334400")
        #expect(allowed.stdout == "data: 0 rows read, 0 published -> version 2026-11-22\n", "\(allowed.stderr)")
        #expect(try sandbox.text("Output/datasets/data/data.csv") == "code,poids\n")
    }
}

/// The same source checked by kiosque and by frictionless-py, with an equivalent Table Schema.
@Suite("Validation agrees with Frictionless",
       .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
struct FrictionlessAgreementTests {
    static let csv = """
        code;libelle;montant;date;actif;categorie;annee
        A-001;Abidjan;1 250,50;21/11/2025;oui;X;2020
        A-002;Bouaké;abc;21/11/2025;non;Y;2021
        A-003;;12,5;31/02/2025;oui;X;2022
        A-003;Korhogo;10;01/01/2025;peut-être;Z;2023
        ;;;;;;
        A-005;Man;5;01/01/2025;oui;X;2024;extra
        A-006;Daloa;5;01/01/2025;oui;X
        A-7;Gagnoa;-5;01/01/2019;oui;X;1999
        A-008;Séguéla;7,25;15/06/2024;non;Y;2024
        A-009;Yamoussoukro;1 000 000;15/06/2024;oui;X;2025
        A-009;Divo;1;15/06/2024;oui;W;2025
        A-010;Odienné;;15/06/2024;oui;X;1800

        """

    static let schema = """
        {"fields": [
         {"name": "code", "type": "string", "constraints": {"required": true, "unique": true, "pattern": "A-[0-9]{3}"}},
         {"name": "libelle", "type": "string", "constraints": {"required": true, "minLength": 3}},
         {"name": "montant", "type": "number", "decimalChar": ",", "groupChar": " ", "constraints": {"minimum": 0}},
         {"name": "date", "type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/01/2020"}},
         {"name": "actif", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
         {"name": "categorie", "type": "string", "constraints": {"enum": ["X", "Y"]}},
         {"name": "annee", "type": "year", "constraints": {"minimum": 2000}}
        ], "missingValues": ["", "NA"]}
        """

    static let fields = """
          - {name: code, required: true, unique: true, pattern: "A-[0-9]{3}"}
          - {name: libelle, required: true, min_length: 3}
          - {name: montant, type: number, minimum: 0}
          - {name: date, type: date, format: "%d/%m/%Y", minimum: 2020-01-01}
          - {name: actif, type: boolean}
          - {name: categorie, enum: [X, Y]}
          - {name: annee, type: year, minimum: 2000}
        """

    /// Kiosque's rules, named as Frictionless names its errors.
    static let frictionlessName: [String: String] = [
        "type": "type-error", "required": "constraint-error", "enum": "constraint-error", "pattern": "constraint-error",
        "minimum": "constraint-error", "maximum": "constraint-error", "min_length": "constraint-error",
        "max_length": "constraint-error", "unique": "unique-error", "primary_key": "primary-key", "blank_row": "blank-row",
        "extra_cells": "extra-cell", "missing_cells": "missing-cell",
    ]

    @Test("the report's counts match frictionless validate's, kind by kind and field by field")
    func sameCounts() throws {
        let (ours, _) = try ValidationTests.counts(Self.fields, Self.csv)
        var expected: [String: Int] = [:]
        for (key, count) in ours {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            let name = [Self.frictionlessName[parts[0]]!, parts.count > 1 ? parts[1] : ""].joined(separator: " ")
            expected[name, default: 0] += count
        }
        let sandbox = try Sandbox()
        try sandbox.write("data.csv", Self.csv)
        try sandbox.write("schema.json", Self.schema)
        let python = try #require(TestPaths.python)
        let script = """
            import json
            from collections import Counter
            from frictionless import Resource, Schema, Dialect, validate
            schema = Schema.from_descriptor(json.load(open("schema.json")))
            report = validate(Resource(path="data.csv", schema=schema, dialect=Dialect.from_descriptor({"delimiter": ";"}), format="csv", encoding="utf-8"))
            counts = Counter()
            for error in report.tasks[0].errors:
                field = getattr(error, "field_name", "") if error.type not in ("extra-cell", "blank-row") else ""
                counts[(error.type + " " + (field or "")).strip()] += 1
            print(json.dumps(counts))
            """
        let result = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", script], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        let theirs = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Int]
        #expect(theirs == expected.mapKeys { $0.trimmingCharacters(in: .whitespaces) }, "\(result.stderr)")
        #expect(expected.values.reduce(0, +) == 16)
    }
}

extension Dictionary {
    func mapKeys<T: Hashable>(_ transform: (Key) -> T) -> [T: Value] {
        Dictionary<T, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
