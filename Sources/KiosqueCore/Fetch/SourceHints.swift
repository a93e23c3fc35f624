import Foundation

/// What `check` can tell offline about a recipe's source before `run` fetches it: a local file
/// that is not there, a `ca_file` that cannot be read, a header's secret not set where check runs.
/// Warnings, not errors: the export may put the file there before cron runs, and cron may have the
/// secret that a recipes repository's CI has not. `run` fails on each, naming it.
enum SourceHints {
    static func warnings(_ recipe: Recipe, environment: [String: String]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let source = recipe.source
        let folder = recipe.file.deletingLastPathComponent()
        let url = Fetcher.resolve(source.url, relativeTo: folder)
        if url.lowercased().hasPrefix("file:"), let path = URL(string: url)?.path, !FileManager.default.fileExists(atPath: path) {
            diagnostics.append(Diagnostic(.warning, "the source file \(path) does not exist; run fails until the export puts it there (a path in url is relative to the recipe's folder)", at: source.urlSpot))
        }
        if let caFile = source.caFile, let file = source.caFileURL(recipeFolder: folder) {
            if !FileManager.default.isReadableFile(atPath: file.path) {
                diagnostics.append(Diagnostic(.warning, "ca_file \(caFile) cannot be read (\(file.standardizedFileURL.path)); run fails until it is a PEM file, relative to the recipe's folder", at: source.caFileSpot))
            }
        }
        for header in source.headers {
            for name in EnvReference.names(in: header.value) ?? [] where (environment[name] ?? "").isEmpty {
                diagnostics.append(Diagnostic(.warning, "header '\(header.name)' reads the environment variable \(name), which is not set here; kiosque run fails until it is exported in its environment", at: source.headersSpot))
            }
        }
        return diagnostics
    }
}
