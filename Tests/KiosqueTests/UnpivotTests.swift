import Foundation
import Testing
@testable import KiosqueCore

/// Wide tables (a column per year, as INSEE publishes births by IRIS: `nais09 … nais05`) read as
/// long ones with `source: unpivot:`: one row per area and year, which reusers filter, sum and
/// chart without knowing how many years the export had, and which a new year does not reshape.
@Suite("Wide tables (unpivot)")
struct UnpivotTests {
    static let birthsRecipe = """
        id: naissances-iris
        title: {fr: Naissances domiciliées par IRIS, en: Births by IRIS}
        frequency: annual
        source:
          url: sources/naissances.csv
          skip_lines: 7
          unpivot:
            columns:
              Naissances en 2009: 2009
              Naissances en 2008: 2008
              Naissances en 2007: 2007
              Naissances en 2006: 2006
              Naissances en 2005: 2005
            name: annee
            value: naissances
            skip_missing: true
        fields:
          - {name: commune, from: Code département / commune, required: true}
          - {name: iris, from: Code IRIS, required: true}
          - {name: zone, from: Nom de la zone}
          - {name: annee, type: year, required: true}
          - {name: naissances, type: integer, required: true, minimum: 0}
        primary_key: [commune, iris, annee]

        """

    /// The recipe's mapping of columns to years.
    static let yearColumns = "    columns:\n" + (5...9).reversed().map { "      Naissances en 200\($0): 200\($0)\n" }.joined()

    static func births(_ recipe: String = birthsRecipe) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances.csv",
                          try Data(contentsOf: TestPaths.realSources.appendingPathComponent("insee-montpellier_naissances-par-iris_2005-2009_cp1252.csv")))
        try sandbox.write("Pipelines/naissances-iris.yml", recipe)
        return sandbox
    }

    @Test("INSEE's births by IRIS: 95 areas by 5 years become one row per area and year; the years an area did not exist make no row")
    func realBirths() throws {
        let sandbox = try Self.births()
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors, 0 warnings"))
        let run = try sandbox.kiosque("run")
        // 95 × 5 cells, of which 48 empty: IRIS created in 2009 have no figure before.
        #expect(run.stdout.hasPrefix("naissances-iris: 427 rows read, 427 published ->"), "\(run.stdout)\(run.stderr)")
        let csv = try sandbox.text("Output/datasets/naissances-iris/naissances-iris.csv")
        #expect(csv.hasPrefix("""
            commune,iris,zone,annee,naissances
            34057,0101,QUARTIER SUD,2009,7
            34057,0101,QUARTIER SUD,2008,12
            34057,0101,QUARTIER SUD,2007,5
            34057,0101,QUARTIER SUD,2006,8
            34057,0101,QUARTIER SUD,2005,8
            34057,0102,GALINE-STADE JEAN FOURNIER-OUEST,2009,46

            """), "\(csv.prefix(400))")
        let lines = csv.split(separator: "\n").dropFirst()
        #expect(lines.count == 427)
        // Every area has its 2009 figure; 48 cells of earlier years were empty.
        #expect(Dictionary(grouping: lines) { $0.split(separator: ",")[3] }.mapValues(\.count) == ["2009": 95, "2008": 83, "2007": 83, "2006": 83, "2005": 83])
        let package = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances-iris/datapackage.json")) as! [String: Any]
        let schema = ((package["resources"] as! [[String: Any]])[0]["schema"] as! [String: Any])
        #expect((schema["fields"] as! [[String: Any]]).map { $0["name"] as! String } == ["commune", "iris", "zone", "annee", "naissances"])
        #expect(schema["primaryKey"] as? [String] == ["commune", "iris", "annee"])
    }

    @Test("frictionless finds the long table valid, its three-field key unique")
    func frictionless() throws {
        let sandbox = try Self.births()
        #expect(try sandbox.kiosque("run").status == 0)
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let result = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            from frictionless import validate
            report = validate("Output/datasets/naissances-iris/datapackage.json")
            print(report.valid, sum(task.stats.get("rows") or 0 for task in report.tasks))
            if not report.valid: print(report.flatten(["rowNumber", "fieldName", "type", "note"]))
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(result.stdout == "True 427\n", "\(result.stdout)\(result.stderr)")
    }

    @Test("without skip_missing, an empty cell is a row whose value is missing, invalid where the field is required, found by its source line")
    func missingKept() throws {
        let sandbox = try Self.births(Self.birthsRecipe.replacingOccurrences(of: "    skip_missing: true\n", with: ""))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("naissances-iris: 475 rows read, 427 published, 48 invalid ->"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("48 × required in naissances"), "\(run.stdout)")
        // The first IRIS without figures before 2009 is on line 17 of the file, its four empty years each a row.
        let report = try sandbox.text("Output/datasets/naissances-iris/\(Self.version(sandbox))/report.json")
        let object = try JSONSerialization.jsonObject(with: Data(report.utf8)) as! [String: Any]
        let errors = try #require(object["errors"] as? [[String: Any]], "\(report)")
        let line = Self.firstLineWithoutFigures()
        // Rows 62 to 65: the 2008 to 2005 rows of the thirteenth area (its 2009 row is row 61).
        #expect(errors.prefix(4).map { "\($0["row"]!) \($0["line"]!) \($0["field"]!)" } == (62...65).map { "\($0) \(line) naissances" }, "\(errors.prefix(5))")
    }

    static func version(_ sandbox: Sandbox) throws -> String {
        let versions = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances-iris/versions.json")) as! [String: Any]
        return (versions["versions"] as! [[String: Any]])[0]["version"] as! String
    }

    /// The source line (1-based) of the first IRIS with an empty year.
    static func firstLineWithoutFigures() -> Int {
        let bytes = try! Data(contentsOf: TestPaths.realSources.appendingPathComponent("insee-montpellier_naissances-par-iris_2005-2009_cp1252.csv"))
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.indices.first { $0 > 7 && lines[$0].hasSuffix(",,,,") }! + 1
    }

    @Test("a JSON source: keys listed as they are, numbers and nulls kept, a key of the year read as the year")
    func json() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/usage.json", """
            [{"service": "Passeport", "2023": 1204, "2024": 1532.0, "note": "x"},
             {"service": "Casier judiciaire", "2023": null, "2024": "87"},
             {"service": "Permis", "2024": 12}]
            """)
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Demandes en ligne par an
            source:
              url: sources/usage.json
              unpivot: {columns: ["2023", "2024"], name: annee, value: demandes, skip_missing: true}
            fields:
              - {name: service, required: true}
              - {name: annee, type: year}
              - {name: demandes, type: integer}

            """)
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("usage: 4 rows read, 4 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("no record of the source has"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/usage/usage.csv") == """
            service,annee,demandes
            Passeport,2023,1204
            Passeport,2024,1532
            Casier judiciaire,2024,87
            Permis,2024,12

            """)
    }

    @Test("CSV lines that do not fit stay invalid: a blank line between records, a short line, a long one; blank lines at the end are skipped")
    func lines() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/etat-civil.csv", """
            region;naissances 2023;naissances 2024;deces 2024
            Abidjan;10;12;4
            ;;;
            Bouaké;5;6
            Korhogo;3;4;1;9
            Man;-;2;1
            ;;;
            ;;;

            """)
        try sandbox.write("Pipelines/etat-civil.yml", """
            id: etat-civil
            title: Naissances par région
            source:
              url: sources/etat-civil.csv
              missing_values: ["", "-"]
              unpivot: {columns: {naissances 2023: "2023", naissances 2024: "2024"}, name: annee, value: naissances, skip_missing: true}
            fields:
              - {name: region, required: true}
              - {name: annee, type: year}
              - {name: naissances, type: integer}
              - {name: deces, from: deces 2024, type: integer}

            """)
        let run = try sandbox.kiosque("run")
        // Abidjan ×2; the blank line; Bouaké ×2 (a cell short); Korhogo ×2 (a cell over); Man ×1 ("-" is missing).
        #expect(run.stdout.hasPrefix("etat-civil: 8 rows read, 3 published, 5 invalid ->"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("1 × blank_row") && run.stdout.contains("2 × missing_cells") && run.stdout.contains("2 × extra_cells"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/etat-civil/etat-civil.csv") == """
            region,annee,naissances,deces
            Abidjan,2023,10,4
            Abidjan,2024,12,4
            Man,2024,2,1

            """)
    }

    @Test("the recipe is refused where it cannot work: a field reading a column turned into rows, header: false, no field for the values, one name for both columns, a key or a unique field that every record repeats")
    func recipeErrors() throws {
        let sandbox = try Self.births()
        let recipe = Self.birthsRecipe
        let cases: [(from: String, to: String, message: String)] = [
            ("{name: iris, from: Code IRIS, required: true}", "{name: iris, from: Naissances en 2008, required: true}",
             "field 'iris' reads column 'Naissances en 2008', which unpivot turns into rows: its cells are in the column 'naissances', labelled '2008' in 'annee'; read from: naissances instead"),
            ("  skip_lines: 7\n", "  skip_lines: 8\n  header: false\n",
             "unpivot names the source columns by their header labels, but the source has header: false"),
            ("{name: naissances, type: integer, required: true, minimum: 0}", "{name: naissances, from: nombre, type: integer}",
             "no field reads unpivot's value column 'naissances', so the cells it turns into rows would not be published; add a field with from: naissances"),
            ("    value: naissances\n", "    value: annee\n", "unpivot name and value must name two different columns, not 'annee' twice"),
            ("    name: annee\n", "", "unpivot needs name: the source columns to turn into rows, and the names of the two columns they become"),
            (Self.yearColumns, "    columns: [Naissances en 2009, Naissances en 2008, Naissances en 2009]\n", "unpivot columns lists 'Naissances en 2009' twice"),
            ("primary_key: [commune, iris, annee]", "primary_key: [commune, iris]",
             "primary_key [commune, iris] repeats on each of the 5 rows a record gives with unpivot; add the field of its labels: primary_key: [commune, iris, annee]"),
            ("{name: zone, from: Nom de la zone}", "{name: zone, from: Nom de la zone, unique: true}",
             "field 'zone' is unique, but unpivot repeats its value on each of the 5 rows a record gives; remove unique: true, and write primary_key: [zone, annee]"),
        ]
        let errorsDocument = try String(contentsOf: ErrorsDocumentTests.document, encoding: .utf8)
        for (index, (from, to, message)) in cases.enumerated() {
            #expect(recipe.contains(from), "\(from)")
            try sandbox.write("Pipelines/naissances-iris.yml", recipe.replacingOccurrences(of: from, with: to))
            let check = try sandbox.kiosque("check")
            #expect(check.status == 2 && check.stderr.contains("error: \(message)"), "\(message)\n\(check.stderr)")
            // docs/errors.md quotes these two whole.
            if [0, 2].contains(index) { #expect(errorsDocument.contains(message.prefix { $0 != ";" }) && errorsDocument.contains(message), "\(message)") }
        }
    }

    @Test("k-anonymity with unpivot needs the label among the quasi-identifiers: without it, one record's rows would make a group alone")
    func kAnonymity() throws {
        let base = Self.birthsRecipe + "privacy: {k_anonymity: {k: 5, quasi_identifiers: [commune], action: suppress}}\n"
        let sandbox = try Self.births(base)
        let refused = try sandbox.kiosque("check")
        #expect(refused.status == 2 && refused.stderr.contains("error: k-anonymity counts rows, and unpivot gives 5 rows from each record, alike but for 'annee': one record alone would make a group of as many rows; add annee to quasi_identifiers, so that each group counts as many records as rows"), "\(refused.stderr)")
        try sandbox.write("Pipelines/naissances-iris.yml", base.replacingOccurrences(of: "quasi_identifiers: [commune]", with: "quasi_identifiers: [commune, annee]"))
        #expect(try sandbox.kiosque("check").status == 0)
    }

    @Test("a listed column the header lacks: its closest label when the line is a header; no label at all when none is found, as the line may be a record")
    func absentColumns() throws {
        let sandbox = try Self.births(Self.birthsRecipe.replacingOccurrences(of: "Naissances en 2006: 2006", with: "Naissance en 2006: 2006"))
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("naissances-iris.yml:8:5: warning: unpivot lists column 'Naissance en 2006', which the source's header row does not have (did you mean 'Naissances en 2006'?); fix unpivot columns in the recipe"), "\(check.stderr)")
        let quoted = "unpivot lists column 'Naissance en 2006', which the source's header row does not have (did you mean 'Naissances en 2006'?); fix unpivot columns in the recipe"
        #expect(try String(contentsOf: ErrorsDocumentTests.document, encoding: .utf8).contains(quoted))
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1 && run.stderr.contains("naissances-iris: FAILED: sources/naissances.csv: \(quoted)\n"), "\(run.stderr)")
        #expect(!sandbox.exists("Output/datasets/naissances-iris"))
        // Read from the wrong line: a record of the file is read as the header, and none of its cells is shown.
        try sandbox.write("Pipelines/naissances-iris.yml", Self.birthsRecipe.replacingOccurrences(of: "skip_lines: 7", with: "skip_lines: 9"))
        let wrongLine = try sandbox.kiosque("run")
        #expect(wrongLine.stderr.contains("none of its 5 columns ('Naissances en 2009', 'Naissances en 2008', 'Naissances en 2007', 'Naissances en 2006', 'Naissances en 2005') is in the source's header row (12 cells, not shown, as it may be a record)"), "\(wrongLine.stderr)")
        #expect(!wrongLine.stderr.contains("GALINE") && !wrongLine.stderr.contains("QUARTIER SUD"), "\(wrongLine.stderr)")
    }

    @Test("a new column of the source named like unpivot's own is refused, not mixed")
    func newColumnClash() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/t.csv", "region;annee;2023;2024\nA;x;1;2\n")
        try sandbox.write("Pipelines/t.yml", """
            id: t
            title: T
            source: {url: sources/t.csv, unpivot: {columns: ["2023", "2024"], name: annee, value: n}}
            fields:
              - {name: region}
              - {name: annee, type: year}
              - {name: n, type: integer}

            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 1 && run.stderr.contains("unpivot names its new column 'annee', but the source already has a column of that label; give unpivot's name another one"), "\(run.stderr)")
    }

    @Test("describe suggests the unpivot of INSEE's year columns; done as it says, the draft checks and publishes a row per area and year")
    func describeSuggests() throws {
        let sandbox = try Self.births()
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/naissances.csv")
        #expect(draft.status == 0)
        let suggestion = """
              # the 5 columns 'Naissances en 2009' to 'Naissances en 2005' hold a figure a year: to publish a row a year
              # (which reusers filter and chart, and whose columns a new year does not change; the pattern also turns the column a new year adds), uncomment unpivot below and
              # replace those 5 fields with {name: annee, type: year} and {name: naissances, type: integer}, and write primary_key: [nom_de_la_zone, annee]; see Wide tables in docs/recipes.md
              # unpivot: {columns_matching: "^Naissances en ([0-9]{4})$", name: annee, value: naissances}
            fields:

            """
        #expect(draft.stdout.contains(suggestion), "\(draft.stdout)")
        // The steward's edit, as the comment says.
        var lines: [String] = []
        var skipping = false
        for line in draft.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("  - name: ") { skipping = false }
            if line.hasPrefix("  - name: naissances_en_") { skipping = true }
            if line.hasPrefix("primary_key:") {
                skipping = false
                lines += ["  - {name: annee, type: year}", "  - {name: naissances, type: integer}", "primary_key: [nom_de_la_zone, annee]"]
                continue
            }
            if skipping { continue }
            lines.append(line.hasPrefix("  # unpivot: ") ? "  " + line.dropFirst(4) : line)
        }
        try sandbox.write("Pipelines/naissances-iris.yml", lines.joined(separator: "\n").replacingOccurrences(of: "id: naissances\n", with: "id: naissances-iris\n"))
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors"))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("naissances-iris: 475 rows read, 475 published ->"), "\(run.stdout)\(run.stderr)")
    }

    @Test("a JSON source's year keys are suggested as a list, never a pattern (JSON records are read by the keys named); done as said, it publishes")
    func describeJSON() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/usage.json", #"[{"service": "Passeport", "2021": 1, "2022": 2, "2023": 3}, {"service": "Permis", "2021": 4, "2022": 5, "2023": 6}]"#)
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/usage.json")
        let line = #"  # unpivot: {columns: ["2021", "2022", "2023"], name: annee, value: valeur}"#
        #expect(draft.stdout.contains(line) && !draft.stdout.contains("columns_matching"), "\(draft.stdout)")
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Usage
            source:
              url: sources/usage.json
            \(line.replacingOccurrences(of: "  # ", with: "  "))
            fields:
              - {name: service}
              - {name: annee, type: year}
              - {name: valeur, type: integer}

            """)
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors"))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("usage: 6 rows read, 6 published ->"), "\(run.stdout)\(run.stderr)")
    }

    @Test("no suggestion for columns alike but for a code, for two years, or for years of text", arguments: [
        "region;code 2019;total\nA;12;3\n", "region;2023;2024;total\nA;1;2;3\n", "region;note 2022;note 2023;note 2024\nA;bien;mal;bien\n",
        "region;v1;v2;v3\nA;1;2;3\n",
    ])
    func noSuggestion(csv: String) throws {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/sources/t.csv", csv)
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/t.csv")
        #expect(draft.status == 0 && !draft.stdout.contains("unpivot"), "\(draft.stdout)")
    }

    @Test("two-digit years and years first: nais09 … nais05, 2021_total … 2023_total")
    func yearForms() {
        let short = PeriodColumns.find(labels: ["iris", "nais09", "nais08", "nais07", "dec09"], candidates: [1, 2, 3, 4], currentYear: 2026)
        #expect(short?.columns.map(\.period) == ["2009", "2008", "2007"] && short?.valueName == "nais")
        let first = PeriodColumns.find(labels: ["2021_total", "2022_total", "2023_total", "x"], candidates: [0, 1, 2, 3], currentYear: 2026)
        #expect(first?.columns.map(\.index) == [0, 1, 2] && first?.valueName == "total")
        // A year after this one is no year of figures (a code, 2031), nor are two columns of one year.
        #expect(PeriodColumns.find(labels: ["a 2024", "a 2025", "a 2031"], candidates: [0, 1, 2], currentYear: 2026) == nil)
        #expect(PeriodColumns.find(labels: ["a 2024", "a 2025", "a-2025"], candidates: [0, 1, 2], currentYear: 2026) == nil)
        #expect(PeriodColumns.find(labels: ["Naissances en 2009", "Naissances en 2008", "Naissances en 2007"], candidates: [0, 1, 2], currentYear: 2026)?.valueName == "naissances")
        // Four-digit years get a pattern (its dots and brackets escaped); two-digit ones are mapped.
        #expect(first?.matching == "^([0-9]{4})_total$" && short?.matching == nil)
        #expect(PeriodColumns.find(labels: ["Décès (n.) 2021", "Décès (n.) 2022", "Décès (n.) 2023"], candidates: [0, 1, 2], currentYear: 2026)?.matching == #"^Décès \(n\.\) ([0-9]{4})$"#)
    }

    @Test("columns_matching: every column whose label the pattern matches, the group its label; a new year's column is turned too")
    func matching() throws {
        let recipe = Self.birthsRecipe.replacingOccurrences(of: Self.yearColumns, with: "    columns_matching: \"^Naissances en ([0-9]{4})$\"\n")
        let sandbox = try Self.births(recipe)
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors, 0 warnings"))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("naissances-iris: 427 rows read, 427 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances-iris/naissances-iris.csv").hasPrefix("commune,iris,zone,annee,naissances\n34057,0101,QUARTIER SUD,2009,7\n"))
        // The next export has a column more: 2010, first.
        try sandbox.write("Pipelines/sources/naissances.csv", "Code département / commune,Code IRIS,Nom de la zone,Naissances en 2010,Naissances en 2009\n34057,0101,QUARTIER SUD,9,7\n")
        try sandbox.write("Pipelines/naissances-iris.yml", recipe.replacingOccurrences(of: "skip_lines: 7", with: "skip_lines: 0"))
        let next = try sandbox.kiosque("run", environment: ["SOURCE_DATE_EPOCH": "1795334400"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances-iris/naissances-iris.csv") == "commune,iris,zone,annee,naissances\n34057,0101,QUARTIER SUD,2010,9\n34057,0101,QUARTIER SUD,2009,7\n")
    }

    @Test("a list that misses a new year's column: published without it, and check and run say so")
    func unlistedColumn() throws {
        let sandbox = try Self.births()
        try sandbox.write("Pipelines/sources/naissances.csv", "Code département / commune,Code IRIS,Nom de la zone,Naissances en 2010,Naissances en 2009,Naissances en 2008,Naissances en 2007,Naissances en 2006,Naissances en 2005\n34057,0101,QUARTIER SUD,9,7,12,5,8,8\n")
        try sandbox.write("Pipelines/naissances-iris.yml", Self.birthsRecipe.replacingOccurrences(of: "skip_lines: 7", with: "skip_lines: 0"))
        #expect(try sandbox.kiosque("check").stderr.contains("naissances-iris.yml:8:5: warning: the source has column like those unpivot lists but not listed ('Naissances en 2010')"))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("naissances-iris: 5 rows read, 5 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("note: the source has column like those unpivot lists but not listed ('Naissances en 2010'): its cells are not published; add it to unpivot columns, or choose the columns with columns_matching"), "\(run.stdout)")
    }

    @Test("columns_matching is refused for JSON, and when it is no pattern; at run time, when it matches nothing or gives two columns one label")
    func matchingRefused() throws {
        let sandbox = try Self.births()
        let matching = { (pattern: String) in Self.birthsRecipe.replacingOccurrences(of: Self.yearColumns, with: "    columns_matching: \"\(pattern)\"\n") }
        try sandbox.write("Pipelines/naissances-iris.yml", matching("^Naissances en ([0-9]{4}$"))
        #expect(try sandbox.kiosque("check").stderr.contains("error: unpivot columns_matching is not a regular expression kiosque can read"))
        try sandbox.write("Pipelines/naissances-iris.yml", matching("^Births in ([0-9]{4})$"))
        let none = try sandbox.kiosque("run")
        #expect(none.status == 1 && none.stderr.contains("unpivot columns_matching ^Births in ([0-9]{4})$ matches none of the source's header labels (12 cells, not shown, as the line may be a record)"), "\(none.stderr)")
        try sandbox.write("Pipelines/naissances-iris.yml", matching("^Naissances en ([0-9]{3})[0-9]$"))
        let clash = try sandbox.kiosque("run")
        #expect(clash.status == 1 && clash.stderr.contains("unpivot columns_matching gives the label '200' to two columns, 'Naissances en 2009' and 'Naissances en 2008'; make the pattern tell them apart"), "\(clash.stderr)")
        try sandbox.write("Pipelines/sources/usage.json", "[]")
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Usage
            source: {url: sources/usage.json, unpivot: {columns_matching: "^[0-9]{4}$", name: annee, value: n}}
            fields:
              - {name: annee, type: year}
              - {name: n, type: integer}

            """)
        #expect(try sandbox.kiosque("check", "Pipelines/usage.yml").stderr.contains("error: unpivot columns_matching chooses columns by their header labels; a JSON source's records are read by the keys the recipe names: list them in columns"))
    }

    @Test("a JSON key listed that no record has is said, by run and by check: with skip_missing its rows would vanish without a word")
    func absentJSONKey() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/usage.json", #"[{"service": "Passeport", "2023": 1204, "2024": 1532}, {"service": "Permis", "2024": 12}]"#)
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Demandes en ligne par an
            source:
              url: sources/usage.json
              unpivot: {columns: ["2023", "2O24"], name: annee, value: demandes, skip_missing: true}
            fields:
              - {name: service, required: true}
              - {name: annee, type: year}
              - {name: demandes, type: integer}

            """)
        let said = "unpivot lists key '2O24', which no record of the source has (did you mean '2024'?), so no row is made of it; if the key is misspelt, fix unpivot columns in the recipe"
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("usage.yml:5:12: warning: \(said) (seen in the local source file as it is now)"), "\(check.stderr)")
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("usage: 1 row read, 1 published ->") && run.stdout.contains("note: \(said)"), "\(run.stdout)\(run.stderr)")
    }

    @Test("a workbook of a column per month, its header cells dates as Excel holds them: describe suggests months, and the edit publishes a row a month",
          .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs KIOSQUE_PYTHON (make test sets it)"))
    func monthsInWorkbook() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        let made = try ProcessResult.run(URL(fileURLWithPath: python), ["-c", """
            import datetime, openpyxl
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.title = "Usage 2024"
            sheet.append(["Service"] + [datetime.datetime(2024, m, 1) for m in (1, 2, 3)] + ["Total"])
            for cell in sheet[1][1:4]: cell.number_format = "mmm-yy"
            sheet.append(["Passeport", 1204, 1532, 1401, 4137])
            sheet.append(["Casier judiciaire", 87, None, 95, 182])
            book.save("Pipelines/sources/usage.xlsx")
            """], in: sandbox.root, environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made.stderr)")
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/usage.xlsx")
        let line = #"  # unpivot: {columns_matching: "^([0-9]{4}-[0-9]{2})-01$", name: mois, value: valeur}"#
        #expect(draft.stdout.contains("  # the 3 columns '2024-01-01' to '2024-03-01' hold a figure a month: to publish a row a month\n") && draft.stdout.contains(line), "\(draft.stdout)")
        #expect(draft.stdout.contains("replace those 3 fields with {name: mois, type: yearmonth} and {name: valeur, type: integer}"))
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Demandes en ligne par mois
            source:
              url: sources/usage.xlsx
            \(line.replacingOccurrences(of: "  # ", with: "  "))
            fields:
              - {name: service, from: Service, required: true}
              - {name: mois, type: yearmonth}
              - {name: valeur, type: integer}

            """)
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("usage: 6 rows read, 6 published ->"), "\(run.stdout)\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/usage/usage.csv") == """
            service,mois,valeur
            Passeport,2024-01,1204
            Passeport,2024-02,1532
            Passeport,2024-03,1401
            Casier judiciaire,2024-01,87
            Casier judiciaire,2024-02,
            Casier judiciaire,2024-03,95

            """)
    }

    @Test("months written as text: 01/2024, janvier 2024, 2024-01; a day's columns are not months", arguments: [
        ("01/2024;02/2024;03/2024", true), ("janvier 2024;février 2024;mars 2024", true), ("2024-01;2024-02;2024-03", true),
        ("2024-01-01;2024-01-02;2024-01-03", false),
    ])
    func monthLabels(labels: String, months: Bool) {
        let found = PeriodColumns.find(labels: ["region"] + labels.split(separator: ";").map(String.init), candidates: [1, 2, 3], currentYear: 2026)
        #expect(found.map { $0.unit == .month && $0.columns.map(\.period) == ["2024-01", "2024-02", "2024-03"] } == (months ? true : nil), "\(labels)")
    }
}
