import Foundation
import Testing
@testable import KiosqueCore

/// `url: sources/naissances/*.csv`: an administration that drops a file a month (or an office) into
/// one folder publishes them as one dataset, the files read in the order of their names.
@Suite("A file a month (url patterns)")
struct SourceFilesTests {
    static let recipe = """
        id: naissances
        title: Naissances
        source: {url: sources/naissances/*.csv}
        fields:
          - {name: numero, required: true}
          - {name: commune}
          - {name: date, type: date, format: "%d/%m/%Y"}
        primary_key: [numero]

        """

    static func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // January ends with a spreadsheet's empty line; March has its columns in another order, and one more.
        try sandbox.write("Pipelines/sources/naissances/2024-01.csv", "numero;commune;date\nA1;Abidjan;03/01/2024\nA2;Bouaké;15/01/2024\n;;\n")
        try sandbox.write("Pipelines/sources/naissances/2024-02.csv", "numero;commune;date\nB1;Man;03/02/2024\nB2;Korhogo;31/02/2024\n")
        try sandbox.write("Pipelines/sources/naissances/2024-03.csv", "commune;numero;date;canal\nYamoussoukro;C1;01/03/2024;web\nDaloa;C2;05/03/2024;guichet;x\n")
        try sandbox.write("Pipelines/sources/naissances/notes.txt", "pas une donnée\n")
        try sandbox.write("Pipelines/naissances.yml", recipe)
        return sandbox
    }

    static func run(_ sandbox: Sandbox, day: Int = 1, _ arguments: String...) throws -> ProcessResult {
        try sandbox.kiosque(arguments: ["run"] + arguments, environment: ["SOURCE_DATE_EPOCH": String(1795248000 + (day - 1) * 86400)])
    }

    @Test("the files are read in the order of their names as one source; a file's columns are found by label; invalid rows are named by file and line")
    func readAsOne() throws {
        let sandbox = try Self.sandbox()
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors, 0 warnings"))
        let dry = try Self.run(sandbox, day: 1, "--dry-run")
        #expect(dry.stdout.contains("row 4 (line 3 of sources/naissances/2024-02.csv): date: type '31/02/2024'"), "\(dry.stdout)")
        #expect(dry.stdout.contains("row 6 (line 3 of sources/naissances/2024-03.csv): extra_cells"), "\(dry.stdout)")
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("naissances: 6 rows read, 4 published, 2 invalid -> version 2026-11-21"), "\(run.stdout)\(run.stderr)")
        // The empty line at the end of January is what a spreadsheet leaves, not a blank record between two.
        #expect(run.stdout.contains("note: 1 row after the last record of files before the last has every cell empty"), "\(run.stdout)")
        #expect(!run.stdout.contains("blank_row"))
        // March's extra column is not read, and said.
        #expect(run.stdout.contains("note: sources/naissances/2024-03.csv has columns that sources/naissances/2024-01.csv, the first file, has not ('canal'): the source's columns are the first file's, so they are not read"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv") == """
            numero,commune,date
            A1,Abidjan,2024-01-03
            A2,Bouaké,2024-01-15
            B1,Man,2024-02-03
            C1,Yamoussoukro,2024-03-01

            """)
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances/2026-11-21/report.json")) as! [String: Any]
        let errors = report["errors"] as! [[String: Any]]
        #expect(errors.map { "\($0["file"] ?? "") \($0["line"] ?? "")" } == ["sources/naissances/2024-02.csv 3", "sources/naissances/2024-03.csv 3"])
        // The bytes of all three files.
        let bytes = try ["01", "02", "03"].map { try sandbox.read("Pipelines/sources/naissances/2024-\($0).csv").count }.reduce(0, +)
        #expect(((report["source"] as! [String: Any])["bytes"] as! Int) == bytes)
    }

    @Test("a note of a line says which file the line is in")
    func notesNameTheFile() throws {
        let sandbox = try Self.sandbox()
        try sandbox.write("Pipelines/sources/naissances/2024-02.csv", "numero;commune;date\nB1;Man\u{1};03/02/2024\n")
        let run = try Self.run(sandbox)
        #expect(run.stdout.contains("note: field 'commune': 1 value holds control characters (U+0000–U+001F but tab and line breaks, or U+007F; the first on line 2 of sources/naissances/2024-02.csv)"), "\(run.stdout)")
    }

    @Test("the same files make no version; a file added, changed or removed is a change of the source")
    func versions() throws {
        let sandbox = try Self.sandbox()
        #expect(try Self.run(sandbox).status == 0)
        let same = try Self.run(sandbox, day: 2)
        #expect(same.stdout.contains("unchanged (same source bytes as for 2026-11-21)"), "\(same.stdout)")
        try sandbox.write("Pipelines/sources/naissances/2024-04.csv", "numero;commune;date\nD1;Gagnoa;02/04/2024\n")
        let added = try Self.run(sandbox, day: 3)
        #expect(added.stdout.contains("-> version 2026-11-23"), "\(added.stdout)")
        #expect(try sandbox.workspace.loadHistory("naissances")?.current?.changes.map { ($0.rowsAdded, $0.rowsRemoved) } ?? (0, 0) == (1, 0))
        #expect(try sandbox.text("Output/datasets/naissances/2026-11-23/naissances.changes.csv") == "change,numero,commune,date\nadded,D1,Gagnoa,2024-04-02\n")
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Pipelines/sources/naissances/2024-01.csv"))
        let removed = try Self.run(sandbox, day: 4)
        #expect(removed.stdout.contains("-> version 2026-11-24"), "\(removed.stdout)")
        #expect(try sandbox.workspace.loadHistory("naissances")?.current?.changes.map { ($0.rowsAdded, $0.rowsRemoved) } ?? (0, 0) == (0, 2))
    }

    @Test("a file without a column the recipe reads: check warns, run fails the dataset, named; nothing is published")
    func fileLacksColumn() throws {
        let sandbox = try Self.sandbox()
        try sandbox.write("Pipelines/sources/naissances/2024-02.csv", "numero;ville;date\nB1;Man;03/02/2024\n")
        // check looks at every file's header, as run will.
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0 && check.stderr.contains("warning: sources/naissances/2024-02.csv: field 'commune' reads column 'commune', which the source does not have."), "\(check.stderr)")
        let run = try Self.run(sandbox)
        #expect(run.status == 1)
        #expect(run.stderr.contains("naissances: FAILED: sources/naissances/*.csv: sources/naissances/2024-02.csv has no column 'commune', which field 'commune' reads (sources/naissances/2024-01.csv has it); every file the source url's pattern matches must have the columns the recipe reads"), "\(run.stderr)")
        #expect(!sandbox.exists("Output/datasets/naissances"))
    }

    @Test("the first file lacking a column is named too, by check and by run")
    func firstFileLacksColumn() throws {
        let sandbox = try Self.sandbox()
        try sandbox.write("Pipelines/sources/naissances/2024-01.csv", "numero;ville;date\nA1;Abidjan;03/01/2024\n")
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("warning: sources/naissances/2024-01.csv: field 'commune' reads column 'commune', which the source does not have."), "\(check.stderr)")
        let run = try Self.run(sandbox)
        #expect(run.status == 1 && run.stderr.contains("naissances: FAILED: sources/naissances/2024-01.csv: field 'commune' reads column 'commune', which the source does not have."), "\(run.stderr)")
    }

    @Test("check names the first ten later files that lack a column, and counts the others")
    func manyFilesLackColumn() throws {
        let sandbox = try Self.sandbox()
        for month in 1...12 {
            try sandbox.write("Pipelines/sources/naissances/2025-\(month < 10 ? "0" : "")\(month).csv", "numero;ville;date\nB\(month);Man;03/02/2025\n")
        }
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.components(separatedBy: "which the source does not have.").count - 1 == 10, "\(check.stderr)")
        #expect(check.stderr.contains("sources/naissances/2025-10.csv: field 'commune'") && !check.stderr.contains("2025-11.csv"), "\(check.stderr)")
        #expect(check.stderr.contains("warning: and 2 more files the source url's pattern matches have warnings like these"), "\(check.stderr)")
    }

    @Test("a later file with none of the first's labels fails the dataset, its line not shown; extra labels of a line that may be a record are counted, not shown")
    func notTheSameExport() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/d/a.csv", "2023;2024\n1;2\n")
        try sandbox.write("Pipelines/sources/d/b.csv", "Jean Dupont;3;4\n5;6;7\n")
        try sandbox.write("Pipelines/d.yml", """
            id: d
            title: D
            source: {url: sources/d/*.csv, unpivot: {columns_matching: "^([0-9]{4})$", name: annee, value: n}}
            fields:
              - {name: annee, type: year}
              - {name: n, type: integer}

            """)
        let run = try Self.run(sandbox)
        // columns_matching matches each file's header on its own: none of b.csv's.
        #expect(run.status == 1 && run.stderr.contains("sources/d/b.csv: unpivot columns_matching ^([0-9]{4})$ matches none of the source's header labels (3 cells, not shown, as the line may be a record)"), "\(run.stderr)")
        #expect(!run.stderr.contains("Dupont") && !run.stdout.contains("Dupont"))
        // One label in common: the others counted, not shown, since the recipe reads no label that would tell a header.
        try sandbox.write("Pipelines/sources/d/b.csv", "2023;Jean Dupont;Marie Curie\n5;6;7\n")
        let counted = try Self.run(sandbox)
        #expect(counted.status == 0 && counted.stdout.contains("sources/d/b.csv has columns that sources/d/a.csv, the first file, has not (2, not shown, as the line may be a record)"), "\(counted.stdout)\(counted.stderr)")
        #expect(!counted.stdout.contains("Dupont") && !counted.stderr.contains("Dupont"))
    }

    @Test("files are read in the order of their names, numbers by their value")
    func nameOrder() {
        let names = ["export-10.csv", "export-2.csv", "export-1.csv", "export-01.csv", "Export-3.csv", "2024-10.csv", "2024-02.csv"]
        #expect(names.sorted(by: SourceFiles.inNameOrder) == ["2024-02.csv", "2024-10.csv", "Export-3.csv", "export-01.csv", "export-1.csv", "export-2.csv", "export-10.csv"])
    }

    @Test("a broken file is named in the error, after the pattern")
    func brokenFile() throws {
        let sandbox = try Self.sandbox()
        try sandbox.write("Pipelines/sources/naissances/2024-02.csv", "numero;commune;date\nB1;\"Man;03/02/2024\n")
        let run = try Self.run(sandbox)
        #expect(run.stderr.contains("naissances: FAILED: sources/naissances/*.csv: sources/naissances/2024-02.csv: a quoted field opened on line 2 is never closed"), "\(run.stderr)")
    }

    @Test("no file matches: check warns, run fails the dataset and says where it looked")
    func noFile() throws {
        let sandbox = try Self.sandbox()
        try sandbox.write("Pipelines/naissances.yml", Self.recipe.replacingOccurrences(of: "*.csv", with: "*.tsv"))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0 && check.stderr.contains("warning: source url sources/naissances/*.tsv: no file matches *.tsv (in "), "\(check.stderr)")
        let run = try Self.run(sandbox)
        #expect(run.status == 1 && run.stderr.contains("naissances: FAILED: sources/naissances/*.tsv: no file matches *.tsv (in "), "\(run.stderr)")
    }

    @Test("a * in a folder, or in a server's url, is refused", arguments: [
        ("sources/*/naissances.csv", "a * in source url matches file names in one folder, not folders"),
        ("https://exports.example/naissances/*.csv", "a * in source url matches local files only"),
    ])
    func refused(url: String, message: String) throws {
        let sandbox = try Self.sandbox()
        try sandbox.write("Pipelines/naissances.yml", Self.recipe.replacingOccurrences(of: "sources/naissances/*.csv", with: url))
        let check = try sandbox.kiosque("check")
        #expect(check.status == 2 && check.stderr.contains("error: \(message)"), "\(check.stderr)")
    }

    @Test("JSON files: a key one file has is found, whichever file; one no file has is noted")
    func jsonFiles() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes/a.json", #"[{"numero": "A1", "canal": "web"}]"#)
        try sandbox.write("Pipelines/sources/demandes/b.json", #"[{"numero": "B1"}]"#)
        try sandbox.write("Pipelines/demandes.yml", """
            id: demandes
            title: Demandes
            source: {url: sources/demandes/*.json}
            fields:
              - {name: numero}
              - {name: canal}
              - {name: statut}

            """)
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("demandes: 2 rows read, 2 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("reads key 'canal'") && run.stdout.contains("field 'statut' reads key 'statut', which no record of the source has"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/demandes/demandes.csv") == "numero,canal,statut\nA1,web,\nB1,,\n")
    }

    @Test("a wide table a year per file: the files are read as one, then unpivoted")
    func unpivoted() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/deces/abidjan.csv", "commune;2023;2024\nCocody;10;12\n")
        try sandbox.write("Pipelines/sources/deces/bouake.csv", "commune;2024;2023\nBouaké;7;5\n")
        try sandbox.write("Pipelines/deces.yml", """
            id: deces
            title: Décès
            source: {url: sources/deces/*.csv, unpivot: {columns: ["2023", "2024"], name: annee, value: deces}}
            fields:
              - {name: commune}
              - {name: annee, type: year}
              - {name: deces, type: integer}
            primary_key: [commune, annee]

            """)
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("deces: 4 rows read, 4 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/deces/deces.csv") == "commune,annee,deces\nCocody,2023,10\nCocody,2024,12\nBouaké,2023,5\nBouaké,2024,7\n")
    }

    /// INSEE's way: a file a year whose columns carry the year (`Naissances en 2021`). The first
    /// file's columns used to decide for all: a later year's column was not read (a note said so).
    @Test("columns_matching a year per file: each file's columns are matched on their own, so every year is published; a file matching none fails, named")
    func columnsMatchingPerFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances/2021.csv", "iris;Libellé;Naissances en 2021\n0101;Centre;12\n0102;Nord;\n")
        try sandbox.write("Pipelines/sources/naissances/2022.csv", "iris;Libellé;Naissances en 2022\n0101;Centre;14\n0102;Nord;9\n")
        try sandbox.write("Pipelines/sources/naissances/2023.csv", "Libellé;iris;Naissances en 2023;Naissances en 2022\nCentre;0101;15;14\nNord;0102;11;9\n")
        try sandbox.write("Pipelines/naissances.yml", """
            id: naissances
            title: Naissances
            source:
              url: sources/naissances/*.csv
              unpivot: {columns_matching: "^Naissances en ([0-9]{4})$", name: annee, value: naissances, skip_missing: true}
            fields:
              - {name: iris, required: true}
              - {name: annee, type: year}
              - {name: naissances, type: integer}
            primary_key: [iris, annee]

            """)
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors, 0 warnings"))
        // The 2023 file repeats 2022: the primary key finds it, as it would in one file.
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("naissances: 7 rows read, 5 published, 2 invalid"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("  2 × primary_key in iris, annee\n"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv")
            == "iris,annee,naissances\n0101,2021,12\n0101,2022,14\n0102,2022,9\n0101,2023,15\n0102,2023,11\n")
        #expect(!run.stdout.contains("not read"), "\(run.stdout)")

        try sandbox.write("Pipelines/sources/naissances/2024.csv", "iris;Libellé;Décès en 2024\n0101;Centre;3\n")
        let failed = try Self.run(sandbox, day: 2)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("sources/naissances/2024.csv: unpivot columns_matching ^Naissances en ([0-9]{4})$ matches none of the source's header labels"), "\(failed.stderr)")
    }

    /// An export whose dates change their format one month: the advice is the failing file's.
    @Test("the type advice looks at the file of the first row a type failed after a run, and at the last file in check; both name it")
    func typeAdviceFromFailingFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/n/2024-01.csv", "numero;date\nA1;03/01/2024\nA2;15/01/2024\n")
        try sandbox.write("Pipelines/sources/n/2024-02.csv", "numero;date\nB1;2024-02-03\nB2;2024-02-15\n")
        try sandbox.write("Pipelines/n.yml", "id: n\ntitle: N\nsource: {url: sources/n/*.csv}\nfields:\n  - {name: numero}\n  - {name: date, type: date, format: \"%d/%m/%Y\"}\n")
        // check looks at the last file's first rows too, and says it first.
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("warning: sources/n/2024-02.csv: field 'date' is a date, but 2 of the 2 values in the first 2 rows do not read as one (with format %d/%m/%Y); they all read with format: \"%Y-%m-%d\"; run counts their rows invalid"), "\(check.stderr)")
        let run = try Self.run(sandbox)
        #expect(run.stdout.contains("note: sources/n/2024-02.csv: field 'date' is a date, but 2 of the 2 values in the first 2 rows do not read as one (with format %d/%m/%Y); they all read with format: \"%Y-%m-%d\""), "\(run.stdout)")
    }

    /// A column empty or harmless in the first exports that starts holding e-mail addresses later.
    @Test("the last file is looked at for personal values too: check and run name it, once a field, never a value")
    func lastFilePersonalValues() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes/2024-01.csv", "numero;suivi;remarque\nA1;aucun;ok\nA2;aucun;joindre awa.kone@mairie.example\n")
        try sandbox.write("Pipelines/sources/demandes/2024-02.csv", "numero;suivi;remarque\nB1;aucun;ok\n")
        try sandbox.write("Pipelines/sources/demandes/2024-03.csv", "numero;suivi;remarque\nC1;moussa.bamba@mairie.example;ok\nC2;fatou.diallo@mairie.example;voir koffi@mairie.example\n")
        try sandbox.write("Pipelines/demandes.yml", """
            id: demandes
            title: Demandes
            source: {url: sources/demandes/*.csv}
            fields:
              - {name: numero}
              - {name: suivi}
              - {name: remarque}

            """)
        let check = try sandbox.kiosque("check")
        // remarque: seen in the first file, said once; suivi: only in the last, said with its name.
        #expect(check.stderr.contains("Pipelines/demandes.yml:7:12: warning: field 'remarque' has values that look like e-mail addresses (1 of the first 2 rows)"), "\(check.stderr)")
        #expect(check.stderr.contains("warning: sources/demandes/2024-03.csv: field 'suivi' has values that look like e-mail addresses (2 of the first 2 rows)"), "\(check.stderr)")
        #expect(check.stderr.components(separatedBy: "field 'remarque' has values").count == 2, "\(check.stderr)")
        let run = try Self.run(sandbox)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: demandes: sources/demandes/2024-03.csv: field 'suivi' has values that look like e-mail addresses (2 of the first 2 rows)"), "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "field 'remarque' has values").count == 2, "\(run.stderr)")
        for value in ["moussa.bamba", "fatou.diallo", "awa.kone", "koffi@"] {
            #expect(!check.stderr.contains(value) && !run.stderr.contains(value) && !run.stdout.contains(value))
        }
    }

    @Test("describe on files of a year each, whose year's column differs, drafts columns_matching, and the draft publishes every year")
    func describeYearPerFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        for (year, figures) in [(2021, ("12", "7")), (2022, ("14", "9")), (2023, ("15", "11"))] {
            // Enough rows for describe to see a key (iris) and a column of values unique in the first file (the name).
            let more = (10...40).map { "01\($0);Quartier \($0);\($0 * 3)\n" }.joined()
            try sandbox.write("Pipelines/sources/naissances/\(year).csv",
                              "iris;Libellé;Naissances en \(year)\n0101;Centre;\(figures.0)\n0102;Nord;\(figures.1)\n0103;Sud;3\n" + more)
        }
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/naissances/*.csv")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("""
              # each file has its own year's column ('Naissances en 2021' in the first, 3 years in all: 2021 to 2023):
              # unpivot reads it in each file as a row a year, and a new year's file needs no change here
              unpivot: {columns_matching: "^Naissances en ([0-9]{4})$", name: annee, value: naissances}
            fields:

            """), "\(draft.stdout)")
        #expect(draft.stdout.contains("  - name: annee\n    type: year\n  - name: naissances\n    type: integer\n"), "\(draft.stdout)")
        #expect(!draft.stdout.contains("from: \"Naissances en 2021\""), "\(draft.stdout)")
        // Every file repeats the IRIS: the key is the IRIS and the year, and no field is unique alone.
        #expect(draft.stdout.contains("primary_key: [iris, annee]\n") && !draft.stdout.contains("unique: true"), "\(draft.stdout)")
        try sandbox.write("Pipelines/naissances.yml", draft.stdout)
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors"))
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("naissances: 102 rows read, 102 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances/naissances.csv").contains("0101,Centre,2023,15\n0102,Nord,2023,11\n0103,Sud,2023,3\n"))
    }

    @Test("describe on a pattern drafts from the first file and keeps the pattern in the url; one that matches nothing is a usage error")
    func describe() throws {
        let sandbox = try Self.sandbox()
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/naissances/*.csv")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("""
            source:
              # the pattern matches 3 files, read one after the other in the order of their names; drafted from the first, 2024-01.csv
              url: "sources/naissances/*.csv"

            """), "\(draft.stdout)")
        #expect(draft.stdout.contains("# Save it as Pipelines/naissances.yml"))
        // Files of the same columns: nothing to turn into rows.
        #expect(!draft.stdout.contains("unpivot"), "\(draft.stdout)")
        let none = try sandbox.kiosque("describe", "Pipelines/sources/naissances/*.tsv")
        #expect(none.status == 2 && none.stderr.contains("Pipelines/sources/naissances/*.tsv: no file matches *.tsv (in "), "\(none.stderr)")
    }

    @Test("workbooks a month: each sheet read as one file would be; the first one's values are looked at for personal data",
          .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
    func workbooks() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/usage/.keep", "")
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let made = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            import openpyxl
            for month in (1, 2):
                book = openpyxl.Workbook()
                sheet = book.active
                sheet.append(["Service", "Demandes", "Ecrire a"])
                sheet.append(["Passeport", 100 * month, "agent%d@mairie.example" % month])
                sheet.append(["Permis", 10 * month, "guichet%d@mairie.example" % month])
                book.save("Pipelines/sources/usage/2024-0%d.xlsx" % month)
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made.stderr)")
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Usage
            source: {url: sources/usage/*.xlsx}
            fields:
              - {name: service, from: Service}
              - {name: demandes, from: Demandes, type: integer}
              - {name: ecrire_a, from: Ecrire a}

            """)
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("usage: 4 rows read, 4 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/usage/usage.csv") == "service,demandes,ecrire_a\nPasseport,100,agent1@mairie.example\nPermis,10,guichet1@mairie.example\nPasseport,200,agent2@mairie.example\nPermis,20,guichet2@mairie.example\n")
        #expect(run.stderr.contains("field 'ecrire_a' has values that look like e-mail addresses (2 of the first 2 rows)"), "\(run.stderr)")
    }

    @Test("workbooks a year, each with its year's column: describe drafts columns_matching, and the draft publishes every year",
          .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
    func workbooksYearPerFile() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/deces/.keep", "")
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let made = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            import openpyxl
            for year in (2021, 2022, 2023):
                book = openpyxl.Workbook()
                sheet = book.active
                sheet.title = "Décès"
                sheet.append(["Commune", "Décès %d" % year])
                for index in range(12):
                    sheet.append(["Commune %02d" % index, year - 2000 + index])
                book.save("Pipelines/sources/deces/deces-%d.xlsx" % year)
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made.stderr)")
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/deces/*.xlsx")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("  unpivot: {columns_matching: \"^Décès ([0-9]{4})$\", name: annee, value: deces}\n"), "\(draft.stdout)")
        try sandbox.write("Pipelines/deces.yml", draft.stdout)
        let run = try Self.run(sandbox)
        #expect(run.stdout.hasPrefix("deces: 36 rows read, 36 published ->"), "\(run.stdout)\(run.stderr)")
        let published = try sandbox.text("Output/datasets/deces/deces.csv")
        #expect(published.contains("Commune 00,2021,21\n") && published.contains("Commune 11,2023,34\n"), "\(published)")
    }
}
