import Foundation
import Testing
@testable import KiosqueCore

/// Published files read by the tools reusers and portals use: rdflib and pyshacl for the DCAT
/// catalogue, frictionless for each version's datapackage.json, csvw for each CSV's CSVW metadata,
/// feedparser for the Atom feed.
@Suite("Real consumers of the published files",
       .enabled(if: TestPaths.python != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                "needs KIOSQUE_PYTHON (make test sets it)"))
struct ConsumerTests {
    func python(_ script: String, in sandbox: Sandbox) throws -> ProcessResult {
        let python = try #require(TestPaths.python, "KIOSQUE_PYTHON is not set; run the tests with make test")
        return try ProcessResult.run(URL(fileURLWithPath: python), ["-c", script], in: sandbox.root,
                                     environment: ProcessInfo.processInfo.environment)
    }

    @Test("the catalogue is valid RDF: JSON-LD and Turtle hold the same graph")
    func rdf() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let result = try python("""
            import rdflib
            from rdflib.compare import isomorphic
            a = rdflib.Graph().parse("Catalog/catalog.jsonld", format="json-ld")
            b = rdflib.Graph().parse("Catalog/catalog.ttl", format="turtle")
            DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
            datasets = set(a.subjects(rdflib.RDF.type, DCAT.Dataset))
            downloads = set(a.objects(None, DCAT.downloadURL))
            print(len(a) > 100, isomorphic(a, b), len(datasets), len(downloads))
            for s, p, o in a:
                assert not isinstance(s, rdflib.URIRef) or str(s).startswith("http"), s
            """, in: sandbox)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "True True 3 11\n")
    }

    /// Also after withdrawals: a dataset left without versions, another back to its first version.
    @Test("the catalogue and a version record conform to the DCAT-AP 3.0.1 shapes: shapes.ttl with range.ttl, and the single-file dcat-ap-SHACL.ttl",
          arguments: [false, true])
    func shacl(withdrawals: Bool) throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        if withdrawals {
            let source = try sandbox.text("Pipelines/sources/services-en-ligne.json")
            try sandbox.write("Pipelines/sources/services-en-ligne.json", source.replacingOccurrences(of: "227078", with: "227079"))
            #expect(try sandbox.kiosque("run", "services-en-ligne").status == 0)
            #expect(try sandbox.kiosque("withdraw", "services-en-ligne", "2026-11-21.2").status == 0)
            #expect(try sandbox.kiosque("withdraw", "demarches", "2026-11-21").status == 0)
        }
        let result = try python("""
            import rdflib, pyshacl
            for names in [["shapes.ttl", "range.ttl"], ["dcat-ap-SHACL.ttl"]]:
                shapes = rdflib.Graph()
                for name in names:
                    shapes.parse("\(TestPaths.shapes.path)/" + name)
                for path, form in [("Catalog/catalog.jsonld", "json-ld"), ("Catalog/catalog.ttl", "turtle"), ("Catalog/datasets/naissances.jsonld", "json-ld")]:
                    data = rdflib.Graph().parse(path, format=form)
                    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
                    print(names[0], path, conforms)
                    if not conforms: print(text)
            """, in: sandbox)
        #expect(result.stdout == """
            shapes.ttl Catalog/catalog.jsonld True
            shapes.ttl Catalog/catalog.ttl True
            shapes.ttl Catalog/datasets/naissances.jsonld True
            dcat-ap-SHACL.ttl Catalog/catalog.jsonld True
            dcat-ap-SHACL.ttl Catalog/catalog.ttl True
            dcat-ap-SHACL.ttl Catalog/datasets/naissances.jsonld True

            """, "\(result.stdout) \(result.stderr)")
    }

    @Test("frictionless finds every published version valid against its own schema, and the stable files against the stable package")
    func frictionless() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let result = try python("""
            from frictionless import validate
            for dataset in ["demarches", "naissances", "services-en-ligne"]:
                for folder in ["/2026-11-21", ""]:
                    report = validate("Output/datasets/%s%s/datapackage.json" % (dataset, folder))
                    print(dataset + folder, report.valid, sum(task.stats.get("rows") or 0 for task in report.tasks))
                    if not report.valid: print(report.flatten(["rowNumber", "fieldName", "type", "note"]))
            """, in: sandbox)
        #expect(result.stdout == """
            demarches/2026-11-21 True 75
            demarches True 75
            naissances/2026-11-21 True 390
            naissances True 390
            services-en-ligne/2026-11-21 True 24
            services-en-ligne True 24

            """, "\(result.stdout) \(result.stderr)")
    }

    /// csvw parses every cell by the datatype its column declares: a number a source wrote with an
    /// exponent (`1,5e3`) was published as `1.5e3` under `decimal`, which has none, and refused.
    @Test("csvw reads every published CSV by its CSVW metadata, each type and an exponent included")
    func csvw() throws {
        let sandbox = try EndToEndTests.examples()
        try sandbox.write("Pipelines/sources/mesures.csv", """
            code;valeur;ratio;jour;horodatage;ouvert;annee;naissance;effectif
            A;1,5e3;0,25;01/02/2024;2024-03-01T10:00:00+01:00;oui;2024;12/05/1990;12
            B;-2,5;1;03/02/2024;2024-03-01T10:00:00Z;non;1999;01/01/2001;0
            C;7;2,5E-3;04/02/2024;2024-03-01T10:00:00;vrai;2000;30/11/1985;7000

            """)
        try sandbox.write("Pipelines/mesures.yml", """
            id: mesures
            title: Mesures
            source: {url: sources/mesures.csv, delimiter: ";", decimal: ","}
            fields:
              - {name: code, from: code, required: true}
              - {name: valeur, type: number, minimum: -10}
              - {name: ratio, type: number}
              - {name: jour, type: date, format: "%d/%m/%Y"}
              - {name: horodatage, type: datetime}
              - {name: ouvert, type: boolean}
              - {name: annee, type: year}
              - {name: naissance, type: date, format: "%d/%m/%Y", anonymise: {generalise: month}}
              - {name: effectif, type: integer, minimum: 0, maximum: 7000}
            primary_key: [code]

            """)
        #expect(try sandbox.kiosque("run").status == 0)
        let result = try python("""
            import glob, json, os, subprocess, sys
            from csvw import Table
            validator = os.path.join(os.path.dirname(sys.executable), "csvwvalidate")
            for path in sorted(glob.glob("Output/datasets/*/2026-11-21/*.csv-metadata.json")):
                rows = sum(1 for row in Table.from_file(path).iterdicts(strict=True))
                types = [c["datatype"] if isinstance(c["datatype"], str) else c["datatype"]["base"]
                         for c in json.load(open(path))["tableSchema"]["columns"]]
                check = subprocess.run([validator, path], capture_output=True, text=True)
                print(path.split("/")[2], rows, check.stdout.strip() + check.stderr.strip(), *(types if "mesures" in path else []))
            """, in: sandbox)
        #expect(result.stdout == """
            demarches 25 OK
            mesures 3 OK string double double date dateTime boolean gYear gYearMonth integer
            naissances 195 OK
            services-en-ligne 8 OK

            """, "\(result.stderr)")
    }

    /// The feed declares the catalogue's language (`xml:lang="fr"`): its summaries were English.
    @Test("feedparser reads the Atom feed: an entry per version, each in the catalogue's language")
    func feed() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let source = try sandbox.text("Pipelines/sources/services-en-ligne.json")
        try sandbox.write("Pipelines/sources/services-en-ligne.json", source.replacingOccurrences(of: "227078", with: "227079"))
        #expect(try sandbox.kiosque("run", "services-en-ligne").status == 0)
        let result = try python("""
            import feedparser
            feed = feedparser.parse("Output/feed.atom")
            print(feed.bozo, feed.version, feed.feed.language, len(feed.entries))
            for entry in sorted(feed.entries, key=lambda e: e.id):
                print(entry.id.split("/datasets/")[1], "|", entry.summary, "|", entry.author)
            """, in: sandbox)
        #expect(result.stdout == """
            False atom10 fr 4
            demarches/2026-11-21/ | Première version\u{00A0}: 25 lignes | Ministère de la Fonction publique
            naissances/2026-11-21/ | Première version\u{00A0}: 195 lignes | Ministère de l'Intérieur et de la Sécurité
            services-en-ligne/2026-11-21.2/ | 8 lignes contre 8 dans 2026-11-21 : 0 ajoutée, 0 retirée, 1 modifiée | Ministère de la Transition numérique
            services-en-ligne/2026-11-21/ | Première version\u{00A0}: 8 lignes | Ministère de la Transition numérique

            """, "\(result.stderr)")

        // A withdrawal is an entry of its own, also for a dataset that has no version left.
        #expect(try sandbox.kiosque("withdraw", "services-en-ligne", "2026-11-21.2").status == 0)
        #expect(try sandbox.kiosque("withdraw", "demarches", "2026-11-21").status == 0)
        let withdrawn = try python("""
            import feedparser
            feed = feedparser.parse("Output/feed.atom")
            print(feed.bozo, len(feed.entries))
            for entry in sorted(feed.entries, key=lambda e: e.id):
                if "withdrawn" in entry.id: print(entry.id.split("/datasets/")[1], "|", entry.title, "|", entry.link, "|", entry.summary)
            """, in: sandbox)
        #expect(withdrawn.stdout == """
            False 4
            demarches/2026-11-21/#withdrawn | Catalogue des démarches administratives — 2026-11-21 (retirée) | https://donnees.exemple.gouv.ci/ | retirée le 2026-11-21\u{00A0}: ses fichiers ne sont plus publiés\u{00A0}; supprimez les copies que vous en avez (leurs empreintes SHA-256 sont dans versions.json)
            services-en-ligne/2026-11-21.2/#withdrawn | Services publics en ligne et leur usage — 2026-11-21.2 (retirée) | https://donnees.exemple.gouv.ci/datasets/services-en-ligne/ | retirée le 2026-11-21\u{00A0}: ses fichiers ne sont plus publiés\u{00A0}; supprimez les copies que vous en avez (leurs empreintes SHA-256 sont dans versions.json)

            """, "\(withdrawn.stderr)")
    }

    /// A reuser who follows one dataset subscribes to its own feed, linked from its page.
    @Test("feedparser reads each dataset's own feed: its versions alone, the changed rows linked, its withdrawals even with no version left")
    func datasetFeeds() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let source = try sandbox.text("Pipelines/sources/services-en-ligne.json")
        try sandbox.write("Pipelines/sources/services-en-ligne.json", source.replacingOccurrences(of: "227078", with: "227079"))
        #expect(try sandbox.kiosque("run", "services-en-ligne").status == 0)
        #expect(try sandbox.text("Output/datasets/services-en-ligne/index.html")
                .contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Flux Atom des versions de ce jeu de données\" href=\"feed.atom\">"))
        let script = """
            import feedparser
            for dataset in ["services-en-ligne", "demarches"]:
                feed = feedparser.parse("Output/datasets/%s/feed.atom" % dataset)
                print(feed.bozo, feed.feed.title, "|", feed.feed.link, len(feed.entries))
                for entry in feed.entries:
                    related = [link.href for link in entry.links if link.rel == "related"]
                    print(entry.id.split("/datasets/")[1], related)
            """
        let result = try XLSXOutputTests.python(script, in: sandbox)
        #expect(result.stdout == """
            False Services publics en ligne et leur usage | https://donnees.exemple.gouv.ci/datasets/services-en-ligne/ 2
            services-en-ligne/2026-11-21.2/ ['https://donnees.exemple.gouv.ci/datasets/services-en-ligne/2026-11-21.2/services-en-ligne.changes.csv']
            services-en-ligne/2026-11-21/ []
            False Catalogue des démarches administratives | https://donnees.exemple.gouv.ci/datasets/demarches/ 1
            demarches/2026-11-21/ []

            """, "\(result.stderr)")
        // Every version withdrawn: the page goes, the feed stays with the news, pointing home.
        #expect(try sandbox.kiosque("withdraw", "demarches", "2026-11-21").status == 0)
        #expect(!sandbox.exists("Output/datasets/demarches/index.html"))
        let withdrawn = try XLSXOutputTests.python(script, in: sandbox)
        #expect(withdrawn.stdout.hasSuffix("""
            False Catalogue des démarches administratives | https://donnees.exemple.gouv.ci/ 1
            demarches/2026-11-21/#withdrawn []

            """), "\(withdrawn.stdout)\(withdrawn.stderr)")
    }
}
