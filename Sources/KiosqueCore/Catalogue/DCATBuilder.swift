import Foundation
/// Describes the catalogue and its datasets in DCAT-AP 3 terms, from the recipes and what is published.
struct DCATBuilder {
    let settings: CatalogSettings

    var catalogIRI: String { settings.baseURL + "catalog" }

    static let languageCodes: [String: String] = [
        "fr": "FRA", "en": "ENG", "ar": "ARA", "es": "SPA", "pt": "POR", "de": "DEU", "it": "ITA", "nl": "NLD",
        "wo": "WOL", "ha": "HAU", "sw": "SWA", "ber": "BER", "zgh": "ZGH",
    ]

    /// Whether the catalogue can name a code's language with an EU vocabulary IRI.
    static func hasLanguageIRI(_ code: String) -> Bool {
        languageCodes[String(code.prefix { $0 != "-" })] != nil
    }

    func catalog(datasets: [(Recipe, VersionHistory)]) -> RDFNode {
        var node = RDFNode(catalogIRI, types: ["dcat:Catalog"])
        node.add("dct:title", RDFTerm.texts(settings.title))
        node.add("dct:description", RDFTerm.texts(settings.description ?? settings.title))
        if let key = settings.defaultPublisher, let publisher = settings.publishers[key] {
            node.add("dct:publisher", .node(agent(publisher)))
        }
        if let homepage = settings.homepage { node.add("foaf:homepage", .node(document(homepage))) }
        node.add("dct:language", settings.languages.compactMap(language))
        node.add("dct:license", .node(licence(settings.license)))
        node.add("dct:spatial", settings.spatial.map { .node(RDFNode($0, types: ["dct:Location"])) })
        var themeScheme = RDFNode("http://publications.europa.eu/resource/authority/data-theme", types: ["skos:ConceptScheme"])
        themeScheme.add("dct:title", .language("Data theme", "en"))
        node.add("dcat:themeTaxonomy", .node(themeScheme))
        let modified = datasets.compactMap { $0.1.current == nil ? nil : $0.1.modified }.max()
        if let modified { node.add("dct:modified", .dateTime(modified)) }
        node.add("dcat:dataset", datasets.map { .node(dataset($0.0, history: $0.1)) })
        return node
    }

    func datasetIRI(_ id: String) -> String { settings.baseURL + "datasets/\(id)#dataset" }
    func landingPage(_ id: String) -> String { settings.baseURL + "datasets/\(id)/" }
    func versionIRI(_ id: String, _ version: String) -> String { settings.baseURL + "datasets/\(id)/\(version)/#dataset" }

    /// A dataset's current content, with distributions at the stable URLs.
    func dataset(_ recipe: Recipe, history: VersionHistory) -> RDFNode {
        var node = RDFNode(datasetIRI(recipe.id), types: ["dcat:Dataset"])
        describe(&node, recipe)
        if let first = history.versions.last { node.add("dct:issued", .dateTime(first.issued)) }
        if let current = history.current {
            node.add("dct:modified", .dateTime(history.modified ?? current.issued))
            node.add("dcat:version", .plain(current.version))
            describeContent(&node, recipe, entry: current)
            node.add("dcat:distribution", current.files.map { file in
                .node(distribution(recipe, file: file, path: "datasets/\(recipe.id)/\(file.name)",
                                   iri: settings.baseURL + "datasets/\(recipe.id)/\(file.name)#distribution",
                                   issued: history.versions.last?.issued ?? current.issued, modified: history.modified ?? current.issued))
            })
        }
        return node
    }

    /// One version as a dataset of its own, with distributions at the version folder's URLs.
    func version(_ recipe: Recipe, entry: VersionEntry, previous: VersionEntry?) -> RDFNode {
        var node = RDFNode(versionIRI(recipe.id, entry.version), types: ["dcat:Dataset"])
        describe(&node, recipe)
        node.add("dcat:version", .plain(entry.version))
        node.add("dct:issued", .dateTime(entry.issued))
        node.add("dct:modified", .dateTime(entry.issued))
        describeContent(&node, recipe, entry: entry)
        if let previous { node.add("dcat:previousVersion", .iri(versionIRI(recipe.id, previous.version))) }
        node.add("adms:versionNotes", .language(entry.changes?.note ?? "First version: " + VersionChanges.rows(entry.rows), "en"))
        node.add("dcat:distribution", entry.files.map { file in
            .node(distribution(recipe, file: file, path: "datasets/\(recipe.id)/\(entry.version)/\(file.name)",
                               iri: settings.baseURL + "datasets/\(recipe.id)/\(entry.version)/\(file.name)#distribution",
                               issued: entry.issued, modified: entry.issued))
        })
        return node
    }

    /// `Catalog/datasets/<id>.jsonld`: the dataset with its version chain.
    func versionChain(_ recipe: Recipe, history: VersionHistory) -> [RDFNode] {
        var dataset = self.dataset(recipe, history: history)
        let versions = history.versions.enumerated().map { index, entry in
            version(recipe, entry: entry, previous: index + 1 < history.versions.count ? history.versions[index + 1] : nil)
        }
        dataset.add("dcat:hasVersion", versions.map { .iri($0.iri!) })
        if let current = history.current { dataset.add("dcat:hasCurrentVersion", .iri(versionIRI(recipe.id, current.version))) }
        return [dataset] + versions
    }

    /// What depends on a version's content: its time span and the schema it conforms to.
    private func describeContent(_ node: inout RDFNode, _ recipe: Recipe, entry: VersionEntry) {
        if let temporal = entry.temporal {
            var period = RDFNode(nil, types: ["dct:PeriodOfTime"])
            period.add("dcat:startDate", Self.dateTerm(temporal.start))
            period.add("dcat:endDate", Self.dateTerm(temporal.end))
            node.add("dct:temporal", .node(period))
        }
        let schema = settings.baseURL + "datasets/\(recipe.id)/\(entry.version)/datapackage.json"
        var standard = RDFNode(schema, types: ["dct:Standard"])
        standard.add("dct:title", .language("Frictionless Data Package with the Table Schema of version \(entry.version)", "en"))
        node.add("dct:conformsTo", .node(standard))
    }

    /// An ISO 8601 value as the XSD type of its precision.
    static func dateTerm(_ value: String) -> RDFTerm {
        switch value.count {
        case 4: .typed(value, "xsd:gYear")
        case 7: .typed(value, "xsd:gYearMonth")
        case 10: .typed(value, "xsd:date")
        default: .typed(value, "xsd:dateTime")
        }
    }

    private func describe(_ node: inout RDFNode, _ recipe: Recipe) {
        node.add("dct:identifier", .plain(datasetIRI(recipe.id)))
        node.add("dct:title", RDFTerm.texts(recipe.title))
        node.add("dct:description", RDFTerm.texts(recipe.description ?? recipe.title))
        node.add("dcat:keyword", recipe.keywords.tagged(order: settings.languages).map { .language($0.word, $0.language) })
        node.add("dcat:theme", recipe.themes.map { code in
            var concept = RDFNode(DataTheme.iri(code), types: ["skos:Concept"])
            concept.add("skos:inScheme", .iri("http://publications.europa.eu/resource/authority/data-theme"))
            if let label = DataTheme.labels[code] {
                concept.add("skos:prefLabel", [.language(label.en, "en"), .language(label.fr, "fr")])
            }
            return .node(concept)
        })
        if let key = recipe.publisher ?? settings.defaultPublisher, let publisher = settings.publishers[key] {
            node.add("dct:publisher", .node(agent(publisher)))
        }
        if let contact = settings.contact {
            var card = RDFNode(nil, types: ["vcard:Kind"])
            card.add("vcard:fn", .plain(contact.name))
            if let email = contact.email { card.add("vcard:hasEmail", .iri("mailto:\(email)")) }
            if let url = contact.url { card.add("vcard:hasURL", .iri(url)) }
            node.add("dcat:contactPoint", .node(card))
        }
        if let frequency = recipe.frequency {
            node.add("dct:accrualPeriodicity", .node(RDFNode(frequency.iri, types: ["dct:Frequency"])))
        }
        node.add("dct:spatial", (recipe.spatial ?? settings.spatial).map { .node(RDFNode($0, types: ["dct:Location"])) })
        // What is published here is open to all: the EU access-right vocabulary's PUBLIC.
        node.add("dct:accessRights", .node(RDFNode("http://publications.europa.eu/resource/authority/access-right/PUBLIC",
                                                   types: ["dct:RightsStatement"])))
        node.add("dcat:landingPage", .node(document(landingPage(recipe.id))))
    }

    private func distribution(_ recipe: Recipe, file: VersionFile, path: String, iri: String, issued: String, modified: String) -> RDFNode {
        var node = RDFNode(iri, types: ["dcat:Distribution"])
        let download = Workspace.publicURL(settings.baseURL, path)
        node.add("dct:title", .plain(file.name))
        node.add("dcat:accessURL", .iri(landingPage(recipe.id)))
        node.add("dcat:downloadURL", .iri(download))
        let (formatCode, mediaType, compression) = Self.formatTerms(file.format)
        node.add("dct:format", .node(RDFNode("http://publications.europa.eu/resource/authority/file-type/\(formatCode)", types: ["dct:MediaTypeOrExtent"])))
        if let mediaType {
            node.add("dcat:mediaType", .node(RDFNode("http://www.iana.org/assignments/media-types/\(mediaType)", types: ["dct:MediaType"])))
        }
        if let compression {
            node.add("dcat:compressFormat", .node(RDFNode("http://www.iana.org/assignments/media-types/\(compression)", types: ["dct:MediaType"])))
        }
        node.add("dct:license", .node(licence(recipe.license ?? settings.license)))
        node.add("dcat:byteSize", .typed(String(file.bytes), "xsd:nonNegativeInteger"))
        var checksum = RDFNode(nil, types: ["spdx:Checksum"])
        // Typed, as the other linked things are: DCAT-AP's single-file shapes ask for a spdx:ChecksumAlgorithm.
        checksum.add("spdx:algorithm", .node(RDFNode("http://spdx.org/rdf/terms#checksumAlgorithm_sha256", types: ["spdx:ChecksumAlgorithm"])))
        checksum.add("spdx:checksumValue", .typed(file.sha256, "xsd:hexBinary"))
        node.add("spdx:checksum", .node(checksum))
        node.add("dct:issued", .dateTime(issued))
        node.add("dct:modified", .dateTime(modified))
        return node
    }

    /// EU file-type code, IANA media type, and compression media type of a published format.
    static func formatTerms(_ format: String) -> (String, String?, String?) {
        switch format {
        case "csv": ("CSV", "text/csv", nil)
        case "json": ("JSON", "application/json", nil)
        case "ndjson": ("JSON", nil, nil)
        case "csv.gz": ("CSV", "text/csv", "application/gzip")
        case "json.gz": ("JSON", "application/json", "application/gzip")
        case "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil)
        default: ("BIN", nil, nil)
        }
    }

    private func agent(_ publisher: Publisher) -> RDFNode {
        var node = RDFNode(settings.baseURL + "publishers/\(publisher.key)", types: ["foaf:Agent"])
        node.add("foaf:name", RDFTerm.texts(publisher.name))
        if let type = publisher.type {
            var concept = RDFNode("http://purl.org/adms/publishertype/\(type)", types: ["skos:Concept"])
            concept.add("skos:inScheme", .iri("http://purl.org/adms/publishertype/1.0"))
            concept.add("skos:prefLabel", .language(Self.words(type), "en"))
            node.add("dct:type", .node(concept))
        }
        if let email = publisher.email { node.add("foaf:mbox", .iri("mailto:\(email)")) }
        if let homepage = publisher.homepage { node.add("foaf:homepage", .node(document(homepage))) }
        return node
    }

    /// `NationalAuthority` as `National authority`.
    static func words(_ camelCase: String) -> String {
        var out = ""
        for character in camelCase {
            if character.isUppercase, !out.isEmpty, out.last != "-" { out += " " + character.lowercased() } else { out.append(character) }
        }
        return out
    }

    private func licence(_ value: String) -> RDFNode {
        RDFNode(Licence.iri(value), types: ["dct:LicenseDocument"])
    }

    private func document(_ url: String) -> RDFNode {
        RDFNode(url, types: ["foaf:Document"])
    }

    private func language(_ code: String) -> RDFTerm? {
        let base = String(code.prefix { $0 != "-" })
        guard let authority = Self.languageCodes[base] else { return nil }
        return .node(RDFNode("http://publications.europa.eu/resource/authority/language/\(authority)", types: ["dct:LinguisticSystem"]))
    }
}
