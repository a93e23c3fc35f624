import Foundation

/// The Atom feed (one entry per version, and one per withdrawal) and the sitemap.
enum SiteFeeds {
    /// `own`: the feed of the one dataset in `datasets`, at `datasets/<id>/feed.atom`, under its title.
    static func feed(_ datasets: [(Recipe, VersionHistory)], settings: CatalogSettings, own: Bool = false) -> [String: Any] {
        let language = settings.defaultLanguage
        var entries: [(issued: String, dataset: String, age: Int, entry: [String: Any])] = []
        for (recipe, history) in datasets {
            let publisher = (recipe.publisher ?? settings.defaultPublisher).flatMap { settings.publishers[$0] }
            let title = recipe.title.text(in: language, fallbacks: settings.languages)
            let author = publisher?.name.text(in: language, fallbacks: settings.languages) ?? title
            // The history lists the newest first: its position orders versions issued at the same
            // second (`SOURCE_DATE_EPOCH`), whose names do not sort (`2026-11-21/` after `.3/`).
            for (age, version) in history.versions.enumerated() {
                // The rows that changed, for a reader that keeps a copy up to date (`ChangedRows`).
                let changes = version.changes?.file.map { settings.baseURL + "datasets/\(recipe.id)/\(version.version)/\($0)" }
                entries.append((version.issued, recipe.id, age, SiteBuilder.compact([
                    "id": settings.baseURL + "datasets/\(recipe.id)/\(version.version)/",
                    "title": "\(title) — \(version.version)",
                    "updated": version.issued,
                    "link": settings.baseURL + "datasets/\(recipe.id)/",
                    "author": author,
                    // In the feed's language (xml:lang), as the titles are.
                    "summary": version.changes.map { SiteStrings.note($0, in: language) } ?? SiteStrings.firstVersion(rows: version.rows, in: language),
                    "changes": changes,
                ])))
            }
            // A withdrawal is news for whoever downloaded the version: an entry of its own, under
            // another id than the version's, so that a reader that kept the version's sees it.
            for record in history.withdrawn ?? [] {
                entries.append((record.withdrawn, recipe.id, -1, [
                    "id": settings.baseURL + "datasets/\(recipe.id)/\(record.version)/#withdrawn",
                    "title": "\(title) — \(record.version) (\(SiteStrings.words(for: language)["withdrawnTitle"] ?? "withdrawn"))",
                    "updated": record.withdrawn,
                    "link": settings.baseURL + (history.current == nil ? "" : "datasets/\(recipe.id)/"),
                    "author": author,
                    "summary": SiteStrings.withdrawn(on: String(record.withdrawn.prefix(10)), in: language),
                ]))
            }
        }
        entries.sort { ($0.issued, $0.dataset, -$0.age) > ($1.issued, $1.dataset, -$1.age) }
        let dataset = own ? datasets.first?.0 : nil
        let folder = dataset.map { "datasets/\($0.id)/" } ?? ""
        // A dataset whose every version was withdrawn has no page: its feed points home.
        let page = own && datasets.first?.1.current == nil ? "" : folder
        return [
            "lang": language,
            "id": settings.baseURL + folder + "feed.atom",
            "home": settings.baseURL + page,
            "title": dataset.map { $0.title.text(in: language, fallbacks: settings.languages) } ?? settings.title.text(in: language, fallbacks: settings.languages),
            "updated": entries.first?.issued ?? "1970-01-01T00:00:00Z",
            "entries": entries.prefix(100).map(\.entry),
        ]
    }

    static func sitemap(_ datasets: [(Recipe, VersionHistory)], settings: CatalogSettings) -> [String: Any] {
        var urls: [[String: Any]] = []
        let modified = datasets.compactMap { $0.1.current == nil ? nil : $0.1.modified }.max()
        for language in settings.languages {
            let page = language == settings.defaultLanguage ? "" : "index.\(language).html"
            urls.append(SiteBuilder.compact(["loc": settings.baseURL + page, "lastmod": modified.map { String($0.prefix(10)) }]))
            for (recipe, history) in datasets {
                urls.append(SiteBuilder.compact(["loc": settings.baseURL + "datasets/\(recipe.id)/" + page,
                                                 "lastmod": history.modified.map { String($0.prefix(10)) }]))
            }
        }
        return ["urls": urls]
    }
}
