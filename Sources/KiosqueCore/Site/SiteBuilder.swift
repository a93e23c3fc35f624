import Foundation

/// Writes the static site under `Output/`: the home page and a page per dataset in each of the
/// catalogue's languages, the Atom feed, the sitemap (named in robots.txt) and the stylesheet. Pages link to each other
/// relatively, so the site works from any static host and from the file system.
struct SiteBuilder {
    let settings: CatalogSettings
    let workspace: Workspace
    let templates: SiteTemplates
    /// Datasets whose every version was withdrawn: no page, but the feed announces the withdrawals.
    var emptied: [(Recipe, VersionHistory)] = []
    /// How many versions a dataset's page lists, newest first; `versions.json` has them all.
    static let versionsShown = 30

    /// `datasets`: every recipe with a publication, with its history, in catalogue order. Returns
    /// the paths of the files, relative to `Output/`.
    @discardableResult
    func write(_ datasets: [(Recipe, VersionHistory)]) throws -> [String] {
        var pages: [(path: String, page: Page)] = [("assets/kiosque.css", .stylesheet)]
        for language in settings.languages {
            let suffix = language == settings.defaultLanguage ? "" : ".\(language)"
            pages.append(("index\(suffix).html", .home(language)))
            for index in datasets.indices {
                pages.append(("datasets/\(datasets[index].0.id)/index\(suffix).html", .dataset(index, language)))
            }
        }
        pages.append(("feed.atom", .feed))
        // Each dataset's own feed, for a reuser who follows one: also for a dataset whose every
        // version was withdrawn, whose withdrawals are the news.
        for (index, (recipe, _)) in (datasets + emptied).enumerated() {
            pages.append(("datasets/\(recipe.id)/feed.atom", .datasetFeed(index)))
        }
        pages.append(("sitemap.xml", .sitemap))
        // Crawlers read robots.txt at a host's root only: written when Output/ is served there, and
        // never over one of the publisher's own.
        let robots = workspace.output.appendingPathComponent("robots.txt")
        if URLComponents(string: settings.baseURL).map({ $0.path.isEmpty || $0.path == "/" }) == true {
            if !FileSystem.exists(robots) || Self.isOwnRobots(robots) { pages.append(("robots.txt", .robots)) }
        } else if Self.isOwnRobots(robots) {
            try? FileManager.default.removeItem(at: robots)
        }
        // What a dataset page shows from its current version's files, read once for all its languages.
        let shown = try Parallel.map(datasets) { recipe, history in
            history.current.map { CurrentFiles(read: workspace.versionFolder(recipe.id, $0.version), current: $0) }
        }
        // Each page is made from values only (templates, recipes, histories), so they are rendered and
        // written on every core; a file is replaced only when its bytes change.
        _ = try Parallel.map(pages) { path, page in
            let data = Data(try render(page, datasets, shown).utf8)
            let url = workspace.output.appendingPathComponent(path)
            if FileManager.default.contents(atPath: url.path) != data { try FileSystem.writeAtomically(data, to: url) }
        }
        return pages.map(\.path)
    }

    /// Of the files the last rendering wrote (`previous`), the pages this one did not write again
    /// (`written`) in a folder it renders: the home page's folder and the described datasets'.
    /// They are pages of a language the catalogue no longer has (`index.en.html` once `en` has
    /// left `languages`, `index.ar.html` once Arabic is the first language and so `index.html`),
    /// which would stay online frozen at an old version. A retired dataset's pages are not among
    /// them: its folder is not rendered.
    static func stalePages(previous: [String], written: [String], datasets: [String]) -> [String] {
        let folders = Set([""] + datasets.map { "datasets/\($0)/" })
        let now = Set(written)
        return previous.filter { path in
            guard !now.contains(path) else { return false }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let folder = String(path.dropLast(name.count))
            return folders.contains(folder) && name.hasPrefix("index") && name.hasSuffix(".html")
        }
    }

    /// Whether a robots.txt is one kiosque wrote (removed once `base_url` is no longer a host's root,
    /// since it names a sitemap address that is gone), not the publisher's own.
    static func isOwnRobots(_ url: URL) -> Bool {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
        return text.hasPrefix("User-agent: *\nAllow: /\nSitemap: ") && text.hasSuffix("sitemap.xml\n") && text.split(separator: "\n").count == 3
    }

    private enum Page {
        case stylesheet, home(String), dataset(Int, String), feed, datasetFeed(Int), sitemap, robots
    }

    /// The current version's first rows, and the rows it left out for k-anonymity (its `report.json`).
    private struct CurrentFiles: Sendable {
        var preview: (columns: [String], rows: [[String]])?
        var suppressed: Int?

        init(read folder: URL, current: VersionEntry) {
            preview = SitePreview.read(folder, current: current, rows: 20)
            if let data = try? Data(contentsOf: folder.appendingPathComponent("report.json")),
               let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let rows = report["rows"] as? [String: Any] {
                suppressed = rows["suppressed"] as? Int
            }
        }
    }

    private func render(_ page: Page, _ datasets: [(Recipe, VersionHistory)], _ shown: [CurrentFiles?]) throws -> String {
        switch page {
        case .stylesheet: templates.stylesheet
        case .home(let language): try templates.render("home", home(datasets, language: language))
        case .dataset(let index, let language):
            try templates.render("dataset", dataset(datasets[index].0, history: datasets[index].1, shown: shown[index], language: language))
        case .feed: try templates.render("feed", SiteFeeds.feed(datasets + emptied, settings: settings))
        // Numbered over the described datasets, then the emptied ones.
        case .datasetFeed(let index):
            try templates.render("feed", SiteFeeds.feed([index < datasets.count ? datasets[index] : emptied[index - datasets.count]],
                                                        settings: settings, own: true))
        case .sitemap: try templates.render("sitemap", SiteFeeds.sitemap(datasets, settings: settings))
        case .robots: "User-agent: *\nAllow: /\nSitemap: \(settings.baseURL)sitemap.xml\n"
        }
    }

    // MARK: Pages

    private func common(language: String, root: String, page: String, title: String, description: String?) -> [String: Any] {
        let alternates: [[String: Any]] = settings.languages.map { code in
            let suffix = code == settings.defaultLanguage ? "" : ".\(code)"
            return ["code": code, "name": SiteStrings.languageNames[code] ?? code, "current": code == language,
                    "file": "index\(suffix).html", "href": settings.baseURL + page + (suffix.isEmpty ? "" : "index\(suffix).html")]
        }
        var context: [String: Any] = [
            "lang": language, "dir": SiteStrings.direction(language), "root": root,
            "homeFile": language == settings.defaultLanguage ? "index.html" : "index.\(language).html",
            "words": SiteStrings.words(for: language), "alternates": alternates, "pageTitle": title,
            "generatedBy": "Kiosque \(KiosqueVersion.current)",
        ]
        if let catalogTitle = text(settings.title, language) { context["catalogTitle"] = catalogTitle }
        if let description { context["pageDescription"] = description }
        return context
    }

    /// A text in `language` (or the nearest one), with its own language and direction for the page to mark.
    /// A text in the page's language (or the closest one there is), without the line breaks a
    /// YAML block leaves at its ends; `summary` keeps its first paragraph only, for lists and meta tags.
    func text(_ text: LocalizedText?, _ language: String, summary: Bool = false) -> [String: Any]? {
        guard let text else { return nil }
        let chosen = LanguageTag.chosen(language, fallbacks: settings.languages, in: text.texts) ?? language
        let written = (text.texts[chosen] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return ["text": summary ? Self.firstParagraph(written) : written, "lang": chosen, "dir": SiteStrings.direction(chosen)]
    }

    /// A description's first paragraph (up to its first blank line), on one line.
    static func firstParagraph(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.prefix { !$0.allSatisfy(\.isWhitespace) }
        return first.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    private func home(_ datasets: [(Recipe, VersionHistory)], language: String) -> [String: Any] {
        let title = settings.title.text(in: language, fallbacks: settings.languages)
        var context = common(language: language, root: "", page: "", title: title,
                             description: settings.description.map { Self.firstParagraph($0.text(in: language, fallbacks: settings.languages)) })
        context["catalogDescription"] = text(settings.description, language)
        let suffix = language == settings.defaultLanguage ? "" : ".\(language)"
        context["datasets"] = datasets.compactMap { recipe, history -> [String: Any]? in
            guard let current = history.current else { return nil }
            let publisher = publisher(of: recipe)
            let themes = recipe.themes.map { theme(of: $0, language) }
            let titles = recipe.title.languages.compactMap { recipe.title.texts[$0] }
            let publishers = publisher.map { name in name.name.languages.compactMap { name.name.texts[$0] } } ?? []
            let search = (titles + publishers + themes + recipe.keywords.tagged(order: settings.languages).map(\.word)).joined(separator: " ")
            return Self.compact([
                "href": "datasets/\(recipe.id)/index\(suffix).html",
                "title": text(recipe.title, language),
                "description": text(recipe.description, language, summary: true),
                "publisher": text(publisher?.name, language),
                "themes": themes, "hasThemes": !themes.isEmpty,
                "modified": current.issued, "modifiedDate": String(current.issued.prefix(10)),
                "formats": current.files.map { $0.format.uppercased() },
                "search": search,
            ])
        }
        return context
    }

    private func dataset(_ recipe: Recipe, history: VersionHistory, shown: CurrentFiles?, language: String) -> [String: Any] {
        let title = recipe.title.text(in: language, fallbacks: settings.languages)
        var context = common(language: language, root: "../../", page: "datasets/\(recipe.id)/", title: title,
                             description: recipe.description.map { Self.firstParagraph($0.text(in: language, fallbacks: settings.languages)) })
        let current = history.current
        let publisher = publisher(of: recipe)
        let licence = recipe.license ?? settings.license
        context["title"] = text(recipe.title, language)
        context["description"] = text(recipe.description, language)
        context["publisher"] = text(publisher?.name, language)
        context["publisherHomepage"] = publisher?.homepage
        if let contact = settings.contact {
            context["contact"] = Self.compact(["name": contact.name, "email": contact.email])
        }
        context["licence"] = licence
        context["licenceURL"] = Licence.isURL(licence) ? licence : "https://spdx.org/licenses/\(licence).html"
        context["frequency"] = recipe.frequency.map { SiteStrings.frequency($0, in: language) }
        context["modified"] = current?.issued ?? ""
        context["modifiedDate"] = String((current?.issued ?? "").prefix(10))
        context["currentVersion"] = current?.version ?? ""
        // The page's language's words, else the catalogue's first language's, marked with theirs.
        let keywords = recipe.keywords.words(in: language, fallbacks: settings.languages)
        context["keywords"] = keywords?.words ?? []
        context["hasKeywords"] = keywords != nil
        if let keywords {
            context["keywordsLang"] = keywords.language
            context["keywordsDir"] = SiteStrings.direction(keywords.language)
        }
        let themes = recipe.themes.map { theme(of: $0, language) }
        context["themes"] = themes
        context["hasThemes"] = !themes.isEmpty
        // A country by its name in the page's language (ICU's), any other place by its address.
        let places = (recipe.spatial ?? settings.spatial).map { iri -> [String: Any] in
            ["href": iri, "name": Country.name(iri: iri, language: language) ?? iri]
        }
        context["places"] = places
        context["hasPlaces"] = !places.isEmpty
        context["downloads"] = (current?.files ?? []).map { file -> [String: Any] in
            ["name": file.name, "href": file.name, "format": file.format.uppercased(),
             "size": SiteStrings.size(file.bytes, in: language), "sha256": file.sha256]
        }
        context["fields"] = recipe.fields.map { field -> [String: Any] in
            let parts = constraints(field, recipe: recipe, language: language)
            let codes = codes(field, language)
            return Self.compact([
                "name": field.name,
                "type": field.isDropped ? "—" : field.publishedType,
                // The type in the page's words beside its Table Schema name (`entier`, `integer`).
                "typeText": field.isDropped ? nil : SiteStrings.typeName(field.publishedType, in: language),
                "description": text(field.description, language),
                "codes": codes, "hasCodes": !codes.isEmpty,
                // As one text for templates written before the list; the shipped one uses the list.
                "constraints": parts.map(\.text).joined(separator: " · "),
                "constraintList": parts.enumerated().map { index, part -> [String: Any] in
                    ["text": part.text, "dir": part.leftToRight ? "ltr" : "auto", "separator": index == 0 ? "" : " · "]
                },
                "anonymisation": field.anonymise.map { SiteStrings.operation($0, keyID: current?.pseudonymKeys?[field.name], in: language) } ?? "",
            ])
        }
        if !recipe.primaryKey.isEmpty { context["primaryKey"] = recipe.primaryKey.joined(separator: ", ") }
        if let privacy = recipe.privacy {
            // What reusers need to know before adding rows up: some were left out.
            context["kAnonymity"] = SiteStrings.kAnonymity(k: privacy.k, quasiIdentifiers: privacy.quasiIdentifiers,
                                                           suppressed: shown?.suppressed, version: current?.version, in: language)
        }
        if let preview = shown?.preview {
            context["hasPreview"] = true
            context["previewColumns"] = preview.columns
            context["previewRows"] = preview.rows.map { ["cells": $0] }
        }
        let versions = history.versions.map { entry -> [String: Any] in
            [
                "version": entry.version, "issued": entry.issued, "issuedDate": String(entry.issued.prefix(10)), "rows": entry.rows,
                "rowsText": SiteStrings.rows(entry.rows, in: language),
                "notes": entry.changes.map { SiteStrings.note($0, in: language) } ?? (SiteStrings.words(for: language)["first"] ?? "First version"),
                "files": entry.files.map { ["name": $0.name, "href": "\(entry.version)/\($0.name)"] }
                    // The rows that changed since the previous version, said in words: the name alone does not tell it.
                    + (entry.changes?.file.map { [["name": $0, "href": "\(entry.version)/\($0)", "hint": SiteStrings.changedRows(in: language)]] } ?? [])
                    + [["name": "datapackage.json", "href": "\(entry.version)/datapackage.json"],
                       ["name": "report.json", "href": "\(entry.version)/report.json"]],
            ]
        }
        // Every version for a publisher's own template; the shipped one shows the newest, as a
        // daily dataset kept for years would otherwise make a page of thousands of versions.
        context["versions"] = versions
        context["recentVersions"] = Array(versions.prefix(Self.versionsShown))
        if versions.count > Self.versionsShown {
            context["earlierVersions"] = ["text": SiteStrings.earlierVersions(versions.count - Self.versionsShown, in: language)]
        }
        context["withdrawn"] = (history.withdrawn ?? []).map { record -> [String: Any] in
            ["version": record.version, "withdrawnText": SiteStrings.withdrawn(on: String(record.withdrawn.prefix(10)), in: language)]
        }
        context["dcatRecord"] = "../../catalog/datasets/\(recipe.id).jsonld"
        context["datasetFeed"] = true
        // Beside the stable files, the current version's (`PromotionIntent.complete`); a dataset
        // unchanged since before it was written there has it in its version folder only.
        let stablePackage = workspace.datasetFolder(recipe.id).appendingPathComponent(PromotionIntent.packageName)
        context["datapackage"] = FileSystem.exists(stablePackage) ? PromotionIntent.packageName
                                                                  : "\(current?.version ?? "")/\(PromotionIntent.packageName)"
        if current?.files.contains(where: { $0.format == PublishFormat.csv.rawValue }) == true {
            context["csvw"] = "\(PublishFormat.csv.fileName(for: recipe.id))-metadata.json"
        }
        context["jsonld"] = SchemaOrg.dataset(recipe, history: history, settings: settings, language: language)
        return context
    }

    /// A context whose missing values are `false`: Mustache would take a wrapped nil for a value,
    /// and an absent key makes it look the name up in the enclosing context (a field's missing
    /// description would show the dataset's).
    static func compact(_ values: [String: Any?]) -> [String: Any] {
        values.mapValues { $0 ?? false }
    }

    private func publisher(of recipe: Recipe) -> Publisher? {
        (recipe.publisher ?? settings.defaultPublisher).flatMap { settings.publishers[$0] }
    }

    private func theme(of code: String, _ language: String) -> String {
        guard let label = DataTheme.labels[code] else { return code }
        if language.hasPrefix("ar"), let arabic = DataTheme.arabicLabels[code] { return arabic }
        return language.hasPrefix("fr") ? label.fr : label.en
    }

    /// The labels of a field's values, when its recipe gives them (`enum: {F: Féminin}`), in the
    /// page's language; none for an anonymised field, whose published values are not the listed ones.
    private func codes(_ field: FieldSpec, _ language: String) -> [[String: Any]] {
        guard field.anonymise == nil, let values = field.enumValues, let labels = field.enumLabels else { return [] }
        return zip(values, labels).map { value, label in ["value": value, "label": text(label, language) ?? [:]] }
    }

    /// A field's constraints as the schema table shows them: words in the page's language
    /// (`required`), and expressions (`≥ 300`, a pattern, a list of values) that read left to
    /// right whatever the page's direction, so that an Arabic page does not mirror `{`, `^` or `≥`.
    private func constraints(_ field: FieldSpec, recipe: Recipe, language: String) -> [(text: String, leftToRight: Bool)] {
        let words = SiteStrings.words(for: language)
        var parts: [(text: String, leftToRight: Bool)] = []
        if field.required || recipe.primaryKey.contains(field.name) { parts.append((words["required"] ?? "required", false)) }
        // An anonymised field's checks were made on the source's values, which its list of
        // values would publish (`∈ {Awa Koné, …}` beside a dropped name): as in datapackage.json,
        // only presence carries over.
        guard field.anonymise == nil else { return parts }
        if field.unique { parts.append((words["unique"] ?? "unique", false)) }
        // A sign is kept on the line of what it applies to (a no-break space); a long list still wraps.
        let space = "\u{00A0}"
        if let values = field.enumValues { parts.append(("∈\(space){" + values.joined(separator: ", ") + "}", true)) }
        if let pattern = field.pattern { parts.append(("≈\(space)/\(pattern)/", true)) }
        if let minimum = field.minimum { parts.append(("≥\(space)\(minimum)", true)) }
        if let maximum = field.maximum { parts.append(("≤\(space)\(maximum)", true)) }
        if let length = field.minLength { parts.append(("≥\(space)" + SiteStrings.characters(length, in: language), false)) }
        if let length = field.maxLength { parts.append(("≤\(space)" + SiteStrings.characters(length, in: language), false)) }
        return parts
    }
}
