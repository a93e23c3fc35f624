import Foundation
import Testing
@testable import KiosqueCore

/// Columns of phone numbers, told apart from SIREN numbers (nine digits with a Luhn check digit,
/// as Senegal and Cameroon write phone numbers), and found when written as whole numbers.
@Suite("Phone columns")
struct PhoneColumnTests {
    /// `count` SIREN numbers: eight digits from a fixed sequence, completed with their check digit.
    static func sirens(_ count: Int) -> [String] {
        (0..<count).map { index in
            let stem = String(20_000_000 + index * 7_654_321 % 79_999_999)
            let check = (0...9).first { CompanyNumbers.isSIREN(stem + String($0)) }!
            return stem + String(check)
        }
    }

    @Test("a SIREN's check digit")
    func checkDigit() {
        // Published SIRENs: Google France, Renault, La Poste (whose digits also add up), INSEE.
        for siren in ["443061841", "552100554", "356000000", "130005481", "443 061 841"] {
            #expect(CompanyNumbers.isSIREN(siren), "\(siren)")
        }
        for other in ["443061842", "771234567", "44306184", "4430618410", "44306184a", "", "+221771234567"] {
            #expect(!CompanyNumbers.isSIREN(other), "\(other)")
        }
        #expect(CompanyNumbers.isSIRENColumn(sirens: 20, values: 20) && CompanyNumbers.isSIRENColumn(sirens: 19, values: 20))
        #expect(!CompanyNumbers.isSIRENColumn(sirens: 18, values: 20) && !CompanyNumbers.isSIRENColumn(sirens: 4, values: 4))
    }

    @Test("describe and check leave a column of SIREN numbers as it is, and still flag nine-digit phone numbers")
    func sirenColumn() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let sirens = Self.sirens(40)
        // Senegalese mobile numbers as written (`77 123 45 67`): nine digits from 77, 78, 76 or 70,
        // and not all of them pass the check (about one in ten would).
        let prefixes = ["77", "78", "76", "70"]
        let phones: [String] = (0..<40).map { index in
            let digits = Array(String(1_234_567 + index * 104_729 % 8_000_000))
            return prefixes[index % 4] + " " + String(digits[0..<3]) + " " + String(digits[3..<5]) + " " + String(digits[5..<7])
        }
        #expect(phones.filter(CompanyNumbers.isSIREN).count < 10)
        let rows = (0..<40).map { index in "\(sirens[index]);Entreprise \(index);\(phones[index])\n" }.joined()
        try sandbox.write("Pipelines/sources/entreprises.csv", "siren;raison_sociale;ligne\n" + rows)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/entreprises.csv", id: "entreprises")
        // A redact would have published `[phone]` for every company.
        #expect(!draft.contains("anonymise: {redact"), "\(draft)")
        #expect(draft.contains("  - name: siren\n    from: \"siren\"\n    type: string\n    required: true\n"), "\(draft)")
        #expect(draft.contains("  # looks personal: its values are phone numbers; masked\n  - name: ligne\n"), "\(draft)")
        #expect(draft.contains("primary_key: [siren]"), "\(draft)")

        // check: the SIREN column without an operator gets no warning; the phone column does.
        try sandbox.write("Pipelines/entreprises.yml", """
            id: entreprises
            title: Entreprises
            source: {url: sources/entreprises.csv}
            fields:
              - {name: siren, type: string}
              - {name: raison_sociale, type: string}
              - {name: ligne, type: string}

            """)
        let check = try sandbox.kiosque("check")
        #expect(!check.stderr.contains("field 'siren'"), "\(check.stderr)")
        #expect(check.stderr.contains("field 'ligne' has values that look like phone numbers (40 of the first 40 rows)"), "\(check.stderr)")
        // The published SIRENs are the source's.
        try sandbox.write("Pipelines/entreprises.yml", try sandbox.text("Pipelines/entreprises.yml")
            .replacingOccurrences(of: "{name: ligne, type: string}", with: "{name: ligne, type: string, anonymise: drop}"))
        #expect(try sandbox.kiosque("run").status == 0)
        let published = try sandbox.text("Output/datasets/entreprises/entreprises.csv")
        #expect(published.split(separator: "\n").dropFirst().map { String($0.prefix(9)) } == sirens)
    }

    @Test("phone numbers written as whole numbers are found, read as text and masked; amounts and numbers that count up are not")
    func wholeNumbers() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        // Deterministic spreads: Senegalese mobiles (9 digits from 77 or 78), amounts of 7 to 9
        // digits, case numbers that count up from 202400001 (9 digits, like a phone number each).
        let rows = (0..<40).map { index -> String in
            let phone = (index % 2 == 0 ? "77" : "78") + String(1_000_000 + index * 224_737 % 9_000_000)
            let other = "76" + String(1_000_000 + index * 611_953 % 9_000_000)
            let amount = String([1_250_000, 48_300_000, 912_000_000][index % 3] + index * 7_919)
            return "\(202_400_001 + index);\(phone);\(other);\(amount)\n"
        }.joined()
        try sandbox.write("Pipelines/sources/contacts.csv", "dossier;numero;telephone;montant_fcfa\n" + rows)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/contacts.csv", id: "contacts")
        #expect(draft.contains("""
              # looks personal: its values are phone numbers written without spaces, all of one length; read as text and masked
              - name: numero
                from: "numero"
                type: string
                required: true
                anonymise: {mask: {keep_first: 2, keep_last: 2}}

            """), "\(draft)")
        // Named as a phone: read as text and masked, where it was dropped as an integer.
        #expect(draft.contains("""
              # looks personal: its name says 'telephone'; read as text and masked
              - name: telephone
                from: "telephone"
                type: string
                required: true
                anonymise: {mask: {keep_first: 2, keep_last: 2}}

            """), "\(draft)")
        #expect(draft.contains("  - name: dossier\n    from: \"dossier\"\n    type: integer\n    required: true\n"), "\(draft)")
        #expect(draft.contains("  - name: montant_fcfa\n    from: \"montant_fcfa\"\n    type: integer\n    required: true\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let published = try sandbox.text("Output/datasets/contacts/contacts.csv")
        #expect(published.contains("\n202400001,77*****"), "\(published)")
        #expect(!published.contains(",771000000,"))

        // check samples whole-number fields too.
        try sandbox.write("Pipelines/contacts.yml", """
            id: contacts
            title: Contacts
            source: {url: sources/contacts.csv}
            fields:
              - {name: dossier, type: integer}
              - {name: numero, type: integer}
              - {name: montant_fcfa, type: integer}

            """)
        let check = try sandbox.kiosque("check")
        #expect(check.stderr.contains("field 'numero' has values that look like phone numbers written without spaces (40 of the first 40 rows, all of one length) but no anonymise operator"), "\(check.stderr)")
        #expect(check.stderr.contains("to mask them, read them as text (type: string)"))
        #expect(!check.stderr.contains("field 'dossier'") && !check.stderr.contains("field 'montant_fcfa'"), "\(check.stderr)")
    }
}
