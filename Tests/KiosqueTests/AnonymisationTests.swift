import Foundation
import Testing
@testable import KiosqueCore

/// Every operator on real-looking personal data, and the proof that no raw value escapes.
@Suite("Anonymisation", .serialized)
struct AnonymisationTests {
    static let key = "k3y-for-tests-0123456789abcdef-0123456789"
    static let otherKey = "another-key-for-tests-9876543210-fedcba"
    static let people = PersonalData.people(count: 240)

    static let recipe = """
        id: registre
        title: Registre de test
        source:
          url: sources/registre.csv
          decimal: ","
          thousands: " "
        fields:
          - {name: nni, from: NNI, pattern: "CI[0-9]{9}", required: true, unique: true, anonymise: {pseudonymise: {key: "${env:KIOSQUE_TEST_KEY}"}}}
          - {name: nom, from: Nom, anonymise: drop}
          - {name: prenom, from: Prénom, anonymise: drop}
          - {name: telephone, from: Téléphone, anonymise: {mask: {keep_first: 4, keep_last: 2}}}
          - {name: courriel, from: Courriel, anonymise: {pseudonymise: {key: "${env:KIOSQUE_TEST_KEY}", length: 20}}}
          - {name: naissance, from: Date de naissance, type: date, format: "%d/%m/%Y", anonymise: {generalise: month}}
          - {name: age, from: Âge, type: integer, anonymise: {generalise: {bands: [0, 18, 30, 60]}}}
          - {name: revenu, from: Revenu annuel, type: number, anonymise: {round: 1000}}
          - {name: departement, from: Code postal, anonymise: {generalise: {prefix: 2}}}
          - {name: commune, from: Commune}
          - {name: sexe, from: Sexe}
          - {name: commentaire, from: Commentaire, anonymise: {redact: {types: [email, phone, iban], patterns: ["dossier [a-z]+"]}}}
        privacy:
          k_anonymity: {k: 5, quasi_identifiers: [commune, sexe, age]}

        """

    /// A sandbox with the generated register; `broken` adds a row whose NNI breaks the pattern.
    static func setUp(broken: Bool = false) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        var csv = PersonalData.csv(people)
        if broken { csv += "CI-FAUX-42;Secret;Personne;07 00 00 00 01;secret.personne@courriel.example;01/01/1990;36;1 000,00;75001;Abidjan;F;RAS\r\n" }
        try sandbox.write("Pipelines/sources/registre.csv", csv)
        try sandbox.write("Pipelines/registre.yml", recipe)
        return sandbox
    }

    static func run(_ sandbox: Sandbox, _ arguments: [String], key: String? = key, epoch: String = "1795248000") throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["KIOSQUE_TEST_KEY"] = key
        environment["SOURCE_DATE_EPOCH"] = epoch
        return try ProcessResult.run(TestPaths.kiosque, arguments, in: sandbox.root, environment: environment)
    }

    static func rows(_ sandbox: Sandbox) throws -> [[String: String]] {
        let text = try sandbox.text("Output/datasets/registre/registre.csv")
        let (columns, rows) = try Decoding.csv(text)
        return rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
    }

    @Test("no raw value of a dropped, pseudonymised, masked or redacted field appears in any file or log")
    func noLeak() throws {
        let sandbox = try Self.setUp(broken: true)
        var logs: [String] = []
        for arguments in [["check"], ["run", "--dry-run", "--verbose"], ["run", "--verbose"], ["run", "--force", "--log-format", "json"], ["site"], ["verify"]] {
            let result = try Self.run(sandbox, arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            logs += [result.stdout, result.stderr]
        }
        var forbidden = Set<String>()
        for person in Self.people + [PersonalData.Person(nni: "CI-FAUX-42", nom: "Secret", prenom: "Personne", telephone: "07 00 00 00 01",
                                                         email: "secret.personne@courriel.example", dateNaissance: "01/01/1990", age: 36,
                                                         revenu: "", codePostal: "75001", commune: "", sexe: "", commentaire: "", secrets: [])] {
            forbidden.formUnion([person.nni, person.nom, person.prenom, person.telephone, person.email] + person.secrets)
            if !person.commentaire.isEmpty, person.commentaire != "RAS" { forbidden.insert(person.commentaire) }
            forbidden.insert(person.telephone.replacingOccurrences(of: " ", with: ""))
        }
        // Names shorter than five letters could occur inside other words (“Yao”, “Aya”); they are checked as JSON strings.
        let words = forbidden.filter { $0.count >= 5 }
        let quoted = forbidden.filter { $0.count < 5 }.map { "\"\($0)\"" }
        var texts = logs
        for folder in ["Output", "Catalog"] {
            for path in sandbox.files(under: folder) {
                var data = try sandbox.read("\(folder)/\(path)")
                if path.hasSuffix(".gz") {
                    data = Data(try ProcessResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -dc '\(folder)/\(path)'"], in: sandbox.root, environment: [:]).stdout.utf8)
                }
                texts.append(String(decoding: data, as: UTF8.self))
            }
        }
        #expect(texts.count > 10)
        for text in texts {
            for value in words where text.contains(value) { Issue.record("a raw personal value leaked: \(value.prefix(3))…") }
            for value in quoted where text.contains(value) { Issue.record("a raw personal value leaked: \(value)") }
        }
        // The row with a bad NNI is reported by row, field and rule, without its value.
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/registre/2026-11-21/report.json")) as! [String: Any]
        let errors = report["errors"] as! [[String: Any]]
        let bad = try #require(errors.first { $0["field"] as? String == "nni" })
        #expect(bad["rule"] as? String == "pattern")
        #expect(bad["row"] as? Int == 241)
        #expect(bad["value"] == nil)
    }

    @Test("an anonymised field's list of values, checked on the source, is published nowhere: not on its page, nor in the metadata")
    func anonymisedEnumNotShown() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/dossiers.csv", "code;agent;telephone;statut\nD1;Awa Koné;07 07 12 34 56;ouvert\nD2;Yao Kouassi;05 05 11 22 33;clos\n")
        try sandbox.write("Pipelines/dossiers.yml", """
            id: dossiers
            title: Dossiers
            source: {url: sources/dossiers.csv}
            fields:
              - {name: code, required: true}
              - {name: agent, required: true, enum: [Awa Koné, Yao Kouassi], anonymise: drop}
              - {name: telephone, enum: ["07 07 12 34 56", "05 05 11 22 33"], pattern: "0[0-9 ]+", anonymise: {mask: {keep_first: 2, keep_last: 2}}}
              - {name: statut, enum: [ouvert, clos]}

            """)
        #expect(try sandbox.kiosque("run").status == 0)
        let files = sandbox.files(under: "Output").filter { $0.hasSuffix(".html") || $0.hasSuffix(".json") || $0.hasSuffix(".jsonld") }
        #expect(files.contains("datasets/dossiers/index.html") && files.contains("datasets/dossiers/2026-11-21/datapackage.json"))
        for path in files {
            let text = try sandbox.text("Output/\(path)")
            for secret in ["Koné", "Kouassi", "12 34", "11 22"] where text.contains(secret) {
                Issue.record("\(path) holds \(secret.prefix(3))…")
            }
        }
        // A field published as it is keeps its list.
        let page = try sandbox.text("Output/datasets/dossiers/index.html")
        #expect(page.contains("∈\u{00A0}{ouvert, clos}"), "\(page)")
        // Presence carries over to the anonymised field.
        #expect(page.contains("<th scope=\"row\"><code>agent</code></th><td>—</td><td></td><td><bdi dir=\"auto\">obligatoire</bdi></td>"), "\(page)")
    }

    @Test("each operator publishes what it promises")
    func operators() throws {
        let sandbox = try Self.setUp()
        let result = try Self.run(sandbox, ["run"])
        #expect(result.status == 0, "\(result.stderr)")
        let header = try sandbox.text("Output/datasets/registre/registre.csv").prefix { $0 != "\n" }
        #expect(header == "nni,telephone,courriel,naissance,age,revenu,departement,commune,sexe,commentaire")
        let published = try Self.rows(sandbox)
        #expect(!published.isEmpty)
        let byPseudonym = Dictionary(published.map { ($0["nni"]!, $0) }, uniquingKeysWith: { first, _ in first })
        for person in Self.people {
            let pseudonym = Self.hmac(person.nni, Self.key, length: 16)
            guard let row = byPseudonym[pseudonym] else { continue }  // suppressed by k-anonymity
            #expect(row["courriel"] == Self.hmac(person.email, Self.key, length: 20))
            #expect(row["telephone"]!.hasPrefix(String(person.telephone.prefix(4))))
            #expect(row["telephone"]!.hasSuffix(String(person.telephone.suffix(2))))
            #expect(row["telephone"]!.count == person.telephone.count)
            let parts = person.dateNaissance.split(separator: "/")
            #expect(row["naissance"] == "\(parts[2])-\(parts[1])")
            let band = person.age < 18 ? "0-17" : person.age < 30 ? "18-29" : person.age < 60 ? "30-59" : "60+"
            #expect(row["age"] == band)
            let income = Double(person.revenu.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: "."))!
            #expect(row["revenu"] == String(Int((income / 1000).rounded() * 1000)))
            #expect(row["departement"] == String(person.codePostal.prefix(2)))
            for secret in person.secrets { #expect(!row["commentaire"]!.contains(secret)) }
            if person.commentaire.hasPrefix("Contacter") { #expect(row["commentaire"]!.hasPrefix("Contacter [email] ou au [phone]")) }
            if person.commentaire.hasPrefix("Virement") { #expect(row["commentaire"] == "Virement sur [iban]; [redacted]") }
            if person.commentaire.hasPrefix("Rappeler") { #expect(row["commentaire"] == "Rappeler le [phone] avant vendredi") }
        }
        let package = try sandbox.text("Output/datasets/registre/2026-11-21/datapackage.json")
        #expect(package.contains("\"type\" : \"yearmonth\"") || package.contains("\"type\":\"yearmonth\""))
    }

    @Test("cells published as they are keep their place, kind and nulls between dropped and rewritten ones")
    func copiedRuns() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/runs.csv", """
            a,nom,b,c,tel,d,e,f
            A1,Dupont,1,x,+225 07 12 34 56 78,2025-01-02,true,fin
            A2,Martin,,,+225 05 98 76 54 32,,false,
            A3,Koné,3,"z \"\"q\"\"",+33 6 12 34 56 78,2024-12-31,,"l1
            l2"

            """)
        try sandbox.write("Pipelines/runs.yml", """
            id: runs
            title: {fr: Essai, en: Test}
            source: {url: sources/runs.csv}
            fields:
              - {name: a}
              - {name: nom, anonymise: drop}
              - {name: b, type: integer}
              - {name: c}
              - {name: tel, anonymise: {mask: {keep_first: 4, keep_last: 2}}}
              - {name: d, type: date}
              - {name: e, type: boolean}
              - {name: f}
            publish: {formats: [csv, json]}

            """)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/runs/runs.csv") == """
            a,b,c,tel,d,e,f
            A1,1,x,+225 ** ** ** ** 78,2025-01-02,true,fin
            A2,,,+225 ** ** ** ** 32,,false,
            A3,3,"z \"\"q\"\"",+33 * ** ** ** 78,2024-12-31,,"l1
            l2"

            """)
        let rows = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/runs/runs.json")) as! [[String: Any]]
        #expect(rows.count == 3)
        #expect(rows[0]["b"] as? Int == 1 && rows[0]["e"] as? Bool == true && rows[0]["f"] as? String == "fin")
        #expect(rows[1]["b"] is NSNull && rows[1]["c"] is NSNull && rows[1]["d"] is NSNull && rows[1]["f"] is NSNull)
        #expect(rows[1]["e"] as? Bool == false && rows[1]["tel"] as? String == "+225 ** ** ** ** 32")
        #expect(rows[2]["c"] as? String == "z \"q\"" && rows[2]["e"] is NSNull && rows[2]["f"] as? String == "l1\nl2")
        #expect(rows[2]["nom"] == nil && rows[2]["a"] as? String == "A3")
    }

    /// HMAC-SHA256 hex, computed independently of the code under test.
    static func hmac(_ value: String, _ key: String, length: Int) -> String {
        let script = "import hmac,hashlib,sys; print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest()[:\(length)])"
        let result = try? ProcessResult.run(URL(fileURLWithPath: "/usr/bin/env"), [TestPaths.python ?? "python3", "-c", script, key, value],
                                            in: FileManager.default.temporaryDirectory, environment: ProcessInfo.processInfo.environment)
        return result?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    @Test("pseudonyms are stable across runs, all different under another key, and not a plain SHA-256")
    func pseudonyms() throws {
        let first = try Self.setUp(), second = try Self.setUp(), other = try Self.setUp()
        #expect(try Self.run(first, ["run"]).status == 0)
        #expect(try Self.run(second, ["run"], epoch: "1795334400").status == 0)
        #expect(try Self.run(other, ["run"], key: Self.otherKey).status == 0)
        let a = try Self.rows(first).map { $0["nni"]! }, b = try Self.rows(second).map { $0["nni"]! }, c = try Self.rows(other).map { $0["nni"]! }
        #expect(a == b)
        #expect(a.count == c.count)
        for (x, y) in zip(a, c) { #expect(x != y) }
        let plain = Set(Self.people.map { String(Hashing.sha256(Data($0.nni.utf8)).prefix(16)) })
        #expect(Set(a).isDisjoint(with: plain))
        #expect(Set(a).count == a.count)
    }

    @Test("the published CSV is k-anonymous when counted independently")
    func kAnonymity() throws {
        let sandbox = try Self.setUp()
        let result = try Self.run(sandbox, ["run"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.rows(sandbox)
        var groups: [String: Int] = [:]
        for row in rows { groups["\(row["commune"]!)|\(row["sexe"]!)|\(row["age"]!)", default: 0] += 1 }
        #expect(groups.values.allSatisfy { $0 >= 5 })
        let report = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/registre/2026-11-21/report.json")) as! [String: Any]
        let privacy = report["privacy"] as! [String: Any]
        let counts = report["rows"] as! [String: Any]
        #expect(privacy["suppressed_rows"] as? Int == Self.people.count - rows.count)
        #expect((privacy["suppressed_rows"] as? Int ?? 0) > 0)
        #expect(privacy["smallest_group"] as? Int == groups.values.min())
        #expect(privacy["achieved_k"] as? Int == groups.values.min())
        #expect(counts["suppressed"] as? Int == Self.people.count - rows.count)
        #expect(result.stdout.contains("suppressed for k-anonymity"))
        // The landing page tells reusers that rows were left out, and how many.
        let suppressed = Self.people.count - rows.count
        let page = try sandbox.text("Output/datasets/registre/index.en.html")
        #expect(page.contains("every published combination of commune, sexe, age is shared by at least 5 rows. \(suppressed) rows were left out of version 2026-11-21"), "\(page)")
        #expect(try sandbox.text("Output/datasets/registre/index.html").contains("\(suppressed) lignes ont été retirées de la version 2026-11-21"))
    }

    @Test("k-anonymity that would suppress every row fails the dataset and keeps what was published")
    func kAnonymityEverything() throws {
        let sandbox = try Self.setUp()
        #expect(try Self.run(sandbox, ["run"]).status == 0)
        let published = try sandbox.text("Output/datasets/registre/registre.csv")
        // The pseudonymised NNI is unique to each person: no group reaches k.
        try sandbox.write("Pipelines/registre.yml", Self.recipe.replacingOccurrences(of: "quasi_identifiers: [commune, sexe, age]",
                                                                                   with: "quasi_identifiers: [nni, commune]"))
        let result = try Self.run(sandbox, ["run", "--force"], epoch: "1795334400")
        #expect(result.status == 1)
        #expect(result.stderr.contains("k-anonymity suppressed all \(Self.people.count) valid rows, so nothing was published"), "\(result.stderr)")
        #expect(try sandbox.text("Output/datasets/registre/registre.csv") == published)
        #expect(!sandbox.exists("Output/datasets/registre/2026-11-22"))
    }

    @Test("a missing key stops the run before anything is fetched, naming the variable")
    func missingKey() throws {
        let sandbox = try Self.setUp()
        let result = try Self.run(sandbox, ["run"], key: nil)
        #expect(result.status == 2)
        #expect(result.stderr.contains("KIOSQUE_TEST_KEY is not set"), "\(result.stderr)")
        #expect(result.stderr.contains("Pipelines/registre.yml:8:81: error: field 'nni'"))
        #expect(!sandbox.exists("Output/datasets"))
        // check may run where the secrets are not (a recipes repository's CI): a warning there.
        let check = try Self.run(sandbox, ["check"], key: nil)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("Pipelines/registre.yml:8:81: warning: field 'nni': the pseudonymisation key variable KIOSQUE_TEST_KEY is not set here; kiosque run stops until"), "\(check.stderr)")
        // A key that is set but short is an error in check too.
        let short = try Self.run(sandbox, ["check"], key: "short-key-42")
        #expect(short.status == 2)
        #expect(short.stderr.contains("error: field 'nni': the pseudonymisation key in KIOSQUE_TEST_KEY is 12 bytes"), "\(short.stderr)")
        #expect(!short.stderr.contains("short-key-42"))
    }

    @Test("a key under 32 bytes is refused without being shown")
    func shortKey() throws {
        let sandbox = try Self.setUp()
        let result = try Self.run(sandbox, ["run"], key: "short-key-42")
        #expect(result.status == 2)
        #expect(result.stderr.contains("is 12 bytes; it must be at least 32 bytes"), "\(result.stderr)")
        #expect(!result.stderr.contains("short-key-42"))
        #expect(!sandbox.exists("Output/datasets"))
    }

    @Test("an operator that does not fit the field's type is a recipe error", arguments: [
        ("{name: commune, from: Commune, anonymise: {round: 10}}", "round applies to integer and number fields"),
        ("{name: commune, from: Commune, anonymise: {generalise: month}}", "generalise: month applies to date, datetime and yearmonth fields"),
        ("{name: commune, from: Commune, anonymise: {generalise: {bands: [0, 10]}}}", "bands apply to integer and number fields"),
        ("{name: commune, from: Commune, type: integer, anonymise: {mask: {keep_first: 1}}}", "mask applies to string fields"),
        ("{name: commune, from: Commune, personal: true}", "marked personal: true but has no anonymise operator"),
    ])
    func misfit(field: String, message: String) throws {
        let sandbox = try Self.setUp()
        try sandbox.write("Pipelines/registre.yml", Self.recipe.replacingOccurrences(of: "{name: commune, from: Commune}", with: field))
        let check = try Self.run(sandbox, ["check"])
        #expect(check.status == 2)
        #expect(check.stderr.contains(message), "\(check.stderr)")
        let run = try Self.run(sandbox, ["run"])
        #expect(run.status == 2)
        #expect(!sandbox.exists("Output/datasets"))
    }

    @Test("check warns about fields that look personal, by name and by sampled values")
    func hints() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/contacts.csv", "Code;Nom du responsable;Coordonnées;Ligne;Commune\n1;Awa Koné;awa.kone@courriel.example;07 12 34 56 78;Abidjan\n2;Moussa Bamba;m.bamba@courriel.example;+221 77 123 45 67;Dakar\n")
        try sandbox.write("Pipelines/contacts.yml", """
            id: contacts
            title: Contacts
            source: {url: sources/contacts.csv}
            fields:
              - {name: code, from: Code}
              - {name: responsable, from: Nom du responsable}
              - {name: coordonnees, from: Coordonnées}
              - {name: ligne, from: Ligne}
              - {name: commune, from: Commune}
              - {name: nom_commune, from: Commune, personal: false}

            """)
        let result = try sandbox.kiosque("check")
        #expect(result.status == 0)
        #expect(result.stdout == "1 recipe checked: 0 errors, 3 warnings\n")
        #expect(result.stderr.contains("Pipelines/contacts.yml:6:12: warning: field 'responsable' looks personal (its name says 'responsable')"), "\(result.stderr)")
        #expect(result.stderr.contains("field 'coordonnees' has values that look like e-mail addresses (2 of the first 2 rows)"))
        #expect(result.stderr.contains("field 'ligne' has values that look like phone numbers (2 of the first 2 rows)"))
        #expect(!result.stderr.contains("awa.kone"))
        #expect(!result.stderr.contains("nom_commune"))

        // run says what check says, of the names and of the values it reads: a recipe edited and
        // left to cron without a check must not publish a name column unsaid.
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Pipelines/contacts.yml:6:12: warning: field 'responsable' looks personal (its name says 'responsable')"), "\(run.stderr)")
        #expect(run.stderr.contains("warning: contacts: field 'coordonnees' has values that look like e-mail addresses (2 of the first 2 rows)"), "\(run.stderr)")
        #expect(run.stderr.contains("warning: contacts: field 'ligne' has values that look like phone numbers (2 of the first 2 rows)"), "\(run.stderr)")
        #expect(!run.stderr.contains("nom_commune") && !run.stderr.contains("Awa") && !run.stderr.contains("awa.kone"))
        let json = try sandbox.kiosque("run", "--log-format", "json")
        #expect(json.stdout.contains("\"event\":\"recipe-warning\"") && json.stdout.contains("field 'responsable' looks personal"), "\(json.stdout)")
    }

    @Test("check warns about a JSON object read whole when a key inside looks personal, and names the key, not its value")
    func objectHints() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/dossiers.json", """
            [{"id": 1, "usager": {"dossier": "A", "identite": {"prenom": "Awa", "age": 30}}, "lieu": {"commune": {"code": "01", "nom": "Bouaké"}}, "suivi": {"etape": 2, "mobile": true}},
             {"id": 2, "usager": {"dossier": "B", "identite": {"prenom": "Moussa", "age": 41}}, "lieu": {"commune": {"code": "02", "nom": "Abidjan"}}, "suivi": {"etape": 3}}]
            """)
        try sandbox.write("Pipelines/dossiers.yml", """
            id: dossiers
            title: Dossiers
            source: {url: sources/dossiers.json}
            fields:
              - {name: id, type: integer}
              - {name: usager}
              - {name: lieu}
              - {name: suivi}
              - {name: dossier, from: /usager/dossier}

            """)
        let result = try sandbox.kiosque("check")
        #expect(result.status == 0)
        #expect(result.stdout == "1 recipe checked: 0 errors, 1 warning\n", "\(result.stderr)")
        #expect(result.stderr.contains("field 'usager' reads JSON objects with a key that looks personal ('identite/prenom', in 2 of the first 2 rows) but no anonymise operator; publish only the keys you need, each with from: as a JSON pointer (from: /usager/<key>)"), "\(result.stderr)")
        #expect(!result.stderr.contains("Awa") && !result.stderr.contains("Moussa"))
    }

    @Test("a mask keeps its ends and separators; a value too short for anything between them is masked whole", arguments: [
        ("+225 07 12 34 56 78", 4, 2, "+225 ** ** ** ** 78"), ("0612345678", 4, 2, "0612****78"), ("Éléonore", 1, 1, "É******e"),
        ("Yao", 1, 1, "Y*o"), ("Al", 1, 1, "**"), ("É", 4, 2, "*"), ("Abc", 2, 2, "***"), ("07 12", 2, 2, "** **"),
        ("A-B", 1, 1, "*-*"), ("--", 1, 1, "--"), ("", 1, 1, ""), ("N'Guessan", 0, 0, "*********"),
    ] as [(String, Int, Int, String)])
    func masks(value: String, first: Int, last: Int, expected: String) {
        let out = ByteBuffer()
        Array(value.utf8).withUnsafeBufferPointer { CellOperation.mask($0, keepFirst: first, keepLast: last, character: Array("*".utf8), into: out) }
        #expect(String(decoding: out.elements, as: UTF8.self) == expected)
    }

    @Test("redaction leaves dates, amounts and codes alone", arguments: [
        "Rendez-vous le 2025-03-14 à 10 h", "Montant: 1 250 000 FCFA", "Dossier DEM-0042 du 14/03/2025",
        // `00` inside a number, or before too few digits, begins no international number.
        "Le dossier n° 2024-000123 du 12/03/2024", "Pièce 00123 reçue", "Lot 1200345 et 0012345",
        // Dates written with dots are dates.
        "Reçu le 25.03.2024 à 10.30", "Réf. 2024.03.12, le 1.4.2023", "Montant 250 000 000 FCFA, 1 250 000, 12 500,50",
    ])
    func noFalsePositives(text: String) throws {
        let redactor = try Redactor(kinds: ["phone", "email", "iban"], patterns: [])
        let out = ByteBuffer()
        Array(text.utf8).withUnsafeBufferPointer { redactor.redact($0, into: out) }
        #expect(String(decoding: out.elements, as: UTF8.self) == text)
    }

    @Test("redaction finds phone numbers in every national form", arguments: [
        "+225 07 07 12 34 56", "07 07 12 34 56", "0707123456", "+212 6 12 34 56 78", "06 12 34 56 78", "+216 20 123 456",
        "98 123 456", "+228 90 12 34 56", "90 12 34 56", "+221 77 123 45 67", "77 123 45 67", "33 821 23 45",
        "+33 6 12 34 56 78", "06.12.34.56.78", "00225 07 07 12 34 56", "(+226) 70 12 34 56", "0022507123456",
        "(00225) 07 07 12 34 56", "+33 (0)6 12 34 56 78", "00683 1234",
        // Cameroon, Guinea, Congo, Gabon, DRC, Madagascar, Benin, Algeria, Mauritania.
        "6 71 23 45 67", "671 23 45 67", "671234567", "622 12 34 56", "06 123 45 67", "07 12 34 56", "081 234 5678",
        "0812345678", "034 12 345 67", "01 97 12 34 56", "0551 23 45 67", "22 12 34 56",
    ])
    func phoneForms(phone: String) throws {
        let redactor = try Redactor(kinds: ["phone"], patterns: [])
        let out = ByteBuffer()
        let text = Array("Appeler le \(phone) demain".utf8)
        text.withUnsafeBufferPointer { redactor.redact($0, into: out) }
        #expect(String(decoding: out.elements, as: UTF8.self) == "Appeler le [phone] demain")
    }
}
