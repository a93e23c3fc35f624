import Crypto
import Foundation

/// What the last successful run learnt about a source, kept in `Catalog/validators/<id>.json`
/// to ask "has it changed?" next time. Losing it costs only a full fetch.
struct SourceValidators: Codable, Equatable {
    /// The recipe's source URL, as written (without credentials).
    var url: String
    var etag: String?
    var lastModified: String?
    /// Fingerprint of the body as written to disk (decompressed).
    var fingerprint: String
    /// Fingerprint of the recipe that turned it into `version`.
    var recipe: String
    /// The version that was current when the source was last seen.
    var version: String

    enum CodingKeys: String, CodingKey {
        case url, etag, fingerprint, recipe, version
        case lastModified = "last_modified"
    }

    static func file(_ workspace: Workspace, _ id: String) -> URL {
        workspace.catalog.appendingPathComponent("validators/\(id).json")
    }

    static func load(_ workspace: Workspace, _ id: String) -> SourceValidators? {
        guard let data = FileManager.default.contents(atPath: file(workspace, id).path) else { return nil }
        return try? JSONDecoder().decode(SourceValidators.self, from: data)
    }

    func save(_ workspace: Workspace, _ id: String) throws {
        let url = Self.file(workspace, id)
        try TestHooks.failure("validators", writing: url)
        let data = try JSONCoding.encoder.encode(self) + Data("\n".utf8)
        if FileManager.default.contents(atPath: url.path) != data { try FileSystem.writeAtomically(data, to: url) }
    }

    /// What, besides the source, decides the published bytes: the recipe (its text as it was read,
    /// not read again) and the tool's version.
    static func fingerprint(of recipe: Recipe) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(KiosqueVersion.current.utf8))
        hasher.update(data: Data(recipe.fileText.utf8))
        return Hex.string(hasher.finalize())
    }
}
