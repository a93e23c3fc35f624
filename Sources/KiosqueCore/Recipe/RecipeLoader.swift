import Yams
import Foundation

/// Reads recipe files (format v1) into `Recipe` values, reporting every problem at once.
public enum RecipeLoader {
    static let keys = ["id", "title", "description", "keywords", "themes", "license", "publisher", "frequency", "spatial",
                       "source", "fields", "primary_key", "privacy", "validation", "publish"]
    static let idPattern = "^[a-z0-9][a-z0-9-]{0,63}$"

    /// Loads one recipe. `catalog` is used for defaults and cross-checks when it could be read.
    public static func load(_ file: URL, displayPath: String, catalog: CatalogSettings?) -> (Recipe?, [Diagnostic]) {
        guard let text = RecipeFile.read(file, displayPath: displayPath) else {
            return (nil, [Diagnostic(.error, "cannot read \(displayPath)", at: nil)])
        }
        guard case .success(let yaml) = text else {
            if case .failure(let diagnostic) = text { return (nil, [diagnostic]) }
            return (nil, [])
        }
        let reader = YAMLReader(file: displayPath, text: yaml)
        guard let root = reader.root(), let entries = reader.mapping(root, "the recipe", allowed: keys) else {
            return (nil, reader.diagnostics)
        }
        let language = catalog?.defaultLanguage ?? "fr"
        let expectedID = file.deletingPathExtension().lastPathComponent

        var id: String?
        if let node = entries["id"], let text = reader.string(node, "id") {
            if !isIdentifier(text) {
                reader.error("id '\(text)' must be 1 to 64 lower-case letters, digits and hyphens, starting with a letter or digit", at: node)
            } else if text != expectedID {
                reader.error("id '\(text)' must match the file name '\(expectedID).yml'; rename the file or the id", at: node)
            } else {
                id = text
            }
        } else if entries["id"] == nil {
            reader.error("the recipe needs an id, e.g. id: \(expectedID)", at: root)
        }

        var title: LocalizedText?
        if let node = entries["title"] {
            title = reader.localized(node, "title", defaultLanguage: language)
        } else {
            reader.error("the recipe needs a title, e.g. title: {fr: …, en: …}", at: root)
        }
        let description = entries["description"].flatMap { reader.localized($0, "description", defaultLanguage: language) }
        let keywords = entries["keywords"].flatMap { reader.localizedList($0, "keywords", defaultLanguage: language) } ?? LocalizedList()

        var themes: [String] = []
        if let node = entries["themes"], let items = reader.stringItems(node, "themes") {
            for (code, item) in items {
                if DataTheme.codes.contains(code) {
                    themes.append(code)
                } else {
                    let hint = DataTheme.code(named: code).map { " (did you mean '\($0)', \(DataTheme.labels[$0]!.en)?)" }
                        ?? Suggestion.hint(for: code, in: DataTheme.codes)
                    let list = DataTheme.codes.map { "\($0) (\(DataTheme.labels[$0]!.en.lowercased()))" }.joined(separator: ", ")
                    reader.error("unknown theme '\(code)'\(hint); themes are the EU's data-theme codes: \(list)", at: item)
                }
            }
        }

        var license: String?
        if let node = entries["license"], let text = reader.string(node, "license"), checkLicense(text, at: node, reader) {
            license = text
        }

        var publisher: String?
        if let node = entries["publisher"], let text = reader.string(node, "publisher") {
            if let catalog, catalog.publishers[text] == nil {
                let known = catalog.publisherOrder
                reader.error("unknown publisher '\(text)'\(Suggestion.hint(for: text, in: known)); catalog.yml defines \(known.isEmpty ? "none" : known.joined(separator: ", "))", at: node)
            } else {
                publisher = text
            }
        }

        var frequency: Frequency?
        if let node = entries["frequency"], let text = reader.string(node, "frequency") {
            frequency = Frequency(rawValue: text)
            if frequency == nil {
                let names = Frequency.allCases.map(\.rawValue)
                let hint = Frequency.french(text).map { " (did you mean '\($0.rawValue)'? frequencies are written in English)" }
                    ?? Suggestion.hint(for: text, in: names)
                reader.error("unknown frequency '\(text)'\(hint); use one of \(names.joined(separator: ", "))", at: node)
            }
        }

        let spatial = entries["spatial"].flatMap { Self.spatial($0, reader) }

        var source: SourceSpec?
        if let node = entries["source"] {
            source = SourceLoader.load(node, reader)
        } else {
            reader.error("the recipe needs a source, e.g. source: {url: sources/export.csv}", at: root)
        }

        var fields: [FieldSpec] = []
        if let node = entries["fields"] {
            fields = FieldLoader.loadAll(node, language: language, reader)
        } else {
            reader.error("the recipe needs fields: the list of columns to publish", at: root)
        }

        let primaryKey = entries["primary_key"].map { Self.primaryKey($0, fields: fields, reader) } ?? []
        let privacy = entries["privacy"].flatMap { PolicyLoader.privacy($0, fields: fields, reader) }
        let validation = entries["validation"].map { PolicyLoader.validation($0, reader) } ?? ValidationPolicy()
        let publish = entries["publish"].map { PolicyLoader.publish($0, reader) } ?? PublishSpec()

        if let source, let node = entries["source"] {
            checkLocalPath(source, recipe: file, roots: catalog?.allowedFileRoots ?? [], at: node, reader)
            checkColumns(source, fields, fieldsNode: entries["fields"], reader)
            if let unpivot = source.unpivot {
                UnpivotLoader.check(unpivot, fields: fields, primaryKey: primaryKey, keyNode: entries["primary_key"], source: source, at: reader.mapping(node, "source", allowed: [])?["unpivot"], reader)
                UnpivotLoader.checkPrivacy(unpivot, fields: fields, privacy: privacy, at: entries["privacy"], reader)
            }
        }

        guard !reader.hasErrors, let id, let title, let source else { return (nil, reader.diagnostics) }
        var recipe = Recipe(id: id, file: file, title: title, description: description, keywords: keywords,
                            themes: themes, license: license, publisher: publisher, frequency: frequency, spatial: spatial,
                            source: source, fields: fields, primaryKey: primaryKey, privacy: privacy,
                            validation: validation, publish: publish)
        recipe.fileText = yaml
        return (recipe, reader.diagnostics + Self.pointersInCSV(recipe))
    }

    /// Columns by position: every field needs one when the source has no header row, and JSON
    /// records, read by key, have none.
    private static func checkColumns(_ source: SourceSpec, _ fields: [FieldSpec], fieldsNode: Node?, _ reader: YAMLReader) {
        let json = source.namedFormat == .json || source.namedFormat == .ndjson
        for field in fields {
            if field.column != nil, json {
                reader.error("field '\(field.name)': column: applies to CSV and workbook sources; JSON records are read by key, with from:", at: field.spot)
            } else if field.column == nil, !source.header {
                reader.error("field '\(field.name)' needs column: (its position, 1 for the first), as the source has header: false", at: field.spot)
            }
        }
    }

    /// A local source must sit under the recipe's folder, or under a folder catalog.yml allows.
    private static func checkLocalPath(_ source: SourceSpec, recipe: URL, roots: [URL], at node: Node, _ reader: YAMLReader) {
        guard let path = LocalSource.path(of: source.url, recipe: recipe) else { return }
        if !LocalSource.isAllowed(path, recipe: recipe, roots: roots) {
            reader.error("source url \(source.url) is outside the recipe's folder; move the file under \(RecipeSet.displayPath(recipe.deletingLastPathComponent())), or list its folder in allowed_file_roots in catalog.yml",
                         at: reader.mapping(node, "source", allowed: [])?["url"] ?? node)
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        func allowed(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return allowed(bytes[0]) && bytes.dropFirst().allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") }
    }

    /// A `from:` written as a JSON pointer in a recipe whose source is CSV: most likely a recipe
    /// copied from a JSON one. A warning, as a CSV header may start with `/`.
    static func pointersInCSV(_ recipe: Recipe) -> [Diagnostic] {
        guard recipe.source.namedFormat == .csv else { return [] }
        return recipe.fields.filter { $0.from.count > 1 && $0.from.hasPrefix("/") }.map { field in
            Diagnostic(.warning, "field '\(field.name)' reads '\(field.from)', a JSON pointer, but the source is CSV, where from: is a column's header as the export writes it", at: field.spot)
        }
    }

    /// `spatial:`, in a recipe or catalog.yml: the places a dataset covers, as the IRIs of
    /// `dct:spatial`. A country by its ISO 3166-1 alpha-3 code (`CIV`), which the EU's country
    /// table names; any other place (a region, a town) by an http or https IRI, such as GeoNames'.
    static func spatial(_ node: Node, _ reader: YAMLReader) -> [String]? {
        guard let items = reader.stringItems(node, "spatial") else { return nil }
        var places: [String] = []
        for (text, item) in items {
            if Country.codes.contains(text) {
                places.append(Country.iri(text))
            } else if Licence.isURL(text) {
                places.append(text)
            } else {
                let upper = text.uppercased()
                let hint = Country.alpha3ByAlpha2[upper].map { " (did you mean \($0)? countries are written with their three-letter code)" }
                    ?? (Country.codes.contains(upper) ? " (did you mean \(upper)?)" : Suggestion.hint(for: upper, in: Country.codes.sorted()))
                reader.error("unknown place '\(text)'\(hint); spatial takes a country's ISO 3166-1 three-letter code, such as CIV for Côte d'Ivoire or SEN for Senegal, or the http(s) IRI of a place, such as a GeoNames one", at: item)
                return nil
            }
        }
        return places
    }

    static func checkLicense(_ text: String, at node: Node, _ reader: YAMLReader) -> Bool {
        if Licence.known[text] != nil || Licence.isURL(text) { return true }
        let known = Licence.known.keys.sorted()
        reader.error("unknown licence '\(text)'\(Suggestion.hint(for: text, in: known)); give an SPDX id (\(known.joined(separator: ", "))) or the licence's URL\(CatalogLoader.encodingHint(text))", at: node)
        return false
    }

    private static func primaryKey(_ node: Node, fields: [FieldSpec], _ reader: YAMLReader) -> [String] {
        guard let items = reader.stringItems(node, "primary_key") else { return [] }
        let names = items.map(\.text)
        let byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, item) in items {
            guard let field = byName[name] else {
                reader.error("primary_key names '\(name)', which is not a field\(Suggestion.hint(for: name, in: fields.map(\.name)))", at: item)
                continue
            }
            if field.isDropped {
                reader.error("primary_key field '\(name)' is dropped; a key must be published", at: item)
            }
        }
        if Set(names).count != names.count { reader.error("primary_key names a field twice", at: node) }
        return names
    }
}
