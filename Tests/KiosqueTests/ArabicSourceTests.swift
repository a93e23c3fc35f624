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

    @Test("Arabic-Indic and Extended Arabic-Indic numerals, with the Arabic decimal and thousands separators and percent sign, are read and published in ASCII; نعم and لا are booleans")
    func arabicNumerals() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let rows = """
            الرمز;عدد;النسبة;المبلغ;التاريخ;السنة;متوفر
            ١;١٢٠;١٢٫٥٪;١٬٢٣٤٫٥٠;١٥/٠١/٢٠٢٤;٢٠٢٤;نعم
            ٢;۳۴۰;٧٫٢٥٪;٢٣٬٥٠٠;٠٣/٠٢/٢٠٢٤;٢٠٢٣;لا
            ٣;95;10,5 %;99,99;28/12/2023;2022;oui

            """
        try sandbox.write("Pipelines/sources/chiffres.csv", rows)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/chiffres.csv", id: "chiffres")
        try sandbox.write("Pipelines/sources/chiffres.csv", rows + "٤;١٢أ;١٠٪;٩٩;٣٢/٠١/٢٠٢٤;٢٠٢;نعم\n")
        for (column, type) in [(2, "integer"), (3, "number\n    bare_number: false   # written with \"%\""), (4, "number"), (5, "date\n    format: \"%d/%m/%Y\""), (7, "boolean")] {
            #expect(draft.contains("  - name: colonne_\(column)\n    from: \"\(["", "", "عدد", "النسبة", "المبلغ", "التاريخ", "السنة", "متوفر"][column])\"\n    type: \(type)"), "\(column): \(draft)")
        }
        try sandbox.write("Pipelines/chiffres.yml", """
            id: chiffres
            title: Chiffres
            source: {url: sources/chiffres.csv, delimiter: ";", decimal: ","}
            fields:
              - {name: id, column: 1, type: integer}
              - {name: nombre, column: 2, type: integer, minimum: 100}
              - {name: taux, column: 3, type: number, bare_number: false}
              - {name: montant, column: 4, type: number}
              - {name: jour, column: 5, type: date, format: "%d/%m/%Y"}
              - {name: annee, column: 6, type: year}
              - {name: disponible, column: 7, type: boolean}
            validation: {max_invalid: 50%}
            publish: {formats: [csv, json]}

            """)
        let run = try sandbox.kiosque("run", "chiffres")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/chiffres/chiffres.csv") == """
            id,nombre,taux,montant,jour,annee,disponible
            1,120,12.5,1234.50,2024-01-15,2024,true
            2,340,7.25,23500,2024-02-03,2023,false

            """)
        #expect(try sandbox.text("Output/datasets/chiffres/chiffres.json").contains(#"{"id":2,"nombre":340,"taux":7.25,"montant":23500,"jour":"2024-02-03","annee":2023,"disponible":false}"#))
        // The third row's 95 is under the minimum; the fourth's letter, day 32 and three-digit year
        // are refused as before, with their fields named.
        let report = try sandbox.text("Output/datasets/chiffres/2026-11-21/report.json")
        for expected in [#""field" : "nombre","#, #""rule" : "minimum""#, #""field" : "jour","#, #""field" : "annee","#] {
            #expect(report.contains(expected), "\(report)")
        }
    }

    @Test("phone numbers written in Arabic-script digits are redacted, and check and describe see them")
    func arabicPhoneNumbers() throws {
        #expect(Redactor.isPhoneNumber("٠٦١٢٣٤٥٦٧٨") && Redactor.isPhoneNumber("۰۶ ۹۸ ۷۶ ۵۴ ۳۲"))
        #expect(!Redactor.isPhoneNumber("١٢٣٫٥٠"))
        let redactor = try Redactor(kinds: ["phone"], patterns: [])
        let out = ByteBuffer()
        Array("اتصل على ٠٦١٢٣٤٥٦٧٨ أو ۰۶۹۸۷۶۵۴۳۲ أو 0612345678، المبلغ ١٢٣٫٥٠".utf8).withUnsafeBufferPointer { redactor.redact($0, into: out) }
        #expect(String(decoding: out.elements, as: UTF8.self) == "اتصل على [phone] أو [phone] أو [phone]، المبلغ ١٢٣٫٥٠")
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/contacts.csv", "id;x\n1;٠٦١٢٣٤٥٦٧٨\n2;٠٦٩٨٧٦٥٤٣٢\n3;٠٧١١٢٢٣٣٤٤\n")
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/contacts.csv", id: "contacts")
        #expect(draft.contains("  # looks personal: its values are phone numbers; masked\n  - name: x\n"), "\(draft)")
        try sandbox.write("Pipelines/contacts.yml", "id: contacts\ntitle: Contacts\nsource: {url: sources/contacts.csv, delimiter: \";\"}\nfields:\n  - {name: id}\n  - {name: x}\n")
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("field 'x' has values that look like phone numbers (3 of the first 3 rows) but no anonymise operator"), "\(check.stderr)")
        #expect(!check.stderr.contains("٠٦١٢"))
    }

    @Test("Arabic-script numerals in ASCII: digits, separators, percent; other text as it is")
    func numeralsInASCII() {
        func western(_ text: String, decimal: Character) -> String {
            let out = ByteBuffer()
            Array(text.utf8).withUnsafeBufferPointer { ArabicNumerals.western($0, decimal: decimal.asciiValue!, into: out) }
            return String(decoding: out.elements, as: UTF8.self)
        }
        #expect(western("٠١٢٣٤٥٦٧٨٩", decimal: ",") == "0123456789")
        #expect(western("۰۱۲۳۴۵۶۷۸۹", decimal: ",") == "0123456789")
        #expect(western("١٬٢٣٤٫٥ ٪", decimal: ".") == "1234.5 %")
        #expect(western("ص ٣", decimal: ",") == "ص 3")
        #expect(ArabicNumerals.inASCII("١٬٢٣٤٫٥٪ ص") == "1,234.5% ص")
        #expect(ArabicNumerals.inASCII("abc") == "abc")
        for text in ["١", "۹", "٫", "x٬"] { #expect(Array(text.utf8).withUnsafeBufferPointer { ArabicNumerals.occur(in: $0) }) }
        for text in ["", "12", "ص", "صباح", "é"] { #expect(!Array(text.utf8).withUnsafeBufferPointer { ArabicNumerals.occur(in: $0) }) }
    }

    @Test("Arabic month names of every region read under %B, whatever the form of alef; a longer word is no month", arguments: [
        ("15 يناير 2024", "2024-01-15"), ("3 شتنبر 2023", "2023-09-03"), ("1 تشرين الثاني 2022", "2022-11-01"),
        ("1 تشرين الأول 2022", "2022-10-01"), ("2 كانون الأول 2022", "2022-12-02"), ("2 كانون الثاني 2022", "2022-01-02"),
        ("28 أوت 2021", "2021-08-28"), ("28 اوت 2021", "2021-08-28"), ("7 فيفري 2020", "2020-02-07"), ("9 آذار 2019", "2019-03-09"),
        ("9 ماي 2019", "2019-05-09"), ("9 مايو 2019", "2019-05-09"), ("4 يوليوز 2018", "2018-07-04"), ("4 إبريل 2018", "2018-04-04"),
        ("4 أبريـل 2018", "2018-04-04"), ("5 آب 2017", "2017-08-05"),
        ("5 آبي 2017", nil), ("5 ابريلات 2017", nil), ("5 تشرين 2017", nil), ("5 يناير2017", nil),
    ] as [(String, String?)])
    func arabicMonths(value: String, expected: String?) throws {
        let format = try DateFormat("%d %B %Y")
        let parts = Array(value.utf8).withUnsafeBufferPointer { format.parse($0) }
        let out = ByteBuffer()
        parts?.writeDate(into: out)
        #expect(parts.map { _ in String(decoding: out.elements, as: UTF8.self) } == expected)
    }
}
