import Foundation
import Testing
@testable import KiosqueCore

/// `check` reads a local source's first rows through the recipe's casts and says which typed
/// fields would not read, with what would: before a run counts the rows invalid.
@Suite("check: values that do not read as their type")
struct TypeHintTests {
    static func check(_ csv: String, fields: String, source: String = "") throws -> ProcessResult {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/t.csv", csv)
        try sandbox.write("Pipelines/t.yml", "id: t\ntitle: T\nsource: {url: sources/t.csv\(source)}\nfields:\n\(fields)")
        return try sandbox.kiosque("check")
    }

    @Test("dates exported with a time of day: the format that reads them, or type: datetime")
    func dateWithTime() throws {
        let result = try Self.check("id;d\n1;2025-01-15 00:00:00\n2;2025-01-16 00:00:00\n",
                                    fields: "  - {name: id, type: integer}\n  - {name: d, type: date}\n")
        #expect(result.status == 0)
        #expect(result.stderr.contains("""
            Pipelines/t.yml:6:12: warning: field 'd' is a date, but 2 of the 2 values in the first 2 rows do not read as one \
            (without format:, a date is read as ISO 8601, such as 2025-11-21); they all read with format: "%Y-%m-%d %H:%M:%S" \
            (the time of day is then left out), or type: datetime; run counts their rows invalid
            """), "\(result.stderr)")
    }

    @Test("French numbers under the default separators: the separators that read them")
    func separators() throws {
        let result = try Self.check("id;montant\n1;1 234,50\n2;12,5\n",
                                    fields: "  - {name: id, type: integer}\n  - {name: montant, type: number}\n")
        #expect(result.stderr.contains("field 'montant' is a number, but 2 of the 2 values in the first 2 rows do not read as one (with decimal \".\", no thousands separator); set decimal: \",\" and thousands: \" \" under source:"), "\(result.stderr)")
        // Advice reads every value: one comma among points is a stray value, not the source's decimal mark.
        let stray = try Self.check("id;n\n1;12.5\n2;12,5\n3;13.5\n4;1.5\n", fields: "  - {name: id, type: integer}\n  - {name: n, type: number}\n")
        #expect(stray.stdout.contains("0 errors, 0 warnings"), "\(stray.stderr)")
        let half = try Self.check("id;n\n1;12.5\n2;12,5\n", fields: "  - {name: id, type: integer}\n  - {name: n, type: number}\n")
        #expect(half.stderr.contains("field 'n' is a number, but 1 of the 2 values in the first 2 rows do not read as one (with decimal \".\", no thousands separator); run counts"), "\(half.stderr)")
        // Declared, they read: nothing to say.
        let declared = try Self.check("id;montant\n1;1 234,50\n2;12,5\n", fields: "  - {name: id, type: integer}\n  - {name: montant, type: number}\n",
                                      source: ", decimal: \",\", thousands: \" \"")
        #expect(declared.stdout.contains("0 errors, 0 warnings"), "\(declared.stderr)")
    }

    @Test("a stray bad value is left to the run; a value is never shown, even of a field that is not personal")
    func strayAndPrivate() throws {
        let rows = (1...9).map { "\($0);\(100 + $0)" }.joined(separator: "\n")
        let stray = try Self.check("id;n\n\(rows)\n10;AB-4471\n", fields: "  - {name: id, type: integer}\n  - {name: n, type: integer}\n")
        #expect(stray.stdout.contains("0 errors, 0 warnings"), "\(stray.stderr)")
        let identifiers = try Self.check("id;nni\n1;CI0012345\n2;CI0067890\n",
                                         fields: "  - {name: id, type: integer}\n  - {name: nni, type: integer, anonymise: {pseudonymise: {key: \"${env:KEY}\"}}}\n")
        #expect(identifiers.stderr.contains("field 'nni' is an integer, but 2 of the 2 values"), "\(identifiers.stderr)")
        #expect(!identifiers.stderr.contains("CI00"))
    }

    @Test("a real budget: accounting zeros written `-` are placeholders to list in missing_values")
    func placeholders() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/budget.csv",
                          try Data(contentsOf: TestPaths.realSources.appendingPathComponent("montpellier_budget-primitif-2014_cp1252.csv")))
        func recipe(_ extra: String) -> String {
            "id: budget\ntitle: Budget\nsource: {url: sources/budget.csv, delimiter: \";\", decimal: \",\", thousands: \" \"\(extra)}\nfields:\n  - {name: nature, from: Nature}\n  - {name: bp, from: BP, type: number}\n"
        }
        try sandbox.write("Pipelines/budget.yml", recipe(""))
        let result = try sandbox.kiosque("check")
        #expect(result.stderr.contains("field 'bp' is a number, but 68 of the 500 values in the first 500 rows do not read as one (with decimal \",\", thousands \" \"); 68 are \"-\", which exports write for nothing: set missing_values: [\"\", \"-\"] under source: (published empty)"), "\(result.stderr)")
        // A cron job that never ran check gets the same advice in its run's notes and report.json.
        let failing = try sandbox.kiosque("run")
        let note = "note: field 'bp' is a number, but 68 of the 500 values in the first 500 rows do not read as one (with decimal \",\", thousands \" \"); 68 are \"-\", which exports write for nothing: set missing_values: [\"\", \"-\"] under source: (published empty)\n"
        #expect(failing.stdout.contains("budget: 1448 rows read, 1300 published, 148 invalid -> version 2026-11-21\n  " + note), "\(failing.stdout)")
        #expect(try sandbox.text("Output/datasets/budget/2026-11-21/report.json").contains("68 are \\\"-\\\", which exports write for nothing"))
        try sandbox.write("Pipelines/budget.yml", recipe(", missing_values: [\"\", \"-\"]"))
        #expect(try sandbox.kiosque("check").stdout.contains("0 errors, 0 warnings"))
        let run = try sandbox.kiosque("run")
        #expect(run.stdout == "budget: 1448 rows read, 1448 published -> version 2026-11-21.2\n", "\(run.stdout)\(run.stderr)")
    }

    @Test("in a boolean column an x is a ticked box, not a placeholder for nothing")
    func tickedBoxes() throws {
        let result = try Self.check("id;coche\n1;x\n2;\n3;x\n", fields: "  - {name: id, type: integer}\n  - {name: coche, type: boolean}\n")
        #expect(result.stderr.contains("field 'coche' is a boolean, but 2 of the 2 values in the first 3 rows do not read as one (such as true, false, oui, non, vrai, faux, 1, 0); run counts their rows invalid"), "\(result.stderr)")
        #expect(!result.stderr.contains("missing_values"))
    }
}
