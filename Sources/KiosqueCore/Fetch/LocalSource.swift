import Foundation

/// Where `file:` sources may be read from: the recipe's own folder, and the folders `catalog.yml`
/// lists in `allowed_file_roots`. Checked on the written path when the recipe is read, and again on
/// the real path (symbolic links followed) just before reading.
enum LocalSource {
    /// The local path a source URL names, or nil for a network URL.
    static func path(of url: String, recipe: URL) -> URL? {
        let resolved = Fetcher.resolve(url, relativeTo: recipe.deletingLastPathComponent())
        guard resolved.lowercased().hasPrefix("file:"), let parsed = URL(string: resolved) else { return nil }
        return URL(fileURLWithPath: parsed.path).standardizedFileURL
    }

    static func isAllowed(_ path: URL, recipe: URL, roots: [URL]) -> Bool {
        let folders = [recipe.deletingLastPathComponent().standardizedFileURL] + roots
        return folders.contains { folder in path.path.hasPrefix(folder.path.hasSuffix("/") ? folder.path : folder.path + "/") }
    }

    /// The same check on real paths: a link inside the folder to a file outside it is refused.
    static func isAllowedAfterLinks(_ path: URL, recipe: URL, roots: [URL]) -> Bool {
        func real(_ url: URL) -> URL? {
            guard let resolved = realpath(url.path, nil) else { return nil }
            defer { free(resolved) }
            return URL(fileURLWithPath: String(cString: resolved))
        }
        guard let target = real(path) else { return true }  // a missing file fails later, with its own message
        let folders = ([recipe.deletingLastPathComponent()] + roots).compactMap(real)
        return folders.contains { target.path.hasPrefix($0.path.hasSuffix("/") ? $0.path : $0.path + "/") }
    }
}
