import Foundation
import Testing
@testable import KiosqueCore

/// A column of people's names under a name that says nothing (`traite_par`): describe drafts it
/// dropped instead of listing the names in an `enum`, and check warns about it.
@Suite("People's names in values")
struct PersonNameTests {
    @Test("names are told from places, institutions and labels", arguments: [
        ("Awa Koné", true), ("KOUASSI Yao Serge", true), ("Jean-Baptiste Mensah", true), ("N’Guessan Affoué", true),
        ("Mohamed El Amrani", true), ("محمد علي", true), ("Marie Curie", true),
        ("Rue Victor Hugo", false), ("Lycée Marie Curie", false), ("Saint Louis", false), ("Abidjan", false),
        ("San-Pédro", false), ("Port Louis", false), ("Le Jean Bart", false), ("Ministère de la Justice", false), ("Grand Bassam", false), ("En ligne", false),
        ("Awa", false), ("Awa Koné 2", false), ("awa kone", false), ("A B C D E", false), ("مدرسة علي", false),
    ])
    func looksLikeName(value: String, expected: Bool) {
        #expect(PersonNames.looksLikeName(value) == expected, "\(value)")
    }

    static let source: String = {
        let names = ["Awa Koné", "Moussa Bamba", "Aya Kouassi", "KONAN Yao Serge", "Fatou Diallo"]
        let streets = ["Rue Victor Hugo", "Avenue Jean Jaurès", "Boulevard Latrille"]
        var lines = ["dossier;traite_par;guichet;statut"]
        for index in 0..<60 {
            lines.append("D\(String(format: "%03d", index));\(names[index % names.count]);\(streets[index % streets.count]);\(index % 3 == 0 ? "clos" : "ouvert")")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("describe drafts a column of names dropped, without the names; a column of streets named after people keeps its enum")
    func describeDropsNames() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/dossiers.csv", Self.source)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/dossiers.csv", id: "dossiers")
        #expect(draft.contains("""
              # looks personal: 60 of the 60 values sampled look like people's names; dropped, never published
              - name: traite_par
                from: "traite_par"
                type: string
                required: true
                anonymise: drop
            """), "\(draft)")
        for name in ["Awa", "Moussa", "Kouassi", "KONAN", "Diallo"] { #expect(!draft.contains(name), "\(name) in the draft") }
        #expect(draft.contains("enum: [\"Avenue Jean Jaurès\", \"Boulevard Latrille\", \"Rue Victor Hugo\"]"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try !sandbox.text("Output/datasets/dossiers/dossiers.csv").contains("Koné"))
    }

    /// check samples local files only: a remote export is looked at by the run that reads it.
    @Test("run warns about published columns whose first rows hold names, e-mail addresses or phone numbers, from a remote source too")
    func runWarns() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        var lines = ["dossier;traite_par;ecrire_a;statut"]
        for index in 0..<30 { lines.append("D\(index);Awa Koné;agent\(index)@courriel.example;\(index % 2 == 0 ? "clos" : "ouvert")") }
        try sandbox.write("served/dossiers.csv", lines.joined(separator: "\n") + "\n")
        let server = try HTTPTestServer(serving: sandbox.root.appendingPathComponent("served"))
        try sandbox.write("Pipelines/dossiers.yml", """
            id: dossiers
            title: Dossiers
            source: {url: "\(server.url("/files/dossiers.csv"))", delimiter: ";"}
            fields:
              - {name: dossier}
              - {name: traite_par}
              - {name: ecrire_a}
              - {name: statut}

            """)
        #expect(try sandbox.kiosque("check").stderr.isEmpty)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("kiosque: warning: dossiers: field 'traite_par' has values that look like people's names (30 of the first 30 rows) but no anonymise operator"), "\(run.stderr)")
        #expect(run.stderr.contains("kiosque: warning: dossiers: field 'ecrire_a' has values that look like e-mail addresses (30 of the first 30 rows)"), "\(run.stderr)")
        #expect(!run.stderr.contains("statut") && !run.stderr.contains("Awa") && !run.stderr.contains("courriel"), "\(run.stderr)")
        #expect(try !sandbox.text("Output/datasets/dossiers/2026-11-21/report.json").contains("look like"))
        withExtendedLifetime(server) {}
    }

    @Test("check warns about a column of names with no operator, without showing them")
    func checkWarns() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/dossiers.csv", Self.source)
        try sandbox.write("Pipelines/dossiers.yml", """
            id: dossiers
            title: Dossiers
            source: {url: sources/dossiers.csv, delimiter: ";"}
            fields:
              - {name: dossier}
              - {name: traite_par}
              - {name: guichet}
              - {name: statut}

            """)
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0)
        #expect(check.stderr.contains("Pipelines/dossiers.yml:6:12: warning: field 'traite_par' has values that look like people's names (60 of the first 60 rows) but no anonymise operator"), "\(check.stderr)")
        #expect(!check.stderr.contains("guichet") && !check.stderr.contains("Awa"), "\(check.stderr)")
    }
}
