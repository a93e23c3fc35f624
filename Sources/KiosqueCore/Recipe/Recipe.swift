import Foundation

/// One dataset's recipe (format v1), as read from `Pipelines/<id>.yml`.
public struct Recipe: Sendable {
    public var id: String
    /// The file the recipe was read from; relative source paths resolve against its folder.
    public var file: URL
    public var title: LocalizedText
    public var description: LocalizedText?
    /// Words for search, by language (a plain list is in the catalogue's first language).
    public var keywords: LocalizedList
    public var themes: [String]
    public var license: String?
    public var publisher: String?
    public var frequency: Frequency?
    /// The IRIs of the places the dataset covers (`dct:spatial`); nil: the catalogue's.
    public var spatial: [String]?
    public var source: SourceSpec
    public var fields: [FieldSpec]
    public var primaryKey: [String]
    public var privacy: PrivacySpec?
    public var validation: ValidationPolicy
    public var publish: PublishSpec
    /// The file's text as it was read, for what must follow exactly the recipe that was loaded.
    public var fileText = ""

    /// The fields that reach published files, in order.
    public var publishedFields: [FieldSpec] { fields.filter { !$0.isDropped } }
}

public enum SourceFormat: String, Sendable, CaseIterable {
    /// `xlsx`: an Excel workbook, one sheet of which is read as a CSV export (see `Workbook`);
    /// `ods`: an OpenDocument spreadsheet, and `xls`: an Excel 97–2003 workbook, read the same way
    /// (see `OpenDocument`, `LegacyWorkbook`).
    case csv, json, ndjson, xlsx, ods, xls

    /// A workbook of sheets (Excel or OpenDocument), one of which is read as CSV.
    public var isSpreadsheet: Bool { self == .xlsx || self == .ods || self == .xls }
}

public enum SourceEncoding: String, Sendable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    /// Arabic Windows (Maghreb and Middle East exports from Excel and older systems).
    case windows1256 = "windows-1256"
    case iso88591 = "iso-8859-1"
    /// Latin-9: ISO-8859-1 with `€`, `œ`, `Œ`, `Š`, `Ž`, `Ÿ` (Unix systems and LATIN9 databases of the 2000s).
    case iso885915 = "iso-8859-15"
    /// DOS Latin-1 (IBM code page 850): exports of MS-DOS programs, mainframe and AS/400 extractions.
    case cp850
    case utf16 = "utf-16"
}

public struct SourceSpec: Sendable {
    /// As written in the recipe: a URL or a path relative to the recipe.
    public var url: String
    /// Where `url` is written, for problems found after loading.
    public var urlSpot: SourceSpot?
    /// The sheet of an .xlsx workbook to read (default: the first that is not hidden).
    public var sheet: String?
    /// Where `headers` and `ca_file` are written, for check's warnings about them.
    public var headersSpot: SourceSpot?
    public var caFileSpot: SourceSpot?
    public var encodingSpot: SourceSpot?
    public var format: SourceFormat?
    public var encoding: SourceEncoding = .auto
    /// nil means sniff it.
    public var delimiter: UInt8?
    public var decimal: UInt8 = UInt8(ascii: ".")
    public var thousands: String?
    public var skipLines: Int = 0
    /// false (`header: false`): the first line after `skip_lines` is a record, not labels; every
    /// field then reads its column by position (`column:`).
    public var header = true
    public var records: String?
    /// The file to read inside a ZIP archive, when it holds several.
    public var member: String?
    /// Header values may hold `${env:NAME}`, resolved at fetch time.
    public var headers: [(name: String, value: String)] = []
    public var missingValues: [String] = [""]
    public var timeout: Double = 60
    public var connectTimeout: Double = 30
    public var retries: Int = 3
    public var maxSize: Int64 = 2_000_000_000
    public var caFile: String?
    /// `ca_file`'s file: an absolute path, or one relative to the recipe's folder.
    func caFileURL(recipeFolder: URL) -> URL? {
        caFile.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : recipeFolder.appendingPathComponent($0) }
    }
    public var paginate: Pagination?
    /// The format the recipe gives, or else the one the url's extension names (after any `.gz`);
    /// nil when neither says (the content type or the first byte will, at run time).
    var namedFormat: SourceFormat? {
        if let format { return format }
        var path = (URL(string: url)?.path ?? url).lowercased()
        if path.hasSuffix(".gz") { path.removeLast(3) }
        return SourceOpener.formatsByExtension.first { path.hasSuffix($0.suffix) }?.format
    }
    /// The most pages a paginated source may have; past it the dataset fails.
    public var maxPages: Int = 1000
    /// A wide table read as a long one (`unpivot:`): nil for most sources.
    public var unpivot: Unpivot?
    public var unpivotSpot: SourceSpot?
    /// Whether `url` names files by a pattern (`sources/naissances/*.csv`): see `SourceFiles`.
    var isFilePattern: Bool { SourceFiles.isPattern(url) }
}

public enum Pagination: Sendable, Equatable {
    /// Follow the URL at this JSON pointer until it is absent.
    case next(pointer: String)
    /// Increase a query parameter from `start` until a page comes back empty.
    case parameter(name: String, start: Int, sizeParameter: String?, size: Int?)
    /// Set a query parameter to the number of records read so far, from `start`, until a page
    /// comes back empty (`offset`, `$skip`, `start`: APIs that count records, not pages).
    case offset(name: String, start: Int, sizeParameter: String?, size: Int?)
}

extension Pagination {
    /// Query parameters that APIs use for a number of records to skip (OpenDataSoft and most REST
    /// APIs, OData, Solr, Elasticsearch), not for a page number; lower-case.
    static let offsetNames: Set<String> = ["offset", "$offset", "skip", "$skip", "start", "from", "startindex", "start_index"]
    /// Query parameters that APIs use for a page number; lower-case.
    static let pageNames: Set<String> = ["page", "$page", "page_number", "pagenumber", "page_no"]
    /// Query parameters that APIs use for the size of a page; lower-case.
    static let sizeNames: Set<String> = ["limit", "$top", "rows", "size", "per_page", "perpage", "page_size", "pagesize", "count", "$limit"]

    /// The pagination a URL's own query suggests (`?offset=0&limit=100`, `?page=1&per_page=50`):
    /// a parameter with a number that counts records or pages, and the page size beside it.
    static func suggested(by url: String) -> Pagination? {
        guard let items = URLComponents(string: url)?.queryItems else { return nil }
        func number(_ names: Set<String>) -> (String, Int)? {
            items.lazy.compactMap { item in
                guard names.contains(item.name.lowercased()), let value = item.value.flatMap({ Int($0) }), value >= 0 else { return nil }
                return (item.name, value)
            }.first
        }
        let size = number(sizeNames).flatMap { $0.1 > 0 ? $0 : nil }
        if let (name, start) = number(offsetNames) {
            return .offset(name: name, start: start, sizeParameter: size?.0, size: size?.1)
        }
        if let (name, start) = number(pageNames) {
            return .parameter(name: name, start: start, sizeParameter: size?.0, size: size?.1)
        }
        return nil
    }

    /// The query parameter set on each request, its first value and the page size sent with it;
    /// nil when pages are followed by their links.
    var query: (name: String, start: Int, sizeParameter: String?, size: Int?)? {
        switch self {
        case .next: nil
        case .parameter(let name, let start, let sizeParameter, let size), .offset(let name, let start, let sizeParameter, let size):
            (name, start, sizeParameter, size)
        }
    }
}

public enum FieldType: String, Sendable, CaseIterable {
    case string, integer, number, boolean, date, datetime, year
    /// A month of a year, published `2024-03` (Table Schema `yearmonth`): monthly figures.
    case yearmonth

    /// The type a steward most likely means by another tool's name for it (SQL, Python, a
    /// spreadsheet, or French), for the error's suggestion: `text` and `varchar` are `string`,
    /// `float` and `decimal` are `number`, `entier` is `integer`.
    static func synonym(_ word: String) -> FieldType? {
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
        switch folded.prefix(while: { $0.isLetter }) {
        case "text", "texte", "str", "varchar", "nvarchar", "char", "character", "chaine", "keyword", "categorical", "category":
            return .string
        case "int", "entier", "bigint", "smallint", "tinyint", "long", "short", "serial": return .integer
        case "float", "double", "decimal", "numeric", "real", "nombre", "reel", "numerique", "currency", "money": return .number
        case "bool", "booleen", "logical", "logique", "bit": return .boolean
        case "timestamp", "timestamptz", "horodatage": return .datetime
        case "annee": return .year
        case "mois", "month", "periode", "period": return .yearmonth
        default: return nil
        }
    }
}

public struct FieldSpec: Sendable {
    public var name: String
    /// The source column (CSV header label or JSON key).
    public var from: String
    /// The source column by its position, from 1 (`column: 3`), for CSV and workbook sources:
    /// instead of `from`, for exports without a header row or with two columns under one label.
    public var column: Int?
    public var type: FieldType = .string
    public var format: String?
    /// false (`bare_number: false`): text around a number, a unit or a word, is left out.
    public var bareNumber = true
    public var description: LocalizedText?
    public var required = false
    public var unique = false
    public var enumValues: [String]?
    /// Each value's label, in the order of `enumValues`, when the recipe gives them
    /// (`enum: {F: Féminin, M: Masculin}`).
    public var enumLabels: [LocalizedText]?
    public var pattern: String?
    public var minimum: String?
    public var maximum: String?
    public var minLength: Int?
    public var maxLength: Int?
    public var anonymise: AnonymiseOperator?
    /// `personal: true` (it must have an operator) or `false` (reviewed: not personal); nil when not said.
    public var personalFlag: Bool?
    /// Where the field and its `anonymise:` are written, for problems found after loading.
    public var spot: SourceSpot?
    public var anonymiseSpot: SourceSpot?

    public var personal: Bool { personalFlag == true }

    public var isDropped: Bool { anonymise == .drop }
    /// What the field reads, for messages: `column 3` or `'Nom'`.
    public var place: String { column.map { "column \($0)" } ?? "'\(from)'" }
    /// Whether the field hides its source values in the published file (drop, pseudonymise,
    /// mask, redact), so that no other field may publish them as they are.
    var hidesSourceValues: Bool {
        switch anonymise {
        case .drop, .pseudonymise, .mask, .redact: true
        default: false
        }
    }
    /// Whether the field's source values must never be shown: in reports, logs or errors.
    public var isSensitive: Bool { personal || anonymise != nil }
}

public enum AnonymiseOperator: Sendable, Equatable {
    case drop
    /// `keyID`: the identifier of the key the recipe pins (`PrivacyKeys.identifier`), when it names one.
    case pseudonymise(key: String, length: Int, keyID: String?)
    case mask(keepFirst: Int, keepLast: Int, character: String)
    case generaliseDate(DateGranularity)
    case generaliseBands([Double])
    case generalisePrefix(Int)
    case round(Double)
    case redact(kinds: [String], patterns: [String])

    public enum DateGranularity: String, Sendable { case year, month }

    public var name: String {
        switch self {
        case .drop: "drop"
        case .pseudonymise: "pseudonymise"
        case .mask: "mask"
        case .generaliseDate, .generaliseBands, .generalisePrefix: "generalise"
        case .round: "round"
        case .redact: "redact"
        }
    }
}

public struct PrivacySpec: Sendable {
    public var k: Int
    public var quasiIdentifiers: [String]
}

public enum InvalidRowPolicy: String, Sendable { case skip, fail }

/// A limit given as a count of rows or a fraction of them.
public enum RowLimit: Sendable, Equatable {
    case count(Int)
    case fraction(Double)

    /// Whether `value` rows out of `total` stay within the limit.
    public func allows(_ value: Int, of total: Int) -> Bool {
        switch self {
        case .count(let limit): value <= limit
        case .fraction(let limit): total == 0 || Double(value) <= limit * Double(total)
        }
    }
}

public struct ValidationPolicy: Sendable {
    public var invalidRows: InvalidRowPolicy = .skip
    public var maxInvalid: RowLimit?
    /// Refuse a version with fewer rows than (1 - this) of the previous one.
    public var maxRowDrop: Double?
}

public enum PublishFormat: String, Sendable, CaseIterable {
    case csv, json, ndjson
    case csvGzip = "csv.gz"
    case jsonGzip = "json.gz"
    /// An Excel workbook, beyond DESIGN's formats: for reusers who open data in a spreadsheet.
    case xlsx

    public var mediaType: String {
        switch self {
        case .csv: "text/csv"
        case .json: "application/json"
        case .ndjson: "application/x-ndjson"
        case .csvGzip, .jsonGzip: "application/gzip"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    var isGzip: Bool { self == .csvGzip || self == .jsonGzip }
}

public struct PublishSpec: Sendable {
    public var formats: [PublishFormat] = [.csv, .json]
    public var keepVersions: Int?
}
