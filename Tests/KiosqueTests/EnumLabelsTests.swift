import Foundation
import Testing
@testable import KiosqueCore

/// An enum's values with their labels (`enum: {F: Féminin, M: Masculin}`), by language or not:
/// the checks stay on the values; the labels reach the Data Package and the dataset's pages.
@Suite("Labels of an enum's values")
struct EnumLabelsTests {
    func field(_ line: String) throws -> (FieldSpec?, [Diagnostic]) {
        let (recipe, diagnostics) = try RecipeLoaderTests().load("""
            id: naissances
            title: T
            source: {url: n.csv}
            fields:
              - \(line)
            """)
        return (recipe?.fields.first, diagnostics)
    }

    @Test("a mapping gives each value its label, in the catalogue's first language or by language; a list gives none")
    func loading() throws {
        let (plain, plainDiagnostics) = try field("{name: sexe, enum: {F: Féminin, M: Masculin}}")
        #expect(plainDiagnostics.isEmpty, "\(plainDiagnostics)")
        #expect(plain?.enumValues == ["F", "M"])
        #expect(plain?.enumLabels == [LocalizedText(["fr": "Féminin"]), LocalizedText(["fr": "Masculin"])])
        let (languages, languagesDiagnostics) = try field("{name: statut, type: integer, enum: {1: {fr: Actif, en: Active}, 2: {fr: Inactif, en: Inactive}}}")
        #expect(languagesDiagnostics.isEmpty, "\(languagesDiagnostics)")
        #expect(languages?.enumValues == ["1", "2"])
        #expect(languages?.enumLabels?.last == LocalizedText(["fr": "Inactif", "en": "Inactive"]))
        let (list, _) = try field("{name: sexe, enum: [F, M]}")
        #expect(list?.enumValues == ["F", "M"] && list?.enumLabels == nil)
    }

    @Test("values without labels, a value its type refuses, a label that is not text, are errors at their place", arguments: [
        ("{name: sexe, enum: {F, M}}", "5:24: error: enum gives no label to 'F': write its values as a list, enum: [F, M], or each with its label, as in enum: {F: Féminin, M: Masculin}"),
        ("{name: statut, type: integer, enum: {A: Actif}}", "5:42: error: enum value 'A' is not a valid integer"),
        ("{name: sexe, enum: {F: [Féminin]}}", "5:28: error: the label of 'F' in enum must be a text or a mapping of language codes to texts"),
        ("{name: sexe, enum: {F: {french: Féminin}}}", "5:29: error: 'french' in the label of 'F' in enum is the language's name: write its code, 'fr'"),
    ])
    func errors(line: String, expected: String) throws {
        let (_, diagnostics) = try field(line)
        #expect(diagnostics.description.contains("Pipelines/naissances.yml:\(expected)"), "\(diagnostics)")
    }

    @Test("labels on an anonymised field are warned about: they are not published")
    func anonymisedLabels() throws {
        let (field, diagnostics) = try field("{name: sexe, enum: {F: Féminin, M: Masculin}, anonymise: {mask: {keep_first: 1}}}")
        #expect(field?.enumLabels?.count == 2)
        #expect(diagnostics.count == 1 && diagnostics.description.contains("Pipelines/naissances.yml:5:24: warning: the labels of enum are not published for field 'sexe', which is anonymised: its published values are not the listed ones; write enum as a list, enum: [F, M]"), "\(diagnostics)")
        let (_, plain) = try self.field("{name: sexe, enum: [F, M], anonymise: {mask: {keep_first: 1}}}")
        #expect(plain.isEmpty, "\(plain)")
    }

    @Test("a value outside the enum is invalid whether or not the values have labels")
    func validation() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/s.csv", "code,sexe\n1,F\n2,X\n3,M\n")
        try sandbox.write("Pipelines/s.yml", """
            id: s
            title: S
            source: {url: sources/s.csv}
            fields:
              - {name: code, type: integer}
              - {name: sexe, enum: {F: Féminin, M: Masculin}}
            """)
        let result = try sandbox.kiosque("run")
        #expect(result.stdout.hasPrefix("s: 3 rows read, 2 published, 1 invalid"), "\(result.stdout)")
        #expect(try sandbox.text("Output/datasets/s/s.csv") == "code,sexe\n1,F\n3,M\n")
    }

    @Test("the Data Package gives the values' labels as Table Schema categories; each page shows them in its language")
    func published() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let package = try JSONSerialization.jsonObject(with: sandbox.read("Output/datasets/naissances/2026-11-21/datapackage.json")) as? [String: Any]
        let fields = ((package?["resources"] as? [[String: Any]])?.first?["schema"] as? [String: Any])?["fields"] as? [[String: Any]]
        let sexe = try #require(fields?.first { $0["name"] as? String == "sexe" })
        #expect(sexe["categories"] as? [[String: String]] == [["value": "F", "label": "Féminin"], ["value": "M", "label": "Masculin"]])
        #expect((sexe["constraints"] as? [String: Any])?["enum"] as? [String] == ["F", "M"])
        #expect(try sandbox.text("Output/datasets/naissances/index.html")
            .contains("<ul class=\"codes\"><li><code dir=\"ltr\">F</code> – <span lang=\"fr\" dir=\"ltr\">Féminin</span></li><li><code dir=\"ltr\">M</code> – <span lang=\"fr\" dir=\"ltr\">Masculin</span></li></ul>"))
        #expect(try sandbox.text("Output/datasets/naissances/index.en.html").contains("<span lang=\"en\" dir=\"ltr\">Female</span>"))
        #expect(try sandbox.text("Output/datasets/naissances/index.ar.html").contains("<span lang=\"ar\" dir=\"rtl\">أنثى</span>"))
        // A list of values (commune) shows no labels.
        #expect(try sandbox.text("Output/datasets/naissances/index.html").components(separatedBy: "<ul class=\"codes\">").count == 2)
    }
}
