import Foundation
import Testing
@testable import KiosqueCore

/// A run renders the catalogue and the site only when something they are made from changed
/// (`CatalogueStamp`); `kiosque site` always renders them.
@Suite("Catalogue and site refresh")
struct CatalogueRefreshTests {
    static let stamp = "Catalog/validators/catalogue-and-site.json"
    static let marker = "<!-- edited by hand -->"

    /// A run of the examples, then a hand edit of a page, the Turtle catalogue and its copy: a run
    /// that renders leaves no edit behind, a run that does not render leaves them all.
    static func published() throws -> Sandbox {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(sandbox.exists(stamp))
        try mark(sandbox)
        return sandbox
    }

    static func mark(_ sandbox: Sandbox) throws {
        for path in ["Output/index.html", "Catalog/catalog.ttl", "Output/catalog/catalog.ttl"] {
            try sandbox.write(path, try sandbox.text(path) + marker)
        }
    }

    static func marked(_ sandbox: Sandbox) throws -> [Bool] {
        try ["Output/index.html", "Catalog/catalog.ttl", "Output/catalog/catalog.ttl"].map { try sandbox.text($0).hasSuffix(marker) }
    }

    @Test("a run in which nothing changed does not render the catalogue and site again")
    func unchangedRunSkips() throws {
        let sandbox = try Self.published()
        let run = try sandbox.kiosque("run", "--verbose")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("the catalogue and site are up to date"), "\(run.stderr)")
        #expect(try Self.marked(sandbox) == [true, true, true])
        // `kiosque site` renders whatever the stamp says.
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try Self.marked(sandbox) == [false, false, false])
    }

    @Test("each input of the catalogue and site makes the next run render them",
          arguments: ["catalog.yml", "recipe", "template", "new version", "recipe removed"])
    func changedInputRenders(input: String) throws {
        let sandbox = try Self.published()
        switch input {
        case "catalog.yml":
            try sandbox.write("Pipelines/catalog.yml", try sandbox.text("Pipelines/catalog.yml") + "\n# a comment\n")
        case "recipe":
            let text = try sandbox.text("Pipelines/demarches.yml")
            try sandbox.write("Pipelines/demarches.yml", text + "\n# a comment\n")
        case "template":
            try sandbox.write("Pipelines/templates/kiosque.css", "body { color: black; }\n")
        case "new version":
            // The source is Windows-1252: the last row's date (2025 -> 2024) changed byte-wise.
            var bytes = [UInt8](try sandbox.read("Pipelines/sources/demarches.csv"))
            #expect(bytes.suffix(6) == Array("2025\r\n".utf8))
            bytes[bytes.count - 3] = UInt8(ascii: "4")
            try sandbox.write("Pipelines/sources/demarches.csv", Data(bytes))
        default:
            try FileManager.default.removeItem(at: sandbox.pipelines.appendingPathComponent("demarches.yml"))
        }
        let run = try sandbox.kiosque("run", "--verbose")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("the catalogue and site are up to date"), "\(input): \(run.stderr)")
        #expect(try Self.marked(sandbox) == [false, false, false], "\(input)")
        if input == "template" {
            #expect(try sandbox.text("Output/assets/kiosque.css") == "body { color: black; }\n")
        }
        if input == "recipe removed" {
            #expect(!sandbox.exists("Catalog/datasets/demarches.jsonld"))
            #expect(!(try sandbox.text("Catalog/catalog.ttl")).contains("datasets/demarches/"))
        }
    }

    @Test("a rendered file that is gone, or a stamp that is gone, makes the next run render",
          arguments: ["Output/datasets/naissances/index.en.html", "Catalog/datasets/demarches.jsonld",
                      "Output/sitemap.xml", stamp])
    func missingFileRenders(path: String) throws {
        let sandbox = try Self.published()
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent(path))
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(sandbox.exists(path))
        #expect(try Self.marked(sandbox) == [false, false, false], "\(path)")
    }

    /// The stamp is removed before anything is rendered: a run killed half-way through the
    /// rendering, whose inputs then go back to what the stamp recorded, must not leave a catalogue
    /// that describes the inputs of the killed run.
    @Test("a rendering cut short is rendered again even when the inputs went back to the stamp's")
    func killedRenderingRendersAgain() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let original = try sandbox.text("Pipelines/demarches.yml")
        let title = "fr: Catalogue des démarches administratives"
        #expect(original.contains(title))
        try sandbox.write("Pipelines/demarches.yml", original.replacingOccurrences(of: title, with: "fr: Titre provisoire"))
        let killed = try sandbox.kiosque("run", environment: ["KIOSQUE_TEST_KILL_AT": "catalogue-written"])
        #expect(killed.status == SIGKILL)
        #expect(try sandbox.text("Catalog/catalog.ttl").contains("Titre provisoire"))
        #expect(!sandbox.exists(Self.stamp))
        try sandbox.write("Pipelines/demarches.yml", original)
        #expect(try sandbox.kiosque("run").status == 0)
        #expect(!(try sandbox.text("Catalog/catalog.ttl")).contains("Titre provisoire"))
        #expect(sandbox.exists(Self.stamp))
    }

    @Test("a recipe with errors keeps its dataset's entry and pages from its last good reading while another dataset publishes")
    func brokenRecipeKeepsEntry() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let kept = ["Catalog/datasets/naissances.jsonld", "Output/datasets/naissances/index.html", "Output/datasets/naissances/index.en.html"]
        let before = try kept.map { try sandbox.text($0) }
        // Broken, and with a title that must not reach the catalogue.
        let recipe = try sandbox.text("Pipelines/naissances.yml")
        try sandbox.write("Pipelines/naissances.yml", recipe
            .replacingOccurrences(of: "  fr: Naissances déclarées par commune\n", with: "  fr: Titre cassé\n")
            .replacingOccurrences(of: "primary_key:", with: "primari_key:"))
        // A new version of another dataset: the source is Windows-1252, the last row's year changes.
        var bytes = [UInt8](try sandbox.read("Pipelines/sources/demarches.csv"))
        bytes[bytes.count - 3] = UInt8(ascii: "4")
        try sandbox.write("Pipelines/sources/demarches.csv", Data(bytes))
        let run = try sandbox.kiosque("run", "demarches")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("demarches: 25 rows read, 25 published -> version 2026-11-21.2"), "\(run.stdout)")
        #expect(run.stderr.contains("Pipelines/naissances.yml has errors: dataset naissances keeps its catalogue entry and pages"), "\(run.stderr)")
        // The catalogue and site describe the new version, and the broken recipe's dataset as it was.
        for path in ["Catalog/catalog.ttl", "Output/catalog/catalog.jsonld", "Output/datasets/demarches/index.html"] {
            #expect(try sandbox.text(path).contains("2026-11-21.2"), "\(path)")
        }
        #expect(try kept.map { try sandbox.text($0) } == before)
        #expect(try sandbox.text("Catalog/catalog.ttl").contains("Naissances déclarées par commune"))
        #expect(!(try sandbox.text("Catalog/catalog.ttl")).contains("Titre cassé"))
        #expect(try sandbox.kiosque("verify").status == 0)
        // Once mended, the recipe as it now reads is the one described.
        try sandbox.write("Pipelines/naissances.yml", recipe.replacingOccurrences(of: "  fr: Naissances déclarées par commune\n", with: "  fr: Titre réparé\n"))
        #expect(try sandbox.kiosque("run", "demarches").status == 0)
        #expect(try sandbox.text("Catalog/catalog.ttl").contains("Titre réparé"))
        // Broken again: the reading kept is the mended one.
        try sandbox.write("Pipelines/naissances.yml", try sandbox.text("Pipelines/naissances.yml").replacingOccurrences(of: "primary_key:", with: "primari_key:"))
        #expect(try sandbox.kiosque("site").status == 0)
        #expect(try sandbox.text("Catalog/catalog.ttl").contains("Titre réparé"))
        #expect(try sandbox.text("Catalog/validators/recipes/naissances.yml").contains("Titre réparé"))
    }

    @Test("a broken recipe with no good reading kept leaves the catalogue as it is, and says so")
    func brokenRecipeWithoutReading() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        try FileManager.default.removeItem(at: sandbox.root.appendingPathComponent("Catalog/validators/recipes"))
        try sandbox.write("Pipelines/naissances.yml", try sandbox.text("Pipelines/naissances.yml").replacingOccurrences(of: "primary_key:", with: "primari_key:"))
        let before = try Hashing.tree(sandbox, "Catalog")
        let run = try sandbox.kiosque("run", "demarches", "--force")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("the catalogue and site were not refreshed because a recipe or catalog.yml has errors"), "\(run.stderr)")
        #expect(try Hashing.tree(sandbox, "Catalog") == before)
    }

    @Test("a published dataset whose recipe is gone leaves the catalogue, keeps its files, and is named in a warning")
    func datasetWithoutRecipe() throws {
        let sandbox = try EndToEndTests.examples()
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        try FileManager.default.removeItem(at: sandbox.pipelines.appendingPathComponent("naissances.yml"))
        let site = try sandbox.kiosque("site")
        #expect(site.status == 0, "\(site.stderr)")
        #expect(site.stderr.contains("Output/datasets/naissances is published but no recipe in Pipelines names it"), "\(site.stderr)")
        #expect(site.stderr.contains("delete the folder to withdraw it"))
        #expect(!site.stderr.contains("demarches is published"))
        #expect(try !sandbox.text("Catalog/catalog.ttl").contains("datasets/naissances"))
        #expect(sandbox.exists("Output/datasets/naissances/naissances.csv"))
        // Withdrawn by deleting the folder: nothing more to say.
        try FileManager.default.removeItem(at: sandbox.output.appendingPathComponent("datasets/naissances"))
        let again = try sandbox.kiosque("site")
        #expect(again.status == 0 && !again.stderr.contains("no recipe"), "\(again.stderr)")
    }

    @Test("the reading kept for the catalogue holds no source: no password, token or path")
    func readingWithoutSource() throws {
        let text = """
            id: registre
            title: {fr: "Registre: état civil", en: Register}
            keywords: ["01", "a: b"]
            source:
              url: "https://agent:mot-de-passe-42@exports.example/registre.csv"
              headers: {Authorization: "Bearer jeton-secret-42"}
            fields:
              - {name: code, pattern: "^[0-9]{2}\\\\.[0-9]$", enum: ["01", "02"]}
              - {name: nni, anonymise: {pseudonymise: {key: "${env:KIOSQUE_PSEUDONYM_KEY}"}}}
            """
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/registre.yml", text)
        let workspace = Workspace(pipelines: sandbox.root.appendingPathComponent("Pipelines"), catalog: sandbox.root.appendingPathComponent("Catalog"),
                                  output: sandbox.root.appendingPathComponent("Output"))
        let settings = try #require(RecipeSet.load(workspace, targets: []).settings)
        let (recipe, diagnostics) = RecipeLoader.load(sandbox.root.appendingPathComponent("Pipelines/registre.yml"), displayPath: "registre.yml", catalog: settings)
        // The secrets written out are warned about, and not shown.
        #expect(diagnostics.count == 2 && diagnostics.allSatisfy { $0.severity == .warning }, "\(diagnostics)")
        #expect(!diagnostics.description.contains("mot-de-passe-42") && !diagnostics.description.contains("jeton-secret-42"), "\(diagnostics)")
        let loaded = try #require(recipe)
        let reading = try #require(RecipeSnapshots.text(of: loaded))
        for secret in ["mot-de-passe-42", "jeton-secret-42", "exports.example", "Authorization"] {
            #expect(!reading.contains(secret), "\(reading)")
        }
        // Read back, it describes the same dataset.
        try sandbox.write("Catalog/validators/recipes/registre.yml", reading)
        let back = try #require(RecipeSnapshots(workspace: workspace).recipe("registre", settings: settings))
        #expect(back.title == loaded.title)
        #expect(back.keywords == LocalizedList(["fr": ["01", "a: b"]]))
        #expect(back.fields.map(\.name) == ["code", "nni"])
        #expect(back.fields.first?.pattern == loaded.fields.first?.pattern)
        #expect(back.source.url == RecipeSnapshots.sourceStandIn)
    }
}
