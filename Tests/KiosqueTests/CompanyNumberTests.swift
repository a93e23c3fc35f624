import Foundation
import Testing
@testable import KiosqueCore

/// SIREN numbers (nine digits with a Luhn check digit) are not taken for phone numbers, which
/// Senegal and Cameroon also write with nine digits.
@Suite("Company numbers")
struct CompanyNumberTests {
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
}
