import Foundation
import Logging

/// `kiosque describe`: reads a sample of a source and drafts a complete recipe for it, with what it
/// detected (encoding, delimiter, decimal separator, types, date formats, keys, enums) and, for
/// columns that look personal, an anonymisation operator and a comment saying why.
public struct Describer {
    public var workspace: Workspace
    public var environment: [String: String]
    public var logger: Logger
    /// Bytes read at most from the source.
    public var sampleBytes: Int64 = 8 << 20
    /// Headers for the request (`--header`), written into the draft as given.
    public var headers: [(name: String, value: String)] = []

    /// `source` with the password of its user taken out (`ftp://agent@host/x.csv`).
    static func withoutPassword(_ source: String) -> String {
        guard var components = URLComponents(string: source) else { return Redaction.url(source) }
        components.password = nil
        return components.string ?? Redaction.url(source)
    }

    /// What describe can read, for the error on a file it cannot.
    static let reads = "describe reads CSV and TSV, JSON and NDJSON, Excel (.xlsx, .xls) and OpenDocument (.ods) files, and ZIP archives of them: give it the export in one of those"


    /// `Name: value` from the command line, checked as a recipe's `headers` are.
    public static func header(_ text: String) throws -> (name: String, value: String) {
        guard let colon = text.firstIndex(of: ":") else {
            throw DecodeError("--header '\(text.prefix(40))' needs the form 'Name: value', such as --header 'Accept: text/csv'")
        }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        if let problem = SourceLoader.headerNameProblem(name) ?? SourceLoader.headerValueProblem(name, value) {
            throw DecodeError("--header: \(problem)")
        }
        // On the command line a secret must be `${env:NAME}`, so that neither the draft (meant to be
        // committed) nor the shell's history holds it.
        if EnvReference.names(in: value)?.isEmpty == true, SourceLoader.isSecretHeader(name) {
            // The value itself is never repeated: it is a secret.
            throw DecodeError("--header \(name): give its value as a reference to an environment variable, such as --header '\(name): \(name.lowercased() == "authorization" ? "Bearer " : "")${env:SOURCE_TOKEN}' (single quotes keep the shell from expanding it), so that the secret is written neither in the draft nor in the shell's history")
        }
        return (name, value)
    }

    public init(workspace: Workspace, environment: [String: String], logger: Logger) {
        self.workspace = workspace
        self.environment = environment
        self.logger = logger
    }

    /// The draft recipe for `source` (a URL or a path), meant to be saved as `output`
    /// (by default, in the pipelines folder under the source's name).
    public func describe(_ argument: String, output: URL?) throws -> String {
        // `archive.zip#member.csv`: a file inside a ZIP archive.
        let (archive, member) = ZipArchive.splitMember(argument)
        // `workbook.xlsx#Sheet name`: one sheet of an Excel workbook.
        let (written, sheet) = Self.splitSheet(archive)
        // `exports/*.csv`: the files a month; drafted from the first, the url keeps the pattern.
        var source = written, matches: [URL] = []
        if !written.contains("://"), SourceFiles.isPattern(written) {
            matches = try SourceFiles.matching(path: URL(fileURLWithPath: written).standardizedFileURL)
            source = matches[0].path
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-describe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let isURL = source.contains("://")
        let url = isURL ? source : URL(fileURLWithPath: source).standardizedFileURL.absoluteString
        var spec = SourceSpec(url: url)
        spec.headers = headers
        spec.maxSize = sampleBytes
        spec.retries = 1
        var fetcher = Fetcher(source: spec, recipeFolder: work, environment: environment, logger: logger, progress: nil, directory: work)
        fetcher.sampleOnly = true
        fetcher.forRecipe = false
        guard case .body(var body) = try fetcher.fetch(url) else { throw DecodeError("the source answered 304 Not Modified") }
        if ZipArchive.looksLikeZip(body.file) || CompoundFile.looksLikeCompoundFile(body.file) {
            guard body.bytes < sampleBytes else {
                throw DecodeError("the source is a ZIP archive (or a workbook) larger than the \(sampleBytes >> 20) MiB describe reads; unzip it (or save the sheet as CSV), describe that file, then set source url back to the archive and member to the file's name")
            }
            body = try ZipArchive.unpacked(body, member: member, maxSize: 2_000_000_000, into: work)
            var sheetSpec = SourceSpec(url: url)
            sheetSpec.sheet = sheet
            body = try Workbook.converted(body, source: sheetSpec, into: work)
            // A sample, as of any other source: the member's first bytes.
            if body.bytes > sampleBytes {
                let handle = try FileHandle(forWritingTo: body.file)
                try handle.truncate(atOffset: UInt64(sampleBytes))
                try handle.close()
                body.bytes = sampleBytes
            }
        }
        let truncated = body.bytes >= sampleBytes
        if truncated { Self.cutAtLastLine(body.file) }
        try SourceOpener.refuseEmpty(body)
        try SourceOpener.refuseBinary(body, declared: .auto, advice: Self.reads)
        let format = try Self.format(of: body)
        let sample = try Sample.read(body.file, format: format, truncated: truncated, announced: body.announcedEncoding)
        guard !sample.columns.isEmpty else { throw DecodeError("the source has no columns to describe") }

        // A pattern's draft is named after its folder (`naissances/*.csv`: naissances).
        let named = matches.isEmpty ? source : URL(fileURLWithPath: written).deletingLastPathComponent().path
        let recipeFile = output ?? workspace.pipelines.appendingPathComponent("\(Self.identifier(from: named)).yml")
        // A password in the address stays out of the draft, which is meant to be committed: ~/.netrc holds it.
        let login = isURL ? SourceLoader.passwordLogin(source) : nil
        let sourceURL = isURL ? (login == nil ? source : Self.withoutPassword(source))
            : Self.relativePath(from: recipeFile.deletingLastPathComponent(), to: URL(fileURLWithPath: matches.isEmpty ? source : written))
        var draft = DraftBuilder(sample: sample, sourceURL: sourceURL, id: recipeFile.deletingPathExtension().lastPathComponent,
                                 sourceLabel: isURL ? Redaction.url(source) : URL(fileURLWithPath: source).lastPathComponent)
        if output == nil { draft.saveAs = RecipeSet.displayPath(recipeFile) }
        draft.member = body.member.flatMap { name in member == nil ? nil : name }
        if let name = body.sheet {
            draft.sheet = name
            draft.otherSheets = body.sheets.filter { $0 != name }
        }
        draft.headers = headers
        draft.keyID = (try? PrivacyKeys.resolve("${env:KIOSQUE_PSEUDONYM_KEY}", field: "", environment: environment)).map(PrivacyKeys.identifier)
        if let login {
            draft.sourceNote = "the password of this address is left out of the recipe: put the login in the ~/.netrc file of the account "
                + "that runs kiosque: machine \(login.host) login \(login.user) password …"
        } else if isURL, Redaction.url(source) != source {
            draft.sourceNote = "this URL carries a password or a token: anyone who reads the recipe can use it; "
                + "prefer a token in a header, such as headers: {Authorization: \"Bearer ${env:SOURCE_TOKEN}\"}"
        }
        if matches.count > 1, format == .csv {
            draft.laterHeaders = matches.dropFirst().prefix(50).compactMap { Self.header(of: $0, like: sample, in: work) }
        } else if matches.count > 1, format.isSpreadsheet {
            // Each workbook's sheet is written out as CSV to be read: ten are enough to see a year change.
            draft.laterHeaders = matches.dropFirst().prefix(10).compactMap { Self.sheetHeader(of: $0, sheet: body.sheet, like: sample, in: work) }
        }
        if matches.count > 0 {
            draft.sourceNote = "the pattern matches \(matches.count) file\(matches.count == 1 ? "" : "s"), read one after the other in the order of their names; drafted from the first, \(matches[0].lastPathComponent)"
        }
        if !isURL, sourceURL.hasPrefix("../") {
            let name = URL(fileURLWithPath: source).lastPathComponent
            let folder = URL(fileURLWithPath: source).standardizedFileURL.deletingLastPathComponent().path
            draft.sourceNote = "outside the recipe's folder: copy \(name) into \(RecipeSet.displayPath(recipeFile.deletingLastPathComponent()))/sources/ "
                + "and write sources/\(name) here, or list \(folder) in allowed_file_roots in catalog.yml"
        }
        return draft.yaml()
    }

    /// The header labels of a pattern's later CSV file, read as the first was (encoding, delimiter,
    /// lines before the header) from its first 64 KiB; nil when it cannot be read so.
    static func header(of file: URL, like sample: Sample, in work: URL) -> [String]? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard var bytes = try? handle.read(upToCount: 1 << 16) else { return nil }
        // A line cut at 64 KiB would read as a short record: up to the last line end only.
        if bytes.count == 1 << 16, let end = bytes.lastIndex(of: 0x0A) { bytes = bytes.prefix(through: end) }
        let copy = work.appendingPathComponent("header-\(UUID().uuidString).csv")
        guard (try? bytes.write(to: copy)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: copy) }
        return try? CSVReader(try UTF8Stream(copy, encoding: sample.encoding), delimiter: sample.delimiter, skipLines: sample.skipLines).columns
    }

    /// The header labels of a pattern's later workbook, its sheet of the first's name (else the one
    /// a recipe without `sheet:` reads) written out as CSV, read after as many lines as the first;
    /// nil when it cannot be read so.
    static func sheetHeader(of file: URL, sheet: String?, like sample: Sample, in work: URL) -> [String]? {
        let fetched = FetchedBody.unfetched(file, url: file.absoluteString)
        let folder = work.appendingPathComponent("sheet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
              let unpacked = try? ZipArchive.unpacked(fetched, member: nil, maxSize: 2_000_000_000, into: folder) else { return nil }
        var spec = SourceSpec(url: file.absoluteString)
        spec.sheet = sheet
        guard let converted = (try? Workbook.converted(unpacked, source: spec, into: folder))
                ?? (try? Workbook.converted(unpacked, source: SourceSpec(url: file.absoluteString), into: folder)) else { return nil }
        return try? CSVReader(try UTF8Stream(converted.file, encoding: .utf8), delimiter: UInt8(ascii: ","), skipLines: sample.skipLines).columns
    }

    /// `book.xlsx#Sheet` (or `.xls#`, `.ods#`): the workbook, and the sheet it names.
    public static func splitSheet(_ argument: String) -> (source: String, sheet: String?) {
        for suffix in [".xlsx#", ".xlsm#", ".xls#", ".ods#"] {
            guard let range = argument.range(of: suffix, options: [.caseInsensitive, .backwards]) else { continue }
            return (String(argument[..<argument.index(range.lowerBound, offsetBy: suffix.count - 1)]), String(argument[range.upperBound...]))
        }
        return (argument, nil)
    }

    static func format(of body: FetchedBody) throws -> SourceFormat {
        do {
            return try SourceOpener.inferFormat(body)
        } catch {
            // Objects one after another are NDJSON; one document is JSON, unless it is one object
            // holding no array of records (a single NDJSON line). A broken text is read as JSON,
            // whose sample says where it breaks.
            var first: [Any] = []
            try? JSONTree.read(body.file) { value in
                first.append(value)
                return first.count < 2
            }
            guard first.first is [String: Any] else { return .json }
            return first.count > 1 || Sample.findRecords(first[0], path: "", depth: 0) == nil ? .ndjson : .json
        }
    }

    /// Drops a sample's last, partial line (and any character cut in two with it).
    static func cutAtLastLine(_ file: URL) {
        guard let data = FileManager.default.contents(atPath: file.path), let last = data.lastIndex(of: 0x0A) else { return }
        try? data[..<(last + 1)].write(to: file)
    }

    /// A dataset id from a file or URL name: lower-case letters, digits and hyphens.
    static func identifier(from source: String) -> String {
        let name = URL(string: source)?.lastPathComponent ?? URL(fileURLWithPath: source).lastPathComponent
        var base = name
        while let dot = base.lastIndex(of: "."), base.distance(from: dot, to: base.endIndex) <= 8 { base = String(base[..<dot]) }
        let cleaned = DraftBuilder.ascii(base).lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let parts = cleaned.split(separator: "-").joined(separator: "-")
        let id = String(parts.prefix(64))
        return id.isEmpty ? "jeu-de-donnees" : id
    }

    /// `target` relative to `folder`, with `..` where needed.
    static func relativePath(from folder: URL, to target: URL) -> String {
        let base = folder.standardizedFileURL.pathComponents
        let path = target.standardizedFileURL.pathComponents
        var common = 0
        while common < min(base.count, path.count), base[common] == path[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        return (up + path[common...]).joined(separator: "/")
    }
}
