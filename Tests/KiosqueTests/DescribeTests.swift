import Foundation
import Testing
@testable import KiosqueCore

/// `kiosque describe` drafts recipes that check and publish as they are; `kiosque init` sets up a folder.
@Suite("Describe and init", .serialized)
struct DescribeTests {
    /// A register export in the given shape: personal columns included.
    static func export(delimiter: String, date: String, time: Bool = false) -> String {
        let header = ["Numéro", "Nom", "Prénom", "Téléphone", "Date de naissance", "Commune", "Sexe", "Poids (kg)", "Date d'enregistrement"]
        var lines = [header.joined(separator: delimiter)]
        let communes = ["Abidjan", "Bouaké", "Daloa", "San-Pédro"]
        for index in 1...40 {
            let day = index % 28 + 1, month = index % 12 + 1
            let birth = date.replacingOccurrences(of: "DD", with: String(format: "%02d", day))
                .replacingOccurrences(of: "MM", with: String(format: "%02d", month)).replacingOccurrences(of: "YYYY", with: "19\(50 + index)")
            var registered = date.replacingOccurrences(of: "DD", with: String(format: "%02d", day))
                .replacingOccurrences(of: "MM", with: String(format: "%02d", month)).replacingOccurrences(of: "YYYY", with: "2025")
            if time { registered += String(format: " %02d:%02d", index % 24, index % 60) }
            lines.append([String(format: "R%04d", index), "Koné", "Awa", String(format: "+225 07 %02d %02d %02d %02d", index, index, index, index),
                          birth, communes[index % 4], index % 2 == 0 ? "F" : "M",
                          delimiter == "," ? "\"\(index % 4 + 2),\(index % 10)\"" : "\(index % 4 + 2),\(index % 10)", registered]
                .joined(separator: delimiter))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs `describe SOURCE --output Pipelines/<id>.yml`, expects it to succeed, and returns the draft.
    static func draft(_ sandbox: Sandbox, _ source: String, id: String) throws -> String {
        let described = try sandbox.kiosque("describe", source, "--output", "Pipelines/\(id).yml")
        #expect(described.status == 0, "\(described.stderr)")
        return try sandbox.text("Pipelines/\(id).yml")
    }

    static let cases: [(String, String, String.Encoding, Bool)] = [
        (";", "DD/MM/YYYY", .utf8, false), (",", "YYYY-MM-DD", .windowsCP1252, false), ("\t", "DD-MM-YYYY", .isoLatin1, true),
        ("|", "DD/MM/YYYY", .utf16LittleEndian, true),
    ]

    @Test("the draft of each kind of export checks, publishes, and flags the personal columns", arguments: cases)
    func drafts(delimiter: String, date: String, encoding: String.Encoding, time: Bool) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        var bytes = try #require(Self.export(delimiter: delimiter, date: date, time: time).data(using: encoding))
        if encoding == .utf16LittleEndian { bytes = Data([0xFF, 0xFE]) + bytes }
        try sandbox.write("Pipelines/sources/registre.csv", bytes)
        let draft = try Self.draft(sandbox, "Pipelines/sources/registre.csv", id: "registre")
        #expect(draft.contains("id: registre"))
        #expect(draft.contains("  url: \"sources/registre.csv\""))
        #expect(draft.contains("  delimiter: \"\(delimiter == "\t" ? "\\\\t" : delimiter)\""), "\(draft)")
        #expect(draft.contains("  decimal: \",\""))
        let format = date.replacingOccurrences(of: "DD", with: "%d").replacingOccurrences(of: "MM", with: "%m").replacingOccurrences(of: "YYYY", with: "%Y")
        #expect(draft.contains("    format: \"\(format)\""), "\(draft)")
        if time { #expect(draft.contains("    format: \"\(format) %H:%M\"") && draft.contains("    type: datetime")) }
        #expect(draft.contains("    type: number"))
        #expect(draft.contains("primary_key: [numero]"))
        #expect(draft.contains("enum: [\"F\", \"M\"]"))
        #expect(draft.contains("# looks personal: its name says 'nom'; dropped"))
        #expect(draft.contains("# looks personal: its name says 'prenom'; dropped"))
        #expect(draft.contains("anonymise: {mask: {keep_first: 4, keep_last: 2}}"))
        #expect(draft.contains("anonymise: {generalise: year}"))

        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)\n\(draft)")
        #expect(check.stdout == "1 recipe checked: 0 errors, 0 warnings\n", "\(check.stderr)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("registre: 40 rows read, 40 published -> version 2026-11-21"), "\(run.stdout)")
        let published = try sandbox.text("Output/datasets/registre/registre.csv")
        #expect(!published.contains("Koné"))
        #expect(!published.contains("+225 07 05 05 05 05"))
        #expect(published.contains("+225 ** ** ** ** 05"))
        // A cut export (here a fifth of the rows) is refused as drafted; the data stays as published.
        let rows = try sandbox.read("Pipelines/sources/registre.csv")
        let text = try #require(String(data: rows, encoding: encoding == .utf16LittleEndian ? .utf16 : encoding))
        let cut = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(9).joined(separator: "\n") + "\n"
        var cutBytes = try #require(cut.data(using: encoding))
        if encoding == .utf16LittleEndian { cutBytes = Data([0xFF, 0xFE]) + cutBytes }
        try sandbox.write("Pipelines/sources/registre.csv", cutBytes)
        let again = try sandbox.kiosque("run")
        #expect(again.status == 1)
        #expect(again.stderr.contains("a drop above max_row_drop (50%)"), "\(again.stderr)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == published)
    }

    @Test("describe takes the options every command takes: --output as the Output folder prints the draft; --output FILE.yml writes it there")
    func commonOptions() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/lieux.csv", "code;lieu\n1;Man\n2;Odienné\n")
        try FileManager.default.createDirectory(at: sandbox.root.appendingPathComponent("Publie"), withIntermediateDirectories: true)
        for output in ["Publie", "Sortie", "Output"] {
            let printed = try sandbox.kiosque("describe", "--pipelines", "Pipelines", "--catalog", "Catalog", "--output", output, "--log-format", "json",
                                              "Pipelines/sources/lieux.csv")
            #expect(printed.status == 0, "\(output): \(printed.stderr)")
            #expect(printed.stdout.contains("id: lieux\n") && printed.stdout.contains("from: \"lieu\""), "\(output): \(printed.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.root.appendingPathComponent("Sortie").path))
        let written = try sandbox.kiosque("describe", "--output", "Pipelines/lieux.yml", "Pipelines/sources/lieux.csv")
        #expect(written.status == 0 && written.stdout.contains("draft recipe written to"), "\(written.stdout) \(written.stderr)")
        #expect(try sandbox.text("Pipelines/lieux.yml").contains("id: lieux\n"))
    }

    @Test("with --log-format json the draft alone is on standard output, a valid recipe; log lines and errors are JSON on standard error")
    func jsonLogsBesideTheDraft() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/lieux.csv", "code;lieu\n1;Man\n2;Odienné\n")
        let printed = try sandbox.kiosque("describe", "--log-format", "json", "Pipelines/sources/lieux.csv")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(!printed.stdout.contains("\"event\""), "\(printed.stdout)")
        try sandbox.write("Pipelines/lieux.yml", printed.stdout)
        #expect(try sandbox.kiosque("check", "lieux").status == 0)
        let logged = printed.stderr.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(!logged.isEmpty && logged.allSatisfy { $0 != nil }, "\(printed.stderr)")
        #expect(logged.contains { $0?["event"] as? String == "request" }, "\(printed.stderr)")

        let missing = try sandbox.kiosque("describe", "--log-format", "json", "Pipelines/sources/absent.csv")
        #expect(missing.status == 2 && missing.stdout.isEmpty)
        let error = try JSONSerialization.jsonObject(with: Data(missing.stderr.utf8)) as? [String: Any]
        #expect(error?["level"] as? String == "error" && (error?["message"] as? String)?.contains("absent.csv: no such file") == true, "\(missing.stderr)")
    }

    @Test("a file describe cannot read is answered with what it reads, not with a recipe's keys")
    func unreadableKinds() throws {
        let sandbox = try Sandbox()
        try sandbox.write("scan.pdf", Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0x01, 0x02, 0x00, 0xFF]))
        let binary = try sandbox.kiosque("describe", "scan.pdf")
        #expect(binary.status == 1)
        #expect(binary.stderr.contains("scan.pdf: the source is not text: it holds NUL bytes; describe reads CSV and TSV, JSON and NDJSON, Excel"), "\(binary.stderr)")
        try sandbox.write("vide.json", "  \n")
        let empty = try sandbox.kiosque("describe", "vide.json")
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("the JSON source holds no value; check that the address or file given to describe is the export"), "\(empty.stderr)")
        #expect(!(binary.stderr + empty.stderr).contains("check source url"))
    }

    @Test("a JSON API answer is described with its records pointer")
    func json() throws {
        let sandbox = try EndToEndTests.examples()
        let result = try sandbox.kiosque("describe", "Pipelines/sources/services-en-ligne.json", "--output", "Pipelines/services-copie.yml")
        #expect(result.status == 0, "\(result.stderr)")
        let draft = try sandbox.text("Pipelines/services-copie.yml")
        #expect(draft.contains("  format: json"))
        #expect(draft.contains("  records: \"/data/services\""))
        #expect(draft.contains("  - name: demandes_2025\n    from: \"demandes_2025\"\n    type: integer"))
        #expect(draft.contains("  - name: disponible_24h\n    from: \"disponible_24h\"\n    type: boolean"))
        #expect(try sandbox.kiosque("check").status == 0)
        #expect(try sandbox.kiosque("run", "services-copie").status == 0)
    }

    @Test("JSON numbers 0 and 1 are numbers, not booleans, in NDJSON and in a top-level array", arguments: ["ndjson", "json"])
    func jsonNumbers(format: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let objects = (0..<30).map { #"{"rang":\#($0),"taux":\#(Double($0) * 1.5),"actif":\#($0 % 2 == 0),"note":{"a":[1,{"z":2}]}}"# }
        let text = format == "ndjson" ? objects.joined(separator: "\n") + "\n" : "[" + objects.joined(separator: ",") + "]"
        try sandbox.write("Pipelines/sources/rangs.\(format)", text)
        let draft = try Self.draft(sandbox, "Pipelines/sources/rangs.\(format)", id: "rangs")
        #expect(draft.contains("  - name: rang\n    from: \"rang\"\n    type: integer"), "\(draft)")
        #expect(draft.contains("  - name: taux\n    from: \"taux\"\n    type: number"), "\(draft)")
        #expect(draft.contains("  - name: actif\n    from: \"actif\"\n    type: boolean"), "\(draft)")
        #expect(try sandbox.kiosque("check").status == 0)
        #expect(try sandbox.kiosque("run").status == 0)
        // In the source's order of keys, not sorted; an array inside an object is one column.
        #expect(try sandbox.text("Output/datasets/rangs/rangs.csv").hasPrefix("rang,taux,actif,note_a\n0,0.0,true,\"[1,{"))
    }

    @Test("a spreadsheet's rows of empty cells after the data do not make a column optional, and the draft runs")
    func spreadsheetBlankRows() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let records = (1...30).map { "\($0);Service \($0 % 4);;\r\n" }.joined()
        try sandbox.write("Pipelines/sources/services.csv", "Code;Service;;\r\n" + records + String(repeating: ";;;\r\n", count: 40))
        let draft = try Self.draft(sandbox, "Pipelines/sources/services.csv", id: "services")
        #expect(draft.contains("on 30 sampled rows"), "\(draft)")
        #expect(draft.contains("  - name: code\n    from: \"Code\"\n    type: string\n    required: true\n"), "\(draft)")
        #expect(draft.contains("primary_key: [code]"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0 && run.stdout.contains("30 rows read, 30 published"), "\(run.stdout) \(run.stderr)")
    }

    @Test("numbers written with a unit are drafted as numbers with bare_number: false; several units, or a word, keep the text")
    func units() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = (1...12).map { "\($0);\($0 * 7 % 100),5 %;\($0 * 1250) FCFA;\($0 % 2 == 0 ? "12 %" : "3 €");Zone \($0)\n" }.joined()
        try sandbox.write("Pipelines/sources/taux.csv", "code;taux;frais;melange;zone\n" + rows)
        let draft = try Self.draft(sandbox, "Pipelines/sources/taux.csv", id: "taux")
        #expect(draft.contains("  - name: taux\n    from: \"taux\"\n    type: number\n    bare_number: false   # written with \"%\""), "\(draft)")
        #expect(draft.contains("  - name: frais\n    from: \"frais\"\n    type: integer\n    bare_number: false   # written with \"FCFA\""), "\(draft)")
        #expect(draft.contains("kept as text: its numbers are written with different units ('%': 6, '€': 6)"), "\(draft)")
        #expect(draft.contains("  - name: zone\n    from: \"zone\"\n    type: string"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let lines = try sandbox.text("Output/datasets/taux/taux.csv").split(separator: "\n")
        #expect(lines.first == "code,taux,frais,melange,zone")
        #expect(lines.dropFirst().first == "1,7.5,1250,3 €,Zone 1", "\(lines)")
    }

    @Test("dates written month first are drafted %m/%d/%Y when some day is over 12, hours with AM and PM as datetimes; day first wins when both read")
    func monthFirst() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/us.csv", "id;created;updated;ambiguous\n1;12/25/2024;03/15/2024 2:30 PM;01/02/2024\n2;01/31/2024;12/01/2023 12:05 AM;03/04/2024\n3;02/03/2024;07/04/2024 11:59 PM;05/06/2024\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/us.csv", id: "us")
        #expect(draft.contains("  - name: created\n    from: \"created\"\n    type: date\n    format: \"%m/%d/%Y\"\n"), "\(draft)")
        #expect(draft.contains("  - name: updated\n    from: \"updated\"\n    type: datetime\n    format: \"%m/%d/%Y %I:%M %p\"\n"), "\(draft)")
        #expect(draft.contains("  - name: ambiguous\n    from: \"ambiguous\"\n    type: date\n    format: \"%d/%m/%Y\"\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/us/us.csv").hasPrefix("id,created,updated,ambiguous\n1,2024-12-25,2024-03-15T14:30:00,2024-02-01\n2,2024-01-31,2023-12-01T00:05:00,2024-04-03\n"))
    }

    @Test("datetimes whose times are all midnight (a date column exported with 00:00:00) are drafted as dates, and published as dates")
    func midnightDates() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/sql.csv", "id;jour;moment\n1;2024-01-15 00:00:00;2024-01-15 10:30:00\n2;2024-02-01 00:00:00;2024-02-01 00:00:00\n3;2024-03-09 00:00:00;2024-03-09 23:59:59\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/sql.csv", id: "sql")
        #expect(draft.contains("  # published as dates: every time sampled (3) is 00:00:00, as when a date is exported with a time; set type: datetime to keep times\n  - name: jour\n    from: \"jour\"\n    type: date\n    format: \"%Y-%m-%d %H:%M:%S\"\n"), "\(draft)")
        #expect(draft.contains("  - name: moment\n    from: \"moment\"\n    type: datetime\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/sql/sql.csv") == "id,jour,moment\n1,2024-01-15,2024-01-15T10:30:00\n2,2024-02-01,2024-02-01T00:00:00\n3,2024-03-09,2024-03-09T23:59:59\n")
        // Two values say too little: they stay datetimes.
        try sandbox.write("Pipelines/sources/deux.csv", "id;jour\n1;2024-01-15 00:00:00\n2;2024-02-01 00:00:00\n")
        #expect(try Self.draft(sandbox, "Pipelines/sources/deux.csv", id: "deux").contains("  - name: jour\n    from: \"jour\"\n    type: datetime\n"))
    }

    @Test("a KoboToolbox export: the phone's IMEI, the SIM's IMSI and serial, the phone number, the enumerator's account and the GPS point look personal and are dropped, masked or rounded; the draft runs")
    func surveyExport() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let header = "start;end;deviceid;subscriberid;simserial;phonenumber;username;groupe/commune;groupe/age;_gps_latitude;_gps_longitude;_id;_submission_time;_submitted_by"
        let rows = (1...6).map { "2024-01-1\($0)T10:25:31.123+00:00;2024-01-1\($0)T10:30:00.456+00:00;collect:ABC12\($0);imsi:61203123\($0);8922501234567890123\($0);+22507010203\($0)\($0);enq0\($0);\(["Abidjan", "Bouaké"][$0 % 2]);3\($0);5.31\($0)49;-4.01\($0)51;10\($0);2024-01-1\($0)T10:31:00;enq0\($0)" }
        try sandbox.write("Pipelines/sources/enquete.csv", ([header] + rows).joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/enquete.csv", id: "enquete")
        for (name, word) in [("deviceid", "deviceid"), ("subscriberid", "subscriberid"), ("simserial", "simserial"), ("username", "username"), ("submitted_by", "submitted by")] {
            #expect(draft.contains("  # looks personal: its name says '\(word)'; dropped, never published\n  - name: \(name)\n"), "\(name): \(draft)")
        }
        #expect(draft.contains("  # looks personal: its name says 'phonenumber'; masked\n  - name: phonenumber\n"), "\(draft)")
        #expect(draft.contains("  - name: groupe_commune\n    from: \"groupe/commune\"\n"), "\(draft)")
        #expect(draft.contains("  # looks personal: its name says 'gps', where a form was filled, often a home; rounded to 0.01 degree (about 1 km)\n  - name: gps_latitude\n    from: \"_gps_latitude\"\n    type: number\n    required: true\n    anonymise: {round: 0.01}\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        let published = try sandbox.text("Output/datasets/enquete/enquete.csv")
        #expect(published.hasPrefix("start,end,phonenumber,groupe_commune,groupe_age,gps_latitude,gps_longitude,id,submission_time\n"), "\(published)")
        #expect(published.contains(",5.31,-4.01,101,") && !published.contains("5.311"), "\(published)")
        #expect(!published.contains("ABC12") && !published.contains("imsi") && !published.contains("enq0"), "\(published)")
    }

    @Test("describe says when the text looks encoded twice, in the header or the values, and not otherwise")
    func doubleEncodedDraft() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let comment = "# Some of its text looks encoded twice (Ã© for é, â€™ for ’): the export was read as Windows-1252\n"
        for (name, text, expected) in [("entete", "Code;DÃ©lai\n1;3\n2;4\n", true), ("valeurs", "Code;Objet\n1;RÃ©clamation\n2;ok\n", true),
                                       ("propre", "Code;Délai;Objet\n1;3;Réclamation\n2;4;Qualité\n", false)] {
            try sandbox.write("Pipelines/sources/\(name).csv", text)
            #expect(try Self.draft(sandbox, "Pipelines/sources/\(name).csv", id: name).contains(comment) == expected, "\(name)")
        }
    }

    @Test("a budget export with negatives in parentheses or with a trailing minus (SAP) is drafted with numbers, and published with the sign in front")
    func accountingNegatives() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/budget.csv", "Poste;Montant;Écart\nA;1 234,56-;(12)\nB;500,00;45\nC;12,50-;(3)\nD;7,00;8\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/budget.csv", id: "budget")
        #expect(draft.contains("  - name: montant\n    from: \"Montant\"\n    type: number\n") && draft.contains("  - name: ecart\n    from: \"Écart\"\n    type: integer\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/budget/budget.csv") == "poste,montant,ecart\nA,-1234.56,-12\nB,500.00,45\nC,-12.50,-3\nD,7.00,8\n")
    }

    @Test("a letter before digits is a code's (T1 for a quarter, M3, DA1), not a unit; a currency before the number is one")
    func codesAreNotUnits() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = (1...12).map { "T\($0 % 4 + 1);M\($0);DA\($0 % 3);€\($0),50;FCFA \($0 * 1000);\($0)h\n" }.joined()
        try sandbox.write("Pipelines/sources/periodes.csv", "trimestre;mois;classe;prix;frais;duree\n" + rows)
        let draft = try Self.draft(sandbox, "Pipelines/sources/periodes.csv", id: "periodes")
        #expect(draft.contains("  - name: trimestre\n    from: \"trimestre\"\n    type: string\n    required: true\n    enum: [\"T1\", \"T2\", \"T3\", \"T4\"]"), "\(draft)")
        #expect(draft.contains("  - name: mois\n    from: \"mois\"\n    type: string\n"), "\(draft)")
        #expect(draft.contains("  - name: classe\n    from: \"classe\"\n    type: string\n"), "\(draft)")
        #expect(draft.contains("  - name: prix\n    from: \"prix\"\n    type: number\n    bare_number: false   # written with \"€\""), "\(draft)")
        #expect(draft.contains("  - name: frais\n    from: \"frais\"\n    type: integer\n    bare_number: false   # written with \"FCFA\""), "\(draft)")
        #expect(draft.contains("  - name: duree\n    from: \"duree\"\n    type: integer\n    bare_number: false   # written with \"h\""), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(try sandbox.text("Output/datasets/periodes/periodes.csv").hasPrefix("trimestre,mois,classe,prix,frais,duree\nT2,M1,DA1,1.50,1000,1\n"))
    }

    @Test("dates with two-digit years are drafted with %y and a comment, unless some would read as after this year (births in 1945 written 45)")
    func twoDigitYears() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = (1...12).map { "\($0);\(String(format: "%02d", $0 + 10))/\(String(format: "%02d", $0))/2\($0 % 6);0\($0 % 9 + 1)/0\($0 % 9 + 1)/\(45 + $0)\n" }.joined()
        try sandbox.write("Pipelines/sources/actes.csv", "id;declaration;naissance\n" + rows)
        let draft = try Self.draft(sandbox, "Pipelines/sources/actes.csv", id: "actes")
        #expect(draft.contains("  # two-digit years: run reads 00 to 69 as 2000 to 2069 and 70 to 99 as 1970 to 1999\n  - name: declaration\n    from: \"declaration\"\n    type: date\n    format: \"%d/%m/%y\"\n"), "\(draft)")
        #expect(draft.contains("  # kept as text: its years have two digits, and run reads 00 to 69 as 2000 to 2069, so some would fall after 2026 (2057); ask for four-digit years"), "\(draft)")
        #expect(draft.contains("  - name: naissance\n    from: \"naissance\"\n    type: string\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(try sandbox.text("Output/datasets/actes/actes.csv").hasPrefix("id,declaration,naissance\n1,2021-01-11,02/02/46\n"))
        // In 2060, the same years are all in the past: a date.
        let later = try sandbox.kiosque("describe", "Pipelines/sources/actes.csv", environment: ["SOURCE_DATE_EPOCH": "2871763200"])
        #expect(later.stdout.contains("  - name: naissance\n    from: \"naissance\"\n    type: date\n    format: \"%d/%m/%y\"\n"), "\(later.stdout)")
    }

    @Test("numbers grouped with points, commas or spaces give the right separators and types", arguments: [
        ("1.234,56|12.345.678,00|99,10|1.000|-7", ",", ".", "1234.56|12345678.00|99.10|1000|-7"),
        ("1,234.56|12,345,678.00|99.10|1,000|-7", ".", ",", "1234.56|12345678.00|99.10|1000|-7"),
        ("1 234,56|12 345 678,00|99,10|1 000|-7", ",", " ", "1234.56|12345678.00|99.10|1000|-7"),
        ("1.5|2.25|1.000|7", ".", nil, "1.5|2.25|1.000|7"),
        // The minus sign of typeset tables (U+2212) reads as `-`.
        ("\u{2212}1 234,56|12,5|\u{2212}3|0,25", ",", " ", "-1234.56|12.5|-3|0.25"),
        // Whole numbers, grouped: counts, drafted as integers.
        ("1 204|12 345|987|-7", ".", " ", "1204|12345|987|-7"),
        ("1.204|12.345.678|987", ",", ".", "1204|12345678|987"),
    ] as [(String, String, String?, String)])
    func groupedNumbers(values: String, decimal: String, thousands: String?, published: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let cells = values.split(separator: "|")
        let csv = "Code;Montant\n" + cells.enumerated().map { "C\($0.offset);\($0.element)" }.joined(separator: "\n") + "\n"
        try sandbox.write("Pipelines/sources/montants.csv", csv)
        let draft = try Self.draft(sandbox, "Pipelines/sources/montants.csv", id: "montants")
        #expect(draft.contains("  decimal: \"\(decimal)\"\n"), "\(draft)")
        #expect(draft.contains("  thousands:") == (thousands != nil), "\(draft)")
        if let thousands { #expect(draft.contains("  thousands: \"\(thousands)\"\n"), "\(draft)") }
        let type = published.contains(".") ? "number" : "integer"
        #expect(draft.contains("  - name: montant\n    from: \"Montant\"\n    type: \(type)"), "\(draft)")
        #expect(try sandbox.kiosque("run").status == 0)
        let lines = try sandbox.text("Output/datasets/montants/montants.csv").split(separator: "\n").dropFirst()
        #expect(lines.map { String($0.split(separator: ",", maxSplits: 1)[1]) } == published.split(separator: "|").map(String.init))
    }

    @Test("a JSON export in Latin-1 or UTF-16, which run reads, is described too, and its draft names the encoding", arguments: [
        ("json", String.Encoding.isoLatin1, "iso-8859-1"), ("ndjson", .utf16LittleEndian, "utf-16"), ("json", .windowsCP1252, "windows-1252"),
    ] as [(String, String.Encoding, String)])
    func legacyJSON(format: String, encoding: String.Encoding, name: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // The euro sign is a Windows-1252 byte (0x80), not a Latin-1 one.
        let unit = encoding == .windowsCP1252 ? "€" : "F"
        let objects = (1...12).map { #"{"id": \#($0), "ville": "Bouaké", "unite": "\#(unit)"}"# }
        let text = format == "ndjson" ? objects.joined(separator: "\n") + "\n" : "[" + objects.joined(separator: ",\n") + "]"
        try sandbox.write("Pipelines/sources/villes.\(format)", try #require(text.data(using: encoding)))
        let draft = try Self.draft(sandbox, "Pipelines/sources/villes.\(format)", id: "villes")
        #expect(draft.contains("  encoding: \(name)   # JSON should be UTF-8; this export is not\n"), "\(draft)")
        #expect(draft.contains(#"enum: ["Bouaké"]"#), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/villes/villes.csv").hasPrefix("id,ville,unite\n1,Bouaké,\(unit)\n"))
    }

    @Test("a column of dates in two formats, or numbers with two decimal marks, is text with a comment saying why; a column of words, or of codes, has none")
    func mostlyTyped() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // Department codes: numbers, but 2A and 2B too; a code is text by nature.
        let rows = (0..<40).map { "\($0);\($0 % 28 + 1)/03/2024;\($0),5;Bouaké;\($0 % 3 == 0 ? "2A" : String($0 + 10))" }
            + (40..<50).map { "\($0);2024-03-\(String(format: "%02d", $0 % 28 + 1));\($0).5;Man;\($0 + 10)" }
        try sandbox.write("Pipelines/sources/mixte.csv", "id;date;montant;ville;Code du département\n" + rows.joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/mixte.csv", id: "mixte")
        #expect(draft.contains("""
              # kept as text: 40 of the 50 values sampled are dates (%d/%m/%Y: 40, %Y-%m-%d: 10), and a field reads one date format; ask for one in the export, or set type: date and format: "%d/%m/%Y" and run reports the others as invalid
              - name: date
                from: "date"
                type: string
            """), "\(draft)")
        #expect(draft.contains("""
              # kept as text: 40 of the 50 values sampled are numbers, with decimals written both with ',' (40) and with '.' (10); with type: number, run reports the others as invalid
              - name: montant
            """), "\(draft)")
        #expect(!draft.contains("# kept as text: 0") && draft.components(separatedBy: "# kept as text").count == 3, "\(draft)")
        #expect(try sandbox.kiosque("run").status == 0)
    }

    @Test("whole numbers under a code's name, or under a dBase C header, are drafted as text and published as written; counts stay integers")
    func codesAsText() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // A shapefile's table exported with its dBase field specs, as Montpellier's portal did.
        let rows = (0..<30).map { "\(34_000 + $0 * 7);\(1_000 + $0 * 13);\(100 + $0);\($0 + 1);\($0 % 5)" }
        try sandbox.write("Pipelines/sources/codes.csv",
                          "Code commune;Population;CDCOL,C,6;FID,N,9,0;Nombre de guichets\n" + rows.joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/codes.csv", id: "codes")
        #expect(draft.contains("""
              # kept as text: a code, although every value sampled is a whole number (a code keeps its exact form, such as 01001 or 2A); set type: integer if it is a count
              - name: code_commune
                from: "Code commune"
                type: string
            """), "\(draft)")
        #expect(draft.contains("""
              # kept as text: its header's dBase type is C (characters), so these whole numbers are codes; set type: integer if they are counts
              - name: cdcol
                from: "CDCOL,C,6"
                type: string
            """), "\(draft)")
        #expect(draft.contains("  - name: fid\n    from: \"FID,N,9,0\"\n    type: integer"), "\(draft)")
        #expect(draft.contains("  - name: population\n    from: \"Population\"\n    type: integer"), "\(draft)")
        #expect(draft.contains("  - name: nombre_de_guichets\n    from: \"Nombre de guichets\"\n    type: integer"), "\(draft)")
        #expect(draft.components(separatedBy: "# kept as text").count == 3, "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try sandbox.text("Output/datasets/codes/codes.json")
        #expect(json.contains("\"code_commune\":\"34000\"") && json.contains("\"cdcol\":\"100\"") && json.contains("\"population\":1000"), "\(json.prefix(300))")
    }

    @Test("columns that share a label are read by position; those with neither header nor value are left out with a comment; the draft publishes")
    func sharedLabels() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/totaux.csv", "Commune;Total;Total;Note;;;\nA;1;2;x;;;\nB;3;4;y;;;\nC;5;6;z;;;\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/totaux.csv", id: "totaux")
        #expect(draft.contains("""
              # the source has 2 columns labelled 'Total' (columns 2, 3), which from: cannot tell apart: each is read by its position, column:; check that the next export keeps its columns in this order
              - name: total
                column: 2
                type: integer
            """), "\(draft)")
        #expect(draft.contains("  - name: total_2\n    column: 3\n    type: integer\n"), "\(draft)")
        #expect(draft.contains("  # the source has 3 columns labelled '' (columns 5, 6, 7), which from: cannot tell apart: none has a value in the sample, so they are left out"), "\(draft)")
        #expect(!draft.contains("from: \"Total\"") && !draft.contains("from: \"\"") && !draft.contains("column: 5"), "\(draft)")
        #expect(try sandbox.kiosque("check").status == 0)
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.text("Output/datasets/totaux/totaux.csv") == "commune,total,total_2,note\nA,1,2,x\nB,3,4,y\nC,5,6,z\n")
        // Under a row of group labels, a repeated label is named with its group.
        try sandbox.write("Pipelines/sources/groupes.csv", ";Téléphone;;Guichet;\nService;Rapidité;Amabilité;Rapidité;Note\n"
                          + (1...12).map { "S\($0);\($0);\($0 + 1);\($0 + 2);x" }.joined(separator: "\n") + "\n")
        let grouped = try Self.draft(sandbox, "Pipelines/sources/groupes.csv", id: "groupes")
        #expect(grouped.contains("  skip_lines: 1\n") && grouped.contains("  - name: rapidite_telephone\n    column: 2\n")
                && grouped.contains("  - name: rapidite_guichet\n    column: 4\n") && grouped.contains("  - name: amabilite\n    from: \"Amabilité\"\n"), "\(grouped)")
        // A lone column without header or value is named by its place.
        try sandbox.write("Pipelines/sources/fin.csv", "Commune;Note;\nA;x;\nB;y;\n")
        #expect(try Self.draft(sandbox, "Pipelines/sources/fin.csv", id: "fin").contains("  # column 3 has no header and no value in the sample"))
    }

    @Test("an export without a header row is drafted with header: false and its columns by position; years and labels over numbers stay a header")
    func headerless() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = (1...30).map { "A\(String(format: "%03d", $0));Service \($0 % 3);\($0 % 7),5;\(String(format: "%02d", $0 % 28 + 1))/02/2024" }
        try sandbox.write("Pipelines/sources/brut.csv", rows.joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/brut.csv", id: "brut")
        #expect(draft.contains("  header: false\n"), "\(draft)")
        #expect(draft.contains("  - name: colonne_1\n    column: 1\n    type: string\n"), "\(draft)")
        #expect(draft.contains("  - name: colonne_4\n    column: 4\n    type: date\n    format: \"%d/%m/%Y\"\n"), "\(draft)")
        #expect(!draft.contains("from:"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("brut: 30 rows read, 30 published"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/brut/brut.csv").hasPrefix("colonne_1,colonne_2,colonne_3,colonne_4\nA001,Service 1,1.5,2024-02-02\n"))
        // Years as labels, and labels over numbers, are a header.
        for (name, header) in [("annees", "Commune;2019;2020;2021"), ("labels", "Code;N°;Taux;Date")] {
            let values = (1...30).map { "A\($0);\($0);\($0 * 2),5;0\($0 % 9 + 1)/02/2024" }
            try sandbox.write("Pipelines/sources/\(name).csv", header + "\n" + values.joined(separator: "\n") + "\n")
            let drafted = try Self.draft(sandbox, "Pipelines/sources/\(name).csv", id: name)
            #expect(!drafted.contains("header: false") && !drafted.contains("column:") && drafted.contains("    from: \"2019\"\n") == (name == "annees"), "\(drafted)")
        }
    }

    @Test("an export of text alone without a header row is known by its first record's values coming back down their columns; its names are not drafted as labels")
    func headerlessText() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let families = ["Koné", "Traoré", "Diallo", "Ouattara", "Bamba", "Coulibaly", "Yao"]
        let given = ["Awa", "Moussa", "Fatou", "Issa", "Mariam", "Adama", "Kouassi", "Aminata", "Seydou", "Rokia", "Ibrahim"]
        let rows = (0..<40).map { "\(families[$0 % 7]) \($0);\(given[$0 % 11]);\($0 % 2 == 0 ? "F" : "M");\(["Bouaké", "Abidjan", "Korhogo"][$0 % 3])" }
        try sandbox.write("Pipelines/sources/agents.csv", rows.joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/agents.csv", id: "agents")
        #expect(draft.contains("  header: false\n") && draft.contains("  - name: colonne_3\n    column: 3\n"), "\(draft)")
        #expect(!draft.contains("Koné") && !draft.contains("Awa"), "\(draft)")
        // Names, birth years and a town: only the town comes back, but many times.
        let people = (0..<40).map { "\(families[$0 % 7]) \($0);\(given[$0 % 11])-\($0);\(1950 + $0);\(["Bouaké", "Abidjan", "Korhogo"][$0 % 3])" }
        try sandbox.write("Pipelines/sources/personnes.csv", people.joined(separator: "\n") + "\n")
        let drafted = try Self.draft(sandbox, "Pipelines/sources/personnes.csv", id: "personnes")
        #expect(drafted.contains("  header: false\n") && !drafted.contains("Koné") && !drafted.contains("Awa"), "\(drafted)")
        // The same columns under a header, even one repeated further down (a report printed page by
        // page), keep their header.
        let header = "Nom;Prénom;Sexe;Commune"
        for (name, text) in [("nommes", [header] + rows), ("pages", [header] + rows.prefix(20) + [header] + rows.suffix(20))] {
            try sandbox.write("Pipelines/sources/\(name).csv", text.joined(separator: "\n") + "\n")
            let drafted = try Self.draft(sandbox, "Pipelines/sources/\(name).csv", id: name)
            #expect(!drafted.contains("header: false") && drafted.contains("    from: \"Sexe\"\n"), "\(drafted)")
        }
    }

    @Test("ISO 8601 datetimes with a zone or fractions, as APIs write them, are drafted as datetimes")
    func isoDatetimes() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let lines = (1...12).map { #"{"id":"E\#($0)","cree":"2025-03-\#(String(format: "%02d", $0))T10:15:00Z","maj":"2025-03-\#(String(format: "%02d", $0))T10:15:00.123+01:00"}"# }
        try sandbox.write("Pipelines/sources/evenements.ndjson", lines.joined(separator: "\n") + "\n")
        #expect(try sandbox.kiosque("describe", "Pipelines/sources/evenements.ndjson", "--output", "Pipelines/evenements.yml").status == 0)
        let draft = try sandbox.text("Pipelines/evenements.yml")
        #expect(draft.contains("  - name: cree\n    from: \"cree\"\n    type: datetime\n    format: \"%Y-%m-%dT%H:%M:%S%z\""), "\(draft)")
        #expect(draft.contains("  - name: maj\n    from: \"maj\"\n    type: datetime\n    format: \"%Y-%m-%dT%H:%M:%S.%f%z\""), "\(draft)")
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.text("Output/datasets/evenements/evenements.csv").contains("E1,2025-03-01T10:15:00Z,2025-03-01T10:15:00.123+01:00\n"))
    }

    @Test("nested values are sampled as run reads them, so the enums the draft suggests match every row")
    func nestedValues() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // Keys out of order, a number written with a trailing zero, a slash: Foundation rewrites all three.
        let objects = (0..<30).map { #"{"code":\#($0),"zones":[{"lon":-4.0,"lat":5.30}],"liens":["https://a.example/b"]}"# }
        try sandbox.write("Pipelines/sources/lieux.json", "[" + objects.joined(separator: ",\n") + "]")
        let draft = try Self.draft(sandbox, "Pipelines/sources/lieux.json", id: "lieux")
        #expect(draft.contains(#"enum: ["[{\"lon\":-4.0,\"lat\":5.30}]"]"#), "\(draft)")
        #expect(draft.contains(#"enum: ["[\"https://a.example/b\"]"]"#), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("lieux: 30 rows read, 30 published"), "\(run.stdout)")
    }

    @Test("JSON numbers count for no decimal mark; numbers written as text with commas get decimal and thousands")
    func jsonTextNumbers() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let objects = (0..<30).map { #"{"id":\#($0),"taux":\#($0).25,"montant":"\#($0 + 1).\#(100 + $0),50"}"# }
        try sandbox.write("Pipelines/sources/budget.ndjson", objects.joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/budget.ndjson", id: "budget")
        #expect(draft.contains("  format: ndjson\n  decimal: \",\"\n  thousands: \".\"\n"), "\(draft)")
        #expect(draft.contains("  - name: taux\n    from: \"taux\"\n    type: number"), "\(draft)")
        #expect(draft.contains("  - name: montant\n    from: \"montant\"\n    type: number"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/budget/budget.csv").hasPrefix("id,taux,montant\n0,0.25,1100.50\n1,1.25,2101.50\n"))
    }

    @Test("dates with month names, as spreadsheets write them, are drafted with %B and publish")
    func monthNames() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let short = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"]
        let rows = (0..<24).map { "A\($0);\($0 % 28 + 1) \(months[$0 % 12]) 2025;\($0 % 28 + 1)-\(short[$0 % 12]).-25" }
        try sandbox.write("Pipelines/sources/actes.csv", (["Code;Date;Saisie"] + rows).joined(separator: "\n") + "\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/actes.csv", id: "actes")
        #expect(draft.contains("  - name: date\n    from: \"Date\"\n    type: date\n    format: \"%d %B %Y\""), "\(draft)")
        #expect(draft.contains("  - name: saisie\n    from: \"Saisie\"\n    type: date\n    format: \"%d-%B-%y\""), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/actes/actes.csv").hasPrefix("code,date,saisie\nA0,2025-01-01,2025-01-01\nA1,2025-02-02,2025-02-02\n"))
    }

    @Test("a JSON document larger than the sample is described from its first records", arguments: [false, true])
    func largeJSON(pretty: Bool) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // Over the 8 MiB sample: minified under a wrapper object, or an indented top-level array.
        let separator = pretty ? ",\n  " : ","
        let filler = String(repeating: "dossier complet, pièces vérifiées. ", count: 6)
        let records = (0..<40_000).map { index in
            pretty ? "{\n    \"id\": \(index),\n    \"commune\": \"Bouaké\",\n    \"valeur\": \(index % 97).25,\n    \"note\": \"demande n° \(index) reçue, \(filler)\"\n  }"
                : #"{"id":\#(index),"commune":"Bouaké","valeur":\#(index % 97).25,"note":"demande n° \#(index) reçue, \#(filler)"}"#
        }.joined(separator: separator)
        let text = pretty ? "[\n  " + records + "\n]\n" : #"{"meta":{"total":40000},"data":["# + records + "]}"
        #expect(text.utf8.count > 8 << 20)
        try sandbox.write("Pipelines/sources/demandes.json", text)
        let draft = try Self.draft(sandbox, "Pipelines/sources/demandes.json", id: "demandes")
        #expect(draft.hasPrefix("# Draft recipe written by kiosque describe from demandes.json, on 1000 sampled rows."), "\(draft)")
        #expect(draft.contains("  records: \"\(pretty ? "" : "/data")\""), "\(draft)")
        #expect(draft.contains("  - name: valeur\n    from: \"valeur\"\n    type: number"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("demandes: 40000 rows read, 40000 published"), "\(run.stdout)")
    }

    @Test("a JSON document cut anywhere is closed after its last whole value, or not at all")
    func closedPrefixes() throws {
        let document = #"{"meta":{"n":2,"ok":true},"data":[{"id":1,"v":-12.50,"t":"a \"b\" ç","x":null,"l":[1,false]},{"id":2,"v":9.25,"t":"/","x":{"y":[]}}]}"#
        let bytes = Array(document.utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-test-closed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var closed = 0
        for length in 1...bytes.count {
            for mark in [false, true] {
                let data = Data((mark ? [0xEF, 0xBB, 0xBF] : []) + bytes[..<length])
                let file = folder.appendingPathComponent("cut.json")
                try data.write(to: file)
                guard let whole = Sample.closedPrefix(of: file, data) else { continue }
                closed += 1
                let body = Array(whole.dropFirst(mark ? 3 : 0))
                #expect(whole.starts(with: mark ? [0xEF, 0xBB, 0xBF] : []))
                #expect((try? JSONSerialization.jsonObject(with: Data(body))) is [String: Any], "cut at \(length): \(String(decoding: body, as: UTF8.self))")
                // The document's own first bytes, up to the cut, then closing brackets only.
                let kept = (0...min(body.count, length)).last { bytes.starts(with: body[..<$0]) } ?? 0
                #expect(body[kept...].allSatisfy { $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "}") }, "cut at \(length): \(String(decoding: body, as: UTF8.self))")
            }
        }
        #expect(closed > bytes.count, "closed \(closed) of \(2 * bytes.count) cuts")
        // Deeper than run reads: not closed (closing costs the depth at every value).
        let deep = Data((String(repeating: "[", count: 300) + String(repeating: "1,", count: 1000)).utf8)
        let file = folder.appendingPathComponent("deep.json")
        try deep.write(to: file)
        #expect(Sample.closedPrefix(of: file, deep) == nil)
        let shallow = Data((String(repeating: "[", count: 200) + String(repeating: "1,", count: 1000)).utf8)
        try shallow.write(to: file)
        #expect(Sample.closedPrefix(of: file, shallow) != nil)
    }

    @Test("a JSON API that links to its next page is drafted with paginate, and the draft reads every page")
    func nextPage() throws {
        let (sandbox, server) = try PaginationTests.setUp("/pages/link/1", source: "")
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Pipelines/enregistrements.yml"))
        let draft = try Self.draft(sandbox, server.url("/pages/link/1"), id: "pages")
        #expect(draft.contains("  records: \"/results\"\n  # the answer links to a next page: run reads every page, following it\n  paginate: {next: \"/links/next\"}\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("pages: 6 rows read, 6 published"), "\(run.stdout)")
        // An answer without a link to follow gets no paginate.
        try sandbox.write("served/single.json", #"{"results": [{"id": "A"}, {"id": "B"}], "links": {"next": null}}"#)
        let single = try sandbox.kiosque("describe", server.url("/files/single.json"))
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stdout.contains("  records: \"/results\"\n") && !single.stdout.contains("paginate"), "\(single.stdout)")
        withExtendedLifetime(server) {}
    }

    @Test("numbers written with an exponent, as statistics programs write small and large values, are drafted as numbers")
    func exponents() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/mesures.csv", "station;valeur\nA;1,5e3\nB;2,25E-02\nC;12\nD;0,5\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/mesures.csv", id: "mesures")
        #expect(draft.contains("  decimal: \",\"\n"), "\(draft)")
        #expect(draft.contains("  - name: valeur\n    from: \"valeur\"\n    type: number\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/mesures/mesures.csv") == "station,valeur\nA,1.5e3\nB,2.25e-02\nC,12\nD,0.5\n")
    }

    @Test("a JSON API asked for an offset or a page in its URL is drafted with paginate, and the draft reads every page")
    func pageInURL() throws {
        let (sandbox, server) = try PaginationTests.setUp("/pages/offset", source: "")
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Pipelines/enregistrements.yml"))
        let draft = try Self.draft(sandbox, server.url("/pages/offset?offset=0&limit=2"), id: "decalage")
        #expect(draft.contains("""
              # the URL asks for records from an offset: run reads every page, moving offset on by the records of each, until one is empty
              paginate: {offset_param: "offset", start: 0, size_param: "limit", size: 2}

            """), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("decalage: 7 rows read, 7 published"), "\(run.stdout)")
        #expect(Pagination.suggested(by: "https://api.example/items?lang=fr&page=1&per_page=50")
                == .parameter(name: "page", start: 1, sizeParameter: "per_page", size: 50))
        #expect(Pagination.suggested(by: "https://api.example/odata/Demandes?$top=500&$skip=0")
                == .offset(name: "$skip", start: 0, sizeParameter: "$top", size: 500))
        #expect(Pagination.suggested(by: "https://api.example/items?lang=fr&offset=abc") == nil)
        withExtendedLifetime(server) {}
    }

    @Test("the next page's link is looked for where APIs put it", arguments: [
        (#"{"links": {"next": "https://api.example/items?page=2"}}"#, "/links/next"), (#"{"next": "/items?page=2"}"#, "/next"),
        (#"{"next_page": "?page=2"}"#, "/next_page"), (#"{"_links": {"next": {"href": "/items/2"}}}"#, "/_links/next/href"),
        (#"{"next": null, "links": {"next": 2}}"#, nil), (#"{"next": "page two"}"#, nil),
    ])
    func nextPageLink(document: String, pointer: String?) throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8))
        #expect(Sample.nextPageLink(in: parsed) == pointer)
    }

    @Test("an HTTP source is described from a bounded sample")
    func http() throws {
        let (sandbox, server) = try HTTPSourceTests.setUp("/files/naissances.csv")
        let result = try sandbox.kiosque("describe", server.url("/files/naissances.csv"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  url: \"\(server.url("/files/naissances.csv"))\""))
        #expect(result.stdout.contains("  thousands: \" \""))
        let excel = try sandbox.write("Pipelines/sources/excel.csv", "sep=;\nCode;Valeur\nA;1\nB;2\n")
        let described = try sandbox.kiosque("describe", excel.path)
        // Excel's sep= line names the delimiter; run skips it by itself.
        #expect(!described.stdout.contains("skip_lines"), "\(described.stdout)")
        #expect(described.stdout.contains("  delimiter: \";\"\n") && described.stdout.contains("    from: \"Code\"\n"), "\(described.stdout)")
        // On standard output, the draft says where it belongs.
        #expect(result.stdout.contains("\n# Save it as Pipelines/naissances.yml: its id and its source url assume that place.\n"), "\(result.stdout)")

        // A token in the URL is the steward's to keep, but the draft says where it belongs; errors never show it.
        let withToken = try sandbox.kiosque("describe", server.url("/files/naissances.csv?token=s3cr3t-42"))
        #expect(withToken.status == 0, "\(withToken.stderr)")
        #expect(withToken.stdout.contains("  # this URL carries a password or a token"), "\(withToken.stdout)")
        let missing = try sandbox.kiosque("describe", server.url("/files/absent.csv?token=s3cr3t-42"))
        #expect(missing.status == 1)
        #expect(!missing.stderr.contains("s3cr3t"), "\(missing.stderr)")
        let shown = server.url("/files/absent.csv?token=REDACTED")
        #expect(missing.stderr.hasPrefix("kiosque: cannot describe \(shown): the server answered HTTP 404"), "\(missing.stderr)")
        // describe has no recipe and no next run: its hints speak of the URL alone.
        let html = try sandbox.kiosque("describe", server.url("/html/page"))
        #expect(html.status == 1)
        #expect(html.stderr.contains("an HTML page where data was expected (an error or login page?); check the URL"), "\(html.stderr)")
        let refused = try sandbox.kiosque("describe", "http://127.0.0.1:9/export.csv")
        #expect(refused.stderr.contains("try again later") && !refused.stderr.contains("next run") && !refused.stderr.contains("source "), "\(refused.stderr)")
    }

    /// A statistical table has no column unique alone: its categories together are its key, which
    /// makes each version's changes list row by row.
    @Test("a table whose categories together tell its rows apart gets them as its primary key; too few rows, or a pair that repeats, give none")
    func compositeKey() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let communes = ["Abidjan", "Bouaké", "Man", "Daloa"]
        let grid = communes.flatMap { commune in ["F", "M"].enumerated().map { "\(commune);\($1);\(commune.count * 7 + $0)\n" } }
        try sandbox.write("Pipelines/sources/deces.csv", "Commune;Sexe;Décès\n" + grid.joined())
        let draft = try Self.draft(sandbox, "Pipelines/sources/deces.csv", id: "deces")
        #expect(draft.contains("primary_key: [commune, sexe]\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0 && run.stdout.hasPrefix("deces: 8 rows read, 8 published"), "\(run.stdout)\(run.stderr)")

        try sandbox.write("Pipelines/sources/court.csv", "Commune;Sexe;Décès\n" + grid.prefix(7).joined())
        #expect(!(try Self.draft(sandbox, "Pipelines/sources/court.csv", id: "court")).contains("primary_key"))
        try sandbox.write("Pipelines/sources/double.csv", "Commune;Sexe;Décès\n" + grid.joined() + grid[0])
        #expect(!(try Self.draft(sandbox, "Pipelines/sources/double.csv", id: "double")).contains("primary_key"))
    }

    /// Two columns under a title: the rule for wider tables (a header filling most columns) needs
    /// three columns to tell a title from a header with an empty label.
    @Test("a two-column table under a title line: the title is skipped when labels stand over numbers; a header with one empty label stays", arguments: [
        ("Décès par commune, 2021\nCommune;Décès 2021\nAbidjan;12\nBouaké;7\nMan;3\n", true),
        ("Liste des communes\nSource : état civil\n\nCommune;Décès\nAbidjan;12\nBouaké;7\nMan;3\n", true),
        ("Commune;\nAbidjan;12\nBouaké;7\nMan;3\n", false),
        ("Commune;Décès\nAbidjan;12\nBouaké;7\nMan;3\n", false),
    ])
    func twoColumnTitle(text: String, skipped: Bool) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/deces.csv", text)
        let draft = try Self.draft(sandbox, "Pipelines/sources/deces.csv", id: "deces")
        #expect(draft.contains("  skip_lines: ") == skipped, "\(draft)")
        #expect(draft.contains("    from: \"Commune\"\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0 && run.stdout.hasPrefix("deces: 3 rows read, 3 published"), "\(run.stdout)\(run.stderr)\n\(draft)")
    }

    @Test("each real export is described into a recipe that checks and publishes", arguments: [
        "insee-montpellier_naissances-par-iris_2005-2009_cp1252.csv", "montpellier_budget-primitif-2014_cp1252.csv",
        "montpellier_etablissements-publics_2014_cp1252.csv", "rne_elus-deputes_2024-07-30_utf8.csv",
        "datagouv-api1_dataset_grand-nancy-stan-gtfs_2020-02-07.json",
    ])
    func realSources(name: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/\(name)", try Data(contentsOf: TestPaths.realSources.appendingPathComponent(name)))
        let draft = try Self.draft(sandbox, "Pipelines/sources/\(name)", id: "reel")
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)\n\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)\n\(draft)")
        #expect(run.stdout.hasPrefix("reel: "), "\(run.stdout)")
        if name.hasPrefix("insee") {
            // Seven lines of titles and notes, then codes over labels: the labels are the header.
            #expect(draft.contains("  skip_lines: 7"), "\(draft)")
            #expect(draft.contains("from: \"Naissances en 2009\"") && draft.contains("    type: integer"), "\(draft)")
            #expect(run.stdout.hasPrefix("reel: 95 rows read, 95 published"), "\(run.stdout)")
            // A commune's name is not a person's.
            #expect(!draft.contains("its name says 'nom'"), "\(draft)")
            #expect(draft.contains("  - name: code_region\n    from: \"Code région\"\n    type: string"), "\(draft)")
        }
        if name.hasPrefix("montpellier_etablissements") {
            // dBase field specs in the header: named by the name before them, a C column as text.
            #expect(draft.contains("  - name: cdcol\n    from: \"CDCOL,C,254\"\n    type: string"), "\(draft)")
            #expect(draft.contains("  - name: fid_eqpt_2\n    from: \"FID_eqpt_2,N,9,0\"\n    type: integer"), "\(draft)")
        }
    }

    @Test("a file outside the recipe's folder gets a draft that says how to make check accept it")
    func outsideFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("exports/agents.csv", "code;libelle;effectif\nA1;un;1\nA2;deux;2\nA3;trois;3\n")
        let draft = try Self.draft(sandbox, "exports/agents.csv", id: "agents")
        #expect(draft.contains("  # outside the recipe's folder: copy agents.csv into Pipelines/sources/ and write sources/agents.csv here"), "\(draft)")
        #expect(draft.contains("url: \"../exports/agents.csv\""), "\(draft)")
        #expect(try sandbox.kiosque("check").status == 2)
        // Either remedy the comment names makes the draft check and publish.
        let exports = sandbox.root.appendingPathComponent("exports").standardizedFileURL.path
        #expect(draft.contains("or list \(exports) in allowed_file_roots"), "\(draft)")
        try sandbox.write("Pipelines/catalog.yml", try sandbox.text("Pipelines/catalog.yml") + "allowed_file_roots: [\(exports)]\n")
        #expect(try sandbox.kiosque("check").status == 0)
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.text("Output/datasets/agents/agents.csv").hasPrefix("code,libelle,effectif\nA1,un,1\n"))
    }

    @Test("an OpenDocument spreadsheet without a table, and a cut workbook, are named as such")
    func spreadsheet() throws {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/sources/tableau.ods", try ZipSourceTests.archive([
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", false), ("content.xml", "<office/>", true),
        ]))
        let result = try sandbox.kiosque("describe", "Pipelines/sources/tableau.ods")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("the workbook has no sheet; ask for the file again"), "\(result.stderr)")
        // An Excel binary workbook is named as such.
        try sandbox.write("Pipelines/sources/tableau.xlsb", try ZipSourceTests.archive([("[Content_Types].xml", "<Types/>", true), ("xl/workbook.bin", "\u{1}", true)]))
        let binary = try sandbox.kiosque("describe", "Pipelines/sources/tableau.xlsb")
        #expect(binary.status == 1)
        #expect(binary.stderr.contains("the source is an Excel binary workbook (.xlsb), which kiosque does not read; save it as .xlsx (Excel workbook) or .ods"), "\(binary.stderr)")
        // A file that starts as an archive but is cut short says so.
        try sandbox.write("Pipelines/sources/tableau.xlsx", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) + Data(count: 200))
        let cut = try sandbox.kiosque("describe", "Pipelines/sources/tableau.xlsx")
        #expect(cut.status == 1)
        #expect(cut.stderr.contains("the ZIP archive has no central directory: it looks truncated; ask for the file again"), "\(cut.stderr)")
    }

    @Test("a JSON answer of rows without keys is refused with what to ask for, wherever the rows are", arguments: [
        ("[[\"code\", \"nom\"], [1, \"a\"]]", "the root"), ("{\"meta\": {}, \"data\": {\"rows\": [[1, \"a\"], [2, \"b\"]]}}", "/data/rows"),
    ])
    func arrayRows(document: String, place: String) throws {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/sources/lignes.json", document)
        let result = try sandbox.kiosque("describe", "Pipelines/sources/lignes.json")
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds its rows as arrays without keys (at \(place))"), "\(result.stderr)")
        #expect(result.stderr.contains("ask for an export of objects"))
    }

    @Test("control characters in headers and a line break in the file name still make a recipe that runs")
    func oddText() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let name = "odd\nname.csv"
        try sandbox.write("Pipelines/sources/\(name)", "code,\u{90}libell\u{E9}\u{1},valeur\nA1,un,1\nA2,deux,2\nA3,trois,3\n")
        let draft = try Self.draft(sandbox, "Pipelines/sources/\(name)", id: "odd")
        #expect(draft.contains("from: \"\\x90libell\u{E9}\\x01\""), "\(draft)")
        #expect(draft.contains("describe from odd?name.csv"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)\n\(draft)")
        #expect(run.stdout.hasPrefix("odd: 3 rows read, 3 published"), "\(run.stdout)")
    }

    @Test("names of things are not names of people", arguments: [
        ("Nom de la commune", nil), ("nom_commune", nil), ("Name of the school", nil), ("Nom", "nom"),
        ("Nom de la mère", "nom"), ("Prénom du déclarant", "prenom"), ("Date de naissance", "date de naissance"),
        ("Agent responsable", "agent"), ("Déclarant", "declarant"), ("Service responsable", nil), ("Nombre d'agents", nil),
        ("Enquêteur", "enqueteur"), ("Répondant", "repondant"), ("Nombre d'enquêteurs", nil), ("Deviceid", "deviceid"),
        ("_gps_latitude", "gps"), ("Adresse IP", "adresse ip"), ("ip_address", "ip address"), ("Coordonnées GPS de l'école", nil), ("GPS du ménage", "gps"),
    ] as [(String, String?)])
    func personalNames(label: String, expected: String?) {
        #expect(PersonalDataHints.personalWord(in: label) == expected)
    }

    @Test("init makes a folder that runs at once, and leaves an existing one alone")
    func initFolder() throws {
        let sandbox = try Sandbox()
        try FileManager.default.removeItem(at: sandbox.pipelines)
        let created = try sandbox.kiosque("init", "projet")
        #expect(created.status == 0, "\(created.stderr)")
        for path in ["projet/Pipelines/catalog.yml", "projet/Pipelines/demarches-exemple.yml", "projet/Pipelines/sources/demarches-exemple.csv", "projet/.gitignore"] {
            #expect(sandbox.exists(path), "\(path)")
        }
        let run = try ProcessResult.run(TestPaths.kiosque, ["run"], in: sandbox.root.appendingPathComponent("projet"),
                                        environment: ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1795248000"]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "demarches-exemple: 5 rows read, 5 published -> version 2026-11-21\n")
        #expect(!(try sandbox.text("projet/Output/datasets/demarches-exemple/demarches-exemple.csv")).contains("Koné"))
        let again = try sandbox.kiosque("init", "projet")
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        // With --log-format json, what init says is one object a line, as every command's.
        let json = try sandbox.kiosque("init", "--log-format", "json", "autre")
        let objects = json.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(json.status == 0 && objects.count == 5 && objects.allSatisfy { $0 != nil }, "\(json.stdout)")
        #expect(objects.first??["event"] as? String == "created" && objects.last??["event"] as? String == "next", "\(json.stdout)")
        let refused = try sandbox.kiosque("init", "--log-format", "json", "autre")
        #expect(refused.status == 2)
        let error = try? JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any]
        #expect(error?["level"] as? String == "error" && (error?["message"] as? String)?.contains("already exists") == true, "\(refused.stdout)")
    }

    @Test("init puts the recipes where --pipelines says, ignores the --catalog and --output folders in .gitignore, and says how to run")
    func initFolders() throws {
        let sandbox = try Sandbox()
        let created = try sandbox.kiosque("init", "--pipelines", "Recettes", "--catalog", "Cat", "--output", "Site", "projet")
        #expect(created.status == 0, "\(created.stderr)")
        for path in ["projet/Recettes/catalog.yml", "projet/Recettes/demarches-exemple.yml", "projet/Recettes/sources/demarches-exemple.csv"] {
            #expect(sandbox.exists(path), "\(path)")
        }
        #expect(!sandbox.exists("projet/Pipelines"))
        #expect(try sandbox.text("projet/.gitignore") == "# Kiosque: what a run writes and rebuilds.\nSite/\nCat/validators/\n")
        #expect(created.stdout.hasSuffix("next: cd projet && kiosque run --pipelines Recettes --catalog Cat --output Site\n"), "\(created.stdout)")
        let run = try ProcessResult.run(TestPaths.kiosque, ["run", "--pipelines", "Recettes", "--catalog", "Cat", "--output", "Site"], in: sandbox.root.appendingPathComponent("projet"),
                                        environment: ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1795248000"]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(sandbox.exists("projet/Site/datasets/demarches-exemple/demarches-exemple.csv") && sandbox.exists("projet/Cat/catalog.jsonld"))
        #expect(try sandbox.kiosque("init", "--pipelines", "Recettes", "projet").stderr.contains("Recettes/catalog.yml already exists"))
    }
}

/// The getting-started guides, followed literally: their `sh` blocks run one after the other.
@Suite("Getting-started guides")
struct GuideTests {
    static func commands(in guide: String) throws -> String {
        let text = try String(contentsOf: TestPaths.repository.appendingPathComponent(guide), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```sh" { current = [] } else if line == "```", let block = current {
                blocks.append(block.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(String(line))
            }
        }
        return blocks.joined(separator: "\n")
    }

    @Test("every command of the guide works as written", arguments: ["docs/getting-started.md", "docs/fr/demarrage.md"])
    func guide(path: String) throws {
        let script = try Self.commands(in: path)
        #expect(script.contains("kiosque init") && script.contains("kiosque describe") && script.contains("kiosque run"))
        let sandbox = try Sandbox()
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = TestPaths.kiosque.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["SOURCE_DATE_EPOCH"] = "1795248000"
        let result = try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-e", "-x", "-c", script], in: sandbox.root, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("demarches-exemple: 5 rows read, 5 published -> version 2026-11-21"))
        #expect(result.stdout.contains("mes-demarches: 5 rows read, 5 published -> version 2026-11-21"))
        #expect(result.stdout.contains("every published file matches its checksum"))
        // What the guide says describe did: the agents' names are not published.
        let draft = try sandbox.text("ma-publication/Pipelines/mes-demarches.yml")
        #expect(draft.contains("# looks personal: its name says 'agent'; dropped, never published"), "\(draft)")
        #expect(!(try sandbox.text("ma-publication/Output/datasets/mes-demarches/mes-demarches.csv")).contains("Koné"))
    }
}
