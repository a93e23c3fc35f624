import Crypto
import Foundation

enum Hashing {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Every file under `folder` with its SHA-256.
    static func tree(_ sandbox: Sandbox, _ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in sandbox.files(under: folder) {
            result[path] = sha256(try sandbox.read("\(folder)/\(path)"))
        }
        return result
    }

    /// Every file of `Catalog/` with its SHA-256, but the rendering stamp and the recipes' kept
    /// readings, which follow the recipes' bytes (`CatalogueStamp`, `RecipeSnapshots`) and so
    /// change with a recipe that fails to run.
    static func catalogue(_ sandbox: Sandbox) throws -> [String: String] {
        try tree(sandbox, "Catalog").filter { $0.key != "validators/catalogue-and-site.json" && !$0.key.hasPrefix("validators/recipes/") }
    }
}
