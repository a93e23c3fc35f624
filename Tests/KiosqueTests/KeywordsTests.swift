import Foundation
import Testing
@testable import KiosqueCore

/// A recipe's keywords, as a list in the catalogue's first language or as lists by language, in
/// the catalogue, the Data Package, the pages and their schema.org markup.
@Suite("Keywords by language")
struct KeywordsTests {
    func load(_ keywords: String) throws -> (Recipe?, [Diagnostic]) {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/catalog.yml", """
            title: {fr: Données, en: Data}
            base_url: https://donnees.example/
            languages: [fr, en, ar]
            license: CC-BY-4.0
            publishers: {m: {name: Ministère, email: d@m.example}}
            """)
        try sandbox.write("Pipelines/t.yml", "id: t\ntitle: T\n\(keywords)\nsource: {url: t.csv}\nfields:\n  - {name: a}\n")
        let workspace = Workspace(pipelines: sandbox.pipelines, catalog: sandbox.root.appendingPathComponent("Catalog"),
                                  output: sandbox.root.appendingPathComponent("Output"))
        let settings = try #require(RecipeSet.load(workspace, targets: []).settings)
        return RecipeLoader.load(sandbox.pipelines.appendingPathComponent("t.yml"), displayPath: "Pipelines/t.yml", catalog: settings)
    }

    @Test("a list is in the catalogue's first language; a mapping gives each language its list")
    func loading() throws {
        let (list, listDiagnostics) = try load("keywords: [état civil, naissances]")
        #expect(listDiagnostics.isEmpty, "\(listDiagnostics)")
        #expect(list?.keywords == LocalizedList(["fr": ["état civil", "naissances"]]))
        let (mapping, mappingDiagnostics) = try load("keywords: {fr: [état civil], en: [civil registration, births], ar: الولادات}")
        #expect(mappingDiagnostics.isEmpty, "\(mappingDiagnostics)")
        let keywords = try #require(mapping?.keywords)
        #expect(keywords == LocalizedList(["fr": ["état civil"], "en": ["civil registration", "births"], "ar": ["الولادات"]]))
        #expect(keywords.words(in: "en", fallbacks: ["fr"])?.words == ["civil registration", "births"])
        #expect(keywords.tagged(order: ["fr", "en", "ar"]).map(\.language) == ["fr", "en", "en", "ar"])
        let (french, _) = try load("keywords: [état civil]")
        #expect(french?.keywords.words(in: "en", fallbacks: ["fr", "en"]).map { $0.language } == "fr")
    }

    @Test("a language key that is no code, or words that are no list, are errors at their place", arguments: [
        ("keywords: {french: [état civil]}", "3:12: error: 'french' in keywords is the language's name: write its code, 'fr'"),
        ("keywords: {fr: {a: b}}", "3:16: error: keywords in 'fr' must be a list of values"),
    ])
    func errors(keywords: String, expected: String) throws {
        let (recipe, diagnostics) = try load(keywords)
        #expect(recipe == nil)
        #expect(diagnostics.description.contains("Pipelines/t.yml:\(expected)"), "\(diagnostics)")
    }

    @Test("each language's keywords reach the catalogue with their language; the Data Package and each page take theirs")
    func published() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let catalogue = try JSONSerialization.jsonObject(with: sandbox.read("Catalog/catalog.jsonld"))
        #expect(Self.keywords(in: catalogue) == [
            "démarches@fr", "services publics@fr", "administration@fr",
            "état civil@fr", "naissances@fr", "civil registration@en", "births@en", "الحالة المدنية@ar", "الولادات@ar",
            "services en ligne@fr", "e-administration@fr",
        ])
        let turtle = try sandbox.text("Catalog/catalog.ttl")
        #expect(turtle.contains("\"births\"@en") && turtle.contains("\"naissances\"@fr") && turtle.contains("\"الولادات\"@ar"))
        let package = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances/2026-11-21/datapackage.json")) as? [String: Any]
        #expect(package?["keywords"] as? [String] == ["état civil", "naissances"])
        let english = try sandbox.text("Output/datasets/naissances/index.en.html")
        #expect(english.contains("<dd lang=\"en\" dir=\"ltr\"><span class=\"tag\">civil registration</span> <span class=\"tag\">births</span> </dd>"))
        #expect(english.contains("\"keywords\":[\"civil registration\",\"births\"]"))
        let arabic = try sandbox.text("Output/datasets/naissances/index.ar.html")
        #expect(arabic.contains("<dd lang=\"ar\" dir=\"rtl\"><span class=\"tag\">الحالة المدنية</span>"))
        // A recipe with a list: every page shows its words, marked as the catalogue's first language.
        let procedures = try sandbox.text("Output/datasets/demarches/index.en.html")
        #expect(procedures.contains("<dd lang=\"fr\" dir=\"ltr\"><span class=\"tag\">démarches</span>"))
        #expect(procedures.contains("\"keywords\":[\"démarches\",\"services publics\",\"administration\"]"))
        // The home page's search finds a dataset by a keyword in any language.
        #expect(try sandbox.text("Output/index.en.html").contains("births"))
    }

    /// Every `dcat:keyword` of a JSON-LD document as `word@language`, in document order.
    static func keywords(in json: Any) -> [String] {
        if let object = json as? [String: Any] {
            let own = (object["dcat:keyword"] as? [[String: String]] ?? []).map { "\($0["@value"] ?? "")@\($0["@language"] ?? "")" }
            return own + object.keys.sorted().filter { $0 != "dcat:keyword" }.flatMap { keywords(in: object[$0]!) }
        }
        return (json as? [Any] ?? []).flatMap { keywords(in: $0) }
    }
}
