import Foundation
import Testing
@testable import KiosqueCore

/// Fields that read inside a JSON record: `from:` as a JSON pointer from the record.
@Suite("JSON pointers into records")
struct NestedKeyTests {
    static let records = """
        [
          {"id": "D-1", "demandeur": {"nom": "Kouassi", "commune": {"code": "01", "nom": "Bouak\\u00e9"}}, "pieces": ["cni", "photo"], "a/b": {"~x": 1}},
          {"demandeur": {"commune": {"nom": "Abidjan", "code": "02"}, "nom": "Diallo", "commune": {"code": "03"}}, "id": "D-2", "pieces": []},
          {"id": "D-3", "demandeur": null, "pieces": "aucune"},
          {"id": "D-4", "demandeur": "anonyme", "pieces": [{"type": "cni"}, 4.50]},
          {"id": "D-5", "demandeur": {"commune": [1, 2], "nom": ""}}
        ]
        """

    @Test("a pointer reads a nested key, an array item, an escaped key; a missing or non-object parent is null", arguments: [1, 7, 1 << 20])
    func nested(chunk: Int) throws {
        let columns = ["id", "/demandeur/commune/code", "/demandeur/commune/nom", "/pieces/0", "/a~1b/~0x", "/pieces/1"]
        let rows = try Decoding.json(Self.records, columns: columns, chunk: chunk)
        #expect(rows == [
            ["D-1", "01", "Bouaké", "cni", "1", "photo"],
            // A key written twice in one object: the last one counts, as for top-level keys.
            ["D-2", "03", nil, nil, nil, nil],
            ["D-3", nil, nil, nil, nil, nil],
            ["D-4", nil, nil, "{\"type\":\"cni\"}", nil, "4.50"],
            ["D-5", nil, nil, nil, nil, nil],
        ])
    }

    @Test("a key read whole and inside, and one place read by two columns", arguments: [1, 1 << 20])
    func wholeAndInside(chunk: Int) throws {
        let rows = try Decoding.json(Self.records, columns: ["/demandeur/commune", "/demandeur/commune/code", "demandeur", "/id", "id"], chunk: chunk)
        #expect(rows.map { $0 } == [
            ["{\"code\":\"01\",\"nom\":\"Bouaké\"}", "01", "{\"nom\":\"Kouassi\",\"commune\":{\"code\":\"01\",\"nom\":\"Bouaké\"}}", "D-1", "D-1"],
            ["{\"code\":\"03\"}", "03", "{\"commune\":{\"nom\":\"Abidjan\",\"code\":\"02\"},\"nom\":\"Diallo\",\"commune\":{\"code\":\"03\"}}", "D-2", "D-2"],
            [nil, nil, nil, "D-3", "D-3"],
            [nil, nil, "anonyme", "D-4", "D-4"],
            ["[1,2]", nil, "{\"commune\":[1,2],\"nom\":\"\"}", "D-5", "D-5"],
        ])
    }

    @Test("a nested number stays a JSON number: typed, whatever the recipe's separators")
    func nestedNumbers() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/paiements.ndjson", """
            {"id": 1, "montant": {"valeur": 2.500, "texte": "1.000,50"}}
            {"id": 2, "montant": {"valeur": 12, "texte": "3,5"}}

            """)
        try sandbox.write("Pipelines/paiements.yml", """
            id: paiements
            title: Paiements
            source: {url: sources/paiements.ndjson, decimal: ",", thousands: "."}
            fields:
              - {name: id, type: integer}
              - {name: valeur, from: /montant/valeur, type: number}
              - {name: texte, from: /montant/texte, type: number}
            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/paiements/paiements.csv") == "id,valeur,texte\n1,2.500,1000.50\n2,12,3.5\n")
    }

    @Test("a misspelt pointer is named with the pointer it most likely meant, at the level where it goes wrong")
    func misspeltPointer() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes.json", Self.records)
        try sandbox.write("Pipelines/demandes.yml", """
            id: demandes
            title: Demandes
            source: {url: sources/demandes.json}
            fields:
              - {name: id, required: true}
              - {name: code, from: /demandeur/comune/code}
              - {name: commune, from: /demandeur/commune/nomm}
              - {name: piece, from: /piece/0}
            """)
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("field 'code' reads key '/demandeur/comune/code', which no record of the source has (did you mean '/demandeur/commune/code'?)"), "\(run.stdout)")
        #expect(run.stdout.contains("field 'commune' reads key '/demandeur/commune/nomm', which no record of the source has (did you mean '/demandeur/commune/nom'?)"), "\(run.stdout)")
        #expect(run.stdout.contains("field 'piece' reads key '/piece/0', which no record of the source has (did you mean '/pieces/0'?)"), "\(run.stdout)")
    }

    @Test("a name dropped from inside an object is nowhere, and the rest of the object is published")
    func droppedInside() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/demandes.json", #"{"data": \#(Self.records)}"#)
        try sandbox.write("Pipelines/demandes.yml", """
            id: demandes
            title: Demandes
            source: {url: sources/demandes.json, records: /data}
            fields:
              - {name: id, required: true}
              - {name: nom, from: /demandeur/nom, anonymise: drop}
              - {name: commune, from: /demandeur/commune/nom}
              - {name: ville, from: /demandeur/adresse/ville}
            primary_key: [id]
            """)
        let run = try sandbox.kiosque("run", "--log-format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/demandes/demandes.csv") == "id,commune,ville\nD-1,Bouaké,\nD-2,,\nD-3,,\nD-4,,\nD-5,,\n")
        // A pointer that no record has is named, as a misspelt key is.
        #expect(run.stdout.contains("reads key '/demandeur/adresse/ville', which no record of the source has"), "\(run.stdout)")
        var texts = [run.stdout, run.stderr]
        for folder in ["Output", "Catalog"] {
            for path in sandbox.files(under: folder) { texts.append(String(decoding: try sandbox.read("\(folder)/\(path)"), as: UTF8.self)) }
        }
        #expect(texts.count > 10)
        for text in texts {
            #expect(!text.contains("Kouassi") && !text.contains("Diallo"), "a dropped name was written")
        }
    }
}

@Suite("Drafts of nested JSON records")
struct NestedDraftTests {
    @Test("describe gives an object's keys fields of their own, by pointer, in the source's order; a name inside is dropped, a commune's name is not", arguments: ["json", "ndjson"])
    func nestedDraft(format: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let people = ["Kouassi", "Diallo", "Traoré"]
        let objects = (0..<30).map { index in
            // "etat" is an object in some records and text in others: one column of text, not split.
            let etat = index % 3 == 0 ? #""clos""# : #"{"code":\#(index % 4),"depuis":"2025-01-0\#(index % 9 + 1)"}"#
            return #"{"id":"D-\#(index)","demandeur":{"nom":"\#(people[index % 3])","commune":{"code":"0\#(index % 5)","nom":"Bouaké"},"email":"p\#(index)@mail.example"},"montant":{"valeur":\#(1000 + index).5,"devise":"XOF","taux/an":3},"etat":\#(etat),"pieces":["cni"],"vide":{}}"#
        }
        let text = format == "ndjson" ? objects.joined(separator: "\n") + "\n" : #"{"data":["# + objects.joined(separator: ",\n") + "]}"
        try sandbox.write("Pipelines/sources/demandes.\(format)", text)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/demandes.\(format)", id: "demandes")
        let fields = draft.split(separator: "\n").filter { $0.hasPrefix("  - name: ") }.map { $0.dropFirst(10) }
        #expect(fields == ["id", "demandeur_nom", "demandeur_commune_code", "demandeur_commune_nom", "demandeur_email",
                           "montant_valeur", "montant_devise", "montant_taux_an", "etat", "pieces", "vide"], "\(draft)")
        #expect(draft.contains("  - name: montant_taux_an\n    from: \"/montant/taux~1an\"\n    type: integer"), "\(draft)")
        #expect(draft.contains("  - name: demandeur_nom\n    from: \"/demandeur/nom\"\n    type: string\n    required: true\n    anonymise: drop"), "\(draft)")
        #expect(draft.contains("  - name: demandeur_email\n    from: \"/demandeur/email\"\n    type: string\n    required: true\n    anonymise: drop"), "\(draft)")
        #expect(draft.contains("  - name: demandeur_commune_nom\n    from: \"/demandeur/commune/nom\"\n    type: string\n    required: true\n    enum"), "\(draft)")
        #expect(draft.contains("  - name: montant_valeur\n    from: \"/montant/valeur\"\n    type: number"), "\(draft)")
        let check = try sandbox.kiosque("check")
        #expect(check.status == 0 && check.stdout.contains("0 errors, 0 warnings"), "\(check.stdout)\(check.stderr)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try sandbox.text("Output/datasets/demandes/demandes.csv")
        #expect(csv.hasPrefix("id,demandeur_commune_code,demandeur_commune_nom,montant_valeur,montant_devise,montant_taux_an,etat,pieces,vide\nD-0,00,Bouaké,1000.5,XOF,3,clos,\"[\"\"cni\"\"]\",{}\nD-1,01,Bouaké,1001.5,XOF,3,\"{\"\"code\"\":1,\"\"depuis\"\":\"\"2025-01-02\"\"}\","), "\(csv)")
        for name in people + ["@mail.example"] { #expect(!csv.contains(name)) }
    }

    @Test("a name word after the thing it names is a thing's name: commune/nom; before a person's role it is a person's")
    func thingsNames() {
        #expect(PersonalDataHints.personalWord(in: "demandeur_commune_nom") == nil)
        #expect(PersonalDataHints.personalWord(in: "/etablissement/name") == nil)
        #expect(PersonalDataHints.personalWord(in: "demandeur_nom") == "nom")
        #expect(PersonalDataHints.personalWord(in: "/agent/nom") == "nom")
        #expect(PersonalDataHints.personalWord(in: "Nom de la commune") == nil)
        #expect(PersonalDataHints.personalWord(in: "Commune, nom de l'agent") == "nom")
        #expect(PersonalDataHints.personalWord(in: "ville_nom_du_maire") == "nom")
    }
}
