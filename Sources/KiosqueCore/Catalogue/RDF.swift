import Foundation
/// A small RDF graph model, enough to write the same description as JSON-LD and as Turtle.
struct RDFNode: Sendable {
    /// An absolute IRI, or nil for a blank node (written nested).
    var iri: String?
    var types: [String]
    /// Predicates as compact IRIs (`dct:title`), in the order written.
    private(set) var properties: [(predicate: String, objects: [RDFTerm])] = []

    init(_ iri: String?, types: [String]) {
        self.iri = iri
        self.types = types
    }

    mutating func add(_ predicate: String, _ object: RDFTerm?) {
        guard let object else { return }
        add(predicate, [object])
    }

    mutating func add(_ predicate: String, _ objects: [RDFTerm]) {
        guard !objects.isEmpty else { return }
        if let index = properties.firstIndex(where: { $0.predicate == predicate }) {
            properties[index].objects += objects
        } else {
            properties.append((predicate, objects))
        }
    }
}

indirect enum RDFTerm: Sendable {
    case iri(String)
    case plain(String)
    case language(String, String)
    case typed(String, String)
    case node(RDFNode)

    static func dateTime(_ value: String) -> RDFTerm { .typed(value, "xsd:dateTime") }

    /// Texts in every language given, tagged.
    static func texts(_ text: LocalizedText?) -> [RDFTerm] {
        guard let text else { return [] }
        return text.languages.map { .language(text.texts[$0]!, $0) }
    }
}

enum RDFVocabulary {
    static let prefixes: [(String, String)] = [
        ("adms", "http://www.w3.org/ns/adms#"),
        ("dcat", "http://www.w3.org/ns/dcat#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("spdx", "http://spdx.org/rdf/terms#"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ]

    /// `dct:title` to its full IRI.
    static func expand(_ compact: String) -> String {
        guard let colon = compact.firstIndex(of: ":") else { return compact }
        let prefix = String(compact[..<colon])
        guard let namespace = prefixes.first(where: { $0.0 == prefix })?.1 else { return compact }
        return namespace + compact[compact.index(after: colon)...]
    }
}
