import Foundation
import Testing
@testable import KiosqueCore

/// Excel workbooks (.xlsx), as administrations keep and export their tables: one sheet is read
/// cell by cell, dates as dates, and published as any CSV source would be.
@Suite struct WorkbookSourceTests {
    /// A workbook written by hand, with what generators other than Excel write too: a prefix on the
    /// elements, inline strings, rich text with a phonetic run, a formula's cached value, an error,
    /// a sparse row and a gap of rows, a 1904 date system when asked.
    static func workbook(date1904: Bool = false, hidden: Bool = false, contact: Bool = false) throws -> Data {
        let strings = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">\
            <si><t>N° acte</t></si><si><t>Commune</t></si><si><t>Date de naissance</t></si>\
            <si><r><rPr><b/></rPr><t>Bouak</t></r><r><t>é</t></r><rPh sb="0" eb="1"><t>ブアケ</t></rPh></si>\
            <si><t xml:space="preserve">Saint-Denis, &quot;La Réunion&quot; &amp; co_x000D_
            </t></si><si><t>Heure</t></si></sst>
            """
        let styles = """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="0.00&quot; h&quot;"/></numFmts>\
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
            <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="165"/><xf numFmtId="10"/></cellXfs>\
            </styleSheet>
            """
        let sheet = """
            <?xml version="1.0" encoding="UTF-8"?>
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:H8"/><x:sheetData>\
            <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Registre 2025 (extrait)</x:t></x:is></x:c></x:row>\
            <x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c><x:c r="B3" t="s"><x:v>1</x:v></x:c><x:c r="C3" t="s"><x:v>2</x:v></x:c>\
            <x:c r="D3" t="inlineStr"><x:is><x:t>Déclaré le</x:t></x:is></x:c><x:c r="E3" t="s"><x:v>5</x:v></x:c>\
            <x:c r="F3" t="inlineStr"><x:is><x:t>Vivant</x:t></x:is></x:c><x:c r="G3" t="inlineStr"><x:is><x:t>Poids</x:t></x:is></x:c>\
            <x:c r="H3" t="inlineStr"><x:is><x:t>Taux</x:t></x:is></x:c>\(contact ? #"<x:c r="I3" t="inlineStr"><x:is><x:t>Joindre</x:t></x:is></x:c>"# : "")</x:row>\
            <x:row r="4"><x:c r="A4"><x:v>1001</x:v></x:c><x:c r="B4" t="s"><x:v>3</x:v></x:c><x:c r="C4" s="1"><x:v>45658</x:v></x:c>\
            <x:c r="D4" s="2"><x:v>45660.5</x:v></x:c><x:c r="E4" s="3"><x:v>0.75</x:v></x:c><x:c r="F4" t="b"><x:v>1</x:v></x:c>\
            <x:c r="G4" s="4"><x:f>3.2+0.05</x:f><x:v>3.25</x:v></x:c><x:c r="H4" s="5"><x:v>1.5E-2</x:v></x:c>\
            \(contact ? #"<x:c r="I4" t="inlineStr"><x:is><x:t>awa.kone@exemple.ci</x:t></x:is></x:c>"# : "")</x:row>\
            <x:row r="5"><x:c r="A5"><x:v>1002</x:v></x:c><x:c r="B5" t="s"><x:v>4</x:v></x:c><x:c r="C5" s="1"><x:v>45689</x:v></x:c>\
            <x:c r="F5" t="b"><x:v>0</x:v></x:c><x:c r="G5" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>\
            <x:row r="6" spans="1:8"><x:c r="A6" s="1"/><x:c r="B6" s="1"/></x:row>\
            <x:row r="8"><x:c r="A8"><x:v>1003</x:v></x:c><x:c r="B8" t="str"><x:f>UPPER("daloa")</x:f><x:v>DALOA</x:v></x:c>\
            <x:c r="C8" s="1"><x:v>45717</x:v></x:c></x:row>\
            </x:sheetData></x:worksheet>
            """
        let notes = """
            <?xml version="1.0" encoding="UTF-8"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>Notes</t></is></c></row></sheetData></worksheet>
            """
        let workbook = """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\
            <sheet name="Notes" sheetId="2" r:id="rId2"\(hidden ? " state=\"hidden\"" : "")/>\
            <sheet name="Naissances 2025" sheetId="1" r:id="rId1"/></sheets></workbook>
            """
        let relations = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/notes.xml"/>\
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
            <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
        return try ZipSourceTests.archive([
            ("[Content_Types].xml", "<Types/>", false), ("xl/workbook.xml", workbook, true),
            ("xl/_rels/workbook.xml.rels", relations, true), ("xl/sharedStrings.xml", strings, true),
            ("xl/styles.xml", styles, true), ("xl/worksheets/data.xml", sheet, true), ("xl/worksheets/notes.xml", notes, false),
        ])
    }

    static let recipe = """
        id: registre
        title: Registre
        source:
          url: sources/registre.xlsx
          sheet: Naissances 2025
          skip_lines: 2
          decimal: ","
        fields:
          - {name: numero, from: N° acte, type: integer, required: true}
          - {name: commune, from: Commune}
          - {name: date_naissance, from: Date de naissance, type: date}
          - {name: declaration, from: Déclaré le, type: datetime}
          - {name: heure, from: Heure}
          - {name: vivant, from: Vivant, type: boolean}
          - {name: poids, from: Poids, type: number}
          - {name: taux, from: Taux, type: number}
        primary_key: [numero]

        """

    @Test("a sheet is read cell by cell: shared and inline text, dates, times, booleans, formulas' values, errors as invalid")
    func cells() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.xlsx", try Self.workbook())
        try sandbox.write("Pipelines/registre.yml", Self.recipe)
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)")
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        // The error a formula gave is said as such, with what to do.
        #expect(result.stdout == """
            registre: 3 rows read, 2 published, 1 invalid -> version 2026-11-21
              note: field 'poids' is a number, but 1 of the 2 values in the first 3 rows do not read as one (with decimal ",", no thousands separator); \
            1 is a spreadsheet error (#DIV/0!), which a formula gave: correct the formulas in the workbook, or list it in missing_values under source: to publish such cells empty
              1 × type in poids

            """, "\(result.stdout)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == """
            numero,commune,date_naissance,declaration,heure,vivant,poids,taux
            1001,Bouaké,2025-01-01,2025-01-03T12:00:00,18:00:00,true,3.25,0.015
            1003,DALOA,2025-03-01,,,,,

            """)
        // The error row is reported at its row of the sheet (5), with the rule, as a CSV line would be.
        let versionReport = try sandbox.text("Output/datasets/registre/2026-11-21/report.json")
        #expect(versionReport.contains("\"line\" : 5"), "\(versionReport)")
        #expect(versionReport.contains("\"value\" : \"#DIV\\/0!\"") || versionReport.contains("\"value\" : \"#DIV/0!\""), "\(versionReport)")
    }

    @Test("text cells keep commas, quotes and line breaks; the 1904 date system; the first visible sheet by default")
    func textAndDates() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.xlsx", try Self.workbook(date1904: true, hidden: true))
        try sandbox.write("Pipelines/registre.yml", """
            id: registre
            title: Registre
            source: {url: sources/registre.xlsx, skip_lines: 2}
            fields:
              - {name: numero, from: N° acte}
              - {name: commune, from: Commune}
              - {name: date_naissance, from: Date de naissance, type: date}
            publish: {formats: [json]}

            """)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try sandbox.text("Output/datasets/registre/registre.json")
        #expect(json.contains(#"{"numero":"1002","commune":"Saint-Denis, \"La Réunion\" & co\r\n","date_naissance":"2029-02-02"}"#), "\(json)")
        #expect(json.contains(#""date_naissance":"2029-01-02""#), "\(json)")
    }

    @Test("a sheet that is not there, a file that is not a workbook, and keys that do not apply are named")
    func errors() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.xlsx", try Self.workbook())
        try sandbox.write("Pipelines/registre.yml", Self.recipe.replacingOccurrences(of: "sheet: Naissances 2025", with: "sheet: Deces"))
        let missing = try sandbox.kiosque("run")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the workbook has no sheet 'Deces'; its sheets are 'Notes', 'Naissances 2025'; fix source sheet"), "\(missing.stderr)")

        try sandbox.write("Pipelines/sources/faux.xlsx", "N° acte;Commune\n1;A\n")
        try sandbox.write("Pipelines/registre.yml", Self.recipe.replacingOccurrences(of: "registre.xlsx", with: "faux.xlsx"))
        let text = try sandbox.kiosque("run")
        #expect(text.status == 1)
        #expect(text.stderr.contains("source sheet is set, but the file is not a workbook (.xlsx, .xls or .ods); check source url, or remove sheet"), "\(text.stderr)")

        try sandbox.write("Pipelines/registre.yml", Self.recipe.replacingOccurrences(of: "  skip_lines: 2", with: "  skip_lines: 2\n  delimiter: \";\""))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 2)
        #expect(check.stderr.contains("delimiter does not apply to a workbook (.xlsx, .xls, .ods), which is read cell by cell; remove it"), "\(check.stderr)")
    }

    @Test("a sheet whose cells lie far to the right stops at max_size, as a large download does")
    func wideSheet() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = (1...300).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c><c r="XFD\#($0)"><v>1</v></c></row>"# }.joined()
        try sandbox.write("Pipelines/sources/large.xlsx", try ZipSourceTests.archive([
            ("xl/workbook.xml", #"<workbook><sheets><sheet name="Feuil1" r:id="rId1"/></sheets></workbook>"#, true),
            ("xl/worksheets/sheet1.xml", "<worksheet><sheetData>\(rows)</sheetData></worksheet>", true),
        ]))
        try sandbox.write("Pipelines/large.yml", """
            id: large
            title: Large
            source: {url: sources/large.xlsx, max_size: 1MB}
            fields:
              - {name: n, from: "1"}

            """)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 1)
        #expect(result.stderr.contains("the workbook's sheet 'Feuil1' makes more than source max_size (1000000 bytes) of CSV; raise max_size if that is expected"), "\(result.stderr)")
        #expect(sandbox.files(under: "Output/.tmp").isEmpty)
    }

    @Test("codes stored as numbers under a format of zeros keep the leading zeros the sheet shows")
    func paddedCodes() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let header = #"<row r="1"><c r="A1" t="inlineStr"><is><t>Code commune</t></is></c><c r="B1" t="inlineStr"><is><t>Naissances</t></is></c></row>"#
        let rows = [("1001", "8"), ("97411", "1890"), ("2100", "0012")].enumerated().map { index, cells in
            #"<row r="\#(index + 2)"><c r="A\#(index + 2)" s="1"><v>\#(cells.0)</v></c><c r="B\#(index + 2)" s="2"><v>\#(cells.1)</v></c></row>"#
        }.joined()
        try sandbox.write("Pipelines/sources/codes.xlsx", try ZipSourceTests.archive([
            ("xl/workbook.xml", #"<workbook><sheets><sheet name="Communes" r:id="rId1"/></sheets></workbook>"#, true),
            ("xl/worksheets/sheet1.xml", "<worksheet><sheetData>\(header)\(rows)</sheetData></worksheet>", true),
            ("xl/styles.xml", #"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="00000"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="1"/></cellXfs></styleSheet>"#, true),
        ]))
        try sandbox.write("Pipelines/codes.yml", """
            id: codes
            title: Codes
            source: {url: sources/codes.xlsx}
            fields:
              - {name: code_commune, from: Code commune, pattern: "[0-9]{5}"}
              - {name: naissances, from: Naissances, type: integer}

            """)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/codes/codes.csv") == "code_commune,naissances\n01001,8\n97411,1890\n02100,12\n")
        #expect(Workbook.kind(id: 164, code: "00000") == .padded(5))
        #expect(Workbook.kind(id: 165, code: "0") == .number)
    }

    @Test("check samples a local workbook's sheet for e-mail addresses, as it does a CSV file")
    func checkSamples() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.xlsx", try Self.workbook(contact: true))
        try sandbox.write("Pipelines/registre.yml", Self.recipe.replacingOccurrences(of: "primary_key", with: "  - {name: joindre, from: Joindre}\nprimary_key"))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("warning: field 'joindre' has values that look like e-mail addresses"), "\(check.stderr)")
        #expect(!check.stderr.contains("awa.kone"))
    }

    @Test("describe drafts from a workbook's sheet, with the other sheets named, and the draft runs")
    func describe() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.xlsx", try Self.workbook())
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/registre.xlsx#Naissances 2025", id: "registre")
        #expect(draft.contains("""
              format: xlsx
              # the workbook's other sheets: 'Notes'
              sheet: "Naissances 2025"
              skip_lines: 2   # rows above the header row

            """), "\(draft)")
        #expect(draft.contains("    from: \"Date de naissance\"\n    type: date\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("registre: 3 rows read"), "\(run.stdout)\(run.stderr)")

        // A workbook inside a ZIP archive, beside a PDF: the archive's only data file.
        try sandbox.write("Pipelines/sources/archive.zip", try ZipSourceTests.archive([(name: "registre.xlsx", bytes: try Self.workbook(), deflate: false),
                                                                                     (name: "notice.pdf", bytes: Data("%PDF".utf8), deflate: false)]))
        let zipped = try sandbox.kiosque("describe", "Pipelines/sources/archive.zip")
        #expect(zipped.status == 0, "\(zipped.stderr)")
        #expect(zipped.stdout.contains("  format: xlsx\n  # the workbook's other sheets: 'Naissances 2025'\n  sheet: \"Notes\"\n"), "\(zipped.stdout)")
    }

    @Test("Montpellier's QualiVille workbook: the first sheet drafted, another read under its two-level header")
    func qualiville() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/qualiville.xlsx",
                          try Data(contentsOf: TestPaths.realSources.appendingPathComponent("montpellier_qualiville-satisfaction-2013.xlsx")))
        let described = try sandbox.kiosque("describe", "Pipelines/sources/qualiville.xlsx")
        #expect(described.status == 0, "\(described.stderr)")
        #expect(described.stdout.contains("  sheet: \"Total2012\"\n"), "\(described.stdout)")
        #expect(described.stdout.contains("'Etat-Civil', 'Population'"), "\(described.stdout)")
        // Under the row of merged groups, the criteria: the header, its repeated criteria by position.
        let criteria = try sandbox.kiosque("describe", "Pipelines/sources/qualiville.xlsx#Etat-Civil")
        #expect(criteria.stdout.contains("  skip_lines: 1   # rows above the header row\n"), "\(criteria.stdout)")
        // Named with the group over them: B1:F1 "Accueil téléphonique", X1:AB1 "Prestation".
        #expect(criteria.stdout.contains("  - name: rapidite_accueil_telephonique\n    column: 2   # B in the sheet\n")
                && criteria.stdout.contains("  - name: rapidite_prestation\n    column: 26   # Z in the sheet\n"), "\(criteria.stdout)")
        #expect(criteria.stdout.contains("  - name: mention_des_horaires\n    from: \"Mention des horaires\"\n"), "\(criteria.stdout)")
        // Row 1 holds merged group labels, row 2 the criteria (some twice, under two groups).
        try sandbox.write("Pipelines/qualiville.yml", """
            id: qualiville
            title: QualiVille, état civil
            source:
              url: sources/qualiville.xlsx
              sheet: Etat-Civil
              skip_lines: 1
              missing_values: ["", "NR"]
            fields:
              - {name: annee_service, from: "(Insatisfaits + Très insatisfaits) / Total ayant donné un avis"}
              - {name: horaires, from: Mention des horaires, type: number}
              - {name: message, from: Possibilité de laisser un message, type: number}
              - {name: navigation, from: Navigation, type: number}
              - {name: rapidite_telephone, column: 2, type: number}
              - {name: rapidite_guichet, column: Z, type: number}

            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        // The legend below the table has text where the criterion has numbers; the spacer row above
        // it holds one space, which makes it no less blank.
        // Three rows have text only in columns no field reads (the criteria asked under two groups): empty once published.
        #expect(run.stdout.hasPrefix("qualiville: 15 rows read, 10 published, 2 invalid, 3 empty"), "\(run.stdout)")
        #expect(run.stdout.contains("1 × blank_row"), "\(run.stdout)")
        // Criteria asked under two groups: each read by its position; the others named.
        #expect(!run.stdout.contains("labelled 'Rapidité'"), "\(run.stdout)")
        #expect(run.stdout.contains("note: the source has 2 columns labelled 'Amabilité' (columns 3, 21); no field reads them"), "\(run.stdout)")
        let csv = try sandbox.text("Output/datasets/qualiville/qualiville.csv")
        #expect(csv.hasPrefix("annee_service,horaires,message,navigation,rapidite_telephone,rapidite_guichet\n2009 Etat civil,,,,0.06,0.11\nTotal ayant donné un avis,,,,95,103\n"), "\(csv)")
        // Excel wrote 7.0000000000000007E-2 and 4.4117647058823525E-2: the shortest text of the same double,
        // without the exponent (the second needs all 17 digits).
        #expect(csv.contains("\n2010 Etat civil,,,0.06,0.07,0.11\n"), "\(csv)")
        #expect(csv.contains(",0.044117647058823525\n") && !csv.contains("e-"), "\(csv)")
        #expect(csv.contains("\n2012 Etat civil,0.14285714285714285,0.5,0.25,0.16666666666666666,"), "\(csv)")
        #expect(csv.contains("\nTotal ayant donné un avis,7,4,16,18,68\n"), "\(csv)")
    }

    @Test("the XML scanner passes over a million comments without running out of stack, and decodes entities")
    func scanner() throws {
        let bytes = Array((String(repeating: "<!-- -->", count: 1_000_000) + #"<?pi x?><x:c r="B2" t='s'>a &amp; b &#233;&#x20AC; &bogus;</x:c>"#).utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            guard case .start(let name, let attributes, let empty)? = try scanner.next() else {
                Issue.record("no start tag")
                return
            }
            #expect(scanner.isNamed(name, "c") && !empty)
            #expect(scanner.attributeString("r", in: attributes) == "B2" && scanner.attributeString("t", in: attributes) == "s")
            guard case .text(let range)? = try scanner.next() else {
                Issue.record("no text")
                return
            }
            var text: [UInt8] = []
            scanner.decode(range, into: &text)
            #expect(String(decoding: text, as: UTF8.self) == "a & b é€ &bogus;")
            guard case .end? = try scanner.next() else {
                Issue.record("no end tag")
                return
            }
            #expect(try scanner.next() == nil)
        }
    }

    @Test("serial numbers become ISO dates as Excel shows them, the 1900 leap-year bug included")
    func serials() {
        #expect(Workbook.isoText(1, kind: .date, date1904: false) == "1900-01-01")
        #expect(Workbook.isoText(59, kind: .date, date1904: false) == "1900-02-28")
        #expect(Workbook.isoText(60, kind: .date, date1904: false) == nil)  // 1900-02-29 never was
        #expect(Workbook.isoText(61, kind: .date, date1904: false) == "1900-03-01")
        #expect(Workbook.isoText(45658, kind: .date, date1904: false) == "2025-01-01")
        #expect(Workbook.isoText(0, kind: .date, date1904: true) == "1904-01-01")
        #expect(Workbook.isoText(45658.999999, kind: .dateTime, date1904: false) == "2025-01-02T00:00:00")
        #expect(Workbook.isoText(1.5, kind: .time, date1904: false) == "36:00:00")
        #expect(Workbook.isoText(-1, kind: .date, date1904: false) == nil)
        #expect(Workbook.kind(id: 0, code: nil) == .number)
        #expect(Workbook.kind(id: 164, code: "[$-40C]d mmmm yyyy") == .date)
        #expect(Workbook.kind(id: 165, code: "#,##0 \"FCFA\"") == .number)
        #expect(Workbook.kind(id: 166, code: "[h]:mm") == .time)
        #expect(Workbook.kind(id: 167, code: "0.0%") == .number)
        #expect(Workbook.kind(id: 168, code: "dd/mm/yyyy hh:mm") == .dateTime)
    }

    @Test("numbers Excel stores with an exponent are written out positionally, digit for digit, with the recipe's decimal mark", arguments: [
        ("6.25E-2", ".", "0.0625"), ("7.0000000000000007E-2", ".", "0.070000000000000007"), ("-4.4117647058823525E-2", ",", "-0,044117647058823525"),
        ("1.5E+20", ".", "150000000000000000000"), ("1E-2", ".", "0.01"), ("12.50E1", ".", "125"), ("0.5e1", ",", "5"), ("+2.5E0", ".", "2.5"),
        ("3.0E-30", ".", "0.000000000000000000000000000003"), ("1E-31", ".", nil), ("1E+308", ".", nil), ("0.125", ".", nil), ("12", ".", nil),
        ("1.2.3E2", ".", nil), ("E2", ".", nil), ("1E", ".", nil), ("1E+-2", ".", nil), ("1x5E2", ".", nil),
    ] as [(String, String, String?)])
    func positional(value: String, decimal: String, expected: String?) {
        var text = Array("x".utf8)
        let written = SheetWriter.appendPositional(Array(value.utf8), decimal: decimal.utf8.first!, to: &text)
        #expect(written == (expected != nil))
        #expect(String(decoding: text, as: UTF8.self) == "x" + (expected ?? ""))
        // The same value: Double reads both alike.
        if let expected { #expect(Double(expected.replacingOccurrences(of: ",", with: ".")) == Double(value)) }
    }

    @Test("a number stored with 17 digits is published as the shortest text of the same double; fewer digits stay as written", arguments: [
        ("0.14000000000000001", ".", "0.14"), ("7.0000000000000007E-2", ".", "0.07"), ("-4.4117647058823525E-2", ",", "-0,044117647058823525"),
        ("12345678901234567", ".", "12345678901234568"), ("1.0000000000000000E+20", ".", "100000000000000000000"), ("1.0000000000000001E+20", ".", "100000000000000020000"), ("-0.30000000000000004", ".", "-0.30000000000000004"),
        ("1.2345678901234567E-40", ".", "1.2345678901234567E-40"), ("0.1", ",", "0,1"), ("1.50", ".", "1.50"), ("1250", ".", "1250"), ("6.25E-2", ".", "0.0625"),
        ("2.9999999999999999E-3", ".", "0.003"), ("100.00000000000001", ",", "100,00000000000001"),
    ])
    func shortestNumbers(stored: String, decimal: String, expected: String) {
        var text: [UInt8] = []
        SheetWriter.appendNumber(Array(stored.utf8), decimal: decimal.utf8.first!, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == expected)
    }

    @Test("the shortest text of a number Excel stored reads back as the very same double")
    func shortestNumbersRoundTrip() {
        var generator = NumberConventionTests.XorShift(state: 17)
        for _ in 0..<5_000 {
            // Magnitudes from 1e-9 to 1e19, as spreadsheets hold; Excel writes 17 significant digits.
            let value = Double(sign: generator.next() & 1 == 0 ? .plus : .minus, exponentBitPattern: 0x3E2 + UInt(generator.next() % 0x60),
                               significandBitPattern: generator.next() & 0xF_FFFF_FFFF_FFFF)
            let stored = String(format: "%.17G", value)
            var text: [UInt8] = []
            SheetWriter.appendNumber(Array(stored.utf8), decimal: UInt8(ascii: "."), to: &text)
            let published = String(decoding: text, as: UTF8.self)
            #expect(Double(published) == value, "\(stored) published as \(published)")
            #expect(!published.contains("e") && !published.contains("E"), "\(stored) published as \(published)")
        }
    }

    @Test("a workbook written by openpyxl is read as openpyxl wrote it, its formulas never computed left empty",
          .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
    func openpyxl() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/.keep", "")
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let made = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            import datetime, openpyxl
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.title = "Démarches"
            sheet.append(["Code", "Intitulé", "Mise à jour", "Horodatage", "En ligne", "Coût", "Délai", "Double"])
            sheet.append(["DEM-001", "Extrait d'acte, copie \\"intégrale\\"", datetime.date(2025, 10, 12), datetime.datetime(2025, 10, 12, 8, 0), True, 500, 3.5, "=F2*2"])
            sheet.append(["DEM-002", "Certificat\\nde nationalité", datetime.date(2025, 3, 6), datetime.datetime(2025, 3, 6, 14, 30, 15), False, 1000.25, None, "=F3*2"])
            book.create_sheet("Vide")
            book.save("Pipelines/sources/demarches.xlsx")
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made.stderr)")
        try sandbox.write("Pipelines/demarches.yml", """
            id: demarches
            title: Démarches
            source: {url: sources/demarches.xlsx}
            fields:
              - {name: code, from: Code}
              - {name: intitule, from: Intitulé}
              - {name: mise_a_jour, from: Mise à jour, type: date}
              - {name: horodatage, from: Horodatage, type: datetime}
              - {name: en_ligne, from: En ligne, type: boolean}
              - {name: cout, from: Coût, type: number}
              - {name: delai, from: Délai, type: number}
              - {name: double, from: Double, type: number}

            """)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/demarches/demarches.csv") == #"""
            code,intitule,mise_a_jour,horodatage,en_ligne,cout,delai,double
            DEM-001,"Extrait d'acte, copie ""intégrale""",2025-10-12,2025-10-12T08:00:00,true,500,3.5,
            DEM-002,"Certificat
            de nationalité",2025-03-06,2025-03-06T14:30:15,false,1000.25,,

            """#)
    }
}
