import Foundation
import Testing
@testable import KiosqueCore

/// `spatial:`: the places a dataset covers, in the catalogue (`dct:spatial`) and on its pages
/// (schema.org `spatialCoverage`); and the access rights every dataset published here has.
@Suite("Spatial coverage")
struct SpatialCoverageTests {
    static let recipe = """
        id: communes
        title: Communes
        source: {url: sources/communes.csv}
        fields:
          - {name: code}
          - {name: nom}

        """

    static func publish(catalog spatial: String?, recipe extra: String = "") throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/catalog.yml", Sandbox.catalogYAML + (spatial.map { "spatial: \($0)\n" } ?? ""))
        try sandbox.write("Pipelines/sources/communes.csv", "code,nom\n01,Abobo\n02,Cocody\n")
        try sandbox.write("Pipelines/communes.yml", Self.recipe + extra)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        return sandbox
    }

    /// The dataset's places in the catalogue, or, with `catalogue: true`, the catalogue's own.
    static func places(_ sandbox: Sandbox, catalogue: Bool = false) throws -> [String] {
        let graph = try JSONSerialization.jsonObject(with: sandbox.read("Catalog/catalog.jsonld")) as! [String: Any]
        let catalog = (graph["@graph"] as! [[String: Any]])[0]
        if catalogue { return (catalog["dct:spatial"] as? [[String: Any]] ?? []).map { $0["@id"] as! String } }
        let dataset = (catalog["dcat:dataset"] as! [[String: Any]])[0]
        #expect((dataset["dct:accessRights"] as? [[String: Any]])?.first?["@id"] as? String
                == "http://publications.europa.eu/resource/authority/access-right/PUBLIC")
        return (dataset["dct:spatial"] as? [[String: Any]] ?? []).map {
            #expect($0["@type"] as? String == "dct:Location")
            return $0["@id"] as! String
        }
    }

    @Test("catalog.yml's countries cover every dataset; a recipe's own places replace them, none included")
    func inheritedAndOverridden() throws {
        let civ = "http://publications.europa.eu/resource/authority/country/CIV"
        let inherited = try Self.publish(catalog: "[CIV]")
        #expect(try Self.places(inherited) == [civ])
        #expect(try inherited.text("Catalog/catalog.ttl").contains("dct:spatial <\(civ)>"))
        #expect(try inherited.text("Output/datasets/communes/index.html").contains("\"spatialCoverage\":[{\"@type\":\"Place\",\"sameAs\":\"\(civ)\"}]"))

        // The catalogue covers catalog.yml's places, whatever a recipe says of its own.
        #expect(try Self.places(inherited, catalogue: true) == [civ])
        // The page names the country in its language, and links it.
        #expect(try inherited.text("Output/datasets/communes/index.html").contains("<dt>Couverture géographique</dt><dd><a href=\"\(civ)\">Côte d’Ivoire</a> </dd>"))
        #expect(try inherited.text("Output/datasets/communes/index.en.html").contains("<dt>Geographic coverage</dt><dd><a href=\"\(civ)\">Côte d’Ivoire</a> </dd>"))
        let own = try Self.publish(catalog: "[CIV]", recipe: "spatial: [SEN, \"https://sws.geonames.org/2253354/\"]\n")
        #expect(try Self.places(own) == ["http://publications.europa.eu/resource/authority/country/SEN", "https://sws.geonames.org/2253354/"])
        #expect(try own.text("Output/datasets/communes/index.html").contains(">Sénégal</a> <a href=\"https://sws.geonames.org/2253354/\">https://sws.geonames.org/2253354/</a>"))

        let none = try Self.publish(catalog: "[CIV]", recipe: "spatial: []\n")
        #expect(try Self.places(none).isEmpty)
        #expect(try !none.text("Output/datasets/communes/index.html").contains("spatialCoverage"))
        #expect(try !none.text("Output/datasets/communes/index.html").contains("Couverture géographique"))
        #expect(try Self.places(try Self.publish(catalog: nil)).isEmpty)
    }

    @Test("a place that is not a three-letter country code nor an IRI is refused, with the code meant", arguments: [
        ("CI", "unknown place 'CI' (did you mean CIV? countries are written with their three-letter code)"),
        ("sen", "unknown place 'sen' (did you mean SEN?)"),
        ("Abidjan", "unknown place 'Abidjan'; spatial takes a country's ISO 3166-1 three-letter code"),
    ])
    func refused(place: String, message: String) throws {
        let (recipe, diagnostics) = try RecipeLoaderTests().load(RecipeLoaderTests.valid + "spatial: [\(place)]\n")
        #expect(recipe == nil)
        #expect(diagnostics.contains { $0.message.hasPrefix(message) && $0.severity == .error }, "\(diagnostics)")
        let (settings, found) = try RecipeLoaderTests.loadCatalog(replacing: "license: CC-BY-4.0", with: "license: CC-BY-4.0\nspatial: \(place)")
        #expect(settings == nil)
        #expect(found.contains { $0.message.hasPrefix(message) }, "\(found)")
    }
}
