import Foundation
import Testing
@testable import KiosqueCore

/// Monthly figures (online-service usage, registrations by month): a `yearmonth` field publishes
/// `2024-03`, typed as Table Schema, CSVW and DCAT know it, rather than a first day of the month
/// that reads as a date nobody meant.
@Suite("Months (yearmonth)")
struct YearMonthTests {
    static func sandbox(_ fields: String, _ csv: String) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/usage.csv", csv)
        try sandbox.write("Pipelines/usage.yml", """
            id: usage
            title: Usage des services en ligne
            source: {url: sources/usage.csv, thousands: " "}
            fields:
            \(fields)
              - {name: demandes, type: integer}

            """)
        return sandbox
    }

    @Test("months are read in the recipe's format and published as 2024-03, in every format and schema",
          arguments: [("%m/%Y", ["03/2024", "4/2024", "13/2024", "12/2023"]), ("%B %Y", ["mars 2024", "Avril 2024", "Marsh 2024", "décembre 2023"]),
                      ("%Y-%m", ["2024-03", "2024-04", "2024-13", "2023-12"]), ("%d/%m/%Y", ["01/03/2024", "15/04/2024", "31/02/2024", "01/12/2023"])])
    func published(format: String, values: [String]) throws {
        let formatKey = format == "%Y-%m" ? "" : ", format: \"\(format)\""
        let sandbox = try Self.sandbox("  - {name: mois, type: yearmonth\(formatKey), minimum: \"2024-01\"}",
                                       "mois;demandes\n\(values[0]);1 204\n\(values[1]);987\n\(values[2]);5\n\(values[3]);4\n")
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors, 0 warnings"))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout.hasPrefix("usage: 4 rows read, 2 published, 2 invalid"), "\(run.stdout)")
        #expect(run.stdout.contains("1 × type in mois") && run.stdout.contains("1 × minimum in mois"), "\(run.stdout)")
        #expect(try sandbox.text("Output/datasets/usage/usage.csv") == "mois,demandes\n2024-03,1204\n2024-04,987\n")
        #expect(try sandbox.text("Output/datasets/usage/usage.json") == "[\n{\"mois\":\"2024-03\",\"demandes\":1204},\n{\"mois\":\"2024-04\",\"demandes\":987}\n]\n")
        let package = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/usage/datapackage.json")) as! [String: Any]
        let schema = ((package["resources"] as! [[String: Any]])[0]["schema"] as! [String: Any])["fields"] as! [[String: Any]]
        #expect(schema[0]["type"] as? String == "yearmonth")
        #expect((schema[0]["constraints"] as? [String: String])?["minimum"] == "2024-01")
        #expect(try sandbox.text("Output/datasets/usage/usage.csv-metadata.json").contains("\"gYearMonth\""))
        let catalogue = try sandbox.text("Catalog/catalog.ttl")
        #expect(catalogue.contains("dcat:startDate \"2024-03\"^^xsd:gYearMonth") && catalogue.contains("dcat:endDate \"2024-04\"^^xsd:gYearMonth"))
        #expect(try sandbox.text("Output/datasets/usage/index.html").contains("mois"))
    }

    @Test("check: a month format without a month is refused; a date read without its day is told of yearmonth")
    func recipeChecks() throws {
        let sandbox = try Self.sandbox("  - {name: mois, type: yearmonth, format: \"%Y\"}", "mois;demandes\n2024;1\n")
        let refused = try sandbox.kiosque("check")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("format '%Y' reads no month (%m, %B or %b); a yearmonth field publishes a year and a month"), "\(refused.stderr)")
        try sandbox.write("Pipelines/usage.yml", try sandbox.text("Pipelines/usage.yml").replacingOccurrences(of: "type: yearmonth, format: \"%Y\"", with: "type: date, format: \"%m/%Y\""))
        let warned = try sandbox.kiosque("check")
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("warning: format '%m/%Y' reads no day, so every date is published as the first of its month; for monthly figures, type: yearmonth publishes 2024-03"), "\(warned.stderr)")
        // Another tool's word for it.
        try sandbox.write("Pipelines/usage.yml", try sandbox.text("Pipelines/usage.yml").replacingOccurrences(of: "type: date, format: \"%m/%Y\"", with: "type: mois"))
        #expect(try sandbox.kiosque("check").stderr.contains("unknown type 'mois' (did you mean 'yearmonth'?)"))
    }

    @Test("a month of birth generalised to its year; generalise: month on a month is refused")
    func generalised() throws {
        let sandbox = try Self.sandbox("  - {name: mois, type: yearmonth, format: \"%m/%Y\", anonymise: {generalise: year}}", "mois;demandes\n03/2024;1\n11/2023;2\n")
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.text("Output/datasets/usage/usage.csv") == "mois,demandes\n2024,1\n2023,2\n")
        try sandbox.write("Pipelines/usage.yml", try sandbox.text("Pipelines/usage.yml").replacingOccurrences(of: "generalise: year", with: "generalise: month"))
        #expect(try sandbox.kiosque("check").stderr.contains("generalise: month changes nothing of a yearmonth field ('mois'), which is a month already; use generalise: year"))
    }

    @Test("a month of birth looks personal: check warns without an operator, describe publishes its year")
    func monthOfBirth() throws {
        let sandbox = try Self.sandbox("  - {name: mois_de_naissance, type: yearmonth, format: \"%m/%Y\"}", "mois_de_naissance;demandes\n03/1990;1\n04/1985;2\n11/2001;3\n")
        #expect(try sandbox.kiosque("check").stderr.contains("warning: field 'mois_de_naissance' looks personal (its name says 'mois de naissance')"))
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/usage.csv")
        #expect(draft.stdout.contains("  # looks personal: its name says 'mois de naissance'; published as the year only\n  - name: mois_de_naissance\n    from: \"mois_de_naissance\"\n    type: yearmonth\n    format: \"%m/%Y\"\n    required: true\n    anonymise: {generalise: year}\n"), "\(draft.stdout)")
    }

    @Test("dates that are all the first of their month, as workbooks export monthly figures, are drafted as months; other dates stay dates")
    func firstOfMonth() throws {
        let six = "mois;demandes\n2024-01-01;1\n2024-02-01;2\n2024-03-01;3\n2024-03-01;4\n2024-04-01;5\n2024-05-01;6\n"
        let sandbox = try Self.sandbox("  - {name: mois, type: yearmonth}", six)
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/usage.csv")
        #expect(draft.stdout.contains("  # published as months (2025-03): every date sampled (6) is the first of its month, as monthly figures are exported; set type: date to keep them as dates\n  - name: mois\n    from: \"mois\"\n    type: yearmonth\n    format: \"%Y-%m-%d\"\n"), "\(draft.stdout)")
        // Without a format, a month field reads such dates too.
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(try sandbox.text("Output/datasets/usage/usage.csv") == "mois,demandes\n2024-01,1\n2024-02,2\n2024-03,3\n2024-03,4\n2024-04,5\n2024-05,6\n")
        // One day that is not the first, only two months, or fewer than six dates: dates.
        for csv in [six.replacingOccurrences(of: "2024-05-01", with: "2024-05-02"), six.replacingOccurrences(of: "2024-0[345]", with: "2024-02", options: .regularExpression),
                    "mois;demandes\n2024-01-01;1\n2024-02-01;2\n2024-03-01;3\n"] {
            try sandbox.write("Pipelines/sources/usage.csv", csv)
            let other = try sandbox.kiosque("describe", "Pipelines/sources/usage.csv")
            #expect(other.stdout.contains("  - name: mois\n    from: \"mois\"\n    type: date\n"), "\(other.stdout)")
        }
    }

    @Test("describe drafts a column of months as yearmonth, and check tells a date field of months to become one")
    func drafted() throws {
        let sandbox = try Self.sandbox("  - {name: mois, type: date}", "mois;demandes\n03/2024;1\n04/2024;2\n05/2024;3\n")
        let draft = try sandbox.kiosque("describe", "Pipelines/sources/usage.csv")
        #expect(draft.stdout.contains("  - name: mois\n    from: \"mois\"\n    type: yearmonth\n    format: \"%m/%Y\"\n"), "\(draft.stdout)")
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("field 'mois' is a date, but 3 of the 3 values in the first 3 rows do not read as one (without format:, a date is read as ISO 8601, such as 2025-11-21); they are months: set type: yearmonth and format: \"%m/%Y\" (published as 2025-11)"), "\(check.stderr)")
    }
}
