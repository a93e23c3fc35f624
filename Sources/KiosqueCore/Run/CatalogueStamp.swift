import Crypto
import Foundation

/// What the catalogue and the site were last rendered from, so that a run in which nothing they
/// depend on changed (every source unchanged, no recipe or template edited) does not render them
/// again. They are a function of the program, `catalog.yml`, the recipes, the publisher's templates
/// and each dataset's `versions.json` (a version folder is never changed once written); the stamp
/// holds a SHA-256 of all of those and the files the rendering wrote. A run renders again when the
/// digest differs, when the stamp is missing or unreadable, or when one of those files is gone.
/// `kiosque site` always renders. The stamp is removed before rendering and written after it, so a
/// rendering cut short is never taken for a finished one.
struct CatalogueStamp {
    let workspace: Workspace

    /// `Catalog/validators/`, beside the sources' conditional-fetch validators: state of the same
    /// kind, lost harmlessly with `Catalog/` (the next run renders again).
    var file: URL { workspace.catalog.appendingPathComponent("validators/catalogue-and-site.json") }

    /// The written files, each relative to the folder it is in.
    struct Written: Codable {
        var catalog: [String] = []
        var output: [String] = []
    }

    private struct Stored: Codable {
        var inputs: String
        var written: Written
    }

    /// The SHA-256 of everything the rendering reads, in a fixed order, each part framed by its
    /// name and length so that no two different sets of inputs give the same stream.
    /// The settings and recipes count as the text they were read from, so that a file edited while
    /// a run reads it cannot give a stamp of what was not rendered.
    static func digest(workspace: Workspace, settings: CatalogSettings, recipes: [Recipe]) throws -> String {
        var hash = SHA256()
        func add(_ name: String, _ data: Data?) {
            hash.update(data: Data("\(name)\n\(data.map { String($0.count) } ?? "absent")\n".utf8))
            if let data { hash.update(data: data) }
        }
        add("kiosque \(KiosqueVersion.current)", executableIdentity())
        add("catalog.yml", Data(settings.fileText.utf8))
        let templates = workspace.pipelines.appendingPathComponent("templates")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: templates.path)) ?? []).sorted()
        for name in names {
            let url = templates.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                add("templates/\(name)", try read(url))
            }
        }
        for recipe in recipes.sorted(by: { $0.id < $1.id }) {
            add("recipe \(recipe.id)", Data(recipe.fileText.utf8))
            add("versions \(recipe.id)", try read(workspace.historyFile(recipe.id)))
        }
        return Hex.string(hash.finalize())
    }

    /// Whether the stamp records `inputs` and every file it lists is still there.
    func isCurrent(_ inputs: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: file.path),
              let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.inputs == inputs else { return false }
        let present = { (root: URL, paths: [String]) in
            paths.allSatisfy { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
        }
        return present(workspace.catalog, stored.written.catalog) && present(workspace.output, stored.written.output)
    }

    /// The files the last finished rendering wrote, whatever it was rendered from; nil without a stamp.
    func written() -> Written? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return (try? JSONDecoder().decode(Stored.self, from: data))?.written
    }

    func clear() throws {
        if unlink(file.path) != 0, errno != ENOENT {
            throw PublishError("cannot remove \(file.path): \(String(cString: strerror(errno)))")
        }
    }

    func save(_ inputs: String, written: Written) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileSystem.writeAtomically(try encoder.encode(Stored(inputs: inputs, written: written)), to: file)
    }

    /// A file's bytes, or nil when there is no file.
    private static func read(_ url: URL) throws -> Data? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try Data(contentsOf: url)
    }

    /// The running program's size, modification time and inode: a rebuilt program renders again
    /// even when its version number did not change.
    private static func executableIdentity() -> Data? {
        guard let path = Bundle.main.executableURL?.path else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Data("\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)".utf8)
    }
}
