import Foundation

/// Entry points for `make fuzz`: each feeds arbitrary bytes to one reader of untrusted input and
/// must return (throwing is fine) without crashing, hanging or growing without bound.
public enum Fuzzing {
    /// The CSV decoder, with encoding detection and delimiter sniffing, over `data`.
    public static func csv(_ data: Data) {
        withFile(data) { url in
            guard let encoding = try? TextEncoding.detect(url), let stream = try? UTF8Stream(url, encoding: encoding, chunkSize: 64),
                  let reader = try? CSVReader(stream, delimiter: nil, skipLines: Int(data.first ?? 0) % 3,
                                                header: (data.first ?? 0) & 4 == 0) else { return }
            let row = RawRow()
            while (try? reader.next(into: row)) == true {}
            // The same records unpivoted: every other column of the header turned into records.
            guard let again = try? UTF8Stream(url, encoding: encoding, chunkSize: 64),
                  let inner = try? CSVReader(again, delimiter: nil, skipLines: 0), inner.columns.count > 1 else { return }
            let turned = inner.columns.indices.filter { $0 % 2 == 1 }.map { (inner.columns[$0], "y\($0)") }
            let unpivot = Unpivot(columns: turned, name: "\u{1}name", value: "\u{1}value", skipMissing: (data.first ?? 0) & 8 != 0)
            guard let reader = try? UnpivotReader(inner, unpivot: unpivot, missingValues: ["", "-"]) else { return }
            while (try? reader.next(into: row)) == true {}
            // The input as the first of two files, its second half as the next (its own header, in
            // another order or not), read as one source: the layout of a later file's records.
            let half = data.count / 2
            let second = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-\(getpid())-2.bin")
            guard (try? data[half...].write(to: second)) != nil,
                  let files = try? SourceFilesReader(names: ["a", "b"], needed: [], byLabel: true, open: { index in
                      try CSVReader(try UTF8Stream(index == 0 ? url : second, encoding: encoding, chunkSize: 64), delimiter: nil, skipLines: 0)
                  }) else { return }
            while (try? files.next(into: row)) == true {}
            // The two files each turned on its own (columns_matching: labels with a digit), then combined.
            var matching = Unpivot(columns: [], name: "\u{1}name", value: "\u{1}value", skipMissing: (data.first ?? 0) & 8 != 0)
            matching.matching = "^(.*[0-9].*)$"
            guard let turnedFiles = try? SourceFilesReader(names: ["a", "b"], needed: [], byLabel: true, open: { index in
                let csv = try CSVReader(try UTF8Stream(index == 0 ? url : second, encoding: encoding, chunkSize: 64), delimiter: nil, skipLines: 0)
                return try UnpivotReader(csv, unpivot: matching, missingValues: ["", "-"])
            }) else { return }
            while (try? turnedFiles.next(into: row)) == true {}
        }
    }

    /// The JSON and NDJSON decoders over `data`.
    public static func json(_ data: Data) {
        withFile(data) { url in
            // Columns read whole, and inside records: a key, an array's item, a place read twice.
            let columns = ["a", "b", "/b/0", "/b/c/d", "/a"]
            for (pointer, lines) in [(nil, false), ("/data", false), (nil, true)] as [(String?, Bool)] {
                guard let stream = try? UTF8Stream(url, encoding: .utf8, chunkSize: 64),
                      let reader = try? JSONRecordReader(stream, columns: columns, pointer: pointer, lines: lines) else { continue }
                let row = RawRow()
                while (try? reader.next(into: row)) == true {}
            }
        }
    }

    /// describe's JSON reader over `data`.
    public static func jsonTree(_ data: Data) {
        withFile(data) { url in _ = try? JSONTree.values(in: url, limit: 100) }
    }

    /// The ZIP reader over `data` as an archive: its directory, the member chosen, taken out.
    public static func zip(_ data: Data) {
        withFile(data) { url in
            let body = FetchedBody(file: url, bytes: Int64(data.count), status: 0, contentType: nil, finalURL: url.absoluteString,
                                   etag: nil, lastModified: nil, fingerprint: "", wasGzipFile: false)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-zip-\(getpid())")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let unpacked = try? ZipArchive.unpacked(body, member: nil, maxSize: 1 << 22, into: folder) {
                if unpacked.file != url { try? FileManager.default.removeItem(at: unpacked.file) }
                // An archive that is a workbook: its first sheet, written out as CSV.
                if let sheet = try? Workbook.converted(unpacked, source: SourceSpec(url: url.absoluteString), into: folder), sheet.file != url {
                    try? FileManager.default.removeItem(at: sheet.file)
                }
            }
        }
    }

    /// A workbook's sheet writer (and its XML scanner) over `data` as a worksheet's XML, with a few
    /// shared strings and a style of each kind.
    public static func sheet(_ data: Data) {
        var strings = Workbook.SharedStrings()
        for text in ["Commune", "Bouaké", "a,\"b\"\n_x000D_"] {
            strings.buffer.append(contentsOf: text.utf8)
            strings.close()
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-sheet-\(getpid()).csv")
        data.withUnsafeBytes { raw in
            let writer = SheetWriter(bytes: raw.bindMemory(to: UInt8.self), strings: strings, styles: [.number, .date, .dateTime, .time],
                                     date1904: data.first == 0x3C, decimal: UInt8(ascii: ","), sheet: "fuzz", maxSize: 1 << 24)
            _ = try? writer.write(to: output)
        }
        try? FileManager.default.removeItem(at: output)
    }

    /// An OpenDocument spreadsheet's table writer (and its XML scanner) over `data` as a
    /// `content.xml`: its first table, written out as CSV.
    public static func openDocument(_ data: Data) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-ods-\(getpid()).csv")
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let tables = try? OpenDocumentSheet.tables(bytes) else { return }
            let writer = OpenDocumentSheet(bytes: bytes, sheet: tables.first?.name ?? "Services", decimal: UInt8(ascii: ","), maxSize: 1 << 24)
            _ = try? writer.write(to: output)
        }
        try? FileManager.default.removeItem(at: output)
    }

    /// The Excel 97–2003 readers over `data`: as a compound file (and, when it holds a Workbook
    /// stream, its BIFF8 records), and as a Workbook stream itself; each sheet written out as CSV.
    public static func legacyWorkbook(_ data: Data) {
        let damaged = DecodeError("damaged")
        var streams = [Array(data)]
        if let file = try? CompoundFile(Array(data)), let stream = try? file.stream(named: "Workbook") { streams.append(stream) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-xls-\(getpid()).csv")
        for stream in streams {
            guard let globals = try? LegacyWorkbook.globals(stream, damaged: damaged) else { continue }
            for (sheet, offset) in globals.sheets.prefix(4) {
                let writer = LegacySheetWriter(stream: stream, offset: offset, globals: globals, decimal: UInt8(ascii: ","), sheet: sheet.name, maxSize: 1 << 24)
                _ = try? writer.write(to: output, damaged: damaged)
            }
        }
        try? FileManager.default.removeItem(at: output)
    }

    /// Casting a cell (valid UTF-8, as the reader hands it on) to every type, month names,
    /// Arabic-script numerals and whole JSON numbers included; redaction, and the double-encoding
    /// check, of the same text.
    public static func cast(_ data: Data) {
        guard let text = String(validating: data, as: UTF8.self) else { return }
        let bytes = Array(text.utf8)
        let out = ByteBuffer(), scratch = ByteBuffer()
        bytes.withUnsafeBufferPointer { cell in
            let cell = Shaper.trimmed(cell)
            for caster in casters {
                out.reset()
                if caster.cast(cell, into: out) == nil { _ = caster.castArabic(cell, into: out, scratch: scratch) }
            }
            out.reset()
            _ = CellCaster.integralNumber(cell, into: out)
            _ = DoubleEncoding.occur(in: cell)
            if let redactor { redactor.redact(cell, into: out) }
        }
        _ = ArabicNumerals.western(text)
        _ = Redactor.isPhoneNumber(text)
    }

    nonisolated(unsafe) private static let casters: [CellCaster] = {
        let specs: [(FieldType, String?, Bool)] = [
            (.integer, nil, true), (.number, nil, true), (.number, nil, false), (.year, nil, true), (.boolean, nil, true),
            (.date, "%d %B %Y", true), (.date, "%d-%b-%y", true), (.date, "%d/%m/%y", true), (.datetime, nil, true),
            (.datetime, "%m/%d/%Y %I:%M:%S %p", true), (.datetime, "%d/%m/%Y %H:%M:%S.%f%z", true), (.datetime, "%s", true), (.date, "%s", true),
            (.yearmonth, nil, true), (.yearmonth, "%B %Y", true),
        ]
        return specs.compactMap { type, format, bare in try? CellCaster(type: type, format: format, decimal: UInt8(ascii: ","), thousands: " ", bareNumber: bare) }
    }()
    private static let redactor = try? Redactor(kinds: ["email", "phone", "iban"], patterns: ["dossier [a-z]+"])

    /// The recipe loader over `data` as a recipe file.
    public static func recipe(_ data: Data) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("fuzz.yml")
        try? data.write(to: file)
        _ = RecipeLoader.load(file, displayPath: "fuzz.yml", catalog: nil)
        _ = CatalogLoader.load(file, displayPath: "catalog.yml")
    }

    private static func withFile(_ data: Data, _ body: (URL) -> Void) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosque-fuzz-\(getpid()).bin")
        guard (try? data.write(to: url)) != nil else { return }
        body(url)
    }
}
