import Foundation

/// What reusers of the current version would find changed in this run's files: a file gone (a
/// format no longer published, whose stable URL goes with it), a field gone, or a field whose
/// published type changed (an `integer` column now `string`). Their downloads, scripts and schema
/// checks break on each, so the run says so in its notes, from the dry run on.
enum SchemaChanges {
    static func notes(recipe: Recipe, files: [String], published: [String], types: [TypeChange], current: VersionEntry) -> [String] {
        [withdrawnFormats(recipe.id, files: files, current: current),
         removedFields(published, current: current),
         changedTypes(types, current: current)].compactMap { $0 }
    }

    private static func withdrawnFormats(_ id: String, files: [String], current: VersionEntry) -> String? {
        let withdrawn = current.files.filter { !files.contains($0.name) }
        guard !withdrawn.isEmpty else { return nil }
        let urls = withdrawn.map { "datasets/\(id)/\($0.name)" }.joined(separator: ", ")
        let one = withdrawn.count == 1
        return "\(one ? "format" : "formats") \(withdrawn.map { "'\($0.format)'" }.joined(separator: ", ")), published in \(current.version), "
            + "\(one ? "is" : "are") not in publish formats any more: the stable URL\(one ? "" : "s") \(urls) \(one ? "goes" : "go"), and a reuser "
            + "who downloads \(one ? "it" : "them") gets an error; if it is meant, say so in the dataset's description"
    }

    private static func removedFields(_ published: [String], current: VersionEntry) -> String? {
        let removed = current.fields.filter { !published.contains($0) }
        guard !removed.isEmpty else { return nil }
        let names = removed.map { "'\($0)'" }.joined(separator: ", ")
        let one = removed.count == 1
        return "\(one ? "field" : "fields") \(names), published in \(current.version), \(one ? "is" : "are") not in this run's files: "
            + "a reuser's script that reads \(one ? "it" : "them") breaks; if \(one ? "it was" : "they were") renamed, say so in the dataset's description"
    }

    private static func changedTypes(_ changed: [TypeChange], current: VersionEntry) -> String? {
        guard let first = changed.first else { return nil }
        let what = changed.count == 1
            ? "the type of field '\(first.field)' changes from \(first.from) (in \(current.version)) to \(first.to)"
            : "the types of fields \(changed.map { "'\($0.field)' (\($0.from) to \($0.to))" }.joined(separator: ", ")) change since \(current.version)"
        return "\(what): a reuser's typed reading (JSON values, a schema check) breaks; if it is meant, say so in the dataset's description"
    }

    /// The recipe's published fields whose type differs from the one `version` published them in.
    static func typeChanges(_ recipe: Recipe, since version: String, _ workspace: Workspace) -> [TypeChange] {
        let before = publishedTypes(recipe.id, version, workspace)
        return recipe.publishedFields.compactMap { field in
            guard let old = before[field.name], old != field.publishedType else { return nil }
            return TypeChange(field: field.name, from: old, to: field.publishedType)
        }
    }

    /// The published type of each field of `version`, as the table schema of its datapackage.json
    /// gives them; empty when it has none (a version published as JSON alone).
    static func publishedTypes(_ id: String, _ version: String, _ workspace: Workspace) -> [String: String] {
        let url = workspace.versionFolder(id, version).appendingPathComponent("datapackage.json")
        guard let data = try? Data(contentsOf: url), let package = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let resources = package["resources"] as? [[String: Any]] else { return [:] }
        for resource in resources {
            guard let schema = resource["schema"] as? [String: Any], let fields = schema["fields"] as? [[String: Any]] else { continue }
            var types: [String: String] = [:]
            for field in fields {
                if let name = field["name"] as? String, let type = field["type"] as? String { types[name] = type }
            }
            return types
        }
        return [:]
    }
}
