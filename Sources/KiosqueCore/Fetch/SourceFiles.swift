import Foundation

/// A source url whose file name holds `*` (`sources/naissances/*.csv`): every file of its folder
/// that the name matches, read one after the other in the order of their names, as one source.
/// For administrations that export a file per month or per office into one folder.
public enum SourceFiles {
    /// Whether `url` names files by a pattern: a local path (or `file:` URL) with `*` in its file name.
    public static func isPattern(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":"), url[..<colon].count > 1 else { return fileName(of: url).contains("*") }
        return url.lowercased().hasPrefix("file:") && fileName(of: url).contains("*")
    }

    /// Whether a `*` is in the url's folders rather than its file name.
    static func patternInFolder(_ url: String) -> Bool {
        url.split(separator: "/").dropLast().contains { $0.contains("*") }
    }

    private static func fileName(of url: String) -> Substring {
        url.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    }

    /// The `file:` URLs of the files the pattern matches, in the order of their names (numbers by
    /// their value: `2.csv` before `10.csv`); hidden files and folders are left out. Throws when there is none, as a source
    /// that is not there would.
    static func matching(_ url: String, recipe: URL) throws -> [String] {
        guard let path = LocalSource.path(of: url, recipe: recipe) else { return [] }
        return try matching(path: path).map(\.absoluteString)
    }

    /// Why a local path's pattern (`exports/*.csv`, from the current folder) matches no file; nil when it does.
    public static func noMatch(_ path: String) -> String? {
        do {
            _ = try matching(path: URL(fileURLWithPath: path).standardizedFileURL)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The files `path`'s file name matches in its folder, by name.
    static func matching(path: URL) throws -> [URL] {
        let folder = path.deletingLastPathComponent()
        let pattern = path.lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let matched = names.filter { name in
            guard !name.hasPrefix("."), fnmatch(pattern, name, 0) == 0 else { return false }
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted(by: inNameOrder)
        guard !matched.isEmpty else {
            let place = FileManager.default.fileExists(atPath: folder.path) ? "in \(folder.path)" : "\(folder.path) does not exist"
            throw DecodeError("no file matches \(pattern) (\(place)); check source url, or whether the export has run")
        }
        return matched.map { folder.appendingPathComponent($0) }
    }

    /// Names in order, their digits read as numbers (`export-2.csv` before `export-10.csv`, as a
    /// person lists them), then byte by byte, so that the order is the same on every machine.
    static func inNameOrder(_ left: String, _ right: String) -> Bool {
        switch left.compare(right, options: [.numeric, .literal]) {
        case .orderedAscending: true
        case .orderedDescending: false
        case .orderedSame: Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
        }
    }

    /// How a matched file is named in messages and the report: its path from the recipe's folder
    /// when it is under it (`sources/naissances/2024-03.csv`), else its whole path.
    static func shownName(_ file: String, recipe: URL) -> String {
        let path = URL(string: file).map { URL(fileURLWithPath: $0.path).path } ?? file
        let folder = recipe.deletingLastPathComponent().standardizedFileURL.path
        return path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }

    /// One body standing for every file: the first's, with the bytes of all, and a fingerprint of
    /// every file's name and fingerprint, so that a file added, removed or changed is a change.
    static func combined(_ bodies: [(name: String, body: FetchedBody)]) -> FetchedBody {
        var body = bodies[0].body
        body.bytes = bodies.reduce(0) { $0 + $1.body.bytes }
        body.fingerprint = Publication.sha256(Data(bodies.map { "\($0.name)\u{0}\($0.body.fingerprint)\n" }.joined().utf8))
        body.inPlace = nil
        return body
    }
}
