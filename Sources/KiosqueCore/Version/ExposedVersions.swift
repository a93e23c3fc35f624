import Foundation

/// Versions still published with what the recipe now keeps out: a field it drops (read from
/// `versions.json`, each version's published field names), or a field it now anonymises that a
/// version published as the source had it (read from that version's `report.json`, which names the
/// operator applied to each field). What is left online after a recipe that had lost its
/// `anonymise:` was fixed: the new version is clean, these are not, and only `kiosque withdraw`
/// takes them down. Never read from the data files.
enum ExposedVersions {
    struct Exposure {
        var version: String
        /// Published fields the recipe now drops.
        var dropped: [String]
        /// Fields the recipe now pseudonymises, masks, redacts, generalises or rounds, which this
        /// version published without an operator.
        var raw: [String]
    }

    /// Each version that published a field the recipe now drops or anonymises, newest first.
    static func find(_ recipe: Recipe, history: VersionHistory, workspace: Workspace) -> [Exposure] {
        let dropped = Set(recipe.fields.filter { $0.anonymise == .drop }.map(\.name))
        let anonymised = Set(recipe.fields.filter { $0.anonymise != nil && $0.anonymise != .drop }.map(\.name))
        guard !dropped.isEmpty || !anonymised.isEmpty else { return [] }
        return history.versions.compactMap { entry in
            let candidates = entry.fields.filter(anonymised.contains)
            var raw: [String] = []
            // A version whose report cannot be read is not told exposed: nothing says it was.
            if !candidates.isEmpty, let operators = operators(workspace, recipe.id, entry.version) {
                raw = candidates.filter { operators[$0] == nil }
            }
            let found = Exposure(version: entry.version, dropped: entry.fields.filter(dropped.contains), raw: raw)
            return found.dropped.isEmpty && found.raw.isEmpty ? nil : found
        }
    }

    /// The operator a version's `report.json` names for each field it anonymised.
    static func operators(_ workspace: Workspace, _ id: String, _ version: String) -> [String: String]? {
        let url = workspace.versionFolder(id, version).appendingPathComponent("report.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fields = (report["privacy"] as? [String: Any])?["fields"] as? [[String: Any]] else { return nil }
        var operators: [String: String] = [:]
        for item in fields {
            if let field = item["field"] as? String, let name = item["operator"] as? String { operators[field] = name }
        }
        return operators
    }

    /// What to say about them, and the fields concerned; nil when there are none.
    static func warning(_ recipe: Recipe, history: VersionHistory, workspace: Workspace) -> (message: String, fields: [String])? {
        let found = find(recipe, history: history, workspace: workspace)
        guard !found.isEmpty else { return nil }
        let dropped = Array(Set(found.flatMap(\.dropped))).sorted()
        let raw = Array(Set(found.flatMap(\.raw))).sorted()
        let versions = found.map(\.version)
        func named(_ fields: [String]) -> String { fields.map { "'\($0)'" }.joined(separator: ", ") }
        var what: [String] = []
        if !dropped.isEmpty { what.append("\(named(dropped)), which the recipe now drops") }
        if !raw.isEmpty { what.append("\(named(raw)) as the source had \(raw.count == 1 ? "it" : "them"), which the recipe now anonymises") }
        return ("\(versions.count == 1 ? "version" : "versions") \(versions.joined(separator: ", ")) "
            + "\(versions.count == 1 ? "publishes" : "publish") \(what.joined(separator: ", and ")); if that is personal data, "
            + "take \(versions.count == 1 ? "it" : "them") down: " + "kiosque withdraw \(recipe.id) \(versions.joined(separator: " "))",
            (dropped + raw).sorted())
    }
}
