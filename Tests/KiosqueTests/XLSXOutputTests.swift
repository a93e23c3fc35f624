import Foundation
import Testing
@testable import KiosqueCore

/// `formats: [xlsx]`: an Excel workbook beside the CSV, read back by openpyxl (what pandas reads
/// Excel files with) and checked against the JSON the same run published.
@Suite("Excel workbooks out", .serialized)
struct XLSXOutputTests {
    static let day1 = "1795248000"
    static let day2 = "1795334400"

    static func sandbox(_ rows: [[String]], formats: String = "[csv, json, xlsx]", fields: String? = nil) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let csv = rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try sandbox.write("Pipelines/sources/releves.csv", csv)
        try sandbox.write("Pipelines/releves.yml", """
            id: releves
            title: Relevés
            source: {url: sources/releves.csv}
            fields:
            \(fields ?? """
              - {name: code}
              - {name: texte}
              - {name: n, type: number}
              - {name: ok, type: boolean}
              - {name: vide}
            """)
            publish: {formats: \(formats)}

            """)
        return sandbox
    }

    static func python(_ script: String, in sandbox: Sandbox) throws -> ProcessResult {
        try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), [TestPaths.python ?? "python3", "-c", script],
                              in: sandbox.root, environment: ProcessInfo.processInfo.environment)
    }

    /// Rows of every kind of value and of text that escaping must get right.
    static let tricky = [
        ["code", "texte", "n", "ok", "vide"],
        ["1", "a & b < c > d", "1.5", "oui", ""],
        ["2", "ligne1\nligne2", "-3", "non", ""],
        ["3", "  espaces dedans  et autour", "0", "oui", "x"],
        ["4", "_x0041_ littéral", "1e3", "non", ""],
        ["5", "ctrl\u{01}char\u{1F}end", "7", "oui", ""],
        ["6", "عربي مرحبا", "8", "non", ""],
        ["7", "=SUM(A1:A2) \u{FFFF}", "9", "oui", ""],
        ["8", "tab\there\rcr", "10", "", ""],
    ]

    @Test("the workbook holds what the JSON holds, typed; text is never a formula; Excel's escapes give the published text")
    func sameAsJSON() throws {
        let sandbox = try Self.sandbox(Self.tricky)
        let result = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day1])
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Self.python("""
            import json, re, openpyxl
            workbook = openpyxl.load_workbook("Output/datasets/releves/releves.xlsx")
            sheet = workbook.active
            # What Excel does with OOXML's escapes of characters XML cannot hold (openpyxl leaves them).
            def excel(value):
                return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) else value
            rows = [tuple(excel(v) for v in row) for row in sheet.iter_rows(values_only=True)]
            published = json.load(open("Output/datasets/releves/releves.json"))
            print(sheet.title, sheet.freeze_panes, sheet["A1"].font.b, sheet["A2"].font.b)
            print(rows[0] == tuple(published[0].keys()))
            print(rows[1:] == [tuple(obj.values()) for obj in published])
            print(sorted({sheet.cell(row=r, column=2).data_type for r in range(2, sheet.max_row + 1)}))
            print([r for r in rows[1:] if r != tuple(published[rows.index(r) - 1].values())])
            """, in: sandbox)
        #expect(check.stdout == "releves A2 True False\nTrue\nTrue\n['s']\n[]\n", "\(check.stdout)\(check.stderr)")
        // frictionless reads the workbook against the schema: rows whose last cells have no value are
        // whole rows, not rows with cells missing.
        let frictionless = try Self.python("""
            from frictionless import validate
            report = validate("Output/datasets/releves/2026-11-21/datapackage.json")
            print([(task.name, task.valid, [error.type for error in task.errors][:3]) for task in report.tasks])
            """, in: sandbox)
        #expect(frictionless.stdout == "[('releves-csv', True, []), ('releves-json', True, []), ('releves-xlsx', True, [])]\n",
                "\(frictionless.stdout)\(frictionless.stderr)")
        // Listed with the other files: versions.json, SHA256SUMS, the Data Package, the catalogue.
        let sums = try sandbox.text("Output/datasets/releves/2026-11-21/SHA256SUMS")
        #expect(sums.contains("  releves.xlsx\n"))
        #expect(Hashing.sha256(try sandbox.read("Output/datasets/releves/releves.xlsx")) == sums.split(separator: "\n").first { $0.hasSuffix("releves.xlsx") }.map { String($0.prefix(64)) })
        #expect(try sandbox.text("Catalog/catalog.ttl").contains("<http://publications.europa.eu/resource/authority/file-type/XLSX>"))
        #expect(try sandbox.text("Output/datasets/releves/2026-11-21/datapackage.json").contains("\"format\" : \"xlsx\""))
        #expect(try sandbox.kiosque("verify").status == 0)
    }

    /// The closest to Excel this machine has: LibreOffice Calc opens the workbook and saves it as
    /// CSV, which is compared with the JSON of the same run, value by value.
    @Test("LibreOffice Calc opens the workbook to the published values: escapes decoded, formulas left as text")
    func libreOffice() throws {
        let sandbox = try Self.sandbox(Self.tricky)
        #expect(try sandbox.kiosque("run").status == 0)
        let profile = sandbox.root.appendingPathComponent("libreoffice-profile").absoluteString
        let convert = try ProcessResult.run(URL(fileURLWithPath: "/usr/bin/soffice"), [
            "-env:UserInstallation=\(profile)", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false",
            "--outdir", sandbox.root.appendingPathComponent("calc").path,
            sandbox.root.appendingPathComponent("Output/datasets/releves/releves.xlsx").path,
        ], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(convert.status == 0, "\(convert.stderr)")
        let check = try Self.python("""
            import csv, json
            rows = list(csv.reader(open("calc/releves.csv", newline="", encoding="utf-8")))
            published = json.load(open("Output/datasets/releves/releves.json"))
            def same(cell, value):
                if value is None: return cell == ""
                if isinstance(value, bool): return cell == ("TRUE" if value else "FALSE")
                if isinstance(value, (int, float)): return float(cell) == float(value)
                return cell == value
            print(rows[0] == list(published[0].keys()), len(rows) - 1 == len(published))
            print([(i, c, v) for i, (row, obj) in enumerate(zip(rows[1:], published)) for c, v in zip(row, obj.values()) if not same(c, v)])
            """, in: sandbox)
        #expect(check.stdout == "True True\n[]\n", "\(check.stdout)\(check.stderr)")
    }

    @Test("kiosque reads its own workbook back to the very rows it published, escapes included")
    func readBack() throws {
        let sandbox = try Self.sandbox([
            ["code", "texte", "n", "ok", "vide"],
            ["1", "a & b < c > d", "1.5", "oui", ""],
            ["2", "_x0041_ littéral\nsur deux lignes", "-3", "non", ""],
            ["3", "ctrl\u{01}char\u{1F}end\rcr", "7", "", "x"],
            ["4", "عربي مرحبا \u{FFFF}\u{FFFE}\u{FFFD}", "8", "non", ""],
        ])
        #expect(try sandbox.kiosque("run").status == 0)
        try FileManager.default.copyItem(at: sandbox.output.appendingPathComponent("datasets/releves/releves.xlsx"),
                                         to: sandbox.pipelines.appendingPathComponent("sources/retour.xlsx"))
        try sandbox.write("Pipelines/retour.yml", try sandbox.text("Pipelines/releves.yml")
            .replacingOccurrences(of: "id: releves", with: "id: retour")
            .replacingOccurrences(of: "sources/releves.csv", with: "sources/retour.xlsx"))
        let result = try sandbox.kiosque("run", "retour")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.read("Output/datasets/retour/retour.json") == sandbox.read("Output/datasets/releves/releves.json"))
    }

    /// Texts made of the fragments escaping must get right, in a seeded random order.
    static func trickyTexts(_ count: Int, seed: Int) -> [String] {
        let fragments = ["&", "<", ">", "&amp;", "\"", "'", "_x0041_", "_x00", "_X000D_", "_", "x", "\u{01}", "\u{08}", "\u{0B}",
                         "\u{1F}", "\t", "\n", "\r", "\r\n", " ", "é", "ع", "😀", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "]]>", "=1+1",
                         "abc", "0"]
        let bytes = SeededBytes.make(count * 8, seed: seed)
        return (0..<count).map { row in
            let length = 1 + Int(bytes[row * 8]) % 7
            return (1...length).map { fragments[Int(bytes[row * 8 + $0]) % fragments.count] }.joined()
        }
    }

    @Test("random texts of the characters escaping must get right come back the same through openpyxl and kiosque's own reader")
    func randomTexts() throws {
        let texts = Self.trickyTexts(400, seed: 20261124)
        let sandbox = try Self.sandbox([["code", "texte"]] + texts.enumerated().map { [String($0.offset), $0.element] },
                                       fields: "  - {name: code}\n  - {name: texte}")
        #expect(try sandbox.kiosque("run").status == 0)
        let check = try Self.python("""
            import json, re, openpyxl
            sheet = openpyxl.load_workbook("Output/datasets/releves/releves.xlsx").active
            excel = lambda v: re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), v) if isinstance(v, str) else v
            rows = [tuple(excel(v) for v in row) for row in sheet.iter_rows(min_row=2, values_only=True)]
            published = [tuple(o.values()) for o in json.load(open("Output/datasets/releves/releves.json"))]
            print(len(rows), len(published), sum(a != b for a, b in zip(rows, published)))
            """, in: sandbox)
        #expect(check.stdout == "400 400 0\n", "\(check.stdout)\(check.stderr)")
        try FileManager.default.copyItem(at: sandbox.output.appendingPathComponent("datasets/releves/releves.xlsx"),
                                         to: sandbox.pipelines.appendingPathComponent("sources/retour.xlsx"))
        try sandbox.write("Pipelines/retour.yml", try sandbox.text("Pipelines/releves.yml")
            .replacingOccurrences(of: "id: releves", with: "id: retour")
            .replacingOccurrences(of: "sources/releves.csv", with: "sources/retour.xlsx"))
        #expect(try sandbox.kiosque("run", "retour").status == 0)
        #expect(try sandbox.read("Output/datasets/retour/retour.json") == sandbox.read("Output/datasets/releves/releves.json"))
    }

    @Test("the same rows make the same bytes on another day: no new version")
    func reproducible() throws {
        let sandbox = try Self.sandbox([["code", "texte", "n", "ok", "vide"], ["1", "un", "1", "oui", ""]])
        #expect(try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day1]).status == 0)
        let again = try sandbox.kiosque("run", "--force", environment: ["SOURCE_DATE_EPOCH": Self.day2])
        #expect(again.status == 0)
        #expect(again.stdout.contains("unchanged (same content as 2026-11-21)"), "\(again.stdout)")
    }

    @Test("a value longer than an Excel cell fails the dataset, naming the row and field, never the value")
    func cellTooLong() throws {
        let long = "confidentiel " + String(repeating: "é", count: 32_760)
        let sandbox = try Self.sandbox([["code", "texte", "n", "ok", "vide"], ["1", "court", "1", "oui", ""], ["2", long, "2", "non", ""]])
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("row 2, field 'texte': a value of more than 32767 characters, more than an Excel cell holds; publish this dataset as csv or csv.gz rather than xlsx"), "\(result.stderr)")
        #expect(!result.stderr.contains("confidentiel"))
        try ErrorsDocumentTests.expectDocumented(result.stderr)
        #expect(!sandbox.exists("Output/datasets/releves/releves.csv"))
    }

    @Test("a sheet holds 1,048,575 rows under its header, and not one more")
    func rowLimit() throws {
        let limit = XLSXWriter.maximumRows - 1
        let sandbox = try Self.sandbox([["n"]] + (1...limit).map { [String($0)] }, formats: "[xlsx]", fields: "  - {name: n, type: integer}")
        let full = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day1])
        #expect(full.status == 0, "\(full.stderr)")
        let last = try Self.python("""
            import zipfile
            with zipfile.ZipFile("Output/datasets/releves/releves.xlsx") as archive:
                print(archive.testzip(), archive.read("xl/worksheets/sheet1.xml")[-120:].decode())
            """, in: sandbox)
        #expect(last.stdout.contains("None ") && last.stdout.contains("<row r=\"1048576\"><c r=\"A1048576\"><v>1048575</v></c></row></sheetData></worksheet>"), "\(last.stdout)\(last.stderr)")

        try sandbox.write("Pipelines/sources/releves.csv", "n\n" + (1...limit + 1).map(String.init).joined(separator: "\n") + "\n")
        let over = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": Self.day2])
        #expect(over.status == 1)
        #expect(over.stderr.contains("row 1048576 is one more than an Excel sheet holds (1048575 rows under the header); publish this dataset as csv or csv.gz rather than xlsx"), "\(over.stderr)")
        try ErrorsDocumentTests.expectDocumented(over.stderr)
        #expect(try JSONDecoder().decode(VersionHistory.self, from: sandbox.read("Output/datasets/releves/versions.json")).versions.count == 1)
    }

    @Test("column letters run A to Z, then AA", arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
    func letters(index: Int, letters: String) {
        #expect(XLSXWriter.letters(index) == letters)
    }
}
