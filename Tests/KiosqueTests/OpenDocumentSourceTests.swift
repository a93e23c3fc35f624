import Foundation
import Testing
@testable import KiosqueCore

/// OpenDocument spreadsheets (.ods) as sources: one table written out as CSV, read as CSV.
@Suite("OpenDocument spreadsheets", .serialized)
struct OpenDocumentSourceTests {
    static let fixture = TestPaths.fixtures.appendingPathComponent("opendocument/content.xml")

    /// An .ods file: its `mimetype` first, stored, then `content.xml`.
    static func spreadsheet(content: Data, mimeType: String = OpenDocument.mimeType) throws -> Data {
        try ZipSourceTests.archive([(name: "mimetype", bytes: Data(mimeType.utf8), deflate: false),
                                    (name: "content.xml", bytes: content, deflate: true)])
    }

    /// The CSV `OpenDocumentSheet` writes for a table of `content`.
    static func csv(_ content: Data, sheet: String, decimal: String = ".", maxSize: Int64 = .max) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-ods-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try content.withUnsafeBytes { raw in
            try OpenDocumentSheet(bytes: raw.bindMemory(to: UInt8.self), sheet: sheet, decimal: decimal.utf8.first!, maxSize: maxSize).write(to: output)
        }
        return try String(contentsOf: output, encoding: .utf8)
    }

    @Test("a table is written cell by cell as LibreOffice saves it: repeated rows and cells, merged and covered cells, paragraphs, spaces, errors, comments left out")
    func cells() throws {
        let content = try Data(contentsOf: Self.fixture)
        let services = try Self.csv(content, sheet: "Services")
        #expect(services == """
            Service,,Usagers,Taux,Ouverture,Coût,,
            État civil,Guichet\t1,1250,0.07,2025-01-03T08:30:00,-1500.5,,
            État civil,Guichet\t1,1250,0.07,2025-01-03T08:30:00,-1500.5,,
            Population,"Ligne un
            ligne deux
            « suite »,   fin",#DIV/0!,false,36:05:07.25,2,2,2



            Note & fin,,,,,,,

            """, "\(services.debugDescription)")
        // The comment's author and text, in the cell's annotation, appear nowhere.
        #expect(!(try Self.csv(content, sheet: "Services")).contains("Koné"))
        #expect(try Self.csv(content, sheet: "Services", decimal: ",").contains("État civil,Guichet\t1,1250,\"0,07\",2025-01-03T08:30:00,\"-1500,5\",,\n"))
        #expect(try Self.csv(content, sheet: "Brouillon") == "ne pas publier\n")
        #expect(try Self.csv(content, sheet: "Absente") == "")
        let tables = try content.withUnsafeBytes { try OpenDocumentSheet.tables($0.bindMemory(to: UInt8.self)) }
        #expect(tables.map(\.name) == ["Brouillon", "Services"] && tables.map(\.hidden) == [true, false])
    }

    @Test("times as ODF writes them become clock times", arguments: [
        ("PT18H05M00S", "18:05:00"), ("PT00H00M00S", "00:00:00"), ("PT36H05M07.250S", "36:05:07.25"), ("PT7H3M9S", "07:03:09"),
        ("PT1H", "01:00:00"), ("-PT1H", "-PT1H"), ("PT1X", "PT1X"), ("P1DT1H", "P1DT1H"),
    ])
    func times(text: String, clock: String) {
        #expect(OpenDocumentSheet.clockTime(text) == clock)
    }

    @Test("an .ods source is published from its first visible table, or the one sheet: names; describe drafts it and lists the others")
    func publishes() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/services.ods", try Self.spreadsheet(content: try Data(contentsOf: Self.fixture)))
        let described = try sandbox.kiosque("describe", "Pipelines/sources/services.ods")
        #expect(described.status == 0, "\(described.stderr)")
        #expect(described.stdout.contains("  format: ods\n  # the workbook's other sheets: 'Brouillon'\n  sheet: \"Services\"\n"), "\(described.stdout)")
        try sandbox.write("Pipelines/services.yml", """
            id: services
            title: Services
            source: {url: sources/services.ods, missing_values: ["", "#DIV/0!"]}
            fields:
              - {name: service, from: Service}
              - {name: usagers, from: Usagers, type: integer}
              - {name: taux, from: Taux, type: number}
              - {name: ouverture, from: Ouverture, type: datetime}
              - {name: cout, from: Coût, type: number}
            validation: {max_invalid: 50%}

            """)
        #expect(try sandbox.kiosque("check").status == 0)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("services: 4 rows read, 3 published, 1 invalid"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/services/services.csv") == """
            service,usagers,taux,ouverture,cout
            État civil,1250,0.07,2025-01-03T08:30:00,-1500.5
            État civil,1250,0.07,2025-01-03T08:30:00,-1500.5
            Note & fin,,,,

            """)
        // The hidden table, by name.
        try sandbox.write("Pipelines/services.yml", """
            id: services
            title: Services
            source: {url: sources/services.ods, sheet: Brouillon, header: false}
            fields:
              - {name: texte, column: A}

            """)
        let hidden = try sandbox.kiosque("run")
        #expect(hidden.status == 0, "\(hidden.stderr)")
        #expect(try sandbox.text("Output/datasets/services/services.csv") == "texte\nne pas publier\n")
    }

    @Test("a spreadsheet written by odfpy is read as odfpy wrote it",
          .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
    func odfpy() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/.keep", "")
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let made = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            from odf.opendocument import OpenDocumentSpreadsheet
            from odf.table import Table, TableRow, TableCell
            from odf.text import P, Span, S
            doc = OpenDocumentSpreadsheet()
            table = Table(name="Naissances 2025")
            def row(*cells):
                r = TableRow()
                for c in cells: r.addElement(c)
                table.addElement(r)
            def text(value):
                c = TableCell(valuetype="string"); c.addElement(P(text=value)); return c
            row(text("Commune"), text("Naissances"), text("Taux"), text("Date"), text("Heure"), text("Vivant"), text("Note"))
            note = TableCell(valuetype="string"); p = P(text="a, "); p.addElement(S(c=2)); p.addElement(Span(text="b")); note.addElement(p); note.addElement(P(text='second "line"'))
            row(text("Bouaké"), TableCell(valuetype="float", value="120"), TableCell(valuetype="percentage", value="0.0625"),
                TableCell(valuetype="date", datevalue="2025-01-03"), TableCell(valuetype="time", timevalue="PT18H05M00S"),
                TableCell(valuetype="boolean", booleanvalue="true"), note)
            repeated = TableRow(numberrowsrepeated=2); repeated.addElement(text("Daloa")); repeated.addElement(TableCell(valuetype="float", value="7", numbercolumnsrepeated=2)); table.addElement(repeated)
            doc.spreadsheet.addElement(table)
            doc.save("Pipelines/sources/naissances.ods")
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made.stderr)")
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/naissances.ods", id: "naissances")
        #expect(draft.contains("  format: ods\n") && draft.contains("  sheet: \"Naissances 2025\"\n") && draft.contains("    type: boolean"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv") == #"""
            commune,naissances,taux,date,heure,vivant,note
            Bouaké,120,0.0625,2025-01-03,18:05:00,true,"a,   b
            second ""line"""
            Daloa,7,7,,,,
            Daloa,7,7,,,,

            """#)
    }

    @Test("Montpellier's QualiVille workbook saved as .ods and as .xls by LibreOffice reads as the .xlsx does, sheet by sheet, cell by cell", arguments: [
        ("Total2012", 28), ("Etat-Civil", 28), ("Population", 27), ("Fourrière", 28),
    ])
    func libreOffice(sheet: String, width: Int) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/q.xlsx", try Data(contentsOf: TestPaths.realSources.appendingPathComponent("montpellier_qualiville-satisfaction-2013.xlsx")))
        try sandbox.write("Pipelines/sources/q.ods", try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("opendocument/qualiville-libreoffice.ods")))
        try sandbox.write("Pipelines/sources/q.xls", try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("legacy-excel/qualiville-libreoffice.xls")))
        let fields = (1...width).map { "  - {name: c\($0), column: \($0)}\n" }.joined()
        for (id, file) in [("excel", "q.xlsx"), ("calc", "q.ods"), ("legacy", "q.xls")] {
            try sandbox.write("Pipelines/\(id).yml", "id: \(id)\ntitle: Q\nsource: {url: sources/\(file), sheet: \"\(sheet)\", header: false}\nfields:\n\(fields)")
        }
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        let excel = try Decoding.csv(try sandbox.text("Output/datasets/excel/excel.csv")).rows
        for other in ["calc", "legacy"] {
            let calc = try Decoding.csv(try sandbox.text("Output/datasets/\(other)/\(other).csv")).rows
            #expect(excel.count == calc.count && excel.count >= 4)
            for (row, (left, right)) in zip(excel, calc).enumerated() {
                #expect(left.count == right.count)
                for (column, (a, b)) in zip(left, right).enumerated() where a != b {
                    // Excel keeps 17 significant digits, LibreOffice 15: the same number otherwise.
                    let same = Double(a).flatMap { x in Double(b).map { abs(x - $0) <= 1e-14 * max(1, abs(x)) } } ?? false
                    #expect(same, "\(other): row \(row), column \(column + 1): \(a) and \(b)")
                }
            }
        }
    }

    @Test("an image and a text box anchored to cells (saved by LibreOffice) are not part of the cells' values")
    func drawingsInCells() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/dessins.ods", try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("opendocument/drawings-libreoffice.ods")))
        try sandbox.write("Pipelines/dessins.yml", "id: dessins\ntitle: Dessins\nsource: {url: sources/dessins.ods}\nfields:\n  - {name: commune, from: Commune}\n  - {name: usagers, from: Usagers, type: integer}\n")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        // The logo's frame holds an empty paragraph, and the text box "Chiffres provisoires": both came after the cell's own.
        #expect(try sandbox.text("Output/datasets/dessins/dessins.csv") == "commune,usagers\nBouaké,1250\n")
    }

    @Test("a whole number shown with leading zeros (a code under a format of five digits) keeps them, as in .xlsx; other shown forms do not count")
    func codesWithZeros() throws {
        func cell(_ value: String, _ shown: String, type: String = "float") -> String {
            "<table:table-cell office:value-type=\"\(type)\" office:value=\"\(value)\"><text:p>\(shown)</text:p></table:table-cell>"
        }
        let content = """
            <office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="T">\
            <table:table-row>\(cell("1001", "01001"))\(cell("0", "00"))\(cell("1001", "1 001"))\(cell("1001", "1001.00"))\(cell("1.5", "01.5"))\
            \(cell("-5", "-05"))\(cell("12", "0012", type: "currency"))\(cell("7", "0<text:s/>7"))\(cell("34172", "34172"))\
            <table:table-cell office:value-type="float" office:value="5"><office:annotation><text:p>07</text:p></office:annotation><text:p>005</text:p></table:table-cell></table:table-row>\
            </table:table></office:spreadsheet></office:body></office:document-content>
            """
        let csv = try Self.csv(Data(content.utf8), sheet: "T")
        #expect(csv == "01001,00,1001,1001,1.5,-5,12,7,34172,005\n", "\(csv.debugDescription)")
        // LibreOffice's own file: the format 00000 on the column, the cells' text "01001".
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/formats.ods", try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("opendocument/formats-libreoffice.ods")))
        try sandbox.write("Pipelines/formats.yml", "id: formats\ntitle: Formats\nsource: {url: sources/formats.ods}\nfields:\n  - {name: code, from: Code}\n  - {name: date, from: Date, type: date}\n  - {name: taux, from: Taux, type: number}\n")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/formats/formats.csv") == "code,date,taux\n01001,2025-01-03,0.125\n34172,1999-12-31,1\n")
    }

    @Test("a text document, a sheet that is not there, and a table past max_size are named with what to do")
    func refused() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/lettre.ods", try Self.spreadsheet(content: Data("<office:document-content/>".utf8), mimeType: "application/vnd.oasis.opendocument.text"))
        try sandbox.write("Pipelines/lettre.yml", "id: lettre\ntitle: Lettre\nsource: {url: sources/lettre.ods}\nfields:\n  - {name: a}\n")
        let text = try sandbox.kiosque("run", "lettre")
        #expect(text.status == 1)
        #expect(text.stderr.contains("the source is an OpenDocument file, but not a spreadsheet (application/vnd.oasis.opendocument.text)"), "\(text.stderr)")
        try sandbox.write("Pipelines/sources/services.ods", try Self.spreadsheet(content: try Data(contentsOf: Self.fixture)))
        try sandbox.write("Pipelines/services.yml", "id: services\ntitle: Services\nsource: {url: sources/services.ods, sheet: Budget}\nfields:\n  - {name: a}\n")
        let missing = try sandbox.kiosque("run", "services")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the workbook has no sheet 'Budget'; its sheets are 'Brouillon', 'Services'; fix source sheet"), "\(missing.stderr)")
        // A value repeated across every column of a million rows: a few hundred bytes of XML.
        let wide = """
            <office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>\
            <table:table table:name="T"><table:table-row table:number-rows-repeated="1000000">\
            <table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>\
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>
            """
        #expect(throws: DecodeError.self) { try Self.csv(Data(wide.utf8), sheet: "T", maxSize: 10_000_000) }
    }
}
