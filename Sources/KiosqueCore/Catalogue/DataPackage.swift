import Foundation

/// The Frictionless Data Package (v2) of one version: its files and the Table Schema that was enforced.
enum DataPackage {
    static func make(recipe: Recipe, settings: CatalogSettings, version: String, issued: String,
                     files: [VersionFile]) -> [String: Any] {
        let language = settings.defaultLanguage
        var package: [String: Any] = [
            "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
            "name": recipe.id,
            "id": Workspace.publicURL(settings.baseURL, "datasets/\(recipe.id)/\(version)/"),
            "title": recipe.title.text(in: language, fallbacks: settings.languages),
            "version": version,
            "created": issued,
            "homepage": Workspace.publicURL(settings.baseURL, "datasets/\(recipe.id)/"),
        ]
        if let description = recipe.description?.text(in: language, fallbacks: settings.languages) {
            package["description"] = description
        }
        if let keywords = recipe.keywords.words(in: language, fallbacks: settings.languages) { package["keywords"] = keywords.words }
        let licence = recipe.license ?? settings.license
        package["licenses"] = [Licence.isURL(licence) ? ["path": licence] : ["name": licence, "path": Licence.iri(licence)]]
        if let key = recipe.publisher ?? settings.defaultPublisher, let publisher = settings.publishers[key] {
            var contributor: [String: Any] = ["title": publisher.name.text(in: language, fallbacks: settings.languages),
                                              "roles": ["publisher"]]
            if let email = publisher.email { contributor["email"] = email }
            if let homepage = publisher.homepage { contributor["path"] = homepage }
            package["contributors"] = [contributor]
        }
        package["resources"] = files.map { resource($0, recipe: recipe, settings: settings) }
        return package
    }

    private static func resource(_ file: VersionFile, recipe: Recipe, settings: CatalogSettings) -> [String: Any] {
        var resource: [String: Any] = [
            "name": file.name.replacingOccurrences(of: ".", with: "-"),
            "path": file.name,
            "mediatype": file.mediaType,
            "encoding": "utf-8",
            "bytes": file.bytes,
            "hash": "sha256:\(file.sha256)",
        ]
        switch file.format {
        case "csv", "csv.gz":
            resource["type"] = "table"
            resource["format"] = "csv"
            if file.format == "csv.gz" { resource["compression"] = "gz" }
            resource["dialect"] = ["$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                                   "delimiter": ",", "header": true, "quoteChar": "\""] as [String: Any]
            resource["schema"] = tableSchema(recipe, settings: settings)
        case "xlsx":
            resource["type"] = "table"
            resource["format"] = "xlsx"
            resource["encoding"] = nil
            resource["schema"] = tableSchema(recipe, settings: settings)
        case "json.gz", "ndjson":
            resource["type"] = "table"
            resource["format"] = file.format == "ndjson" ? "ndjson" : "json"
            if file.format == "json.gz" { resource["compression"] = "gz" }
            resource["schema"] = tableSchema(recipe, settings: settings)
        case "json":
            // A plain file resource: frictionless reads tabular JSON whole and then cannot check its bytes and hash.
            resource["format"] = "json"
        default:
            resource["format"] = file.format
        }
        return resource
    }

    /// The Table Schema of the published fields, with the constraints enforced on published values;
    /// descriptions in the catalogue's first language, as the package's own.
    static func tableSchema(_ recipe: Recipe, settings: CatalogSettings) -> [String: Any] {
        var fields: [[String: Any]] = []
        for field in recipe.publishedFields {
            var entry: [String: Any] = ["name": field.name, "type": field.publishedType]
            if let description = field.description?.text(in: settings.defaultLanguage, fallbacks: settings.languages) {
                entry["description"] = description
            }
            var constraints: [String: Any] = [:]
            // An anonymised value is not the value that was checked: only presence carries over.
            if field.required || recipe.primaryKey.contains(field.name) { constraints["required"] = true }
            if case .pseudonymise(_, let length, _)? = field.anonymise { constraints["pattern"] = "[0-9a-f]{\(length)}" }
            if field.anonymise == nil {
                if field.unique { constraints["unique"] = true }
                if let values = field.enumValues {
                    constraints["enum"] = values.compactMap { literal($0, field.type) }
                    // Table Schema v2 gives categories their labels for string and integer fields.
                    if let labels = field.enumLabels, field.publishedType == "string" || field.publishedType == "integer" {
                        entry["categories"] = zip(values, labels).compactMap { value, label in
                            literal(value, field.type).map { ["value": $0, "label": label.text(in: settings.defaultLanguage, fallbacks: settings.languages)] }
                        }
                    }
                }
                if let pattern = field.pattern, field.type == .string { constraints["pattern"] = pattern }
                if let minimum = field.minimum.flatMap({ literal($0, field.type) }) { constraints["minimum"] = minimum }
                if let maximum = field.maximum.flatMap({ literal($0, field.type) }) { constraints["maximum"] = maximum }
                if let length = field.minLength { constraints["minLength"] = length }
                if let length = field.maxLength { constraints["maxLength"] = length }
            }
            if !constraints.isEmpty { entry["constraints"] = constraints }
            fields.append(entry)
        }
        var schema: [String: Any] = [
            "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
            "fields": fields,
            "missingValues": [""],
        ]
        let published = Set(recipe.publishedFields.map(\.name))
        if !recipe.primaryKey.isEmpty, recipe.primaryKey.allSatisfy({ published.contains($0) }),
           !recipe.primaryKey.contains(where: { name in recipe.fields.first { $0.name == name }?.anonymise != nil }) {
            schema["primaryKey"] = recipe.primaryKey
        }
        return schema
    }

    /// A recipe literal in its published JSON form: a number for numeric types, else its ISO text.
    private static func literal(_ text: String, _ type: FieldType) -> Any? {
        switch ValueLiteral.parse(text, as: type) {
        case .number(let value)?:
            return type == .number ? value as Any : Int(value) as Any
        case .text(let value)?:
            return type == .boolean ? (value == "true") as Any : value as Any
        case nil:
            return nil
        }
    }

    static func encode(_ object: [String: Any]) throws -> Data {
        try SortedJSON.data(object, pretty: true) + Data("\n".utf8)
    }
}
