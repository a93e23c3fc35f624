import Foundation

/// Decides a fetched body's format and encoding and opens the matching record reader.
enum SourceOpener {
    /// A reader over `body`; for a paginated JSON source, over every page, fetched with `fetchPage` as needed.
    static func open(_ body: FetchedBody, url: String, recipe: Recipe,
                     fetchPage: @escaping (String) throws -> FetchedBody) throws -> any RecordReader {
        let reader = try openSource(body, url: url, recipe: recipe, fetchPage: fetchPage)
        guard let unpivot = recipe.source.unpivot else { return reader }
        return try UnpivotReader(reader, unpivot: unpivot, missingValues: recipe.source.missingValues)
    }

    /// A reader over the files a pattern matched (`SourceFiles`), one after the other; `prepare`
    /// takes a file out of its archive or workbook, as for a single source.
    static func open(files: [(name: String, body: FetchedBody)], url: String, recipe: Recipe,
                     prepare: @escaping (FetchedBody) throws -> FetchedBody) throws -> any RecordReader {
        func source(_ index: Int) throws -> any RecordReader {
            try openSource(try prepare(files[index].body), url: url, recipe: recipe) { _ in
                throw DecodeError("paginate does not apply to a source url with a pattern")
            }
        }
        let unpivot = recipe.source.unpivot
        // The labels the fields read from the source itself (not unpivot's name and value, which
        // every file's rows have, header or not, and so cannot tell a header from a record).
        let read = recipe.fields.filter { $0.column == nil && unpivot?.reads($0) != false }
            .map { (label: $0.from.trimmingCharacters(in: .whitespaces), reader: "field '\($0.name)'") }
        if let unpivot, unpivot.matching != nil {
            // columns_matching chooses each file's columns by its own header (a file a year, whose
            // columns carry its year): each file is turned on its own, then their rows combined.
            return try SourceFilesReader(names: files.map(\.name), needed: read, byLabel: recipe.source.header) { index in
                try UnpivotReader(try source(index), unpivot: unpivot, missingValues: recipe.source.missingValues)
            }
        }
        let listed = (unpivot?.columns ?? []).map { (label: $0.column.trimmingCharacters(in: .whitespaces), reader: "unpivot") }
        let reader = try SourceFilesReader(names: files.map(\.name), needed: read + listed, byLabel: recipe.source.header, open: source)
        guard let unpivot else { return reader }
        return try UnpivotReader(reader, unpivot: unpivot, missingValues: recipe.source.missingValues)
    }

    /// The reader of the source's own records.
    private static func openSource(_ body: FetchedBody, url: String, recipe: Recipe,
                                   fetchPage: @escaping (String) throws -> FetchedBody) throws -> any RecordReader {
        let source = recipe.source
        try refuseEmpty(body)
        let format = try source.format ?? inferFormat(body)
        if format.isSpreadsheet {
            // The sheet, written out as a UTF-8 CSV by `Workbook.converted`.
            guard body.sheet != nil else { throw DecodeError("the source is an Excel workbook that was not read as one; check source url and format") }
            return try CSVReader(try UTF8Stream(body.file, encoding: .utf8), delimiter: UInt8(ascii: ","), skipLines: source.skipLines,
                                 header: source.header)
        }
        if format != .csv {
            // Known only now for a source whose format comes from its content type or first byte.
            if let field = recipe.fields.first(where: { $0.column != nil }) {
                throw DecodeError("field '\(field.name)' reads column \(field.column!) by position, but the source is JSON, whose records are read by key; write from: with the key instead of column:")
            }
            if !source.header { throw DecodeError("the recipe says header: false, but the source is JSON, whose records name their values by key; remove header:") }
        }
        if let pagination = source.paginate, format != .csv {
            return try PagedRecordReader(first: body, url: url, columns: jsonColumns(recipe), recipe: recipe,
                                         lines: format == .ndjson, pagination: pagination, fetch: fetchPage)
        }
        let encoding: TextEncoding
        try refuseBinary(body, declared: source.encoding)
        if source.encoding == .auto {
            encoding = try TextEncoding.detect(body.file, announced: body.announcedEncoding)
        } else {
            encoding = try ChunkedFile.withFirstChunk(of: body.file, size: 4096) { prefix in
                try refuseMismatch(prefix, declared: source.encoding)
                return TextEncoding(source.encoding, bomPrefix: prefix)
            }
        }
        let stream = try UTF8Stream(body.file, encoding: encoding, detected: source.encoding == .auto)
        switch format {
        case .csv:
            return try CSVReader(stream, delimiter: source.delimiter, skipLines: source.skipLines, header: source.header)
        case .json, .ndjson, .xlsx, .ods, .xls:
            return try JSONRecordReader(stream, columns: jsonColumns(recipe), pointer: source.records, lines: format == .ndjson)
        }
    }

    /// NUL bytes in the first kilobytes, outside UTF-16, mean a binary file (an archive, a spreadsheet, a PDF).
    /// An empty body is most often an export that failed upstream: say so rather than "no header row".
    static func refuseEmpty(_ body: FetchedBody) throws {
        guard body.bytes == 0 else { return }
        throw DecodeError("the source is empty (0 bytes); the export that makes it may have failed: check it at its origin, then run again")
    }

    /// `advice` says what to do: the recipe's keys to check, or what `describe` reads.
    static func refuseBinary(_ body: FetchedBody, declared: SourceEncoding, advice: String = "check source url and format") throws {
        guard declared != .utf16 else { return }
        try ChunkedFile.withFirstChunk(of: body.file, size: 8192) { chunk in
            guard let chunk, TextEncoding.fromPrefix(chunk) != .utf16LE, TextEncoding.fromPrefix(chunk) != .utf16BE else { return }
            if chunk.contains(0) {
                let hint = chunk.starts(with: [0x50, 0x4B]) ? " (it starts like a ZIP archive or an .xlsx spreadsheet: export it as CSV)" : ""
                throw DecodeError("the source is not text: it holds NUL bytes\(hint); \(advice)")
            }
        }
    }

    /// A byte-order mark (or the zero bytes of UTF-16) that contradicts the recipe's encoding: the
    /// source would read as mojibake, or with a NUL between letters, and its columns not match.
    static func refuseMismatch(_ prefix: UnsafeBufferPointer<UInt8>?, declared: SourceEncoding) throws {
        guard let prefix, let announced = TextEncoding.fromPrefix(prefix) else { return }
        let name: String
        switch (announced, declared) {
        case (.utf16LE, .utf16), (.utf16BE, .utf16), (.utf8, .utf8): return
        case (.utf16LE, _), (.utf16BE, _): name = "utf-16"
        case (.utf8, _): name = "utf-8"
        default: return
        }
        let marked = [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]].contains { prefix.starts(with: $0) }
        let how = marked ? "it starts with a \(name.uppercased()) byte-order mark" : "every other byte is zero"
        throw DecodeError("the source is \(name.uppercased()) (\(how)), but the recipe says encoding: \(declared.rawValue); set source encoding: \(name), or auto", key: "encoding")
    }

    /// The columns a JSON reader picks: each field's `from`, once.
    static func jsonColumns(_ recipe: Recipe) -> [String] {
        var columns: [String] = []
        let unpivot = recipe.source.unpivot
        for field in recipe.fields where !columns.contains(field.from) && unpivot?.reads(field) != false { columns.append(field.from) }
        // An unpivoted source's records are read for the keys it turns into records as well.
        for (column, _) in unpivot?.columns ?? [] where !columns.contains(column) { columns.append(column) }
        return columns
    }

    /// The formats a source's name tells.
    static let formatsByExtension: [(suffix: String, format: SourceFormat)] = [
        (".csv", .csv), (".tsv", .csv), (".txt", .csv), (".json", .json), (".geojson", .json), (".ndjson", .ndjson), (".jsonl", .ndjson),
        (".xlsx", .xlsx), (".xlsm", .xlsx), (".ods", .ods), (".xls", .xls),
    ]

    /// From the URL's extension, then the content type, then the first byte.
    static func inferFormat(_ body: FetchedBody) throws -> SourceFormat {
        if body.sheet != nil { return body.workbookFormat ?? .xlsx }
        var path = body.member?.lowercased() ?? URL(string: body.finalURL)?.path.lowercased() ?? body.finalURL.lowercased()
        if path.hasSuffix(".gz") { path = String(path.dropLast(3)) }
        for (suffix, format) in formatsByExtension where path.hasSuffix(suffix) {
            return format
        }
        if let type = body.contentType?.lowercased(), !body.wasGzipFile, body.member == nil {
            if type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq") { return .ndjson }
            if type.contains("json") { return .json }
            if type.contains("csv") || type.contains("tab-separated") { return .csv }
        }
        let first = try ChunkedFile.withFirstChunk(of: body.file, size: 4096) { chunk in
            chunk?.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        }
        if first == UInt8(ascii: "[") { return .json }
        if first == UInt8(ascii: "{") {
            throw DecodeError("cannot tell whether the source is JSON or NDJSON; set source format: json (with records:) or format: ndjson")
        }
        return .csv
    }
}
