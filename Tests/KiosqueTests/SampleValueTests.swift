import Foundation
import Testing
@testable import KiosqueCore

/// The values that error samples show: those of plain fields, never a contact, whatever its field.
@Suite("Values in error samples")
struct SampleValueTests {
    static let rows = [
        "A1;Acte de naissance;3",
        "A2;Écrire à yao.affoue@mail.ci pour le suivi;4",
        "A3;Appeler le 07 07 12 34 56 ou le guichet;5",
        "A4;acte de mariage;6",
        "A5;Acte de deces;lourd",
        "A6;Rappel au +225 07 07 12 34 56;7",
        "A7;Awa Koné;8",
    ]

    static func write(_ sandbox: Sandbox, validation: String = "{}") throws {
        try sandbox.write("Pipelines/sources/data.csv", (["code;intitule;delai"] + rows).joined(separator: "\n") + "\n")
        try sandbox.write("Pipelines/data.yml", """
            id: data
            title: D
            source: {url: sources/data.csv}
            fields:
              - {name: code, required: true}
              - {name: intitule, pattern: "[A-Z][a-z ]{0,20}", personal: false}
              - {name: delai, type: integer}
            validation: \(validation)

            """)
    }

    @Test("report.json and the dry run show a plain value, never one holding an e-mail address or a phone number, nor a person's name")
    func contactsNotShown() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox)
        let dry = try sandbox.kiosque("run", "--dry-run")
        #expect(dry.stdout.contains("row 4 (line 5): intitule: pattern 'acte de mariage'"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 5 (line 6): delai: type 'lourd'"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 2 (line 3): intitule: pattern\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 3 (line 4): intitule: pattern\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 6 (line 7): intitule: pattern\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 7 (line 8): intitule: pattern\n"), "\(dry.stdout)")

        #expect(try sandbox.kiosque("run").status == 0)
        let text = try sandbox.text("Output/datasets/data/2026-11-21/report.json")
        for secret in ["yao.affoue", "07 07 12 34 56", "+225", "Koné"] {
            #expect(!text.contains(secret), "\(text)")
            #expect(!dry.stdout.contains(secret) && !dry.stderr.contains(secret))
        }
        let report = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let errors = report["errors"] as! [[String: Any]]
        #expect(errors.map { $0["row"] as! Int } == [2, 3, 4, 5, 6, 7])
        #expect(errors.map { $0["value"] as? String } == [nil, nil, "acte de mariage", "lourd", nil, nil])
    }

    @Test("invalid_rows: fail names the row and the field, not a contact")
    func failMessage() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try Self.write(sandbox, validation: "{invalid_rows: fail}")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1)
        #expect(run.stderr.contains("row 2 is invalid (field 'intitule': pattern); validation invalid_rows is fail"), "\(run.stderr)")
        #expect(!run.stderr.contains("yao.affoue"))
    }

    @Test("a value is shown on one line: control characters and line breaks as codes, a long one shortened; report.json keeps it whole")
    func valuesPrintable() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let long = String(repeating: "tres long texte ", count: 10)
        try sandbox.write("Pipelines/sources/data.csv", "code;intitule;delai\nA1;\"acte\u{1B}[2J\nsuite\";3\nA2;\(long);4\nA3;Acte;5\n")
        try sandbox.write("Pipelines/data.yml", """
            id: data
            title: D
            source: {url: sources/data.csv}
            fields:
              - {name: code, required: true}
              - {name: intitule, pattern: "[A-Z].*"}
              - {name: delai, type: integer}

            """)
        let dry = try sandbox.kiosque("run", "--dry-run")
        #expect(dry.stdout.contains("row 1 (line 2): intitule: pattern 'acte\\u{1B}[2J\\u{A}suite'\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 2 (line 4): intitule: pattern '\(long.prefix(57))…'\n"), "\(dry.stdout)")
        #expect(!dry.stdout.contains("\u{1B}"))
        #expect(try sandbox.kiosque("run").status == 0)
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/data/2026-11-21/report.json")) as! [String: Any]
        let values = (report["errors"] as! [[String: Any]]).map { $0["value"] as? String }
        #expect(values == ["acte\u{1B}[2J\nsuite", long.trimmingCharacters(in: .whitespaces)])
    }
}
