import Foundation

/// schema.org `Dataset` markup for dataset search engines, with a `DataDownload` per file.
enum SchemaOrg {
    /// The JSON text to put in a `<script type="application/ld+json">`, safe against `</script>`.
    static func dataset(_ recipe: Recipe, history: VersionHistory, settings: CatalogSettings, language: String) -> String {
        let landing = settings.baseURL + "datasets/\(recipe.id)/"
        var object: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": landing,
            "url": landing,
            "name": recipe.title.text(in: language, fallbacks: settings.languages),
            "description": (recipe.description ?? recipe.title).text(in: language, fallbacks: settings.languages),
            "inLanguage": language,
            "isAccessibleForFree": true,
            "license": Licence.iri(recipe.license ?? settings.license),
            "identifier": settings.baseURL + "datasets/\(recipe.id)#dataset",
        ]
        if let keywords = recipe.keywords.words(in: language, fallbacks: settings.languages) { object["keywords"] = keywords.words }
        // What each column holds, for dataset search engines (Google's reads variableMeasured): the
        // published fields, with their descriptions in the page's language.
        object["variableMeasured"] = recipe.publishedFields.map { field -> [String: Any] in
            var variable: [String: Any] = ["@type": "PropertyValue", "name": field.name]
            if let description = field.description?.text(in: language, fallbacks: settings.languages) { variable["description"] = description }
            return variable
        }
        let places = recipe.spatial ?? settings.spatial
        if !places.isEmpty { object["spatialCoverage"] = places.map { ["@type": "Place", "sameAs": $0] } }
        if let publisher = (recipe.publisher ?? settings.defaultPublisher).flatMap({ settings.publishers[$0] }) {
            var organisation: [String: Any] = ["@type": "Organization", "name": publisher.name.text(in: language, fallbacks: settings.languages)]
            if let homepage = publisher.homepage { organisation["url"] = homepage }
            if let email = publisher.email { organisation["email"] = email }
            object["publisher"] = organisation
            object["creator"] = organisation
        }
        if let first = history.versions.last { object["datePublished"] = first.issued }
        if let current = history.current {
            object["dateModified"] = history.modified ?? current.issued
            object["version"] = current.version
            if let temporal = current.temporal { object["temporalCoverage"] = "\(temporal.start)/\(temporal.end)" }
            object["distribution"] = current.files.map { file -> [String: Any] in
                [
                    "@type": "DataDownload",
                    "name": file.name,
                    "encodingFormat": file.mediaType,
                    "contentUrl": Workspace.publicURL(settings.baseURL, "datasets/\(recipe.id)/\(file.name)"),
                    "contentSize": "\(file.bytes) B",
                    "sha256": file.sha256,
                ]
            }
        }
        let data = (try? SortedJSON.data(object, pretty: false)) ?? Data("{}".utf8)
        // "<" only occurs inside JSON strings, where \u003c means the same and cannot close the script.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
