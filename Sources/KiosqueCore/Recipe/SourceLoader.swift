import Yams
import Foundation

/// Reads a recipe's `source:` mapping.
enum SourceLoader {
    static let keys = ["url", "format", "encoding", "delimiter", "decimal", "thousands", "skip_lines", "records",
                       "headers", "missing_values", "timeout", "connect_timeout", "retries", "max_size", "ca_file",
                       "paginate", "member", "sheet", "header", "unpivot"]
    static let paginateKeys = ["next", "param", "offset_param", "start", "size_param", "size", "max_pages"]
    static let schemes = ["http", "https", "ftp", "ftps", "file"]

    static func load(_ node: Node, _ reader: YAMLReader) -> SourceSpec? {
        // A bare address (`source: export.csv`) where the mapping goes: show the mapping that holds it.
        if let url = node.scalar?.string, !url.isEmpty, !url.contains("\n") {
            reader.error("source must be a mapping of keys to values, not a plain value; write source: {url: \(Redaction.line(DraftBuilder.quoted(url)))}", at: node)
            return nil
        }
        guard let entries = reader.mapping(node, "source", allowed: keys) else { return nil }
        guard let urlNode = entries["url"] else {
            reader.error("source needs a url: an http(s) address, a file: URL or a path relative to the recipe", at: node)
            return nil
        }
        guard let url = reader.string(urlNode, "source url") else { return nil }
        checkURL(url, at: urlNode, reader)
        if let login = passwordLogin(url) {
            reader.warning("source url holds a password, which anyone who reads this recipe (or its history in git) reads too; "
                           + "write the url with the user name alone (\(login.scheme)://\(login.user)@\(login.host)/…) and put the login in the "
                           + "~/.netrc file of the account that runs kiosque: machine \(login.host) login \(login.user) password …", at: urlNode)
        }
        var source = SourceSpec(url: url)
        source.urlSpot = reader.spot(of: urlNode)

        if let node = entries["format"], let text = reader.string(node, "source format") {
            source.format = SourceFormat(rawValue: text.lowercased())
            if source.format == nil {
                reader.error("unknown source format '\(text)'; use csv, json, ndjson, xlsx, xls or ods", at: node)
            }
        }
        if let node = entries["encoding"], let text = reader.string(node, "source encoding") {
            source.encodingSpot = reader.spot(of: node)
            let normalised = text.lowercased().replacingOccurrences(of: "_", with: "-")
            let aliases: [String: SourceEncoding] = ["utf8": .utf8, "cp1252": .windows1252, "cp1256": .windows1256, "latin1": .iso88591,
                                                     "latin-1": .iso88591, "iso8859-1": .iso88591, "utf16": .utf16,
                                                     "ibm850": .cp850, "ibm-850": .cp850, "cp-850": .cp850,
                                                     "latin9": .iso885915, "latin-9": .iso885915, "iso8859-15": .iso885915]
            if let encoding = SourceEncoding(rawValue: normalised) ?? aliases[normalised] {
                source.encoding = encoding
            } else {
                let names = SourceEncoding.allCases.map(\.rawValue)
                reader.error("unknown encoding '\(text)'\(Suggestion.hint(for: text, in: names)); use one of \(names.joined(separator: ", "))", at: node)
            }
        }
        if let node = entries["delimiter"], let text = reader.scalar(node, "source delimiter") {
            switch text {
            case "auto": source.delimiter = nil
            case ";", ",", "|": source.delimiter = text.utf8.first
            case "\t", "\\t", "tab": source.delimiter = UInt8(ascii: "\t")
            default: reader.error("delimiter must be auto, \";\", \",\", \"\\t\" or \"|\", not '\(text)'", at: node)
            }
        }
        if let node = entries["decimal"], let text = reader.scalar(node, "source decimal") {
            if text == "," || text == "." {
                source.decimal = text.utf8.first!
            } else {
                reader.error("decimal must be \",\" or \".\", not '\(text)'", at: node)
            }
        }
        if let node = entries["thousands"], let text = reader.scalar(node, "source thousands") {
            if [" ", ".", ",", "'", "\u{A0}", "\u{202F}", ""].contains(text) {
                source.thousands = text.isEmpty ? nil : text
            } else {
                reader.error("thousands must be \" \", \".\", \",\" or \"'\", not '\(text)'", at: node)
            }
        }
        if source.thousands.map({ $0.utf8.first == source.decimal && $0.utf8.count == 1 }) == true {
            reader.error("thousands and decimal separators must differ", at: entries["thousands"])
        }
        if let node = entries["skip_lines"], let value = reader.int(node, "skip_lines", range: 0...10_000) {
            source.skipLines = value
        }
        if let node = entries["header"], let value = reader.bool(node, "header") {
            source.header = value
        }
        if let node = entries["records"], let text = reader.scalar(node, "records") {
            if text.isEmpty || text.hasPrefix("/") {
                source.records = text
            } else {
                reader.error("records must be a JSON pointer such as /data/items (or \"\" for the whole document)", at: node)
            }
        }
        if let node = entries["member"], let text = reader.scalar(node, "member") {
            if text.isEmpty || text.hasSuffix("/") {
                reader.error("member names a file inside the source's ZIP archive, such as member: base_naissances_2023.csv", at: node)
            } else {
                source.member = text
            }
        }
        if let node = entries["headers"] {
            source.headers = headers(node, reader)
            source.headersSpot = reader.spot(of: node)
        }
        if let node = entries["missing_values"], let list = reader.stringList(node, "missing_values") {
            source.missingValues = list
        }
        if let node = entries["timeout"], let text = reader.scalar(node, "timeout") {
            if let value = Units.seconds(text) { source.timeout = value } else {
                reader.error("timeout must be a duration such as 60s, 5m or 1h, not '\(text)'", at: node)
            }
        }
        if let node = entries["connect_timeout"], let text = reader.scalar(node, "connect_timeout") {
            if let value = Units.seconds(text) { source.connectTimeout = value } else {
                reader.error("connect_timeout must be a duration such as 10s, not '\(text)'", at: node)
            }
        }
        if let node = entries["retries"], let value = reader.int(node, "retries", range: 0...20) {
            source.retries = value
        }
        if let node = entries["max_size"], let text = reader.scalar(node, "max_size") {
            if let value = Units.bytes(text) { source.maxSize = value } else {
                reader.error("max_size must be a size such as 500MB or 2GB, not '\(text)'", at: node)
            }
        }
        if let node = entries["ca_file"], let text = reader.string(node, "ca_file") {
            source.caFile = text
            source.caFileSpot = reader.spot(of: node)
        }
        if let node = entries["paginate"] {
            source.paginate = pagination(node, reader)
            if let maxNode = reader.mapping(node, "paginate", allowed: [])?["max_pages"],
               let value = reader.int(maxNode, "paginate max_pages", range: 1...1_000_000) {
                source.maxPages = value
            }
            // Said, not refused: a recipe may keep the key while its source is a CSV export for a
            // while (DESIGN.md's own example lists every key under a CSV source); a CSV is one file.
            if source.format == .csv {
                reader.warning("paginate applies to json and ndjson sources only; this csv source is read as one file and paginate is ignored: remove it, or set format: json", at: node)
                source.paginate = nil
            }
        }
        if let node = entries["sheet"], let text = reader.string(node, "source sheet") {
            if text.isEmpty { reader.error("sheet names a sheet of the workbook, as its tab shows it", at: node) } else { source.sheet = text }
        }
        // A workbook is read as Excel holds it: no text encoding or delimiter to say.
        if source.namedFormat?.isSpreadsheet == true {
            for key in ["encoding", "delimiter", "records", "paginate"] where entries[key] != nil {
                reader.error("\(key) does not apply to a workbook (.xlsx, .xls, .ods), which is read cell by cell; remove it", at: entries[key])
            }
        }
        // A `*` names every file of a folder that matches: local sources only, in the file name.
        if url.contains("*") {
            if SourceFiles.patternInFolder(url) {
                reader.error("a * in source url matches file names in one folder, not folders; write it in the file name alone, such as sources/naissances/*.csv", at: urlNode)
            } else if !SourceFiles.isPattern(url) {
                reader.error("a * in source url matches local files only (a path relative to the recipe, or file:); a server's files cannot be listed: give one url per recipe", at: urlNode)
            } else if entries["paginate"] != nil {
                reader.error("paginate applies to JSON APIs; a source url with * reads local files", at: entries["paginate"])
            }
        }
        if let node = entries["unpivot"] {
            source.unpivot = UnpivotLoader.load(node, reader)
            source.unpivotSpot = reader.spot(of: node)
        }
        if source.records != nil, source.format == .csv {
            reader.warning("records applies to json sources only; this csv source's records are its rows and records is ignored: remove it, or set format: json", at: entries["records"])
            source.records = nil
        }
        if !source.header, source.format == .json || source.format == .ndjson {
            reader.error("header applies to CSV and workbook sources; JSON records name their values by key", at: entries["header"])
        }
        return source
    }

    static func checkURL(_ url: String, at node: Node, _ reader: YAMLReader) {
        if url.contains("${") {
            reader.error("${env:…} is allowed only in source headers and anonymisation keys, not in the url", at: node)
            return
        }
        guard let colon = url.firstIndex(of: ":") else { return }
        let scheme = url[..<colon].lowercased()
        // A one-letter "scheme" would be a Windows drive; anything made of letters is a scheme.
        guard scheme.count > 1, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return }
        if !schemes.contains(scheme) {
            reader.error("URL scheme '\(scheme):' is not allowed; use http, https, ftp, ftps, file or a path relative to the recipe", at: node)
        }
    }

    /// The scheme, user and host of an address that holds a password (`ftp://agent:pw@host/`), else nil.
    static func passwordLogin(_ url: String) -> (scheme: String, user: String, host: String)? {
        guard let components = URLComponents(string: url), let password = components.password, !password.isEmpty,
              let scheme = components.scheme, let host = components.host else { return nil }
        return (scheme, components.user ?? "", host)
    }

    /// Words in a header's name that say its value is a secret.
    static let secretHeaderWords = ["authorization", "cookie", "key", "token", "secret", "auth", "password", "session"]

    /// Whether a header's name says its value is a secret (`Authorization`, `X-Api-Key`).
    static func isSecretHeader(_ name: String) -> Bool {
        secretHeaderWords.contains { name.lowercased().contains($0) }
    }

    private static func headers(_ node: Node, _ reader: YAMLReader) -> [(name: String, value: String)] {
        guard let entries = reader.mapping(node, "headers", allowed: []) else { return [] }
        var headers: [(name: String, value: String)] = []
        for name in entries.order {
            let (keyNode, valueNode) = entries.values[name]!
            if let problem = headerNameProblem(name) {
                reader.error(problem, at: keyNode)
                continue
            }
            guard let value = reader.string(valueNode, "header \(name)") else { continue }
            if let problem = headerValueProblem(name, value) {
                reader.error(problem, at: valueNode)
                continue
            }
            if isSecretHeader(name), EnvReference.names(in: value)?.isEmpty == true {
                // The value itself is never repeated: it is a secret.
                reader.warning("header \(name) is written out in the recipe, which anyone who reads it (or its history in git) reads too; "
                               + "give it as a reference to an environment variable, such as \(name): \"\(name.lowercased() == "authorization" ? "Bearer " : "")${env:SOURCE_TOKEN}\", "
                               + "and export that variable where kiosque runs", at: valueNode)
            }
            headers.append((name, value))
        }
        return headers
    }

    /// What is wrong with a header's name, as a recipe or `describe --header` gives it.
    static func headerNameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
            return "'\(name)' is not a valid HTTP header name"
        }
        return nil
    }

    /// What is wrong with a header's value: a malformed `${env:…}`, or a line break.
    static func headerValueProblem(_ name: String, _ value: String) -> String? {
        if EnvReference.names(in: value) == nil { return "header \(name) has a malformed reference; write ${env:VARIABLE_NAME}" }
        if value.contains("\n") || value.contains("\r") { return "header \(name) must be on one line" }
        return nil
    }

    private static func pagination(_ node: Node, _ reader: YAMLReader) -> Pagination? {
        guard let entries = reader.mapping(node, "paginate", allowed: paginateKeys) else {
            return nil
        }
        let forms = ["next", "param", "offset_param"].filter { entries[$0] != nil }
        guard forms.count == 1 else {
            reader.error(forms.isEmpty
                ? "paginate needs next (a JSON pointer), param (a page number) or offset_param (a count of records to skip)"
                : "paginate takes one of next, param and offset_param, not \(forms.joined(separator: " and "))", at: node)
            return nil
        }
        if let nextNode = entries["next"] {
            if entries["start"] != nil || entries["size_param"] != nil || entries["size"] != nil {
                reader.error("paginate next follows the API's own links: start, size_param and size go with param or offset_param", at: node)
                return nil
            }
            guard let pointer = reader.string(nextNode, "paginate next") else { return nil }
            guard pointer.hasPrefix("/") else {
                reader.error("paginate next must be a JSON pointer such as /links/next", at: nextNode)
                return nil
            }
            return .next(pointer: pointer)
        }
        let counted = entries["offset_param"] != nil
        let key = counted ? "offset_param" : "param"
        guard let nameNode = entries[key], let name = reader.string(nameNode, "paginate \(key)") else { return nil }
        let start = entries["start"].flatMap { reader.int($0, "paginate start", range: 0...1_000_000_000) } ?? (counted ? 0 : 1)
        let sizeParameter = entries["size_param"].flatMap { reader.string($0, "paginate size_param") }
        let size = entries["size"].flatMap { reader.int($0, "paginate size", range: 1...1_000_000) }
        if (sizeParameter == nil) != (size == nil) {
            reader.error("paginate size_param and size go together", at: node)
        }
        if counted { return .offset(name: name, start: start, sizeParameter: sizeParameter, size: size) }
        if Pagination.offsetNames.contains(name.lowercased()) {
            reader.warning("paginate param '\(name)' goes up by 1 a page; if the API reads it as a number of records to skip, write offset_param: \(name), which goes up by the records of each page", at: nameNode)
        }
        return .parameter(name: name, start: start, sizeParameter: sizeParameter, size: size)
    }

}
