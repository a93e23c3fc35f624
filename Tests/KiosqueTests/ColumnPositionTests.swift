import Foundation
import Testing
@testable import KiosqueCore

/// `column:` reads a CSV or workbook column by its position; `header: false` says the source has
/// no header row. Neither may publish what another field hides.
@Suite("Columns by position", .serialized)
struct ColumnPositionTests {
    /// A mainframe's export: no header row, a name in the second column.
    static let headerless = "A001;Koné Awa;Abidjan;12,5\nA002;Traoré Ali;Bouaké;abc\nA003;Yao Emile;Abidjan;3,25\n"

    static func recipe(source: String, fields: String) -> String {
        "id: registre\ntitle: Registre\nsource: {\(source)}\nfields:\n\(fields)validation: {max_invalid: 50%}\n"
    }

    static let positions = """
          - {name: code, column: 1}
          - {name: nom, column: 2, anonymise: drop}
          - {name: ville, column: 3}
          - {name: montant, column: 4, type: number}

        """

    @Test("a CSV without a header row is read by position: its first line is a record, and lines and rows are counted from it")
    func headerless() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", Self.headerless)
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv, header: false, decimal: \",\"", fields: Self.positions))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0 && check.stdout == "1 recipe checked: 0 errors, 0 warnings\n", "\(check.stdout) \(check.stderr)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("registre: 3 rows read, 2 published, 1 invalid"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == "code,ville,montant\nA001,Abidjan,12.5\nA003,Abidjan,3.25\n")
        let report = try sandbox.text("Output/datasets/registre/2026-11-21/report.json")
        #expect(report.contains("\"line\" : 2") && report.contains("\"row\" : 2") && report.contains("\"field\" : \"montant\""), "\(report)")
        for path in sandbox.files(under: "Output").map({ "Output/" + $0 }) + sandbox.files(under: "Catalog").map({ "Catalog/" + $0 }) {
            #expect(!(try sandbox.text(path)).contains("Koné"), "\(path)")
        }
        #expect(!run.stdout.contains("Koné") && !run.stderr.contains("Koné"))
    }

    @Test("recipes that mix up positions and labels are refused before any work, at the field", arguments: [
        ("url: sources/registre.csv, header: false", "  - {name: code, column: 1}\n  - {name: ville}\n",
         "Pipelines/registre.yml:6:12: error: field 'ville' needs column: (its position, 1 for the first), as the source has header: false"),
        ("url: sources/registre.csv", "  - {name: code, from: Code, column: 1}\n",
         "Pipelines/registre.yml:5:38: error: field 'code' has both from: and column:; give one: from: names the column by its header, column: by its position (1 is the first)"),
        ("url: sources/registre.json", "  - {name: code, column: 1}\n",
         "Pipelines/registre.yml:5:12: error: field 'code': column: applies to CSV and workbook sources; JSON records are read by key, with from:"),
        ("url: sources/registre.csv, format: ndjson, header: false", "  - {name: code, from: code}\n",
         "Pipelines/registre.yml:3:61: error: header applies to CSV and workbook sources; JSON records name their values by key"),
        ("url: sources/registre.csv", "  - {name: code, column: 0}\n",
         "Pipelines/registre.yml:5:26: error: column must be a position from 1 to 100000 (1 for the first), or the letters a spreadsheet shows over it (A, B, … AA), not '0'"),
        ("url: sources/registre.csv", "  - {name: code, column: ABCD}\n", "Pipelines/registre.yml:5:26: error: column must be a position from 1 to 100000"),
        ("url: sources/registre.csv", "  - {name: code, column: 1.5}\n", "Pipelines/registre.yml:5:26: error: column must be a position from 1 to 100000"),
        ("url: sources/registre.csv", "  - {name: nom, column: 2, anonymise: drop}\n  - {name: copie, column: 2}\n",
         "Pipelines/registre.yml:6:5: error: field 'copie' reads column 2, which holds what field 'nom' drops"),
    ])
    func refused(source: String, fields: String, error: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", Self.headerless)
        try sandbox.write("Pipelines/sources/registre.json", "[{\"code\": \"A001\"}]")
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: source, fields: fields))
        for command in ["check", "run"] {
            let result = try sandbox.kiosque(command)
            #expect(result.status == 2, "\(command): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.hasPrefix(error), "\(command): \(result.stderr)")
        }
        #expect(!sandbox.exists("Output/datasets/registre"))
    }

    @Test("a field published as it is may not read by position the column another field hides by label, nor the other way round", arguments: [
        ("  - {name: code, from: Code}\n  - {name: nom, from: Nom, anonymise: drop}\n  - {name: copie, column: 2}\n",
         "field 'copie' reads column 2 and field 'nom' reads 'Nom': both are column 2 of the source, which 'nom' drops"),
        ("  - {name: code, from: Code}\n  - {name: nom, column: 2, anonymise: {mask: {keep_first: 1}}}\n  - {name: copie, from: Nom}\n",
         "field 'copie' reads 'Nom' and field 'nom' reads column 2: both are column 2 of the source, which 'nom' masks"),
    ])
    func exposure(fields: String, error: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", "Code;Nom;Ville\n" + Self.headerless.replacingOccurrences(of: ";12,5", with: "")
            .replacingOccurrences(of: ";abc", with: "").replacingOccurrences(of: ";3,25", with: ""))
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv", fields: fields))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains(error), "\(run.stderr)")
        #expect(!run.stderr.contains("Koné") && !run.stdout.contains("Koné"))
        #expect(!sandbox.exists("Output/datasets/registre/registre.csv"))
    }

    @Test("columns under one label are read by position; reading them by label names the positions to use")
    func sharedLabel() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", "Service;Rapidité;Amabilité;Rapidité\nÉtat civil;0,9;0,8;0,7\nPopulation;0,6;0,5;0,4\n")
        let fields = "  - {name: service, from: Service}\n  - {name: rapidite_telephone, from: Rapidité, type: number}\n"
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv, decimal: \",\"", fields: fields))
        let ambiguous = try sandbox.kiosque("run")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("field 'rapidite_telephone' reads column 'Rapidité', but the source has 2 columns with that label (columns 2, 4); read the one you mean by its position instead of from:, such as column: 2"), "\(ambiguous.stderr)")
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv, decimal: \",\"", fields: """
              - {name: service, from: Service}
              - {name: rapidite_telephone, column: 2, type: number}
              - {name: rapidite_guichet, column: 4, type: number}

            """))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == "service,rapidite_telephone,rapidite_guichet\nÉtat civil,0.9,0.7\nPopulation,0.6,0.4\n")
    }

    @Test("a column past the source's width, and column: on a source found to be JSON by its content, fail the dataset with what to fix")
    func runtimeMismatch() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", Self.headerless)
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv, header: false", fields: "  - {name: code, column: 1}\n  - {name: z, column: 9}\n"))
        let wide = try sandbox.kiosque("run")
        #expect(wide.status == 1)
        #expect(wide.stderr.contains("field 'z' reads column 9, but the source's first record has 4 columns; fix column: in the recipe, or check source delimiter"), "\(wide.stderr)")
        // No extension to tell the format: JSON by its first byte.
        try sandbox.write("Pipelines/sources/export", "[{\"code\": \"A001\"}]")
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/export", fields: "  - {name: code, column: 1}\n"))
        let json = try sandbox.kiosque("run")
        #expect(json.status == 1)
        #expect(json.stderr.contains("field 'code' reads column 1 by position, but the source is JSON, whose records are read by key; write from: with the key instead of column:"), "\(json.stderr)")
    }

    @Test("columns without a label are counted with their positions, never suggested as the label meant")
    func unlabelledColumns() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // A spreadsheet saved as CSV: merged header cells leave the columns after them unlabelled.
        try sandbox.write("Pipelines/sources/registre.csv", ";Accueil;;;Site internet;\n1;2;3;4;5;6\n")
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv", fields: "  - {name: a, from: a}\n"))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1)
        #expect(run.stderr.contains("field 'a' reads column 'a', which the source does not have. The source's columns are: 'Accueil', 'Site internet', "
            + "and 4 without a label (columns 1, 3, 4, 6: read one by its position, such as column: 1, or set skip_lines if the labels are on a later line)."),
                "\(run.stderr)")
        #expect(!run.stderr.contains("Did you mean"), "\(run.stderr)")
    }

    @Test("check reads a local source's header: a misspelt label, a position past its width, a position another field hides by label, each a warning naming the field", arguments: [
        ("  - {name: code, from: Code}\n  - {name: ville, from: Vile}\n",
         "Pipelines/registre.yml:6:12: warning: field 'ville' reads column 'Vile', which the source does not have. Did you mean 'Ville'?"),
        ("  - {name: code, from: Code}\n  - {name: ville, column: 5}\n",
         "Pipelines/registre.yml:6:12: warning: field 'ville' reads column 5, but the source's header row has 3 columns"),
        ("  - {name: code, from: Code}\n  - {name: nom, from: Nom, anonymise: drop}\n  - {name: copie, column: 2}\n",
         "Pipelines/registre.yml:7:12: warning: field 'copie' reads column 2 and field 'nom' reads 'Nom': both are column 2 of the source, which 'nom' drops"),
        ("  - {name: code, from: Code}\n  - {name: ville, column: 3}\n", nil),
    ] as [(String, String?)])
    func checkReadsHeader(fields: String, warning: String?) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", "Code;Nom;Ville\nA001;Koné Awa;Abidjan\n")
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv", fields: fields))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0, "\(check.stderr)")
        if let warning {
            #expect(check.stdout == "1 recipe checked: 0 errors, 1 warning\n" && check.stderr.hasPrefix(warning), "\(check.stdout) \(check.stderr)")
            #expect(check.stderr.contains("(seen in the local source file as it is now; run fails the dataset until it is fixed)"))
            #expect(!check.stderr.contains("Koné"))
            #expect(try sandbox.kiosque("run").status == 1)
        } else {
            #expect(check.stdout == "1 recipe checked: 0 errors, 0 warnings\n", "\(check.stderr)")
        }
    }

    @Test("a column is also named by the letters a spreadsheet shows over it", arguments: [("A", 1), ("d", 4), ("Z", 26), ("AA", 27), ("az", 52), ("XFD", 16_384), ("7", 7)])
    func letters(text: String, position: Int) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let file = try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv", fields: "  - {name: code, column: \(text)}\n"))
        let (recipe, diagnostics) = RecipeLoader.load(file, displayPath: "Pipelines/registre.yml", catalog: nil)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(recipe?.fields.first?.column == position)
        #expect(DraftBuilder.columnLetters(position) == (Int(text) == nil ? text.uppercased() : "G"))
    }

    @Test("a file without a header row read with one: no label of its first record is shown, a name beside a date or a contact")
    func recordAsHeader() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        for first in ["A001;awa.kone@example.ci;+225 07 12 34 56 78;Abidjan", "A001;02/01/2025;Yao Affoué;3031", "A001;Yao Affoué;47,2;Abidjan"] {
            try sandbox.write("Pipelines/sources/registre.csv", first + "\nA002;ali@example.ci;+225 05 98 76 54 32;Bouaké\n")
            try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv", fields: "  - {name: code, from: Code}\n  - {name: ville, from: Ville}\n"))
            for command in ["check", "run"] {
                let result = try sandbox.kiosque(command)
                #expect(result.stderr.contains("field 'code' reads column 'Code', which the source does not have. The source's first line holds values (a date, a decimal number or a contact), not column labels, so none is shown: if the file has no header row, write header: false"), "\(result.stderr)")
                #expect(!result.stderr.contains("awa.kone") && !result.stderr.contains("12 34 56") && !result.stderr.contains("Affoué")
                    && !result.stderr.contains("A001"), "\(result.stderr)")
            }
        }
        // A first line without one of the recipe's labels may be a record of names and ids as well
        // as a header: none of its cells is shown, even when it reads like labels.
        try sandbox.write("Pipelines/sources/registre.csv", "Commune;2019;2020;Code 2A\nAbidjan;12;14;1\n")
        let hidden = try sandbox.kiosque("run")
        #expect(hidden.stderr.contains("field 'code' reads column 'Code', which the source does not have, and no other field's label is in the source's first line either (4 cells). The line's other cells are not shown"), "\(hidden.stderr)")
        #expect(!hidden.stderr.contains("Commune") && !hidden.stderr.contains("2019"))
        try sandbox.write("Pipelines/sources/registre.csv", "Yao Affoué;CI0012345;Abidjan\nAwa Koné;CI0067890;Bouaké\n")
        let names = try sandbox.kiosque("check")
        #expect(names.stderr.contains("The line's other cells are not shown") && !names.stderr.contains("Affoué") && !names.stderr.contains("CI00"), "\(names.stderr)")
        // A header renamed by case, accents or spaces alone is named as such.
        try sandbox.write("Pipelines/sources/registre.csv", "CODE;VILLE ;Nom\nA1;Abidjan;x\n")
        let renamed = try sandbox.kiosque("run")
        #expect(renamed.stderr.contains("Labels that differ by case, accents or spaces alone: field 'code' reads column 'Code': the source writes 'CODE'; field 'ville' reads column 'Ville': the source writes 'VILLE'."), "\(renamed.stderr)")
        #expect(!renamed.stderr.contains("Nom"))
        // Once one label is found, the first line is a header: its labels are listed, as they help.
        try sandbox.write("Pipelines/sources/registre.csv", "Code;Commune;2019;2020\nA1;Abidjan;12;14\n")
        let listed = try sandbox.kiosque("run")
        #expect(listed.stderr.contains("The source's columns are: 'Code', 'Commune', '2019', '2020'."), "\(listed.stderr)")
        // A label like an e-mail address in a header row is still not shown, the others are.
        #expect(Shaper.shown("awa.kone@example.ci").hasPrefix("(a value like an e-mail address"))
        #expect(Shaper.shown("Awa Koné").hasPrefix("(a value like an e-mail address, a phone number or a person's name, not shown"))
        #expect(Shaper.shown("Code Commune") == "Code Commune")
        #expect(!Shaper.looksLikeValue("2019") && !Shaper.looksLikeValue("Poids (g)") && !Shaper.looksLikeValue("2A")
            && Shaper.looksLikeValue("-12.5") && Shaper.looksLikeValue("2025-01-02") && !Shaper.looksLikeValue("1."))
    }

    @Test("check looks for e-mail addresses in the column a field reads by position")
    func checkSamplesByPosition() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/registre.csv", "A001;awa.kone@example.ci\nA002;ali@example.ci\n")
        try sandbox.write("Pipelines/registre.yml", Self.recipe(source: "url: sources/registre.csv, header: false", fields: "  - {name: code, column: 1}\n  - {name: info, column: 2}\n"))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0)
        #expect(check.stderr.contains("field 'info' has values that look like e-mail addresses (2 of the first 2 rows)"), "\(check.stderr)")
        #expect(!check.stderr.contains("awa.kone"))
    }
}
