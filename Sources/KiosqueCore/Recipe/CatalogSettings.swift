import Foundation

/// Catalogue-wide settings, read from `Pipelines/catalog.yml`.
public struct CatalogSettings: Sendable {
    public var file: URL
    public var title: LocalizedText
    public var description: LocalizedText?
    /// Where `Output/` is served, always ending with `/`; every IRI starts here.
    public var baseURL: String
    public var homepage: String?
    /// The first is the language of plain strings.
    public var languages: [String]
    public var license: String
    public var publishers: [String: Publisher]
    /// Publisher keys in file order; the first is the catalogue's own.
    public var publisherOrder: [String]
    public var contact: Contact?
    /// Folders outside the recipes' own from which `file:` sources may be read.
    public var allowedFileRoots: [URL] = []
    /// The IRIs of the places every dataset covers unless its recipe says otherwise (`dct:spatial`).
    public var spatial: [String] = []
    /// The file's text as it was read, for what must follow exactly the settings that were loaded.
    public var fileText = ""

    public var defaultLanguage: String { languages.first ?? "fr" }

    /// The catalogue's own publisher: the first listed.
    public var defaultPublisher: String? { publisherOrder.first }
}

public struct Publisher: Sendable {
    public var key: String
    public var name: LocalizedText
    public var email: String?
    public var homepage: String?
    /// An ADMS publisher type such as `NationalAuthority` or `LocalAuthority`.
    public var type: String?
}

public struct Contact: Sendable {
    public var name: String
    public var email: String?
    public var url: String?
}
