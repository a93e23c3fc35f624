import Foundation
import Testing
@testable import KiosqueCore

/// Sources with Arabic headers, as Moroccan, Algerian, Tunisian or Mauritanian administrations
/// export them: describe names their columns and flags the personal ones, as it does in French.
@Suite struct ArabicSourceTests {
    @Test("Arabic column names that say a person's name, phone, birth date, e-mail or ID card look personal; names of places and counts do not", arguments: [
        ("الاسم", "الاسم"), ("الإسم الشخصي", "الاسم"), ("النسب", "النسب"), ("رقم الهاتف", "الهاتف"),
        ("تاريخ الازدياد", "تاريخ الازدياد"), ("تَارِيخ المِيلاد", "تاريخ الميلاد"), ("البريد الإلكتروني", "البريد الالكتروني"),
        ("رقم البطاقة الوطنية", "البطاقة الوطنية"), ("جواز السفر", "جواز"),
        ("اسم المدينة", nil), ("اسم الجماعة", nil), ("عدد الولادات", nil), ("التاريخ", nil), ("الرمز", nil),
    ] as [(String, String?)])
    func personalNames(label: String, expected: String?) {
        #expect(PersonalDataHints.personalWord(in: label) == expected)
    }

    @Test("describe names Arabic columns by their place, says so, drops the personal ones, and the draft runs")
    func arabicDraft() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/naissances-ar.csv", """
            الرمز;الاسم;اسم المدينة;عدد الولادات;Code 2
            1;أحمد;الرباط;120;A
            2;فاطمة;فاس;340;B
            3;يوسف;الرباط;95;C

            """)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/naissances-ar.csv", id: "naissances-ar")
        let note = "  # name: its header has no Latin letter to name it by; write a name (a-z, 0-9, _), such as one in French or English\n"
        #expect(draft.contains(note + "  - name: colonne_1\n    from: \"الرمز\"\n"), "\(draft)")
        #expect(draft.contains("  # looks personal: its name says 'الاسم'; dropped, never published\n" + note + "  - name: colonne_2\n"), "\(draft)")
        #expect(draft.contains(note + "  - name: colonne_3\n    from: \"اسم المدينة\"\n"), "\(draft)")
        #expect(draft.contains("  - name: code_2\n    from: \"Code 2\"\n"), "\(draft)")
        #expect(draft.components(separatedBy: note).count == 5, "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/naissances-ar/naissances-ar.csv") == "colonne_1,colonne_3,colonne_4,code_2\n1,الرباط,120,A\n2,فاس,340,B\n3,الرباط,95,C\n")
    }
}
