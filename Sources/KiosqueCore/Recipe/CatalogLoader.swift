import Yams
import Foundation

/// Reads `Pipelines/catalog.yml`.
enum CatalogLoader {
    static let keys = ["title", "description", "base_url", "homepage", "languages", "license", "publishers", "contact",
                       "allowed_file_roots", "spatial"]
    static let publisherKeys = ["name", "email", "homepage", "type"]
    static let contactKeys = ["name", "email", "url"]
    /// ADMS publisher types (http://purl.org/adms/publishertype/…).
    static let publisherTypes = ["Academia-ScientificOrganisation", "Company", "IndustryConsortium",
                                 "LocalAuthority", "NationalAuthority", "NonGovernmentalOrganisation",
                                 "NonProfitOrganisation", "PrivateIndividual(s)", "RegionalAuthority",
                                 "StandardisationBody", "SupraNationalAuthority"]

    static func load(_ file: URL, displayPath: String) -> (CatalogSettings?, [Diagnostic]) {
        guard let text = RecipeFile.read(file, displayPath: displayPath) else {
            return (nil, [Diagnostic(.error, "cannot read \(displayPath): create it (kiosque init writes one) or pass --pipelines DIR",
                                     at: nil)])
        }
        if case .failure(let diagnostic) = text { return (nil, [diagnostic]) }
        guard case .success(let yaml) = text else { return (nil, []) }
        let reader = YAMLReader(file: displayPath, text: yaml)
        guard let root = reader.root(), let entries = reader.mapping(root, "catalog.yml", allowed: keys) else {
            return (nil, reader.diagnostics)
        }

        var languages = ["fr"]
        if let node = entries["languages"], let list = reader.stringList(node, "languages") {
            for code in list {
                if let problem = LanguageTag.problem(code) {
                    reader.error("'\(code)' in languages \(problem)", at: node)
                } else if !DCATBuilder.hasLanguageIRI(code) {
                    reader.warning("'\(code)' in languages has no entry kiosque knows in the EU's language vocabulary, so the catalogue names no dct:language for it; the site and the texts in it are not affected", at: node)
                }
            }
            if list.isEmpty { reader.error("languages must name at least one language", at: node) }
            if Set(list).count != list.count { reader.error("languages lists a language twice", at: node) }
            if !list.isEmpty { languages = list }
        }
        let language = languages[0]

        var title: LocalizedText?
        if let node = entries["title"] {
            title = reader.localized(node, "title", defaultLanguage: language)
        } else {
            reader.error("catalog.yml needs a title, e.g. title: {fr: Données ouvertes, en: Open data}", at: root)
        }
        let description = entries["description"].flatMap { reader.localized($0, "description", defaultLanguage: language) }

        var baseURL: String?
        if let node = entries["base_url"], let text = reader.string(node, "base_url") {
            if isWebURL(text) {
                baseURL = text.hasSuffix("/") ? text : text + "/"
            } else {
                reader.error("base_url must be an absolute http(s) URL where Output/ is served, such as https://donnees.ministere.example/\(encodingHint(text))\(schemeHint(text.hasSuffix("/") ? text : text + "/"))", at: node)
            }
        } else if entries["base_url"] == nil {
            reader.error("catalog.yml needs base_url: the address where Output/ is served (every catalogue IRI starts with it)", at: root)
        }

        let homepage = entries["homepage"].flatMap { Self.webURL($0, "homepage", reader) }

        var license = "CC-BY-4.0"
        if let node = entries["license"], let text = reader.string(node, "license") {
            if RecipeLoader.checkLicense(text, at: node, reader) { license = text }
        }

        var publishers: [String: Publisher] = [:]
        var order: [String] = []
        if let node = entries["publishers"], let map = reader.mapping(node, "publishers", allowed: []) {
            for key in map.order {
                let (keyNode, value) = map.values[key]!
                guard RecipeLoader.isIdentifier(key) else {
                    reader.error("publisher key '\(key)' must be lower-case letters, digits and hyphens", at: keyNode)
                    continue
                }
                if let publisher = loadPublisher(key, value, language: language, reader) {
                    publishers[key] = publisher
                    order.append(key)
                }
            }
        }
        if publishers.isEmpty, entries["publishers"] == nil {
            reader.error("catalog.yml needs publishers, e.g. publishers: {ministere: {name: Ministère …, email: donnees@…}}", at: root)
        }

        var contact: Contact?
        if let node = entries["contact"], let map = reader.mapping(node, "contact", allowed: contactKeys) {
            let name = map["name"].flatMap { reader.string($0, "contact name") }
            if name == nil, map["name"] == nil { reader.error("contact needs a name", at: node) }
            let email = map["email"].flatMap { Self.email($0, "contact email", reader) }
            let url = map["url"].flatMap { Self.webURL($0, "contact url", reader) }
            if email == nil, url == nil, map["email"] == nil, map["url"] == nil {
                reader.error("contact needs an email or a url so reusers can reach someone", at: node)
            }
            if let name { contact = Contact(name: name, email: email, url: url) }
        }

        var roots: [URL] = []
        if let node = entries["allowed_file_roots"], let items = reader.stringItems(node, "allowed_file_roots") {
            for (path, item) in items {
                if path.hasPrefix("/") { roots.append(URL(fileURLWithPath: path).standardizedFileURL) } else {
                    reader.error("allowed_file_roots takes absolute folders, such as /srv/exports, not '\(path)'", at: item)
                }
            }
        }

        let spatial = entries["spatial"].flatMap { RecipeLoader.spatial($0, reader) } ?? []

        guard !reader.hasErrors, let title, let baseURL else { return (nil, reader.diagnostics) }
        var settings = CatalogSettings(file: file, title: title, description: description, baseURL: baseURL,
                                       homepage: homepage, languages: languages, license: license,
                                       publishers: publishers, publisherOrder: order, contact: contact)
        settings.allowedFileRoots = roots
        settings.spatial = spatial
        settings.fileText = yaml
        return (settings, reader.diagnostics)
    }

    private static func loadPublisher(_ key: String, _ node: Node, language: String, _ reader: YAMLReader) -> Publisher? {
        guard let map = reader.mapping(node, "publisher '\(key)'", allowed: publisherKeys) else { return nil }
        guard let nameNode = map["name"] else {
            reader.error("publisher '\(key)' needs a name", at: node)
            return nil
        }
        let name = reader.localized(nameNode, "publisher name", defaultLanguage: language)
        let email = map["email"].flatMap { Self.email($0, "publisher email", reader) }
        let homepage = map["homepage"].flatMap { Self.webURL($0, "publisher homepage", reader) }
        var type: String?
        if let typeNode = map["type"], let text = reader.string(typeNode, "publisher type") {
            if publisherTypes.contains(text) {
                type = text
            } else {
                reader.error("unknown publisher type '\(text)'\(Suggestion.hint(for: text, in: publisherTypes)); use one of \(publisherTypes.joined(separator: ", "))", at: typeNode)
            }
        }
        return name.map { Publisher(key: key, name: $0, email: email, homepage: homepage, type: type) }
    }

    static func isWebURL(_ text: String) -> Bool {
        guard unsafeCharacter(in: text) == nil, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else { return false }
        return true
    }

    /// A character an IRI cannot hold as it is (RFC 3987): a space would end the IRI in Turtle and
    /// break every address built on it.
    static func unsafeCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.value <= 0x20 || $0.value == 0x7F || "<>\"{}|\\^`".unicodeScalars.contains($0) }
    }

    /// What to do about such a character, for the error message.
    static func encodingHint(_ text: String) -> String {
        guard let scalar = unsafeCharacter(in: text) else { return "" }
        let name = scalar == " " ? "a space" : scalar.value < 0x20 || scalar.value == 0x7F ? "a control character" : "'\(scalar)'"
        return " (it holds \(name): write it percent-encoded, such as %20 for a space)"
    }

    static func webURL(_ node: Node, _ what: String, _ reader: YAMLReader) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard isWebURL(text) else {
            reader.error("\(what) must be an absolute http(s) URL, not '\(text)'\(encodingHint(text))\(schemeHint(text))", at: node)
            return nil
        }
        return text
    }

    /// ` (did you mean 'https://www.exemple.org/'?)` for an address written without its scheme.
    static func schemeHint(_ text: String) -> String {
        guard !text.contains("://"), unsafeCharacter(in: text) == nil, isWebURL("https://" + text) else { return "" }
        return " (did you mean 'https://\(text)'?)"
    }

    static func email(_ node: Node, _ what: String, _ reader: YAMLReader) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(" ") else {
            reader.error("\(what) '\(text)' is not an e-mail address", at: node)
            return nil
        }
        return text
    }
}

/// Reading a YAML file from disk with the checks every file gets.
enum RecipeFile {
    static func read(_ file: URL, displayPath: String) -> Result<String, Diagnostic>? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: YAMLReader.maximumFileSize + 1)) ?? Data()
        let location = SourceLocation(file: displayPath, line: 1, column: 1)
        if data.count > YAMLReader.maximumFileSize {
            return .failure(Diagnostic(.error, "the file is larger than \(YAMLReader.maximumFileSize / 1024) KiB; recipes must stay small", at: location))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column, byte) = firstInvalidByte(Array(data))
            // Notepad's "ANSI": Windows-1252, where an accented letter is one byte.
            let letter = byte >= 0xC0 ? String(decoding: [0xC3, byte - 0x40], as: UTF8.self) : nil
            return .failure(Diagnostic(.error, "the file is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) here\(letter.map { " (`\($0)` in Windows-1252, as Notepad's ANSI saves it)" } ?? ""); save the file as UTF-8",
                                       at: SourceLocation(file: displayPath, line: line, column: column)))
        }
        return .success(text)
    }

    /// Where the first byte that is not UTF-8 stands (line and column from 1, counting characters),
    /// and the byte.
    static func firstInvalidByte(_ bytes: [UInt8]) -> (line: Int, column: Int, byte: UInt8) {
        var line = 1, column = 1, index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
            let whole = length > 0 && index + length <= bytes.count
                && String(bytes: bytes[index..<(index + length)], encoding: .utf8) != nil
            guard whole else { return (line, column, lead) }
            if lead == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return (line, column, 0)
    }
}
