import Foundation

/// Versions still published with a field the recipe now drops: what is left online after a recipe
/// that had lost its `anonymise: drop` was fixed. The new version is clean; these are not, and only
/// `kiosque withdraw` takes them down. Read from `versions.json` (each version's published field
/// names), never from the files.
enum ExposedVersions {
    /// Each version that published a field the recipe drops, newest first, with those fields.
    static func find(_ recipe: Recipe, history: VersionHistory) -> [(version: String, fields: [String])] {
        let dropped = Set(recipe.fields.filter { $0.anonymise == .drop }.map(\.name))
        guard !dropped.isEmpty else { return [] }
        return history.versions.compactMap { entry in
            let fields = entry.fields.filter(dropped.contains)
            return fields.isEmpty ? nil : (entry.version, fields)
        }
    }

    /// What to say about them, and the fields concerned; nil when there are none.
    static func warning(_ recipe: Recipe, history: VersionHistory) -> (message: String, fields: [String])? {
        let found = find(recipe, history: history)
        guard !found.isEmpty else { return nil }
        let fields = Array(Set(found.flatMap(\.fields))).sorted()
        let versions = found.map(\.version)
        let named = fields.map { "'\($0)'" }.joined(separator: ", ")
        return ("\(versions.count == 1 ? "version" : "versions") \(versions.joined(separator: ", ")) "
            + "\(versions.count == 1 ? "publishes" : "publish") \(named), which the recipe now drops; if that is personal data, "
            + "take \(versions.count == 1 ? "it" : "them") down: " + "kiosque withdraw \(recipe.id) \(versions.joined(separator: " "))", fields)
    }
}
