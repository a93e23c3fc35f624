import Foundation
import Yams

/// Each recipe as it read when the catalogue was last rendered, kept in
/// `Catalog/validators/recipes/<id>.yml` without its `source` (which may hold a password in its
/// URL or a token in its headers: `Catalog/` is meant to be committed). When a recipe has errors,
/// its dataset keeps its catalogue entry and pages from this reading while the others are
/// refreshed, instead of the whole catalogue going stale.
struct RecipeSnapshots {
    let folder: URL

    /// What stands in for the source, which the catalogue and the site never read.
    static let sourceStandIn = "source-not-kept.csv"

    init(workspace: Workspace) {
        folder = workspace.catalog.appendingPathComponent("validators/recipes")
    }

    func file(_ id: String) -> URL {
        folder.appendingPathComponent("\(id).yml")
    }

    /// Keeps the reading of each of `recipes`. A kept reading names the SHA-256 of the recipe it
    /// came from on its first line, so an unchanged recipe costs a hash, not a rewrite.
    func save(_ recipes: [Recipe]) throws {
        for recipe in recipes {
            let url = file(recipe.id)
            let first = Self.firstLine(recipe)
            if let handle = FileHandle(forReadingAtPath: url.path) {
                let start = (try? handle.read(upToCount: first.utf8.count)) ?? Data()
                try? handle.close()
                if start == Data(first.utf8) { continue }
            }
            guard let text = Self.text(of: recipe) else { continue }
            try FileSystem.createFolder(folder)
            try FileSystem.writeAtomically(Data(text.utf8), to: url)
        }
    }

    private static func firstLine(_ recipe: Recipe) -> String {
        "# The recipe of \(recipe.id) (SHA-256 \(Publication.sha256(Data(recipe.fileText.utf8)))) when the catalogue was last rendered,\n"
    }

    /// The last good reading of dataset `id`'s recipe, if one was kept and still loads.
    func recipe(_ id: String, settings: CatalogSettings) -> Recipe? {
        let url = file(id)
        guard FileSystem.exists(url) else { return nil }
        let (recipe, diagnostics) = RecipeLoader.load(url, displayPath: RecipeSet.displayPath(url), catalog: settings)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return recipe
    }

    /// The recipe's text with its `source` replaced by a stand-in; nil when it cannot be rewritten.
    static func text(of recipe: Recipe) -> String? {
        guard let root = try? Yams.compose(yaml: recipe.fileText, .basic), let mapping = root.mapping else { return nil }
        var pairs = mapping.map { ($0.key, $0.value) }.filter { $0.0.string != "source" }
        pairs.append((Node("source"), Node([(Node("url"), Node(sourceStandIn))])))
        let header = firstLine(recipe) + "# without its source: kept by kiosque for the catalogue and site while the recipe has errors. Do not edit.\n"
        return (try? Yams.serialize(node: Node(pairs, mapping.tag, mapping.style), allowUnicode: true)).map { header + $0 }
    }
}
